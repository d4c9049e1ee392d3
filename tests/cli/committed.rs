//! The charts and CSV committed in tests/golden/ must match what the code
//! produces now. These tests only compare: they run the commands of
//! [`REGENERATE`], the ones docs/testing.md gives (tests/cli/docs.rs checks
//! that it does, word for word), from a temporary folder, so their relative
//! `--out` lands there. After a deliberate change, run them in the repository.

use std::fs;
use std::path::{Path, PathBuf};

use crate::{rccost, stdout, temp};

/// Where the golden files live: a folder no documented command writes into by
/// default (`output/`, the default, is ignored by git), so running the docs'
/// examples never changes what these tests compare.
pub const GOLDEN: &str = "tests/golden";

/// The commands that write every file of tests/golden/, as the docs give them.
/// Each is pinned (`--as-of`, `--out`), so rerunning it reproduces the files
/// byte for byte on any day.
pub const REGENERATE: [&str; 3] = [
    "cargo run --release -- plot --users 1..30 --as-of 2026-11-25 --out tests/golden",
    "cargo run --release -- export --users 1..30 --as-of 2026-11-25 --out tests/golden/costs.csv",
    "cargo run --release -- plot --scenario current --users 1..100 --admin-rate 60 --as-of 2026-11-25 --out tests/golden/current",
];

/// The charts of `plot --users 1..30` (blog-2016), in tests/golden/.
const BLOG_CHARTS: [&str; 4] = [
    "cost-per-month",
    "cost-per-user",
    "cumulative-cost",
    "breakeven-map",
];

/// The charts of today's prices at $60/h, in tests/golden/current/.
const CURRENT_CHARTS: [&str; 11] = [
    "cost-per-month",
    "cost-per-user",
    "cumulative-cost",
    "breakeven-map",
    "breakeven-map-mattermost-professional",
    "breakeven-map-rocketchat-community-aws",
    "breakeven-map-rocketchat-community-hetzner",
    "breakeven-map-rocketchat-starter-aws",
    "breakeven-map-zulip-selfhosted-business",
    "probability",
    "sensitivity",
];

/// The arguments of a documented `cargo run --release -- …` command.
pub fn rccost_args(command: &str) -> Vec<String> {
    let words = shlex::split(command).expect("a command in shell words");
    let start = words.iter().position(|w| w == "--").map_or(1, |i| i + 1);
    words[start..].to_vec()
}

/// Runs the documented commands from `dir`; returns `dir`'s tests/golden/.
fn regenerate_in(dir: &Path, commands: &[&str]) -> PathBuf {
    for command in commands {
        stdout(rccost(dir).args(rccost_args(command)));
    }
    dir.join(GOLDEN)
}

fn committed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(GOLDEN)
}

fn with_extensions(stems: &[&str], prefix: &str) -> Vec<String> {
    stems
        .iter()
        .flat_map(|c| [format!("{prefix}{c}.png"), format!("{prefix}{c}.svg")])
        .collect()
}

#[test]
fn committed_outputs_match_the_code() {
    let dir = temp();
    let fresh_dir = regenerate_in(dir.path(), &REGENERATE[..2]);
    let committed = committed();
    let names = with_extensions(&BLOG_CHARTS, "")
        .into_iter()
        .chain(["costs.csv".to_string()]);
    for name in names {
        let fresh = fs::read(fresh_dir.join(&name)).unwrap();
        let kept = fs::read(committed.join(&name))
            .unwrap_or_else(|_| panic!("{GOLDEN}/{name} is committed"));
        assert!(
            fresh == kept,
            "{GOLDEN}/{name} no longer matches what rccost produces; if the change is intended, regenerate with:\n  \
             {} && {}",
            REGENERATE[0],
            REGENERATE[1]
        );
    }
}

#[test]
fn committed_current_charts_match_the_code() {
    let dir = temp();
    let fresh_dir = regenerate_in(dir.path(), &REGENERATE[2..]).join("current");
    let committed = committed().join("current");
    for name in with_extensions(&CURRENT_CHARTS, "") {
        let fresh = fs::read(fresh_dir.join(&name)).unwrap();
        let kept = fs::read(committed.join(&name))
            .unwrap_or_else(|_| panic!("{GOLDEN}/current/{name} is committed"));
        assert!(
            fresh == kept,
            "{GOLDEN}/current/{name} no longer matches; if intended, regenerate with:\n  {}",
            REGENERATE[2]
        );
    }
}

/// Every committed golden file is one the tests above compare, so none can
/// go stale unnoticed.
#[test]
fn every_golden_file_is_compared() {
    let compared: Vec<String> = with_extensions(&BLOG_CHARTS, "")
        .into_iter()
        .chain(["costs.csv".to_string()])
        .chain(with_extensions(&CURRENT_CHARTS, "current/"))
        .collect();
    let mut stack = vec![committed()];
    let mut found = 0;
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).expect("tests/golden/ is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(committed()).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            assert!(
                compared.contains(&rel),
                "{GOLDEN}/{rel} is committed but no test compares it"
            );
            found += 1;
        }
    }
    assert_eq!(found, compared.len(), "every compared file is committed");
}
