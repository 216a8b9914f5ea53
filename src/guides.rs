//! Rights guides per situation (stopped, summoned, searched, detained, ...) and the enforcement
//! flow: data files under statutes/guides/ and statutes/flow.toml, each step citing provisions.

use crate::corpus::{Corpus, DataError, line_col};
use crate::model::ProvisionRef;
use crate::text;
use serde::Deserialize;
use toml::Spanned;

pub const EMBEDDED_GUIDES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/guides.rs"));
pub const EMBEDDED_FLOW: &str = include_str!("../statutes/flow/admin-case.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGuide {
    schema: u32,
    id: String,
    title_zh: String,
    title_en: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    intro_zh: String,
    #[serde(default)]
    intro_en: String,
    step: Vec<RawStep>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    title_zh: Spanned<String>,
    title_en: String,
    #[serde(default)]
    must_zh: Vec<String>,
    #[serde(default)]
    must_en: Vec<String>,
    #[serde(default)]
    must_not_zh: Vec<String>,
    #[serde(default)]
    must_not_en: Vec<String>,
    #[serde(default)]
    may_zh: Vec<String>,
    #[serde(default)]
    may_en: Vec<String>,
    cites: Vec<Spanned<String>>,
}

/// One step of a guide: what the authority must do, must not do, and what the person may do,
/// each citing provisions.
#[derive(Debug, Clone)]
pub struct Step {
    pub title_zh: String,
    pub title_en: String,
    pub must_zh: Vec<String>,
    pub must_en: Vec<String>,
    pub must_not_zh: Vec<String>,
    pub must_not_en: Vec<String>,
    pub may_zh: Vec<String>,
    pub may_en: Vec<String>,
    pub cites: Vec<ProvisionRef>,
}

