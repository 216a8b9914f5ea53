//! Any query: citation parsing, search and rendering must not panic.
#![no_main]
use fatiao::corpus::{Corpus, Sources};
use fatiao::search::{Filter, Index};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static CORPUS: OnceLock<Corpus> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(q) = std::str::from_utf8(data) else { return };
    let c = CORPUS.get_or_init(|| Corpus::load(&Sources::default()).unwrap());
    let _ = fatiao::citation::parse(c, q);
    let _ = fatiao::numerals::from_chinese(q);
    let idx = Index::new(c);
    let _ = idx.search(q, &Filter { limit: 3, ..Default::default() });
});
