//! `rccost`: parse the command line, run the command, map errors to exit codes.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use rccost::cli::Cli;
use rccost::error::Error;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are "errors" that succeed; a closed pipe is fine too.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match rccost::cmd::run(cli) {
        Ok(()) | Err(Error::BrokenPipe) => ExitCode::SUCCESS,
        Err(e) => {
            let mut stderr = std::io::stderr().lock();
            for line in e.to_string().lines() {
                let _ = writeln!(stderr, "error: {line}");
            }
            ExitCode::from(e.exit_code())
        }
    }
}
