//! `verify`: checks every summarised article against the official texts — the article exists,
//! each anchor occurs verbatim in it, chapters match the text's outline, see-also targets exist —
//! and reports coverage per statute.

use crate::corpus::Corpus;
use crate::model::{ArticleNo, Statute};
use crate::official::{self, OfficialText};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A text found in the directory.
pub struct TextFile {
    pub path: PathBuf,
    pub text: OfficialText,
    /// The version the text is taken to be: from MANIFEST.toml when the directory has one,
    /// else the latest date in the text's header.
    pub version: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    NoText {
        law: String,
        title: String,
    },
    VersionMismatch {
        law: String,
        ours: String,
        texts: Vec<String>,
    },
    NoSuchArticle {
        law: String,
        article: ArticleNo,
    },
    AnchorMissing {
        law: String,
        article: ArticleNo,
        anchor: String,
    },
    WrongChapter {
        law: String,
        article: ArticleNo,
        ours: Option<u32>,
        text: Option<u32>,
    },
    WrongSection {
        law: String,
        article: ArticleNo,
        ours: Option<u32>,
        text: Option<u32>,
    },
    TotalMismatch {
        law: String,
        ours: u32,
        text: u32,
    },
    SeeAlsoMissing {
        law: String,
        article: ArticleNo,
        target: String,
    },
    /// The Chinese summary repeats the article instead of summarising it in our own words.
    SummaryCopied {
        law: String,
        article: ArticleNo,
        share: f64,
        longest: usize,
    },
    Unreadable {
        path: String,
        message: String,
    },
}

pub struct Coverage {
    pub law: String,
    pub title: String,
    pub version: String,
    pub covered: usize,
    pub total: usize,
    pub text: Option<String>,
}

pub struct Report {
    pub failures: Vec<Finding>,
    pub coverage: Vec<Coverage>,
    /// Texts read for which no statute of that title and version is held (information only).
    pub unmatched: Vec<String>,
}

#[derive(serde::Deserialize)]
struct Manifest {
    statute: Vec<ManifestEntry>,
}

#[derive(serde::Deserialize)]
struct ManifestEntry {
    file: String,
    version_date: String,
}

/// Reads every statute text in a directory (`*.txt`, `*.md`, except README.md).
pub fn read_texts(dir: &Path) -> (Vec<TextFile>, Vec<Finding>) {
    let mut out = vec![];
    let mut bad = vec![];
    let manifest: HashMap<String, String> = std::fs::read_to_string(dir.join("MANIFEST.toml"))
        .ok()
        .and_then(|s| toml::from_str::<Manifest>(&s).ok())
        .map(|m| {
            m.statute
                .into_iter()
                .map(|e| (e.file, e.version_date))
                .collect()
        })
        .unwrap_or_default();
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            bad.push(Finding::Unreadable {
                path: dir.display().to_string(),
                message: e.to_string(),
            });
            return (out, bad);
        }
    };
    paths.sort();
    for p in paths {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !(ext == "txt" || ext == "md") || name.eq_ignore_ascii_case("README.md") {
            continue;
        }
        let bytes = match std::fs::read(&p) {
            Ok(b) => b,
            Err(e) => {
                bad.push(Finding::Unreadable {
                    path: p.display().to_string(),
                    message: e.to_string(),
                });
                continue;
            }
        };
        match official::parse(&bytes) {
            Ok(text) => {
                let version = manifest
                    .get(name)
                    .cloned()
                    .or_else(|| text.latest_date().map(|s| s.to_string()));
                out.push(TextFile {
                    path: p,
                    text,
                    version,
                });
            }
            Err(e) => bad.push(Finding::Unreadable {
                path: format!("{}:{}", p.display(), e.line),
                message: e.message,
            }),
        }
    }
    (out, bad)
}

/// A summary may reuse the law's terms, but not its sentences: at most this share of its
/// characters may sit in runs of `COPY_RUN` or more characters copied from the article...
pub const MAX_COPIED_SHARE: f64 = 0.5;
pub const COPY_RUN: usize = 12;
/// ...and no copied run may be longer than this (anchors, which are verbatim, are up to 40).
pub const MAX_COPIED_RUN: usize = 30;

