//! Turning the parsed command line into decisions (`Config`) and running each command.

use crate::cli::{Cli, ColorArg, Command, FormatArg, Global, LangArg};
use crate::corpus::{Corpus, Sources};
use crate::render::{self, Format, Lang, Opts, Style};
use crate::search::{Filter, Hit, Index, Miss};
use crate::text::sanitize;
use crate::{citation, model, verify};
use std::io::{self, IsTerminal, Write};

/// Exit codes, as ripgrep has them: users script against these.
pub const FOUND: i32 = 0;
pub const NOT_FOUND: i32 = 1;
pub const ERROR: i32 = 2;

/// Every decision the command line implies, made once before any work starts.
pub struct Config {
    pub opts: Opts,
    pub filter: Filter,
    /// Statute names given with --law, resolved later against the corpus.
    pub law_names: Vec<String>,
    pub sources: Sources,
}

/// The output language from the locale: Chinese locales get Chinese, English ones English,
/// and anything else (C, POSIX, unset) both.
pub fn lang_from_locale() -> Lang {
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(v) = std::env::var(var) {
            if v.is_empty() {
                continue;
            }
            let v = v.to_lowercase();
            return if v.starts_with("zh") {
                Lang::Zh
            } else if v.starts_with("en") {
                Lang::En
            } else {
                Lang::Both
            };
        }
    }
    Lang::Both
}

pub fn config(g: &Global, file: &crate::config::FileConfig) -> Config {
    let stdout_tty = io::stdout().is_terminal();
    let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    // The command line wins over the config file, which wins over the defaults.
    let color_choice = g.color.unwrap_or(match file.color.as_deref() {
        Some("always") => ColorArg::Always,
        Some("never") => ColorArg::Never,
        _ => ColorArg::Auto,
    });
    let color = match color_choice {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => stdout_tty && !no_color_env,
    };
    let plain = g.format == FormatArg::Plain;
    let color = color && !plain;
    // The colored crate reads the environment on its own; the decision made here wins.
    colored::control::set_override(color);
    let width = if plain {
        None
    } else if let Some(w) = g.width {
        Some(w as usize)
    } else if stdout_tty {
        Some(
            terminal_size::terminal_size()
                .map(|(w, _)| w.0 as usize)
                .unwrap_or(80)
                .clamp(40, 120),
        )
    } else {
        None
    };
    let lang = match g.lang {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        Some(LangArg::Both) => Lang::Both,
        None => match file.lang.as_deref() {
            Some("zh") => Lang::Zh,
            Some("en") => Lang::En,
            Some("both") => Lang::Both,
            _ => lang_from_locale(),
        },
    };
    let format = match g.format {
        FormatArg::Text | FormatArg::Plain => Format::Text,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Cite => Format::Cite,
        FormatArg::Json => Format::Json,
    };
    Config {
        opts: Opts {
            lang,
            format,
            style: Style { color },
            width,
        },
        filter: Filter {
            laws: vec![],
            tags: g.tag.iter().map(|t| t.to_lowercase()).collect(),
            limit: g.limit,
        },
        law_names: g.law.clone(),
        sources: Sources {
            dirs: g.statutes.iter().chain(&file.statutes).cloned().collect(),
            no_embedded: g.no_embedded,
        },
    }
}

fn load(cfg: &Config, err: &mut dyn Write) -> Result<Corpus, i32> {
    match Corpus::load(&cfg.sources) {
        Ok(c) => {
            for w in &c.warnings {
                let _ = writeln!(err, "fatiao: warning: {}", sanitize(&w.to_string()));
            }
            Ok(c)
        }
        Err(errs) => {
            for e in errs {
                let _ = writeln!(err, "fatiao: error: {}", sanitize(&e.to_string()));
            }
            Err(ERROR)
        }
    }
}

/// Resolves --law names to statute ids; an unknown name is a usage error.
fn resolve_law_names(
    corpus: &Corpus,
    names: &[String],
    err: &mut dyn Write,
) -> Result<Vec<String>, i32> {
    let mut ids = vec![];
    for n in names {
        let f = crate::text::query_form(n);
        match citation::law_prefix(corpus, &f) {
            Some((ss, used)) if used == f.trim().len() => {
                ids.extend(ss.iter().map(|s| s.id.clone()))
            }
            _ => {
                let _ = writeln!(
                    err,
                    "fatiao: no statute called {:?}; `fatiao laws` lists those held",
                    sanitize(n)
                );
                return Err(ERROR);
            }
        }
    }
    Ok(ids)
}

fn check_tags(tags: &[String], err: &mut dyn Write) -> Result<(), i32> {
    for t in tags {
        if !model::TAGS.contains(&t.as_str()) {
            let _ = writeln!(
                err,
                "fatiao: unknown tag {:?}; tags are: {}",
                sanitize(t),
                model::TAGS.join(", ")
            );
            return Err(ERROR);
        }
    }
    Ok(())
}

/// Reads the config file; a broken one is reported (exit 2), a missing one is no config.
pub fn file_config(err: &mut dyn Write) -> Result<crate::config::FileConfig, i32> {
    match crate::config::path() {
        Some(p) => crate::config::load(&p).map_err(|e| {
            let _ = writeln!(err, "fatiao: config error: {}", sanitize(&e));
            ERROR
        }),
        None => Ok(Default::default()),
    }
}

pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    // Commands that need neither data nor config.
    match &cli.command {
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut cmd, "fatiao", out);
            return FOUND;
        }
        Some(Command::Man) => {
            let cmd = <Cli as clap::CommandFactory>::command();
            return match clap_mangen::Man::new(cmd).render(out) {
                Ok(()) => FOUND,
                Err(e) => {
                    let _ = writeln!(err, "fatiao: {e}");
                    ERROR
                }
            };
        }
        Some(Command::Config { action }) => {
            let path = crate::config::path();
            let shown = path
                .as_ref()
                .map_or("(no config directory on this platform)".to_string(), |p| {
                    p.display().to_string()
                });
            if *action == crate::cli::ConfigAction::Path {
                let _ = writeln!(out, "{shown}");
                return FOUND;
            }
            return match file_config(err) {
                Ok(c) => {
                    let exists = path.as_ref().is_some_and(|p| p.exists());
                    let _ = writeln!(
                        out,
                        "# {shown}{}",
                        if exists {
                            ""
                        } else {
                            " (not present: defaults)"
                        }
                    );
                    let _ = writeln!(
                        out,
                        "lang = {:?}",
                        c.lang.as_deref().unwrap_or("(from the locale)")
                    );
                    let _ = writeln!(out, "color = {:?}", c.color.as_deref().unwrap_or("auto"));
                    let _ = writeln!(out, "pager = {}", c.pager.unwrap_or(true));
                    let _ = writeln!(out, "statutes = {:?}", c.statutes);
                    FOUND
                }
                Err(code) => code,
            };
        }
        _ => {}
    }
    let file = match file_config(err) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let mut cfg = config(&cli.global, &file);
    if let Err(code) = check_tags(&cfg.filter.tags, err) {
        return code;
    }
    let corpus = match load(&cfg, err) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match resolve_law_names(&corpus, &cfg.law_names, err) {
        Ok(ids) => cfg.filter.laws = ids,
        Err(code) => return code,
    }
    let result = match cli.command {
        None => {
            let _ = writeln!(
                err,
                "fatiao: nothing to look up. Try `fatiao 盘问`, `fatiao psapl 97` or `fatiao --help`."
            );
            return ERROR;
        }
        Some(Command::Search { query }) => search(&corpus, &cfg, &query.join(" "), false, out, err),
        Some(Command::Show {
            citation,
            related,
            text,
        }) => show(&corpus, &cfg, &citation.join(" "), related, text, out, err),
        Some(Command::Import { files, version }) => {
            run_import(&corpus, &files, version.as_deref(), out, err)
        }
        Some(Command::Texts) => run_texts(&corpus, out, err),
        Some(Command::Diff { law }) => run_diff(&corpus, &cfg, &law.join(" "), out, err),
        Some(Command::Rights { situation }) => {
            run_rights(&corpus, &cfg, &situation.join(" "), out, err)
        }
        Some(Command::Flow) => run_flow(&corpus, &cfg, out, err),
        Some(Command::Dump) => run_dump(&corpus, &cfg, out),
        Some(Command::Align { old, new }) => run_align(&old, &new, out, err),
        // Answered above, before any data is loaded.
        Some(Command::Completions { .. } | Command::Man | Command::Config { .. }) => Ok(FOUND),
        Some(Command::Laws) => laws(&corpus, &cfg, out),
        Some(Command::Outline { law }) => outline(&corpus, &cfg, &law.join(" "), out, err),
        Some(Command::Verify { texts }) => run_verify(&corpus, texts.as_deref(), out, err),
        Some(Command::Eval { file }) => run_eval(&corpus, &file, out, err),
        Some(Command::Limits { words, kind }) => run_limits(&corpus, &cfg, &words, &kind, out, err),
    };
    // The process ends right after this; freeing a large corpus piece by piece only costs time.
    std::mem::forget(corpus);
    match result {
        Ok(code) => code,
        // A closed pipe (`fatiao ... | head`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => FOUND,
        Err(e) => {
            let _ = writeln!(err, "fatiao: {e}");
            ERROR
        }
    }
}

