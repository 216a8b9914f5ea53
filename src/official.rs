//! Parser for official statute texts in the two formats we meet: the national database's text
//! export (flk-txt: BOM, CRLF, full-width spaces, a table of contents before the body) and the
//! markdown collection format (lawrefbook-md: `# title`, a header, `<!-- INFO END -->`, `##` headings).

use crate::model::ArticleNo;
use crate::numerals;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    FlkTxt,
    LawrefbookMd,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::FlkTxt => "flk-txt",
            Format::LawrefbookMd => "lawrefbook-md",
        }
    }
}

#[derive(Debug, Clone)]
pub struct OfficialArticle {
    pub no: ArticleNo,
    /// The paragraphs (款) and items (项) as lines, full-width indentation removed.
    pub paragraphs: Vec<String>,
    /// 编: the part, in statutes divided into parts (刑法, 刑事诉讼法); chapters restart in each.
    pub part: Option<u32>,
    pub chapter: Option<u32>,
    pub section: Option<u32>,
    /// 1-based line in the source file where the article starts.
    pub line: usize,
}

impl OfficialArticle {
    /// The article's text with all white space removed, for anchor matching (the sources break
    /// lines and pad with full-width spaces inconsistently).
    pub fn compact(&self) -> String {
        compact(&self.paragraphs.concat())
    }
}

/// Removes white space of every width.
pub fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[derive(Debug, Clone)]
pub struct Heading {
    /// '编', '章' or '节'
    pub level: char,
    pub number: u32,
    pub title: String,
    /// The first article after the heading.
    pub first: Option<ArticleNo>,
}

#[derive(Debug, Clone)]
pub struct OfficialText {
    pub format: Format,
    pub title: String,
    /// The header lines between the title and the body (adoption and amendment history).
    pub header: Vec<String>,
    /// Dates found in the header, as YYYY-MM-DD, in order of appearance.
    pub dates: Vec<String>,
    pub headings: Vec<Heading>,
    pub articles: Vec<OfficialArticle>,
}

impl OfficialText {
    /// The latest date in the header: the version the text reflects, when the header says it.
    pub fn latest_date(&self) -> Option<&str> {
        self.dates.iter().max().map(|s| s.as_str())
    }

