//! `rccost`: parse the command line, run the command, map errors to exit codes.

use std::io::Write;
use std::process::ExitCode;

use rccost::error::Error;

fn main() -> ExitCode {
    end_cleanly_on_signals();
    let cli = match rccost::cmd::parse(std::env::args_os().collect()) {
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

/// Ctrl-C, SIGTERM or SIGHUP: remove the temporary files being written (the
/// files already in place are whole), then end as the signal would (128 + its
/// number: 130, 143, 129). Without this the signal would end the process at
/// once and leave a half-written `.rccost-*.tmp` beside an output.
fn end_cleanly_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return; // no handler: the default action still ends the process
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            rccost::output::remove_temporary_files();
            let _ = writeln!(
                std::io::stderr(),
                "error: interrupted; no output file was left half-written"
            );
            std::process::exit(128 + signal);
        }
    });
}
