//! `rccost diff A B`: what changed, through the binary. Every expected figure is
//! worked by hand from the TOML prices (the sums are in the comments).

use std::path::Path;

use super::{rccost, screens, stdout, temp};

fn json(out: &str) -> serde_json::Value {
    serde_json::from_str(out).expect("diff --format json writes JSON")
}

/// `pricing/current/m365-business-basic.toml`: $6 a user a month (annual) until
/// 2026-06-30, $7 from 2026-07-01. At 30 users: 30 × $6 = $180, 30 × $7 = $210.
/// No other price of the scenario changes between the two days.
#[test]
fn a_dated_price_step_is_named_with_its_effect() {
    let dir = temp();
    let args = [
        "diff",
        "current@2026-06-30",
        "current@2026-07-01",
        "--users",
        "1..30",
    ];
    let out = stdout(rccost(dir.path()).args(args));
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("Microsoft 365 Business Basic:"))
        .unwrap_or_else(|| panic!("no line for Microsoft 365 Business Basic in\n{out}"));
    assert!(
        line.contains("$6.00 a user a month billed yearly"),
        "{line}"
    );
    assert!(line.contains("→ $7.00 a user a month"), "{line}");
    assert!(
        line.contains("(at 30 users: $180.00 → $210.00 a month)"),
        "{line}"
    );
    assert!(
        out.contains("Prices that changed:\n  Microsoft 365 Business Basic:"),
        "{out}"
    );
    assert!(out.contains("Plans that appeared:\n  None.\n"), "{out}");
    assert!(out.contains("Plans that went:\n  None.\n"), "{out}");
    assert!(
        out.contains("Then: scenario current, prices of 2026-06-30."),
        "{out}"
    );
    assert!(
        out.contains("Now: scenario current, prices of 2026-07-01."),
        "{out}"
    );

    let doc = json(&stdout(
        rccost(dir.path()).args(args).args(["--format", "json"]),
    ));
    let prices = doc["prices"].as_array().expect("prices");
    assert_eq!(prices.len(), 1, "{prices:?}");
    assert_eq!(prices[0]["id"], "m365-business-basic");
    assert_eq!(prices[0]["part"], false);
    assert_eq!(prices[0]["at_end"]["then"], "180.00");
    assert_eq!(prices[0]["at_end"]["now"], "210.00");
    assert_eq!(doc["then"]["as_of"], "2026-06-30");
    assert_eq!(doc["now"]["as_of"], "2026-07-01");
}

/// The ten-years-later question at $60/h over 1–30 users.
///
/// Then (blog-2016): Rocket.Chat on a t2.micro is $10 a month plus the default
/// 1.5 admin hours × $60 = $100 a month (no set-up); HipChat Plus is $2 a user,
/// at most $60 at 30 users, so no self-hosted model costs less than every
/// hosted plan (HipChat Server: $1,800/12 = $150 + $90 = $240).
///
/// Now (current): Rocket.Chat Community on Hetzner is a CX23 ordered today
/// (€5.49), its IPv4 address (€0.50) and 40 GB of snapshots at €0.0143:
/// €6.562 × 1.1780 = $7.730036, plus 1.5 h × $60 = $90 of upkeep and
/// 6 h × $60 / 36 months = $10 of set-up: $107.730036 a month.
/// Microsoft Teams Essentials, the cheapest hosted plan, is $4 a user: $104 at 26
/// users (less), $108 at 27 (more). So the break-even is 27 users.
#[test]
fn ten_years_later_the_break_even_moves_in_sentences_and_json() {
    let dir = temp();
    let args = [
        "diff",
        "blog-2016",
        "current",
        "--users",
        "1..30",
        "--admin-rate",
        "60",
    ];
    let out = stdout(rccost(dir.path()).args(args));
    assert!(
        out.contains(
            "At $60/h, then no self-hosted model cost less than every hosted plan for 1–30 users; \
now Rocket.Chat Community on Hetzner does from 27 users on."
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "Rocket.Chat (self-hosted) (only then) never costs less than every hosted plan for 1–30 users."
        ),
        "{out}"
    );
    assert!(
        out.contains("Plans that went:\n  HipChat Plus (hipchat-plus, hosted).\n"),
        "{out}"
    );
    assert!(
        out.contains("  Slack Standard (slack-standard, hosted).\n"),
        "{out}"
    );
    // Then HipChat Plus is the cheapest throughout ($2 against $100 at 1 user).
    assert!(
        out.contains(
            "Cheapest then:\n  Cheapest for 1–30 users: HipChat Plus ($2.00 a month at 1 user).\n"
        ),
        "{out}"
    );
    // Now: $4 × 26 = $104 < $107.73 ≤ $4 × 27 = $108.
    assert!(
        out.contains("Cheapest for 27–30 users: Rocket.Chat Community on Hetzner ($107.73 a month at 27 users)."),
        "{out}"
    );

    // current's admin hours, set-up hours and Hetzner's price are ranges.
    assert!(out.contains("\nSome inputs are ranges: the figures above take their likely values"));
    let doc = json(&stdout(
        rccost(dir.path()).args(args).args(["--format", "json"]),
    ));
    assert_eq!(doc["admin_rate"], "60.00");
    assert!(doc["break_even"]["then"].is_null(), "{doc}");
    assert_eq!(
        doc["break_even"]["now"]["model"],
        "rocketchat-community-hetzner"
    );
    assert_eq!(doc["break_even"]["now"]["from"], 27);
    assert_eq!(doc["break_even"]["now"]["to"], 30);
    let went: Vec<&str> = doc["went"]
        .as_array()
        .expect("went")
        .iter()
        .map(|p| p["id"].as_str().expect("an id"))
        .collect();
    assert_eq!(
        went,
        [
            "hipchat-plus",
            "hipchat-server",
            "rocketchat-selfhosted",
            "slack-standard"
        ]
    );
    assert!(
        doc["sentences"]["break_even"]
            .as_str()
            .expect("a sentence")
            .contains("from 27 users on")
    );
}

