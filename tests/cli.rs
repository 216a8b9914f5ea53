//! Integration tests: run the real binary in a scrubbed environment and check what a user sees.

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;

/// The binary with no colour, pager, locale or user-statute settings leaking in.
fn fatiao() -> Command {
    let mut c = Command::cargo_bin("fatiao").unwrap();
    for v in [
        "NO_COLOR",
        "FATIAO_STATUTES",
        "LANG",
        "LC_ALL",
        "LC_MESSAGES",
        "PAGER",
        "CLICOLOR_FORCE",
        "FATIAO_CACHE",
    ] {
        c.env_remove(v);
    }
    // Tests that load user statutes do not leave caches behind (the cache has its own test).
    c.env("FATIAO_NO_CACHE", "1");
    c
}

fn json(args: &[&str]) -> Vec<Value> {
    let out = fatiao()
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap_or_else(|e| {
            panic!(
                "{args:?}: not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
        .as_array()
        .unwrap()
        .clone()
}

fn ids(args: &[&str]) -> Vec<String> {
    json(args)
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect()
}

fn stdout(args: &[&str]) -> String {
    let out = fatiao().args(args).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn citations_in_every_form_find_the_article() {
    for q in [
        "治安管理处罚法第九十七条",
        "中华人民共和国治安管理处罚法第九十七条",
        "《治安管理处罚法》第九十七条",
        "治安法97条",
        "治安法 97",
        "治安法第97条",
        "治安管理处罚法第九十七条第二款",
        "psapl 97",
        "psapl:97",
        "PSAPL 97",
        "治安法９７条",
    ] {
        assert_eq!(
            ids(&["search", q]).first().map(String::as_str),
            Some("psapl:97"),
            "{q}"
        );
    }
    assert_eq!(ids(&["人民警察法第9条"])[0], "ppl:9");
    assert_eq!(ids(&["警察法 第九条"])[0], "ppl:9");
}

#[test]
fn a_citation_answers_with_that_article_only() {
    assert_eq!(ids(&["治安法", "97"]), vec!["psapl:97"]);
}

#[test]
fn cite_format_is_the_formal_citation() {
    assert_eq!(
        stdout(&["治安法97条", "--format", "cite", "--lang", "zh"]),
        "《中华人民共和国治安管理处罚法》第九十七条\n"
    );
    // A paragraph named in the query is kept in the citation.
    assert_eq!(
        stdout(&[
            "治安管理处罚法第九十七条第二款",
            "--format",
            "cite",
            "--lang",
            "zh"
        ]),
        "《中华人民共和国治安管理处罚法》第九十七条第二款\n"
    );
    let en = stdout(&["psapl 97", "--format", "cite", "--lang", "en"]);
    assert_eq!(
        en,
        "Article 97, Public Security Administration Punishments Law of the People's Republic of China (2025 revision)\n"
    );
}

#[test]
fn a_missing_article_says_so_and_names_the_nearest() {
    let out = fatiao()
        .args(["治安法", "第二百条", "--lang", "zh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "no fallback noise on stdout");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("没有第二百条"), "{err}");
    assert!(err.contains("共144条"), "{err}");
    assert!(err.contains("第一百四十四条"), "{err}");
}

#[test]
fn keyword_queries_rank_the_answer_first() {
    assert_eq!(ids(&["询问查证", "时限"])[0], "psapl:97");
    assert_eq!(ids(&["questioning time limit"])[0], "psapl:97");
    assert_eq!(ids(&["盘问"])[0], "ppl:9");
    // Both the statute (ppl 9) and the rule that spells the 48 hours out (cqr 11) answer this.
    let r = ids(&["继续盘问", "48小时"]);
    assert!(
        r[..2].contains(&"ppl:9".to_string()) && r[..2].contains(&"cqr:11".to_string()),
        "{r:?}"
    );
}

#[test]
fn pinyin_and_homophone_typos_find_the_term() {
    // Full pinyin finds what the characters find.
    let py = json(&["xunwen"]);
    assert!(py.len() >= 3);
    for v in &py[..3] {
        // 询问 (questioning) and 讯问 (interrogation) are both xunwen.
        let t = v["title_zh"].as_str().unwrap();
        assert!(t.contains("询问") || t.contains("讯问"), "{v}");
    }
    assert_eq!(ids(&["xunwen chazheng"])[0], "psapl:97");
    // 询问 … 人民警察证 sounds like 询问 … 查证 too; the phrase as typed must win.
    assert_eq!(ids(&["询问查正"])[0], "psapl:97");
    assert!(ids(&["传换"]).iter().take(2).any(|i| i == "psapl:96"));
    assert_eq!(ids(&["jxpw"])[0], "ppl:9"); // initials of 继续盘问
}

#[test]
fn numbers_typed_in_digits_match_chinese_numerals() {
    // 二十日 in the text (combined detention cap); users type 20日 or 20天.
    assert_eq!(ids(&["合并执行", "20天"])[0], "psapl:16");
    assert_eq!(ids(&["合并执行", "二十日"])[0], "psapl:16");
}

#[test]
fn statute_name_in_a_keyword_query_filters() {
    let r = ids(&["治安法", "传唤"]);
    assert!(!r.is_empty());
    assert!(r.iter().all(|i| i.starts_with("psapl:")), "{r:?}");
    let r = ids(&["传唤", "--law", "警察法"]);
    assert!(r.iter().all(|i| i.starts_with("ppl:")), "{r:?}");
}

#[test]
fn tag_filter_and_limit() {
    let r = json(&["询问", "--tag", "right", "-n", "3"]);
    assert!(r.len() <= 3 && !r.is_empty());
    for v in &r {
        assert!(
            v["tags"].as_array().unwrap().iter().any(|t| t == "right"),
            "{v}"
        );
    }
    let out = fatiao()
        .args(["询问", "--tag", "nonsense"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown tag"));
}

#[test]
fn json_contract() {
    let r = json(&["search", "治安法97条"]);
    let v = &r[0];
    assert_eq!(v["id"], "psapl:97");
    assert_eq!(v["law"], "psapl");
    assert_eq!(v["law_zh"], "中华人民共和国治安管理处罚法");
    assert_eq!(v["version"], "2025-06-27");
    assert_eq!(v["article"], 97);
    assert!(v.get("suffix").is_none());
    for k in ["title_zh", "title_en", "summary_zh", "summary_en"] {
        assert!(v[k].as_str().is_some_and(|s| !s.is_empty()), "{k}");
    }
    assert!(v["tags"].as_array().unwrap().iter().any(|t| t == "limit"));
    assert!(v["score"].as_f64().is_some());
    // Nothing found is still a JSON array, with exit code 1.
    let out = fatiao()
        .args(["zzqqxxyy", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        Value::Array(vec![])
    );
}

#[test]
fn laws_reports_coverage() {
    let r = json(&["laws"]);
    let psapl = r.iter().find(|v| v["id"] == "psapl").unwrap();
    assert_eq!(psapl["law_zh"], "中华人民共和国治安管理处罚法");
    assert_eq!(psapl["status"], "in-force");
    assert_eq!(psapl["articles_total"], 144);
    assert_eq!(psapl["articles_covered"], 144);
    let text = stdout(&["laws", "--lang", "zh"]);
    assert!(
        text.contains("144/144") && text.contains("现行有效"),
        "{text}"
    );
}

#[test]
fn outline_lists_chapters_with_ranges() {
    let t = stdout(&["outline", "治安法", "--lang", "zh"]);
    assert!(t.contains("第四章 处罚程序  第90—130条"), "{t}");
    assert!(t.contains("    第一节 调查  第90—108条"), "{t}");
}

#[test]
fn show_prints_a_card_labelled_as_summary() {
    let t = stdout(&["show", "治安法", "97", "--lang", "both"]);
    assert!(
        t.starts_with("《中华人民共和国治安管理处罚法》第九十七条"),
        "{t}"
    );
    assert!(t.contains("2025年修订，2026-01-01起施行"));
    assert!(t.contains("摘要（非官方原文）") && t.contains("Summary (not the official text)"));
    assert!(t.contains("「询问查证的时间不得超过八小时」"));
    assert!(t.contains("[ppl:9]"), "see-also listed");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let plain = stdout(&["盘问"]);
    assert!(!plain.contains('\u{1b}'), "piped output has no escapes");
    let coloured = stdout(&["盘问", "--color", "always"]);
    assert!(coloured.contains("\u{1b}["));
    let out = fatiao()
        .args(["盘问"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
}

#[test]
fn markdown_output_is_labelled() {
    let t = stdout(&["psapl 97", "--format", "markdown", "--lang", "zh"]);
    assert!(
        t.starts_with("### 《中华人民共和国治安管理处罚法》第九十七条 — "),
        "{t}"
    );
    assert!(t.contains("> **摘要（非官方原文）**"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(fatiao().output().unwrap().status.code(), Some(2));
    assert_eq!(
        fatiao()
            .args(["--format", "yaml", "x"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        fatiao()
            .args(["outline", "不存在的法"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

const LOCAL: &str = r#"schema = 1
[statute]
id = "local-rule"
title_zh = "某市公安局测试规定"
title_en = "Test Rules of a City Public Security Bureau"
short_zh = "测试规定"
short_en = "Test Rules"
aliases = ["测规"]
kind = "departmental-rule"
issuer = "某市公安局"
version = "2024-01-01"
version_zh = "2024年版"
version_en = "2024 version"
status = "in-force"
articles_total = 1

[[article]]
number = 1
title_zh = "测试条款"
title_en = "Test provision"
summary_zh = "辖区民警巡逻时应当佩戴执法记录仪并全程开启。"
summary_en = "Officers on patrol shall wear a body camera and keep it recording throughout."
tags = ["duty"]
keywords_zh = ["执法记录仪"]
keywords_en = ["body camera"]
anchors = ["佩戴执法记录仪"]
"#;

#[test]
fn user_statutes_are_loaded_and_searchable() {
    let d = tmp();
    std::fs::write(d.path().join("local.toml"), LOCAL).unwrap();
    let out = fatiao()
        .args(["巡逻 执法记录仪", "--format", "json", "--statutes"])
        .arg(d.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["id"], "local-rule:1");
    // Also through the environment, and by the file's alias.
    let out = fatiao()
        .args(["测规 1", "--format", "cite"])
        .env("FATIAO_STATUTES", d.path())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "《某市公安局测试规定》第一条\n"
    );
}

#[test]
fn a_broken_user_file_is_named_with_line_and_skipped() {
    let d = tmp();
    let broken = LOCAL.replace("tags = [\"duty\"]", "tags = [\"duty\", \"dutyy\"]");
    let path = d.path().join("broken.toml");
    std::fs::write(&path, &broken).unwrap();
    let out = fatiao()
        .args(["盘问", "--statutes"])
        .arg(d.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "the embedded statutes still serve"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    let line = broken.lines().position(|l| l.contains("dutyy")).unwrap() + 1;
    assert!(err.contains(&format!("broken.toml:{line}:")), "{err}");
    assert!(err.contains("unknown tag \"dutyy\""), "{err}");
    assert!(err.contains("file skipped"), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("第九条"));
}

#[test]
fn user_file_problems_each_get_a_message() {
    let cases = [
        (LOCAL.replace("summary_en", "sumary_en"), "unknown field"),
        (
            LOCAL.replace("tags = [\"duty\"]", "tags = [\"duty\"\n"),
            "broken.toml:",
        ),
        (
            format!(
                "{LOCAL}\n[[article]]\nnumber = 1\ntitle_zh = \"x\"\ntitle_en = \"x\"\nsummary_zh = \"x\"\nsummary_en = \"x\"\ntags = [\"duty\"]\nanchors = [\"x\"]\n"
            ),
            "duplicate article",
        ),
        (
            LOCAL.replace("id = \"local-rule\"", "id = \"psapl\""),
            "already used",
        ),
        (
            LOCAL.replace(
                "anchors = [\"佩戴执法记录仪\"]",
                "anchors = [\"佩戴执法记录仪\"]\nsee_also = [\"psapl:999\"]",
            ),
            "points to no provision",
        ),
        (
            LOCAL.replace("测试条款", "测试\\u001b[31m条款"),
            "control character",
        ),
        (
            LOCAL.replace("tags = [\"duty\"]", "tags = [\"duty\"]\ndeleted = true"),
            "article 1 is deleted: it takes no tags and no limits",
        ),
        (
            LOCAL.replace("tags = [\"duty\"]", "tags = []"),
            "article 1 has no tags",
        ),
        (
            LOCAL.replace(
                "articles_total = 1\n",
                "articles_total = 1\n[[part]]\nnumber = 1\ntitle_zh = \"总则\"\ntitle_en = \"General\"\nfirst = 1\nlast = 1\n",
            ),
            "article 1 has no part (part 1)",
        ),
        (
            LOCAL.replace(
                "articles_total = 1\n",
                "articles_total = 1\n[[chapter]]\nnumber = 1\ntitle_zh = \"总则\"\ntitle_en = \"General\"\nfirst = 1\nlast = 1\n",
            ),
            "article 1 has no chapter (chapter 1 covers articles 1-1)",
        ),
    ];
    for (src, want) in cases {
        let d = tmp();
        std::fs::write(d.path().join("broken.toml"), &src).unwrap();
        let out = fatiao()
            .args(["盘问", "--statutes"])
            .arg(d.path())
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(want), "want {want:?} in: {err}");
        assert!(!err.contains('\u{1b}'), "no raw escape on the terminal");
        assert_eq!(out.status.code(), Some(0));
    }
}

fn shared_texts() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/statute-texts");
    p.is_dir().then_some(p)
}

#[test]
fn verify_passes_against_the_official_texts() {
    let Some(dir) = shared_texts() else {
        eprintln!("skipped: ../shared/statute-texts not present");
        return;
    };
    let out = fatiao()
        .args(["verify", "--texts"])
        .arg(&dir)
        .output()
        .unwrap();
    let o = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{o}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(o.contains("psapl") && o.contains("144/144"), "{o}");
    assert!(o.contains("ppl") && o.contains("52/52"), "{o}");
}

const TEXT: &str = "\u{feff}\r\n某市公安局测试规定\r\n\r\n（2024年1月1日发布）\r\n\r\n第一条　辖区民警巡逻时，应当佩戴执法记录仪，并全程开启。\r\n";

#[test]
fn verify_catches_a_wrong_anchor_and_a_wrong_version() {
    let texts = tmp();
    std::fs::write(texts.path().join("local.txt"), TEXT).unwrap();
    let data = tmp();
    std::fs::write(data.path().join("local.toml"), LOCAL).unwrap();
    let run = |data: &std::path::Path| {
        fatiao()
            .args(["verify", "--no-embedded", "--texts"])
            .arg(texts.path())
            .arg("--statutes")
            .arg(data)
            .output()
            .unwrap()
    };
    let ok = run(data.path());
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );

    std::fs::write(
        data.path().join("local.toml"),
        LOCAL.replace("[\"佩戴执法记录仪\"]", "[\"佩戴执法记录设备\"]"),
    )
    .unwrap();
    let bad = run(data.path());
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("anchor not found verbatim"));

    std::fs::write(
        data.path().join("local.toml"),
        LOCAL.replace("version = \"2024-01-01\"", "version = \"2023-01-01\""),
    )
    .unwrap();
    let other = run(data.path());
    assert_eq!(other.status.code(), Some(2));
    let e = String::from_utf8_lossy(&other.stderr);
    assert!(
        e.contains("version 2023-01-01") && e.contains("not compared"),
        "{e}"
    );
}

#[test]
fn limits_table_lists_questioning_time_limits_with_citations() {
    let t = stdout(&["limits", "询问查证", "--kind", "duration", "--lang", "zh"]);
    for f in ["8小时", "12小时", "24小时"] {
        assert!(t.contains(f), "{f} in {t}");
    }
    assert!(t.contains("治安法第97条"), "{t}");
    let v = json(&["limits", "--kind", "duration"]);
    assert!(
        v.iter()
            .all(|r| r["kind"] == "duration" && r["citation_zh"].as_str().is_some())
    );
    assert_eq!(
        fatiao()
            .args(["limits", "--kind", "often"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn rights_guides_are_found_by_any_name() {
    for q in ["传唤", "summoned", "chuanhuan", "被传唤"] {
        let t = stdout(&["rights", q, "--lang", "zh"]);
        assert!(t.starts_with("被传唤、接受询问"), "{q}: {t}");
        assert!(t.contains("[治安法第97条]"), "{q}");
    }
    // Guides on other statutes resolve the same way: privacy leads to the personal-information guide.
    for q in ["privacy", "个人信息", "gerenxinxi"] {
        let t = stdout(&["rights", q, "--lang", "zh"]);
        assert!(t.starts_with("个人信息被公安等国家机关处理"), "{q}: {t}");
        assert!(t.contains("个保法第26条"), "{q}");
        assert!(t.contains("身份证法第6条"), "{q}");
    }
    let list = stdout(&["rights", "--lang", "en"]);
    assert!(list.contains("summoned"), "{list}");
    assert!(list.contains("personal-info"), "{list}");
    assert_eq!(
        fatiao()
            .args(["rights", "zzzz"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn flow_fits_80_columns_and_has_a_mermaid_form() {
    let t = stdout(&["flow", "--lang", "both"]);
    for l in t.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(l) <= 80,
            "too wide: {l}"
        );
    }
    assert!(t.contains("[1] 接报与立案"), "{t}");
    let md = stdout(&["flow", "--format", "markdown", "--lang", "zh"]);
    assert!(md.contains("```mermaid\nflowchart TD"), "{md}");
    assert!(md.contains("report --> scene"), "{md}");
}

#[test]
fn show_lists_guides_and_follows_related() {
    let t = stdout(&["show", "psapl", "97", "--lang", "zh"]);
    assert!(
        t.contains("权利指引") && t.contains("fatiao rights summoned"),
        "{t}"
    );
    let t = stdout(&[
        "show",
        "psapl",
        "97",
        "--related",
        "--format",
        "cite",
        "--lang",
        "zh",
    ]);
    assert_eq!(
        t,
        "《中华人民共和国治安管理处罚法》第九十七条\n《中华人民共和国治安管理处罚法》第九十六条\n《中华人民共和国人民警察法》第九条\n《中华人民共和国刑事诉讼法》第一百一十九条\n"
    );
}

#[test]
fn an_old_article_number_lands_on_its_successor() {
    for q in [
        "原治安管理处罚法第八十三条",
        "治安法(2012) 83",
        "psapl-2012 83",
    ] {
        let r = json(&["search", q]);
        assert_eq!(r[0]["id"], "psapl:97", "{q}");
        assert_eq!(r[0]["successor_of"]["article"], 83, "{q}");
        assert_eq!(r[0]["successor_of"]["law"], "psapl-2012", "{q}");
    }
    let t = stdout(&["原治安管理处罚法第八十三条", "--lang", "zh"]);
    assert!(
        t.contains("第八十三条的继承条文") && t.contains("十二小时"),
        "{t}"
    );
    // A deleted article says so instead of landing anywhere.
    let out = fatiao()
        .args(["治安法(2012) 61", "--lang", "zh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("已删除"));
    // The card of a 2025 article names its predecessor.
    assert!(
        stdout(&["show", "psapl", "97", "--lang", "zh"]).contains("对应2012年修正文本第八十三条")
    );
}

#[test]
fn the_mapping_covers_both_versions() {
    let out = fatiao()
        .args(["diff", "治安法", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut olds: Vec<u64> = v["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["old"].as_u64().unwrap())
        .collect();
    olds.sort();
    assert_eq!(
        olds,
        (1..=119).collect::<Vec<u64>>(),
        "every 2012 article has an entry"
    );
    let mut news: Vec<u64> = v["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| {
            p["new"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_u64().unwrap())
        })
        .chain(
            v["added"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["new"].as_u64().unwrap()),
        )
        .collect();
    news.sort();
    news.dedup();
    assert_eq!(
        news,
        (1..=144).collect::<Vec<u64>>(),
        "every 2025 article is a successor or new"
    );
    let t = stdout(&["diff", "治安法", "--lang", "zh"]);
    assert!(
        t.lines().any(|l| l.starts_with("83 ") && l.contains("97")),
        "{t}"
    );
}

fn data_env(dir: &std::path::Path) -> Command {
    let mut c = fatiao();
    c.env("FATIAO_DATA", dir);
    c
}

#[test]
fn import_show_text_and_cite_block() {
    let Some(texts) = shared_texts() else { return };
    let data = tmp();
    let file = texts.join("public-security-administration-punishments-law.txt");
    let out = data_env(data.path())
        .args(["import"])
        .arg(&file)
        .output()
        .unwrap();
    let o = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{o}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        o.contains("imported") && o.contains("matches fatiao's summaries of psapl"),
        "{o}"
    );
    // Twice is a no-op.
    let again = data_env(data.path())
        .args(["import"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&again.stdout).contains("unchanged"));
    assert_eq!(
        std::fs::read_dir(data.path().join("texts"))
            .unwrap()
            .count(),
        1
    );
    // The official words under our summary, labelled.
    let t = String::from_utf8(
        data_env(data.path())
            .args(["show", "治安法", "97", "--text", "--lang", "zh"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        t.contains("摘要（非官方原文）") && t.contains("官方文本"),
        "{t}"
    );
    assert!(t.contains("询问查证的时间不得超过八小时"), "{t}");
    // A block to paste: the words, then the citation.
    let c = String::from_utf8(
        data_env(data.path())
            .args(["show", "治安法", "97", "--text", "--format", "cite"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        c.starts_with("对违反治安管理行为人，公安机关传唤后应当及时询问查证"),
        "{c}"
    );
    assert!(
        c.trim_end()
            .ends_with("——《中华人民共和国治安管理处罚法》第九十七条"),
        "{c}"
    );
    let p2 = String::from_utf8(
        data_env(data.path())
            .args([
                "show",
                "治安法第九十七条第二款",
                "--text",
                "--format",
                "cite",
            ])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(
        p2,
        "公安机关应当及时将传唤的原因和处所通知被传唤人家属。\n——《中华人民共和国治安管理处罚法》第九十七条第二款\n"
    );
    // verify uses the imported texts by default.
    let v = data_env(data.path()).args(["verify"]).output().unwrap();
    assert!(String::from_utf8_lossy(&v.stdout).contains("144/144"));
    let list = String::from_utf8(
        data_env(data.path())
            .args(["texts"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        list.contains("2025-06-27") && list.contains("matches psapl"),
        "{list}"
    );
}

#[test]
fn without_an_imported_text_show_says_how_to_get_one() {
    let data = tmp();
    let t = String::from_utf8(
        data_env(data.path())
            .args(["show", "治安法", "97", "--text"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        t.contains("flk.npc.gov.cn") && t.contains("fatiao import"),
        "{t}"
    );
}

#[test]
fn import_round_trips_every_shared_text() {
    let Some(texts) = shared_texts() else { return };
    let data = tmp();
    let mut n = 0;
    for e in std::fs::read_dir(&texts).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if !(name.ends_with(".txt") || name.ends_with(".md")) || name == "README.md" {
            continue;
        }
        let out = data_env(data.path())
            .args(["import"])
            .arg(&p)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        n += 1;
    }
    assert!(n >= 30);
    // The older 治安管理处罚法 text is stored beside the current one and reported as such.
    let old = data_env(data.path())
        .args(["import"])
        .arg(texts.join("public-security-administration-punishments-law-2012.md"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&old.stdout).contains("unchanged"));
    let list = String::from_utf8(
        data_env(data.path())
            .args(["texts"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        list.contains("2012-10-26") && list.contains("2025-06-27"),
        "{list}"
    );
}

#[test]
fn bad_imports_are_refused_and_leave_the_store_alone() {
    let data = tmp();
    let src = tmp();
    let cases: [(&str, &[u8], &str); 4] = [
        ("empty.txt", b"", "empty"),
        ("binary.txt", b"\x00\x01\x02PK", "binary"),
        (
            "notes.txt",
            "会议纪要\n今天讨论了课程安排。\n".as_bytes(),
            "no articles",
        ),
        (
            "gbk.txt",
            &[0xd6, 0xd0, 0xbb, 0xaa, 0xc8, 0xcb, 0xc3, 0xf1],
            "not UTF-8",
        ),
    ];
    for (name, bytes, want) in cases {
        let p = src.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let out = data_env(data.path())
            .args(["import"])
            .arg(&p)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let e = String::from_utf8_lossy(&out.stderr);
        assert!(e.contains(want), "{name}: {e}");
    }
    assert!(
        !data.path().join("texts").exists()
            || std::fs::read_dir(data.path().join("texts"))
                .unwrap()
                .count()
                == 0
    );
    // A failure in the middle of writing leaves nothing behind.
    let p = src.path().join("t.txt");
    std::fs::write(&p, TEXT).unwrap();
    let out = data_env(data.path())
        .env("FATIAO_TEST_FAIL_IMPORT", "1")
        .args(["import"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let left: Vec<_> = std::fs::read_dir(data.path().join("texts"))
        .unwrap()
        .collect();
    assert!(left.is_empty(), "store changed: {left:?}");
}

#[test]
fn an_ambiguous_name_lists_its_candidates() {
    let out = fatiao()
        .args(["程序规定", "第80条", "--lang", "zh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains("公安机关办理刑事案件程序规定") && e.contains("公安机关办理行政案件程序规定"),
        "{e}"
    );
    // The full title resolves.
    assert_eq!(ids(&["公安机关办理刑事案件程序规定第八十条"])[0], "pccp:80");
}

#[test]
fn inserted_articles_and_partial_coverage() {
    let r = json(&["刑法第一百二十条之一"]);
    assert_eq!(
        (
            r[0]["id"].as_str(),
            r[0]["article"].as_u64(),
            r[0]["suffix"].as_u64()
        ),
        (Some("cl:120-1"), Some(120), Some(1))
    );
    assert_eq!(
        stdout(&["cl:120-1", "--format", "cite", "--lang", "zh"]),
        "《中华人民共和国刑法》第一百二十条之一\n"
    );
    // A deleted article (the text keeps only （删去）) is held as such, not as a gap.
    let t = stdout(&["刑法第一百九十九条", "--format", "plain"]);
    assert!(t.contains("（本条已删去）"), "{t}");
    // One past the end says where the statute ends (452 sits outside every part).
    let out = fatiao()
        .args(["刑法第四百六十条", "--lang", "en"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("the last numbered 452"));
    let laws = json(&["laws"]);
    for (id, total) in [("cpl", 308), ("cl", 505)] {
        let s = laws.iter().find(|v| v["id"] == id).unwrap();
        assert_eq!(s["articles_total"], total);
        assert_eq!(s["articles_covered"], total);
    }
    // A statute held in part: an article it lacks says so, and laws shows the coverage.
    let d = tmp();
    std::fs::write(
        d.path().join("local.toml"),
        LOCAL.replace("articles_total = 1", "articles_total = 3"),
    )
    .unwrap();
    let out = fatiao()
        .args(["测规第2条", "--lang", "en", "--statutes"])
        .arg(d.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds no summary of it yet"));
    let out = fatiao()
        .args(["laws", "--format", "json", "--statutes"])
        .arg(d.path())
        .output()
        .unwrap();
    let laws: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let local = laws.iter().find(|v| v["id"] == "local-rule").unwrap();
    assert_eq!(
        (
            local["articles_covered"].as_u64(),
            local["articles_total"].as_u64()
        ),
        (Some(1), Some(3)),
        "partial coverage shown honestly"
    );
}

#[test]
fn hostile_queries_have_defined_behaviour() {
    // A very long query answers (nothing or something) without crashing.
    let long = "询问".repeat(20_000);
    let out = fatiao()
        .arg(&long)
        .arg("--format")
        .arg("json")
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0) | Some(1)));
    assert!(
        serde_json::from_slice::<Value>(&out.stdout)
            .unwrap()
            .is_array()
    );
    // Empty and punctuation-only queries find nothing, say so, exit 1.
    for q in ["", "   ", "！？。，", "???", "《》"] {
        let out = fatiao().arg(q).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{q:?}");
        assert!(!out.stderr.is_empty(), "{q:?} says something");
    }
    // Mixed scripts and full-width forms.
    assert_eq!(ids(&["ＰＳＡＰＬ　９７"])[0], "psapl:97");
    assert_eq!(
        ids(&["治安管理處罰法第九十七條"])[0],
        "psapl:97",
        "traditional characters"
    );
    assert_eq!(ids(&["psapl 第九十七条"])[0], "psapl:97");
    assert!(!ids(&["questioning 询问 8小时"]).is_empty());
}

#[cfg(unix)]
#[test]
fn non_utf8_arguments_are_a_usage_error() {
    use std::os::unix::ffi::OsStrExt;
    let bad = std::ffi::OsStr::from_bytes(&[0xd6, 0xd0, 0xff]);
    let out = fatiao().arg(bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .to_lowercase()
            .contains("utf-8"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn exit_codes_are_documented_and_kept() {
    assert_eq!(
        fatiao().args(["盘问"]).output().unwrap().status.code(),
        Some(0)
    );
    assert_eq!(
        fatiao().args(["zzqqxxyy"]).output().unwrap().status.code(),
        Some(1)
    );
    assert_eq!(
        fatiao()
            .args(["--lang", "fr", "x"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    let help = stdout(&["--help"]);
    assert!(
        help.contains("0 found, 1 nothing found, 2 usage or data error"),
        "{help}"
    );
}

#[test]
fn config_file_is_read_and_a_broken_one_is_an_error() {
    let d = tmp();
    let cfg = d.path().join("config.toml");
    std::fs::write(&cfg, "lang = \"en\"\n").unwrap();
    let out = fatiao()
        .env("FATIAO_CONFIG", &cfg)
        .args(["psapl 97", "--format", "cite"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("Article 97,"),
        "config lang = en applies"
    );
    std::fs::write(&cfg, "lang = \"fr\"\n").unwrap();
    let out = fatiao()
        .env("FATIAO_CONFIG", &cfg)
        .args(["psapl 97"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("config.toml:1"));
    std::fs::write(&cfg, "colour = \"never\"\n").unwrap();
    let out = fatiao()
        .env("FATIAO_CONFIG", &cfg)
        .args(["psapl 97"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "unknown key is an error, not a silent default"
    );
    let p = stdout(&["config", "path"]);
    assert!(p.trim().ends_with("config.toml"), "{p}");
}

#[test]
fn completions_and_man_page_generate() {
    for sh in ["bash", "zsh", "fish", "powershell"] {
        let out = fatiao().args(["completions", sh]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{sh}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("fatiao"),
            "{sh}"
        );
    }
    let man = stdout(&["man"]);
    assert!(
        man.contains(".TH fatiao 1") && man.contains("limits"),
        "{man}"
    );
}

/// Golden output at 80 columns, without colour. Regenerate after an intended change with
/// `UPDATE_SNAPSHOTS=1 cargo test --test cli snapshots`.
#[test]
fn snapshots() {
    let cases: [(&str, &[&str]); 5] = [
        (
            "show_psapl_97.txt",
            &["show", "psapl", "97", "--lang", "both"],
        ),
        (
            "limits_questioning.txt",
            &["limits", "询问查证", "--lang", "zh"],
        ),
        ("flow_zh.txt", &["flow", "--lang", "zh"]),
        (
            "rights_summoned_en.txt",
            &["rights", "summoned", "--lang", "en"],
        ),
        ("laws.txt", &["laws", "--lang", "zh"]),
    ];
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let data = tmp(); // no imported texts, no cache influence
    let mut failed = vec![];
    for (name, args) in cases {
        let out = data_env(data.path())
            .args(args)
            .args(["--width", "80", "--color", "never"])
            .output()
            .unwrap();
        let got = String::from_utf8(out.stdout).unwrap();
        for l in got.lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(l) <= 80 || !l.contains(' '),
                "{name}: wider than 80: {l}"
            );
        }
        let path = dir.join(name);
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if want != got {
            failed.push(format!(
                "{name} differs from tests/snapshots (UPDATE_SNAPSHOTS=1 to accept)"
            ));
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}

/// Long output on a terminal goes through $PAGER; --no-pager and pipes bypass it. Runs the binary
/// under a pseudo-terminal with util-linux `script` (skipped where it is missing).
#[test]
fn pager_on_a_terminal_only() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no `script` for a pseudo-terminal");
        return;
    }
    let d = tmp();
    let marker = d.path().join("paged.txt");
    let bin = assert_cmd::cargo::cargo_bin("fatiao");
    let run = |extra: &str| {
        let _ = std::fs::remove_file(&marker);
        let cmd = format!(
            "PAGER='cat > {m}' FATIAO_CONFIG=/nonexistent {b} dump {extra}",
            m = marker.display(),
            b = bin.display()
        );
        std::process::Command::new("script")
            .args(["-qec", &cmd, "/dev/null"])
            .output()
            .unwrap();
        std::fs::read_to_string(&marker).unwrap_or_default()
    };
    let paged = run("");
    assert!(
        paged.lines().count() > 100,
        "long output went through the pager"
    );
    assert!(run("--no-pager").is_empty(), "--no-pager bypasses it");
    // Piped: no pager even without the flag.
    let _ = std::fs::remove_file(&marker);
    let out = fatiao()
        .env("PAGER", format!("cat > {}", marker.display()))
        .arg("dump")
        .output()
        .unwrap();
    assert!(!out.stdout.is_empty());
    assert!(!marker.exists(), "no pager when piped");
}

#[test]
fn the_user_statute_cache_is_used_and_follows_changes() {
    let data = tmp();
    let cache = tmp();
    let path = data.path().join("local.toml");
    std::fs::write(&path, LOCAL).unwrap();
    let run = |q: &str| {
        let mut c = fatiao();
        c.env_remove("FATIAO_NO_CACHE")
            .env("FATIAO_CACHE", cache.path());
        c.args([q, "--format", "cite", "--statutes"])
            .arg(data.path())
            .output()
            .unwrap()
    };
    assert_eq!(run("巡逻 执法记录仪").status.code(), Some(0));
    let files: Vec<_> = std::fs::read_dir(cache.path()).unwrap().collect();
    assert_eq!(files.len(), 1, "compiled once into the cache");
    // Served from the cache.
    let first = |o: std::process::Output| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(
        first(run("巡逻 执法记录仪")),
        "《某市公安局测试规定》第一条"
    );
    // A change to the file is seen at once (same length, other words).
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&path, LOCAL.replace("执法记录仪", "执勤记录表")).unwrap();
    assert_ne!(
        first(run("巡逻 执法记录仪")),
        "《某市公安局测试规定》第一条"
    );
    assert_eq!(
        first(run("巡逻 执勤记录表")),
        "《某市公安局测试规定》第一条"
    );
}

#[test]
fn dump_prints_every_provision_one_line_each() {
    let t = stdout(&["dump", "--format", "plain"]);
    let laws = json(&["laws"]);
    let covered: u64 = laws
        .iter()
        .map(|v| v["articles_covered"].as_u64().unwrap())
        .sum();
    assert_eq!(t.lines().count() as u64, covered);
    assert!(
        t.lines().all(|l| l.split('\t').count() == 8),
        "eight tab-separated fields: id, citation, titles, keywords (zh, en), tags, summaries (zh, en)"
    );
    assert!(
        t.lines()
            .any(|l| l.starts_with("psapl:97\t《中华人民共和国治安管理处罚法》第九十七条"))
    );
}
