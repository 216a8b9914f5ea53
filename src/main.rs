//! The fatiao binary: parse the command line, run, page long output, exit with the code `app` chose.

use std::io::{IsTerminal, Write};

fn main() {
    let cli = match fatiao::cli::Cli::parse_args(std::env::args_os()) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                fatiao::app::ERROR
            } else {
                0
            };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    // Output is gathered first so that a long answer on a terminal can go through the pager.
    let paging_possible = std::io::stdout().is_terminal() && !cli.global.no_pager;
    let mut buf: Vec<u8> = Vec::new();
    let code = fatiao::app::run(cli, &mut buf, &mut std::io::stderr());
    let code = match fatiao::pager::emit(&buf, paging_possible) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            let _ = writeln!(std::io::stderr(), "fatiao: {e}");
            fatiao::app::ERROR
        }
        _ => code,
    };
    std::process::exit(code);
}
