//! Chinese numerals as statutes write them (第一百零三条) to integers and back.

const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// 103 -> "一百零三"; 10 -> "十"; 110 -> "一百一十". Numbers 1..=9999 (0 gives "零").
pub fn to_chinese(n: u32) -> String {
    if n == 0 {
        return "零".into();
    }
    if n >= 10_000 {
        // Statutes never go this far; keep Arabic rather than invent a form.
        return n.to_string();
    }
    let units = ["千", "百", "十", ""];
    let parts = [n / 1000, (n / 100) % 10, (n / 10) % 10, n % 10];
    let mut out = String::new();
    let mut pending_zero = false;
    for (i, &d) in parts.iter().enumerate() {
        if d == 0 {
            if !out.is_empty() {
                pending_zero = true;
            }
            continue;
        }
        if pending_zero {
            out.push('零');
            pending_zero = false;
        }
        // 10-19 are written 十, 十一 ... without a leading 一.
        if !(i == 2 && d == 1 && out.is_empty()) {
            out.push_str(DIGITS[d as usize]);
        }
        out.push_str(units[i]);
    }
    out
}

fn digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

fn unit(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

/// True for characters that can be part of a Chinese numeral.
pub fn is_numeral_char(c: char) -> bool {
    digit(c).is_some() || unit(c).is_some()
}

/// "一百零三" -> 103, "十" -> 10, "二十四" -> 24. Also a plain digit string written in
/// Chinese digits ("一二〇" -> 120). Returns None for anything malformed.
pub fn from_chinese(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let chars: Vec<char> = s.chars().collect();
    if chars.iter().all(|&c| digit(c).is_some()) {
        // Positional form: 一二〇
        if chars.len() > 4 || digit(chars[0]) == Some(0) {
            return None;
        }
        let mut n = 0;
        for c in chars {
            n = n * 10 + digit(c)?;
        }
        return Some(n);
    }
    let mut total = 0u32;
    let mut cur: Option<u32> = None;
    let mut last_unit = 10_000u32;
    let mut after_zero = false;
    for c in chars {
        if let Some(d) = digit(c) {
            if cur.is_some() {
                return None; // two digits in a row: 三四
            }
            if d == 0 {
                if after_zero {
                    return None;
                }
                after_zero = true;
                continue;
            }
            cur = Some(d);
        } else if let Some(u) = unit(c) {
            if u >= last_unit {
                return None; // units must descend: 十百 is not a number
            }
            let d = match cur {
                Some(d) => d,
                // A bare 十 at the start (十五) or after 百 (一百十) means 1x; elsewhere a unit needs a digit.
                None if u == 10 && (total == 0 || last_unit == 100) && !after_zero => 1,
                None => return None,
            };
            total += d * u;
            cur = None;
            last_unit = u;
            after_zero = false;
        } else {
            return None;
        }
    }
    if let Some(d) = cur {
        // A trailing digit after 零 or after 十 is units; after 百/千 without 零 ("一百三")
        // colloquially means 130 / 1300.
        if !after_zero && (100..10_000).contains(&last_unit) {
            total += d * (last_unit / 10);
        } else {
            total += d;
        }
    }
    if total == 0 { None } else { Some(total) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_forms() {
        assert_eq!(to_chinese(1), "一");
        assert_eq!(to_chinese(10), "十");
        assert_eq!(to_chinese(15), "十五");
        assert_eq!(to_chinese(20), "二十");
        assert_eq!(to_chinese(97), "九十七");
        assert_eq!(to_chinese(100), "一百");
        assert_eq!(to_chinese(103), "一百零三");
        assert_eq!(to_chinese(110), "一百一十");
        assert_eq!(to_chinese(119), "一百一十九");
        assert_eq!(to_chinese(1000), "一千");
        assert_eq!(to_chinese(1001), "一千零一");
        assert_eq!(to_chinese(1010), "一千零一十");
        assert_eq!(to_chinese(1100), "一千一百");
    }

    #[test]
    fn parse_forms() {
        assert_eq!(from_chinese("九十七"), Some(97));
        assert_eq!(from_chinese("十"), Some(10));
        assert_eq!(from_chinese("十二"), Some(12));
        assert_eq!(from_chinese("二十"), Some(20));
        assert_eq!(from_chinese("一百零三"), Some(103));
        assert_eq!(from_chinese("一百一十"), Some(110));
        assert_eq!(from_chinese("一百十"), Some(110));
        assert_eq!(from_chinese("一千"), Some(1000));
        assert_eq!(from_chinese("一千零一十"), Some(1010));
        assert_eq!(from_chinese("二十四"), Some(24));
        assert_eq!(from_chinese("两百"), Some(200));
        assert_eq!(from_chinese("一百三"), Some(130));
        assert_eq!(from_chinese("一二〇"), Some(120));
    }

    #[test]
    fn rejects_malformed() {
        for s in ["", "十百", "三四十", "零零一", "百", "条", "一x"] {
            assert_eq!(from_chinese(s), None, "{s}");
        }
    }

    #[test]
    fn round_trip_all() {
        for n in 1..=9999 {
            assert_eq!(
                from_chinese(&to_chinese(n)),
                Some(n),
                "{n} -> {}",
                to_chinese(n)
            );
        }
    }
}
