//! Search: citations first, then keyword, English, pinyin and homophone matching with ranking
//! a person would agree with (all words matched first, then field weight, then rights/limits).

use crate::citation::{self, Citation};
use crate::corpus::Corpus;
use crate::index::{self, W_KEYWORD_ZH};
use crate::model::{Article, ArticleNo, Statute};
use crate::text;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use std::collections::{HashMap, HashSet};

/// Colloquial words mapped to statutory terms (statutes/lexicon/synonyms.toml).
const SYNONYMS: &str = include_str!("../statutes/lexicon/synonyms.toml");

#[derive(serde::Deserialize)]
struct Lexicon {
    colloquial: HashMap<String, Vec<String>>,
    #[serde(default)]
    ambiguous: HashMap<String, Vec<String>>,
}

/// Names that stand for several statutes (程序规定): the candidates, as ids or titles.
pub fn ambiguous_name(q: &str) -> Option<Vec<String>> {
    let lex: Lexicon = toml::from_str(SYNONYMS).ok()?;
    let q = text::query_form(q);
    let q = q.trim();
    lex.ambiguous.into_iter().find_map(|(k, v)| {
        let rest = q.strip_prefix(k.as_str())?;
        // The name alone or followed by an article, not part of a longer title.
        let next = rest.trim_start().chars().next();
        (next.is_none() || next.is_some_and(|c| c == '第' || c.is_ascii_digit())).then_some(v)
    })
}

fn load_synonyms() -> HashMap<String, Vec<String>> {
    let lex: Lexicon = toml::from_str(SYNONYMS).expect("statutes/lexicon/synonyms.toml is valid");
    lex.colloquial
        .into_iter()
        .map(|(k, v)| {
            (
                text::normalize(&k),
                v.iter().map(|x| text::normalize(x)).collect(),
            )
        })
        .collect()
}

const CITATION_SCORE: f32 = 1000.0;

/// English words that carry no meaning for a lookup.
const STOP_EN: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "is", "are", "was", "be",
    "been", "can", "could", "do", "does", "did", "i", "me", "my", "you", "your", "we", "what",
    "which", "who", "whom", "when", "where", "why", "will", "would", "should", "with", "and", "or",
    "if", "it", "its", "they", "them", "their", "this", "that", "there", "am", "has", "have",
    "get", "happens", "any", "some", "about", "into", "against",
];

/// Chinese function words and question particles dropped from a query word once it has been
/// split into vocabulary words.
const STOP_ZH: &[&str] = &[
    "吗",
    "呢",
    "吧",
    "啊",
    "了",
    "的",
    "我",
    "你",
    "他",
    "她",
    "是",
    "要",
    "会",
    "能",
    "被",
    "把",
    "怎么办",
    "怎么",
    "什么时候",
    "时候",
    "为什么",
    "哪里",
    "是否",
    "有没有",
    "能否",
    "能不能",
    "可不可以",
    "怎样",
    "什么",
    "如何",
    "哪些",
    "可以",
    "需要",
    "必须",
    "还",
    "就",
    "都",
    "在",
    "和",
];

/// The search index over a corpus.
pub struct Index<'c> {
    corpus: &'c Corpus,
    /// The embedded statutes' keys, borrowed as compiled.
    base: &'c index::Keys,
    /// Keys of the user's statutes: from the cache, or computed now.
    extra: std::borrow::Cow<'c, index::Keys>,
    synonyms: HashMap<String, Vec<String>>,
}

/// The longest keyword tried when splitting a run-together query. Legal terms are mostly two to
/// four characters; longer colloquial keywords in the data must not swallow a whole question
/// (警察查身份证需要出示证件吗 is 警察 + 查身份证 + 出示 + 证件, not 警察查身份证 + 出示证件).
const MAX_VOCAB_LEN: usize = 4;

/// A search result.
#[derive(Debug, Clone)]
pub struct Hit<'c> {
    pub statute: &'c Statute,
    pub article: &'c Article,
    pub score: f32,
    /// Query words that matched literally (for highlighting).
    pub terms: Vec<String>,
    /// Set when the hit answers a citation.
    pub cited: bool,
    /// Set when the hit answers a citation of an older version's article: that article and how
    /// it changed.
    pub via: Option<Succession<'c>>,
}

