//! Integration tests, in one test binary: the CLI through its real binary, the
//! charts through the library, and the committed outputs.

mod architecture;
mod arguments;
mod bitmap;
mod blog;
mod charts;
mod commands;
mod committed;
mod completions;
mod currency;
mod current;
mod diff;
mod docs;
mod errors;
mod explore;
mod extend;
mod formats;
#[cfg(unix)]
mod fuzz;
mod hint;
mod hostile;
mod init;
mod locale;
mod offers;
mod phone;
#[cfg(feature = "usage")]
mod realdata;
mod report_html;
mod scale;
mod screens;
#[cfg(unix)]
mod signals;
mod sources;
mod uncertain;
mod uncertain_charts;
#[cfg(feature = "usage")]
mod usage;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// Today's prices with admin time at $60/h, as the README's charts are made:
/// the case most tests of the `current` scenario run.
pub const TODAY_AT_60: [&str; 8] = [
    "--scenario",
    "current",
    "--users",
    "1..100",
    "--admin-rate",
    "60",
    "--as-of",
    "2026-11-25",
];

/// The real `rccost` binary, run from a fresh temporary folder.
pub fn rccost(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("rccost").expect("the rccost binary is built");
    cmd.current_dir(dir);
    cmd
}

pub fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().expect("rccost runs");
    assert!(
        out.status.success(),
        "rccost failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Whether an outside tool a test needs (a browser, a blog engine) is at
/// `path`. Missing under CI (`CI` set, as `.ci/run` runs) is a failure, since
/// CI installs it; elsewhere the test is skipped with a notice saying how to
/// install it, so `cargo test` still runs on a fresh machine.
pub fn tool_present(path: &str, install: &str) -> bool {
    if Path::new(path).exists() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{path} is missing under CI ({install}): .ci/run installs it"
    );
    eprintln!("skipped: no {path} ({install})");
    false
}
