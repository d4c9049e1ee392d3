//! One format vocabulary: `--format` on every command that writes data, the
//! default file named after its format, `-q` wherever `--quiet` is, and a hint
//! for a format asked for in another command's words.

use std::fs;

use crate::{rccost, stdout, temp};

/// Runs rccost with `args`, expecting a usage error (exit 2); its stderr.
fn refused(args: &[&str]) -> String {
    let dir = temp();
    let out = rccost(dir.path()).args(args).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(
        fs::read_dir(dir.path()).unwrap().next().is_none(),
        "{args:?} wrote nothing"
    );
    stderr
}

#[test]
fn breakeven_format_json_is_the_json_flag_which_stays_hidden() {
    let dir = temp();
    for users in ["1..30", "1..1000000000:1000"] {
        let flag = stdout(rccost(dir.path()).args(["breakeven", "--users", users, "--json"]));
        let format =
            stdout(rccost(dir.path()).args(["breakeven", "--users", users, "--format", "json"]));
        assert_eq!(flag, format, "--users {users}");
        let doc: serde_json::Value = serde_json::from_str(&format).unwrap();
        assert_eq!(doc["schema_version"], 1, "{format}");
        // The text stays the default, with its sentences.
        let text = stdout(rccost(dir.path()).args(["breakeven", "--users", users]));
        assert!(text.starts_with("Break-even, 1 to "), "{text}");
    }
    let help = stdout(rccost(dir.path()).args(["breakeven", "--help"]));
    assert!(help.contains("--format <FORMAT>"), "{help}");
    assert!(help.contains("[possible values: text, json]"), "{help}");
    assert!(!help.contains("--json"), "the old flag is hidden: {help}");
    let both = refused(&["breakeven", "--json", "--format", "json"]);
    assert!(both.contains("cannot be used with"), "{both}");
}

#[test]
fn each_command_offers_the_formats_it_writes_from_one_list() {
    let dir = temp();
    for (command, values) in [
        ("plot", "png, svg"),
        ("table", "text, json"),
        ("breakeven", "text, json"),
        ("export", "csv, json"),
        ("report", "md, html"),
        ("usage", "csv, png, svg"),
    ] {
        if command == "usage" && !cfg!(feature = "usage") {
            continue;
        }
        let help = stdout(rccost(dir.path()).args([command, "--help"]));
        let line = format!("[possible values: {values}]");
        // From `--format <FORMAT>` to the next option's line.
        let mut lines = help
            .lines()
            .skip_while(|l| !l.contains("--format <FORMAT>"));
        let first = lines
            .next()
            .unwrap_or_else(|| panic!("{command} has --format: {help}"));
        let rest = lines.take_while(|l| !l.trim_start().starts_with('-'));
        let format: String = std::iter::once(first).chain(rest).collect();
        assert!(format.contains(&line), "{command}: {format}");
    }
}

#[test]
fn an_export_is_named_after_its_format() {
    let dir = temp();
    let printed =
        stdout(rccost(dir.path()).args(["export", "--users", "1..3", "--format", "json"]));
    assert!(
        printed.starts_with("Wrote output/costs.json\n"),
        "{printed}"
    );
    let written = fs::read_to_string(dir.path().join("output/costs.json")).unwrap();
    assert!(!dir.path().join("output/costs.csv").exists());
    let piped = stdout(rccost(dir.path()).args([
        "export", "--users", "1..3", "--format", "json", "--out", "-",
    ]));
    assert_eq!(written, piped);
    let doc: serde_json::Value = serde_json::from_str(&written).unwrap();
    let users: Vec<u64> = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["users"].as_u64().unwrap())
        .collect();
    assert_eq!(users, [1, 2, 3]);
    // CSV keeps its name.
    let printed = stdout(rccost(dir.path()).args(["export", "--users", "1..3"]));
    assert!(printed.starts_with("Wrote output/costs.csv\n"), "{printed}");
    let csv = fs::read_to_string(dir.path().join("output/costs.csv")).unwrap();
    assert!(
        csv.starts_with("users,model,monthly_cost,per_user_cost,currency\n"),
        "{csv}"
    );
}

#[test]
fn a_format_in_another_spelling_gets_a_hint() {
    for (args, tip) in [
        (&["table", "--json"][..], "tip: use --format json"),
        (&["export", "--format=JSON"][..], "tip: use --format json"),
        (&["export", "--csv"][..], "tip: use --format csv"),
        (
            &["report", "--format", "markdown"][..],
            "tip: use --format md",
        ),
        (
            &["plot", "--format", "PNG,svg"][..],
            "tip: use --format png",
        ),
        (&["usage", "in.json", "--svg"][..], "tip: use --format svg"),
        (
            &["table", "--csv"][..],
            "tip: table writes --format text or json",
        ),
        (
            &["breakeven", "--format", "csv"][..],
            "tip: breakeven writes --format text or json",
        ),
    ] {
        if args[0] == "usage" && !cfg!(feature = "usage") {
            continue;
        }
        let stderr = refused(args);
        assert!(stderr.contains(tip), "{args:?}: {stderr}");
    }
    // Other mistakes keep clap's own words, without a format tip.
    let stderr = refused(&["plot", "--colour", "red"]);
    assert!(!stderr.contains("--format"), "{stderr}");
}

#[cfg(feature = "usage")]
#[test]
fn usage_takes_q_as_quiet_and_writes_the_formats_asked_for() {
    let input = crate::fixtures().join("usage/mongo.json");
    let dir = temp();
    let quiet = stdout(
        rccost(dir.path())
            .arg("usage")
            .arg(&input)
            .args(["-q", "--out", "q"]),
    );
    assert_eq!(quiet, "");
    let loud = stdout(
        rccost(dir.path())
            .arg("usage")
            .arg(&input)
            .args(["--out", "loud"]),
    );
    assert!(loud.contains("Wrote loud/usage.csv"), "{loud}");
    assert_eq!(
        fs::read(dir.path().join("q/usage.csv")).unwrap(),
        fs::read(dir.path().join("loud/usage.csv")).unwrap()
    );
    let names = |folder: &str| {
        let mut names: Vec<String> = fs::read_dir(dir.path().join(folder))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    stdout(
        rccost(dir.path())
            .arg("usage")
            .arg(&input)
            .args(["-q", "--out", "svg", "--format", "svg"]),
    );
    assert_eq!(names("svg"), ["active-users.svg", "messages-over-time.svg"]);
    let svg = fs::read(dir.path().join("svg/active-users.svg")).unwrap();
    assert_eq!(
        svg,
        fs::read(dir.path().join("loud/active-users.svg")).unwrap()
    );
    let printed = stdout(rccost(dir.path()).arg("usage").arg(&input).args([
        "--out",
        "csv",
        "--format",
        "csv",
        "--scenario",
        "current",
    ]));
    assert_eq!(names("csv"), ["cost-per-message.csv", "usage.csv"]);
    assert!(
        printed.contains("Cost per message for ") && printed.contains("csv/cost-per-message.csv"),
        "{printed}"
    );
}
