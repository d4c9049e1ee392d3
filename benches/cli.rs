//! Wall time of whole `rccost` runs, as a user sees them: `cargo bench`.
//! Prints figures; it never fails on a timing (targets: plot < 50 ms,
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

fn main() {
    println!(
        "rccost {} — whole-process wall time",
        env!("CARGO_PKG_VERSION")
    );
    time(
        "rccost plot --users 1..30 (8 files: 4 charts × PNG, SVG)",
        50.0,
        &["plot", "--users", "1..30"],
        30,
    );
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
