//! The charts and CSV committed in output/ must match what the code produces
//! now. This test only compares; to refresh them after a deliberate change,
//! run the command in the README ("Regenerating output/").

use std::fs;
use std::path::Path;

use crate::{TODAY_AT_60, rccost, stdout, temp};

#[test]
fn committed_outputs_match_the_code() {
    let dir = temp();
    stdout(rccost(dir.path()).args(["plot", "--users", "1..30"]));
    stdout(rccost(dir.path()).args(["export", "--users", "1..30"]));
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("output");
    let charts = [
        "cost-per-month",
        "cost-per-user",
        "cumulative-cost",
        "breakeven-map",
    ];
    let names = charts
        .iter()
        .flat_map(|c| [format!("{c}.png"), format!("{c}.svg")])
        .chain(["costs.csv".to_string()]);
    for name in names {
        let fresh = fs::read(dir.path().join("output").join(&name)).unwrap();
        let kept = fs::read(committed.join(&name))
            .unwrap_or_else(|_| panic!("output/{name} is committed"));
        assert!(
            fresh == kept,
            "output/{name} no longer matches what rccost produces; if the change is intended, regenerate with:\n  \
             cargo run --release -- plot --users 1..30 && cargo run --release -- export --users 1..30"
        );
    }
}

#[test]
fn committed_current_charts_match_the_code() {
    let dir = temp();
    stdout(
        rccost(dir.path())
            .arg("plot")
            .args(TODAY_AT_60)
            .args(["--out", "out"]),
    );
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("output/current");
    for stem in [
        "cost-per-month",
        "cost-per-user",
        "cumulative-cost",
        "breakeven-map",
        "breakeven-map-mattermost-professional",
        "breakeven-map-rocketchat-community-aws",
        "breakeven-map-rocketchat-community-hetzner",
        "breakeven-map-rocketchat-starter-aws",
        "breakeven-map-zulip-selfhosted-business",
    ] {
        for ext in ["png", "svg"] {
            let name = format!("{stem}.{ext}");
            let fresh = fs::read(dir.path().join("out").join(&name)).unwrap();
            let kept = fs::read(committed.join(&name))
                .unwrap_or_else(|_| panic!("output/current/{name} is committed"));
            assert!(
                fresh == kept,
                "output/current/{name} no longer matches; if intended, regenerate with:\n  \
                 cargo run --release -- plot --scenario current --users 1..100 --admin-rate 60 --as-of 2026-11-25 --out output/current"
            );
        }
    }
}
