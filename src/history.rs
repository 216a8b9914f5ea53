//! Version history: the correspondence between the articles of two versions of a statute
//! (statutes/mappings/*.toml), so an old article number lands on its successor.

use crate::model::ArticleNo;
use crate::schema::{DataError, line_col};
use serde::Deserialize;
use toml::Spanned;

pub const KINDS: &[&str] = &["kept", "changed", "split", "merged", "deleted"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    schema: u32,
    old: String,
    new: String,
    #[serde(default)]
    pair: Vec<RawPair>,
    #[serde(default)]
    added: Vec<RawAdded>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPair {
    old: Spanned<u32>,
    new: Vec<u32>,
    kind: Spanned<String>,
    #[serde(default)]
    note_zh: String,
    #[serde(default)]
    note_en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAdded {
    new: u32,
    #[serde(default)]
    note_zh: String,
    #[serde(default)]
    note_en: String,
}

#[derive(Debug, Clone)]
pub struct Pair {
    pub old: ArticleNo,
    pub new: Vec<ArticleNo>,
    pub kind: String,
    pub note_zh: String,
    pub note_en: String,
}

#[derive(Debug, Clone)]
pub struct Added {
    pub new: ArticleNo,
    pub note_zh: String,
    pub note_en: String,
}

/// How the articles of statute `old` correspond to those of statute `new`.
#[derive(Debug, Clone)]
pub struct Mapping {
    pub old: String,
    pub new: String,
    pub pairs: Vec<Pair>,
    pub added: Vec<Added>,
}

impl Mapping {
    pub fn pair(&self, old: ArticleNo) -> Option<&Pair> {
        self.pairs.iter().find(|p| p.old == old)
    }

    /// The old articles a new article continues.
    pub fn predecessors(&self, new: ArticleNo) -> Vec<&Pair> {
        self.pairs.iter().filter(|p| p.new.contains(&new)).collect()
    }

    pub fn added(&self, new: ArticleNo) -> Option<&Added> {
        self.added.iter().find(|a| a.new == new)
    }
}

pub fn kind_zh(k: &str) -> &'static str {
    match k {
        "kept" => "基本未变",
        "changed" => "实质修改",
        "split" => "拆分",
        "merged" => "合并",
        "deleted" => "删除",
        "added" => "新增",
        _ => "",
    }
}

/// Parses one mapping file. `totals` gives the article count of a statute id, if held.
pub fn parse(
    file: &str,
    src: &str,
    totals: &dyn Fn(&str) -> Option<u32>,
) -> Result<Mapping, Vec<DataError>> {
    let err = |off: usize, message: String| {
        let (line, column) = line_col(src, off);
        DataError {
            file: file.to_string(),
            line,
            column,
            message,
        }
    };
    let raw: RawMapping = toml::from_str(src).map_err(|e| {
        vec![err(
            e.span().map_or(0, |s| s.start),
            e.message().trim().to_string(),
        )]
    })?;
    let mut errors = vec![];
    if raw.schema != 1 {
        errors.push(err(0, format!("unsupported schema {}", raw.schema)));
    }
    let (Some(old_total), Some(new_total)) = (totals(&raw.old), totals(&raw.new)) else {
        return Err(vec![err(
            0,
            format!(
                "maps {} to {}, but both statutes must be held",
                raw.old, raw.new
            ),
        )]);
    };
    let mut pairs = vec![];
    for p in raw.pair {
        let o = *p.old.get_ref();
        if o == 0 || o > old_total {
            errors.push(err(
                p.old.span().start,
                format!("{} has no article {o}", raw.old),
            ));
        }
        if let Some(n) = p.new.iter().find(|n| **n == 0 || **n > new_total) {
            errors.push(err(
                p.old.span().start,
                format!("{} has no article {n}", raw.new),
            ));
        }
        if !KINDS.contains(&p.kind.get_ref().as_str()) {
            errors.push(err(
                p.kind.span().start,
                format!(
                    "unknown kind {:?}; expected one of {}",
                    p.kind.get_ref(),
                    KINDS.join(", ")
                ),
            ));
        }
        if (p.kind.get_ref() == "deleted") != p.new.is_empty() {
            errors.push(err(
                p.kind.span().start,
                "an old article has no successor exactly when it was deleted".into(),
            ));
        }
        pairs.push(Pair {
            old: ArticleNo::new(o, 0),
            new: p.new.iter().map(|n| ArticleNo::new(*n, 0)).collect(),
            kind: p.kind.into_inner(),
            note_zh: p.note_zh,
            note_en: p.note_en,
        });
    }
    let added = raw
        .added
        .into_iter()
        .map(|a| Added {
            new: ArticleNo::new(a.new, 0),
            note_zh: a.note_zh,
            note_en: a.note_en,
        })
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Mapping {
        old: raw.old,
        new: raw.new,
        pairs,
        added,
    })
}