fn describe_miss(corpus: &Corpus, m: &Miss, lang: Lang) -> String {
    match m {
        Miss::NoArticle {
            law,
            article,
            total,
            last,
            nearest,
        } => {
            let s = corpus.statute(law).expect("miss names a held statute");
            let near = nearest
                .map(|n| format!("；最接近的已收录条文是{}", n.zh()))
                .unwrap_or_default();
            let near_en = nearest
                .map(|n| format!("; the nearest article held is {n}"))
                .unwrap_or_default();
            let count_zh = if last == total {
                format!("共{total}条")
            } else {
                format!(
                    "共{total}条（含增补的“之一”等条文），末条为{}",
                    model::ArticleNo::new(*last, 0).zh()
                )
            };
            let count_en = if last == total {
                format!("it has {total} articles")
            } else {
                format!(
                    "it has {total} articles (inserted ones included), the last numbered {last}"
                )
            };
            let zh = format!(
                "《{}》（{}）没有{}，{count_zh}{near}。",
                s.title_zh,
                s.version_zh,
                article.zh()
            );
            let en = format!(
                "The {} ({}) has no article {}; {count_en}{near_en}.",
                s.short_en, s.version_en, article
            );
            match lang {
                Lang::Zh => zh,
                Lang::En => en,
                Lang::Both => format!("{zh}\n{en}"),
            }
        }
        Miss::Ambiguous { options } => {
            let names: Vec<String> = options
                .iter()
                .map(|o| match corpus.statute(o) {
                    Some(s) => format!("《{}》（{}）", s.title_zh, s.id),
                    None => format!("《{o}》（fatiao 未收录 / not held）"),
                })
                .collect();
            let zh = format!("这个名称可能指：{}。请写出全称或 id。", names.join("、"));
            let en = format!(
                "That name may mean: {}. Give the full title or the id.",
                names.join("; ")
            );
            match lang {
                Lang::Zh => zh,
                Lang::En => en,
                Lang::Both => format!("{zh}\n{en}"),
            }
        }
        Miss::Deleted {
            law,
            article,
            note_zh,
            note_en,
        } => {
            let s = corpus.statute(law).expect("miss names a held statute");
            let zh = format!(
                "《{}》（{}）{}在新版本中已删除，没有对应条文。{}",
                s.title_zh,
                s.version_zh,
                article.zh(),
                note_zh
            );
            let en = format!(
                "Article {} of the {} ({}) was deleted in the newer version; it has no successor. {}",
                article, s.short_en, s.version_en, note_en
            );
            match lang {
                Lang::Zh => zh,
                Lang::En => en,
                Lang::Both => format!("{zh}\n{en}"),
            }
        }
        Miss::VersionNotHeld { law, asked } => {
            let s = corpus.statute(law).expect("miss names a held statute");
            let asked_zh = if asked == "superseded" {
                "已失效的旧版本".to_string()
            } else {
                format!("{asked}年版本")
            };
            let asked_en = if asked == "superseded" {
                "a superseded version".to_string()
            } else {
                format!("the {asked} version")
            };
            let zh = format!(
                "fatiao 收录的是《{}》{}，不含{}；新旧版本条文序号不同，不能按旧条号对应。",
                s.title_zh, s.version_zh, asked_zh
            );
            let en = format!(
                "fatiao holds the {} ({}), not {}; article numbers differ between versions, so an old number cannot be looked up in the current text.",
                s.short_en, s.version_en, asked_en
            );
            match lang {
                Lang::Zh => zh,
                Lang::En => en,
                Lang::Both => format!("{zh}\n{en}"),
            }
        }
        Miss::NotCovered { law, article } => {
            let s = corpus.statute(law).expect("miss names a held statute");
            let zh = format!(
                "《{}》{}存在，但 fatiao 尚未收录其摘要（已收录 {}/{} 条）。",
                s.title_zh,
                article.zh(),
                s.articles.len(),
                s.articles_total
            );
            let en = format!(
                "Article {} of the {} exists, but fatiao holds no summary of it yet ({}/{} articles covered).",
                article,
                s.short_en,
                s.articles.len(),
                s.articles_total
            );
            match lang {
                Lang::Zh => zh,
                Lang::En => en,
                Lang::Both => format!("{zh}\n{en}"),
            }
        }
    }
}

fn search(
    corpus: &Corpus,
    cfg: &Config,
    query: &str,
    card: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let index = Index::new(corpus);
    let mut filter = cfg.filter.clone();
    if card {
        filter.limit = 1;
    }
    let outcome = index.search(query, &filter);
    let o = &cfg.opts;
    if card && !outcome.hits.first().is_some_and(|h| h.cited) && outcome.miss.is_none() {
        writeln!(
            err,
            "fatiao: {:?} is not a citation; `show` takes one like 治安法 97 or psapl:97. Searching instead.",
            sanitize(query)
        )?;
    }
    if let Some(m) = &outcome.miss {
        writeln!(err, "fatiao: {}", describe_miss(corpus, m, o.lang))?;
    }
    let paragraph = outcome.citation.as_ref().and_then(|c| c.paragraph);
    let hits = &outcome.hits;
    if o.format == Format::Json {
        let arr: Vec<_> = hits.iter().map(render::hit_json).collect();
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&arr).unwrap_or_default()
        )?;
        return Ok(if hits.is_empty() { NOT_FOUND } else { FOUND });
    }
    if hits.is_empty() {
        if outcome.miss.is_none() {
            let msg = match o.lang {
                Lang::Zh => format!("未找到与“{}”相关的条文。", sanitize(query)),
                Lang::En => format!("No provision found for \"{}\".", sanitize(query)),
                Lang::Both => format!(
                    "未找到与“{q}”相关的条文。No provision found for \"{q}\".",
                    q = sanitize(query)
                ),
            };
            writeln!(err, "{msg}")?;
        }
        return Ok(NOT_FOUND);
    }
    for (i, h) in hits.iter().enumerate() {
        let para = if h.cited { paragraph } else { None };
        match o.format {
            Format::Text => {
                if i > 0 {
                    writeln!(out)?;
                }
                if card {
                    render::text_card(out, h, corpus, o, para)?;
                } else {
                    render::text_hit(out, i + 1, h, o, para)?;
                }
            }
            Format::Markdown => render::markdown_hit(out, h, o, para, card)?,
            Format::Cite => render::cite_line(out, h, o, para)?,
            Format::Json => unreachable!(),
        }
    }
    Ok(FOUND)
}