/// With admin time not counted. Then: Rocket.Chat's $10 against HipChat Plus's
/// $2 a user (less from 10/2 = 5 users, equal at 5) and Slack Standard's $6.67
/// ($13.34 at 2 already): from 5. Now: Hetzner's $7.730036 against Teams
/// Essentials' $4 a user ($4 at 1 user, $8 at 2): from 2.
#[test]
fn without_admin_time_the_break_even_moves_from_five_to_two() {
    let dir = temp();
    let out = stdout(rccost(dir.path()).args(["diff", "blog-2016", "current", "--users", "1..30"]));
    assert!(
        out.contains(
            "With admin time not counted, the break-even moved from 5 users (Rocket.Chat (self-hosted)) \
then to 2 users (Rocket.Chat Community on Hetzner) now"
        ),
        "{out}"
    );
}

/// Two price lists of one's own: a part that got dearer, a plan that went and
/// one that appeared. Then: Self = the VM part's $5; Seat $2 a user, Old $3 a
/// user: Self is no dearer than both from 3 users ($6 and $9 against $5; at 2,
/// Seat's $4 is less). Now: the VM is $9; Seat $2 a user ($10 at 5 users, $8 at
/// 4), Cheap $1.50 a user ($9 at 6 users, $7.50 at 5): from 6.
#[test]
fn own_files_name_parts_plans_and_the_break_even() {
    let dir = temp();
    let then = dir.path().join("then");
    let now = dir.path().join("now");
    write_plans(
        &then,
        ("5", "0"),
        &[("seat", "Seat", "2"), ("old", "Old", "3")],
    );
    write_plans(
        &now,
        ("9", "0"),
        &[("seat", "Seat", "2"), ("cheap", "Cheap", "1.50")],
    );
    let args = [
        "diff",
        "then",
        "now",
        "--users",
        "1..10",
        "--as-of",
        "2026-12-01",
    ];
    let out = stdout(rccost(dir.path()).args(args));
    assert!(
        out.contains("vm (a part of Self): VM: $5.00 a month → $9.00 a month.\n"),
        "{out}"
    );
    assert!(
        out.contains("Plans that appeared:\n  Cheap (cheap, hosted).\n"),
        "{out}"
    );
    assert!(
        out.contains("Plans that went:\n  Old (old, hosted).\n"),
        "{out}"
    );
    assert!(
        out.contains("the break-even moved from 3 users (Self) then to 6 users (Self) now"),
        "{out}"
    );
    assert!(
        out.contains(
            "Self costs less than every hosted plan from 6 users on (then: from 3 users on)."
        ),
        "{out}"
    );
    assert!(
        out.contains("Cheapest then:\n  Cheapest for 1–2 users: Seat ($2.00 a month at 1 user).\n  Cheapest for 3–10 users: Self ($5.00 a month at 3 users).\n"),
        "{out}"
    );
    assert!(
        out.contains("Cheapest at 6 users, at the same cost: Cheap and Self."),
        "{out}"
    );
    assert!(!out.contains("ranges"), "no range in these files: {out}");
}

