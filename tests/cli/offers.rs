//! `--offer`: the vendors' offers for nonprofits, schools, open-source
//! projects and new customers, from the pricing files, against figures worked
//! by hand from the prices in `pricing/current/`.

use predicates::prelude::*;

use crate::{rccost, stdout, temp};

/// Each model's monthly cost at `users` from `table --format json`.
fn costs(users: &str, extra: &[&str]) -> serde_json::Value {
    let dir = temp();
    let text = stdout(
        rccost(dir.path())
            .args(["table", "--format", "json", "--scenario", "current"])
            .args(["--as-of", "2026-11-25", "--users", users])
            .args(extra),
    );
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    doc["rows"][0]["costs"].clone()
}

fn monthly(costs: &serde_json::Value, id: &str) -> String {
    costs[id]["monthly"]
        .as_str()
        .unwrap_or_else(|| panic!("{id}: {costs}"))
        .to_string()
}

#[test]
fn a_nonprofit_at_fifteen_users() {
    let c = costs("15", &["--offer", "nonprofit"]);
    // Slack Pro: free up to 250 members; Microsoft 365 Business Basic: granted
    // free up to 300 seats; Zulip Cloud Standard: free (no paid staff).
    for id in ["slack-pro", "m365-business-basic", "zulip-cloud-standard"] {
        assert_eq!(monthly(&c, id), "0.00", "{id}");
    }
    // Slack Business+ 85 % off: 15 × $15 × 0.15 = $33.75.
    assert_eq!(monthly(&c, "slack-business-plus"), "33.75");
    // Mattermost: the licence is $250 once for three years, over the 36-month
    // horizon $6.9444 a month, plus the AWS VM (t4g.small $0.0168 × 730 = $12.264,
    // 40 GB gp3 $3.20, IPv4 $3.65, S3 $0.92: $20.034) = $26.978.
    assert_eq!(monthly(&c, "mattermost-professional"), "26.98");
    // Zulip self-hosted: the Community plan, free; the VM stays: $20.034.
    assert_eq!(monthly(&c, "zulip-selfhosted-business"), "20.03");
    // No offer: Teams Essentials 15 × $4, Google Business Starter 15 × $7.
    assert_eq!(monthly(&c, "teams-essentials"), "60.00");
    assert_eq!(monthly(&c, "google-workspace-business-starter"), "105.00");
    // Without --offer, the list prices: Slack Pro 15 × $7.25.
    assert_eq!(monthly(&costs("15", &[]), "slack-pro"), "108.75");
}

#[test]
fn the_table_says_slack_pro_is_free_and_on_what_conditions() {
    let dir = temp();
    let text = stdout(rccost(dir.path()).args([
        "table",
        "--scenario",
        "current",
        "--offer",
        "nonprofit",
        "--users",
        "15",
    ]));
    let row = text
        .lines()
        .find(|l| l.trim_start().starts_with("15 "))
        .unwrap();
    let header = text.lines().find(|l| l.starts_with("users ")).unwrap();
    let column = header
        .split_whitespace()
        .position(|h| h == "slack-pro")
        .unwrap();
    assert_eq!(row.split_whitespace().nth(column), Some("$0.00*"), "{text}");
    // The conditions, once.
    let conditions = "Slack Pro is free for workspaces of up to 250 members of an organisation with charitable status";
    assert_eq!(text.matches(conditions).count(), 1, "{text}");
    assert!(
        text.contains("not for political or religious organisations"),
        "{text}"
    );
    assert!(text.contains("Slack Pro (slack-pro), offer for a nonprofit (--offer nonprofit): $0.00 a month up to 250 users, instead of the list price; 85% off the list price from 251 users."), "{text}");
    assert!(text.contains("At list price (no offer for a nonprofit): google-workspace-business-starter, rocketchat-community-aws, rocketchat-community-hetzner, rocketchat-starter-aws, teams-essentials."), "{text}");
}

#[test]
fn above_a_cap_the_vendors_own_terms() {
    // Slack Pro for a nonprofit of 300 members: 85 % off every seat, 300 × $7.25
    // × 0.15 = $326.25; at 250 still free.
    assert_eq!(
        monthly(&costs("300", &["--offer", "nonprofit"]), "slack-pro"),
        "326.25"
    );
    assert_eq!(
        monthly(&costs("250", &["--offer", "nonprofit"]), "slack-pro"),
        "0.00"
    );
    // Business Basic serves up to 300 seats, with or without the grant.
    assert!(costs("301", &["--offer", "nonprofit"])["m365-business-basic"].is_null());
}

#[test]
fn the_headline_turns_for_a_nonprofit() {
    let run = |extra: &[&str]| {
        let dir = temp();
        stdout(
            rccost(dir.path())
                .args(["breakeven", "--scenario", "current", "--users", "1..100"])
                .args(["--admin-rate", "60", "--as-of", "2026-11-25"])
                .args(extra),
        )
    };
    // At list price Rocket.Chat on Hetzner pays from 27 users: $7.73 + 1.5 h ×
    // $60 + 6 h × $60 / 36 = $107.73 against Teams Essentials' 27 × $4 = $108.
    let list = run(&[]);
    assert!(
        list.contains(
            "Rocket.Chat Community on Hetzner costs no more than every hosted plan from 27 users on"
        ),
        "{list}"
    );
    // For a nonprofit Slack Pro is free up to 250 members, so no self-hosted
    // plan ever costs less than every hosted one; the cheapest Hetzner beats is
    // Slack Business+ at 85 % off: 48 × $15 × 0.15 = $108.00 against $107.73.
    let nonprofit = run(&["--offer", "nonprofit"]);
    assert!(nonprofit.contains("At $60/h, Rocket.Chat Community on Hetzner never costs less than every hosted plan for 1–100 users; the cheapest it beats is Slack Business+, from 48 users ($107.73 against $108.00 a month)."), "{nonprofit}");
    assert!(!nonprofit.contains("from 27 users on"), "{nonprofit}");
}