#[allow(clippy::too_many_arguments)]
fn show(
    corpus: &Corpus,
    cfg: &Config,
    query: &str,
    related: bool,
    with_text: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    if with_text && cfg.opts.format == Format::Cite {
        return cite_block(corpus, cfg, query, out, err);
    }
    let code = search(corpus, cfg, query, true, out, err)?;
    if code != FOUND {
        return Ok(code);
    }
    let index = Index::new(corpus);
    let filter = Filter {
        limit: 1,
        ..cfg.filter.clone()
    };
    let Some(hit) = index.search(query, &filter).hits.into_iter().next() else {
        return Ok(code);
    };
    let o = &cfg.opts;
    let r = model::ProvisionRef {
        law: hit.statute.id.clone(),
        article: hit.article.no,
    };
    if with_text && o.format != Format::Json {
        official_text(out, hit.statute, hit.article.no, o)?;
    }
    // The guides that cite this provision.
    if let Ok(guides) = crate::guides::load_guides(corpus) {
        let citing = crate::guides::citing(&guides, &r);
        if !citing.is_empty() && o.format == Format::Text {
            writeln!(out)?;
            let label = match o.lang {
                Lang::Zh => "权利指引",
                Lang::En => "Rights guides",
                Lang::Both => "权利指引 Rights guides",
            };
            writeln!(out, "{}", o.style.title_pub(label))?;
            for g in citing {
                let t = match o.lang {
                    Lang::Zh => g.title_zh.clone(),
                    Lang::En => g.title_en.clone(),
                    Lang::Both => format!("{} / {}", g.title_zh, g.title_en),
                };
                writeln!(out, "  - {}  (fatiao rights {})", sanitize(&t), g.id)?;
            }
        }
    }
    if related {
        for see in &hit.article.see_also {
            if let Some((s, a)) = corpus.provision(see) {
                let h = Hit {
                    statute: s,
                    article: a,
                    score: 0.0,
                    terms: vec![],
                    cited: true,
                    via: None,
                };
                match o.format {
                    Format::Text => {
                        writeln!(out)?;
                        render::text_hit(out, 0, &h, o, None)?;
                    }
                    Format::Markdown => render::markdown_hit(out, &h, o, None, false)?,
                    Format::Cite => render::cite_line(out, &h, o, None)?,
                    Format::Json => {}
                }
            }
        }
    }
    Ok(code)
}

fn laws(corpus: &Corpus, cfg: &Config, out: &mut dyn Write) -> io::Result<i32> {
    let o = &cfg.opts;
    let list: Vec<&model::Statute> = corpus
        .statutes
        .iter()
        .filter(|s| cfg.filter.laws.is_empty() || cfg.filter.laws.contains(&s.id))
        .collect();
    match o.format {
        Format::Json => {
            let arr: Vec<_> = list.iter().map(|s| render::statute_json(s)).collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&arr).unwrap_or_default()
            )?;
        }
        Format::Markdown => {
            writeln!(
                out,
                "| id | 法律 Statute | 版本 Version | 状态 Status | 收录 Covered |"
            )?;
            writeln!(out, "|---|---|---|---|---|")?;
            for s in &list {
                writeln!(
                    out,
                    "| {} | {} / {} | {} ({}) | {} | {}/{} |",
                    render::md(&s.id),
                    render::md(&s.title_zh),
                    render::md(&s.short_en),
                    render::md(&s.version_zh),
                    s.version,
                    s.status,
                    s.articles.len(),
                    s.articles_total
                )?;
            }
        }
        Format::Cite => {
            for s in &list {
                writeln!(
                    out,
                    "《{}》（{}）",
                    sanitize(&s.title_zh),
                    sanitize(&s.version_zh)
                )?;
            }
        }
        Format::Text => {
            let rows: Vec<[String; 5]> = list
                .iter()
                .map(|s| {
                    let title = match o.lang {
                        Lang::En => s.short_en.clone(),
                        _ => s.short_zh.clone(),
                    };
                    let version = match o.lang {
                        Lang::En => format!("{} {}", s.version_en, s.version),
                        _ => format!("{} {}", s.version_zh, s.version),
                    };
                    let status = match (o.lang, s.in_force()) {
                        (Lang::En, true) => "in force".to_string(),
                        (Lang::En, false) => "superseded".to_string(),
                        (_, true) => "现行有效".to_string(),
                        (_, false) => "已失效".to_string(),
                    };
                    [
                        s.id.clone(),
                        sanitize(&title),
                        version,
                        status,
                        format!("{}/{}", s.articles.len(), s.articles_total),
                    ]
                })
                .collect();
            let head = match o.lang {
                Lang::En => ["id", "Statute", "Version", "Status", "Covered"],
                Lang::Zh => ["id", "法律", "版本", "状态", "收录"],
                Lang::Both => [
                    "id",
                    "法律 Statute",
                    "版本 Version",
                    "状态 Status",
                    "收录 Covered",
                ],
            };
            let mut natural = head.map(crate::text::width).to_vec();
            for r in &rows {
                for (i, c) in r.iter().enumerate() {
                    natural[i] = natural[i].max(crate::text::width(c));
                }
            }
            let total = o.width.unwrap_or(usize::MAX / 4);
            let widths = render::fit_widths(&natural, total, 2, 6);
            let mut table: Vec<Vec<String>> = vec![head.iter().map(|h| h.to_string()).collect()];
            table.extend(rows.into_iter().map(|r| r.to_vec()));
            render::table_rows(out, &widths, &table, "")?;
        }
    }
    Ok(if list.is_empty() { NOT_FOUND } else { FOUND })
}

fn outline(
    corpus: &Corpus,
    cfg: &Config,
    law: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let f = crate::text::query_form(law);
    let statutes = match citation::law_prefix(corpus, &f) {
        Some((ss, used)) if used == f.trim().len() => ss,
        _ => {
            writeln!(
                err,
                "fatiao: no statute called {:?}; `fatiao laws` lists those held",
                sanitize(law)
            )?;
            return Ok(ERROR);
        }
    };
    let mut statutes = statutes;
    statutes.sort_by_key(|s| !s.in_force());
    let s = statutes[0];
    let o = &cfg.opts;
    if o.format == Format::Json {
        let v = serde_json::json!({
            "law": s.id, "law_zh": s.title_zh, "version": s.version,
            "chapters": s.chapters,
        });
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&v).unwrap_or_default()
        )?;
        return Ok(FOUND);
    }
    let md = o.format == Format::Markdown;
    let head = match o.lang {
        Lang::En => format!("{} ({})", s.title_en, s.version_line_en()),
        Lang::Zh => format!("《{}》（{}）", s.title_zh, s.version_line_zh()),
        Lang::Both => format!(
            "《{}》（{}）\n{}",
            s.title_zh,
            s.version_line_zh(),
            s.title_en
        ),
    };
    if md {
        writeln!(out, "## {}\n", render::md(&head).replace('\n', " — "))?;
    } else {
        writeln!(out, "{}", o.style.title_pub(&sanitize(&head)))?;
    }
    if s.chapters.is_empty() {
        writeln!(out, "(no chapters / 不分章)")?;
        return Ok(FOUND);
    }
    let range = |a: u32, b: u32| match o.lang {
        Lang::En => format!("arts. {a}-{b}"),
        _ => format!("第{a}—{b}条"),
    };
    let mut shown_parts: Vec<u32> = vec![];
    for ch in &s.chapters {
        // Part headings up to this chapter (a part without chapters stands on its own).
        let due: Vec<&model::Part> = s
            .parts
            .iter()
            .filter(|p| p.first <= ch.first && !shown_parts.contains(&p.number))
            .collect();
        for p in due {
            shown_parts.push(p.number);
            let name = heading_name(o.lang, '编', "Part", p.number, &p.title_zh, &p.title_en);
            if md {
                writeln!(
                    out,
                    "**{}** ({})",
                    render::md(&name),
                    range(p.first, p.last)
                )?;
            } else {
                writeln!(
                    out,
                    "{}  {}",
                    o.style.title_pub(&sanitize(&name)),
                    range(p.first, p.last)
                )?;
            }
        }
        let name = heading_name(
            o.lang,
            '章',
            "Chapter",
            ch.number,
            &ch.title_zh,
            &ch.title_en,
        );
        if md {
            writeln!(
                out,
                "- **{}** ({})",
                render::md(&name),
                range(ch.first, ch.last)
            )?;
        } else {
            writeln!(out, "{}  {}", sanitize(&name), range(ch.first, ch.last))?;
        }
        for sec in &ch.sections {
            let name = heading_name(
                o.lang,
                '节',
                "Section",
                sec.number,
                &sec.title_zh,
                &sec.title_en,
            );
            if md {
                writeln!(
                    out,
                    "  - {} ({})",
                    render::md(&name),
                    range(sec.first, sec.last)
                )?;
            } else {
                writeln!(
                    out,
                    "    {}  {}",
                    sanitize(&name),
                    range(sec.first, sec.last)
                )?;
            }
        }
    }
    Ok(FOUND)
}

