//! The procedural-limits table: every structured limit in the data, built from the limit
//! records (never typed twice), filtered and sorted so related limits stand together.

use crate::corpus::Corpus;
use crate::model::{Article, Limit, Statute};
use crate::text;

/// One row of the table: a limit with the provision it comes from.
pub struct Row<'c> {
    pub statute: &'c Statute,
    pub article: &'c Article,
    pub limit: &'c Limit,
}

/// Order of kinds in the table: what restricts a person's liberty first.
const KIND_ORDER: &[&str] = &[
    "duration",
    "deadline",
    "approval",
    "notice",
    "precondition",
    "prohibition",
    "amount",
    "duty",
];

fn unit_rank(u: Option<&str>) -> u32 {
    match u {
        Some("hour") => 0,
        Some("day") | Some("working-day") => 1,
        Some("month") => 2,
        Some("year") => 3,
        Some("yuan") => 4,
        Some(_) => 5,
        None => 6,
    }
}

/// Hours, for putting durations of different units in one order (a working day counts as a day).
fn in_hours(l: &Limit) -> f64 {
    let v = l.value.unwrap_or(f64::MAX / 1e6);
    v * match l.unit.as_deref() {
        Some("hour") => 1.0,
        Some("day") | Some("working-day") => 24.0,
        Some("month") => 24.0 * 30.0,
        Some("year") => 24.0 * 365.0,
        _ => 1.0,
    }
}

pub struct Query<'a> {
    pub words: &'a [String],
    pub kinds: &'a [String],
    pub laws: &'a [String],
}

fn row_matches(r: &Row, word: &str) -> bool {
    let w = text::normalize(word);
    if w.is_empty() {
        return true;
    }
    let l = r.limit;
    let zh_fields = [
        Some(&l.what_zh),
        l.condition_zh.as_ref(),
        l.actor_zh.as_ref(),
        Some(&r.article.title_zh),
    ];
    if !w.is_ascii() {
        return zh_fields
            .iter()
            .flatten()
            .any(|f| text::normalize(f).contains(&w))
            || r.article
                .keywords_zh
                .iter()
                .any(|k| text::normalize(k).contains(&w));
    }
    let en_fields = [
        Some(&l.what_en),
        l.condition_en.as_ref(),
        l.actor_en.as_ref(),
        Some(&r.article.title_en),
    ];
    en_fields
        .iter()
        .flatten()
        .any(|f| text::fold_width(f).contains(&w))
        || r.article
            .keywords_en
            .iter()
            .any(|k| text::fold_width(k).contains(&w))
        || w == r.limit.kind
}

/// All rows matching the query, sorted: by kind, then unit, then each provision's smallest
/// figure (so the tiers of one article stay together and provisions run from short to long),
/// then the figure itself.
pub fn rows<'c>(corpus: &'c Corpus, q: &Query) -> Vec<Row<'c>> {
    let mut rows: Vec<Row> = vec![];
    for s in &corpus.statutes {
        if !q.laws.is_empty() && !q.laws.contains(&s.id) {
            continue;
        }
        for a in &s.articles {
            for l in &a.limits {
                if !q.kinds.is_empty() && !q.kinds.contains(&l.kind) {
                    continue;
                }
                let r = Row {
                    statute: s,
                    article: a,
                    limit: l,
                };
                if q.words.iter().all(|w| row_matches(&r, w)) {
                    rows.push(r);
                }
            }
        }
    }
    let article_min = |r: &Row| {
        r.article
            .limits
            .iter()
            .filter(|l| l.kind == r.limit.kind && l.unit == r.limit.unit)
            .map(in_hours)
            .fold(f64::MAX, f64::min)
    };
    rows.sort_by(|x, y| {
        let kx = KIND_ORDER.iter().position(|k| *k == x.limit.kind);
        let ky = KIND_ORDER.iter().position(|k| *k == y.limit.kind);
        kx.cmp(&ky)
            .then(unit_rank(x.limit.unit.as_deref()).cmp(&unit_rank(y.limit.unit.as_deref())))
            .then(article_min(x).total_cmp(&article_min(y)))
            .then(x.statute.in_force().cmp(&y.statute.in_force()).reverse())
            .then(x.statute.id.cmp(&y.statute.id))
            .then(x.article.no.cmp(&y.article.no))
            .then(in_hours(x.limit).total_cmp(&in_hours(y.limit)))
    });
    rows
}

/// The short way to cite a statute in a table: its first Chinese alias (治安法) or short title.
pub fn abbr_zh(s: &Statute) -> &str {
    s.aliases
        .iter()
        .find(|a| a.chars().any(text::is_han))
        .map_or(s.short_zh.as_str(), |a| a.as_str())
}

pub fn abbr_en(s: &Statute) -> String {
    s.aliases
        .iter()
        .find(|a| a.chars().all(|c| c.is_ascii_uppercase()))
        .cloned()
        .unwrap_or_else(|| s.id.to_uppercase())
}

/// "治安法第97条" / "PSAPL art. 97"
pub fn short_cite(s: &Statute, a: &Article, zh: bool) -> String {
    if zh {
        let n = if a.no.suffix > 0 {
            format!(
                "第{}条之{}",
                a.no.number,
                crate::numerals::to_chinese(a.no.suffix)
            )
        } else {
            format!("第{}条", a.no.number)
        };
        format!("{}{n}", abbr_zh(s))
    } else {
        format!("{} art. {}", abbr_en(s), a.no)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Sources;

    #[test]
    fn every_limit_appears_once_with_a_valid_citation() {
        let c = Corpus::load(&Sources::default()).unwrap();
        let all = rows(
            &c,
            &Query {
                words: &[],
                kinds: &[],
                laws: &[],
            },
        );
        let total: usize = c.all_articles().map(|(_, a)| a.limits.len()).sum();
        assert_eq!(all.len(), total);
        let mut seen = std::collections::HashSet::new();
        for r in &all {
            assert!(seen.insert(r.limit as *const Limit), "a limit listed twice");
            assert!(
                c.statute(&r.statute.id)
                    .and_then(|s| s.article(r.article.no))
                    .is_some()
            );
        }
    }

    #[test]
    fn questioning_time_limits_stand_together_in_order() {
        let c = Corpus::load(&Sources::default()).unwrap();
        let kinds = vec!["duration".to_string()];
        let r = rows(
            &c,
            &Query {
                words: &["询问查证".to_string()],
                kinds: &kinds,
                laws: &[],
            },
        );
        let figures: Vec<f64> = r
            .iter()
            .filter(|x| x.statute.id == "psapl" && x.article.no.number == 97)
            .map(|x| x.limit.value.unwrap())
            .collect();
        assert_eq!(figures, vec![8.0, 12.0, 24.0]);
    }
}
