//! Search keys of each provision, laid out so they are used in place: every field's normalised
//! text in one arena, its pinyin key ("|xun|wen|") in another, the initials of titles and
//! keywords in a third, and fixed-size little-endian tables of fields and provisions. build.rs
//! writes them for the embedded statutes (and the cache of user statutes uses the same layout),
//! so a lookup decodes nothing: it scans the arenas for each term and maps hits back to fields.

use crate::model::{Article, Statute, TAGS};
use crate::text;
use std::borrow::Cow;

/// Field weights: a hit in a title or keyword says more than one in a summary.
pub const W_TITLE_ZH: f32 = 10.0;
pub const W_KEYWORD_ZH: f32 = 8.0;
pub const W_ANCHOR: f32 = 6.0;
pub const W_SUMMARY_ZH: f32 = 3.0;
pub const W_TITLE_EN: f32 = 9.0;
pub const W_KEYWORD_EN: f32 = 8.0;
pub const W_SUMMARY_EN: f32 = 2.5;

/// Field kinds, stored as one byte: the weight and language follow from it.
const KINDS: [(f32, bool); 7] = [
    (W_TITLE_ZH, false),
    (W_KEYWORD_ZH, false),
    (W_ANCHOR, false),
    (W_SUMMARY_ZH, false),
    (W_TITLE_EN, true),
    (W_KEYWORD_EN, true),
    (W_SUMMARY_EN, true),
];

/// Bytes of one field record: text start, text end, pinyin start, pinyin end (u32 each), kind.
pub const FIELD_SIZE: usize = 17;
/// Bytes of one provision record: statute, article, first field, end field, initials start,
/// initials end (u32 each), tag bits (u16).
pub const DOC_SIZE: usize = 26;

/// A field record.
#[derive(Debug, Clone, Copy)]
pub struct FieldRow {
    pub text: (u32, u32),
    pub py: (u32, u32),
    pub weight: f32,
    pub en: bool,
}

/// A provision record.
#[derive(Debug, Clone, Copy)]
pub struct DocRow {
    pub statute: u32,
    pub article: u32,
    pub fields: (u32, u32),
    pub initials: (u32, u32),
    /// Bit i set: the article has tag `TAGS[i]`.
    pub tags: u16,
}

/// The keys of a set of statutes.
#[derive(Debug, Clone, Default)]
pub struct Keys {
    /// The arenas are bytes: a field is checked as UTF-8 only when its text is used, so a large
    /// cached corpus needs no validation pass at start-up.
    pub text: Cow<'static, [u8]>,
    pub py: Cow<'static, [u8]>,
    /// Initials of each provision's title and keywords, each followed by '\n'.
    pub ini: Cow<'static, [u8]>,
    /// Chinese keywords, sorted, one per line (for splitting run-together queries).
    pub vocab: Cow<'static, str>,
    /// Every pinyin syllable in the keys, one per line.
    pub syllables: Cow<'static, str>,
    pub fields: Cow<'static, [u8]>,
    pub docs: Cow<'static, [u8]>,
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

pub fn tag_bits(a: &Article) -> u16 {
    a.tags
        .iter()
        .filter_map(|t| TAGS.iter().position(|x| x == t))
        .fold(0, |acc, i| acc | (1 << i))
}

pub fn tag_bit(tag: &str) -> u16 {
    TAGS.iter().position(|x| *x == tag).map_or(0, |i| 1 << i)
}

impl Keys {
    pub fn n_fields(&self) -> usize {
        self.fields.len() / FIELD_SIZE
    }

    pub fn n_docs(&self) -> usize {
        self.docs.len() / DOC_SIZE
    }

    pub fn field(&self, i: usize) -> FieldRow {
        let b = &self.fields[i * FIELD_SIZE..(i + 1) * FIELD_SIZE];
        let (weight, en) = KINDS[b[16] as usize % KINDS.len()];
        FieldRow {
            text: (u32_at(b, 0), u32_at(b, 4)),
            py: (u32_at(b, 8), u32_at(b, 12)),
            weight,
            en,
        }
    }