fn run_verify(
    corpus: &Corpus,
    dir: Option<&std::path::Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let store;
    let dir = match dir {
        Some(d) => d,
        None => match crate::store::dir() {
            Some(d) if d.is_dir() => {
                store = d;
                writeln!(
                    out,
                    "Checking against the texts you imported ({}).",
                    store.display()
                )?;
                &store
            }
            _ => {
                writeln!(
                    err,
                    "fatiao: no official texts: give --texts DIR or import them with `fatiao import FILE`"
                )?;
                return Ok(ERROR);
            }
        },
    };
    if !dir.is_dir() {
        writeln!(
            err,
            "fatiao: {}: not a directory of official texts",
            dir.display()
        )?;
        return Ok(ERROR);
    }
    let (texts, unreadable) = verify::read_texts(dir);
    let report = verify::verify(corpus, &texts, unreadable);
    writeln!(
        out,
        "Coverage (articles summarised / articles in the official text):"
    )?;
    let w = report
        .coverage
        .iter()
        .map(|c| c.law.len())
        .max()
        .unwrap_or(0);
    for c in &report.coverage {
        writeln!(
            out,
            "  {:<w$} {} {}  {}/{}{}",
            c.law,
            sanitize(&c.title),
            c.version,
            c.covered,
            c.total,
            match &c.text {
                Some(_) => String::new(),
                None => "  (not checked: no text of this version)".into(),
            }
        )?;
    }
    if !report.unmatched.is_empty() {
        writeln!(
            out,
            "Texts with no summaries held ({}):",
            report.unmatched.len()
        )?;
        for u in &report.unmatched {
            writeln!(out, "  {}", sanitize(u))?;
        }
    }
    let articles: usize = report
        .coverage
        .iter()
        .filter(|c| c.text.is_some())
        .map(|c| c.covered)
        .sum();
    if report.failures.is_empty() {
        writeln!(
            out,
            "verify: OK: {} statutes, {} articles checked against {}",
            report.coverage.len(),
            articles,
            dir.display()
        )?;
        Ok(FOUND)
    } else {
        writeln!(err, "verify: {} problem(s):", report.failures.len())?;
        for f in &report.failures {
            writeln!(err, "  {}", sanitize(&f.describe()))?;
        }
        Ok(ERROR)
    }
}

/// Provisions matching a query, for library users and tests.
pub fn lookup<'c>(corpus: &'c Corpus, query: &str, filter: &Filter) -> Vec<Hit<'c>> {
    Index::new(corpus).search(query, filter).hits
}

fn run_eval(
    corpus: &Corpus,
    path: &std::path::Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let src = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) => {
            writeln!(err, "fatiao: cannot read {}: {e}", path.display())?;
            return Ok(ERROR);
        }
    };
    let file: crate::eval::EvalFile = match toml::from_str(&src) {
        Ok(f) => f,
        Err(e) => {
            let (line, col) = e
                .span()
                .map_or((0, 0), |s| crate::corpus::line_col(&src, s.start));
            writeln!(
                err,
                "fatiao: {}:{line}:{col}: {}",
                path.display(),
                e.message().trim()
            )?;
            return Ok(ERROR);
        }
    };
    let s = crate::eval::run(corpus, &file);
    let n = s.results.len();
    let held: Vec<&crate::eval::CaseResult> = s.results.iter().filter(|r| r.held).collect();
    writeln!(
        out,
        "cases: {n} ({} whose expected statute is held)",
        held.len()
    )?;
    let pct = |k: usize, d: usize| {
        if d == 0 {
            0.0
        } else {
            100.0 * k as f64 / d as f64
        }
    };
    writeln!(
        out,
        "hit@1: {}/{n} ({:.1}%)",
        s.hit_at(1),
        pct(s.hit_at(1), n)
    )?;
    writeln!(
        out,
        "hit@3: {}/{n} ({:.1}%)",
        s.hit_at(3),
        pct(s.hit_at(3), n)
    )?;
    writeln!(out, "MRR@10: {:.3}", s.mrr())?;
    let h1 = held.iter().filter(|r| r.rank == Some(1)).count();
    let h3 = held
        .iter()
        .filter(|r| r.rank.is_some_and(|x| x <= 3))
        .count();
    writeln!(
        out,
        "on held statutes: hit@1 {h1}/{} hit@3 {h3}/{}",
        held.len(),
        held.len()
    )?;
    let misses: Vec<_> = s.results.iter().filter(|r| r.rank != Some(1)).collect();
    if !misses.is_empty() {
        writeln!(out, "not first:")?;
        for r in misses {
            writeln!(
                out,
                "  [{}] {} -> rank {} (top: {}){}",
                r.kind,
                sanitize(&r.query),
                r.rank.map_or("-".to_string(), |x| x.to_string()),
                r.top.join(", "),
                if r.held { "" } else { "  (statute not held)" }
            )?;
        }
    }
    Ok(FOUND)
}

fn run_limits(
    corpus: &Corpus,
    cfg: &Config,
    words: &[String],
    kinds: &[String],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    for k in kinds {
        if !model::LIMIT_KINDS.contains(&k.as_str()) {
            writeln!(
                err,
                "fatiao: unknown limit kind {:?}; kinds are: {}",
                sanitize(k),
                model::LIMIT_KINDS.join(", ")
            )?;
            return Ok(ERROR);
        }
    }
    let words: Vec<String> = words
        .iter()
        .flat_map(|w| w.split_whitespace().map(str::to_string))
        .collect();
    let rows = crate::limits::rows(
        corpus,
        &crate::limits::Query {
            words: &words,
            kinds,
            laws: &cfg.filter.laws,
        },
    );
    let o = &cfg.opts;
    if rows.is_empty() {
        if o.format == Format::Json {
            writeln!(out, "[]")?;
        }
        writeln!(err, "fatiao: no limit matches")?;
        return Ok(NOT_FOUND);
    }
    let figure = |l: &model::Limit, zh: bool| l.figure(zh).unwrap_or_else(|| "—".into());
    match o.format {
        Format::Json => {
            let arr: Vec<_> = rows
                .iter()
                .map(|r| {
                    let mut v = serde_json::to_value(r.limit).unwrap_or_default();
                    v["figure_zh"] = serde_json::json!(r.limit.figure(true));
                    v["figure_en"] = serde_json::json!(r.limit.figure(false));
                    v["id"] = serde_json::json!(format!("{}:{}", r.statute.id, r.article.no));
                    v["law"] = serde_json::json!(r.statute.id);
                    v["law_zh"] = serde_json::json!(r.statute.title_zh);
                    v["version"] = serde_json::json!(r.statute.version);
                    v["article"] = serde_json::json!(r.article.no.number);
                    if r.article.no.suffix > 0 {
                        v["suffix"] = serde_json::json!(r.article.no.suffix);
                    }
                    v["citation_zh"] =
                        serde_json::json!(render::cite_zh(r.statute, r.article.no, None));
                    v
                })
                .collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&arr).unwrap_or_default()
            )?;
        }
        Format::Cite => {
            let mut seen = std::collections::HashSet::new();
            for r in &rows {
                if seen.insert((r.statute.id.as_str(), r.article.no)) {
                    writeln!(
                        out,
                        "{}",
                        sanitize(&render::cite_zh(r.statute, r.article.no, None))
                    )?;
                }
            }
        }
        Format::Markdown => {
            let (h, zh) = match o.lang {
                Lang::En => (
                    "| kind | figure | what | condition | who | provision |",
                    false,
                ),
                _ => ("| 类别 | 数值 | 事项 | 条件 | 主体 | 出处 |", true),
            };
            writeln!(out, "{h}\n|---|---|---|---|---|---|")?;
            for r in &rows {
                let l = r.limit;
                let pick = |a: &Option<String>, b: &Option<String>| {
                    let v = if zh { a } else { b };
                    v.clone().unwrap_or_default()
                };
                let kind = if zh {
                    render::limit_kind_zh(&l.kind).to_string()
                } else {
                    l.kind.clone()
                };
                let what = if zh { &l.what_zh } else { &l.what_en };
                writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} |",
                    kind,
                    render::md(&figure(l, zh)),
                    render::md(what),
                    render::md(&pick(&l.condition_zh, &l.condition_en)),
                    render::md(&pick(&l.actor_zh, &l.actor_en)),
                    render::md(&crate::limits::short_cite(r.statute, r.article, zh)),
                )?;
            }
        }
        Format::Text => {
            let both = o.lang == Lang::Both;
            let zh = o.lang.zh();
            let cell = |a: &str, b: &str| -> String {
                if both {
                    if b.is_empty() {
                        a.to_string()
                    } else {
                        format!("{a}\n{b}")
                    }
                } else if zh {
                    a.to_string()
                } else {
                    b.to_string()
                }
            };
            let opt = |x: &Option<String>| x.clone().unwrap_or_default();
            let table: Vec<(String, Vec<String>)> = rows
                .iter()
                .map(|r| {
                    let l = r.limit;
                    (
                        l.kind.clone(),
                        vec![
                            cell(&figure(l, true), &figure(l, false)),
                            cell(&l.what_zh, &l.what_en),
                            cell(&opt(&l.condition_zh), &opt(&l.condition_en)),
                            cell(&opt(&l.actor_zh), &opt(&l.actor_en)),
                            cell(
                                &crate::limits::short_cite(r.statute, r.article, true),
                                &crate::limits::short_cite(r.statute, r.article, false),
                            ),
                        ],
                    )
                })
                .collect();
            let head = match o.lang {
                Lang::Zh => vec!["数值", "事项", "条件", "主体", "出处"],
                Lang::En => vec!["figure", "what", "condition", "who", "provision"],
                Lang::Both => vec![
                    "数值 figure",
                    "事项 what",
                    "条件 condition",
                    "主体 who",
                    "出处 provision",
                ],
            };
            let mut natural: Vec<usize> = head.iter().map(|h| crate::text::width(h)).collect();
            for (_, r) in &table {
                for (i, c) in r.iter().enumerate() {
                    let w = c.split('\n').map(crate::text::width).max().unwrap_or(0);
                    natural[i] = natural[i].max(w);
                }
            }
            let total = o.width.unwrap_or(100);
            let widths = render::fit_widths(&natural, total.saturating_sub(2), 2, 8);
            let mut current = String::new();
            for (kind, r) in &table {
                if *kind != current {
                    if !current.is_empty() {
                        writeln!(out)?;
                    }
                    let label = match o.lang {
                        Lang::Zh => render::limit_kind_zh(kind).to_string(),
                        Lang::En => kind.clone(),
                        Lang::Both => format!("{} {}", render::limit_kind_zh(kind), kind),
                    };
                    writeln!(out, "{}", o.style.title_pub(&label))?;
                    let h: Vec<String> = head.iter().map(|s| s.to_string()).collect();
                    render::table_rows(out, &widths, &[h], "  ")?;
                    current = kind.clone();
                }
                render::table_rows(out, &widths, std::slice::from_ref(r), "  ")?;
            }
        }
    }
    Ok(FOUND)
}

