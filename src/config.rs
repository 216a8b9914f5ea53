//! The user's config file (platform config directory, or FATIAO_CONFIG): default language,
//! colour, pager and extra statute directories. An invalid file is an error, never a silent default.

use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Deserialize, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// "zh", "en" or "both"
    pub lang: Option<String>,
    /// "auto", "always" or "never"
    pub color: Option<String>,
    /// Use a pager for long output on a terminal (default true).
    pub pager: Option<bool>,
    /// Extra directories of statute files.
    #[serde(default)]
    pub statutes: Vec<PathBuf>,
}

/// Where the config file lives: $FATIAO_CONFIG, else the platform's config directory
/// (e.g. ~/.config/fatiao/config.toml on Linux).
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("FATIAO_CONFIG").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "fatiao").map(|d| d.config_dir().join("config.toml"))
}

/// Reads the config file; a missing file is the empty config, a broken one an error naming the
/// file, line and column.
pub fn load(path: &Path) -> Result<FileConfig, String> {
    let src = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileConfig::default()),
        Err(e) => return Err(format!("{}: cannot read: {e}", path.display())),
    };
    let cfg: FileConfig = toml::from_str(&src).map_err(|e| {
        let (l, c) = e
            .span()
            .map_or((0, 0), |s| crate::corpus::line_col(&src, s.start));
        format!("{}:{l}:{c}: {}", path.display(), e.message().trim())
    })?;
    let check = |field: &str, v: &Option<String>, allowed: &[&str]| -> Result<(), String> {
        match v {
            Some(x) if !allowed.contains(&x.as_str()) => {
                let line = src
                    .lines()
                    .position(|l| l.trim_start().starts_with(field))
                    .map_or(0, |i| i + 1);
                Err(format!(
                    "{}:{line}: {field} = {x:?} is not one of {}",
                    path.display(),
                    allowed.join(", ")
                ))
            }
            _ => Ok(()),
        }
    };
    check("lang", &cfg.lang, &["zh", "en", "both"])?;
    check("color", &cfg.color, &["auto", "always", "never"])?;
    Ok(cfg)
}
