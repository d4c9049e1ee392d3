//! Ctrl-C (SIGINT) or SIGTERM while rccost writes: the real binary gets the
//! signal with a file half-written, ends with 128 + the signal's number, leaves
//! no temporary file, and every output of an earlier run is byte for byte as it
//! was. `RCCOST_TEST_PAUSE_WRITES_MS` makes each temporary file wait half-written,
//! so the signal lands mid-write every time rather than by luck.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[cfg(feature = "usage")]
use super::fixtures;
use super::{rccost, temp};

/// Every file below `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten() {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("a readable file");
                out.insert(path, bytes);
            }
        }
    }
    out
}

fn temporary_files(dir: &Path) -> Vec<PathBuf> {
    snapshot(dir)
        .into_keys()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(".rccost-"))
        })
        .collect()
}

fn send(child: &Child, signal: &str) {
    let sent = Command::new("kill")
        .args(["-s", signal, &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success(), "kill -s {signal}");
}

/// Starts `args` (with `--out out` in `dir`), waits until `files` temporary files
/// exist in `dir/out`, sends `signal`, and checks the exit code, that no
/// temporary file is left and that `dir` holds exactly what it held before.
fn interrupt_mid_write(dir: &Path, args: &[&str], files: usize, signal: &str, code: i32) {
    let before = snapshot(dir);
    assert!(!before.is_empty(), "an earlier run wrote its files");
    let mut child = Command::new(env!("CARGO_BIN_EXE_rccost"))
        .current_dir(dir)
        .args(args)
        .args(["--out", "out"])
        .env("RCCOST_TEST_PAUSE_WRITES_MS", "1500")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rccost starts");
    let started = Instant::now();
    while temporary_files(dir).len() < files {
        assert!(
            child.try_wait().expect("waits").is_none(),
            "{args:?} ended before it wrote {files} temporary files"
        );
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "{args:?} never wrote"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    send(&child, signal);
    let out = child.wait_with_output().expect("rccost ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?} after SIG{signal}: {stderr}"
    );
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert_eq!(
        temporary_files(dir),
        Vec::<PathBuf>::new(),
        "no temporary file is left"
    );
    assert!(
        snapshot(dir) == before,
        "every earlier output is byte-identical"
    );
}

#[test]
fn ctrl_c_during_plot_leaves_the_earlier_charts_whole() {
    let dir = temp();
    rccost(dir.path())
        .args(["plot", "--users", "1..10", "--out", "out"])
        .assert()
        .success();
    // The second chart is half-written and the first is waiting to be moved in.
    interrupt_mid_write(dir.path(), &["plot", "--users", "1..30"], 2, "INT", 130);
}

#[test]
fn sigterm_during_export_leaves_the_earlier_csv_whole() {
    let dir = temp();
    rccost(dir.path())
        .args(["export", "--users", "1..10", "--out", "out"])
        .assert()
        .success();
    interrupt_mid_write(
        dir.path(),
        &["export", "--users", "1..200000", "--format", "json"],
        1,
        "TERM",
        143,
    );
}

#[test]
fn ctrl_c_during_report_leaves_the_earlier_report_whole() {
    let dir = temp();
    rccost(dir.path())
        .args(["report", "--users", "1..10", "--out", "out"])
        .assert()
        .success();
    interrupt_mid_write(dir.path(), &["report", "--users", "1..30"], 3, "INT", 130);
}

#[cfg(feature = "usage")]
#[test]
fn sigterm_during_usage_leaves_the_earlier_counts_whole() {
    let dir = temp();
    let input = fixtures().join("usage/mongo.json");
    rccost(dir.path())
        .arg("usage")
        .arg(&input)
        .args(["--by", "day", "--out", "out"])
        .assert()
        .success();
    let input = input.to_string_lossy().into_owned();
    interrupt_mid_write(
        dir.path(),
        &["usage", &input, "--by", "week"],
        2,
        "TERM",
        143,
    );
}

/// Without any pause: a signal while a large export is still being read (68 MB,
/// far more than a debug build reads in the 150 ms it is given) ends the run at
/// once, before anything is written.
#[cfg(feature = "usage")]
#[test]
fn ctrl_c_while_reading_a_large_export_writes_nothing() {
    use std::io::Write;
    let dir = temp();
    let small = fixtures().join("usage/mongo.json");
    rccost(dir.path())
        .arg("usage")
        .arg(&small)
        .args(["--out", "out"])
        .assert()
        .success();
    let big = dir.path().join("big.json");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
    for i in 0..400_000 {
        writeln!(
            f,
            r#"{{"_id":"m{i}","rid":"GENERAL","msg":"hello there, a message of some length","ts":{{"$date":"2016-08-12T19:30:00.000Z"}},"u":{{"_id":"a","username":"u{}"}}}}"#,
            i % 97
        )
        .unwrap();
    }
    f.flush().unwrap();
    drop(f);
    let before = snapshot(&dir.path().join("out"));
    let child = Command::new(env!("CARGO_BIN_EXE_rccost"))
        .current_dir(dir.path())
        .args(["usage", "big.json", "--out", "out"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rccost starts");
    std::thread::sleep(Duration::from_millis(150));
    send(&child, "INT");
    let out = child.wait_with_output().expect("rccost ends");
    assert_eq!(
        out.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(temporary_files(dir.path()), Vec::<PathBuf>::new());
    assert!(
        snapshot(&dir.path().join("out")) == before,
        "earlier outputs untouched"
    );
}
