//! `--currency` and `--rate`: every amount in the currency asked for, worked
//! by hand from the prices and rates as the files state them.

use std::fs;
use std::str::FromStr;

use predicates::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::{TODAY_AT_60, rccost, stdout, temp};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// Half-up to cents, as a CSV cell shows it.
fn cents(v: Decimal) -> String {
    let mut r = v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r.to_string()
}

// The prices as pricing/current states them: Slack Pro $7.25 a user a month
// billed annually (slack-pro.toml); the Hetzner host (host-hetzner-rocketchat.toml)
// for a server ordered on 2026-11-25: €5.49 for the CX23, €0.50 for its IPv4
// address and 40 GB of snapshots at €0.0143; before April 2026, €2.99, €0.50
// and €0.011. Rocket.Chat Community free. ECB reference rates (rates.toml): 1 EUR = 1.1699 USD and
// 0.85670 GBP on 2026-08-21, 1.1780 USD on 2026-04-15.
const SLACK_PRO: &str = "7.25";
const HETZNER_EUR: [(&str, &str); 3] = [("5.49", "1"), ("0.50", "1"), ("0.0143", "40")];
#[cfg(feature = "usage")]
const HETZNER_EUR_BEFORE_APRIL_2026: [(&str, &str); 3] =
    [("2.99", "1"), ("0.50", "1"), ("0.011", "40")];
const USD_0821: &str = "1.1699";
const GBP_0821: &str = "0.85670";
const USD_0415: &str = "1.1780";

fn hetzner_eur() -> Decimal {
    sum(&HETZNER_EUR)
}

fn sum(prices: &[(&str, &str)]) -> Decimal {
    prices.iter().map(|(p, q)| d(p) * d(q)).sum()
}

/// `export --scenario current --users 15 --out -` with `extra`, as
/// (model → (monthly, currency)).
fn export(extra: &[&str]) -> Vec<(String, String, String)> {
    let dir = temp();
    let as_of = if extra.contains(&"--as-of") {
        &[][..]
    } else {
        &["--as-of", "2026-11-25"][..]
    };
    let text = stdout(
        rccost(dir.path())
            .args([
                "export",
                "--scenario",
                "current",
                "--users",
                "15",
                "--out",
                "-",
            ])
            .args(as_of)
            .args(extra),
    );
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (model, monthly, currency) = (at("model"), at("monthly_cost"), at("currency"));
    lines
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            (
                cells[model].to_string(),
                cells[monthly].to_string(),
                cells[currency].to_string(),
            )
        })
        .collect()
}

fn monthly(rows: &[(String, String, String)], id: &str) -> String {
    rows.iter()
        .find(|r| r.0 == id)
        .unwrap_or_else(|| panic!("{id} in {rows:?}"))
        .1
        .clone()
}

#[test]
fn in_euros_euro_prices_stay_as_quoted_and_dollar_prices_are_converted_once() {
    let rows = export(&["--currency", "EUR"]);
    assert!(rows.len() > 5);
    assert!(rows.iter().all(|r| r.2 == "EUR"), "{rows:?}");
    // €3.99 + 40 × €0.01 = €4.39, with no trip through dollars.
    assert_eq!(
        monthly(&rows, "rocketchat-community-hetzner"),
        cents(hetzner_eur())
    );
    assert_eq!(cents(hetzner_eur()), "6.56");
    // $7.25 × 15 = $108.75, / 1.1699 = €92.9566…: €92.96.
    let slack = d(SLACK_PRO) * d("15") / d(USD_0821);
    assert_eq!(monthly(&rows, "slack-pro"), cents(slack));
    assert_eq!(cents(slack), "92.96");
}

#[test]
fn in_pounds_each_price_goes_straight_from_its_own_currency() {
    let rows = export(&["--currency", "gbp"]);
    assert!(rows.iter().all(|r| r.2 == "GBP"), "{rows:?}");
    assert_eq!(
        monthly(&rows, "rocketchat-community-hetzner"),
        cents(hetzner_eur() * d(GBP_0821))
    );
    // Dollars to pounds through the euro: ÷ 1.1699 × 0.85670.
    let slack = d(SLACK_PRO) * d("15") / d(USD_0821) * d(GBP_0821);
    assert_eq!(monthly(&rows, "slack-pro"), cents(slack));
}

