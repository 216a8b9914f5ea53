//! Citation parsing: which statute a text names (title, abbreviation, ASCII id, English short
//! name) and which article (第九十七条, 97条, 97, 第一百二十条之一, 第九十七条第二款).

use crate::corpus::Corpus;
use crate::model::{ArticleNo, Statute};
use crate::numerals;
use crate::text::fold_width;

/// What a query names as a citation.
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    /// Candidate statute ids, best first (one unless the name is ambiguous; empty when the query
    /// names only an article number).
    pub laws: Vec<String>,
    pub article: Option<ArticleNo>,
    pub paragraph: Option<u32>,
    pub item: Option<u32>,
    /// The part of the query after the statute name and article, if any (e.g. search words).
    pub rest: String,
    /// A version year named with the title, e.g. 治安法(2012).
    pub year: Option<u32>,
    /// The query said 原 / 旧 / old before the title: it means a superseded version.
    pub old: bool,
}

fn strip_quotes(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '《' | '》' | '〈' | '〉' | '<' | '>' | '"' | '“' | '”'))
        .collect()
}

/// All the names a statute answers to, folded (lowercase, half-width).
pub fn names(s: &Statute) -> Vec<String> {
    let mut v = vec![
        s.title_zh.clone(),
        s.short_zh.clone(),
        s.id.clone(),
        s.title_en.clone(),
        s.short_en.clone(),
    ];
    if let Some(t) = s.title_zh.strip_prefix("中华人民共和国") {
        v.push(t.to_string());
    }
    for suffix in [
        " of the people's republic of china",
        " of the People's Republic of China",
    ] {
        if let Some(t) = s.title_en.strip_suffix(suffix) {
            v.push(t.to_string());
        }
    }
    v.extend(s.aliases.iter().cloned());
    let mut out: Vec<String> = v.iter().map(|x| fold_width(x)).collect();
    out.sort();
    out.dedup();
    out
}

/// Finds the statute names at the start of `q` (already folded); returns the matched statutes
/// (all with the longest matching name) and the byte length consumed.
pub fn law_prefix<'c>(corpus: &'c Corpus, q: &str) -> Option<(Vec<&'c Statute>, usize)> {
    let q = q.trim_start();
    let mut best: Option<(Vec<&Statute>, usize)> = None;
    for s in &corpus.statutes {
        for n in names(s) {
            if n.is_empty() || !q.starts_with(&n) {
                continue;
            }
            // An ASCII name must end at a word boundary: "cl" must not match "clause".
            let next = q[n.len()..].chars().next();
            if n.is_ascii() && next.is_some_and(|c| c.is_ascii_alphabetic()) {
                continue;
            }
            match &mut best {
                Some((v, len)) if *len == n.len() => {
                    if !v.iter().any(|x| x.id == s.id) {
                        v.push(s)
                    }
                }
                Some((_, len)) if *len > n.len() => {}
                _ => best = Some((vec![s], n.len())),
            }
        }
    }
    best
}

/// Parses an article label at the start of `s`: 第九十七条, 第97条, 97条, 97, 第一百二十条之一,
/// 120-1, 120之一, art. 97, article 97; with an optional 第二款 / 第三项 after it.
/// Returns the article, paragraph, item and the bytes consumed.
pub fn parse_article(s: &str) -> Option<(ArticleNo, Option<u32>, Option<u32>, usize)> {
    let s0 = s;
    let mut s = s.trim_start();
    for p in ["article", "art.", "art", "§"] {
        if let Some(r) = s.strip_prefix(p) {
            s = r.trim_start();
            break;
        }
    }
    let had_di = s.starts_with('第');
    if had_di {
        s = &s['第'.len_utf8()..];
    }
    let (number, used) = take_number(s)?;
    s = &s[used..];
    let had_tiao = s.starts_with('条');
    if had_tiao {
        s = &s['条'.len_utf8()..];
    } else if had_di {
        // 第九十七 without 条 could be 第九十七款; accept only if nothing Chinese follows.
        if s.starts_with(['款', '项', '章', '节', '编']) {
            return None;
        }
    }
    let mut suffix = 0;
    if let Some(r) = s.strip_prefix('之')
        && let Some((n, u)) = take_number(r)
    {
        suffix = n;
        s = &r[u..];
    } else if !had_tiao
        && let Some(r) = s.strip_prefix('-')
        && let Some((n, u)) = take_number(r)
    {
        suffix = n;
        s = &r[u..];
    }
    if had_tiao && suffix == 0 {
        // "第一百二十条-1" is not a form anyone writes; leave it.
    }
    let mut paragraph = None;
    let mut item = None;
    let t = s.trim_start();
    if let Some(r) = t.strip_prefix('第')
        && let Some((n, u)) = take_number(r)
        && r[u..].starts_with('款')
    {
        paragraph = Some(n);
        s = &r[u + '款'.len_utf8()..];
    }
    let t = s.trim_start();
    if let Some(r) = t.strip_prefix('第')
        && let Some((n, u)) = take_number(r)
        && r[u..].starts_with('项')
    {
        item = Some(n);
        s = &r[u + '项'.len_utf8()..];
    }
    if number == 0 {
        return None;
    }
    Some((
        ArticleNo::new(number, suffix),
        paragraph,
        item,
        s0.len() - s.len(),
    ))
}

