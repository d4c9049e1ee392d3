//! Arguments first: every command checks its scenario, pricing files, ids,
//! output folder and options before it reads an input or draws anything, so
//! a typo costs nothing however big the input. An input that is a FIFO no
//! one writes to proves it: reading it would wait for ever, so a command
//! that answers at once has not read it.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::{rccost, temp};

/// Long enough for a loaded machine to start rccost and load pricing files;
/// a read of the FIFO would never end.
const PATIENCE: Duration = Duration::from_secs(60);

/// A FIFO at `dir/name`, made with mkfifo(1).
#[cfg(feature = "usage")]
fn fifo(dir: &Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
    path
}

/// Runs rccost in `dir` with `args`: its exit code and stderr, or a panic if
/// it is still running after [`PATIENCE`] (it is then reading an input).
fn run(dir: &Path, args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let started = Instant::now();
    let out = rccost(dir).args(args).timeout(PATIENCE).output().unwrap();
    assert!(
        started.elapsed() < PATIENCE,
        "{args:?} waited on its input instead of refusing its arguments"
    );
    (
        out.status.code(),
        String::from_utf8(out.stderr).expect("UTF-8 errors"),
    )
}

fn os<'a>(args: &[&'a str]) -> Vec<&'a std::ffi::OsStr> {
    args.iter().map(|&a| std::ffi::OsStr::new(a)).collect()
}

#[cfg(feature = "usage")]
#[test]
fn usage_names_a_bad_scenario_before_reading_a_malformed_input() {
    let dir = temp();
    let d = dir.path();
    let broken = d.join("broken.json");
    let lines: String = (1..=7)
        .map(|i| format!("{{\"_id\":\"m{i}\",\"msg\":\"no date\"}}\n"))
        .collect();
    fs::write(&broken, lines).unwrap();
    let mut args = vec![std::ffi::OsStr::new("usage"), broken.as_os_str()];
    args.extend(os(&["--scenario", "nope"]));
    let (code, stderr) = run(d, &args);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("--scenario: no bundled scenario named 'nope'"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("malformed"),
        "the input was not read: {stderr}"
    );
    assert!(!d.join("output").exists());
}

#[cfg(feature = "usage")]
#[test]
fn usage_checks_every_argument_before_it_opens_an_input() {
    let dir = temp();
    let d = dir.path();
    let pipe = fifo(d, "never-written");
    fs::write(d.join("a-file"), "x").unwrap();
    fs::write(d.join("bad.toml"), "version = 1\nid = \n").unwrap();
    let cases: [(&[&str], &str); 6] = [
        (&["--scenario", "nope"], "no bundled scenario named 'nope'"),
        (&["--pricing", "bad.toml"], "bad.toml:2:"),
        (&["--pricing", "missing.toml"], "missing.toml"),
        (
            &["--from", "2024-02-01", "--to", "2024-01-01"],
            "--from is after --to",
        ),
        (&["--out", "a-file/usage"], "a-file is a file, not a folder"),
        (&["missing.json"], "missing.json: no such file or folder"),
    ];
    for (extra, says) in cases {
        let mut args = vec![std::ffi::OsStr::new("usage"), pipe.as_os_str()];
        args.extend(os(extra));
        let (code, stderr) = run(d, &args);
        assert!(matches!(code, Some(1 | 2)), "{extra:?}: {code:?} {stderr}");
        assert!(stderr.contains(says), "{extra:?}: {says:?} in {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    assert!(!d.join("output").exists(), "nothing was written");
}

#[test]
fn model_commands_refuse_bad_options_and_output_paths_writing_nothing() {
    let dir = temp();
    let d = dir.path();
    fs::write(d.join("a-file"), "x").unwrap();
    let cases: [(&[&str], i32, &str); 7] = [
        (
            &["report", "--users", "1..2000000"],
            2,
            "add a step, e.g. --users 1..2000000:",
        ),
        (
            &["report", "--out", "a-file/report"],
            1,
            "cannot write a-file/report/cost-per-month.png: a-file is a file, not a folder",
        ),
        (
            &["plot", "--out", "a-file/charts", "--format", "svg"],
            1,
            "cannot write a-file/charts/cost-per-month.svg: a-file is a file, not a folder",
        ),
        (
            &["plot", "--theme", "dark", "--out", "a-file/charts"],
            1,
            "cannot write a-file/charts/cost-per-month-dark.png",
        ),
        (
            &["export", "--format", "json", "--delimiter", ";"],
            2,
            "--delimiter and --decimal-comma apply to CSV",
        ),
        (
            &["export", "--decimal-comma"],
            2,
            "--decimal-comma needs another cell separator than ','",
        ),
        (
            &["export", "--format", "json", "--out", "a-file/costs.json"],
            1,
            "cannot write a-file/costs.json: a-file is a file, not a folder",
        ),
    ];
    for (args, expected, says) in cases {
        let (code, stderr) = run(d, &os(args));
        assert_eq!(code, Some(expected), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {says:?} in {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let left: Vec<_> = fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["a-file"], "nothing was drawn or written");
    assert_eq!(fs::read_to_string(d.join("a-file")).unwrap(), "x");
}

#[test]
fn a_bad_id_is_named_before_the_output_folder_is_touched() {
    let dir = temp();
    let d = dir.path();
    for command in ["plot", "report", "export", "table", "breakeven"] {
        let (code, stderr) = run(d, &os(&[command, "--models", "nowhere"]));
        assert_eq!(code, Some(2), "{command}: {stderr}");
        assert!(
            stderr.contains("no model 'nowhere' in scenario blog-2016"),
            "{command}: {stderr}"
        );
    }
    assert!(fs::read_dir(d).unwrap().next().is_none(), "nothing written");
}
