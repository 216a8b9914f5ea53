//! Search keys of each provision: normalised text, pinyin keys, English words and initials.
//! build.rs computes them for the embedded statutes and stores them with the data, so a lookup
//! starts without parsing TOML or converting text to pinyin; user statutes get theirs at load.

use crate::model::{Article, Statute};
use crate::text;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Field weights: a hit in a title or keyword says more than one in a summary.
pub const W_TITLE_ZH: f32 = 10.0;
pub const W_KEYWORD_ZH: f32 = 8.0;
pub const W_ANCHOR: f32 = 6.0;
pub const W_SUMMARY_ZH: f32 = 3.0;
pub const W_TITLE_EN: f32 = 9.0;
pub const W_KEYWORD_EN: f32 = 8.0;
pub const W_SUMMARY_EN: f32 = 2.5;

/// One searchable text field: where its text (and, for Chinese, its pinyin key) sits in the
/// arenas, and its weight.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FieldRow {
    pub weight: f32,
    pub en: bool,
    pub text: (u32, u32),
    pub py: (u32, u32),
}

/// The keys of one provision.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocRow {
    pub statute: u32,
    pub article: u32,
    /// Its fields: a range of `Table::fields`.
    pub fields: (u32, u32),
    /// Initials of the title and of each keyword (for "xwcz"-style queries).
    pub initials: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Table {
    pub docs: Vec<DocRow>,
    pub fields: Vec<FieldRow>,
    /// Chinese keywords, used to split run-together queries.
    pub vocab: Vec<String>,
    /// Every pinyin syllable in the keys, for splitting Latin pinyin queries into syllables.
    pub syllables: Vec<String>,
}

/// Search keys: all field texts in one arena and all pinyin keys in another, so the embedded
/// keys are used in place, with nothing to decode but the small table.
#[derive(Debug, Clone, Default)]
pub struct Keys {
    pub text: Cow<'static, str>,
    pub py: Cow<'static, str>,
    pub table: Table,
}

/// A field as the scorer sees it.
pub struct Field<'a> {
    pub weight: f32,
    pub en: bool,
    pub text: &'a str,
    pub py: Option<&'a str>,
}

/// A provision as the scorer sees it.
pub struct Doc<'a> {
    pub statute: usize,
    pub article: usize,
    pub fields: Vec<Field<'a>>,
    pub initials: &'a [String],
}

impl Keys {
    pub fn docs(&self) -> impl Iterator<Item = Doc<'_>> {
        self.table.docs.iter().map(move |d| Doc {
            statute: d.statute as usize,
            article: d.article as usize,
            fields: self.table.fields[d.fields.0 as usize..d.fields.1 as usize]
                .iter()
                .map(|f| Field {
                    weight: f.weight,
                    en: f.en,
                    text: &self.text[f.text.0 as usize..f.text.1 as usize],
                    py: (!f.en).then(|| &self.py[f.py.0 as usize..f.py.1 as usize]),
                })
                .collect(),
            initials: &d.initials,
        })
    }
}

pub fn english_words(s: &str) -> Vec<String> {
    english_words_iter(s).map(str::to_string).collect()
}

pub fn english_words_iter(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
        .filter(|w| !w.is_empty() && w.is_ascii())
        .map(|w| w.trim_matches('\''))
}

struct Builder {
    text: String,
    py: String,
    table: Table,
}

impl Builder {
    fn field(&mut self, weight: f32, en: bool, raw: &str) {
        let t = if en {
            text::fold_width(raw)
        } else {
            text::normalize(raw)
        };
        let start = self.text.len() as u32;
        self.text.push_str(&t);
        let end = self.text.len() as u32;
        let mut py = (0, 0);
        if !en {
            let p0 = self.py.len() as u32;
            self.py.push_str(&text::pinyin_key(&t).sep);
            py = (p0, self.py.len() as u32);
        }
        self.table.fields.push(FieldRow {
            weight,
            en,
            text: (start, end),
            py,
        });
    }
}

/// Keys for `statutes`, numbered from `first` (their position in the corpus).
pub fn build(statutes: &[Statute], first: usize) -> Keys {
    let mut b = Builder {
        text: String::new(),
        py: String::new(),
        table: Table::default(),
    };
    for (i, s) in statutes.iter().enumerate() {
        for (ai, a) in s.articles.iter().enumerate() {
            let f0 = b.table.fields.len() as u32;
            add_fields(&mut b, a);
            let mut initials = vec![text::pinyin_key(&a.title_zh).initials];
            initials.extend(
                a.keywords_zh
                    .iter()
                    .map(|k| text::pinyin_key(&text::normalize(k)).initials),
            );
            b.table.docs.push(DocRow {
                statute: (first + i) as u32,
                article: ai as u32,
                fields: (f0, b.table.fields.len() as u32),
                initials,
            });
            for k in &a.keywords_zh {
                let n = text::normalize(k);
                if n.chars().count() >= 2 && n.chars().all(text::is_han) {
                    b.table.vocab.push(n);
                }
            }
        }
    }
    let vocab: std::collections::BTreeSet<String> =
        std::mem::take(&mut b.table.vocab).into_iter().collect();
    b.table.vocab = vocab.into_iter().collect();
    // A few hundred distinct syllables among millions: dedupe as they come.
    let syl: std::collections::BTreeSet<&str> =
        b.py.split('|')
            .filter(|x| !x.is_empty() && *x != "#")
            .collect();
    b.table.syllables = syl.into_iter().map(str::to_string).collect();
    Keys {
        text: Cow::Owned(b.text),
        py: Cow::Owned(b.py),
        table: b.table,
    }
}

fn add_fields(b: &mut Builder, a: &Article) {
    b.field(W_TITLE_ZH, false, &a.title_zh);
    for k in &a.keywords_zh {
        b.field(W_KEYWORD_ZH, false, k);
    }
    for an in &a.anchors {
        b.field(W_ANCHOR, false, an);
    }
    b.field(W_SUMMARY_ZH, false, &a.summary_zh);
    b.field(W_TITLE_EN, true, &a.title_en);
    for k in &a.keywords_en {
        b.field(W_KEYWORD_EN, true, k);
    }
    b.field(W_SUMMARY_EN, true, &a.summary_en);
}
