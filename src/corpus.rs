//! Loading statute files (embedded and the user's own) into a validated corpus.
//!
//! Every file goes through the same validation, and every problem is reported with the file,
//! line and column it comes from, so an instructor can fix a broken local file.

use crate::model::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use crate::schema::{DataError, line_col, parse_statute};

/// The embedded statutes, validated and compiled by build.rs (each statute's articles stay
/// encoded until used)...
pub const EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/statutes.bin"));
/// The version mappings (statutes/mappings), checked by build.rs.
const MAPPINGS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/mappings.rs"));

/// ...and their search keys, used in place.
fn embedded_keys() -> crate::index::Keys {
    use std::borrow::Cow::Borrowed;
    macro_rules! out {
        ($f:literal) => {
            concat!(env!("OUT_DIR"), "/", $f)
        };
    }
    crate::index::Keys {
        text: Borrowed(include_bytes!(out!("keys_text.txt"))),
        py: Borrowed(include_bytes!(out!("keys_py.txt"))),
        ini: Borrowed(include_bytes!(out!("keys_ini.txt"))),
        vocab: Borrowed(include_str!(out!("keys_vocab.txt"))),
        syllables: Borrowed(include_str!(out!("keys_syllables.txt"))),
        fields: Borrowed(include_bytes!(out!("keys_fields.bin"))),
        docs: Borrowed(include_bytes!(out!("keys_docs.bin"))),
    }
}

/// All statutes held, with the warnings produced while loading user files.
#[derive(Debug, Default)]
pub struct Corpus {
    pub statutes: Vec<Statute>,
    /// Problems in user files; those files were skipped.
    pub warnings: Vec<DataError>,
    /// Correspondences between versions of a statute.
    /// Parsed on first use (build.rs has validated them).
    mappings: std::sync::OnceLock<Vec<crate::history::Mapping>>,
    embedded: bool,
    /// Search keys computed at build time, for the first `keys_cover` statutes.
    pub keys: crate::index::Keys,
    pub keys_cover: usize,
    /// Search keys of the user's statutes (those after `keys_cover`), when read from the cache.
    pub extra_keys: Option<crate::index::Keys>,
}

/// The user's statute directories, compiled: reused while no file in them changes.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
struct UserCache {
    statutes: Vec<Statute>,
    warnings: Vec<DataError>,
}

/// The cache file: magic, fingerprint, the length of the encoded `UserCache`, that, then the
/// keys blob. It is mapped into memory and used in place, like the embedded data.
const CACHE_MAGIC: &[u8; 8] = b"FATIAO2\0";

fn read_cache(path: &Path, fp: u64) -> Option<(UserCache, crate::index::Keys)> {
    let file = std::fs::File::open(path).ok()?;
    // SAFETY: the cache is written whole to a temporary file and renamed into place, never
    // modified in place; a mapping therefore sees a complete, unchanging file.
    let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    // The process is short-lived and the corpus borrows from the mapping until it ends.
    let b: &'static [u8] = Box::leak(Box::new(map));
    if b.get(..8)? != CACHE_MAGIC || u64::from_le_bytes(b.get(8..16)?.try_into().ok()?) != fp {
        return None;
    }
    let n = u64::from_le_bytes(b.get(16..24)?.try_into().ok()?) as usize;
    let cache: UserCache = postcard::from_bytes(b.get(24..24 + n)?).ok()?;
    let keys = crate::index::from_blob(b.get(24 + n..)?)?;
    Some((cache, keys))
}

fn write_cache(path: &Path, fp: u64, cache: &UserCache, keys: &crate::index::Keys) {
    let Ok(body) = postcard::to_allocvec(cache) else {
        return;
    };
    let mut out = Vec::with_capacity(body.len() + 64);
    out.extend_from_slice(CACHE_MAGIC);
    out.extend_from_slice(&fp.to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&body);
    out.extend_from_slice(&crate::index::to_blob(keys));
    // The cache is only an optimisation: a failure to write it is ignored, and it is written to
    // a temporary file first so a reader never sees half of it.
    if let Some(dir) = path.parent()
        && std::fs::create_dir_all(dir).is_ok()
    {
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        if std::fs::write(&tmp, out).is_ok() {
            let _ = std::fs::rename(&tmp, path);
        }
    }
}

