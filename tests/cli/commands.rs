//! Each command through the real binary, against hand-worked figures.

use std::fs;

use crate::{fixtures, rccost, stdout, temp};

#[test]
fn plot_writes_the_charts_and_tells_the_break_evens() {
    let dir = temp();
    let text = stdout(rccost(dir.path()).args(["plot", "--users", "1..30"]));
    let stems = [
        "cost-per-month",
        "cost-per-user",
        "cumulative-cost",
        "breakeven-map",
    ];
    for name in stems
        .iter()
        .flat_map(|s| [format!("{s}.png"), format!("{s}.svg")])
    {
        let path = dir.path().join("output").join(&name);
        assert!(
            fs::metadata(&path).unwrap().len() > 1000,
            "{name} is written"
        );
        assert!(text.contains(&format!("Wrote output/{name}")), "{text}");
    }
    assert!(
        text.contains("From 2 users on, Rocket.Chat (self-hosted) is cheaper than Slack Standard"),
        "{text}"
    );
    assert!(
        text.contains(
            "At 5 users, Rocket.Chat (self-hosted) costs the same as HipChat Plus ($10.00 a month)"
        ),
        "{text}"
    );
    assert!(
        text.contains("Cheapest for 6–30 users: Rocket.Chat (self-hosted)"),
        "{text}"
    );
    // Nothing but the eight files: no temporary files left behind.
    assert_eq!(fs::read_dir(dir.path().join("output")).unwrap().count(), 8);
}

#[test]
fn plot_one_format_into_a_chosen_folder() {
    let dir = temp();
    stdout(rccost(dir.path()).args([
        "plot",
        "--users",
        "1..5",
        "--format",
        "svg",
        "--out",
        "charts/blog",
        "--log-y",
    ]));
    let mut names: Vec<String> = fs::read_dir(dir.path().join("charts/blog"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "breakeven-map.svg",
            "cost-per-month.svg",
            "cost-per-user.svg",
            "cumulative-cost.svg"
        ]
    );
}

#[test]
fn table_marks_the_cheapest_and_shows_unavailable_plans() {
    let dir = temp();
    let text = stdout(rccost(dir.path()).args(["table", "--users", "1..30"]));
    let row = |n: &str| {
        text.lines()
            .find(|l| l.split_whitespace().next() == Some(n))
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
    };
    // users, hipchat-plus, hipchat-server, rocketchat-selfhosted, slack-standard
    assert_eq!(row("15"), ["15", "$30.00", "$150.00", "$10.00*", "$100.05"]);
    assert_eq!(row("5"), ["5", "$10.00*", "$150.00", "$10.00*", "$33.35"]);
    assert_eq!(row("1"), ["1", "$2.00*", "$150.00", "$10.00", "$6.67"]);
    assert_eq!(row("26"), ["26", "$52.00", "—", "$10.00*", "$173.42"]);
    assert_eq!(
        text.lines()
            .filter(|l| l
                .trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit()))
            .count(),
        30
    );
}

#[test]
fn a_wide_table_wraps_into_blocks_that_fit_the_width() {
    let dir = temp();
    let args = [
        "table",
        "--scenario",
        "current",
        "--users",
        "1..100:10",
        "--as-of",
        "2026-11-25",
    ];
    // Piped (not a terminal) and no --width: one block, one line per team size
    // (the tables of licences sold by quote follow, each one block of its own).
    let cost_table = |text: &str| {
        let end = text
            .find("(mattermost-enterprise-ha-aws): licence")
            .unwrap_or(text.len());
        let end = text[..end].rfind("\n\n").unwrap_or(end);
        text[..end].to_string()
    };
    let whole = cost_table(&stdout(rccost(dir.path()).args(args)));
    assert_eq!(whole.lines().filter(|l| l.starts_with("users")).count(), 1);
    assert!(whole.lines().any(|l| l.chars().count() > 200));
    let full = stdout(rccost(dir.path()).args(args).args(["--width", "80"]));
    for line in full.lines() {
        assert!(line.chars().count() <= 80, "{line:?} is longer than 80");
    }
    let text = cost_table(&full);
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "{line:?} is longer than 80");
    }
    let headers: Vec<&str> = text.lines().filter(|l| l.starts_with("users")).collect();
    assert!(headers.len() >= 4, "{text}");
    // Every model is in exactly one block, in id order, and each block repeats the sizes.
    let ids: Vec<&str> = headers
        .iter()
        .flat_map(|h| h.split_whitespace().skip(1))
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    assert_eq!(ids.len(), 11, "{ids:?}");
    let elevens: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("11 "))
        .collect();
    assert_eq!(elevens.len(), headers.len());
    // At 11 users Rocket.Chat on Hetzner (€6.562 × 1.1780 = $7.73) is the cheapest.
    let block = headers
        .iter()
        .position(|h| h.contains("rocketchat-community-hetzner"))
        .unwrap();
    let column = headers[block]
        .split_whitespace()
        .position(|id| id == "rocketchat-community-hetzner")
        .unwrap();
    assert_eq!(
        elevens[block].split_whitespace().nth(column),
        Some("$7.73*")
    );
    // Too narrow a width is refused with the argument named.
    let out = rccost(dir.path())
        .args(args)
        .args(["--width", "5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--width"));
}

