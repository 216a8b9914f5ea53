//! Rendering provisions and statute lists as text, Markdown, citations and JSON.
//! Renderers write to `impl Write` and take their colours from one `Style` table, so "no colour"
//! is simply the empty table and tests capture plain bytes.

use crate::model::{Article, ArticleNo, Limit, Statute};
use crate::search::Hit;
use crate::text::{sanitize, width, wrap};
use colored::{ColoredString, Colorize};
use serde_json::{Value, json};
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
    Both,
}

impl Lang {
    pub fn zh(self) -> bool {
        self != Lang::En
    }
    pub fn en(self) -> bool {
        self != Lang::Zh
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Cite,
    Json,
}

/// The semantic pieces of the output and their styles.
#[derive(Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, s: &str, f: fn(ColoredString) -> ColoredString) -> String {
        if self.color {
            f(s.normal()).to_string()
        } else {
            s.to_string()
        }
    }
    fn citation(&self, s: &str) -> String {
        self.paint(s, |c| c.bold().cyan())
    }
    fn title(&self, s: &str) -> String {
        self.paint(s, |c| c.bold())
    }
    fn label(&self, s: &str) -> String {
        self.paint(s, |c| c.dimmed())
    }
    fn tag(&self, t: &str, s: &str) -> String {
        match t {
            "right" => self.paint(s, |c| c.green().bold()),
            "limit" => self.paint(s, |c| c.yellow().bold()),
            "remedy" => self.paint(s, |c| c.blue().bold()),
            "prohibition" => self.paint(s, |c| c.red()),
            _ => self.paint(s, |c| c.dimmed()),
        }
    }
    pub fn title_pub(&self, s: &str) -> String {
        self.title(s)
    }
    fn mark(&self, s: &str) -> String {
        if self.color {
            s.black().on_yellow().to_string()
        } else {
            s.to_string()
        }
    }
}

/// Output settings decided once at the edge.
#[derive(Clone, Copy)]
pub struct Opts {
    pub lang: Lang,
    pub format: Format,
    pub style: Style,
    /// Wrap width; None when not writing to a terminal (one paragraph per line).
    pub width: Option<usize>,
}

pub fn tag_zh(t: &str) -> &'static str {
    match t {
        "right" => "权利",
        "limit" => "限制",
        "power" => "职权",
        "duty" => "义务",
        "prohibition" => "禁止",
        "penalty" => "处罚",
        "remedy" => "救济",
        "procedure" => "程序",
        "principle" => "原则",
        "definition" => "定义",
        "organisation" => "组织",
        _ => "",
    }
}

const SUMMARY_ZH: &str = "摘要（非官方原文）";
const SUMMARY_EN: &str = "Summary (not the official text)";

/// 《中华人民共和国治安管理处罚法》第九十七条(第二款)
pub fn cite_zh(s: &Statute, no: ArticleNo, paragraph: Option<u32>) -> String {
    let mut c = format!("《{}》{}", s.title_zh, no.zh());
    if let Some(p) = paragraph {
        c.push_str(&format!("第{}款", crate::numerals::to_chinese(p)));
    }
    c
}

/// Article 97(2), Public Security Administration Punishments Law of the People's Republic of China (2025 revision)
pub fn cite_en(s: &Statute, no: ArticleNo, paragraph: Option<u32>) -> String {
    let mut a = no.en();
    if let Some(p) = paragraph {
        a.push_str(&format!("({p})"));
    }
    format!("{a}, {} ({})", s.title_en, s.version_en)
}

fn highlight(text: &str, terms: &[String], st: Style) -> String {
    if !st.color || terms.is_empty() {
        return text.to_string();
    }
    // Mark every literal occurrence (case-insensitive for ASCII), longest terms first.
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return text.to_string();
    }
    let mut marks = vec![false; text.len()];
    for t in terms {
        let t = t.to_lowercase();
        if t.is_empty() {
            continue;
        }
        let mut from = 0;
        while let Some(p) = lower[from..].find(&t) {
            let s = from + p;
            for m in marks.iter_mut().skip(s).take(t.len()) {
                *m = true;
            }
            from = s + t.len();
        }
    }
    let mut out = String::new();
    let mut i = 0;
    while i < text.len() {
        let on = marks[i];
        let mut j = i;
        while j < text.len() && marks[j] == on {
            j += 1;
        }
        while !text.is_char_boundary(j) {
            j += 1;
        }
        let seg = &text[i..j];
        out.push_str(&if on { st.mark(seg) } else { seg.to_string() });
        i = j;
    }
    out
}

