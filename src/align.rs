//! Aligning two versions of a statute article by article, to map old article numbers to new
//! ones. The measure is plain and explainable: each article's text becomes a multiset of
//! character bigrams (punctuation and white space removed), and two articles are compared by
//! the Jaccard index of those multisets (shared bigrams / all bigrams). Containment (the share
//! of one article's bigrams found in the other) detects splits and merges.

use crate::model::ArticleNo;
use crate::official::OfficialText;
use std::collections::HashMap;

fn bigrams(s: &str) -> HashMap<(char, char), u32> {
    let chars: Vec<char> = s
        .chars()
        .filter(|c| {
            !c.is_whitespace() && !c.is_ascii_punctuation() && !"，。；：、（）《》“”".contains(*c)
        })
        .collect();
    let mut m = HashMap::new();
    for w in chars.windows(2) {
        *m.entry((w[0], w[1])).or_insert(0) += 1;
    }
    m
}

fn shared(a: &HashMap<(char, char), u32>, b: &HashMap<(char, char), u32>) -> u32 {
    a.iter().map(|(k, &v)| v.min(*b.get(k).unwrap_or(&0))).sum()
}

fn size(a: &HashMap<(char, char), u32>) -> u32 {
    a.values().sum()
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub old: ArticleNo,
    pub new: Vec<ArticleNo>,
    /// kept | changed | split | merged | deleted
    pub kind: &'static str,
    /// Jaccard similarity with the best new article.
    pub similarity: f64,
    /// Alignments below this are flagged for checking by hand.
    pub unsure: bool,
}

pub struct Alignment {
    pub pairs: Vec<Pair>,
    /// New articles with no predecessor.
    pub added: Vec<ArticleNo>,
}

pub const KEPT: f64 = 0.85;
pub const RELATED: f64 = 0.3;
/// A new article counts as taken from an old one when this share of its bigrams is in it.
pub const CONTAINED: f64 = 0.6;

pub fn align(old: &OfficialText, new: &OfficialText) -> Alignment {
    let ob: Vec<_> = old
        .articles
        .iter()
        .map(|a| bigrams(&a.paragraphs.concat()))
        .collect();
    let nb: Vec<_> = new
        .articles
        .iter()
        .map(|a| bigrams(&a.paragraphs.concat()))
        .collect();
    let n_old = ob.len().max(1) as f64;
    let n_new = nb.len().max(1) as f64;
    let mut pairs = vec![];
    let mut used = vec![false; nb.len()];
    for (i, o) in ob.iter().enumerate() {
        // Jaccard with every new article, with a small nudge towards the same relative
        // position, since revisions mostly keep the order of provisions.
        let mut scored: Vec<(usize, f64, f64)> = nb
            .iter()
            .enumerate()
            .map(|(j, n)| {
                let s = shared(o, n) as f64;
                let jaccard = s / ((size(o) + size(n)) as f64 - s).max(1.0);
                let pos = ((i as f64 / n_old) - (j as f64 / n_new)).abs();
                (j, jaccard, jaccard - 0.05 * pos)
            })
            .collect();
        scored.sort_by(|a, b| b.2.total_cmp(&a.2));
        let (best, sim, _) = scored[0];
        // Other new articles largely made of this old article's text: a split.
        let mut parts: Vec<usize> = nb
            .iter()
            .enumerate()
            .filter(|(j, n)| {
                *j != best && size(n) >= 8 && shared(o, n) as f64 / size(n) as f64 >= CONTAINED
            })
            .map(|(j, _)| j)
            .collect();
        parts.retain(|j| {
            // Only when this old article is the new one's best source.
            let n = &nb[*j];
            let mine = shared(o, n);
            ob.iter().all(|other| shared(other, n) <= mine)
        });
        let kind = if sim < RELATED && parts.is_empty() {
            "deleted"
        } else if !parts.is_empty() {
            "split"
        } else if sim >= KEPT {
            "kept"
        } else {
            "changed"
        };
        let mut new_arts = vec![];
        if kind != "deleted" {
            new_arts.push(new.articles[best].no);
            used[best] = true;
            for j in &parts {
                new_arts.push(new.articles[*j].no);
                used[*j] = true;
            }
            new_arts.sort();
        }
        pairs.push(Pair {
            old: old.articles[i].no,
            new: new_arts,
            kind,
            similarity: (sim * 1000.0).round() / 1000.0,
            unsure: (0.2..0.6).contains(&sim) || kind == "split",
        });
    }
    // Merges: a new article that is the best match of two or more old ones.
    let mut by_new: HashMap<ArticleNo, Vec<usize>> = HashMap::new();
    for (i, p) in pairs.iter().enumerate() {
        if let Some(first) = p.new.first()
            && p.kind != "split"
        {
            by_new.entry(*first).or_default().push(i);
        }
    }
    for idxs in by_new.values() {
        if idxs.len() > 1 {
            for &i in idxs {
                pairs[i].kind = "merged";
                pairs[i].unsure = true;
            }
        }
    }
    let added = new
        .articles
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(a, _)| a.no)
        .collect();
    Alignment { pairs, added }
}