#[test]
fn table_samples_long_ranges_unless_asked() {
    let dir = temp();
    let text = stdout(rccost(dir.path()).args(["table", "--users", "1..100000"]));
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
        })
        .collect();
    assert!(rows.len() < 40, "{} rows", rows.len());
    assert!(text.contains("--all"), "{text}");
    for n in ["1", "5", "6", "100,000"] {
        assert!(
            rows.iter().any(|r| r.split_whitespace().next() == Some(n)),
            "row {n} in {text}"
        );
    }
    let all = stdout(rccost(dir.path()).args(["table", "--users", "1..500", "--all"]));
    assert_eq!(
        all.lines()
            .filter(|l| l
                .trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit()))
            .count(),
        500
    );
}

#[test]
fn breakeven_json_follows_the_documented_schema() {
    let dir = temp();
    let text = stdout(rccost(dir.path()).args(["breakeven", "--users", "1..30", "--json"]));
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["users"], serde_json::json!({"from": 1, "to": 30}));
    assert_eq!(doc["currency"], "USD");
    let pairs = doc["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 6);
    let pair = pairs
        .iter()
        .find(|p| p["a"] == "rocketchat-selfhosted" && p["b"] == "slack-standard")
        .unwrap();
    assert_eq!(pair["cheaper_at_start"], "slack-standard");
    let x = &pair["crossings"][0];
    assert_eq!(
        (
            x["users"].as_u64(),
            x["cheaper_from_here"].as_str(),
            x["tie"].as_bool(),
            x["cause"].as_str()
        ),
        (
            Some(2),
            Some("rocketchat-selfhosted"),
            Some(false),
            Some("price")
        )
    );
    assert!((x["exact"].as_f64().unwrap() - 10.0 / 6.67).abs() < 1e-5);
    let pair = pairs
        .iter()
        .find(|p| p["a"] == "hipchat-plus" && p["b"] == "rocketchat-selfhosted")
        .unwrap();
    assert_eq!(
        pair["crossings"],
        serde_json::json!([{"users": 5, "cheaper_from_here": "rocketchat-selfhosted", "tie": true, "exact": 5.0, "cause": "price"}])
    );
    let pair = pairs
        .iter()
        .find(|p| p["a"] == "hipchat-server" && p["b"] == "slack-standard")
        .unwrap();
    assert_eq!(
        pair["crossings"][1],
        serde_json::json!({"users": 26, "cheaper_from_here": "slack-standard", "tie": false, "exact": null, "cause": "unavailable"})
    );
    assert_eq!(
        doc["cheapest"],
        serde_json::json!([
            {"from": 1, "to": 4, "models": ["hipchat-plus"]},
            {"from": 5, "to": 5, "models": ["hipchat-plus", "rocketchat-selfhosted"]},
            {"from": 6, "to": 30, "models": ["rocketchat-selfhosted"]},
        ])
    );
}

#[test]
fn breakeven_over_a_billion_users_and_ignoring_the_step() {
    let dir = temp();
    let text =
        stdout(rccost(dir.path()).args(["breakeven", "--users", "1..1000000000:1000", "--json"]));
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["users"]["to"], 1_000_000_000u64);
    assert_eq!(
        doc["cheapest"].as_array().unwrap().last().unwrap(),
        &serde_json::json!({"from": 6, "to": 1_000_000_000u64, "models": ["rocketchat-selfhosted"]})
    );
    let words = stdout(rccost(dir.path()).args(["breakeven", "--users", "1..30"]));
    assert!(
        words.contains(
            "HipChat Plus is cheaper than HipChat Server (licence only) and Slack Standard at every team size from 1 to 30."
        ),
        "{words}"
    );
    // Where a plan stops is said once, not once per plan that outlasts it.
    assert!(
        words.contains(
            "Where plans stop:\n  HipChat Server (licence only) serves up to 25 users.\n"
        ),
        "{words}"
    );
    assert!(!words.contains("cannot serve 26"), "{words}");
}

