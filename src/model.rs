//! The statute data model: what one statute file holds once loaded and validated.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The closed set of article tags (see statutes/README.md).
pub const TAGS: &[&str] = &[
    "right",
    "limit",
    "power",
    "duty",
    "prohibition",
    "penalty",
    "remedy",
    "procedure",
    "principle",
    "definition",
    "organisation",
];

/// The closed set of structured-limit kinds.
pub const LIMIT_KINDS: &[&str] = &[
    "duration",
    "deadline",
    "approval",
    "notice",
    "amount",
    "prohibition",
    "precondition",
    "duty",
];

/// Units a limit's figure may carry.
pub const UNITS: &[&str] = &[
    "hour",
    "day",
    "working-day",
    "month",
    "year",
    "yuan",
    "times",
    "person",
];

pub const KINDS: &[&str] = &[
    "law",
    "administrative-regulation",
    "departmental-rule",
    "constitution",
];

pub const STATUSES: &[&str] = &["in-force", "superseded"];

/// An article number: 第一百二十条之一 is `ArticleNo { number: 120, suffix: 1 }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ArticleNo {
    pub number: u32,
    pub suffix: u32,
}

impl ArticleNo {
    pub fn new(number: u32, suffix: u32) -> Self {
        ArticleNo { number, suffix }
    }

    /// "第一百二十条之一"
    pub fn zh(&self) -> String {
        let mut s = format!("第{}条", crate::numerals::to_chinese(self.number));
        if self.suffix > 0 {
            s.push('之');
            s.push_str(&crate::numerals::to_chinese(self.suffix));
        }
        s
    }

    /// "Article 120-1" style short form used in English citations.
    pub fn en(&self) -> String {
        if self.suffix > 0 {
            format!("Article {}-{}", self.number, self.suffix)
        } else {
            format!("Article {}", self.number)
        }
    }
}

impl fmt::Display for ArticleNo {
    /// The id form: "97", "120-1".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.suffix > 0 {
            write!(f, "{}-{}", self.number, self.suffix)
        } else {
            write!(f, "{}", self.number)
        }
    }
}

/// A reference to a provision: statute id plus article.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProvisionRef {
    pub law: String,
    pub article: ArticleNo,
}

impl ProvisionRef {
    /// Parses "psapl:97" or "cl:120-1".
    pub fn parse(s: &str) -> Option<ProvisionRef> {
        let (law, art) = s.split_once(':')?;
        if law.is_empty()
            || !law
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return None;
        }
        let (n, suf) = match art.split_once('-') {
            Some((n, s)) => (n, s.parse::<u32>().ok()?),
            None => (art, 0),
        };
        let number = n.parse::<u32>().ok()?;
        if number == 0 {
            return None;
        }
        Some(ProvisionRef {
            law: law.to_string(),
            article: ArticleNo::new(number, suf),
        })
    }
}

impl fmt::Display for ProvisionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.law, self.article)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Limit {
    pub kind: String,
    pub what_zh: String,
    pub what_en: String,
    pub value: Option<f64>,
    pub unit: Option<String>,
    pub condition_zh: Option<String>,
    pub condition_en: Option<String>,
    pub actor_zh: Option<String>,
    pub actor_en: Option<String>,
}