/// A run of ASCII digits or Chinese numerals at the start of `s`.
fn take_number(s: &str) -> Option<(u32, usize)> {
    let digits: usize = s
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit())
        .map(|(i, c)| i + c.len_utf8())
        .last()
        .unwrap_or(0);
    if digits > 0 {
        return s[..digits].parse().ok().map(|n| (n, digits));
    }
    let end: usize = s
        .char_indices()
        .take_while(|(_, c)| numerals::is_numeral_char(*c))
        .map(|(i, c)| i + c.len_utf8())
        .last()
        .unwrap_or(0);
    if end == 0 {
        return None;
    }
    numerals::from_chinese(&s[..end]).map(|n| (n, end))
}

/// Reads a version marker right after a title: (2012), （2012年）, 2012年版, -2012.
fn take_year(s: &str) -> Option<(u32, usize)> {
    let t = s.trim_start();
    let lead = s.len() - t.len();
    let (inner, close) = if let Some(r) = t.strip_prefix('(') {
        (r, Some(')'))
    } else if let Some(r) = t.strip_prefix('（') {
        (r, Some('）'))
    } else {
        (t, None)
    };
    let open_len = t.len() - inner.len();
    let digits = inner.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits != 4 {
        return None;
    }
    let year: u32 = inner[..4].parse().ok()?;
    let mut rest = &inner[4..];
    rest = rest.strip_prefix('年').unwrap_or(rest);
    for w in ["修订", "修正", "版", "文本"] {
        rest = rest.strip_prefix(w).unwrap_or(rest);
    }
    if let Some(c) = close {
        rest = rest.strip_prefix(c)?;
    } else if !(1949..=2100).contains(&year) || !t.starts_with(char::is_numeric) {
        return None;
    }
    let _ = (lead, open_len);
    // `rest` is a suffix of `s`, so what was consumed is the difference in length.
    Some((year, s.len() - rest.len()))
}

/// Parses a whole query as a citation. Returns None when the query names neither a statute
/// nor an article label.
pub fn parse(corpus: &Corpus, query: &str) -> Option<Citation> {
    let folded = strip_quotes(&crate::text::query_form(query));
    let mut q = folded.trim();
    let mut old = false;
    for p in ["原", "旧", "old "] {
        if let Some(r) = q.strip_prefix(p)
            && law_prefix(corpus, r).is_some()
        {
            q = r;
            old = true;
            break;
        }
    }
    let mut laws = vec![];
    let mut year = None;
    if let Some((ss, used)) = law_prefix(corpus, q) {
        laws = ss.iter().map(|s| s.id.clone()).collect();
        q = &q[used..];
        if let Some((y, used)) = take_year(q) {
            year = Some(y);
            q = &q[used..];
        }
    }
    let t = q.trim_start().trim_start_matches([':', '：', ',', '，']);
    if let Some((article, paragraph, item, used)) = parse_article(t) {
        let rest = t[used..].trim();
        // "治安法 97 传唤" keeps words after the article as search words; a bare number
        // needs a statute name or an article marker to count as a citation.
        let marked = t.starts_with('第') || t[..used].contains('条') || t.starts_with("art");
        if !laws.is_empty() || marked {
            return Some(Citation {
                laws,
                article: Some(article),
                paragraph,
                item,
                rest: rest.to_string(),
                year,
                old,
            });
        }
    }
    if laws.is_empty() {
        return None;
    }
    Some(Citation {
        laws,
        article: None,
        paragraph: None,
        item: None,
        rest: q.trim().to_string(),
        year,
        old,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_labels() {
        let p = |s: &str| parse_article(s).map(|(a, p, i, _)| (a.number, a.suffix, p, i));
        assert_eq!(p("第九十七条"), Some((97, 0, None, None)));
        assert_eq!(p("第97条"), Some((97, 0, None, None)));
        assert_eq!(p("97条"), Some((97, 0, None, None)));
        assert_eq!(p("97"), Some((97, 0, None, None)));
        assert_eq!(p("第一百二十条之一"), Some((120, 1, None, None)));
        assert_eq!(p("120-1"), Some((120, 1, None, None)));
        assert_eq!(p("第九十七条第二款"), Some((97, 0, Some(2), None)));
        assert_eq!(p("第九条第一款第三项"), Some((9, 0, Some(1), Some(3))));
        assert_eq!(p("第一百零三条"), Some((103, 0, None, None)));
        assert_eq!(p("art. 9"), Some((9, 0, None, None)));
        assert_eq!(p("第二款"), None);
        assert_eq!(p("询问"), None);
    }

    #[test]
    fn years() {
        assert_eq!(take_year("(2012) 83").map(|x| x.0), Some(2012));
        assert_eq!(take_year("（2012年）83").map(|x| x.0), Some(2012));
        assert_eq!(take_year("2012年版 83").map(|x| x.0), Some(2012));
        assert_eq!(take_year(" 83"), None);
    }
}