/// An old article that a hit succeeds.
#[derive(Debug, Clone)]
pub struct Succession<'c> {
    pub old_statute: &'c Statute,
    pub pair: &'c crate::history::Pair,
}

/// Options that narrow a search.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub laws: Vec<String>,
    pub tags: Vec<String>,
    pub limit: usize,
}

/// Why a citation could not be answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Miss {
    /// The statute exists but has no such article.
    NoArticle {
        law: String,
        article: ArticleNo,
        total: u32,
        /// The number of the last article (less than `total` when articles were inserted).
        last: u32,
        nearest: Option<ArticleNo>,
    },
    /// The article exists in the statute but we hold no summary of it.
    NotCovered { law: String, article: ArticleNo },
    /// The name stands for several statutes.
    Ambiguous { options: Vec<String> },
    /// The old article was deleted in the newer version.
    Deleted {
        law: String,
        article: ArticleNo,
        note_zh: String,
        note_en: String,
    },
    /// The query asked for a version of the statute that is not held (e.g. the 2012 text).
    VersionNotHeld { law: String, asked: String },
}

pub struct Outcome<'c> {
    pub hits: Vec<Hit<'c>>,
    pub citation: Option<Citation>,
    pub miss: Option<Miss>,
}

/// A light English stemmer: enough that "questioned", "questioning" and "questions" meet.
fn stem(w: &str) -> &str {
    for suf in ["ings", "ing", "ied", "ies", "ed", "es", "s"] {
        if let Some(b) = w.strip_suffix(suf)
            && b.len() >= 4
        {
            return b;
        }
    }
    w
}