#[test]
fn the_rate_in_force_on_the_date_is_taken_and_one_given_goes_first() {
    let may = export(&["--currency", "EUR", "--as-of", "2026-05-01"]);
    let slack = d(SLACK_PRO) * d("15") / d(USD_0415);
    assert_eq!(monthly(&may, "slack-pro"), cents(slack));
    let given = export(&["--currency", "EUR", "--rate", "EUR/USD=1.25"]);
    assert_eq!(monthly(&given, "slack-pro"), "87.00");
    // A rate given the other way round is the same rate.
    let inverse = export(&["--currency", "EUR", "--rate", "USD/EUR=0.8"]);
    assert_eq!(monthly(&inverse, "slack-pro"), "87.00");
}

#[test]
fn in_the_models_own_currency_nothing_moves() {
    let usd = export(&["--currency", "USD"]);
    assert_eq!(usd, export(&[]));
    // The host's euros in dollars at its file's rate, as always.
    let host = hetzner_eur() * d(USD_0415);
    assert_eq!(monthly(&usd, "rocketchat-community-hetzner"), cents(host));
}

#[test]
fn a_fresher_rate_in_a_file_of_ones_own_is_used_and_checked() {
    let dir = temp();
    let fresh = "version = 1\n\n[[rate]]\npair = \"EUR/USD\"\nrate = 1.15\nas_of = 2026-11-20\nsource = \"ECB, 2026-11-20\"\n";
    fs::write(dir.path().join("fresh.toml"), fresh).unwrap();
    let text = stdout(rccost(dir.path()).args([
        "export",
        "--scenario",
        "current",
        "--pricing",
        "fresh.toml",
        "--currency",
        "EUR",
        "--users",
        "15",
        "--as-of",
        "2026-11-25",
        "--out",
        "-",
    ]));
    let slack = cents(d(SLACK_PRO) * d("15") / d("1.15"));
    assert!(text.contains(&format!("15,slack-pro,{slack},")), "{text}");
    let checked = stdout(rccost(dir.path()).args(["validate", "fresh.toml"]));
    assert_eq!(
        checked,
        "OK: 0 models and 0 parts, 1 exchange rate, no problems found.\n"
    );
    fs::write(dir.path().join("fresh.toml"), fresh.replace("1.15", "-1")).unwrap();
    rccost(dir.path())
        .args([
            "table",
            "--scenario",
            "current",
            "--pricing",
            "fresh.toml",
            "--currency",
            "EUR",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "fresh.toml:5:8: `rate` is negative",
        ));
    rccost(dir.path())
        .args(["validate", "fresh.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "fresh.toml:5:8: `rate` is negative",
        ));
}