    pub fn article(&self, no: ArticleNo) -> Option<&OfficialArticle> {
        self.articles.iter().find(|a| a.no == no)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

fn trim_ws(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

/// Parses an article label at the start of a line: 第九十七条 / 第一百二十条之一 / 第一百二十八 条.
/// Returns the article and the rest of the line.
pub fn article_label(line: &str) -> Option<(ArticleNo, &str)> {
    let s = trim_ws(line);
    let r = s.strip_prefix('第')?;
    let end = r
        .char_indices()
        .find(|(_, c)| !numerals::is_numeral_char(*c))
        .map(|(i, _)| i)?;
    let number = numerals::from_chinese(&r[..end])?;
    let after = &r[end..];
    let mut r = after.trim_start_matches([' ', '\u{3000}']);
    // Some sources print "第一百二十八 条侦查人员…": a space inside the label, none after it.
    // A reference in running text never has that inner space, so it marks a label too.
    let inner_space = r.len() != after.len();
    r = r.strip_prefix('条')?;
    let mut suffix = 0;
    if let Some(x) = r.strip_prefix('之') {
        let e = x
            .char_indices()
            .find(|(_, c)| !numerals::is_numeral_char(*c))
            .map_or(x.len(), |(i, _)| i);
        suffix = numerals::from_chinese(&x[..e])?;
        r = &x[e..];
    }
    // The label must be followed by a space (or end the line): "第十条规定的" is a reference.
    if !(inner_space || r.is_empty() || r.starts_with([' ', '\u{3000}', '\t'])) {
        return None;
    }
    Some((ArticleNo::new(number, suffix), trim_ws(r)))
}

/// A chapter, section or part heading: 第一章　总　　则, ## 第二章 职权, 　　第一节　调　　查.
fn heading(line: &str) -> Option<Heading> {
    let s = trim_ws(line).trim_start_matches('#');
    let s = trim_ws(s);
    let r = s.strip_prefix('第')?;
    let end = r
        .char_indices()
        .find(|(_, c)| !numerals::is_numeral_char(*c))
        .map(|(i, _)| i)?;
    let number = numerals::from_chinese(&r[..end])?;
    let rest = &r[end..];
    let level = rest.chars().next()?;
    if !matches!(level, '编' | '章' | '节') {
        return None;
    }
    let title: String = rest[level.len_utf8()..]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if title.chars().count() > 30 || title.ends_with('。') || title.ends_with('；') {
        return None;
    }
    Some(Heading {
        level,
        number,
        title,
        first: None,
    })
}

/// Converts "2025年6月27日" forms in a line to YYYY-MM-DD.
fn dates_in(line: &str) -> Vec<String> {
    let mut out = vec![];
    // Some headers write dates in full-width digits (２０１２年１２月３日).
    let chars: Vec<char> = crate::text::fold_width(line).chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let mut j = i;
            let mut nums = vec![];
            let mut ok = true;
            for sep in ['年', '月', '日'] {
                let st = j;
                while j < chars.len() && chars[j].is_ascii_digit() {
                    j += 1;
                }
                if j == st || j >= chars.len() || chars[j] != sep {
                    ok = false;
                    break;
                }
                nums.push(chars[st..j].iter().collect::<String>());
                j += 1;
            }
            if ok && nums[0].len() == 4 {
                out.push(format!("{}-{:0>2}-{:0>2}", nums[0], nums[1], nums[2]));
                i = j;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Parses an official text. Errors name the line and the problem.
pub fn parse(src: &[u8]) -> Result<OfficialText, ParseError> {
    if src.is_empty() {
        return Err(ParseError {
            line: 0,
            message: "the file is empty".into(),
        });
    }
    if src.contains(&0) {
        return Err(ParseError {
            line: 0,
            message: "this is a binary file, not a statute text".into(),
        });
    }
    let text = match std::str::from_utf8(src) {
        Ok(t) => t,
        Err(e) => {
            let line = src[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            return Err(ParseError {
                line,
                message: "the file is not UTF-8 text (fatiao reads UTF-8; convert a GBK file with iconv -f GBK -t UTF-8)".into(),
            });
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let is_md = lines.iter().any(|l| l.trim() == "<!-- INFO END -->")
        || lines
            .iter()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| l.starts_with("# "));
    let format = if is_md {
        Format::LawrefbookMd
    } else {
        Format::FlkTxt
    };
    let (title_idx, title_line) = lines
        .iter()
        .enumerate()
        .find(|(_, l)| !trim_ws(l).is_empty())
        .ok_or(ParseError {
            line: 0,
            message: "the file has no text".into(),
        })?;
    let title: String = trim_ws(title_line.trim_start_matches('#'))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();

    // Where the body starts.
    let body_start = match format {
        Format::LawrefbookMd => lines
            .iter()
            .position(|l| l.trim() == "<!-- INFO END -->")
            .map_or(title_idx + 1, |i| i + 1),
        Format::FlkTxt => {
            let toc = lines.iter().position(|l| compact(l) == "目录");
            let first_struct = |from: usize| {
                (from..lines.len())
                    .find(|&i| heading(lines[i]).is_some() || article_label(lines[i]).is_some())
            };
            match toc {
                // The TOC repeats the headings; the body begins where the first heading
                // appears a second time.
                Some(t) => {
                    let first = first_struct(t + 1);
                    match first.and_then(|f| heading(lines[f]).map(|h| (f, h))) {
                        Some((f, h)) => (f + 1..lines.len())
                            .find(|&i| {
                                heading(lines[i])
                                    .is_some_and(|x| x.level == h.level && x.number == h.number)
                            })
                            .unwrap_or(f),
                        None => first.unwrap_or(t + 1),
                    }
                }
                None => first_struct(title_idx + 1).unwrap_or(title_idx + 1),
            }
        }
    };
    let header: Vec<String> = lines[title_idx + 1..body_start.min(lines.len())]
        .iter()
        .map(|l| trim_ws(l).to_string())
        .filter(|l| !l.is_empty() && !l.starts_with("<!--") && compact(l) != "目录")
        .collect();
    let mut dates = vec![];
    for h in &header {
        dates.extend(dates_in(h));
    }

    let mut headings: Vec<Heading> = vec![];
    let mut articles: Vec<OfficialArticle> = vec![];
    let mut part = None;
    let mut chapter = None;
    let mut section = None;
    let mut in_article = false;
    for (i, l) in lines.iter().enumerate().skip(body_start) {
        if let Some((no, rest)) = article_label(l) {
            let mut paragraphs = vec![];
            if !rest.is_empty() {
                paragraphs.push(rest.to_string());
            }
            articles.push(OfficialArticle {
                no,
                paragraphs,
                part,
                chapter,
                section,
                line: i + 1,
            });
            for h in headings.iter_mut().rev() {
                if h.first.is_some() {
                    break;
                }
                h.first = Some(no);
            }
            in_article = true;
            continue;
        }
        if let Some(h) = heading(l) {
            match h.level {
                '编' => {
                    part = Some(h.number);
                    chapter = None;
                    section = None;
                }
                '章' => {
                    chapter = Some(h.number);
                    section = None;
                }
                '节' => section = Some(h.number),
                _ => {}
            }
            headings.push(h);
            in_article = false;
            continue;
        }
        let t = trim_ws(l);
        if t.is_empty() {
            continue;
        }
        // An unnumbered 附则 heading (刑事诉讼法 after its last part) closes every part and
        // chapter: the articles after it belong to none.
        if compact(t.trim_start_matches('#')) == "附则" {
            (part, chapter, section) = (None, None, None);
            in_article = false;
            continue;
        }
        if t.starts_with('#') || t.starts_with("<!--") {
            in_article = false;
            continue;
        }
        if in_article && let Some(a) = articles.last_mut() {
            a.paragraphs.push(t.to_string());
        }
    }
    if articles.is_empty() {
        return Err(ParseError {
            line: 0,
            message: "no articles (第…条) found: this does not look like a statute text".into(),
        });
    }
    Ok(OfficialText {
        format,
        title,
        header,
        dates,
        headings,
        articles,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(
            article_label("第九十七条　对违反").map(|x| x.0.number),
            Some(97)
        );
        assert_eq!(
            article_label("第一百二十八 条 公安").map(|x| x.0.number),
            Some(128)
        );
        let (no, _) = article_label("第一百二十条之一 资助").unwrap();
        assert_eq!((no.number, no.suffix), (120, 1));
        assert!(article_label("第十条规定的情形").is_none());
        let (no, rest) = article_label("第一百二十八 条侦查人员").unwrap();
        assert_eq!((no.number, rest), (128, "侦查人员"));
    }

    #[test]
    fn flk_with_toc_bom_crlf() {
        let src = "\u{feff}\r\n中华人民共和国测试法\r\n\r\n（2020年1月2日通过　2021年3月4日修正）\r\n\r\n目　　录\r\n第一章　总　　则\r\n第二章　附　　则\r\n\r\n第一章　总　　则\r\n\r\n第一条　为了测试。\r\n第二条　应当测试。\r\n第二款内容。\r\n第二章　附　　则\r\n第三条　本法自公布之日起施行。\r\n";
        let t = parse(src.as_bytes()).unwrap();
        assert_eq!(t.format, Format::FlkTxt);
        assert_eq!(t.title, "中华人民共和国测试法");
        assert_eq!(t.latest_date(), Some("2021-03-04"));
        assert_eq!(t.articles.len(), 3);
        assert_eq!(t.articles[1].paragraphs, vec!["应当测试。", "第二款内容。"]);
        assert_eq!(t.articles[2].chapter, Some(2));
        assert_eq!(t.headings.len(), 2);
    }

    #[test]
    fn unnumbered_supplementary_heading_closes_parts() {
        let src = "中华人民共和国测试法\n（2020年1月2日通过）\n第一编　总　　则\n第一章　任务\n第一条　为了测试。\n第二条　应当测试。\n附　　则\n第三条　本法自公布之日起施行。\n";
        let t = parse(src.as_bytes()).unwrap();
        assert_eq!(t.articles.len(), 3);
        assert_eq!(
            (t.articles[1].part, t.articles[1].chapter),
            (Some(1), Some(1))
        );
        // The heading is not part of article 2's text, and article 3 is in no part or chapter.
        assert_eq!(t.articles[1].paragraphs, vec!["应当测试。"]);
        assert_eq!((t.articles[2].part, t.articles[2].chapter), (None, None));
    }

    #[test]
    fn rejects_non_statutes() {
        assert!(parse(b"").is_err());
        assert!(parse(b"\x00\x01binary").is_err());
        assert!(parse(b"just some notes\nnothing here\n").is_err());
        assert!(parse(&[0xd6, 0xd0, 0xbb, 0xaa]).is_err()); // GBK
    }
}
