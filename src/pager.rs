//! Paging long output on a terminal through $PAGER (default `less -FRX`), as git does; output
//! that fits the screen, or goes to a pipe, is written directly.

use std::io::{self, Write};
use std::process::{Command, Stdio};

/// The pager to run, if any: only when paging is allowed (a terminal, not turned off by flag or
/// config) and the output is longer than the screen; `PAGER` empty or `cat` means none.
pub fn choose(lines: usize, rows: usize, allowed: bool, pager_env: Option<&str>) -> Option<String> {
    if !allowed || lines + 1 < rows {
        return None;
    }
    let p = pager_env
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .unwrap_or("less -FRX");
    (p != "cat").then(|| p.to_string())
}

/// Writes `buf` to stdout, through the pager when `choose` says so.
pub fn emit(buf: &[u8], allowed: bool) -> io::Result<()> {
    let config_allows = crate::config::path()
        .and_then(|p| crate::config::load(&p).ok())
        .and_then(|c| c.pager)
        .unwrap_or(true);
    let rows = terminal_size::terminal_size().map_or(24, |(_, h)| h.0 as usize);
    let lines = buf.iter().filter(|&&b| b == b'\n').count();
    let env = std::env::var("PAGER").ok();
    if let Some(pager) = choose(lines, rows, allowed && config_allows, env.as_deref())
        && let Ok(mut child) = Command::new("sh")
            .arg("-c")
            .arg(&pager)
            .env("LESSCHARSET", "utf-8")
            .stdin(Stdio::piped())
            .spawn()
    {
        if let Some(mut stdin) = child.stdin.take() {
            // A user quitting the pager early closes the pipe; that is not an error.
            let _ = stdin.write_all(buf);
        }
        child.wait()?;
        return Ok(());
    }
    let mut out = io::stdout().lock();
    out.write_all(buf)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::choose;

    #[test]
    fn pages_only_long_output_on_a_terminal() {
        assert_eq!(choose(100, 24, true, None).as_deref(), Some("less -FRX"));
        assert_eq!(choose(100, 24, true, Some("most")).as_deref(), Some("most"));
        assert_eq!(choose(10, 24, true, None), None, "fits the screen");
        assert_eq!(
            choose(100, 24, false, None),
            None,
            "piped, --no-pager or config"
        );
        assert_eq!(choose(100, 24, true, Some("cat")), None);
        assert_eq!(
            choose(100, 24, true, Some("  ")).as_deref(),
            Some("less -FRX")
        );
    }
}