impl<'c> Index<'c> {
    pub fn new(corpus: &'c Corpus) -> Index<'c> {
        // The embedded statutes come with their keys; user statutes with theirs (from the
        // cache), or get them now.
        let covered = corpus.keys_cover;
        let extra = match &corpus.extra_keys {
            Some(k) => std::borrow::Cow::Borrowed(k),
            None if corpus.statutes.len() > covered => {
                std::borrow::Cow::Owned(index::build(&corpus.statutes[covered..], covered))
            }
            None => std::borrow::Cow::Owned(index::Keys::default()),
        };
        Index {
            corpus,
            base: &corpus.keys,
            extra,
            synonyms: load_synonyms(),
        }
    }

    /// Both key sets, with the offset of their provisions in the corpus-wide numbering.
    fn key_sets(&self) -> [&index::Keys; 2] {
        [self.base, &self.extra]
    }

    fn in_vocab(&self, w: &str) -> bool {
        self.base.in_vocab(w) || self.extra.in_vocab(w) || self.synonyms.contains_key(w)
    }

    /// Runs a query: a citation answers with its provision first; anything else is a keyword
    /// search. Filters apply to both.
    pub fn search(&self, query: &str, filter: &Filter) -> Outcome<'c> {
        let query = &text::query_form(query);
        if let Some(options) = ambiguous_name(query) {
            return Outcome {
                hits: vec![],
                citation: None,
                miss: Some(Miss::Ambiguous { options }),
            };
        }
        let mut laws = filter.laws.clone();
        let mut words = query.to_string();
        let cit = citation::parse(self.corpus, query);
        let mut hits = vec![];
        let mut miss = None;
        if let Some(c) = &cit {
            let candidates = self.resolve_laws(c);
            if candidates.is_empty()
                && let Some(id) = c.laws.first()
            {
                // Never answer a question about an old version with the current text's article
                // of the same number: the 2025 revision renumbered almost everything.
                let asked = match c.year {
                    Some(y) => y.to_string(),
                    None => "superseded".to_string(),
                };
                return Outcome {
                    hits: vec![],
                    citation: cit.clone(),
                    miss: Some(Miss::VersionNotHeld {
                        law: id.clone(),
                        asked,
                    }),
                };
            }
            if let Some(no) = c.article {
                let pool: Vec<&Statute> = if candidates.is_empty() {
                    // "第九十七条" alone: that article in every statute, in-force first.
                    let mut v: Vec<&Statute> = self.corpus.statutes.iter().collect();
                    v.sort_by_key(|s| !s.in_force());
                    v
                } else {
                    candidates.clone()
                };
                for s in pool {
                    if !laws.is_empty() && !laws.contains(&s.id) {
                        continue;
                    }
                    if let Some(a) = s.article(no) {
                        hits.push(Hit {
                            statute: s,
                            article: a,
                            score: CITATION_SCORE,
                            terms: vec![],
                            cited: true,
                            via: None,
                        });
                    }
                }
                // An old version's article we hold no summary of: answer with its successor(s).
                if hits.is_empty()
                    && let Some(s) = candidates.first()
                    && let Some(m) = self.corpus.mapping_from(&s.id)
                    && let Some(pair) = m.pair(no)
                    && let Some(new) = self.corpus.statute(&m.new)
                {
                    for n in &pair.new {
                        if let Some(a) = new.article(*n) {
                            hits.push(Hit {
                                statute: new,
                                article: a,
                                score: CITATION_SCORE,
                                terms: vec![],
                                cited: true,
                                via: Some(Succession {
                                    old_statute: s,
                                    pair,
                                }),
                            });
                        }
                    }
                    if pair.new.is_empty() {
                        miss = Some(Miss::Deleted {
                            law: s.id.clone(),
                            article: no,
                            note_zh: pair.note_zh.clone(),
                            note_en: pair.note_en.clone(),
                        });
                    }
                }
                if hits.is_empty()
                    && miss.is_none()
                    && let Some(s) = candidates.first()
                {
                    miss = Some(self.miss(s, no));
                }
                if c.rest.is_empty() || !hits.is_empty() {
                    return Outcome {
                        hits: self.finish(hits, filter),
                        citation: cit,
                        miss,
                    };
                }
            } else {
                // A statute named without an article: search inside it for the other words.
                if laws.is_empty() {
                    laws = candidates.iter().map(|s| s.id.clone()).collect();
                }
                words = c.rest.clone();
            }
        }
        // Statute names among the words also narrow the search ("传唤 治安法").
        let mut kept = vec![];
        for w in words.split_whitespace() {
            let f = text::fold_width(w);
            match citation::law_prefix(self.corpus, &f) {
                Some((ss, used)) if used == f.len() => {
                    if filter.laws.is_empty() {
                        laws.extend(ss.iter().map(|s| s.id.clone()))
                    }
                }
                _ => kept.push(w.to_string()),
            }
        }
        let words = kept.join(" ");
        let keyword_hits = self.keyword_search(&words, &laws, filter);
        hits.extend(keyword_hits);
        Outcome {
            hits: self.finish(hits, filter),
            citation: cit,
            miss,
        }
    }

