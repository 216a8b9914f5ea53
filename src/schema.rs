//! The statute file format: parsing and validating one file, with every problem reported by
//! file, line and column. Shared by the build script (which compiles the embedded statutes) and
//! the loader of the user's own files, so both follow the same rules.

use crate::model::*;
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;
use toml::Spanned;

/// One problem found in a statute file.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
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
    /// The article survives only as a number (the text reads （删去）): no tags, no limits.
    #[serde(default)]
    deleted: bool,
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

    let raw_parts: Vec<(u32, u32, u32)> = raw
        .part
        .iter()
        .map(|p| (p.first, p.last, p.number))
        .collect();
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
        } else if let Some(c) = chapters
            .iter()
            .find(|c| no.number >= c.first && no.number <= c.last && c.part == a.part)
        {
            // Articles outside every chapter exist (a part without chapters, a closing 附则),
            // but one inside a chapter's range must say so.
            cx.err(
                at,
                format!(
                    "article {} has no chapter (chapter {} covers articles {}-{})",
                    no.number, c.number, c.first, c.last
                ),
            );
        }
        // In a statute divided into parts, the part must exist and contain the article; an
        // article outside every part (a closing 附则) names none.
        let part_of = raw_parts
            .iter()
            .find(|p| no.number >= p.0 && no.number <= p.1)
            .map(|p| p.2);
        if part_of != a.part && !raw_parts.is_empty() {
            cx.err(
                at,
                match (part_of, a.part) {
                    (Some(p), Some(q)) => {
                        format!("article {} is in part {p}, not part {q}", no.number)
                    }
                    (Some(p), None) => format!("article {} has no part (part {p})", no.number),
                    _ => format!("article {} is outside every part", no.number),
                },
            );
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
        if a.deleted {
            if !tags.is_empty() || !a.limit.is_empty() {
                cx.err(
                    at,
                    format!(
                        "article {} is deleted: it takes no tags and no limits",
                        no.number
                    ),
                );
            }
        } else if tags.is_empty() {
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
        article_nos: articles.iter().map(|a| a.no).collect(),
        articles: Articles::new(articles),
        source: file.to_string(),
    })
}

/// See-also references that point nowhere, in the statutes from `check_from` on (`keep` marks
/// the statutes that count as held). A target in a held statute must be an article held, or one
/// within that statute's numbering (coverage may be partial).
pub fn see_also_problems(
    statutes: &[Statute],
    check_from: usize,
    keep: &[bool],
) -> Vec<(usize, String)> {
    let known: HashMap<&str, (&[ArticleNo], u32)> = statutes
        .iter()
        .enumerate()
        .filter(|(i, _)| keep[*i])
        .map(|(_, s)| (s.id.as_str(), (s.article_nos.as_slice(), s.articles_total)))
        .collect();
    let mut bad = vec![];
    for (i, s) in statutes.iter().enumerate().skip(check_from) {
        if !keep[i] {
            continue;
        }
        for a in s.articles.iter() {
            for r in &a.see_also {
                let ok = known.get(r.law.as_str()).is_some_and(|(nos, total)| {
                    nos.contains(&r.article)
                        || (r.article.suffix == 0 && r.article.number <= *total)
                });
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
    bad
}