/// How much of `summary` is copied from `body`: the share of its characters inside runs of
/// `COPY_RUN`+ characters that occur verbatim in `body`, and the longest such run.
pub fn copied(summary: &str, body: &str) -> (f64, usize) {
    let chars: Vec<(usize, char)> = summary.char_indices().collect();
    let n = chars.len();
    if n == 0 {
        return (0.0, 0);
    }
    let byte_at = |i: usize| if i < n { chars[i].0 } else { summary.len() };
    let slice = |i: usize, len: usize| &summary[byte_at(i)..byte_at(i + len)];
    let mut covered = vec![false; n];
    let mut longest = 0;
    for i in 0..n {
        // Grow the best run found so far from here; runs only need checking past `longest`.
        let mut len = longest + 1;
        while i + len <= n && body.contains(slice(i, len)) {
            longest = len;
            len += 1;
        }
        if i + COPY_RUN <= n && body.contains(slice(i, COPY_RUN)) {
            for c in covered.iter_mut().skip(i).take(COPY_RUN) {
                *c = true;
            }
        }
    }
    let share = covered.iter().filter(|&&c| c).count() as f64 / n as f64;
    (share, longest)
}

/// Checks one statute against its official text.
pub fn check_statute(s: &Statute, t: &OfficialText, corpus: &Corpus, out: &mut Vec<Finding>) {
    let law = s.id.clone();
    if s.articles_total as usize != t.articles.len() {
        out.push(Finding::TotalMismatch {
            law: law.clone(),
            ours: s.articles_total,
            text: t.articles.len() as u32,
        });
    }
    for a in &s.articles {
        let Some(oa) = t.article(a.no) else {
            out.push(Finding::NoSuchArticle {
                law: law.clone(),
                article: a.no,
            });
            continue;
        };
        let body = oa.compact();
        let (share, longest) = copied(&official::compact(&a.summary_zh), &body);
        if share > MAX_COPIED_SHARE || longest > MAX_COPIED_RUN {
            out.push(Finding::SummaryCopied {
                law: law.clone(),
                article: a.no,
                share,
                longest,
            });
        }
        for an in &a.anchors {
            if !body.contains(&official::compact(an)) {
                out.push(Finding::AnchorMissing {
                    law: law.clone(),
                    article: a.no,
                    anchor: an.clone(),
                });
            }
        }
        if !s.chapters.is_empty() || oa.chapter.is_some() {
            if a.chapter != oa.chapter || a.part != oa.part {
                out.push(Finding::WrongChapter {
                    law: law.clone(),
                    article: a.no,
                    ours: a.chapter,
                    text: oa.chapter,
                });
            } else if a.section != oa.section {
                out.push(Finding::WrongSection {
                    law: law.clone(),
                    article: a.no,
                    ours: a.section,
                    text: oa.section,
                });
            }
        }
        for r in &a.see_also {
            let ok = if r.law == s.id {
                t.article(r.article).is_some()
            } else {
                corpus.provision(r).is_some()
                    || corpus.statute(&r.law).is_some_and(|x| {
                        r.article.suffix == 0 && r.article.number <= x.articles_total
                    })
            };
            if !ok {
                out.push(Finding::SeeAlsoMissing {
                    law: law.clone(),
                    article: a.no,
                    target: r.to_string(),
                });
            }
        }
    }
}