    fn resolve_laws(&self, c: &Citation) -> Vec<&'c Statute> {
        let mut v: Vec<&Statute> = c
            .laws
            .iter()
            .filter_map(|id| self.corpus.statute(id))
            .collect();
        // Several versions under one title: a year picks one; "原/旧" prefers the superseded
        // one; otherwise the version in force comes first. An abbreviation names the statute,
        // not one version, so the other versions of the same title are candidates too.
        if c.year.is_some() || c.old {
            for s in &self.corpus.statutes {
                if !v.iter().any(|x| x.id == s.id) && v.iter().any(|x| x.title_zh == s.title_zh) {
                    v.push(s);
                }
            }
        }
        if let Some(y) = c.year {
            let by_year: Vec<&Statute> = v
                .iter()
                .copied()
                .filter(|s| {
                    s.version.starts_with(&y.to_string())
                        || s.effective
                            .as_deref()
                            .is_some_and(|e| e.starts_with(&y.to_string()))
                })
                .collect();
            v = by_year;
        }
        if c.old {
            v.retain(|s| !s.in_force());
        } else {
            v.sort_by_key(|s| !s.in_force());
        }
        v
    }

    fn miss(&self, s: &Statute, no: ArticleNo) -> Miss {
        // Inserted articles (之一) make the count exceed the last number: use the outline's end,
        // or a held article past it (a closing 附则 outside every part).
        let outline_end = s
            .chapters
            .iter()
            .map(|c| c.last)
            .chain(s.parts.iter().map(|p| p.last))
            .max()
            .unwrap_or(s.articles_total);
        let last = s
            .article_nos
            .iter()
            .map(|n| n.number)
            .fold(outline_end, u32::max);
        let exists = no.suffix == 0 && no.number >= 1 && no.number <= last;
        if exists {
            Miss::NotCovered {
                law: s.id.clone(),
                article: no,
            }
        } else {
            let nearest = s
                .articles
                .iter()
                .min_by_key(|a| (a.no.number as i64 - no.number as i64).abs())
                .map(|a| a.no);
            Miss::NoArticle {
                law: s.id.clone(),
                article: no,
                total: s.articles_total,
                last,
                nearest,
            }
        }
    }

    fn finish(&self, mut hits: Vec<Hit<'c>>, filter: &Filter) -> Vec<Hit<'c>> {
        if !filter.tags.is_empty() {
            hits.retain(|h| filter.tags.iter().any(|t| h.article.has_tag(t)));
        }
        let mut seen = HashSet::new();
        hits.retain(|h| seen.insert((h.statute.id.clone(), h.article.no)));
        if filter.limit > 0 {
            hits.truncate(filter.limit);
        }
        hits
    }

    /// Splits the query into terms. A run-together Chinese word that occurs nowhere is split
    /// into vocabulary words by forward maximum matching (询问多久 → 询问 + 多久).
    fn terms(&self, words: &str) -> Vec<String> {
        let mut out = vec![];
        for w in words.split_whitespace() {
            let w = text::normalize(w);
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && !text::is_han(c));
            if w.is_empty() {
                continue;
            }
            if w.is_ascii() {
                for e in index::english_words_iter(w)
                    .map(str::to_string)
                    .collect::<Vec<_>>()
                {
                    if !STOP_EN.contains(&e.as_str()) {
                        out.push(e);
                    }
                }
                continue;
            }
            let chars: Vec<char> = w.chars().collect();
            if chars.len() <= 2 || self.occurs(w) {
                out.push(w.to_string());
                continue;
            }
            let pieces = self.segment(&chars);
            if pieces.is_empty() {
                out.push(w.to_string());
            } else {
                out.extend(pieces);
            }
        }
        out.dedup();
        out
    }

    fn occurs(&self, w: &str) -> bool {
        self.key_sets()
            .iter()
            .any(|k| memchr::memmem::find(&k.text, w.as_bytes()).is_some())
    }

    fn segment(&self, chars: &[char]) -> Vec<String> {
        let mut out = vec![];
        let mut i = 0;
        let mut unknown = String::new();
        while i < chars.len() {
            let mut found = None;
            let max = MAX_VOCAB_LEN.min(chars.len() - i);
            for len in (2..=max).rev() {
                let cand: String = chars[i..i + len].iter().collect();
                if self.in_vocab(&cand) {
                    found = Some((cand, len));
                    break;
                }
            }
            match found {
                Some((w, len)) => {
                    self.flush_unknown(&mut unknown, &mut out);
                    out.push(w);
                    i += len;
                }
                None => {
                    unknown.push(chars[i]);
                    i += 1;
                }
            }
        }
        self.flush_unknown(&mut unknown, &mut out);
        out
    }

    /// Leftover characters between vocabulary words: drop function words, then keep the longest
    /// pieces (2 to 6 characters) that occur somewhere in the corpus.
    fn flush_unknown(&self, unknown: &mut String, out: &mut Vec<String>) {
        let mut u = std::mem::take(unknown);
        for sw in STOP_ZH {
            u = u.replace(sw, " ");
        }
        for piece in u.split_whitespace() {
            let chars: Vec<char> = piece.chars().collect();
            let mut i = 0;
            while i + 1 < chars.len() {
                let max = 6.min(chars.len() - i);
                let found = (2..=max).rev().find(|&len| {
                    let cand: String = chars[i..i + len].iter().collect();
                    self.occurs(&cand)
                });
                match found {
                    Some(len) => {
                        out.push(chars[i..i + len].iter().collect());
                        i += len;
                    }
                    None => i += 1,
                }
            }
        }
    }

    fn keyword_search(&self, words: &str, laws: &[String], filter: &Filter) -> Vec<Hit<'c>> {
        let terms = self.terms(words);
        if terms.is_empty() {
            return vec![];
        }
        let matcher = SkimMatcherV2::default();
        // Per term, the provisions it hits and how well: found by scanning the key arenas for
        // the term (and for what a colloquial word stands for), never provision by provision.
        let mut per_term: Vec<HashMap<(usize, usize), TermHit>> = vec![];
        for t in &terms {
            let plan = self.plan(t);
            let mut hits = HashMap::new();
            for (ki, keys) in self.key_sets().iter().enumerate() {
                score_term(keys, ki, &plan, &matcher, &mut hits, 1.0);
                // A colloquial word also matches the statutory terms it stands for.
                if let Some(alts) = self.synonyms.get(t) {
                    for alt in alts {
                        score_term(keys, ki, &Plan::literal(alt), &matcher, &mut hits, 0.8);
                    }
                }
            }
            per_term.push(hits);
        }
        // A run of characters we split into words (询问查正 → 询问, 查正) is also a phrase: a
        // provision holding it whole, or a homophone of it, is what was meant, rather than
        // one holding the parts apart (询问 … 警察证, whose 察证 sounds like 查正).
        // Pinyin typed as words (xunwen chazheng) is the same phrase in letters.
        let mut phrase_hits = HashMap::new();
        let trimmed = words.trim();
        let phrase = if trimmed.is_ascii() {
            terms
                .iter()
                .all(|t| t.chars().all(|c| c.is_ascii_lowercase()))
                .then(|| terms.concat())
        } else {
            (!trimmed.contains(char::is_whitespace)).then(|| trimmed.to_string())
        };
        if let Some(phrase) = phrase.filter(|p| terms.len() >= 2 && p.chars().count() <= 24) {
            // Letters are only tried as pinyin: English words run together mean nothing, and
            // a full plan would scan the arenas for them.
            let plan = if phrase.is_ascii() {
                Plan {
                    t: &phrase,
                    stem: "",
                    py: None,
                    latin: syllabify(&phrase, &self.syllable_inventory()),
                    fuzzy: false,
                }
            } else {
                self.plan(&phrase)
            };
            if !phrase.is_ascii() || !plan.latin.is_empty() {
                for (ki, keys) in self.key_sets().iter().enumerate() {
                    score_term(keys, ki, &plan, &matcher, &mut phrase_hits, 0.5);
                }
            }
        }
        let want_tags: u16 = filter
            .tags
            .iter()
            .map(|t| index::tag_bit(t))
            .fold(0, |a, b| a | b);
        let bonus_tags =
            index::tag_bit("right") | index::tag_bit("limit") | index::tag_bit("remedy");
        let mut docs: HashMap<(usize, usize), (f32, usize, Vec<String>)> = HashMap::new();
        for (t, hits) in terms.iter().zip(&per_term) {
            for (d, h) in hits {
                let e = docs.entry(*d).or_insert((0.0, 0, vec![]));
                e.0 += h.score();
                e.1 += 1;
                if h.literal {
                    e.2.push(t.clone());
                }
            }
        }
        for (d, h) in &phrase_hits {
            if let Some(e) = docs.get_mut(d) {
                e.0 += h.score();
            }
        }
        let mut scored = vec![];
        for ((ki, di), (total, matched, literal)) in docs {
            let row = self.key_sets()[ki].doc(di);
            let s = &self.corpus.statutes[row.statute as usize];
            if !laws.is_empty() && !laws.contains(&s.id) {
                continue;
            }
            if want_tags != 0 && row.tags & want_tags == 0 {
                continue;
            }
            // Provisions that match every word come first; within a coverage level, score.
            let coverage = matched as f32 / terms.len() as f32;
            let mut score = total * (0.25 + 0.75 * coverage * coverage);
            if matched == terms.len() {
                score += 100.0;
            }
            // Ties go to what the tool is for: rights, limits and remedies; and to law in force.
            if row.tags & bonus_tags != 0 {
                score += 0.5;
            }
            if s.in_force() {
                score += 0.2;
            }
            // A statute outranks the rules that implement it when all else is equal.
            score += match s.kind.as_str() {
                "constitution" | "law" => 0.15,
                "administrative-regulation" => 0.1,
                _ => 0.0,
            };
            scored.push((score, row, literal));
        }
        let statutes = &self.corpus.statutes;
        scored.sort_by(|x, y| {
            y.0.total_cmp(&x.0)
                .then_with(|| {
                    statutes[x.1.statute as usize]
                        .id
                        .cmp(&statutes[y.1.statute as usize].id)
                })
                .then_with(|| x.1.article.cmp(&y.1.article))
        });
        // Only the provisions shown are decoded.
        if filter.limit > 0 {
            scored.truncate(filter.limit);
        }
        scored
            .into_iter()
            .map(|(score, row, terms)| {
                let s = &statutes[row.statute as usize];
                Hit {
                    statute: s,
                    article: &s.articles[row.article as usize],
                    score,
                    terms,
                    cited: false,
                    via: None,
                }
            })
            .collect()
    }
}

