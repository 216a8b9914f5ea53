//! Loading statute files (embedded and the user's own) into a validated corpus.
//!
//! Every file goes through the same validation, and every problem is reported with the file,
//! line and column it comes from, so an instructor can fix a broken local file.

use crate::model::*;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The statute files compiled into the binary (see build.rs).
pub const EMBEDDED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// One problem found in a statute file.
#[derive(Debug, Clone, PartialEq)]
pub struct DataError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// Line and column (1-based, column in characters) of a byte offset.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = &src[..src.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    schema: Spanned<u32>,
    statute: RawStatute,
    #[serde(default)]
    part: Vec<RawPart>,
    #[serde(default)]
    chapter: Vec<RawChapter>,
    #[serde(default)]
    article: Vec<RawArticle>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStatute {
    id: Spanned<String>,
    title_zh: String,
    title_en: String,
    short_zh: String,
    short_en: String,
    #[serde(default)]
    aliases: Vec<String>,
    kind: Spanned<String>,
    issuer: String,
    version: Spanned<String>,
    version_zh: String,
    version_en: String,
    effective: Option<Spanned<String>>,
    status: Spanned<String>,
    supersedes: Option<String>,
    superseded_by: Option<String>,
    articles_total: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPart {
    number: u32,
    title_zh: String,
    title_en: String,
    first: u32,
    last: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChapter {
    part: Option<u32>,
    number: Spanned<u32>,
    title_zh: String,
    title_en: String,
    first: u32,
    last: u32,
    #[serde(default)]
    section: Vec<RawSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    number: Spanned<u32>,
    title_zh: String,
    title_en: String,
    first: u32,
    last: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArticle {
    number: Spanned<u32>,
    #[serde(default)]
    suffix: u32,
    part: Option<u32>,
    chapter: Option<Spanned<u32>>,
    section: Option<Spanned<u32>>,
    title_zh: Spanned<String>,
    title_en: Spanned<String>,
    summary_zh: Spanned<String>,
    summary_en: Spanned<String>,
    tags: Vec<Spanned<String>>,
    #[serde(default)]
    keywords_zh: Vec<String>,
    #[serde(default)]
    keywords_en: Vec<String>,
    anchors: Vec<Spanned<String>>,
    #[serde(default)]
    see_also: Vec<Spanned<String>>,
    #[serde(default)]
    limit: Vec<RawLimit>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimit {
    kind: Spanned<String>,
    what_zh: String,
    what_en: String,
    value: Option<f64>,
    unit: Option<Spanned<String>>,
    condition_zh: Option<String>,
    condition_en: Option<String>,
    actor_zh: Option<String>,
    actor_en: Option<String>,
}

struct Ctx<'a> {
    file: &'a str,
    src: &'a str,
    errors: Vec<DataError>,
}

impl Ctx<'_> {
    fn err(&mut self, offset: usize, message: impl Into<String>) {
        let (line, column) = line_col(self.src, offset);
        self.errors.push(DataError {
            file: self.file.to_string(),
            line,
            column,
            message: message.into(),
        });
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Parses and validates one statute file on its own (references to other statutes are checked
/// later, in `Corpus::build`). Returns every problem found, not just the first.
pub fn parse_statute(file: &str, src: &str) -> Result<Statute, Vec<DataError>> {
    let mut cx = Ctx {
        file,
        src,
        errors: vec![],
    };
    let raw: RawFile = match toml::from_str(src) {
        Ok(r) => r,
        Err(e) => {
            let off = e.span().map_or(0, |s| s.start);
            cx.err(off, e.message().trim().to_string());
            return Err(cx.errors);
        }
    };
    if *raw.schema.get_ref() != 1 {
        cx.err(
            raw.schema.span().start,
            format!(
                "unsupported schema version {} (this fatiao reads 1)",
                raw.schema.get_ref()
            ),
        );
    }
    let s = raw.statute;
    let id = s.id.get_ref().clone();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        cx.err(
            s.id.span().start,
            format!("statute id {id:?} must be lowercase ASCII letters, digits and '-'"),
        );
    }
    if !KINDS.contains(&s.kind.get_ref().as_str()) {
        cx.err(
            s.kind.span().start,
            format!(
                "unknown kind {:?}; expected one of {}",
                s.kind.get_ref(),
                KINDS.join(", ")
            ),
        );
    }
    if !STATUSES.contains(&s.status.get_ref().as_str()) {
        cx.err(
            s.status.span().start,
            format!(
                "unknown status {:?}; expected one of {}",
                s.status.get_ref(),
                STATUSES.join(", ")
            ),
        );
    }
    if !is_date(s.version.get_ref()) {
        cx.err(s.version.span().start, "version must be a date YYYY-MM-DD");
    }
    if let Some(e) = &s.effective
        && !is_date(e.get_ref())
    {
        cx.err(e.span().start, "effective must be a date YYYY-MM-DD");
    }

    let mut chapters = vec![];
    for c in raw.chapter {
        if c.first > c.last {
            cx.err(
                c.number.span().start,
                format!(
                    "chapter {}: first article {} is after last {}",
                    c.number.get_ref(),
                    c.first,
                    c.last
                ),
            );
        }
        let mut sections = vec![];
        for sec in c.section {
            if sec.first < c.first || sec.last > c.last || sec.first > sec.last {
                cx.err(
                    sec.number.span().start,
                    format!(
                        "section {} of chapter {}: range {}-{} lies outside the chapter's {}-{}",
                        sec.number.get_ref(),
                        c.number.get_ref(),
                        sec.first,
                        sec.last,
                        c.first,
                        c.last
                    ),
                );
            }
            sections.push(Section {
                number: *sec.number.get_ref(),
                title_zh: sec.title_zh,
                title_en: sec.title_en,
                first: sec.first,
                last: sec.last,
            });
        }
        chapters.push(Chapter {
            part: c.part,
            number: *c.number.get_ref(),
            title_zh: c.title_zh,
            title_en: c.title_en,
            first: c.first,
            last: c.last,
            sections,
        });
    }

    let mut articles = vec![];
    let mut seen: HashMap<ArticleNo, usize> = HashMap::new();
    for a in raw.article {
        let no = ArticleNo::new(*a.number.get_ref(), a.suffix);
        let at = a.number.span().start;
        if no.number == 0 {
            cx.err(at, "article number must be 1 or more");
        }
        if let Some(prev) = seen.insert(no, at) {
            let (pl, _) = line_col(src, prev);
            cx.err(
                at,
                format!("duplicate article {} (first defined at line {pl})", no.zh()),
            );
        }
        if no.number > s.articles_total && s.articles_total > 0 && no.suffix == 0 {
            cx.err(
                at,
                format!(
                    "article {} is beyond articles_total = {}",
                    no.number, s.articles_total
                ),
            );
        }
        // The article's chapter must exist and contain it.
        if let Some(ch) = &a.chapter {
            match chapters
                .iter()
                .find(|c| c.number == *ch.get_ref() && c.part == a.part)
            {
                None if !chapters.is_empty() => {
                    cx.err(ch.span().start, format!("no chapter {}", ch.get_ref()))
                }
                Some(c) if no.number < c.first || no.number > c.last => cx.err(
                    ch.span().start,
                    format!(
                        "article {} is not within chapter {} (articles {}-{})",
                        no.number, c.number, c.first, c.last
                    ),
                ),
                Some(c) => {
                    if let Some(sec) = &a.section {
                        match c.sections.iter().find(|x| x.number == *sec.get_ref()) {
                            None => cx.err(
                                sec.span().start,
                                format!("chapter {} has no section {}", c.number, sec.get_ref()),
                            ),
                            Some(x) if no.number < x.first || no.number > x.last => cx.err(
                                sec.span().start,
                                format!(
                                    "article {} is not within section {} (articles {}-{})",
                                    no.number, x.number, x.first, x.last
                                ),
                            ),
                            _ => {}
                        }
                    }
                }
                None => {}
            }
        } else if !chapters.is_empty() {
            cx.err(at, format!("article {} has no chapter", no.number));
        }
        for (field, v) in [
            ("title_zh", &a.title_zh),
            ("title_en", &a.title_en),
            ("summary_zh", &a.summary_zh),
            ("summary_en", &a.summary_en),
        ] {
            if v.get_ref().trim().is_empty() {
                cx.err(v.span().start, format!("{field} is empty"));
            }
            if v.get_ref().chars().any(|c| c.is_control() && c != '\n') {
                cx.err(v.span().start, format!("{field} has a control character"));
            }
        }
        let mut tags = vec![];
        for t in &a.tags {
            if !TAGS.contains(&t.get_ref().as_str()) {
                cx.err(
                    t.span().start,
                    format!(
                        "unknown tag {:?}; expected one of {}",
                        t.get_ref(),
                        TAGS.join(", ")
                    ),
                );
            }
            tags.push(t.get_ref().clone());
        }
        if tags.is_empty() {
            cx.err(at, format!("article {} has no tags", no.number));
        }
        if a.anchors.is_empty() {
            cx.err(at, format!("article {} has no anchors", no.number));
        }
        for an in &a.anchors {
            let n = an.get_ref().chars().count();
            if n == 0 || n > 40 {
                cx.err(
                    an.span().start,
                    format!("anchor must be 1 to 40 characters, this one has {n}"),
                );
            }
        }
        let mut see_also = vec![];
        for r in &a.see_also {
            match ProvisionRef::parse(r.get_ref()) {
                Some(p) => see_also.push(p),
                None => cx.err(
                    r.span().start,
                    format!(
                        "see_also {:?} is not a reference like \"psapl:97\" or \"cl:120-1\"",
                        r.get_ref()
                    ),
                ),
            }
        }
        let mut limits = vec![];
        for l in a.limit {
            if !LIMIT_KINDS.contains(&l.kind.get_ref().as_str()) {
                cx.err(
                    l.kind.span().start,
                    format!(
                        "unknown limit kind {:?}; expected one of {}",
                        l.kind.get_ref(),
                        LIMIT_KINDS.join(", ")
                    ),
                );
            }
            if let Some(u) = &l.unit
                && !UNITS.contains(&u.get_ref().as_str())
            {
                cx.err(
                    u.span().start,
                    format!(
                        "unknown unit {:?}; expected one of {}",
                        u.get_ref(),
                        UNITS.join(", ")
                    ),
                );
            }
            if l.value.is_some() != l.unit.is_some() {
                cx.err(l.kind.span().start, "a limit's value and unit go together");
            }
            limits.push(Limit {
                kind: l.kind.into_inner(),
                what_zh: l.what_zh,
                what_en: l.what_en,
                value: l.value,
                unit: l.unit.map(|u| u.into_inner()),
                condition_zh: l.condition_zh,
                condition_en: l.condition_en,
                actor_zh: l.actor_zh,
                actor_en: l.actor_en,
            });
        }
        articles.push(Article {
            no,
            part: a.part,
            chapter: a.chapter.map(|c| c.into_inner()),
            section: a.section.map(|c| c.into_inner()),
            title_zh: a.title_zh.into_inner(),
            title_en: a.title_en.into_inner(),
            summary_zh: a.summary_zh.into_inner(),
            summary_en: a.summary_en.into_inner(),
            tags,
            keywords_zh: a.keywords_zh,
            keywords_en: a.keywords_en,
            anchors: a.anchors.into_iter().map(|x| x.into_inner()).collect(),
            see_also,
            limits,
        });
    }
    articles.sort_by_key(|a| a.no);
    if !cx.errors.is_empty() {
        return Err(cx.errors);
    }
    Ok(Statute {
        id,
        title_zh: s.title_zh,
        title_en: s.title_en,
        short_zh: s.short_zh,
        short_en: s.short_en,
        aliases: s.aliases,
        kind: s.kind.into_inner(),
        issuer: s.issuer,
        version: s.version.into_inner(),
        version_zh: s.version_zh,
        version_en: s.version_en,
        effective: s.effective.map(|e| e.into_inner()),
        status: s.status.into_inner(),
        supersedes: s.supersedes,
        superseded_by: s.superseded_by,
        articles_total: s.articles_total,
        parts: raw
            .part
            .into_iter()
            .map(|p| Part {
                number: p.number,
                title_zh: p.title_zh,
                title_en: p.title_en,
                first: p.first,
                last: p.last,
            })
            .collect(),
        chapters,
        articles,
        source: file.to_string(),
    })
}

/// All statutes held, with the warnings produced while loading user files.
#[derive(Debug, Default)]
pub struct Corpus {
    pub statutes: Vec<Statute>,
    /// Problems in user files; those files were skipped.
    pub warnings: Vec<DataError>,
    /// Correspondences between versions of a statute.
    pub mappings: Vec<crate::history::Mapping>,
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
        let mut errors = vec![];
        if !sources.no_embedded {
            for (name, src) in EMBEDDED {
                match parse_statute(&format!("statutes/{name}"), src) {
                    Ok(s) => statutes.push(s),
                    Err(e) => errors.extend(e),
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let embedded_count = statutes.len();
        let mut warnings = vec![];
        for dir in &sources.dirs {
            load_dir(dir, &mut statutes, &mut warnings);
        }
        let mut corpus = Corpus {
            statutes,
            warnings,
            mappings: vec![],
        };
        corpus.check_cross(embedded_count);
        if !sources.no_embedded {
            let mut errors = vec![];
            for (name, src) in crate::history::EMBEDDED {
                let totals = |id: &str| corpus.statute(id).map(|s| s.articles_total);
                match crate::history::parse(&format!("statutes/mappings/{name}"), src, &totals) {
                    Ok(m) => corpus.mappings.push(m),
                    Err(e) => errors.extend(e),
                }
            }
            if !errors.is_empty() {
                return Err(errors);
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
            mappings: vec![],
        };
        let n = c.statutes.len();
        c.check_cross(n);
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
        let known: HashMap<&str, HashSet<ArticleNo>> = self
            .statutes
            .iter()
            .enumerate()
            .filter(|(i, _)| keep[*i])
            .map(|(_, s)| (s.id.as_str(), s.articles.iter().map(|a| a.no).collect()))
            .collect();
        let totals: HashMap<&str, u32> = self
            .statutes
            .iter()
            .map(|s| (s.id.as_str(), s.articles_total))
            .collect();
        let mut bad = vec![];
        for (i, s) in self.statutes.iter().enumerate() {
            if !keep[i] {
                continue;
            }
            for a in &s.articles {
                for r in &a.see_also {
                    let ok = match known.get(r.law.as_str()) {
                        // A target in a held statute must be an article we hold, or at least one
                        // that exists in that statute's numbering (coverage may be partial).
                        Some(arts) => {
                            arts.contains(&r.article)
                                || (r.article.suffix == 0
                                    && r.article.number <= totals[r.law.as_str()])
                        }
                        None => false,
                    };
                    if !ok {
                        bad.push((
                            i,
                            format!(
                                "{} article {}: see_also {} points to no provision held",
                                s.id, a.no, r
                            ),
                        ));
                    }
                }
            }
        }
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

    /// The mapping that leads from statute `old` to a newer version, if any.
    pub fn mapping_from(&self, old: &str) -> Option<&crate::history::Mapping> {
        self.mappings.iter().find(|m| m.old == old)
    }

    /// The mapping that leads into statute `new` from an older version, if any.
    pub fn mapping_to(&self, new: &str) -> Option<&crate::history::Mapping> {
        self.mappings.iter().find(|m| m.new == new)
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
