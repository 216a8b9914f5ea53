//! Paging long output on a terminal through $PAGER (default `less -FRX`), as git does; output
//! that fits the screen, or goes to a pipe, is written directly.

use std::io::{self, Write};
use std::process::{Command, Stdio};

/// Writes `buf` to stdout, through the pager when `allowed` (a terminal, not turned off by flag
/// or config) and the text is longer than the screen.
pub fn emit(buf: &[u8], allowed: bool) -> io::Result<()> {
    let config_allows = crate::config::path()
        .and_then(|p| crate::config::load(&p).ok())
        .and_then(|c| c.pager)
        .unwrap_or(true);
    let rows = terminal_size::terminal_size().map_or(24, |(_, h)| h.0 as usize);
    let lines = buf.iter().filter(|&&b| b == b'\n').count();
    if allowed && config_allows && lines + 1 >= rows {
        let pager = std::env::var("PAGER")
            .ok()
            .filter(|p| !p.trim().is_empty())
            .unwrap_or_else(|| "less -FRX".to_string());
        if pager.trim() != "cat"
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
    }
    let mut out = io::stdout().lock();
    out.write_all(buf)?;
    out.flush()
}