/// How one term meets one provision: the best field, the sum over fields, and whether a field
/// holds it literally (for highlighting).
#[derive(Default, Clone, Copy)]
struct TermHit {
    best: f32,
    sum: f32,
    literal: bool,
}

impl TermHit {
    fn add(&mut self, sc: f32) {
        self.best = self.best.max(sc);
        self.sum += sc;
    }

    /// Hits in further fields (title and keywords and summary) add a little: a provision about
    /// the term mentions it throughout.
    fn score(&self) -> f32 {
        self.best + ((self.sum - self.best) * 0.1).max(0.0).min(self.best * 0.5)
    }
}

/// What one query term needs checked, decided once per query.
struct Plan<'t> {
    t: &'t str,
    stem: &'t str,
    /// The "|cha|zheng|" key of a Chinese term, for same-sounding matches.
    py: Option<String>,
    /// "|xun|wen|" keys a Latin term may spell (several when the letters split more than one way).
    latin: Vec<String>,
    /// Try typo matching on English words.
    fuzzy: bool,
}

impl<'t> Plan<'t> {
    fn literal(t: &'t str) -> Plan<'t> {
        Plan {
            t,
            stem: stem(t),
            py: None,
            latin: vec![],
            fuzzy: false,
        }
    }
}

/// Ways to spell `q` as consecutive syllables from `inventory` (at most a few).
fn syllabify(q: &str, inventory: &HashSet<&str>) -> Vec<String> {
    fn go(rest: &str, acc: &mut Vec<String>, out: &mut Vec<String>, inv: &HashSet<&str>) {
        if out.len() >= 8 {
            return;
        }
        if rest.is_empty() {
            out.push(format!("|{}|", acc.join("|")));
            return;
        }
        for len in (1..=rest.len().min(6)).rev() {
            if inv.contains(&rest[..len]) {
                acc.push(rest[..len].to_string());
                go(&rest[len..], acc, out, inv);
                acc.pop();
            }
        }
    }
    let mut out = vec![];
    go(q, &mut vec![], &mut out, inventory);
    out
}

impl<'c> Index<'c> {
    /// Every pinyin syllable that occurs in the keys.
    fn syllable_inventory(&self) -> HashSet<&str> {
        self.key_sets()
            .iter()
            .flat_map(|k| k.syllables.split('\n'))
            .filter(|x| !x.is_empty())
            .collect()
    }

