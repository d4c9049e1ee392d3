//! Bad input: a clear message naming the file, line and column or the
//! argument, exit code 2 (1 for output failures), never a panic, nothing
//! half-written.

use std::fs;

use predicates::prelude::*;

use crate::{fixtures, rccost, temp};

#[test]
fn bad_toml_names_file_line_and_column() {
    let dir = temp();
    rccost(dir.path())
        .args(["table", "--pricing"])
        .arg(fixtures().join("bad/typo.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad/typo.toml:12:1: unknown key `max_seat`",
        ))
        .stderr(predicate::str::contains("did you mean `max_seats`?"))
        .stderr(predicate::str::contains("panicked").not());
    rccost(dir.path())
        .args(["plot", "--pricing"])
        .arg(fixtures().join("bad"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad/broken.toml:2:13: not valid TOML: invalid basic string",
        ))
        .stderr(predicate::str::contains("bad/typo.toml:12:1"));
    assert!(
        !dir.path().join("output").exists(),
        "nothing is written on bad input"
    );
}

#[test]
fn bad_ranges_name_users() {
    let dir = temp();
    for (range, words) in [
        ("30..1", "reversed"),
        ("0..5", "start at 1"),
        ("", "empty range"),
        ("a..b", "not a whole number"),
        ("1..30:0", "step"),
        ("1..", "needs both ends"),
        ("1..=0", "start at 1"),
        ("-1..3", "negative"),
    ] {
        rccost(dir.path())
            .args(["table", "--users", range])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--users"))
            .stderr(predicate::str::contains(words));
    }
}