    pub fn doc(&self, i: usize) -> DocRow {
        let b = &self.docs[i * DOC_SIZE..(i + 1) * DOC_SIZE];
        DocRow {
            statute: u32_at(b, 0),
            article: u32_at(b, 4),
            fields: (u32_at(b, 8), u32_at(b, 12)),
            initials: (u32_at(b, 16), u32_at(b, 20)),
            tags: u16::from_le_bytes([b[24], b[25]]),
        }
    }

    pub fn text_of(&self, f: &FieldRow) -> &str {
        std::str::from_utf8(&self.text[f.text.0 as usize..f.text.1 as usize]).unwrap_or("")
    }

    pub fn py_of(&self, f: &FieldRow) -> &str {
        std::str::from_utf8(&self.py[f.py.0 as usize..f.py.1 as usize]).unwrap_or("")
    }

    /// The field whose text holds byte `at` of the text arena.
    pub fn field_at_text(&self, at: usize) -> Option<usize> {
        let n = self.n_fields();
        let i = partition(n, |i| self.field(i).text.0 as usize <= at).checked_sub(1)?;
        (at < self.field(i).text.1 as usize).then_some(i)
    }

    /// The field whose pinyin key holds byte `at` of the pinyin arena.
    pub fn field_at_py(&self, at: usize) -> Option<usize> {
        let n = self.n_fields();
        // English fields have empty pinyin ranges; the last field starting at or before `at`
        // with a non-empty range is the one.
        let mut i = partition(n, |i| self.field(i).py.0 as usize <= at).checked_sub(1)?;
        loop {
            let f = self.field(i);
            if !f.en && (f.py.0 as usize) <= at && at < f.py.1 as usize {
                return Some(i);
            }
            if f.py.0 as usize <= at && !f.en {
                return None;
            }
            i = i.checked_sub(1)?;
        }
    }

    /// The provision a field belongs to.
    pub fn doc_of_field(&self, field: usize) -> usize {
        partition(self.n_docs(), |i| self.doc(i).fields.0 as usize <= field) - 1
    }

    /// The provision whose initials hold byte `at` of the initials arena.
    pub fn doc_at_ini(&self, at: usize) -> Option<usize> {
        let i =
            partition(self.n_docs(), |i| self.doc(i).initials.0 as usize <= at).checked_sub(1)?;
        (at < self.doc(i).initials.1 as usize).then_some(i)
    }

