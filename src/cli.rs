//! The command line: every flag and subcommand, defined once (clap derive).

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples / 示例:
  fatiao 盘问                        Chinese keyword / 中文关键词
  fatiao 询问查证 时限                several words: provisions matching all rank first
  fatiao questioning time limit      English keywords
  fatiao xunwen                      pinyin / 拼音
  fatiao 治安管理处罚法第九十七条       citation / 条文引用
  fatiao 治安法97条                   abbreviation + number / 简称加条号
  fatiao psapl 97                    statute id + number
  fatiao show 治安法 97               one provision as a full card / 条文卡片
  fatiao laws                        statutes held / 收录的法律
  fatiao outline 治安法               chapters and sections / 章节目录
  fatiao verify --texts DIR          check every summary against official texts

Exit status: 0 found, 1 nothing found, 2 usage or data error.
fatiao shows its own summaries, not the official text; it is a study aid, not legal advice.";

#[derive(Parser, Debug)]
#[command(
    name = "fatiao",
    version,
    about = "Chinese public-security law at your fingertips: find provisions by citation, keyword, English or pinyin.\n法条速查：按引用、关键词、英文或拼音查找公安执法相关法律条文。",
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub global: Global,
}

impl Cli {
    /// Parses the command line; a lookup needs no subcommand (`fatiao 盘问` is `fatiao search 盘问`).
    pub fn parse_args<I, T>(args: I) -> Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        use clap::{CommandFactory, FromArgMatches};
        let args = with_default_subcommand(args.into_iter().map(Into::into).collect());
        let matches = Cli::command().try_get_matches_from(args)?;
        Cli::from_arg_matches(&matches)
    }
}

/// Inserts `search` before the first positional argument when that is not a subcommand, skipping
/// options and the values they take, so global options may come first (`fatiao --lang en 盘问`).
pub fn with_default_subcommand(mut args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    use clap::CommandFactory;
    let cmd = Cli::command();
    let takes_value = |name: &str| {
        cmd.get_arguments().any(|a| {
            let hit = if let Some(long) = name.strip_prefix("--") {
                a.get_long() == Some(long)
            } else {
                name.len() == 2 && a.get_short() == name.chars().nth(1)
            };
            hit && a.get_action().takes_values()
        })
    };
    let mut i = 1;
    while i < args.len() {
        let a = args[i].to_string_lossy().to_string();
        if a == "--" {
            args.insert(i, "search".into());
            return args;
        }
        if a.starts_with('-') && a.len() > 1 {
            if !a.contains('=') && takes_value(&a) {
                i += 1;
            }
            i += 1;
            continue;
        }
        let is_sub = cmd.get_subcommands().any(|s| s.get_name() == a) || a == "help";
        if !is_sub {
            args.insert(i, "search".into());
        }
        return args;
    }
    args
}

#[derive(clap::Args, Debug, Clone)]
pub struct Global {
    /// Language of the output / 输出语言 (default: from the locale)
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,

    /// Output format / 输出格式
    #[arg(long, short = 'f', global = true, value_enum, default_value = "text")]
    pub format: FormatArg,

    /// When to use colour (default: auto, or the config file's) / 颜色
    #[arg(long, global = true, value_enum)]
    pub color: Option<ColorArg>,