/// A hash of what the compiled user statutes depend on: this build of fatiao and the name,
/// size and modification time of every file in the directories.
fn fingerprint(dirs: &[PathBuf]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    EMBEDDED.len().hash(&mut h);
    for d in dirs {
        d.hash(&mut h);
        let mut entries: Vec<_> = std::fs::read_dir(d)
            .map(|rd| rd.filter_map(|e| e.ok()).collect())
            .unwrap_or_default();
        entries.sort_by_key(|e| e.path());
        for e in entries {
            e.path().hash(&mut h);
            if let Ok(m) = e.metadata() {
                m.len().hash(&mut h);
                m.modified().ok().hash(&mut h);
            }
        }
    }
    h.finish()
}

fn cache_path(dirs: &[PathBuf]) -> Option<PathBuf> {
    if dirs.is_empty() || std::env::var_os("FATIAO_NO_CACHE").is_some() {
        return None;
    }
    let base = match std::env::var_os("FATIAO_CACHE").filter(|v| !v.is_empty()) {
        Some(p) => PathBuf::from(p),
        None => directories::ProjectDirs::from("", "", "fatiao")?
            .cache_dir()
            .to_path_buf(),
    };
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    dirs.hash(&mut h);
    Some(base.join(format!("user-{:016x}.bin", h.finish())))
}

/// Where statute files come from, besides the embedded ones.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    pub dirs: Vec<PathBuf>,
    /// Leave out the embedded statutes (tests, and users who want only their own).
    pub no_embedded: bool,
}

impl Corpus {
    /// Loads the embedded statutes and every `*.toml` in the user's directories. An embedded
    /// statute that fails validation is a build bug and is reported as an error; a broken user
    /// file is skipped with a warning so the rest still works.
    pub fn load(sources: &Sources) -> Result<Corpus, Vec<DataError>> {
        let mut statutes = vec![];
        let mut keys = crate::index::Keys::default();
        if !sources.no_embedded {
            // Validated by build.rs with the same rules as user files; a decoding failure here
            // would mean a broken build, not bad data.
            statutes = postcard::from_bytes(EMBEDDED).expect("embedded statutes decode");
            keys = embedded_keys();
        }
        let embedded_count = statutes.len();
        let cache = cache_path(&sources.dirs);
        let fp = if cache.is_some() {
            fingerprint(&sources.dirs)
        } else {
            0
        };
        let cached = cache.as_ref().and_then(|p| read_cache(p, fp));
        let mut corpus = Corpus {
            statutes,
            warnings: vec![],
            mappings: Default::default(),
            embedded: !sources.no_embedded,
            keys,
            keys_cover: embedded_count,
            extra_keys: None,
        };
        match cached {
            Some((c, keys)) => {
                corpus.statutes.extend(c.statutes);
                corpus.warnings = c.warnings;
                corpus.extra_keys = Some(keys);
            }
            None => {
                for dir in &sources.dirs {
                    load_dir(dir, &mut corpus.statutes, &mut corpus.warnings);
                }
                corpus.check_cross(embedded_count);
                if corpus.statutes.len() > embedded_count {
                    let keys =
                        crate::index::build(&corpus.statutes[embedded_count..], embedded_count);
                    if let Some(p) = &cache {
                        let c = UserCache {
                            statutes: corpus.statutes[embedded_count..].to_vec(),
                            warnings: corpus.warnings.clone(),
                        };
                        write_cache(p, fp, &c, &keys);
                    }
                    corpus.extra_keys = Some(keys);
                }
            }
        }
        Ok(corpus)
    }