#[test]
fn export_long_csv_with_exact_cents() {
    let dir = temp();
    stdout(rccost(dir.path()).args(["export", "--users", "1..30"]));
    let csv = fs::read_to_string(dir.path().join("output/costs.csv")).unwrap();
    let lines: Vec<&str> = csv.split('\n').collect();
    assert_eq!(lines[0], "users,model,monthly_cost,per_user_cost,currency");
    assert_eq!(
        lines.len(),
        1 + 30 * 4 + 1,
        "header, 120 rows, and a final newline"
    );
    assert!(!csv.contains('\r'));
    for want in [
        "15,slack-standard,100.05,6.67,USD",
        "15,hipchat-plus,30.00,2.00,USD",
        "15,rocketchat-selfhosted,10.00,0.67,USD",
        "15,hipchat-server,150.00,10.00,USD",
        "3,rocketchat-selfhosted,10.00,3.33,USD",
        "26,hipchat-server,,,USD",
    ] {
        assert!(lines.contains(&want), "{want} in export");
    }
}

#[test]
fn export_wide_to_standard_output_with_monthly_billing() {
    let dir = temp();
    let text = stdout(rccost(dir.path()).args([
        "export",
        "--users",
        "5..30:5",
        "--wide",
        "--out",
        "-",
        "--billing",
        "monthly",
    ]));
    assert_eq!(
        text,
        "users,hipchat-plus,hipchat-server,rocketchat-selfhosted,slack-standard\n\
         5,10.00,150.00,10.00,40.00\n10,20.00,150.00,10.00,80.00\n15,30.00,150.00,10.00,120.00\n\
         20,40.00,150.00,10.00,160.00\n25,50.00,150.00,10.00,200.00\n30,60.00,,10.00,240.00\n"
    );
    assert!(
        !dir.path().join("output").exists(),
        "--out - writes no file"
    );
}

#[test]
fn choosing_models_and_pricing_files() {
    let dir = temp();
    let text = stdout(rccost(dir.path()).args([
        "export",
        "--wide",
        "--out",
        "-",
        "--users",
        "15",
        "--models",
        "slack-standard,hipchat-plus",
    ]));
    assert_eq!(text, "users,hipchat-plus,slack-standard\n15,30.00,100.05\n");
    let text = stdout(rccost(dir.path()).args([
        "export",
        "--wide",
        "--out",
        "-",
        "--users",
        "15",
        "--exclude",
        "hipchat-server",
        "--exclude",
        "slack-standard",
    ]));
    assert_eq!(
        text,
        "users,hipchat-plus,rocketchat-selfhosted\n15,30.00,10.00\n"
    );
    let good = fixtures().join("good");
    let text = stdout(
        rccost(dir.path())
            .args(["export", "--wide", "--out", "-", "--users", "1..30:29"])
            .arg("--pricing")
            .arg(&good),
    );
    // Fixture models: 5 free seats then $2; $100 per block of 25 users; a $150 tier up to 25.
    assert_eq!(
        text,
        "users,blocks,free-seats,zulip-like\n1,100.00,0.00,166.75\n30,200.00,50.00,200.10\n"
    );
}

#[test]
fn version_and_help() {
    let dir = temp();
    let v = stdout(rccost(dir.path()).arg("--version"));
    assert_eq!(v.trim(), format!("rccost {}", env!("CARGO_PKG_VERSION")));
    for cmd in ["plot", "table", "breakeven", "export"] {
        let help = stdout(rccost(dir.path()).args([cmd, "--help"]));
        assert!(help.contains("Example:"), "{cmd} --help has an example");
        assert!(
            help.contains("1..30 means 1 to 30 inclusive"),
            "{cmd} --help explains ranges"
        );
    }
}