fn para(w: &mut dyn Write, text: &str, indent: &str, o: &Opts, terms: &[String]) -> io::Result<()> {
    let text = sanitize(text);
    let lines = match o.width {
        Some(wd) => wrap(&text, wd, indent),
        None => vec![format!("{indent}{text}")],
    };
    for l in lines {
        writeln!(w, "{}", highlight(&l, terms, o.style))?;
    }
    Ok(())
}

fn tags_line(a: &Article, o: &Opts) -> String {
    a.tags
        .iter()
        .map(|t| {
            let s = match o.lang {
                Lang::Zh => format!("[{}]", tag_zh(t)),
                Lang::En => format!("[{t}]"),
                Lang::Both => format!("[{} {t}]", tag_zh(t)),
            };
            o.style.tag(t, &s)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn heading_line(s: &Statute, a: &Article, o: &Opts, paragraph: Option<u32>) -> String {
    let c = if o.lang.zh() {
        cite_zh(s, a.no, paragraph)
    } else {
        cite_en(s, a.no, paragraph)
    };
    let plain_tags = {
        let plain = Opts {
            style: Style { color: false },
            ..*o
        };
        tags_line(a, &plain)
    };
    // Tags go on a line of their own when citation and tags would not fit the width.
    let fits = o
        .width
        .is_none_or(|w| width(&c) + 2 + width(&plain_tags) + 4 <= w);
    let sep = if fits { "  " } else { "\n   " };
    format!(
        "{}{sep}{}",
        o.style.citation(&sanitize(&c)),
        tags_line(a, o)
    )
}

fn version_line(s: &Statute, o: &Opts) -> String {
    match o.lang {
        Lang::Zh => s.version_line_zh(),
        Lang::En => s.version_line_en(),
        Lang::Both => format!("{} · {}", s.version_line_zh(), s.version_line_en()),
    }
}

/// "This is the successor of old article N" for a hit reached through an old version's number.
pub fn succession_line(h: &Hit, lang: Lang) -> Option<String> {
    let v = h.via.as_ref()?;
    let (os, p) = (v.old_statute, v.pair);
    let zh = format!(
        "原《{}》（{}）{}的继承条文（{}）{}{}",
        os.title_zh,
        os.version_zh,
        p.old.zh(),
        crate::history::kind_zh(&p.kind),
        if p.note_zh.is_empty() { "" } else { "：" },
        p.note_zh
    );
    let en = format!(
        "Successor of article {} of the {} ({}){}{}",
        p.old,
        os.version_en,
        p.kind,
        if p.note_en.is_empty() { "" } else { ": " },
        p.note_en
    );
    Some(match lang {
        Lang::Zh => zh,
        Lang::En => en,
        Lang::Both => format!("{zh}\n{en}"),
    })
}

/// A search result in the terminal: citation, version, titles, our summary.
pub fn text_hit(
    w: &mut dyn Write,
    rank: usize,
    h: &Hit,
    o: &Opts,
    paragraph: Option<u32>,
) -> io::Result<()> {
    let (s, a) = (h.statute, h.article);
    writeln!(w, "{rank}. {}", heading_line(s, a, o, paragraph))?;
    para(w, &version_line(s, o), "   ", o, &[])?;
    if let Some(l) = succession_line(h, o.lang) {
        para(w, &l, "   ", o, &[])?;
    }
    if o.lang.zh() {
        let t = o.style.title(&sanitize(&a.title_zh));
        writeln!(w, "   {}", highlight(&t, &h.terms, o.style))?;
    }
    if o.lang.en() {
        let t = o.style.title(&sanitize(&a.title_en));
        writeln!(w, "   {}", highlight(&t, &h.terms, o.style))?;
    }
    if o.lang.zh() {
        writeln!(w, "   {}", o.style.label(SUMMARY_ZH))?;
        para(w, &a.summary_zh, "   ", o, &h.terms)?;
    }
    if o.lang.en() {
        writeln!(w, "   {}", o.style.label(SUMMARY_EN))?;
        para(w, &a.summary_en, "   ", o, &h.terms)?;
    }
    Ok(())
}

pub fn limit_line(l: &Limit, zh: bool) -> String {
    let kind = if zh { limit_kind_zh(&l.kind) } else { &l.kind };
    let mut s = format!("{kind}: ");
    if zh {
        s.push_str(&l.what_zh);
        if let Some(f) = l.figure(true) {
            s.push_str(&format!(" — {f}"));
        }
        if let Some(c) = &l.condition_zh {
            s.push_str(&format!("（{c}）"));
        }
        if let Some(a) = &l.actor_zh {
            s.push_str(&format!(" · {a}"));
        }
    } else {
        s.push_str(&l.what_en);
        if let Some(f) = l.figure(false) {
            s.push_str(&format!(" — {f}"));
        }
        if let Some(c) = &l.condition_en {
            s.push_str(&format!(" ({c})"));
        }
        if let Some(a) = &l.actor_en {
            s.push_str(&format!(" · {a}"));
        }
    }
    s
}

pub fn limit_kind_zh(k: &str) -> &'static str {
    match k {
        "duration" => "时限",
        "deadline" => "期限",
        "approval" => "审批",
        "notice" => "通知",
        "amount" => "数额",
        "prohibition" => "禁止",
        "precondition" => "前提",
        "duty" => "义务",
        _ => "",
    }
}

/// One provision as a full card (`show`).
pub fn text_card(
    w: &mut dyn Write,
    h: &Hit,
    corpus: &crate::corpus::Corpus,
    o: &Opts,
    paragraph: Option<u32>,
) -> io::Result<()> {
    let (s, a) = (h.statute, h.article);
    writeln!(w, "{}", heading_line(s, a, o, paragraph))?;
    para(w, &version_line(s, o), "", o, &[])?;
    if let Some(l) = succession_line(h, o.lang) {
        para(w, &l, "", o, &[])?;
    }
    // Where this article came from in the previous version.
    if h.via.is_none()
        && let Some(m) = corpus.mapping_to(&s.id)
        && let Some(old) = corpus.statute(&m.old)
    {
        let preds = m.predecessors(a.no);
        let line = if preds.is_empty() {
            m.added(a.no).map(|x| match o.lang {
                Lang::Zh => format!("{}新增条文。{}", s.version_zh, x.note_zh),
                Lang::En => format!("New in the {}. {}", s.version_en, x.note_en),
                Lang::Both => format!(
                    "{}新增条文。{}\nNew in the {}. {}",
                    s.version_zh, x.note_zh, s.version_en, x.note_en
                ),
            })
        } else {
            let nums: Vec<String> = preds.iter().map(|p| p.old.zh()).collect();
            let nums_en: Vec<String> = preds.iter().map(|p| p.old.to_string()).collect();
            Some(match o.lang {
                Lang::Zh => format!("对应{}文本{}", old.version_zh, nums.join("、")),
                Lang::En => format!(
                    "Was article {} of the {}",
                    nums_en.join(", "),
                    old.version_en
                ),
                Lang::Both => format!(
                    "对应{}文本{} · Was article {} of the {}",
                    old.version_zh,
                    nums.join("、"),
                    nums_en.join(", "),
                    old.version_en
                ),
            })
        };
        if let Some(l) = line {
            para(w, &l, "", o, &[])?;
        }
    }
    if let Some(ch) = s.chapter_of(a) {
        let sec = a
            .section
            .and_then(|n| ch.sections.iter().find(|x| x.number == n));
        let part = ch.part.and_then(|p| s.parts.iter().find(|x| x.number == p));
        let mut line = String::new();
        if o.lang.zh() {
            if let Some(p) = part {
                line.push_str(&format!(
                    "第{}编 {} · ",
                    crate::numerals::to_chinese(p.number),
                    p.title_zh
                ));
            }
            line.push_str(&format!(
                "第{}章 {}",
                crate::numerals::to_chinese(ch.number),
                ch.title_zh
            ));
            if let Some(x) = sec {
                line.push_str(&format!(
                    " · 第{}节 {}",
                    crate::numerals::to_chinese(x.number),
                    x.title_zh
                ));
            }
        }
        if o.lang.en() {
            if !line.is_empty() {
                line.push_str(" / ");
            }
            if let Some(p) = part {
                line.push_str(&format!("Part {} {}, ", p.number, p.title_en));
            }
            line.push_str(&format!("Chapter {} {}", ch.number, ch.title_en));
            if let Some(x) = sec {
                line.push_str(&format!(", Section {} {}", x.number, x.title_en));
            }
        }
        para(w, &line, "", o, &[])?;
    }
    writeln!(w)?;
    if o.lang.zh() {
        writeln!(w, "{}", o.style.title(&sanitize(&a.title_zh)))?;
    }
    if o.lang.en() {
        writeln!(w, "{}", o.style.title(&sanitize(&a.title_en)))?;
    }
    writeln!(w)?;
    if o.lang.zh() {
        writeln!(w, "{}", o.style.label(SUMMARY_ZH))?;
        para(w, &a.summary_zh, "  ", o, &h.terms)?;
    }
    if o.lang.en() {
        writeln!(w, "{}", o.style.label(SUMMARY_EN))?;
        para(w, &a.summary_en, "  ", o, &h.terms)?;
    }
    if !a.limits.is_empty() {
        writeln!(w)?;
        let label = match o.lang {
            Lang::Zh => "程序限制",
            Lang::En => "Procedural limits",
            Lang::Both => "程序限制 Procedural limits",
        };
        writeln!(w, "{}", o.style.label(label))?;
        for l in &a.limits {
            if o.lang.zh() {
                para(w, &format!("- {}", limit_line(l, true)), "  ", o, &[])?;
            }
            if o.lang.en() {
                let pre = if o.lang == Lang::Both { "  " } else { "- " };
                para(w, &format!("{pre}{}", limit_line(l, false)), "  ", o, &[])?;
            }
        }
    }
    writeln!(w)?;
    let label = match o.lang {
        Lang::Zh => "原文锚句（逐字摘自官方文本）",
        Lang::En => "Anchors (verbatim from the official text)",
        Lang::Both => "原文锚句 Anchors (verbatim from the official text)",
    };
    writeln!(w, "{}", o.style.label(label))?;
    for an in &a.anchors {
        para(w, &format!("「{an}」"), "  ", o, &[])?;
    }
    if !a.see_also.is_empty() {
        writeln!(w)?;
        let label = match o.lang {
            Lang::Zh => "参见",
            Lang::En => "See also",
            Lang::Both => "参见 See also",
        };
        writeln!(w, "{}", o.style.label(label))?;
        for r in &a.see_also {
            let line = match corpus.provision(r) {
                Some((ts, ta)) => {
                    let mut l = String::new();
                    if o.lang.zh() {
                        l.push_str(&format!("{}{} {}", ts.short_zh, ta.no.zh(), ta.title_zh));
                    }
                    if o.lang.en() {
                        if !l.is_empty() {
                            l.push_str(" / ");
                        }
                        l.push_str(&format!("{} art. {}: {}", ts.short_en, ta.no, ta.title_en));
                    }
                    l
                }
                None => match corpus.statute(&r.law) {
                    Some(ts) => format!("{}{}", ts.short_zh, r.article.zh()),
                    None => r.to_string(),
                },
            };
            para(w, &format!("- {line}  [{r}]"), "  ", o, &[])?;
        }
    }
    Ok(())
}

/// A provision in Markdown (for notes and slides).
pub fn markdown_hit(
    w: &mut dyn Write,
    h: &Hit,
    o: &Opts,
    paragraph: Option<u32>,
    full: bool,
) -> io::Result<()> {
    let (s, a) = (h.statute, h.article);
    let cite = if o.lang.zh() {
        cite_zh(s, a.no, paragraph)
    } else {
        cite_en(s, a.no, paragraph)
    };
    let title = match o.lang {
        Lang::Zh => a.title_zh.clone(),
        Lang::En => a.title_en.clone(),
        Lang::Both => format!("{} / {}", a.title_zh, a.title_en),
    };
    writeln!(w, "### {} — {}", md(&cite), md(&title))?;
    writeln!(w)?;
    let tags = a.tags.join(", ");
    writeln!(w, "*{}* · tags: {}", md(&version_line(s, o)), tags)?;
    writeln!(w)?;
    if let Some(l) = succession_line(h, o.lang) {
        writeln!(w, "{}\n", md(&l).replace('\n', "  \n"))?;
    }
    if o.lang.zh() {
        writeln!(w, "> **{SUMMARY_ZH}** {}", md(&a.summary_zh))?;
        writeln!(w)?;
    }
    if o.lang.en() {
        writeln!(w, "> **{SUMMARY_EN}** {}", md(&a.summary_en))?;
        writeln!(w)?;
    }
    if full && !a.limits.is_empty() {
        for l in &a.limits {
            if o.lang.zh() {
                writeln!(w, "- {}", md(&limit_line(l, true)))?;
            }
            if o.lang.en() {
                writeln!(w, "- {}", md(&limit_line(l, false)))?;
            }
        }
        writeln!(w)?;
    }
    Ok(())
}

/// Escapes what Markdown would otherwise interpret, and neutralises control characters.
pub fn md(s: &str) -> String {
    let mut out = String::new();
    for c in sanitize(s).chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub fn cite_line(w: &mut dyn Write, h: &Hit, o: &Opts, paragraph: Option<u32>) -> io::Result<()> {
    let (s, a) = (h.statute, h.article);
    if o.lang.zh() {
        writeln!(w, "{}", sanitize(&cite_zh(s, a.no, paragraph)))?;
    }
    if o.lang == Lang::En {
        writeln!(w, "{}", sanitize(&cite_en(s, a.no, paragraph)))?;
    }
    Ok(())
}

/// The stable JSON form of a provision (documented in README.md).
pub fn hit_json(h: &Hit) -> Value {
    let (s, a) = (h.statute, h.article);
    let mut v = json!({
        "id": format!("{}:{}", s.id, a.no),
        "law": s.id,
        "law_zh": s.title_zh,
        "law_en": s.title_en,
        "version": s.version,
        "status": s.status,
        "effective": s.effective,
        "article": a.no.number,
        "citation_zh": cite_zh(s, a.no, None),
        "citation_en": cite_en(s, a.no, None),
        "title_zh": a.title_zh,
        "title_en": a.title_en,
        "summary_zh": a.summary_zh,
        "summary_en": a.summary_en,
        "tags": a.tags,
        "keywords_zh": a.keywords_zh,
        "keywords_en": a.keywords_en,
        "anchors": a.anchors,
        "see_also": a.see_also.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
        "limits": a.limits,
        "score": (h.score * 1000.0).round() / 1000.0,
    });
    if a.no.suffix > 0 {
        v["suffix"] = json!(a.no.suffix);
    }
    if let Some(via) = &h.via {
        v["successor_of"] = json!({
            "law": via.old_statute.id,
            "version": via.old_statute.version,
            "article": via.pair.old.number,
            "kind": via.pair.kind,
            "note_zh": via.pair.note_zh,
            "note_en": via.pair.note_en,
        });
    }
    v
}

pub fn statute_json(s: &Statute) -> Value {
    json!({
        "id": s.id,
        "law_zh": s.title_zh,
        "law_en": s.title_en,
        "short_zh": s.short_zh,
        "aliases": s.aliases,
        "kind": s.kind,
        "issuer": s.issuer,
        "version": s.version,
        "version_zh": s.version_zh,
        "version_en": s.version_en,
        "effective": s.effective,
        "status": s.status,
        "supersedes": s.supersedes,
        "articles_total": s.articles_total,
        "articles_covered": s.articles.len(),
        "source": s.source,
    })
}

/// Pads `s` with spaces to `w` display columns.
pub fn pad(s: &str, w: usize) -> String {
    let n = width(s);
    if n >= w {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

/// Column widths that fit `total` display columns: each column gets its natural width if all fit;
/// otherwise the widest columns are narrowed first, never below `min`.
pub fn fit_widths(natural: &[usize], total: usize, sep: usize, min: usize) -> Vec<usize> {
    let mut w: Vec<usize> = natural.iter().map(|&n| n.max(1)).collect();
    let avail = total.saturating_sub(sep * natural.len().saturating_sub(1));
    while w.iter().sum::<usize>() > avail {
        let (i, &max) = w.iter().enumerate().max_by_key(|(_, x)| **x).unwrap();
        if max <= min {
            break;
        }
        w[i] = max - 1;
    }
    w
}

/// Writes rows as an aligned table by display width; long cells wrap inside their column.
pub fn table_rows(
    out: &mut dyn Write,
    widths: &[usize],
    rows: &[Vec<String>],
    indent: &str,
) -> io::Result<()> {
    for row in rows {
        let cells: Vec<Vec<String>> = row
            .iter()
            .zip(widths)
            .map(|(c, &w)| {
                if width(c) <= w && !c.contains('\n') {
                    vec![c.clone()]
                } else {
                    wrap(c, w, "")
                }
            })
            .collect();
        let height = cells.iter().map(|c| c.len()).max().unwrap_or(1);
        for i in 0..height {
            let mut line = String::from(indent);
            for (j, c) in cells.iter().enumerate() {
                let cell = c.get(i).map(String::as_str).unwrap_or("");
                if j + 1 == cells.len() {
                    line.push_str(cell);
                } else {
                    line.push_str(&pad(cell, widths[j]));
                    line.push_str("  ");
                }
            }
            writeln!(out, "{}", sanitize(line.trim_end()))?;
        }
    }
    Ok(())
}