    /// Wrap text at this many columns, also when not writing to a terminal / 折行宽度
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(20..=1000))]
    pub width: Option<u16>,

    /// Do not page long output / 不使用分页器
    #[arg(long, global = true)]
    pub no_pager: bool,

    /// Most results to show / 最多显示条数
    #[arg(long, short = 'n', global = true, default_value_t = 5)]
    pub limit: usize,

    /// Only this statute (id or abbreviation, repeatable) / 只查某部法律
    #[arg(long, global = true, value_name = "LAW")]
    pub law: Vec<String>,

    /// Only provisions with this tag (right, limit, remedy, ...; repeatable) / 按标签筛选
    #[arg(long, global = true, value_name = "TAG")]
    pub tag: Vec<String>,

    /// Extra directory of statute files (repeatable) / 额外的法规数据目录
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        env = "FATIAO_STATUTES",
        value_delimiter = ':'
    )]
    pub statutes: Vec<PathBuf>,

    /// Leave out the statutes built into fatiao
    #[arg(long, global = true, hide = true)]
    pub no_embedded: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Search by citation, keyword, English or pinyin / 检索
    #[command(
        after_help = "Examples / 示例:\n  fatiao search 传唤 时限\n  fatiao search \"how long questioning\" --lang en\n  fatiao search 盘问 --format json"
    )]
    Search {
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
    },
    /// Show one provision as a full card / 显示条文卡片
    #[command(
        after_help = "Examples / 示例:\n  fatiao show 治安法 97\n  fatiao show 人民警察法第九条\n  fatiao show psapl:97 --format markdown"
    )]
    Show {
        #[arg(required = true, value_name = "CITATION")]
        citation: Vec<String>,
        /// Also show the provisions it refers to (see-also) / 同时显示参见条文
        #[arg(long)]
        related: bool,
        /// Also print the official text of the article, from a text you imported / 同时显示官方原文
        #[arg(long)]
        text: bool,
    },
    /// Import official statute texts you downloaded, for `show --text` and `verify` / 导入官方文本
    #[command(
        after_help = "Examples / 示例:\n  fatiao import 中华人民共和国治安管理处罚法.txt\n  fatiao import regs.md --version 2011-01-08\n\nReads the national database's .txt export or the markdown collection format, works out\nthe statute and version from the header, checks it against fatiao's summaries and stores\nit in fatiao's data directory. Importing the same file twice changes nothing."
    )]
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The version date (YYYY-MM-DD), when the header does not give it
        #[arg(long, value_name = "DATE")]
        version: Option<String>,
    },
    /// List the official texts imported / 已导入的官方文本
    Texts,
    /// Old and new article numbers of a statute's versions / 新旧条文对照
    #[command(
        after_help = "Examples / 示例:\n  fatiao diff 治安法\n  fatiao diff 治安法 --format markdown"
    )]
    Diff {
        #[arg(required = true, value_name = "LAW")]
        law: Vec<String>,
    },
    /// List the statutes held, with coverage / 列出收录的法律
    #[command(after_help = "Examples / 示例:\n  fatiao laws\n  fatiao laws --format json")]
    Laws,
    /// Chapters and sections of a statute / 章节目录
    #[command(
        after_help = "Examples / 示例:\n  fatiao outline 治安法\n  fatiao outline ppl --lang en"
    )]
    Outline {
        #[arg(required = true, value_name = "LAW")]
        law: Vec<String>,
    },
    /// Table of every procedural limit: time limits, deadlines, approvals, notices, caps / 程序限制一览
    #[command(
        after_help = "Examples / 示例:\n  fatiao limits                     every limit held\n  fatiao limits 询问                 limits about questioning\n  fatiao limits --kind duration     only time limits / 只看时限\n  fatiao limits --law 治安法 --format markdown"
    )]
    Limits {
        /// Keywords the limit (or its provision's title and keywords) must contain / 关键词
        #[arg(value_name = "KEYWORD")]
        words: Vec<String>,
        /// Only these kinds: duration, deadline, approval, notice, amount, prohibition, precondition, duty
        #[arg(long, value_name = "KIND")]
        kind: Vec<String>,
    },
    /// Rights guides per situation: stopped, summoned, searched, detained, fined... / 权利指引
    #[command(
        after_help = "Examples / 示例:\n  fatiao rights                 list the situations / 列出情形\n  fatiao rights 传唤\n  fatiao rights summoned --lang en\n  fatiao rights chuanhuan --format markdown"
    )]
    Rights {
        /// A situation, by name in Chinese, English or pinyin / 情形
        #[arg(value_name = "SITUATION")]
        situation: Vec<String>,
    },
    /// The enforcement procedure as a flow, with the limits and rights at each stage / 执法流程
    #[command(
        after_help = "Examples / 示例:\n  fatiao flow\n  fatiao flow --format markdown      Markdown with a Mermaid diagram, for slides"
    )]
    Flow,
    /// Shell completions (bash, zsh, fish, powershell, elvish) / 生成补全脚本
    #[command(
        after_help = "Examples / 示例:\n  fatiao completions bash > ~/.local/share/bash-completion/completions/fatiao\n  fatiao completions zsh > ~/.zfunc/_fatiao\n  fatiao completions fish > ~/.config/fish/completions/fatiao.fish"
    )]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// The manual page (roff) / 手册页
    #[command(
        after_help = "Examples / 示例:\n  fatiao man > ~/.local/share/man/man1/fatiao.1 && man fatiao"
    )]
    Man,
    /// Where the config file is, and what it sets / 配置文件
    #[command(
        after_help = "Examples / 示例:\n  fatiao config path\n  fatiao config show\n\nThe file is TOML, e.g.:\n  lang = \"zh\"          # zh, en or both\n  color = \"auto\"       # auto, always or never\n  pager = true\n  statutes = [\"/home/me/local-rules\"]"
    )]
    Config {
        #[arg(value_enum, default_value = "path")]
        action: ConfigAction,
    },
    /// Align two official texts of a statute (old, new) article by article: a draft mapping / 新旧条文对照草稿
    #[command(hide = true)]
    Align { old: PathBuf, new: PathBuf },
    /// Every provision held, one line each (citation, titles, keywords, summaries) / 全部条文逐行输出
    #[command(
        after_help = "Examples / 示例:\n  fatiao dump > provisions.txt\n  fatiao dump --format json"
    )]
    Dump,
    /// Measure search quality on a file of queries with expected answers / 检索质量评测
    #[command(
        after_help = "Examples / 示例:\n  fatiao eval ../shared/eval/public.toml\n\nReports hit@1, hit@3 and mean reciprocal rank over the top 10, and lists the misses."
    )]
    Eval {
        /// A TOML file of [[case]] tables: query, kind, expect = [{ law, article, suffix?, version? }]
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Check every summary against official texts / 核对摘要与官方文本
    #[command(
        after_help = "Examples / 示例:\n  fatiao verify --texts ../shared/statute-texts\n\nFor each statute held, finds the text of the same title and version, and checks that\nevery summarised article exists, every anchor occurs verbatim in it, chapters agree and\nsee-also targets exist. Exits 2 if anything fails."
    )]
    Verify {
        /// Directory with official texts (*.txt national-database exports, *.md collection files);
        /// without it, the texts you imported
        #[arg(long, value_name = "DIR")]
        texts: Option<PathBuf>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigAction {
    Path,
    Show,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LangArg {
    Zh,
    En,
    Both,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatArg {
    Text,
    /// Text without colour or wrapping (for files and other tools)
    Plain,
    Markdown,
    Cite,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_valid() {
        Cli::command().debug_assert();
    }

    fn query(c: &Cli) -> Vec<String> {
        match &c.command {
            Some(Command::Search { query }) => query.clone(),
            other => panic!("not a search: {other:?}"),
        }
    }

    #[test]
    fn bare_query_is_a_search() {
        let c = Cli::parse_args(["fatiao", "治安法", "97"]).unwrap();
        assert_eq!(query(&c), vec!["治安法", "97"]);
        let c = Cli::parse_args(["fatiao", "show", "治安法", "97"]).unwrap();
        assert!(matches!(c.command, Some(Command::Show { .. })));
        let c = Cli::parse_args(["fatiao", "--lang", "en", "盘问"]).unwrap();
        assert_eq!(query(&c), vec!["盘问"]);
        // Global options before a subcommand keep it a subcommand.
        let c = Cli::parse_args(["fatiao", "--lang", "en", "laws"]).unwrap();
        assert!(matches!(c.command, Some(Command::Laws)));
        let c = Cli::parse_args(["fatiao", "--statutes", "/tmp/x", "dump"]).unwrap();
        assert!(matches!(c.command, Some(Command::Dump)));
        // A subcommand name later in a query is a query word.
        let c = Cli::parse_args(["fatiao", "治安法", "laws"]).unwrap();
        assert_eq!(query(&c), vec!["治安法", "laws"]);
        // After --, everything is the query.
        let c = Cli::parse_args(["fatiao", "--", "--lang"]).unwrap();
        assert_eq!(query(&c), vec!["--lang"]);
        assert!(Cli::parse_args(["fatiao"]).unwrap().command.is_none());
    }
}
