//! Wall time of whole `rccost` runs, as a user sees them: `cargo bench`.
//! Prints figures; it never fails on a timing (targets: plot < 15 ms and at
//! least 60× faster than matplotlib_plot.py,
//! breakeven over a billion users < 5 ms, on a 2-core machine).

use std::process::Command;
use std::time::{Duration, Instant};

fn time(label: &str, target_ms: f64, args: &[&str], runs: usize) {
    let bin = env!("CARGO_BIN_EXE_rccost");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut samples: Vec<Duration> = Vec::with_capacity(runs);
    for _ in 0..runs + 2 {
        let start = Instant::now();
        let status = Command::new(bin)
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("rccost runs")
            .status;
        samples.push(start.elapsed());
        assert!(status.success(), "{label} failed");
    }
    samples.drain(..2); // warm-up runs
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = ms(samples[samples.len() / 2]);
    println!(
        "{label:<45} median {median:7.2} ms   min {:7.2} ms   max {:7.2} ms   ({runs} runs; target < {target_ms} ms: {})",
        ms(samples[0]),
        ms(samples[samples.len() - 1]),
        if median < target_ms { "met" } else { "MISSED" }
    );
}

/// `plot --users 1..30` against `../shared/bench/matplotlib_plot.py` (matplotlib from
/// PyPI), the two run in turn so a drift in the machine's speed touches both; prints
/// the medians and their ratio. Skipped when the script or matplotlib is missing.
fn against_matplotlib(runs: usize) {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/bench/matplotlib_plot.py"
    );
    let has_matplotlib = Command::new("python3")
        .args(["-c", "import matplotlib"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !std::path::Path::new(script).exists() || !has_matplotlib {
        println!("matplotlib_plot.py or matplotlib missing: no comparison");
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let wall = |cmd: &mut Command| {
        let start = Instant::now();
        let ok = cmd
            .current_dir(dir.path())
            .output()
            .expect("runs")
            .status
            .success();
        assert!(ok, "{cmd:?} failed");
        start.elapsed().as_secs_f64() * 1000.0
    };
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..runs + 1 {
        ours.push(wall(
            Command::new(env!("CARGO_BIN_EXE_rccost")).args(["plot", "--users", "1..30"]),
        ));
        theirs.push(wall(Command::new("python3").args([script, "30", "mpl"])));
    }
    let median = |v: &mut Vec<f64>| {
        v.remove(0); // warm-up
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (a, b) = (median(&mut ours), median(&mut theirs));
    let ratio = b / a;
    println!(
        "plot --users 1..30 vs matplotlib_plot.py 30     median {a:7.2} ms vs {b:7.2} ms: {ratio:.0}x faster ({runs} runs each, in turn; target >= 60x: {})",
        if ratio >= 60.0 { "met" } else { "MISSED" }
    );
}

/// `plot` of today's prices with the admin rate as a range (2,000 draws) against
/// the same plot at one rate, run alternately so a drift in the machine's speed
/// touches both; prints the medians and their ratio (the aim: under 2×).
fn sampled_against_exact(runs: usize) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let plot = |rate: &str| {
        let start = Instant::now();
        let ok = Command::new(env!("CARGO_BIN_EXE_rccost"))
            .args(["plot", "--scenario", "current", "--users", "1..100"])
            .args(["--admin-rate", rate, "--as-of", "2026-11-25"])
            .current_dir(dir.path())
            .output()
            .expect("rccost runs")
            .status
            .success();
        assert!(ok, "plot --admin-rate {rate} failed");
        start.elapsed().as_secs_f64() * 1000.0
    };
    let (mut sampled, mut exact) = (Vec::new(), Vec::new());
    for _ in 0..runs + 1 {
        sampled.push(plot("30..60..120"));
        exact.push(plot("60"));
    }
    let median = |v: &mut Vec<f64>| {
        v.remove(0); // warm-up
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (a, b) = (median(&mut sampled), median(&mut exact));
    println!(
        "plot current 1..100 --admin-rate 30..60..120 vs 60   median {a:7.2} ms vs {b:7.2} ms: {:.2}x ({runs} runs each, in turn; aim < 2x)",
        a / b
    );
}

fn main() {
    println!(
        "rccost {} — whole-process wall time",
        env!("CARGO_PKG_VERSION")
    );
    time(
        "rccost plot --users 1..30 (8 files: 4 charts × PNG, SVG)",
        15.0,
        &["plot", "--users", "1..30"],
        30,
    );
    against_matplotlib(15);
    sampled_against_exact(15);
    time(
        "rccost breakeven --users 1..1000000000",
        5.0,
        &["breakeven", "--users", "1..1000000000"],
        100,
    );
    time(
        "rccost breakeven --users 1..1000000000 --json",
        5.0,
        &["breakeven", "--users", "1..1000000000", "--json"],
        100,
    );
    time(
        "rccost export --users 1..30",
        5.0,
        &["export", "--users", "1..30"],
        100,
    );
}
