//! Properties that must hold for any input: numerals round-trip, parsers never panic, and
//! output never carries a raw control character.

use fatiao::corpus::{Corpus, Sources};
use fatiao::search::{Filter, Index};
use proptest::prelude::*;
use std::sync::OnceLock;

fn corpus() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(|| Corpus::load(&Sources::default()).unwrap())
}

/// Strings mixing CJK, numerals, citation markers, Latin, digits, punctuation and control
/// characters: the shapes that exercise the parsers.
fn hostile() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("第".to_string()),
        Just("条".to_string()),
        Just("款".to_string()),
        Just("之一".to_string()),
        Just("治安法".to_string()),
        Just("刑法".to_string()),
        Just("psapl".to_string()),
        Just("(2012)".to_string()),
        Just("原".to_string()),
        Just("一百零三".to_string()),
        Just("十".to_string()),
        Just("９７".to_string()),
        Just("\u{1b}[31m".to_string()),
        Just("\u{0}".to_string()),
        Just("\u{202e}".to_string()),
        "[a-z]{0,6}",
        "[0-9]{0,5}",
        "\\PC{0,4}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.join(""))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn numerals_round_trip(n in 1u32..=9999) {
        let zh = fatiao::numerals::to_chinese(n);
        prop_assert_eq!(fatiao::numerals::from_chinese(&zh), Some(n));
    }

    #[test]
    fn numeral_parser_never_panics(s in "\\PC{0,12}") {
        let _ = fatiao::numerals::from_chinese(&s);
    }

    #[test]
    fn citation_and_search_never_panic(q in hostile()) {
        let c = corpus();
        let _ = fatiao::citation::parse(c, &q);
        let idx = Index::new(c);
        let out = idx.search(&q, &Filter { limit: 5, ..Default::default() });
        prop_assert!(out.hits.len() <= 5);
    }

    #[test]
    fn official_text_parser_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400), s in hostile()) {
        let _ = fatiao::official::parse(&bytes);
        let _ = fatiao::official::parse(format!("中华人民共和国测试法\n第一条　{s}\n").as_bytes());
    }

    #[test]
    fn statute_loader_never_panics(s in hostile(), field in "[a-z_]{1,10}") {
        let src = format!("schema = 1\n[statute]\nid = \"{field}\"\ntitle_zh = \"{}\"\n", s.replace('"', "'").replace('\\', "/"));
        let _ = fatiao::schema::parse_statute("fuzz.toml", &src);
        let _ = fatiao::schema::parse_statute("fuzz.toml", &s);
    }

    #[test]
    fn output_never_contains_raw_control_characters(q in hostile()) {
        let cli = fatiao::cli::Cli::parse_args(
            ["fatiao", "--color", "never", "--lang", "both", "-n", "3", "--", q.as_str()],
        );
        if let Ok(cli) = cli {
            let mut out = Vec::new();
            let mut err = Vec::new();
            let code = fatiao::app::run(cli, &mut out, &mut err);
            prop_assert!(matches!(code, 0..=2));
            for b in [&out, &err] {
                let text = String::from_utf8_lossy(b);
                prop_assert!(
                    !text.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
                    "control character in {:?}", text
                );
            }
        }
    }
}
