//! Ranges instead of numbers, through the real binary: checked files, the
//! options, byte-identical draws for a seed, and figures worked by hand.

use std::fs;
use std::path::Path;

use crate::{rccost, stdout, temp};

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).expect("a file in the temporary folder");
}

fn model(id: &str, kind: &str, rest: &str) -> String {
    format!(
        "version = 1\nid = \"{id}\"\nname = \"{id}\"\nkind = \"{kind}\"\ncurrency = \"USD\"\nas_of = 2026-01-01\nsources = [\"by hand\"]\n{rest}"
    )
}

/// A $10 flat self-hosted plan and a seat price uniform on [1, 3], in `dir/plans`.
fn flat_against_seats(dir: &Path) {
    fs::create_dir(dir.join("plans")).unwrap();
    let flat = "admin_hours_per_month = 0\nsetup_hours = 0\n[[component]]\ntype = \"flat\"\nper_month = 10\n";
    write(
        &dir.join("plans"),
        "flat.toml",
        &model("flat", "self-hosted", flat),
    );
    let seats = "[[component]]\ntype = \"per-seat\"\nper_user_annual = { low = 1, high = 3, source = \"a quote of $1 to $3\" }\n";
    write(
        &dir.join("plans"),
        "seats.toml",
        &model("seats", "hosted", seats),
    );
}

#[test]
fn validate_reports_bad_ranges_at_their_line_and_column() {
    let dir = temp();
    let text = model(
        "bad",
        "self-hosted",
        "admin_hours_per_month = { low = 3, high = 1 }\n[[component]]\ntype = \"flat\"\nper_month = { low = 1, likely = 5, high = 2 }\n",
    );
    write(dir.path(), "bad.toml", &text);
    let out = rccost(dir.path())
        .args(["validate", "bad.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "bad.toml:8:25: `admin_hours_per_month`: the low bound 3 is above the high bound 1"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad.toml:11:13: `per_month`: the likely value 5 is not between the low bound 1 and the high bound 2"),
        "{stderr}"
    );
    let dir = temp();
    flat_against_seats(dir.path());
    let ok = stdout(rccost(dir.path()).args(["validate", "plans"]));
    assert!(ok.contains("no problems found"), "{ok}");
}

#[test]
fn range_options_refuse_bad_values_in_their_own_words() {
    let dir = temp();
    for (option, value, says) in [
        (
            "--admin-rate",
            "80..40",
            "the low bound 80 is above the high bound 40",
        ),
        (
            "--admin-rate",
            "30..150..120",
            "the likely value 150 is not between",
        ),
        (
            "--admin-rate",
            "30..2000000",
            "rates above 1,000,000 an hour",
        ),
        ("--admin-hours", "1..800", "a month has at most 744 hours"),
        ("--admin-hours", "-1", "0 or more"),
        (
            "--samples",
            "5",
            "a whole number of draws from 10 to 100,000",
        ),
        ("--seed", "x", "is not a seed"),
    ] {
        let out = rccost(dir.path())
            .args(["table", &format!("{option}={value}")])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{option} {value}: {stderr}");
        assert!(stderr.contains(option), "{option} {value}: {stderr}");
        assert!(stderr.contains(says), "{option} {value}: {stderr}");
    }
}

#[test]
fn exact_inputs_leave_every_output_as_it_was() {
    let dir = temp();
    let args = ["--users", "1..30", "--admin-rate", "60"];
    let json = stdout(rccost(dir.path()).args(["breakeven", "--json"]).args(args));
    assert!(!json.contains("uncertain"), "{json}");
    let csv = stdout(rccost(dir.path()).args(["export", "--out", "-"]).args(args));
    assert!(csv.starts_with("users,model,monthly_cost,per_user_cost,currency\n"));
    // A range with no width is a number.
    let same = stdout(rccost(dir.path()).args([
        "breakeven",
        "--json",
        "--users",
        "1..30",
        "--admin-rate",
        "60..60",
    ]));
    assert_eq!(same, json);
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    let dir = temp();
    let run = |seed: &str| {
        stdout(rccost(dir.path()).args([
            "breakeven",
            "--json",
            "--users",
            "1..30",
            "--admin-rate",
            "0..10..40",
            "--samples",
            "500",
            "--seed",
            seed,
        ]))
    };
    let first = run("7");
    assert!(first.contains("\"uncertain\""), "{first}");
    assert!(first.contains("\"seed\": 7"), "{first}");
    assert_eq!(run("7"), first);
    assert_ne!(run("8"), first);
}