pub fn verify(corpus: &Corpus, texts: &[TextFile], mut failures: Vec<Finding>) -> Report {
    let mut coverage = vec![];
    let mut used = vec![false; texts.len()];
    for s in &corpus.statutes {
        let same_title: Vec<(usize, &TextFile)> = texts
            .iter()
            .enumerate()
            .filter(|(_, t)| t.text.title == s.title_zh)
            .collect();
        let exact = same_title
            .iter()
            .find(|(_, t)| t.version.as_deref() == Some(s.version.as_str()));
        match exact {
            Some((i, t)) => {
                used[*i] = true;
                check_statute(s, &t.text, corpus, &mut failures);
                coverage.push(Coverage {
                    law: s.id.clone(),
                    title: s.title_zh.clone(),
                    version: s.version.clone(),
                    covered: s
                        .articles
                        .iter()
                        .filter(|a| t.text.article(a.no).is_some())
                        .count(),
                    total: t.text.articles.len(),
                    text: Some(t.path.display().to_string()),
                });
            }
            None => {
                if same_title.is_empty() {
                    failures.push(Finding::NoText {
                        law: s.id.clone(),
                        title: s.title_zh.clone(),
                    });
                } else {
                    // Never compare a summary against another version's text.
                    failures.push(Finding::VersionMismatch {
                        law: s.id.clone(),
                        ours: s.version.clone(),
                        texts: same_title
                            .iter()
                            .map(|(_, t)| t.version.clone().unwrap_or_else(|| "undated".into()))
                            .collect(),
                    });
                }
                coverage.push(Coverage {
                    law: s.id.clone(),
                    title: s.title_zh.clone(),
                    version: s.version.clone(),
                    covered: s.articles.len(),
                    total: s.articles_total as usize,
                    text: None,
                });
            }
        }
    }
    let unmatched = texts
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(t, _)| {
            format!(
                "{} ({} {})",
                t.path.display(),
                t.text.title,
                t.version.as_deref().unwrap_or("undated")
            )
        })
        .collect();
    Report {
        failures,
        coverage,
        unmatched,
    }
}

impl Finding {
    pub fn describe(&self) -> String {
        match self {
            Finding::NoText { law, title } => {
                format!("{law}: no official text titled {title} in the directory")
            }
            Finding::VersionMismatch { law, ours, texts } => format!(
                "{law}: summaries are for version {ours}, but the text(s) found are version {}; not compared",
                texts.join(", ")
            ),
            Finding::NoSuchArticle { law, article } => {
                format!(
                    "{law} {}: no such article in the official text",
                    article.zh()
                )
            }
            Finding::AnchorMissing {
                law,
                article,
                anchor,
            } => format!(
                "{law} {}: anchor not found verbatim in the article: {anchor}",
                article.zh()
            ),
            Finding::WrongChapter {
                law,
                article,
                ours,
                text,
            } => format!(
                "{law} {}: chapter {:?} in our data, {:?} in the text",
                article.zh(),
                ours,
                text
            ),
            Finding::WrongSection {
                law,
                article,
                ours,
                text,
            } => format!(
                "{law} {}: section {:?} in our data, {:?} in the text",
                article.zh(),
                ours,
                text
            ),
            Finding::TotalMismatch { law, ours, text } => {
                format!("{law}: articles_total is {ours}, the text has {text} articles")
            }
            Finding::SeeAlsoMissing {
                law,
                article,
                target,
            } => format!("{law} {}: see_also {target} does not exist", article.zh()),
            Finding::SummaryCopied {
                law,
                article,
                share,
                longest,
            } => format!(
                "{law} {}: summary_zh copies the article ({:.0}% in runs of {COPY_RUN}+ characters, longest run {longest}; limits {:.0}% and {MAX_COPIED_RUN}): write it in our own words",
                article.zh(),
                share * 100.0,
                MAX_COPIED_SHARE * 100.0
            ),
            Finding::Unreadable { path, message } => format!("{path}: {message}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copied_measures_runs() {
        let body = "公安机关应当及时将传唤的原因和处所通知被传唤人家属。";
        let (share, longest) = copied("公安机关应当及时将传唤的原因和处所通知被传唤人家属。", body);
        assert_eq!(share, 1.0);
        assert_eq!(longest, body.chars().count());
        let (share, longest) = copied("传唤后应及时告知家属原因和地点。", body);
        assert_eq!(share, 0.0);
        assert!(longest < COPY_RUN);
    }
}