#[test]
fn a_missing_rate_names_the_pair_and_how_to_give_one() {
    let dir = temp();
    rccost(dir.path())
        .args(["table", "--currency", "EUR", "--users", "3"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "no exchange rate EUR/USD on or before",
        ))
        .stderr(predicate::str::contains("--rate EUR/USD=RATE"));
    rccost(dir.path())
        .args([
            "table",
            "--scenario",
            "current",
            "--currency",
            "EUR",
            "--as-of",
            "2026-01-01",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("start on 2026-04-15"));
    rccost(dir.path())
        .args(["table", "--scenario", "current", "--currency", "JPY"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("JPY/USD"));
    rccost(dir.path())
        .args(["table", "--rate", "EUR/USD=1.1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("add --currency EUR"));
    for (bad, says) in [
        (["--currency", "EURO"], "not a currency code"),
        (["--rate", "EUR/USD=0"], "not a rate from more than 0"),
        (["--rate", "EUR/EUR=1"], "not a pair of two currencies"),
    ] {
        rccost(dir.path())
            .args(["table", "--scenario", "current"])
            .args(bad)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(bad[0]))
            .stderr(predicate::str::contains(says));
    }
}

/// Every text of an SVG, in order, joined by spaces (a footer wraps over
/// several `<text>` lines).
fn svg_words(svg: &str) -> String {
    let mut words = String::new();
    for part in svg
        .split('<')
        .filter(|p| p.starts_with("text") || p.starts_with("tspan"))
    {
        if let Some((_, text)) = part.split_once('>') {
            words.push_str(text);
            words.push(' ');
        }
    }
    words.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_rate_and_its_date_are_in_the_json_and_under_every_chart() {
    let dir = temp();
    let json = stdout(rccost(dir.path()).args([
        "table",
        "--scenario",
        "current",
        "--currency",
        "EUR",
        "--users",
        "15",
        "--as-of",
        "2026-11-25",
        "--format",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["currency"], "EUR");
    let rates = doc["exchange_rates"].as_array().unwrap();
    assert_eq!(rates.len(), 1, "{rates:?}");
    assert_eq!(rates[0]["pair"], "EUR/USD");
    assert_eq!(rates[0]["rate"], USD_0821);
    assert_eq!(rates[0]["as_of"], "2026-08-21");
    assert!(rates[0]["source"].as_str().unwrap().contains("ECB"));
    let plain = stdout(rccost(dir.path()).args([
        "table",
        "--scenario",
        "current",
        "--users",
        "15",
        "--as-of",
        "2026-11-25",
        "--format",
        "json",
    ]));
    assert!(!plain.contains("exchange_rates"));

    stdout(rccost(dir.path()).arg("plot").args(TODAY_AT_60).args([
        "--currency",
        "EUR",
        "--format",
        "svg",
        "--out",
        "charts",
        "--quiet",
    ]));
    let mut charts = 0;
    for entry in fs::read_dir(dir.path().join("charts")).unwrap() {
        let svg = fs::read_to_string(entry.unwrap().path()).unwrap();
        let words = svg_words(&svg);
        assert!(
            words.contains("Amounts in EUR: 1 EUR = 1.1699 USD (rate of 2026-08-21)."),
            "{words}"
        );
        // No dollar sign left anywhere: footers, descriptions, tooltips.
        assert!(!svg.contains('$'), "{words}");
        charts += 1;
    }
    assert!(charts >= 6, "{charts} charts");
}

#[cfg(feature = "usage")]
#[test]
fn usage_prices_messages_in_the_currency_asked_for() {
    let dir = temp();
    let export = crate::fixtures().join("usage/slack.zip");
    let text = stdout(
        rccost(dir.path())
            .arg("usage")
            .arg(&export)
            .args(["--scenario", "current", "--currency", "EUR", "--out", "out"])
            .args(["--format", "csv,svg"]),
    );
    assert!(
        text.contains("Amounts in EUR, each converted once"),
        "{text}"
    );
    let csv = fs::read_to_string(dir.path().join("out/cost-per-message.csv")).unwrap();
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().ends_with(",currency"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(rows.iter().all(|r| r.last() == Some(&"EUR")), "{csv}");
    let cost = |id: &str| rows.iter().find(|r| r[1] == id).unwrap()[4].to_string();
    // Three active users in August 2016, at that month's prices.
    assert_eq!(
        cost("rocketchat-community-hetzner"),
        cents(sum(&HETZNER_EUR_BEFORE_APRIL_2026))
    );
    assert_eq!(
        cost("slack-pro"),
        cents(d(SLACK_PRO) * d("3") / d(USD_0821))
    );
    let svg = fs::read_to_string(dir.path().join("out/cost-per-message.svg")).unwrap();
    assert!(svg_words(&svg).contains("Amounts in EUR: 1 EUR = 1.1699 USD (rate of 2026-08-21)."));
}

/// A model priced in dollars with one part quoted in euros, whose rate is
/// `rate_keys` (none: the rates file's).
fn euro_part(rate_keys: &str) -> String {
    format!(
        "version = 1\nid = \"eu-host\"\nname = \"EU host\"\nkind = \"self-hosted\"\ncurrency = \"USD\"\n\
         as_of = \"2026-05-01\"\nsources = [\"s\"]\n\n[[component]]\ntype = \"flat\"\nper_month = 10\n\
         price_currency = \"EUR\"\n{rate_keys}source = \"s\"\nas_of = \"2026-09-01\"\nconfidence = \"verified\"\n"
    )
}

const TWO_RATES: &str = "version = 1\n\n[[rate]]\npair = \"EUR/USD\"\nrate = 1.2\nas_of = 2026-04-15\nsource = \"r1\"\n\n\
                         [[rate]]\npair = \"EUR/USD\"\nrate = 1.1\nas_of = 2026-08-21\nsource = \"r2\"\n";

#[test]
fn a_price_in_another_currency_may_take_its_rate_from_the_rates_file() {
    let dir = temp();
    let run = |plan: &str, rates: Option<&str>| {
        let plans = dir.path().join("plans");
        let _ = fs::remove_dir_all(&plans);
        fs::create_dir(&plans).unwrap();
        fs::write(plans.join("eu-host.toml"), plan).unwrap();
        if let Some(rates) = rates {
            fs::write(plans.join("rates.toml"), rates).unwrap();
        }
        rccost(dir.path())
            .args([
                "export",
                "--pricing",
                "plans",
                "--users",
                "1",
                "--as-of",
                "2026-11-25",
            ])
            .args(["--out", "-"])
            .output()
            .unwrap()
    };
    let cost = |out: std::process::Output| {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        text.lines()
            .nth(1)
            .unwrap()
            .split(',')
            .nth(2)
            .unwrap()
            .to_string()
    };
    // The component's as_of, 2026-09-01: the rate of 2026-08-21, €10 × 1.1.
    assert_eq!(cost(run(&euro_part(""), Some(TWO_RATES))), "11.00");
    // A day of its own picks the rate of that day: €10 × 1.2.
    let dated = euro_part("exchange_rate_as_of = 2026-04-15\n");
    assert_eq!(cost(run(&dated, Some(TWO_RATES))), "12.00");
    // With --currency EUR the €10 is taken as it is.
    let out = rccost(dir.path())
        .args([
            "export",
            "--pricing",
            "plans",
            "--users",
            "1",
            "--as-of",
            "2026-11-25",
        ])
        .args(["--currency", "EUR", "--out", "-"])
        .output()
        .unwrap();
    assert_eq!(cost(out), "10.00");
    // No rate at all: the error says where, and both ways to give one.
    let out = run(&euro_part(""), None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("eu-host.toml:9:1: prices in EUR need a dated rate to USD: add `exchange_rate`, `exchange_rate_as_of`, `exchange_rate_source`, or a [[rate]] EUR/USD dated on or before 2026-09-01 in a rates file"),
        "{err}"
    );
}

/// An offer's own price is converted like the list price it replaces: Zulip
/// Cloud Standard for non-profit education is $0.67 a user a month billed
/// yearly (zulip-cloud-standard.toml's `[[offer]]`), so 15 users pay $10.05,
/// and in euros 10.05 / 1.1699 = 8.5905… → 8.59, not 10.05.
#[test]
fn an_offer_s_price_is_converted_too() {
    let dollars = d("0.67") * d("15");
    for (extra, want, currency) in [
        (&[][..], cents(dollars), "USD"),
        (
            &["--currency", "EUR"][..],
            cents(dollars / d(USD_0821)),
            "EUR",
        ),
    ] {
        let mut args = vec!["--offer", "education", "--models", "zulip-cloud-standard"];
        args.extend(extra);
        let rows = export(&args);
        assert_eq!(
            rows,
            [(
                "zulip-cloud-standard".to_string(),
                want,
                currency.to_string()
            )],
            "{extra:?}"
        );
    }
}
