//! `eval`: runs a file of lookup queries with their expected provisions (the format of
//! ../shared/eval/public.toml) and reports hit@1, hit@3 and mean reciprocal rank, with the misses.

use crate::corpus::Corpus;
use crate::search::{Filter, Index};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct EvalFile {
    #[serde(rename = "case")]
    pub cases: Vec<Case>,
}

#[derive(Deserialize)]
pub struct Case {
    pub query: String,
    #[serde(default)]
    pub kind: String,
    pub expect: Vec<Expect>,
}

#[derive(Deserialize)]
pub struct Expect {
    pub law: String,
    pub article: u32,
    #[serde(default)]
    pub suffix: u32,
    pub version: Option<String>,
}

pub struct CaseResult {
    pub query: String,
    pub kind: String,
    /// 1-based rank of the first accepted provision in the top 10.
    pub rank: Option<usize>,
    pub top: Vec<String>,
    /// Whether any expected statute is held at all (a miss on an unheld statute is expected).
    pub held: bool,
}

pub struct Summary {
    pub results: Vec<CaseResult>,
}

impl Summary {
    pub fn hit_at(&self, k: usize) -> usize {
        self.results
            .iter()
            .filter(|r| r.rank.is_some_and(|x| x <= k))
            .count()
    }
    pub fn mrr(&self) -> f64 {
        if self.results.is_empty() {
            return 0.0;
        }
        self.results
            .iter()
            .map(|r| r.rank.map_or(0.0, |x| 1.0 / x as f64))
            .sum::<f64>()
            / self.results.len() as f64
    }
}

/// A version matches when the years agree, or the hit's version year is one before the expected
/// (the year a revision was adopted vs the year it took effect), as the eval file specifies.
fn version_ok(ours: &str, want: &Option<String>) -> bool {
    let Some(w) = want else { return true };
    let (Ok(a), Ok(b)) = (
        ours[..4.min(ours.len())].parse::<i32>(),
        w[..4.min(w.len())].parse::<i32>(),
    ) else {
        return false;
    };
    a == b || a == b + 1
}

pub fn run(corpus: &Corpus, file: &EvalFile) -> Summary {
    let index = Index::new(corpus);
    let filter = Filter {
        limit: 10,
        ..Default::default()
    };
    let mut results = vec![];
    for c in &file.cases {
        let hits = index.search(&c.query, &filter).hits;
        let rank = hits.iter().position(|h| {
            c.expect.iter().any(|e| {
                h.statute.title_zh == e.law
                    && h.article.no.number == e.article
                    && h.article.no.suffix == e.suffix
                    && version_ok(&h.statute.version, &e.version)
            })
        });
        let held = c
            .expect
            .iter()
            .any(|e| corpus.statutes.iter().any(|s| s.title_zh == e.law));
        results.push(CaseResult {
            query: c.query.clone(),
            kind: c.kind.clone(),
            rank: rank.map(|r| r + 1),
            top: hits
                .iter()
                .take(3)
                .map(|h| format!("{}:{}", h.statute.id, h.article.no))
                .collect(),
            held,
        });
    }
    Summary { results }
}