/// P(flat ≤ seats at n) = P(price ≥ 10/n) = (3 − 10/n)/2 on 4..10, 0 below, 1
/// from 10; the first crossing is ⌈10/price⌉: 25 % of draws at 4, 94.4 % by 9.
#[test]
fn a_flat_plan_against_a_uniform_seat_price_by_hand() {
    let dir = temp();
    flat_against_seats(dir.path());
    let json = stdout(rccost(dir.path()).args([
        "breakeven",
        "--json",
        "--pricing",
        "plans",
        "--users",
        "1..20",
        "--samples",
        "4000",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let u = &doc["pairs"][0]["uncertain"];
    assert_eq!(u["samples"], 4000);
    assert_eq!(u["break_even"]["p10"], 4);
    assert_eq!(u["break_even"]["p90"], 9);
    assert_eq!(u["break_even"]["never"], 0.0);
    let steps = u["p_no_more_expensive"].as_array().unwrap();
    let at = |n: u64| {
        steps
            .iter()
            .rev()
            .find(|s| s["users"].as_u64().unwrap() <= n)
            .map(|s| (s["a"].as_f64().unwrap(), s["b"].as_f64().unwrap()))
            .unwrap()
    };
    for n in 1..=20u64 {
        let want = ((3.0 - 10.0 / n as f64) / 2.0).clamp(0.0, 1.0);
        let tolerance = 4.0 * (want * (1.0 - want) / 4000.0).sqrt() + 1.0 / 4000.0;
        let (a, b) = at(n);
        assert!((a - want).abs() <= tolerance, "at {n}: {a} against {want}");
        assert!(
            (a + b - 1.0).abs() < 1e-9 || n == 10,
            "at {n}: a {a}, b {b}"
        );
    }
    // The headline says the same in words, and the note names the range and its source.
    let text =
        stdout(rccost(dir.path()).args(["breakeven", "--pricing", "plans", "--users", "1..20"]));
    assert!(
        text.contains("from 5 users on (80 % interval 4–9; at 5"),
        "{text}"
    );
    assert!(
        text.contains("seats: price a user (annual billing) $1–$3 (likely $2, uniform)"),
        "{text}"
    );
}

#[test]
fn csv_and_json_exports_add_the_percentiles() {
    let dir = temp();
    let args = [
        "--users",
        "1..5",
        "--admin-rate",
        "30..60..120",
        "--samples",
        "200",
    ];
    let csv = stdout(
        rccost(dir.path())
            .args(["export", "--totals", "--out", "-"])
            .args(args),
    );
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "users,model,monthly_cost,per_user_cost,currency,yearly_cost,horizon_cost,monthly_cost_p5,monthly_cost_p50,monthly_cost_p95"
        )
    );
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let cost = |k: usize| cells[k].parse::<f64>().unwrap();
        let (p5, p50, p95) = (cost(7), cost(8), cost(9));
        assert!(p5 <= p50 && p50 <= p95, "{line}");
        match cells[1] {
            // $10 a month and 1.5 h of admin (6 h of set-up over 36 months) at
            // $30 to $120 an hour: $60 to $210.
            "rocketchat-selfhosted" => assert!(p5 >= 60.0 && p95 <= 210.0 && p5 < p95, "{line}"),
            "hipchat-server" => assert!(p5 < p95, "{line}"),
            // The hosted plans take no admin time: nothing moves them.
            _ => assert!(p5 == cost(2) && p95 == cost(2), "{line}"),
        }
    }
    let json = stdout(
        rccost(dir.path())
            .args(["export", "--format", "json", "--out", "-"])
            .args(args),
    );
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let cell = &doc["rows"][0]["costs"]["rocketchat-selfhosted"];
    assert!(
        cell["monthly_p5"].is_string() && cell["monthly_p95"].is_string(),
        "{cell}"
    );
    assert_eq!(doc["uncertain"]["inputs"][0]["id"], "--admin-rate");
    assert_eq!(doc["uncertain"]["inputs"][0]["distribution"], "triangular");
}

#[test]
fn admin_hours_on_the_command_line_move_every_self_hosted_model_together() {
    let dir = temp();
    let text = stdout(rccost(dir.path()).args([
        "breakeven",
        "--users",
        "1..30",
        "--admin-rate",
        "60",
        "--admin-hours",
        "0.5..1.5..3",
    ]));
    assert!(
        text.contains("Admin hours a month (--admin-hours) 0.5 h–3 h (likely 1.5 h, triangular)"),
        "{text}"
    );
}