#[test]
fn a_closed_pipe_is_a_quiet_success() {
    let dir = temp();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("rccost"))
        .args(["table", "--users", "1..200000", "--all"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away, like `| head`
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "exit {:?}", out.status);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn no_crossing_sentences_say_where_each_plan_stops() {
    let dir = temp();
    let text = stdout(
        rccost(dir.path())
            .args(["breakeven", "--users", "1..120", "--pricing"])
            .arg(fixtures().join("limited")),
    );
    // Ten free seats then $2 (up to 100 seats) against $5 a seat (up to 50): the first
    // is cheaper wherever either can serve; neither serves 101 or more.
    assert!(
        text.contains("Ten free seats is cheaper than Small-team plan at every team size from 1 to 100; neither can serve 101–120 users."),
        "{text}"
    );
    assert!(
        text.contains("Where plans stop:\n  Small-team plan serves up to 50 users.\n  Ten free seats serves up to 100 users.\n"),
        "{text}"
    );
    assert!(
        text.contains("No model can serve a team for 101–120 users."),
        "{text}"
    );
}

#[test]
fn a_tie_that_only_touches_does_not_claim_the_rest_of_the_range() {
    // $20 per block of 10 against $2 a seat: equal at 10 and 20 ($20, $40), the seats
    // cheaper again at 11 and 21 ($22 against $40, $42 against $60).
    let dir = temp();
    let text = stdout(
        rccost(dir.path())
            .args(["breakeven", "--users", "1..25", "--pricing"])
            .arg(fixtures().join("periodic")),
    );
    assert!(
        text.contains(
            "At 10 users, Blocks of ten costs the same as Two a seat ($20.00 a month).\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("From 11 users on, Two a seat is cheaper than Blocks of ten ($22.00 against $40.00 a month at 11)."),
        "{text}"
    );
    assert!(!text.contains("from then on"), "{text}");
}

#[test]
fn costs_do_not_need_break_evens() {
    // $20 per block of 10 against $2 a seat: equal on average, so they cross twice
    // per block for ever. Break-even refuses a long range; the costs are still there.
    let dir = temp();
    let periodic = fixtures().join("periodic");
    let out = rccost(dir.path())
        .args(["breakeven", "--users", "1..100000", "--pricing"])
        .arg(&periodic)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("narrow --users"));
    let csv = stdout(
        rccost(dir.path())
            .args([
                "export",
                "--wide",
                "--out",
                "-",
                "--users",
                "1..100000",
                "--pricing",
            ])
            .arg(&periodic),
    );
    assert_eq!(csv.lines().count(), 100_001);
    assert!(
        csv.contains("\n11,40.00,22.00\n"),
        "11 users: two blocks, eleven seats"
    );
    let table = stdout(
        rccost(dir.path())
            .args(["table", "--users", "1..100000", "--pricing"])
            .arg(&periodic),
    );
    assert!(table.contains("100,000"), "{table}");
}

#[test]
fn admin_time_given_to_a_hosted_plan_is_counted_and_said() {
    // $1 a month + 3 h × $10 + 5 h × $10 spread over 36 months = $32.3888… → $32.39.
    let dir = temp();
    let text = stdout(
        rccost(dir.path())
            .args(["table", "--users", "1", "--admin-rate", "10", "--pricing"])
            .arg(fixtures().join("hosted-admin")),
    );
    assert!(text.contains("$32.39*"), "{text}");
    assert!(
        text.contains("Admin time at $10.00 an hour (managed 3 h a month, 5 h to set up)"),
        "{text}"
    );
}

#[test]
fn totals_are_refused_with_the_wide_layout() {
    let dir = temp();
    let out = rccost(dir.path())
        .args([
            "export", "--users", "1..3", "--wide", "--totals", "--out", "-",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--totals") && err.contains("--wide"), "{err}");
}

#[test]
fn custom_pricing_is_not_called_a_scenario() {
    let dir = temp();
    let text = stdout(
        rccost(dir.path())
            .args(["table", "--users", "1..3", "--pricing"])
            .arg(fixtures().join("good")),
    );
    let first = text.lines().next().unwrap();
    assert!(first.contains("(pricing from "), "{first}");
    assert!(!first.contains("scenario"), "{first}");
    // The blog report lists no set-up default: its self-hosted models give 0 h.
    // Every chart shown: the cumulative chart's description says it.
    stdout(rccost(dir.path()).args([
        "report", "--users", "1..30", "--out", "post", "--charts", "all",
    ]));
    let md = std::fs::read_to_string(dir.path().join("post/report.md")).unwrap();
    assert!(!md.contains("Set-up: 6 h"), "{md}");
    assert!(
        md.contains("costs less than HipChat Plus from the start"),
        "{md}"
    );
}
