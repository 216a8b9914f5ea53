//! The store of official texts the user imported (platform data directory, or FATIAO_DATA):
//! one file per statute version, written atomically, so `show --text` can print the law's own
//! words and `verify` can check the summaries without a --texts directory.

use crate::corpus::Corpus;
use crate::official::{self, OfficialText};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where imported texts live.
pub fn dir() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("FATIAO_DATA").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p).join("texts"));
    }
    directories::ProjectDirs::from("", "", "fatiao").map(|d| d.data_dir().join("texts"))
}

/// An imported text, identified by title and version.
pub struct Stored {
    pub path: PathBuf,
    pub text: OfficialText,
    pub version: String,
}

/// What an import did.
#[derive(Debug, PartialEq)]
pub enum Imported {
    /// Stored; `matches` names the statute held with this title and version, if any.
    New {
        version: String,
        matches: Option<String>,
    },
    /// The same bytes were already stored.
    Unchanged { version: String },
    /// Replaced an earlier import of the same title and version.
    Replaced { version: String },
}

fn file_name(title: &str, version: &str, ext: &str) -> String {
    // Titles are Chinese; keep them readable but free of path separators.
    let safe: String = title
        .chars()
        .filter(|c| !matches!(c, '/' | '\\' | ':' | '\0'))
        .collect();
    format!("{safe}_{version}.{ext}")
}

/// Parses `bytes` and decides its version: `version` if given, else the latest date in the header.
pub fn identify(
    bytes: &[u8],
    version: Option<&str>,
    corpus: &Corpus,
) -> Result<(OfficialText, String), String> {
    let text = official::parse(bytes).map_err(|e| {
        if e.line > 0 {
            format!("line {}: {}", e.line, e.message)
        } else {
            e.message
        }
    })?;
    let v = match version {
        Some(v) => v.to_string(),
        None => match text.latest_date() {
            Some(d) => d.to_string(),
            // No date in the header: it is the version we hold only if every summarised article
            // and anchor is found in it; otherwise the user must say.
            None => corpus
                .statutes
                .iter()
                .filter(|s| s.title_zh == text.title)
                .find(|s| {
                    let mut f = vec![];
                    crate::verify::check_statute(s, &text, corpus, &mut f);
                    f.is_empty()
                })
                .map(|s| s.version.clone())
                .ok_or_else(|| {
                    "the header gives no date, so the version is unknown; name it with --version YYYY-MM-DD"
                        .to_string()
                })?,
        },
    };
    Ok((text, v))
}

/// Stores a text atomically: written to a temporary file in the store, synced, then renamed over
/// the final name. An interrupted import leaves the store as it was.
pub fn import(
    store: &Path,
    bytes: &[u8],
    ext: &str,
    version: Option<&str>,
    corpus: &Corpus,
) -> Result<Imported, String> {
    let (text, v) = identify(bytes, version, corpus)?;
    std::fs::create_dir_all(store)
        .map_err(|e| format!("cannot create {}: {e}", store.display()))?;
    let name = file_name(&text.title, &v, ext);
    let dest = store.join(&name);
    let existed = match std::fs::read(&dest) {
        Ok(old) if Sha256::digest(&old) == Sha256::digest(bytes) => {
            return Ok(Imported::Unchanged { version: v });
        }
        Ok(_) => true,
        Err(_) => false,
    };
    let tmp = store.join(format!(".{name}.{}.tmp", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        if std::env::var_os("FATIAO_TEST_FAIL_IMPORT").is_some() {
            // Lets the tests simulate a failure between writing and committing.
            return Err(std::io::Error::other("simulated failure during import"));
        }
        f.sync_all()?;
        std::fs::rename(&tmp, &dest)
    };
    if let Err(e) = write() {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("could not store the text: {e}"));
    }
    let matches = corpus
        .statutes
        .iter()
        .find(|s| s.title_zh == text.title && s.version == v)
        .map(|s| s.id.clone());
    Ok(if existed {
        Imported::Replaced { version: v }
    } else {
        Imported::New {
            version: v,
            matches,
        }
    })
}

/// Every text in the store that parses. Broken files are returned as errors to report.
pub fn load(store: &Path) -> (Vec<Stored>, Vec<String>) {
    let mut out = vec![];
    let mut bad = vec![];
    let Ok(rd) = std::fs::read_dir(store) else {
        return (out, bad);
    };
    let mut paths: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        let version = name
            .rsplit_once('_')
            .map(|(_, v)| v.split('.').next().unwrap_or("").to_string())
            .unwrap_or_default();
        match std::fs::read(&p)
            .map_err(|e| e.to_string())
            .and_then(|b| official::parse(&b).map_err(|e| e.message))
        {
            Ok(text) => out.push(Stored {
                path: p,
                text,
                version,
            }),
            Err(e) => bad.push(format!("{}: {e}", p.display())),
        }
    }
    (out, bad)
}

/// The imported text for a statute held, if the user imported that title and version.
pub fn text_for<'a>(stored: &'a [Stored], title: &str, version: &str) -> Option<&'a Stored> {
    stored
        .iter()
        .find(|s| s.text.title == title && s.version == version)
}