    /// Builds a corpus from in-memory files (for tests and `verify` of single files).
    pub fn from_sources(files: &[(&str, &str)]) -> Result<Corpus, Vec<DataError>> {
        let mut statutes = vec![];
        let mut errors = vec![];
        for (name, src) in files {
            match parse_statute(name, src) {
                Ok(s) => statutes.push(s),
                Err(e) => errors.extend(e),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut c = Corpus {
            statutes,
            warnings: vec![],
            mappings: Default::default(),
            embedded: false,
            keys: Default::default(),
            keys_cover: 0,
            extra_keys: None,
        };
        // Nothing here is trusted: every reference is checked.
        c.check_cross(0);
        if !c.warnings.is_empty() {
            return Err(c.warnings);
        }
        Ok(c)
    }

    /// Checks what spans files: unique ids and see-also targets. A user statute that clashes or
    /// points nowhere is dropped with a warning; the first `trusted` statutes (embedded) are kept.
    fn check_cross(&mut self, trusted: usize) {
        let mut keep = vec![true; self.statutes.len()];
        let mut ids: HashMap<String, usize> = HashMap::new();
        for (i, s) in self.statutes.iter().enumerate() {
            if let Some(&j) = ids.get(&s.id) {
                keep[i.max(j)] = false;
                let (src, file) = (&self.statutes[i.max(j)], &self.statutes[i.min(j)].source);
                self.warnings.push(DataError {
                    file: src.source.clone(),
                    line: 1,
                    column: 1,
                    message: format!(
                        "statute id {:?} is already used by {file}; file skipped",
                        src.id
                    ),
                });
            } else {
                ids.insert(s.id.clone(), i);
            }
        }
        let kept: Vec<bool> = keep.clone();
        let bad = crate::schema::see_also_problems(&self.statutes, trusted, &kept);
        for (i, msg) in bad {
            if i >= trusted {
                keep[i] = false;
            }
            let file = self.statutes[i].source.clone();
            self.warnings.push(DataError {
                file,
                line: 1,
                column: 1,
                message: if i >= trusted {
                    format!("{msg}; file skipped")
                } else {
                    msg
                },
            });
        }
        let mut i = 0;
        self.statutes.retain(|_| {
            i += 1;
            keep[i - 1]
        });
    }

    /// The version mappings between statutes held.
    pub fn mappings(&self) -> &[crate::history::Mapping] {
        self.mappings.get_or_init(|| {
            if !self.embedded {
                return vec![];
            }
            MAPPINGS
                .iter()
                .filter_map(|(name, src)| {
                    let totals = |id: &str| self.statute(id).map(|s| s.articles_total);
                    crate::history::parse(&format!("statutes/mappings/{name}"), src, &totals).ok()
                })
                .collect()
        })
    }

    /// The mapping that leads from statute `old` to a newer version, if any.
    pub fn mapping_from(&self, old: &str) -> Option<&crate::history::Mapping> {
        self.mappings().iter().find(|m| m.old == old)
    }

    /// The mapping that leads into statute `new` from an older version, if any.
    pub fn mapping_to(&self, new: &str) -> Option<&crate::history::Mapping> {
        self.mappings().iter().find(|m| m.new == new)
    }

    pub fn statute(&self, id: &str) -> Option<&Statute> {
        self.statutes.iter().find(|s| s.id == id)
    }

    pub fn provision(&self, r: &ProvisionRef) -> Option<(&Statute, &Article)> {
        let s = self.statute(&r.law)?;
        Some((s, s.article(r.article)?))
    }

    pub fn all_articles(&self) -> impl Iterator<Item = (&Statute, &Article)> {
        self.statutes
            .iter()
            .flat_map(|s| s.articles.iter().map(move |a| (s, a)))
    }
}

fn load_dir(dir: &Path, statutes: &mut Vec<Statute>, warnings: &mut Vec<DataError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            warnings.push(DataError {
                file: dir.display().to_string(),
                line: 0,
                column: 0,
                message: format!("cannot read statute directory: {e}"),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    for p in paths {
        let name = p.display().to_string();
        let src = match std::fs::read(&p) {
            Ok(b) => match String::from_utf8(b) {
                Ok(s) => s,
                Err(_) => {
                    warnings.push(DataError {
                        file: name,
                        line: 0,
                        column: 0,
                        message: "not UTF-8 text; file skipped".into(),
                    });
                    continue;
                }
            },
            Err(e) => {
                warnings.push(DataError {
                    file: name,
                    line: 0,
                    column: 0,
                    message: format!("cannot read: {e}; file skipped"),
                });
                continue;
            }
        };
        match parse_statute(&name, src.trim_start_matches('\u{feff}')) {
            Ok(s) => statutes.push(s),
            Err(errs) => {
                let n = errs.len();
                for (k, mut e) in errs.into_iter().enumerate() {
                    if k + 1 == n {
                        e.message.push_str("; file skipped");
                    }
                    warnings.push(e);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = r#"schema = 1
[statute]
id = "t"
title_zh = "测试法"
title_en = "Test Law"
short_zh = "测试法"
short_en = "Test Law"
kind = "law"
issuer = "x"
version = "2020-01-01"
version_zh = "2020年"
version_en = "2020"
status = "in-force"
articles_total = 2

[[article]]
number = 1
title_zh = "甲"
title_en = "A"
summary_zh = "甲。"
summary_en = "A."
tags = ["right"]
anchors = ["甲"]
"#;

    #[test]
    fn a_valid_file_loads() {
        let s = parse_statute("t.toml", MINI).unwrap();
        assert_eq!(s.articles.len(), 1);
        assert_eq!(s.articles[0].no, ArticleNo::new(1, 0));
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let src = MINI
            .replace("kind = \"law\"", "kind = \"statute\"")
            .replace("tags = [\"right\"]", "tags = [\"rights\"]")
            .replace("anchors = [\"甲\"]", "anchors = []");
        let errs = parse_statute("t.toml", &src).unwrap_err();
        let line_of = |needle: &str| src.lines().position(|l| l.contains(needle)).unwrap() + 1;
        assert!(
            errs.iter()
                .any(|e| e.line == line_of("kind =") && e.message.contains("unknown kind")),
            "{errs:?}"
        );
        assert!(
            errs.iter()
                .any(|e| e.line == line_of("tags =") && e.message.contains("unknown tag")),
            "{errs:?}"
        );
        assert!(
            errs.iter().any(|e| e.message.contains("no anchors")),
            "{errs:?}"
        );
    }

    #[test]
    fn syntax_errors_carry_a_position() {
        let src = MINI.replace("title_en = \"A\"", "title_en = \"A");
        let errs = parse_statute("t.toml", &src).unwrap_err();
        let want = src
            .lines()
            .position(|l| l.starts_with("title_en = \"A"))
            .unwrap()
            + 1;
        assert_eq!(errs[0].line, want, "{errs:?}");
    }

    #[test]
    fn article_outside_its_chapter_is_caught() {
        let src = MINI.replace(
            "[[article]]",
            "[[chapter]]\nnumber = 1\ntitle_zh = \"总则\"\ntitle_en = \"G\"\nfirst = 2\nlast = 2\n\n[[article]]\nchapter = 1",
        );
        let errs = parse_statute("t.toml", &src).unwrap_err();
        assert!(
            errs.iter()
                .any(|e| e.message.contains("not within chapter 1")),
            "{errs:?}"
        );
    }

    #[test]
    fn see_also_to_nowhere_is_an_error_for_in_memory_corpora() {
        let src = MINI.replace(
            "anchors = [\"甲\"]",
            "anchors = [\"甲\"]\nsee_also = [\"t:2\", \"zz:1\"]",
        );
        let errs = Corpus::from_sources(&[("t.toml", &src)]).unwrap_err();
        assert_eq!(
            errs.len(),
            1,
            "t:2 is within articles_total; zz:1 is not held: {errs:?}"
        );
        assert!(errs[0].message.contains("zz:1"));
    }

    #[test]
    fn the_embedded_statutes_are_valid() {
        let c = Corpus::load(&Sources::default()).unwrap();
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        let mut ids: Vec<_> = c.statutes.iter().map(|s| s.id.as_str()).collect();
        ids.dedup();
        assert_eq!(ids.len(), c.statutes.len());
    }
}