fn guide_lines(
    out: &mut dyn Write,
    o: &Opts,
    label_zh: &str,
    label_en: &str,
    zh: &[String],
    en: &[String],
) -> io::Result<()> {
    if zh.is_empty() && en.is_empty() {
        return Ok(());
    }
    let label = match o.lang {
        Lang::Zh => label_zh.to_string(),
        Lang::En => label_en.to_string(),
        Lang::Both => format!("{label_zh} {label_en}"),
    };
    writeln!(out, "   {}", o.style.title_pub(&label))?;
    for (i, z) in zh.iter().enumerate() {
        let e = en.get(i).map(String::as_str).unwrap_or("");
        let t = match o.lang {
            Lang::Zh => z.clone(),
            Lang::En => e.to_string(),
            Lang::Both => format!("{z}\n{e}"),
        };
        let lines = match o.width {
            Some(w) => crate::text::wrap(&sanitize(&t), w, "       "),
            None => sanitize(&t)
                .split('\n')
                .map(|l| format!("       {l}"))
                .collect(),
        };
        for (k, l) in lines.iter().enumerate() {
            if k == 0 {
                writeln!(out, "     - {}", l.trim_start())?;
            } else {
                writeln!(out, "{l}")?;
            }
        }
    }
    Ok(())
}