/// A folder whose name holds an `@` is that folder, not a scenario at a date:
/// `plans@home` against `now` (VM $5 → $9, as above).
#[test]
fn a_folder_named_with_an_at_sign_is_a_folder() {
    let dir = temp();
    write_plans(
        &dir.path().join("plans@home"),
        ("5", "0"),
        &[("seat", "Seat", "2")],
    );
    write_plans(
        &dir.path().join("now"),
        ("9", "0"),
        &[("seat", "Seat", "2")],
    );
    let args = [
        "diff",
        "plans@home",
        "now",
        "--users",
        "1..10",
        "--as-of",
        "2026-12-01",
    ];
    let out = stdout(rccost(dir.path()).args(args));
    assert!(
        out.contains("vm (a part of Self): VM: $5.00 a month → $9.00 a month.\n"),
        "{out}"
    );
    // Without such a folder, the text after the last @ must be a date.
    let out = rccost(dir.path())
        .args(["diff", "gone@home", "now"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("after @: 'home'"), "{err}");
}

/// A folder of pricing files: a VM part at `vm` a month, a self-hosted plan
/// with `hours` of admin time a month and no set-up hours that includes it, and hosted plans at a price
/// a user a month (annual).
fn write_plans(dir: &Path, (vm, hours): (&str, &str), hosted: &[(&str, &str, &str)]) {
    std::fs::create_dir_all(dir).expect("a folder");
    let head = |id: &str, name: &str, kind: &str| {
        format!(
            "version = 1\nid = \"{id}\"\nname = \"{name}\"\nkind = \"{kind}\"\ncurrency = \"USD\"\n\
as_of = \"2026-01-01\"\nsources = [\"test fixture\"]\n"
        )
    };
    let component = |label: &str, body: &str| {
        format!(
            "\n[[component]]\nlabel = \"{label}\"\n{body}\nsource = \"test fixture\"\n\
as_of = \"2026-01-01\"\nconfidence = \"verified\"\n"
        )
    };
    let vm_file = head("vm", "VM", "self-hosted")
        + "part = true\n"
        + &component("VM", &format!("type = \"flat\"\nper_month = {vm}"));
    std::fs::write(dir.join("vm.toml"), vm_file).expect("written");
    let self_file = head("self", "Self", "self-hosted")
        + &format!("include = [\"vm\"]\nadmin_hours_per_month = {hours}\nsetup_hours = 0\n")
        + &component("Licence", "type = \"flat\"\nper_month = 0");
    std::fs::write(dir.join("self.toml"), self_file).expect("written");
    for (id, name, price) in hosted {
        let file = head(id, name, "hosted")
            + &component(
                "Seat",
                &format!("type = \"per-seat\"\nper_user_annual = {price}"),
            );
        std::fs::write(dir.join(format!("{id}.toml")), file).expect("written");
    }
}

/// A plan's admin hours are a change too: at $50/h, Self goes from the VM's $5
/// to $5 + 2 h × $50 = $105 a month (at any size, 10 users here).
#[test]
fn a_plans_admin_hours_are_a_change_too() {
    let dir = temp();
    write_plans(
        &dir.path().join("then"),
        ("5", "0"),
        &[("seat", "Seat", "2")],
    );
    write_plans(
        &dir.path().join("now"),
        ("5", "2"),
        &[("seat", "Seat", "2")],
    );
    let args = [
        "diff",
        "then",
        "now",
        "--users",
        "1..10",
        "--admin-rate",
        "50",
    ];
    let out = stdout(rccost(dir.path()).args(args));
    assert!(
        out.contains("Prices that changed:\n  Self: admin hours a month: 0 h → 2 h (at 10 users: $5.00 → $105.00 a month).\n"),
        "{out}"
    );
    let doc = json(&stdout(
        rccost(dir.path()).args(args).args(["--format", "json"]),
    ));
    let change = &doc["prices"][0]["changes"][0];
    assert_eq!(change["label_now"], "admin_hours_per_month");
    assert_eq!(
        (change["then"].as_str(), change["now"].as_str()),
        (Some("0"), Some("2"))
    );
}

/// A bad A or B is named, with exit code 2, before the other side is read
/// (B here is a folder of invalid files, whose errors would otherwise show).
#[test]
fn a_bad_side_is_named_before_anything_is_read() {
    let dir = temp();
    let invalid = super::fixtures().join("invalid");
    let invalid = invalid.to_str().expect("a UTF-8 path");
    let cases: [(&[&str], &str); 4] = [
        (
            &["diff", "curent", invalid],
            "A: 'curent' is neither a bundled scenario (blog-2016, current)",
        ),
        (
            &["diff", "current", "no-such-folder"],
            "B: 'no-such-folder' is neither a bundled scenario",
        ),
        (
            &["diff", "current@2026-13-01", invalid],
            "current@2026-13-01",
        ),
        (
            &["diff", "blog-2016", "current", "--scenario", "current"],
            "not --scenario or --pricing",
        ),
    ];
    for (args, said) in cases {
        let out = rccost(dir.path()).args(args).output().expect("rccost runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(said), "{args:?}: {err}");
        assert!(!err.contains(".toml:"), "{args:?} read a file: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // The date's own words: after @, which date is wrong.
    let out = rccost(dir.path())
        .args(["diff", "current", "current@2026-13-01"])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("after @: '2026-13-01' is not a date"), "{err}");
}

/// The chart: both sides' lines, each break-even marked where it is, and at a
/// phone's size every text at least 12 px and on the canvas. Then (blog-2016,
/// admin time free): Rocket.Chat's $10 from 5 users; now: Hetzner's $7.73 from 2
/// ($4 at 1 user is less, $8 at 2 more).
#[test]
fn the_chart_marks_both_break_evens() {
    let dir = temp();
    let args = [
        "diff",
        "blog-2016",
        "current",
        "--users",
        "1..30",
        "--format",
        "svg",
        "--out",
        "o",
    ];
    let out = stdout(rccost(dir.path()).args(args));
    assert!(out.starts_with("Wrote o/what-changed.svg\n"), "{out}");
    let svg = std::fs::read_to_string(dir.path().join("o/what-changed.svg")).expect("the SVG");
    for text in [
        "Then: from 5 users",
        "$10.00 a month",
        "Now: from 2 users",
        "$7.73 a month",
    ] {
        assert!(svg.contains(text), "{text} not in the SVG");
    }
    assert!(svg.contains("data-model=\"rocketchat-selfhosted\""));
    assert!(svg.contains("data-model=\"rocketchat-community-hetzner\""));
    assert!(svg.contains("admin time not counted"));

    let phone = [
        "diff",
        "blog-2016",
        "current",
        "--format",
        "png,svg",
        "--size",
        "400x640",
        "--out",
        "p",
        "-q",
    ];
    let out = rccost(dir.path()).args(phone).output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "-q prints nothing");
    let png = image_size(&dir.path().join("p/what-changed.png"));
    assert_eq!(png, (800, 1280), "twice the CSS size");
    let svg = std::fs::read_to_string(dir.path().join("p/what-changed.svg")).expect("the SVG");
    let (w, h) = screens::canvas(&svg);
    assert_eq!((w, h), (400.0, 640.0));
    let texts = screens::texts(&svg);
    assert!(
        texts
            .iter()
            .any(|(_, body)| body.contains("Now: from 2 users"))
    );
    for (tag, body) in texts {
        let (x0, y0, x1, y1) = screens::text_box(tag);
        let inside = x0 >= -0.01 && y0 >= -0.01 && x1 <= w + 0.01 && y1 <= h + 0.01;
        assert!(inside, "'{body}' at {x0:.1},{y0:.1}–{x1:.1},{y1:.1}");
        let px = screens::number(tag, "font-size");
        assert!(px >= 12.0, "'{body}' is {px} px");
    }
}

/// The width and height of a PNG, read from its header.
fn image_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).expect("the PNG");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
    (word(16), word(20))
}

/// Where nothing on the chart changed (Microsoft 365's step moves neither the
/// cheapest hosted plan, Teams Essentials at $4 a user, nor Hetzner's $7.730036,
/// the same on both days, after the CX23's 2026-06-15 step), each line and the
/// break-even (2 users: $8 against $7.73) are drawn once.
#[test]
fn an_unchanged_line_is_drawn_once() {
    let dir = temp();
    let args = [
        "diff",
        "current@2026-06-30",
        "current@2026-07-01",
        "--format",
        "svg",
        "--out",
        "o",
        "-q",
    ];
    let out = rccost(dir.path()).args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(dir.path().join("o/what-changed.svg")).expect("the SVG");
    let flat = svg.replace(">\n", ">").replace("\n<", "<");
    for text in [
        ">Then and now: from 2 users<",
        ">Then and now: Rocket.Chat Community on Hetzner<",
        ">Then and now: cheapest hosted plan<",
    ] {
        assert!(flat.contains(text), "{text} not in the SVG");
    }
    // (The subtitle starts "Then: scenario current, …".)
    for apart in [">Then: Rocket", ">Then: cheapest", ">Now: ", ">Then: from"] {
        assert!(!flat.contains(apart), "{apart}: drawn apart");
    }
}