#[test]
fn other_audiences_and_a_promotion_spread_like_a_set_up_cost() {
    // Education: Zulip Cloud Standard $0.67 a user (annual): 15 × 0.67 = $10.05;
    // Slack Pro 85 % off: 15 × $7.25 × 0.15 = $16.3125.
    let edu = costs("15", &["--offer", "education"]);
    assert_eq!(monthly(&edu, "zulip-cloud-standard"), "10.05");
    assert_eq!(monthly(&edu, "slack-pro"), "16.31");
    // Zulip self-hosted for education: $0.67 × 100 licences minimum + $20.034.
    assert_eq!(monthly(&edu, "zulip-selfhosted-business"), "87.03");
    // Open source: both Zulips free (the VM stays), Slack at list price.
    let oss = costs("15", &["--offer", "opensource"]);
    assert_eq!(monthly(&oss, "zulip-cloud-standard"), "0.00");
    assert_eq!(monthly(&oss, "slack-pro"), "108.75");
    // A new self-hosted Zulip customer: $20 off a month for 12 months, a one-off
    // −$240 over 36 months = −$6.6667 a month: 25 licences × $6.67 = $166.75 +
    // $20.034 − $6.6667 = $180.117.
    let new = costs("15", &["--offer", "new-customer"]);
    assert_eq!(monthly(&new, "zulip-selfhosted-business"), "180.12");
    assert_eq!(
        monthly(&costs("15", &[]), "zulip-selfhosted-business"),
        "186.78"
    );
}

#[test]
fn an_unknown_offer_is_refused_before_anything_is_read() {
    let dir = temp();
    rccost(dir.path())
        .args(["table", "--scenario", "current", "--offer", "charity"])
        .args(["--pricing", "missing/"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--offer"))
        .stderr(predicate::str::contains("nonprofit"));
}

#[test]
fn a_bad_offer_in_a_file_is_reported_at_its_place() {
    let dir = temp();
    std::fs::write(
        dir.path().join("chat.toml"),
        r#"version = 1
id = "chat"
name = "Chat"
kind = "hosted"
currency = "USD"
as_of = "2026"
sources = ["https://example.com"]

[[component]]
type = "per-seat"
per_user_annual = 8

[[offer]]
for = ["nonprofit"]
percent_of = 50
conditions = "half off"
source = "https://example.com/np"
as_of = "2026"
confidence = "verified"
"#,
    )
    .unwrap();
    rccost(dir.path())
        .args(["validate", "chat.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "chat.toml:15:1: unknown key `percent_of` in an [[offer]] (did you mean `percent_off`?)",
        ));
}

#[test]
fn the_json_names_the_offers_and_the_plans_at_list_price() {
    for command in ["table", "breakeven"] {
        let dir = temp();
        let text = stdout(rccost(dir.path()).args([
            command,
            "--format",
            "json",
            "--scenario",
            "current",
            "--users",
            "1..30",
            "--offer",
            "nonprofit",
        ]));
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        let offers = &doc["offers"];
        assert_eq!(offers["for"], "nonprofit", "{command}");
        let slack: Vec<&serde_json::Value> = offers["plans"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["id"] == "slack-pro")
            .collect();
        assert_eq!(slack.len(), 2, "{command}: {offers}");
        assert_eq!(
            (slack[0]["from"].as_u64(), slack[0]["max_users"].as_u64()),
            (Some(1), Some(250))
        );
        assert_eq!(
            (slack[1]["from"].as_u64(), slack[1]["max_users"].as_u64()),
            (Some(251), None)
        );
        assert_eq!(slack[0]["confidence"], "verified");
        let list = offers["list_price"].as_array().unwrap();
        assert!(list.iter().any(|id| id == "teams-essentials"), "{offers}");
        assert!(!list.iter().any(|id| id == "slack-pro"), "{offers}");
        // Without --offer there is no such key.
        let plain = stdout(rccost(dir.path()).args([
            command,
            "--format",
            "json",
            "--scenario",
            "current",
            "--users",
            "1..30",
        ]));
        assert!(!plain.contains("\"offers\""), "{command}");
    }
}

#[test]
fn a_chart_priced_with_offers_says_so_under_its_title() {
    let dir = temp();
    stdout(rccost(dir.path()).args([
        "plot",
        "--scenario",
        "current",
        "--users",
        "1..30",
        "--offer",
        "nonprofit",
        "--format",
        "svg",
        "--out",
        "o",
    ]));
    let svg = std::fs::read_to_string(dir.path().join("o/cost-per-month.svg")).unwrap();
    assert!(
        svg.contains("billing where offered · offers for a nonprofit"),
        "{svg}"
    );
    stdout(rccost(dir.path()).args([
        "plot",
        "--scenario",
        "current",
        "--users",
        "1..30",
        "--format",
        "svg",
        "--out",
        "p",
    ]));
    let plain = std::fs::read_to_string(dir.path().join("p/cost-per-month.svg")).unwrap();
    assert!(!plain.contains("offers for"), "{plain}");
}
