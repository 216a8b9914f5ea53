//! Text normalisation shared by indexing and querying: full-width forms, number forms
//! (二十四小时 ↔ 24小时, 30天 ↔ 30日), pinyin keys, display-width wrapping and sanitising.

use pinyin::ToPinyin;
use unicode_width::UnicodeWidthStr;

/// True for CJK ideographs (the characters pinyin applies to).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Full-width ASCII to ASCII, ideographic space to space, ASCII lowercased.
pub fn fold_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// Units after which a Chinese numeral is a quantity that users type in Arabic digits.
const QTY_UNITS: &[&str] = &[
    "小时",
    "日",
    "天",
    "个月",
    "月",
    "年",
    "元",
    "周岁",
    "岁",
    "人",
    "次",
    "倍",
    "个工作日",
    "公里",
];

/// Writes quantities the way users type them: 八小时 → 8小时, 三十日 → 30日, 30天 → 30日.
/// Article labels (第九十七条) are left alone.
pub fn normalize_numbers(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if crate::numerals::is_numeral_char(c) && (i == 0 || chars[i - 1] != '第') {
            let mut j = i;
            while j < chars.len() && crate::numerals::is_numeral_char(chars[j]) {
                j += 1;
            }
            let run: String = chars[i..j].iter().collect();
            let rest: String = chars[j..chars.len().min(j + 5)].iter().collect();
            if QTY_UNITS.iter().any(|u| rest.starts_with(u))
                && let Some(n) = crate::numerals::from_chinese(&run)
            {
                out.push_str(&n.to_string());
                i = j;
                continue;
            }
            out.push_str(&run);
            i = j;
            continue;
        }
        if c == '天' && i > 0 && chars[i - 1].is_ascii_digit() {
            out.push('日');
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

/// A query as typed, in the form the data is written in: half-width and simplified characters
/// (治安管理處罰法 → 治安管理处罚法). Only queries go through this; the data is simplified already.
pub fn query_form(s: &str) -> String {
    fast2s::convert(&fold_width(s))
}

/// The normal form both the index and the query go through.
pub fn normalize(s: &str) -> String {
    normalize_numbers(&fold_width(s))
}

/// Pinyin keys of a text. `sep` is "|xun|wen|" with '#' where a non-Han run breaks the sequence:
/// a same-sounding Chinese query (查正 → |cha|zheng|) is a substring of it, and pinyin typed in
/// Latin letters is matched against its syllables. `initials` is the first letters, one per Han
/// character, with '#' breaks.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct PinyinKey {
    pub sep: String,
    pub initials: String,
}

pub fn pinyin_key(s: &str) -> PinyinKey {
    let mut k = PinyinKey {
        sep: String::from("|"),
        ..Default::default()
    };
    for p in s.to_pinyin() {
        match p {
            Some(p) => {
                k.sep.push_str(p.plain());
                k.sep.push('|');
                k.initials.push_str(p.first_letter());
            }
            None => {
                if !k.sep.ends_with("#|") {
                    k.sep.push_str("#|");
                    k.initials.push('#');
                }
            }
        }
    }
    k
}

/// The "|cha|zheng|" form of a Chinese query term; None when it has no Han characters.
pub fn pinyin_sep(s: &str) -> Option<String> {
    let mut out = String::from("|");
    let mut any = false;
    for p in s.to_pinyin() {
        match p {
            Some(p) => {
                out.push_str(p.plain());
                out.push('|');
                any = true;
            }
            None => return None,
        }
    }
    any.then_some(out)
}

impl PinyinKey {
    /// Latin pinyin ("xunwen") matched at syllable boundaries on both ends.
    pub fn matches_latin(&self, q: &str) -> bool {
        matches_latin(&self.sep, q)
    }
}

/// Latin pinyin against a "|xun|wen|" key: consecutive syllables that spell q exactly.
pub fn matches_latin(sep: &str, q: &str) -> bool {
    {
        if q.is_empty() {
            return false;
        }
        // Consecutive syllables whose letters spell q exactly: starts and ends at syllable
        // boundaries, so "unwen" does not match inside "xun|wen".
        let syllables: Vec<&str> = sep.split('|').collect();
        for start in 0..syllables.len() {
            let mut rest = q;
            for syl in &syllables[start..] {
                if syl.is_empty() || *syl == "#" {
                    break;
                }
                match rest.strip_prefix(syl) {
                    Some("") => return true,
                    Some(r) => rest = r,
                    None => break,
                }
            }
        }
        false
    }
}

/// Replaces control characters (terminal escapes included) so that text from data files can
/// never drive the terminal. Newlines and tabs survive; everything else becomes U+FFFD.
pub fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == '\n' || c == '\t' {
                c
            } else if c.is_control()
                || matches!(c as u32, 0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069)
            {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Wraps text to `max` display columns, breaking Latin text at spaces and CJK text between any
/// two characters (but never before closing punctuation). `indent` is prepended to every line.
pub fn wrap(s: &str, max: usize, indent: &str) -> Vec<String> {
    let avail = max.saturating_sub(width(indent)).max(10);
    let mut lines = vec![];
    for para in s.split('\n') {
        let mut w = 0;
        // Tokens: a Latin word with its trailing space, or a single wide character.
        let mut tokens: Vec<String> = vec![];
        let mut cur = String::new();
        for c in para.chars() {
            if c.is_ascii() {
                cur.push(c);
                if c == ' ' {
                    tokens.push(std::mem::take(&mut cur));
                }
            } else {
                if !cur.is_empty() {
                    tokens.push(std::mem::take(&mut cur));
                }
                tokens.push(c.to_string());
            }
        }
        if !cur.is_empty() {
            tokens.push(cur);
        }
        let mut cur: Vec<String> = vec![];
        for t in tokens {
            let tw = width(&t);
            if w + tw > avail && w > 0 {
                // Closing punctuation never starts a line: carry the previous character with it.
                let closing = t
                    .chars()
                    .next()
                    .is_some_and(|c| "，。；：、）》」』！？,.;:)".contains(c));
                let carry = if closing && cur.len() > 1 {
                    cur.pop()
                } else {
                    None
                };
                let text: String = cur.concat();
                lines.push(format!("{indent}{}", text.trim_end()));
                cur.clear();
                w = 0;
                if let Some(c) = carry {
                    w += width(&c);
                    cur.push(c);
                }
                if t == " " {
                    continue;
                }
            }
            w += tw;
            cur.push(t);
        }
        let line: String = cur.concat();
        lines.push(format!("{indent}{}", line.trim_end()));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_both_ways() {
        assert_eq!(normalize("不得超过八小时"), "不得超过8小时");
        assert_eq!(normalize("二十四小时"), "24小时");
        assert_eq!(normalize("三十日"), "30日");
        assert_eq!(normalize("30天"), "30日");
        assert_eq!(normalize("５００元"), "500元");
        assert_eq!(normalize("第九十七条"), "第九十七条");
        assert_eq!(normalize("十日以上十五日以下"), "10日以上15日以下");
    }

    #[test]
    fn homophones_share_a_key() {
        let k = pinyin_key("询问查证的时间");
        assert!(k.sep.contains(&pinyin_sep("查正").unwrap()));
        assert!(k.matches_latin("xunwen"));
        assert!(k.matches_latin("chazheng"));
        // Not across a syllable boundary: "unwen" starts inside "xun".
        assert!(!k.matches_latin("unwen"));
        assert_eq!(k.initials, "xwczdsj");
    }

    #[test]
    fn sanitize_strips_escapes() {
        assert_eq!(sanitize("a\u{1b}[31mb\n"), "a\u{FFFD}[31mb\n");
    }

    #[test]
    fn wrap_by_display_width() {
        let lines = wrap("公安机关传唤违反治安管理行为人后应当及时询问查证", 20, "");
        assert!(lines.iter().all(|l| width(l) <= 20), "{lines:?}");
        assert_eq!(
            lines.concat(),
            "公安机关传唤违反治安管理行为人后应当及时询问查证"
        );
    }
}