#[derive(Debug, Clone)]
pub struct Guide {
    pub id: String,
    pub title_zh: String,
    pub title_en: String,
    pub aliases: Vec<String>,
    pub intro_zh: String,
    pub intro_en: String,
    pub steps: Vec<Step>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFlow {
    schema: u32,
    stage: Vec<RawStage>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStage {
    id: String,
    title_zh: Spanned<String>,
    title_en: String,
    summary_zh: String,
    summary_en: String,
    cites: Vec<Spanned<String>>,
}

/// A stage of the enforcement procedure.
#[derive(Debug, Clone)]
pub struct Stage {
    pub id: String,
    pub title_zh: String,
    pub title_en: String,
    pub summary_zh: String,
    pub summary_en: String,
    pub cites: Vec<ProvisionRef>,
}

fn err(file: &str, src: &str, off: usize, message: String) -> DataError {
    let (line, column) = line_col(src, off);
    DataError {
        file: file.to_string(),
        line,
        column,
        message,
    }
}

/// Parses TOML, a syntax error located by file, line and column.
fn parse_toml<T: serde::de::DeserializeOwned>(file: &str, src: &str) -> Result<T, Vec<DataError>> {
    toml::from_str(src).map_err(|e| {
        vec![err(
            file,
            src,
            e.span().map_or(0, |s| s.start),
            e.message().trim().to_string(),
        )]
    })
}

/// Resolves citations against the corpus; every one must name a provision we hold.
fn refs(
    file: &str,
    src: &str,
    cites: &[Spanned<String>],
    corpus: &Corpus,
    errors: &mut Vec<DataError>,
) -> Vec<ProvisionRef> {
    let mut out = vec![];
    for c in cites {
        match ProvisionRef::parse(c.get_ref()) {
            Some(r) if corpus.provision(&r).is_some() => out.push(r),
            Some(r) => errors.push(err(
                file,
                src,
                c.span().start,
                format!("cites {r}, which is not a provision held"),
            )),
            None => errors.push(err(
                file,
                src,
                c.span().start,
                format!("{:?} is not a reference like \"psapl:97\"", c.get_ref()),
            )),
        }
    }
    out
}

pub fn parse_guide(file: &str, src: &str, corpus: &Corpus) -> Result<Guide, Vec<DataError>> {
    let raw: RawGuide = parse_toml(file, src)?;
    let mut errors = vec![];
    if raw.schema != 1 {
        errors.push(err(
            file,
            src,
            0,
            format!("unsupported schema {}", raw.schema),
        ));
    }
    let mut steps = vec![];
    for s in raw.step {
        let cites = refs(file, src, &s.cites, corpus, &mut errors);
        if cites.is_empty() {
            errors.push(err(
                file,
                src,
                s.title_zh.span().start,
                "a step must cite at least one provision".into(),
            ));
        }
        for (zh, en, what) in [
            (&s.must_zh, &s.must_en, "must"),
            (&s.must_not_zh, &s.must_not_en, "must_not"),
            (&s.may_zh, &s.may_en, "may"),
        ] {
            if zh.len() != en.len() {
                errors.push(err(
                    file,
                    src,
                    s.title_zh.span().start,
                    format!("{what}_zh and {what}_en must have the same number of lines"),
                ));
            }
        }
        steps.push(Step {
            title_zh: s.title_zh.into_inner(),
            title_en: s.title_en,
            must_zh: s.must_zh,
            must_en: s.must_en,
            must_not_zh: s.must_not_zh,
            must_not_en: s.must_not_en,
            may_zh: s.may_zh,
            may_en: s.may_en,
            cites,
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Guide {
        id: raw.id,
        title_zh: raw.title_zh,
        title_en: raw.title_en,
        aliases: raw.aliases,
        intro_zh: raw.intro_zh,
        intro_en: raw.intro_en,
        steps,
    })
}

pub fn parse_flow(file: &str, src: &str, corpus: &Corpus) -> Result<Vec<Stage>, Vec<DataError>> {
    let raw: RawFlow = parse_toml(file, src)?;
    let mut errors = vec![];
    if raw.schema != 1 {
        errors.push(err(
            file,
            src,
            0,
            format!("unsupported schema {}", raw.schema),
        ));
    }
    let mut stages = vec![];
    for s in raw.stage {
        let cites = refs(file, src, &s.cites, corpus, &mut errors);
        stages.push(Stage {
            id: s.id,
            title_zh: s.title_zh.into_inner(),
            title_en: s.title_en,
            summary_zh: s.summary_zh,
            summary_en: s.summary_en,
            cites,
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(stages)
}

/// The embedded guides, validated against the corpus.
pub fn load_guides(corpus: &Corpus) -> Result<Vec<Guide>, Vec<DataError>> {
    let mut out = vec![];
    let mut errors = vec![];
    for (name, src) in EMBEDDED_GUIDES {
        match parse_guide(&format!("statutes/guides/{name}"), src, corpus) {
            Ok(g) => out.push(g),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

pub fn load_flow(corpus: &Corpus) -> Result<Vec<Stage>, Vec<DataError>> {
    parse_flow("statutes/flow/admin-case.toml", EMBEDDED_FLOW, corpus)
}

/// Finds a guide by fuzzy name: id, title, alias, in Chinese, English or pinyin.
pub fn find<'g>(guides: &'g [Guide], q: &str) -> Option<&'g Guide> {
    let q = text::normalize(q.trim());
    if q.is_empty() {
        return None;
    }
    let mut best: Option<(i32, &Guide)> = None;
    for g in guides {
        let mut names = vec![g.id.clone(), g.title_zh.clone(), g.title_en.clone()];
        names.extend(g.aliases.iter().cloned());
        let mut score = 0;
        for n in &names {
            let n = text::normalize(n);
            let s = if n == q {
                100
            } else if n.contains(&q) || (q.chars().count() >= 2 && q.contains(&n)) {
                60
            } else if q.is_ascii() && q.len() >= 3 && text::pinyin_key(&n).matches_latin(&q) {
                50
            } else if let Some(p) = text::pinyin_sep(&q)
                && q.chars().count() >= 2
                && text::pinyin_key(&n).sep.contains(&p)
            {
                40
            } else {
                0
            };
            score = score.max(s);
        }
        if score > 0 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, g));
        }
    }
    best.map(|(_, g)| g)
}

/// Guides whose steps cite this provision (for the provision card).
pub fn citing<'g>(guides: &'g [Guide], r: &ProvisionRef) -> Vec<&'g Guide> {
    guides
        .iter()
        .filter(|g| g.steps.iter().any(|s| s.cites.contains(r)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Sources;

    #[test]
    fn every_guide_and_flow_stage_cites_provisions_held() {
        let c = Corpus::load(&Sources::default()).unwrap();
        let guides = load_guides(&c).expect("guides load");
        assert!(guides.len() >= 10);
        for g in &guides {
            assert!(!g.steps.is_empty(), "{}", g.id);
            for s in &g.steps {
                assert!(!s.cites.is_empty());
                for r in &s.cites {
                    assert!(c.provision(r).is_some(), "{} cites {r}", g.id);
                }
            }
        }
        let flow = load_flow(&c).expect("flow loads");
        assert!(flow.iter().all(|s| !s.cites.is_empty()));
    }

    #[test]
    fn names_lead_to_one_guide_each() {
        let c = Corpus::load(&Sources::default()).unwrap();
        let guides = load_guides(&c).unwrap();
        let mut seen = std::collections::HashMap::new();
        for g in &guides {
            for a in &g.aliases {
                if let Some(other) = seen.insert(a.to_lowercase(), g.id.clone()) {
                    panic!("alias {a} in both {other} and {}", g.id);
                }
            }
        }
        assert_eq!(
            find(&guides, "查身份证").map(|g| g.id.as_str()),
            Some("stopped")
        );
        assert_eq!(
            find(&guides, "bail").map(|g| g.id.as_str()),
            Some("monitored")
        );
        assert_eq!(
            find(&guides, "kouya").map(|g| g.id.as_str()),
            Some("seized")
        );
    }
}
