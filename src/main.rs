//! The fatiao binary: parse the command line, run, exit with the code `app` chose.

use clap::Parser;

fn main() {
    let cli = match fatiao::cli::Cli::try_parse() {
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
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let code = fatiao::app::run(cli, &mut out, &mut std::io::stderr());
    let code = match std::io::Write::flush(&mut out) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => fatiao::app::ERROR,
        _ => code,
    };
    std::process::exit(code);
}
