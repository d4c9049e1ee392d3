//! `--scenario NAME --pricing PATH`: a bundled scenario plus the user's own files,
//! against figures worked from the bundled TOML by hand.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::{fixtures, rccost, stdout, temp};

fn bundled(name: &str) -> toml::Table {
    let path = format!("{}/pricing/current/{name}.toml", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap().parse().unwrap()
}

fn dec(v: &toml::Value) -> Decimal {
    Decimal::from_str(&v.to_string()).unwrap()
}

/// `host-aws-rocketchat` at 15 users, from the files: the first EC2 step (up to 200
/// users) for 730 h, plus `aws-extras` (disk and backups per GB-month × GB, the IPv4
/// address per hour × 730 h).
fn part_cost_at_15() -> Decimal {
    let hours = Decimal::from(730);
    let host = bundled("host-aws-rocketchat");
    let step = &host["component"][0]["step"][0];
    assert_eq!(step["from"].as_integer(), Some(1));
    let mut cost = dec(&step["per_hour"]) * hours;
    for c in bundled("aws-extras")["component"].as_array().unwrap() {
        cost += match (c.get("per_month"), c.get("per_hour")) {
            (Some(m), _) => dec(m) * dec(&c["quantity"]),
            (None, Some(h)) => dec(h) * hours,
            _ => panic!("a flat component with a price"),
        };
    }
    cost
}

fn export_at_15(args: &[&str]) -> String {
    let dir = temp();
    let my = fixtures().join("extend/my");
    let mut all = vec!["export", "--users", "15", "--out", "-", "--pricing"];
    all.push(my.to_str().unwrap());
    all.extend(args);
    stdout(rccost(dir.path()).args(all))
}

fn cents(d: Decimal) -> String {
    let mut r = d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r.to_string()
}

#[test]
fn a_users_plan_includes_the_scenarios_part_and_replaces_its_slack_price() {
    let csv = export_at_15(&[
        "--scenario",
        "current",
        "--models",
        "rocketchat-pro,slack-pro",
    ]);
    // my/rocketchat-pro.toml: $4.60 a seat a month; my/slack-pro.toml: $5.50 a seat (annual).
    let own = Decimal::from(15) * Decimal::from_str("4.60").unwrap() + part_cost_at_15();
    assert_eq!(cents(part_cost_at_15()), "20.03");
    let line = format!("15,rocketchat-pro,{},", cents(own));
    assert!(csv.contains(&line), "{line} in\n{csv}");
    assert!(csv.contains("15,slack-pro,82.50,5.50,USD"), "{csv}");
}

#[test]
fn the_replacement_is_said_and_the_title_names_both() {
    let dir = temp();
    let my = fixtures().join("extend/my");
    let text = stdout(rccost(dir.path()).args([
        "table",
        "--scenario",
        "current",
        "--pricing",
        my.to_str().unwrap(),
        "--users",
        "15",
    ]));
    // The files the folder held, by name (issue 19: files, not folder stubs).
    assert!(
        text.contains("(scenario current with rocketchat-pro.toml, slack-pro.toml)"),
        "{text}"
    );
    assert!(
        text.contains("slack-pro: your file replaces the bundled price."),
        "{text}"
    );
    assert!(!text.contains("rocketchat-pro: your file"), "{text}");
    // Bundled models are still there beside the user's.
    assert!(text.contains("teams-essentials"), "{text}");
}

#[test]
fn without_the_scenario_the_include_names_no_model() {
    let dir = temp();
    let file = fixtures().join("extend/my/rocketchat-pro.toml");
    let alone = rccost(dir.path())
        .args(["validate", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(alone.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&alone.stderr).contains("no model has that id"));
    let text = stdout(rccost(dir.path()).args([
        "validate",
        "--scenario",
        "current",
        file.to_str().unwrap(),
    ]));
    assert_eq!(
        text,
        "OK: 1 model and 0 parts as additions to scenario current, no problems found.\n"
    );
}

#[test]
fn two_of_the_users_files_with_one_id_are_still_refused() {
    let dir = temp();
    let file = fixtures().join("extend/my/slack-pro.toml");
    let copy = dir.path().join("again.toml");
    std::fs::copy(&file, &copy).unwrap();
    let out = rccost(dir.path())
        .args(["table", "--scenario", "current", "--pricing"])
        .arg(&file)
        .arg("--pricing")
        .arg(&copy)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("already used"), "{err}");
}