    fn plan<'t>(&self, t: &'t str) -> Plan<'t> {
        let ascii = t.is_ascii();
        let st = stem(t);
        let mut latin = vec![];
        if ascii && t.len() >= 4 && t.chars().all(|c| c.is_ascii_lowercase()) {
            latin = syllabify(t, &self.syllable_inventory());
        }
        let en_anywhere = ascii && self.occurs(st);
        Plan {
            t,
            stem: st,
            py: if ascii { None } else { text::pinyin_sep(t) },
            latin,
            fuzzy: ascii && !en_anywhere && t.len() >= 5,
        }
    }
}

/// A term found literally in this many fields is taken as typed, not as a homophone typo.
const HOMOPHONE_ONLY_BELOW: usize = 8;

/// Scores one term against one key set, adding to `hits` (keyed by key set and provision).
/// `factor` scales the scores (colloquial stand-ins count a little less).
fn score_term(
    keys: &index::Keys,
    ki: usize,
    plan: &Plan,
    matcher: &SkimMatcherV2,
    hits: &mut HashMap<(usize, usize), TermHit>,
    factor: f32,
) {
    let t = plan.t;
    let ascii = t.is_ascii();
    // The best score of each field hit: several ways to match count once per field.
    let mut fields: HashMap<usize, (f32, bool)> = HashMap::new();
    let put = |fields: &mut HashMap<usize, (f32, bool)>, f: usize, sc: f32, lit: bool| {
        let e = fields.entry(f).or_insert((0.0, false));
        e.0 = e.0.max(sc);
        e.1 |= lit;
    };
    let density = |f: &index::FieldRow, keys: &index::Keys| {
        let text = keys.text_of(f);
        if f.en {
            t.len() as f32 / text.len().max(1) as f32
        } else {
            t.chars().count() as f32 / text.chars().count().max(1) as f32
        }
    };
    if !ascii || t.chars().any(|c| c.is_ascii_digit()) {
        // Literal, in Chinese fields.
        for at in memchr::memmem::find_iter(&keys.text, t.as_bytes()) {
            if let Some(fi) = keys.field_at_text(at) {
                let f = keys.field(fi);
                if !f.en && at + t.len() <= f.text.1 as usize {
                    put(
                        &mut fields,
                        fi,
                        f.weight * (1.0 + 0.3 * density(&f, keys).min(1.0)),
                        true,
                    );
                }
            }
        }
        // Same sound, other character: the input method picked a homophone. Only when the
        // characters as typed are rare: a term found literally in many fields is no typo, and
        // skipping the pinyin arena then saves scanning (and paging in) a third of the keys.
        if let Some(q) = &plan.py
            && t.chars().count() >= 2
            && fields.len() < HOMOPHONE_ONLY_BELOW
        {
            for at in memchr::memmem::find_iter(&keys.py, q.as_bytes()) {
                if let Some(fi) = keys.field_at_py(at) {
                    let f = keys.field(fi);
                    put(
                        &mut fields,
                        fi,
                        f.weight * (0.7 + 0.3 * density(&f, keys).min(1.0)),
                        false,
                    );
                }
            }
        }
    }
    if ascii {
        // English: the word, a form of it, or a longer word it begins.
        let st = plan.stem;
        if !st.is_empty() {
            for at in memchr::memmem::find_iter(&keys.text, st.as_bytes()) {
                let Some(fi) = keys.field_at_text(at) else {
                    continue;
                };
                let f = keys.field(fi);
                if !f.en {
                    continue;
                }
                let text = keys.text_of(&f);
                let rel = at - f.text.0 as usize;
                let word_char = |c: char| c.is_alphanumeric() || c == '-' || c == '\'';
                if text[..rel].chars().next_back().is_some_and(word_char) {
                    continue; // not at the start of a word
                }
                let end = text[rel..]
                    .find(|c: char| !word_char(c))
                    .map_or(text.len(), |e| rel + e);
                let word = text[rel..end].trim_matches('\'');
                let d = 0.3 * density(&f, keys).min(1.0);
                if word == t {
                    put(&mut fields, fi, f.weight * (1.0 + d), true);
                } else if st.len() >= 3 && stem(word) == st {
                    put(&mut fields, fi, f.weight * (0.9 + d), true);
                } else if t.len() >= 4 {
                    put(&mut fields, fi, f.weight * (0.7 + d), false);
                }
            }
        }
        // Latin letters against Chinese: full pinyin, at syllable boundaries.
        for l in &plan.latin {
            for at in memchr::memmem::find_iter(&keys.py, l.as_bytes()) {
                if let Some(fi) = keys.field_at_py(at) {
                    let f = keys.field(fi);
                    put(
                        &mut fields,
                        fi,
                        f.weight * (0.8 + 0.3 * density(&f, keys).min(1.0)),
                        false,
                    );
                }
            }
        }
        // Typos in English words: a close fuzzy match on a single word, when nothing else in
        // these keys matched (pinyin, for one).
        if plan.fuzzy && fields.is_empty() {
            for fi in 0..keys.n_fields() {
                let f = keys.field(fi);
                if !f.en {
                    continue;
                }
                let best = index::english_words_iter(keys.text_of(&f))
                    .filter(|w| w.len() + 2 >= t.len() && w.len() <= t.len() + 2)
                    .filter_map(|w| matcher.fuzzy_match(w, t))
                    .max()
                    .unwrap_or(0);
                if best as usize >= t.len() * 16 {
                    put(&mut fields, fi, f.weight * 0.4, false);
                }
            }
        }
    }
    let mut found: HashSet<usize> = HashSet::new();
    for (fi, (sc, lit)) in fields {
        let di = keys.doc_of_field(fi);
        found.insert(di);
        let h = hits.entry((ki, di)).or_default();
        h.add(sc * factor);
        h.literal |= lit;
    }
    // Initials ("xwcz") against the title and keywords, for provisions nothing else matched.
    if ascii && (2..=8).contains(&t.len()) && t.chars().all(|c| c.is_ascii_lowercase()) {
        for at in memchr::memmem::find_iter(&keys.ini, t.as_bytes()) {
            let starts = at == 0 || keys.ini[at - 1] == b'\n';
            let end = at + t.len();
            let whole = keys.ini.get(end).is_none_or(|b| *b == b'\n');
            if starts
                && (whole || t.len() >= 3)
                && let Some(di) = keys.doc_at_ini(at)
                && !found.contains(&di)
            {
                found.insert(di);
                let h = hits.entry((ki, di)).or_default();
                h.add(W_KEYWORD_ZH * 0.6 * factor);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Corpus {
        let head = r#"schema = 1
[statute]
id = "t"
title_zh = "中华人民共和国测试法"
title_en = "Test Law"
short_zh = "测试法"
short_en = "Test Law"
aliases = ["测法"]
kind = "law"
issuer = "x"
version = "2020-01-01"
version_zh = "2020年"
version_en = "2020"
status = "in-force"
articles_total = 3
"#;
        let art = |n: u32, title: &str, summary: &str, tags: &str| {
            format!(
                "\n[[article]]\nnumber = {n}\ntitle_zh = \"{title}\"\ntitle_en = \"T{n}\"\nsummary_zh = \"{summary}\"\nsummary_en = \"S{n}\"\ntags = [{tags}]\nanchors = [\"x\"]\n"
            )
        };
        let src = format!(
            "{head}{}{}{}",
            art(1, "传唤", "公安机关可以传唤。", "\"power\""),
            art(2, "询问时限", "传唤后询问不得超过八小时。", "\"limit\""),
            art(3, "询问笔录", "询问笔录应当核对。", "\"procedure\"")
        );
        Corpus::from_sources(&[("t.toml", &src)]).unwrap()
    }

    fn first(c: &Corpus, q: &str) -> Option<u32> {
        let idx = Index::new(c);
        idx.search(q, &Filter::default())
            .hits
            .first()
            .map(|h| h.article.no.number)
    }

    #[test]
    fn matching_every_word_beats_a_strong_single_match() {
        let c = corpus();
        // 传唤 is article 1's title, but only article 2 has both words.
        assert_eq!(first(&c, "传唤 八小时"), Some(2));
    }

    #[test]
    fn title_beats_summary() {
        let c = corpus();
        assert_eq!(first(&c, "笔录"), Some(3));
    }

    #[test]
    fn digits_match_numerals_and_homophones_match() {
        let c = corpus();
        assert_eq!(first(&c, "8小时"), Some(2));
        assert_eq!(first(&c, "询问时线"), Some(2)); // 线 xian for 限 xian
    }

    #[test]
    fn citations_and_misses() {
        let c = corpus();
        let idx = Index::new(&c);
        assert_eq!(first(&c, "测法第三条"), Some(3));
        let o = idx.search("测试法第九条", &Filter::default());
        assert!(o.hits.is_empty());
        assert!(matches!(o.miss, Some(Miss::NoArticle { total: 3, .. })));
    }

    #[test]
    fn garbage_finds_nothing() {
        let c = corpus();
        assert_eq!(first(&c, "!!!"), None);
        assert_eq!(first(&c, ""), None);
    }
}
