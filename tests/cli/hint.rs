//! The default scenario says whose prices it has; unknown ids say where they
//! are; `--quiet` leaves only the data.

use std::fs;

use predicates::prelude::*;

use crate::{rccost, stdout, temp};

const NOTE: &str =
    "Prices: scenario blog-2016, those of the 2016 write-up; --scenario current has today's.";

#[test]
fn blog_2016_says_once_that_its_prices_are_the_write_ups() {
    let dir = temp();
    let runs: [&[&str]; 4] = [
        &["plot", "--users", "1..5", "--format", "svg"],
        &["table", "--users", "1..5"],
        &["breakeven", "--users", "1..5"],
        &["report", "--users", "1..5"],
    ];
    for args in runs {
        let text = stdout(rccost(dir.path()).args(args));
        assert_eq!(text.matches(NOTE).count(), 1, "{args:?}: {text}");
        let current = stdout(
            rccost(dir.path())
                .args(args)
                .args(["--scenario", "current"]),
        );
        assert!(
            !current.contains("--scenario current has"),
            "{args:?}: {current}"
        );
    }
    let data: [&[&str]; 3] = [
        &["table", "--format", "json"],
        &["breakeven", "--json"],
        &["export", "--out", "-"],
    ];
    for args in data {
        let text = stdout(rccost(dir.path()).args(args));
        assert!(!text.contains("--scenario current has"), "{args:?}: {text}");
    }
    let svg = fs::read_to_string(dir.path().join("output/cost-per-month.svg")).unwrap();
    assert!(!svg.contains("--scenario current"), "not in the charts");
}

#[test]
fn an_unknown_id_names_the_scenario_that_has_it() {
    let dir = temp();
    rccost(dir.path())
        .args(["table", "--models", "slack-pro"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--models: no model 'slack-pro' in scenario blog-2016 (its ids: hipchat-plus, \
hipchat-server, rocketchat-selfhosted, slack-standard); scenario current has it: add --scenario current",
        ));
    rccost(dir.path())
        .args([
            "breakeven",
            "--scenario",
            "current",
            "--exclude",
            "slack-pro, slack-standard",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--exclude: no model 'slack-standard' in scenario current (its ids: google-workspace",
        ))
        .stderr(predicate::str::contains(
            "scenario blog-2016 has it: use --scenario blog-2016 instead",
        ));
    rccost(dir.path())
        .args(["table", "--models", "nowhere"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no model 'nowhere' in scenario blog-2016",
        ))
        .stderr(predicate::str::contains("has it").not());
}

#[test]
fn quiet_leaves_only_the_data() {
    let dir = temp();
    let quiet = |args: &[&str]| stdout(rccost(dir.path()).args(args).arg("-q"));
    assert_eq!(quiet(&["plot", "--users", "1..5", "--format", "svg"]), "");
    assert!(dir.path().join("output/cost-per-month.svg").is_file());
    assert_eq!(quiet(&["report", "--users", "1..5", "--out", "r"]), "");
    assert!(dir.path().join("r/report.md").is_file());
    assert_eq!(quiet(&["export", "--users", "1..5", "--out", "c.csv"]), "");
    assert!(dir.path().join("c.csv").is_file());
    let table = quiet(&["table", "--users", "1..5"]);
    assert!(
        table.contains("hipchat-plus") && !table.contains(NOTE),
        "{table}"
    );
    let loud = stdout(rccost(dir.path()).args(["table", "--users", "1..5"]));
    assert_eq!(loud, format!("{table}{NOTE}\n"));
    let breakeven = stdout(rccost(dir.path()).args(["breakeven", "--users", "1..5", "--quiet"]));
    assert!(
        breakeven.contains("Break-even") || breakeven.contains("cheaper"),
        "{breakeven}"
    );
    assert!(!breakeven.contains(NOTE), "{breakeven}");
}