fn cites_line(corpus: &Corpus, cites: &[model::ProvisionRef], zh: bool) -> String {
    cites
        .iter()
        .filter_map(|r| corpus.provision(r))
        .map(|(s, a)| crate::limits::short_cite(s, a, zh))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn run_rights(
    corpus: &Corpus,
    cfg: &Config,
    situation: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let guides = match crate::guides::load_guides(corpus) {
        Ok(g) => g,
        Err(errs) => return report(err, &errs),
    };
    let o = &cfg.opts;
    if situation.trim().is_empty() {
        if o.format == Format::Json {
            let arr: Vec<_> = guides.iter().map(|g| serde_json::json!({"id": g.id, "title_zh": g.title_zh, "title_en": g.title_en, "aliases": g.aliases})).collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&arr).unwrap_or_default()
            )?;
            return Ok(FOUND);
        }
        let head = match o.lang {
            Lang::Zh => "可查看的情形（fatiao rights <情形>）：",
            Lang::En => "Situations (fatiao rights <situation>):",
            Lang::Both => "可查看的情形 Situations (fatiao rights <situation>):",
        };
        writeln!(out, "{head}")?;
        let w = guides.iter().map(|g| g.id.len()).max().unwrap_or(0);
        for g in &guides {
            let t = match o.lang {
                Lang::Zh => g.title_zh.clone(),
                Lang::En => g.title_en.clone(),
                Lang::Both => format!("{} / {}", g.title_zh, g.title_en),
            };
            writeln!(out, "  {}  {}", render::pad(&g.id, w), sanitize(&t))?;
        }
        return Ok(FOUND);
    }
    let Some(g) = crate::guides::find(&guides, situation) else {
        writeln!(
            err,
            "fatiao: no guide for {:?}; `fatiao rights` lists the situations",
            sanitize(situation)
        )?;
        return Ok(NOT_FOUND);
    };
    match o.format {
        Format::Json => {
            let steps: Vec<_> = g
                .steps
                .iter()
                .map(|s| {
                    serde_json::json!({
                        "title_zh": s.title_zh, "title_en": s.title_en,
                        "must_zh": s.must_zh, "must_en": s.must_en,
                        "must_not_zh": s.must_not_zh, "must_not_en": s.must_not_en,
                        "may_zh": s.may_zh, "may_en": s.may_en,
                        "cites": s.cites.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let v = serde_json::json!({"id": g.id, "title_zh": g.title_zh, "title_en": g.title_en, "intro_zh": g.intro_zh, "intro_en": g.intro_en, "steps": steps});
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            )?;
        }
        Format::Cite => {
            let mut seen = std::collections::HashSet::new();
            for s in &g.steps {
                for r in &s.cites {
                    if seen.insert(r.clone())
                        && let Some((st, a)) = corpus.provision(r)
                    {
                        writeln!(out, "{}", sanitize(&render::cite_zh(st, a.no, None)))?;
                    }
                }
            }
        }
        Format::Markdown => {
            let title = match o.lang {
                Lang::Zh => g.title_zh.clone(),
                Lang::En => g.title_en.clone(),
                Lang::Both => format!("{} / {}", g.title_zh, g.title_en),
            };
            writeln!(out, "## {}\n", render::md(&title))?;
            if o.lang.zh() && !g.intro_zh.is_empty() {
                writeln!(out, "{}\n", render::md(&g.intro_zh))?;
            }
            if o.lang.en() && !g.intro_en.is_empty() {
                writeln!(out, "{}\n", render::md(&g.intro_en))?;
            }
            for (i, s) in g.steps.iter().enumerate() {
                let t = match o.lang {
                    Lang::Zh => s.title_zh.clone(),
                    Lang::En => s.title_en.clone(),
                    Lang::Both => format!("{} / {}", s.title_zh, s.title_en),
                };
                writeln!(out, "### {}. {}\n", i + 1, render::md(&t))?;
                for (lz, le, zh, en) in [
                    ("机关应当", "The authority must", &s.must_zh, &s.must_en),
                    (
                        "机关不得",
                        "The authority must not",
                        &s.must_not_zh,
                        &s.must_not_en,
                    ),
                    ("你可以", "You may", &s.may_zh, &s.may_en),
                ] {
                    if zh.is_empty() {
                        continue;
                    }
                    let label = match o.lang {
                        Lang::Zh => lz.to_string(),
                        Lang::En => le.to_string(),
                        Lang::Both => format!("{lz} / {le}"),
                    };
                    writeln!(out, "**{label}**\n")?;
                    for (k, z) in zh.iter().enumerate() {
                        match o.lang {
                            Lang::Zh => writeln!(out, "- {}", render::md(z))?,
                            Lang::En => writeln!(
                                out,
                                "- {}",
                                render::md(en.get(k).map(String::as_str).unwrap_or(""))
                            )?,
                            Lang::Both => writeln!(
                                out,
                                "- {} / {}",
                                render::md(z),
                                render::md(en.get(k).map(String::as_str).unwrap_or(""))
                            )?,
                        }
                    }
                    writeln!(out)?;
                }
                writeln!(
                    out,
                    "*{}*\n",
                    render::md(&cites_line(corpus, &s.cites, o.lang.zh()))
                )?;
            }
        }
        Format::Text => {
            let title = match o.lang {
                Lang::Zh => g.title_zh.clone(),
                Lang::En => g.title_en.clone(),
                Lang::Both => format!("{} / {}", g.title_zh, g.title_en),
            };
            writeln!(out, "{}", o.style.title_pub(&sanitize(&title)))?;
            let note = match o.lang {
                Lang::Zh => {
                    "（fatiao 的概述，非法律原文，不构成法律意见；以所引条文的官方文本为准）"
                }
                Lang::En => {
                    "(fatiao's overview, not the law's wording and not legal advice; the official text of each cited provision governs)"
                }
                Lang::Both => {
                    "（fatiao 的概述，非法律原文，不构成法律意见）(fatiao's overview, not the law's wording and not legal advice)"
                }
            };
            wrapln(out, o, note, "")?;
            if o.lang.zh() && !g.intro_zh.is_empty() {
                wrapln(out, o, &g.intro_zh, "")?;
            }
            if o.lang.en() && !g.intro_en.is_empty() {
                wrapln(out, o, &g.intro_en, "")?;
            }
            for (i, s) in g.steps.iter().enumerate() {
                writeln!(out)?;
                let t = match o.lang {
                    Lang::Zh => s.title_zh.clone(),
                    Lang::En => s.title_en.clone(),
                    Lang::Both => format!("{} / {}", s.title_zh, s.title_en),
                };
                writeln!(out, "{}. {}", i + 1, o.style.title_pub(&sanitize(&t)))?;
                wrapln(
                    out,
                    o,
                    &format!("[{}]", cites_line(corpus, &s.cites, o.lang.zh())),
                    "   ",
                )?;
                guide_lines(
                    out,
                    o,
                    "机关应当",
                    "The authority must",
                    &s.must_zh,
                    &s.must_en,
                )?;
                guide_lines(
                    out,
                    o,
                    "机关不得",
                    "The authority must not",
                    &s.must_not_zh,
                    &s.must_not_en,
                )?;
                guide_lines(out, o, "你可以", "You may", &s.may_zh, &s.may_en)?;
            }
        }
    }
    Ok(FOUND)
}

fn run_flow(
    corpus: &Corpus,
    cfg: &Config,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let stages = match crate::guides::load_flow(corpus) {
        Ok(s) => s,
        Err(errs) => return report(err, &errs),
    };
    let o = &cfg.opts;
    let zh = o.lang.zh();
    let title = |s: &crate::guides::Stage| match o.lang {
        Lang::Zh => s.title_zh.clone(),
        Lang::En => s.title_en.clone(),
        Lang::Both => format!("{} / {}", s.title_zh, s.title_en),
    };
    // What the cited provisions record for a stage: its limits and the rights and remedies.
    let limits_of = |s: &crate::guides::Stage| -> Vec<String> {
        s.cites
            .iter()
            .filter_map(|r| corpus.provision(r))
            .flat_map(|(st, a)| {
                a.limits
                    .iter()
                    .filter(|l| {
                        l.value.is_some() || matches!(l.kind.as_str(), "approval" | "notice")
                    })
                    .map(move |l| {
                        format!(
                            "{} ({})",
                            render::limit_line(l, zh),
                            crate::limits::short_cite(st, a, zh)
                        )
                    })
            })
            .collect()
    };
    let rights_of = |s: &crate::guides::Stage| -> Vec<String> {
        s.cites
            .iter()
            .filter_map(|r| corpus.provision(r))
            .filter(|(_, a)| a.has_tag("right") || a.has_tag("remedy"))
            .map(|(st, a)| {
                format!(
                    "{} ({})",
                    if zh { &a.title_zh } else { &a.title_en },
                    crate::limits::short_cite(st, a, zh)
                )
            })
            .collect()
    };
    match o.format {
        Format::Json => {
            let arr: Vec<_> = stages
                .iter()
                .map(|s| {
                    serde_json::json!({
                        "id": s.id, "title_zh": s.title_zh, "title_en": s.title_en,
                        "summary_zh": s.summary_zh, "summary_en": s.summary_en,
                        "cites": s.cites.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&arr).unwrap_or_default()
            )?;
        }
        Format::Cite => {
            for s in &stages {
                writeln!(
                    out,
                    "{}: {}",
                    sanitize(&title(s)),
                    sanitize(&cites_line(corpus, &s.cites, zh))
                )?;
            }
        }
        Format::Markdown => {
            let h = match o.lang {
                Lang::En => "Enforcement procedure",
                Lang::Zh => "执法办案流程",
                Lang::Both => "执法办案流程 / Enforcement procedure",
            };
            writeln!(out, "## {h}\n\n```mermaid\nflowchart TD")?;
            for (i, s) in stages.iter().enumerate() {
                let label = title(s).replace('"', "'");
                writeln!(out, "    {}[\"{}. {}\"]", s.id, i + 1, label)?;
            }
            for w in stages.windows(2) {
                writeln!(out, "    {} --> {}", w[0].id, w[1].id)?;
            }
            writeln!(out, "```\n")?;
            for (i, s) in stages.iter().enumerate() {
                writeln!(out, "### {}. {}\n", i + 1, render::md(&title(s)))?;
                if zh {
                    writeln!(out, "{}\n", render::md(&s.summary_zh))?;
                }
                if o.lang.en() {
                    writeln!(out, "{}\n", render::md(&s.summary_en))?;
                }
                writeln!(out, "*{}*\n", render::md(&cites_line(corpus, &s.cites, zh)))?;
                for l in limits_of(s) {
                    writeln!(out, "- {}", render::md(&l))?;
                }
                for r in rights_of(s) {
                    writeln!(
                        out,
                        "- {} {}",
                        if zh { "权利：" } else { "Right:" },
                        render::md(&r)
                    )?;
                }
                writeln!(out)?;
            }
        }
        Format::Text => {
            let width = o.width.unwrap_or(80);
            let n = stages.len();
            for (i, s) in stages.iter().enumerate() {
                writeln!(
                    out,
                    "[{}] {}",
                    i + 1,
                    o.style.title_pub(&sanitize(&title(s)))
                )?;
                let mut body = vec![];
                if zh {
                    body.push(s.summary_zh.clone());
                }
                if o.lang.en() {
                    body.push(s.summary_en.clone());
                }
                body.push(format!(
                    "{} {}",
                    if zh { "依据" } else { "Provisions:" },
                    cites_line(corpus, &s.cites, zh)
                ));
                for b in body {
                    for l in crate::text::wrap(&sanitize(&b), width, " │  ") {
                        writeln!(out, "{l}")?;
                    }
                }
                let lim = limits_of(s);
                if !lim.is_empty() {
                    writeln!(
                        out,
                        " │  {}",
                        o.style.title_pub(if zh { "限制与时限" } else { "Limits" })
                    )?;
                    for l in lim {
                        for (k, x) in crate::text::wrap(&sanitize(&l), width, " │      ")
                            .iter()
                            .enumerate()
                        {
                            if k == 0 {
                                writeln!(out, " │    - {}", x.trim_start_matches(" │      "))?;
                            } else {
                                writeln!(out, "{x}")?;
                            }
                        }
                    }
                }
                let r = rights_of(s);
                if !r.is_empty() {
                    writeln!(
                        out,
                        " │  {}",
                        o.style.title_pub(if zh {
                            "权利与救济"
                        } else {
                            "Rights and remedies"
                        })
                    )?;
                    for l in r {
                        for (k, x) in crate::text::wrap(&sanitize(&l), width, " │      ")
                            .iter()
                            .enumerate()
                        {
                            if k == 0 {
                                writeln!(out, " │    - {}", x.trim_start_matches(" │      "))?;
                            } else {
                                writeln!(out, "{x}")?;
                            }
                        }
                    }
                }
                if i + 1 < n {
                    writeln!(out, " ▼")?;
                }
            }
        }
    }
    Ok(FOUND)
}

fn run_align(
    old: &std::path::Path,
    new: &std::path::Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let read = |p: &std::path::Path| -> Result<crate::official::OfficialText, String> {
        let b = std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?;
        crate::official::parse(&b).map_err(|e| format!("{}:{}: {}", p.display(), e.line, e.message))
    };
    let (o, n) = match (read(old), read(new)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => {
            writeln!(err, "fatiao: {}", sanitize(&e))?;
            return Ok(ERROR);
        }
    };
    let a = crate::align::align(&o, &n);
    writeln!(
        out,
        "# Draft alignment of {} ({} articles) with {} ({} articles).",
        old.display(),
        o.articles.len(),
        new.display(),
        n.articles.len()
    )?;
    writeln!(
        out,
        "# Bigram Jaccard similarity; entries marked unsure need checking by hand."
    )?;
    for p in &a.pairs {
        let news: Vec<String> = p.new.iter().map(|x| format!("\"{x}\"")).collect();
        writeln!(
            out,
            "[[pair]]\nold = \"{}\"\nnew = [{}]\nkind = \"{}\"\nsimilarity = {}{}\n",
            p.old,
            news.join(", "),
            p.kind,
            p.similarity,
            if p.unsure { "\n# unsure" } else { "" }
        )?;
    }
    let added: Vec<String> = a.added.iter().map(|x| format!("\"{x}\"")).collect();
    writeln!(out, "added = [{}]", added.join(", "))?;
    Ok(FOUND)
}

/// Prints the article's official text from the user's imported copy, or says how to get one.
fn official_text(
    out: &mut dyn Write,
    s: &model::Statute,
    no: model::ArticleNo,
    o: &Opts,
) -> io::Result<()> {
    let stored = crate::store::dir()
        .map(|d| crate::store::load(&d).0)
        .unwrap_or_default();
    writeln!(out)?;
    match crate::store::text_for(&stored, &s.title_zh, &s.version).and_then(|t| t.text.article(no))
    {
        Some(a) => {
            let label = match o.lang {
                Lang::Zh => "官方文本（原文，来自你导入的文件）".to_string(),
                Lang::En => {
                    "Official text (the law's own words, from the file you imported)".to_string()
                }
                Lang::Both => {
                    "官方文本（原文，来自你导入的文件）Official text (from the file you imported)"
                        .to_string()
                }
            };
            writeln!(out, "{}", o.style.title_pub(&label))?;
            writeln!(out, "{}", no.zh())?;
            for p in &a.paragraphs {
                let lines = match o.width {
                    Some(w) => crate::text::wrap(&sanitize(p), w, "  "),
                    None => vec![format!("  {}", sanitize(p))],
                };
                for l in lines {
                    writeln!(out, "{l}")?;
                }
            }
        }
        None => {
            writeln!(out, "{}", hint(s))?;
        }
    }
    Ok(())
}

fn hint(s: &model::Statute) -> String {
    format!(
        "未导入官方文本：请从国家法律法规数据库（flk.npc.gov.cn）下载《{}》（{}）后运行 fatiao import 文件。 / No official text imported: download the {} ({}) from the national database of laws and regulations (flk.npc.gov.cn) and run `fatiao import FILE`.",
        s.title_zh, s.version_zh, s.short_en, s.version_en
    )
}

/// `show --text --format cite`: the article's words followed by the formal citation, for slides.
fn cite_block(
    corpus: &Corpus,
    cfg: &Config,
    query: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let index = Index::new(corpus);
    let filter = Filter {
        limit: 1,
        ..cfg.filter.clone()
    };
    let outcome = index.search(query, &filter);
    let Some(hit) = outcome.hits.into_iter().next().filter(|h| h.cited) else {
        if let Some(m) = &outcome.miss {
            writeln!(err, "fatiao: {}", describe_miss(corpus, m, cfg.opts.lang))?;
        } else {
            writeln!(err, "fatiao: {:?} is not a citation", sanitize(query))?;
        }
        return Ok(NOT_FOUND);
    };
    let paragraph = outcome.citation.as_ref().and_then(|c| c.paragraph);
    let stored = crate::store::dir()
        .map(|d| crate::store::load(&d).0)
        .unwrap_or_default();
    let Some(a) = crate::store::text_for(&stored, &hit.statute.title_zh, &hit.statute.version)
        .and_then(|t| t.text.article(hit.article.no))
    else {
        writeln!(err, "fatiao: {}", hint(hit.statute))?;
        return Ok(NOT_FOUND);
    };
    // A paragraph named in the citation quotes that paragraph only (款 are the text's lines that
    // are not items).
    let paras: Vec<&String> = match paragraph {
        Some(n) => {
            let kuan: Vec<&String> = a
                .paragraphs
                .iter()
                .filter(|p| !p.starts_with('（') && !p.starts_with('('))
                .collect();
            kuan.get(n as usize - 1)
                .map(|p| vec![*p])
                .unwrap_or_else(|| a.paragraphs.iter().collect())
        }
        None => a.paragraphs.iter().collect(),
    };
    for p in paras {
        writeln!(out, "{}", sanitize(p))?;
    }
    writeln!(
        out,
        "——{}",
        sanitize(&render::cite_zh(hit.statute, hit.article.no, paragraph))
    )?;
    Ok(FOUND)
}

fn run_import(
    corpus: &Corpus,
    files: &[std::path::PathBuf],
    version: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let Some(store) = crate::store::dir() else {
        writeln!(
            err,
            "fatiao: no data directory on this platform; set FATIAO_DATA"
        )?;
        return Ok(ERROR);
    };
    if let Some(v) = version
        && !(v.len() == 10 && v.as_bytes()[4] == b'-' && v.as_bytes()[7] == b'-')
    {
        writeln!(err, "fatiao: --version {v:?} is not a date YYYY-MM-DD")?;
        return Ok(ERROR);
    }
    let mut code = FOUND;
    for f in files {
        let bytes = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                writeln!(err, "fatiao: {}: {e}", f.display())?;
                code = ERROR;
                continue;
            }
        };
        let ext = if f.extension().is_some_and(|e| e == "md") {
            "md"
        } else {
            "txt"
        };
        match crate::store::import(&store, &bytes, ext, version, corpus) {
            Ok(r) => {
                let (text, v) =
                    crate::store::identify(&bytes, version, corpus).expect("parsed during import");
                let verb = match &r {
                    crate::store::Imported::New { .. } => "imported",
                    crate::store::Imported::Replaced { .. } => "replaced",
                    crate::store::Imported::Unchanged { .. } => "already imported, unchanged",
                };
                writeln!(
                    out,
                    "{}: {} {} ({}, {} articles)",
                    f.display(),
                    verb,
                    sanitize(&text.title),
                    v,
                    text.articles.len()
                )?;
                match corpus
                    .statutes
                    .iter()
                    .find(|s| s.title_zh == text.title && s.version == v)
                {
                    Some(s) => {
                        let mut findings = vec![];
                        verify::check_statute(s, &text, corpus, &mut findings);
                        if findings.is_empty() {
                            writeln!(
                                out,
                                "  matches fatiao's summaries of {} ({}/{} articles summarised, all anchors found)",
                                s.id,
                                s.articles.len(),
                                text.articles.len()
                            )?;
                        } else {
                            writeln!(
                                out,
                                "  does NOT match fatiao's summaries of {} in {} place(s):",
                                s.id,
                                findings.len()
                            )?;
                            for x in findings.iter().take(10) {
                                writeln!(out, "    {}", sanitize(&x.describe()))?;
                            }
                        }
                    }
                    None => {
                        let same: Vec<&model::Statute> = corpus
                            .statutes
                            .iter()
                            .filter(|s| s.title_zh == text.title)
                            .collect();
                        if let Some(s) = same.iter().find(|s| s.in_force()).or(same.first()) {
                            writeln!(
                                out,
                                "  this is the {v} text; fatiao's summaries are for the {} ({}). Stored beside it.",
                                s.version_en, s.version
                            )?;
                            writeln!(
                                out,
                                "  这是{v}版本的文本；fatiao 的摘要针对{}（{}）。已另行保存。",
                                s.version_zh, s.version
                            )?;
                        } else {
                            writeln!(
                                out,
                                "  fatiao holds no summaries of this statute; stored for reference."
                            )?;
                        }
                    }
                }
            }
            Err(e) => {
                writeln!(err, "fatiao: {}: {}", f.display(), sanitize(&e))?;
                code = ERROR;
            }
        }
    }
    Ok(code)
}

fn run_texts(corpus: &Corpus, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<i32> {
    let Some(store) = crate::store::dir() else {
        writeln!(
            err,
            "fatiao: no data directory on this platform; set FATIAO_DATA"
        )?;
        return Ok(ERROR);
    };
    let (stored, bad) = crate::store::load(&store);
    for b in bad {
        writeln!(err, "fatiao: warning: {}", sanitize(&b))?;
    }
    if stored.is_empty() {
        writeln!(
            out,
            "No official texts imported yet ({}). Use `fatiao import FILE`.",
            store.display()
        )?;
        return Ok(NOT_FOUND);
    }
    for t in &stored {
        let status = match corpus
            .statutes
            .iter()
            .find(|s| s.title_zh == t.text.title && s.version == t.version)
        {
            Some(s) => {
                let mut f = vec![];
                verify::check_statute(s, &t.text, corpus, &mut f);
                if f.is_empty() {
                    format!("matches {}", s.id)
                } else {
                    format!("{} problem(s) against {}", f.len(), s.id)
                }
            }
            None => "no summaries of this version".to_string(),
        };
        writeln!(
            out,
            "{}  {}  {} articles  {}",
            sanitize(&t.text.title),
            t.version,
            t.text.articles.len(),
            status
        )?;
    }
    Ok(FOUND)
}

fn run_diff(
    corpus: &Corpus,
    cfg: &Config,
    law: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let f = crate::text::query_form(law);
    let ids: Vec<String> = match citation::law_prefix(corpus, &f) {
        Some((ss, used)) if used == f.trim().len() => ss.iter().map(|s| s.id.clone()).collect(),
        _ => {
            writeln!(
                err,
                "fatiao: no statute called {:?}; `fatiao laws` lists those held",
                sanitize(law)
            )?;
            return Ok(ERROR);
        }
    };
    let Some(m) = corpus
        .mappings()
        .iter()
        .find(|m| ids.contains(&m.new) || ids.contains(&m.old))
    else {
        writeln!(
            err,
            "fatiao: fatiao holds no version history for {:?}",
            sanitize(law)
        )?;
        return Ok(NOT_FOUND);
    };
    let (old, new) = (
        corpus.statute(&m.old).expect("validated"),
        corpus.statute(&m.new).expect("validated"),
    );
    let o = &cfg.opts;
    let news = |p: &crate::history::Pair| {
        p.new
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match o.format {
        Format::Json => {
            let pairs: Vec<_> = m
                .pairs
                .iter()
                .map(|p| {
                    serde_json::json!({
                "old": p.old.number, "new": p.new.iter().map(|n| n.number).collect::<Vec<_>>(),
                "kind": p.kind, "note_zh": p.note_zh, "note_en": p.note_en})
                })
                .collect();
            let added: Vec<_> = m.added.iter().map(|a| serde_json::json!({"new": a.new.number, "note_zh": a.note_zh, "note_en": a.note_en})).collect();
            let v = serde_json::json!({"old": old.id, "old_version": old.version, "new": new.id, "new_version": new.version, "pairs": pairs, "added": added});
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            )?;
        }
        Format::Cite => {
            for p in &m.pairs {
                writeln!(
                    out,
                    "{} → {}",
                    p.old.zh(),
                    if p.new.is_empty() {
                        "—".to_string()
                    } else {
                        p.new.iter().map(|n| n.zh()).collect::<Vec<_>>().join("、")
                    }
                )?;
            }
        }
        Format::Markdown => {
            writeln!(
                out,
                "| {} | {} | 变化 change | 说明 note |\n|---|---|---|---|",
                old.version_zh, new.version_zh
            )?;
            for p in &m.pairs {
                let note = match o.lang {
                    Lang::Zh => p.note_zh.clone(),
                    Lang::En => p.note_en.clone(),
                    Lang::Both => format!("{} {}", p.note_zh, p.note_en),
                };
                writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    p.old,
                    if p.new.is_empty() {
                        "—".into()
                    } else {
                        news(p)
                    },
                    p.kind,
                    render::md(&note)
                )?;
            }
            for a in &m.added {
                let note = match o.lang {
                    Lang::Zh => a.note_zh.clone(),
                    Lang::En => a.note_en.clone(),
                    Lang::Both => format!("{} {}", a.note_zh, a.note_en),
                };
                writeln!(out, "| — | {} | added | {} |", a.new, render::md(&note))?;
            }
        }
        Format::Text => {
            let head = match o.lang {
                Lang::En => vec![
                    old.version_en.clone(),
                    new.version_en.clone(),
                    "change".into(),
                    "note".into(),
                ],
                _ => vec![
                    old.version_zh.clone(),
                    new.version_zh.clone(),
                    "变化".into(),
                    "说明".into(),
                ],
            };
            let mut rows: Vec<Vec<String>> = vec![head];
            for p in &m.pairs {
                let kind = match o.lang {
                    Lang::En => p.kind.clone(),
                    _ => crate::history::kind_zh(&p.kind).to_string(),
                };
                let note = match o.lang {
                    Lang::Zh => p.note_zh.clone(),
                    Lang::En => p.note_en.clone(),
                    Lang::Both => format!("{}\n{}", p.note_zh, p.note_en),
                };
                rows.push(vec![
                    p.old.to_string(),
                    if p.new.is_empty() {
                        "—".into()
                    } else {
                        news(p)
                    },
                    kind,
                    note,
                ]);
            }
            for a in &m.added {
                let kind = match o.lang {
                    Lang::En => "added".to_string(),
                    _ => "新增".to_string(),
                };
                let note = match o.lang {
                    Lang::Zh => a.note_zh.clone(),
                    Lang::En => a.note_en.clone(),
                    Lang::Both => format!("{}\n{}", a.note_zh, a.note_en),
                };
                rows.push(vec!["—".into(), a.new.to_string(), kind, note]);
            }
            let mut natural = vec![0; 4];
            for r in &rows {
                for (i, c) in r.iter().enumerate() {
                    natural[i] =
                        natural[i].max(c.split('\n').map(crate::text::width).max().unwrap_or(0));
                }
            }
            let widths = render::fit_widths(&natural, o.width.unwrap_or(100), 2, 6);
            render::table_rows(out, &widths, &rows, "")?;
        }
    }
    Ok(FOUND)
}

fn run_dump(corpus: &Corpus, cfg: &Config, out: &mut dyn Write) -> io::Result<i32> {
    let mut n = 0;
    if cfg.opts.format == Format::Json {
        let arr: Vec<_> = corpus
            .all_articles()
            .map(|(s, a)| {
                render::hit_json(&Hit {
                    statute: s,
                    article: a,
                    score: 0.0,
                    terms: vec![],
                    cited: false,
                    via: None,
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string(&arr).unwrap_or_default())?;
        return Ok(if arr.is_empty() { NOT_FOUND } else { FOUND });
    }
    for (s, a) in corpus.all_articles() {
        // One line a provision, tabs between fields, nothing that could break a line.
        let flat = |x: &str| sanitize(x).replace(['\n', '\t'], " ");
        writeln!(
            out,
            "{}:{}\t{}\t{} {}\t{}\t{}\t{}\t{}\t{}",
            s.id,
            a.no,
            flat(&render::cite_zh(s, a.no, None)),
            flat(&a.title_zh),
            flat(&a.title_en),
            flat(&a.keywords_zh.join(" ")),
            flat(&a.keywords_en.join(" ")),
            a.tags.join(","),
            flat(&a.summary_zh),
            flat(&a.summary_en)
        )?;
        n += 1;
    }
    Ok(if n == 0 { NOT_FOUND } else { FOUND })
}

/// Writes text wrapped to the output width (one line when there is none).
fn wrapln(out: &mut dyn Write, o: &Opts, text: &str, indent: &str) -> io::Result<()> {
    match o.width {
        Some(w) => {
            for l in crate::text::wrap(&sanitize(text), w, indent) {
                writeln!(out, "{l}")?;
            }
        }
        None => writeln!(out, "{indent}{}", sanitize(text))?,
    }
    Ok(())
}

/// "第四章 处罚程序" / "Chapter 4 Punishment Procedure" / both.
fn heading_name(
    lang: Lang,
    level: char,
    level_en: &str,
    number: u32,
    zh: &str,
    en: &str,
) -> String {
    let z = format!("第{}{level} {zh}", crate::numerals::to_chinese(number));
    let e = format!("{level_en} {number} {en}");
    match lang {
        Lang::Zh => z,
        Lang::En => e,
        Lang::Both => format!("{z} / {e}"),
    }
}

/// Reports data errors, one line each, and gives the exit code for them.
fn report(err: &mut dyn Write, errs: &[crate::corpus::DataError]) -> io::Result<i32> {
    for e in errs {
        writeln!(err, "fatiao: error: {}", sanitize(&e.to_string()))?;
    }
    Ok(ERROR)
}