impl Limit {
    /// The figure as a person reads it: "8小时" / "8 hours".
    pub fn figure(&self, zh: bool) -> Option<String> {
        let v = self.value?;
        let num = if v.fract() == 0.0 {
            format!("{}", v as i64)
        } else {
            format!("{v}")
        };
        let unit = self.unit.as_deref().unwrap_or("");
        Some(if zh {
            let u = match unit {
                "hour" => "小时",
                "day" => "日",
                "working-day" => "个工作日",
                "month" => "个月",
                "year" => "年",
                "yuan" => "元",
                "times" => "次",
                "person" => "人",
                _ => "",
            };
            format!("{num}{u}")
        } else {
            let plural = v != 1.0;
            let u = match unit {
                "hour" => "hour",
                "day" => "day",
                "working-day" => "working day",
                "month" => "month",
                "year" => "year",
                "yuan" => "yuan",
                "times" => "time",
                "person" => "person",
                _ => "",
            };
            let s = if plural && u != "yuan" && !u.is_empty() {
                if u == "person" {
                    "people".to_string()
                } else {
                    format!("{u}s")
                }
            } else {
                u.to_string()
            };
            format!("{num} {s}").trim().to_string()
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Article {
    pub no: ArticleNo,
    pub part: Option<u32>,
    pub chapter: Option<u32>,
    pub section: Option<u32>,
    pub title_zh: String,
    pub title_en: String,
    pub summary_zh: String,
    pub summary_en: String,
    pub tags: Vec<String>,
    pub keywords_zh: Vec<String>,
    pub keywords_en: Vec<String>,
    pub anchors: Vec<String>,
    pub see_also: Vec<ProvisionRef>,
    pub limits: Vec<Limit>,
}

impl Article {
    pub fn has_tag(&self, t: &str) -> bool {
        self.tags.iter().any(|x| x == t)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Section {
    pub number: u32,
    pub title_zh: String,
    pub title_en: String,
    pub first: u32,
    pub last: u32,
}

/// 编: the top level of statutes such as 刑法 and 刑事诉讼法.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Part {
    pub number: u32,
    pub title_zh: String,
    pub title_en: String,
    pub first: u32,
    pub last: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Chapter {
    /// 编 (part), in statutes divided into parts; chapter numbers restart in each part.
    pub part: Option<u32>,
    pub number: u32,
    pub title_zh: String,
    pub title_en: String,
    pub first: u32,
    pub last: u32,
    pub sections: Vec<Section>,
}

/// A statute's articles, each decoded on first use: the compiled statutes keep every article as
/// its own encoded bytes, so a lookup decodes only the provisions it shows.
#[derive(Debug, Clone, Default)]
pub struct Articles {
    items: Vec<std::sync::OnceLock<Article>>,
    raw: Vec<&'static [u8]>,
}

impl Articles {
    pub fn new(v: Vec<Article>) -> Articles {
        let items = v
            .into_iter()
            .map(|a| {
                let cell = std::sync::OnceLock::new();
                let _ = cell.set(a);
                cell
            })
            .collect();
        Articles { items, raw: vec![] }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&Article> {
        let cell = self.items.get(i)?;
        Some(
            cell.get_or_init(|| {
                postcard::from_bytes(self.raw[i]).expect("compiled article decodes")
            }),
        )
    }

    pub fn iter(&self) -> ArticlesIter<'_> {
        ArticlesIter { a: self, i: 0 }
    }
}

pub struct ArticlesIter<'a> {
    a: &'a Articles,
    i: usize,
}

impl<'a> Iterator for ArticlesIter<'a> {
    type Item = &'a Article;
    fn next(&mut self) -> Option<&'a Article> {
        let x = self.a.get(self.i)?;
        self.i += 1;
        Some(x)
    }
}

impl<'a> IntoIterator for &'a Articles {
    type Item = &'a Article;
    type IntoIter = ArticlesIter<'a>;
    fn into_iter(self) -> ArticlesIter<'a> {
        self.iter()
    }
}

impl std::ops::Index<usize> for Articles {
    type Output = Article;
    fn index(&self, i: usize) -> &Article {
        self.get(i).expect("article index in range")
    }
}

impl Serialize for Articles {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for a in self.iter() {
            let bytes = postcard::to_allocvec(a).map_err(serde::ser::Error::custom)?;
            seq.serialize_element(&Bytes(&bytes))?;
        }
        seq.end()
    }
}

/// A byte slice serialised as bytes (not as a sequence of numbers).
struct Bytes<'a>(&'a [u8]);

impl Serialize for Bytes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

impl<'de: 'static> Deserialize<'de> for Articles {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Articles, D::Error> {
        let raw: Vec<&'de [u8]> = Deserialize::deserialize(d)?;
        Ok(Articles {
            items: raw.iter().map(|_| std::sync::OnceLock::new()).collect(),
            raw,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Statute {
    pub id: String,
    pub title_zh: String,
    pub title_en: String,
    pub short_zh: String,
    pub short_en: String,
    pub aliases: Vec<String>,
    pub kind: String,
    pub issuer: String,
    pub version: String,
    pub version_zh: String,
    pub version_en: String,
    pub effective: Option<String>,
    pub status: String,
    pub supersedes: Option<String>,
    pub superseded_by: Option<String>,
    pub articles_total: u32,
    pub parts: Vec<Part>,
    pub chapters: Vec<Chapter>,
    pub articles: Articles,
    /// The numbers of the articles held (known without decoding them).
    pub article_nos: Vec<ArticleNo>,
    /// Where it came from: "embedded:psapl.toml" or a user path.
    pub source: String,
}

impl Statute {
    pub fn article(&self, no: ArticleNo) -> Option<&Article> {
        // Found by number without decoding the other articles.
        let i = self.article_nos.iter().position(|n| *n == no)?;
        self.articles.get(i)
    }

    pub fn in_force(&self) -> bool {
        self.status == "in-force"
    }

    /// "2025年修订，2026-01-01起施行"
    pub fn version_line_zh(&self) -> String {
        let status = if self.in_force() {
            "现行有效"
        } else {
            "已失效"
        };
        match &self.effective {
            Some(e) => format!("{}，{}起施行，{}", self.version_zh, e, status),
            None => format!("{}，{}", self.version_zh, status),
        }
    }

    pub fn version_line_en(&self) -> String {
        let status = if self.in_force() {
            "in force"
        } else {
            "superseded"
        };
        match &self.effective {
            Some(e) => format!("{}, {} since {}", self.version_en, status, e),
            None => format!("{}, {}", self.version_en, status),
        }
    }

    pub fn chapter_of(&self, a: &Article) -> Option<&Chapter> {
        let c = a.chapter?;
        self.chapters
            .iter()
            .find(|ch| ch.number == c && ch.part == a.part)
    }
}