    /// Whether `w` is one of the keywords (binary search over the sorted lines).
    pub fn in_vocab(&self, w: &str) -> bool {
        let v: &str = &self.vocab;
        let (mut lo, mut hi) = (0usize, v.len());
        while lo < hi {
            let mut mid = lo + (hi - lo) / 2;
            while mid > lo && !v.is_char_boundary(mid) {
                mid -= 1;
            }
            let start = v[..mid].rfind('\n').map_or(0, |p| p + 1).max(lo);
            let end = v[start..].find('\n').map_or(v.len(), |p| start + p);
            match v[start..end].cmp(w) {
                std::cmp::Ordering::Equal => return true,
                std::cmp::Ordering::Less => lo = end + 1,
                std::cmp::Ordering::Greater => hi = start,
            }
        }
        false
    }
}

/// The number of leading indices in 0..n for which `pred` holds (pred must be monotone).
fn partition(n: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

pub fn english_words_iter(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
        .filter(|w| !w.is_empty() && w.is_ascii())
        .map(|w| w.trim_matches('\''))
}

#[derive(Default)]
struct Builder {
    text: String,
    py: String,
    ini: String,
    fields: Vec<u8>,
    docs: Vec<u8>,
}

impl Builder {
    fn field(&mut self, kind: u8, raw: &str) {
        let en = KINDS[kind as usize].1;
        let t = if en {
            text::fold_width(raw)
        } else {
            text::normalize(raw)
        };
        let start = self.text.len() as u32;
        self.text.push_str(&t);
        let end = self.text.len() as u32;
        let p0 = self.py.len() as u32;
        if !en {
            self.py.push_str(&text::pinyin_key(&t).sep);
        }
        let p1 = self.py.len() as u32;
        for v in [start, end, p0, p1] {
            self.fields.extend_from_slice(&v.to_le_bytes());
        }
        self.fields.push(kind);
    }
}

/// Keys for `statutes`, numbered from `first` (their position in the corpus).
pub fn build(statutes: &[Statute], first: usize) -> Keys {
    let mut b = Builder::default();
    let mut vocab = std::collections::BTreeSet::new();
    for (i, s) in statutes.iter().enumerate() {
        for (ai, a) in s.articles.iter().enumerate() {
            let f0 = (b.fields.len() / FIELD_SIZE) as u32;
            add_fields(&mut b, a);
            let f1 = (b.fields.len() / FIELD_SIZE) as u32;
            let i0 = b.ini.len() as u32;
            b.ini.push_str(&text::pinyin_key(&a.title_zh).initials);
            b.ini.push('\n');
            for k in &a.keywords_zh {
                b.ini
                    .push_str(&text::pinyin_key(&text::normalize(k)).initials);
                b.ini.push('\n');
            }
            let i1 = b.ini.len() as u32;
            for v in [(first + i) as u32, ai as u32, f0, f1, i0, i1] {
                b.docs.extend_from_slice(&v.to_le_bytes());
            }
            b.docs.extend_from_slice(&tag_bits(a).to_le_bytes());
            for k in &a.keywords_zh {
                let n = text::normalize(k);
                if n.chars().count() >= 2 && n.chars().all(text::is_han) {
                    vocab.insert(n);
                }
            }
        }
    }
    // A few hundred distinct syllables among millions: dedupe as they come.
    let syllables: std::collections::BTreeSet<&str> =
        b.py.split('|')
            .filter(|x| !x.is_empty() && *x != "#")
            .collect();
    let syllables = syllables.into_iter().collect::<Vec<_>>().join("\n");
    Keys {
        vocab: Cow::Owned(vocab.into_iter().collect::<Vec<_>>().join("\n")),
        syllables: Cow::Owned(syllables),
        text: Cow::Owned(b.text.into_bytes()),
        py: Cow::Owned(b.py.into_bytes()),
        ini: Cow::Owned(b.ini.into_bytes()),
        fields: Cow::Owned(b.fields),
        docs: Cow::Owned(b.docs),
    }
}

fn add_fields(b: &mut Builder, a: &Article) {
    b.field(0, &a.title_zh);
    for k in &a.keywords_zh {
        b.field(1, k);
    }
    for an in &a.anchors {
        b.field(2, an);
    }
    b.field(3, &a.summary_zh);
    b.field(4, &a.title_en);
    for k in &a.keywords_en {
        b.field(5, k);
    }
    b.field(6, &a.summary_en);
}

/// The sections of a keys blob, in the order they are written.
pub fn sections(k: &Keys) -> [&[u8]; 7] {
    [
        &k.text,
        &k.py,
        &k.ini,
        k.vocab.as_bytes(),
        k.syllables.as_bytes(),
        &k.fields,
        &k.docs,
    ]
}

/// Writes keys as one blob: seven u64 lengths, then the sections.
pub fn to_blob(k: &Keys) -> Vec<u8> {
    let secs = sections(k);
    let mut out = Vec::new();
    for s in &secs {
        out.extend_from_slice(&(s.len() as u64).to_le_bytes());
    }
    for s in &secs {
        out.extend_from_slice(s);
    }
    out
}

/// Reads a blob written by `to_blob`, borrowing its sections.
pub fn from_blob(b: &'static [u8]) -> Option<Keys> {
    let mut lens = [0usize; 7];
    for (i, l) in lens.iter_mut().enumerate() {
        *l = u64::from_le_bytes(b.get(i * 8..i * 8 + 8)?.try_into().ok()?) as usize;
    }
    let mut at = 56;
    let mut take = |n: usize| -> Option<&'static [u8]> {
        let s = b.get(at..at + n)?;
        at += n;
        Some(s)
    };
    let s = |x: &'static [u8]| std::str::from_utf8(x).ok().map(Cow::Borrowed);
    Some(Keys {
        text: Cow::Borrowed(take(lens[0])?),
        py: Cow::Borrowed(take(lens[1])?),
        ini: Cow::Borrowed(take(lens[2])?),
        vocab: s(take(lens[3])?)?,
        syllables: s(take(lens[4])?)?,
        fields: Cow::Borrowed(take(lens[5])?),
        docs: Cow::Borrowed(take(lens[6])?),
    })
}