#[test]
fn unknown_models_scenarios_and_mixed_currencies() {
    let dir = temp();
    rccost(dir.path())
        .args(["table", "--models", "slack"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--models: no model 'slack' in scenario blog-2016 (its ids: hipchat-plus",
        ));
    rccost(dir.path())
        .args(["table", "--scenario", "2099"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no bundled scenario named '2099'"));
    rccost(dir.path())
        .args(["table", "--pricing"])
        .arg(fixtures().join("mixed"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "different currencies: eur-plan (EUR), free-seats (USD)",
        ));
    rccost(dir.path())
        .args(["table", "--pricing", "no/such/file.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot open no/such/file.toml"));
    let dup = temp();
    fs::copy(
        fixtures().join("good/blocks.toml"),
        dup.path().join("a.toml"),
    )
    .unwrap();
    fs::copy(
        fixtures().join("good/blocks.toml"),
        dup.path().join("b.toml"),
    )
    .unwrap();
    rccost(dir.path())
        .args(["table", "--pricing"])
        .arg(dup.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "b.toml:2:6: id \"blocks\" is already used by",
        ));
}

#[test]
fn an_output_path_through_a_regular_file_fails_cleanly() {
    let dir = temp();
    fs::write(dir.path().join("not-a-folder"), "x").unwrap();
    rccost(dir.path())
        .args(["plot", "--out", "not-a-folder/charts"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "cannot write not-a-folder/charts/cost-per-month",
        ))
        .stderr(predicate::str::contains("panicked").not());
    rccost(dir.path())
        .args(["export", "--out", "not-a-folder/costs.csv"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "cannot write not-a-folder/costs.csv",
        ));
    assert_eq!(
        fs::read_to_string(dir.path().join("not-a-folder")).unwrap(),
        "x"
    );
}

#[test]
fn a_failed_write_leaves_the_earlier_file_whole() {
    let dir = temp();
    let out = dir.path().join("costs.csv");
    fs::write(&out, "earlier,complete\n").unwrap();
    // A folder where the file should go: the rename fails, the old file is untouched.
    rccost(dir.path())
        .args(["export", "--out", "."])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("it is a folder"));
    assert_eq!(fs::read_to_string(&out).unwrap(), "earlier,complete\n");
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left: {leftovers:?}");
}

#[test]
fn unknown_flags_are_usage_errors() {
    let dir = temp();
    rccost(dir.path())
        .args(["plot", "--colour", "red"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unexpected argument '--colour'"));
    rccost(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Usage"));
}

#[test]
fn ranges_too_long_to_list_ask_for_a_step() {
    let dir = temp();
    for args in [
        ["export", "--users", "1..2000000"],
        ["table", "--users", "1..1000000000000000"],
    ] {
        let mut cmd = rccost(dir.path());
        cmd.args(args);
        if args[0] == "table" {
            cmd.arg("--all");
        }
        cmd.assert()
            .code(2)
            .stderr(predicate::str::contains("--users"))
            .stderr(predicate::str::contains("add a step, e.g. --users 1.."));
    }
    assert!(!dir.path().join("output").exists());
}

#[test]
fn devices_and_pipes_are_written_into_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = temp();
    rccost(dir.path())
        .args(["export", "--out", "/dev/null"])
        .assert()
        .success();
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    if fs::metadata("/dev/full").is_ok() {
        rccost(dir.path())
            .args(["export", "--out", "/dev/full"])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("No space left on device"));
        assert!(
            fs::metadata("/dev/full")
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }
}

#[test]
fn an_output_file_name_that_is_empty_or_a_folder_is_refused_before_anything_is_made() {
    let dir = temp();
    rccost(dir.path())
        .args(["export", "--out", "new/deeper/"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("names a folder"))
        .stderr(predicate::str::contains("new/deeper/costs.csv"));
    assert!(!dir.path().join("new").exists(), "no folder left behind");
    rccost(dir.path())
        .args(["export", "--out", ""])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("empty"));
}

/// Every numeric option (and every date, zone and separator), every kind of bad
/// value, written both as `--option=VALUE` and as `--option VALUE`: exit 2, a
/// message that names the option and says what it accepts, nothing written. (A
/// leading '-' is a value, not an unknown flag: `rccost table --admin-rate -5`.)
#[test]
#[cfg_attr(not(feature = "usage"), allow(unused_mut))]
fn every_numeric_option_refuses_bad_values_in_its_own_words() {
    const DATE: &str = "a date such as 2026-07-01";
    let mut options: Vec<(&str, &[&str], &str)> = vec![
        ("--users", &["table"], "team size"),
        (
            "--admin-rate",
            &["table"],
            "an amount from 0 to 1,000,000 an hour",
        ),
        (
            "--horizon",
            &["table"],
            "a whole number of months from 1 to 1,200",
        ),
        (
            "--width",
            &["table"],
            "a whole number of characters from 20 to 65,535",
        ),
        (
            "--team",
            &["plot", "--out", "charts"],
            "a whole number of users from 1 to 1,000,000,000,000,000,000",
        ),
        (
            "--team",
            &["report", "--out", "charts"],
            "a whole number of users from 1 to 1,000,000,000,000,000,000",
        ),
        ("--as-of", &["table"], DATE),
        ("--as-of", &["catalog"], DATE),
        ("--admin-hours", &["table"], "hours a month from 0 to 744"),
        (
            "--samples",
            &["table"],
            "a whole number of draws from 10 to 100,000",
        ),
        ("--seed", &["table"], "a whole number from 0 to"),
        ("--concurrency", &["table"], "more than 0 and at most 1"),
        (
            "--quote",
            &["table", "--scenario", "current"],
            "expected ID=PRICE, the model id and a price per user per month",
        ),
        (
            "--delimiter",
            &["export", "--out", "charts/costs.csv"],
            "expected , ; | : or tab",
        ),
    ];
    #[cfg(feature = "usage")]
    {
        let usage: &[&str] = &["usage", "chat.json", "--out", "charts"];
        options.extend([
            ("--from", usage, DATE),
            ("--to", usage, DATE),
            ("--tz", usage, "an IANA time zone such as Europe/Berlin"),
            (
                "--admin-rate",
                usage,
                "an amount from 0 to 1,000,000 an hour",
            ),
            (
                "--horizon",
                usage,
                "a whole number of months from 1 to 1,200",
            ),
        ]);
    }
    let values = [
        "-5",
        "NaN",
        "inf",
        "",
        "1e99",
        "99999999999999999999999",
        "-0.5",
        "abc",
    ];
    let dir = temp();
    for (option, command, allowed) in &options {
        for value in values {
            let joined = [format!("{option}={value}")];
            let separate = [option.to_string(), value.to_string()];
            for args in [&joined[..], &separate[..]] {
                let out = rccost(dir.path())
                    .args(*command)
                    .args(args)
                    .output()
                    .expect("rccost runs");
                let stderr = String::from_utf8_lossy(&out.stderr);
                let what = format!("{} {args:?}", command[0]);
                assert_eq!(out.status.code(), Some(2), "{what}: {stderr}");
                assert!(
                    stderr.contains(&format!("'{option} <")),
                    "{what} names the option: {stderr}"
                );
                assert!(
                    stderr.contains(allowed),
                    "{what} says what is allowed: {stderr}"
                );
                assert!(!stderr.contains("unexpected argument"), "{what}: {stderr}");
                assert!(!stderr.contains("panicked"), "{what}: {stderr}");
            }
        }
    }
    assert!(!dir.path().join("charts").exists(), "nothing was written");
}
