//! Self-hosting to 10,000 users, against hand-worked figures: single servers that
//! grow until their vendor's limit, HA layouts whose parts step with the
//! concurrent users, licences sold by quote answered with a ceiling.
//!
//! All figures at a quarter of the team online (the default) unless a test says
//! otherwise; hours × 730 for a month; prices from the files in pricing/current.

use serde_json::Value;

use crate::{rccost, stdout, temp};

/// `table --format json` of the current scenario at one team size.
fn table(users: u64, extra: &[&str]) -> Value {
    let dir = temp();
    let users = users.to_string();
    let text = stdout(
        rccost(dir.path())
            .args(["table", "--format", "json", "--scenario", "current"])
            .args(["--as-of", "2026-11-25", "--users", &users])
            .args(extra),
    );
    serde_json::from_str(&text).unwrap()
}

fn monthly(users: u64, id: &str, extra: &[&str]) -> Option<String> {
    let doc = table(users, extra);
    let costs = &doc["rows"][0]["costs"];
    assert!(costs.get(id).is_some(), "{id} is compared: {doc}");
    costs[id]["monthly"].as_str().map(str::to_string)
}

/// A quote-only model's row at `users`: its cost without the licence and ceilings.
fn quote_row(users: u64, id: &str, extra: &[&str]) -> Value {
    let doc = table(users, extra);
    let model = doc["quote_only"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("{id} answered by quote: {doc}"))
        .clone();
    model["rows"][0].clone()
}

fn without_licence(users: u64, id: &str) -> Option<String> {
    quote_row(users, id, &[])["without_licence"]
        .as_str()
        .map(str::to_string)
}

#[test]
fn single_servers_grow_until_the_vendor_says_one_server_stops() {
    // Mattermost Professional, $10 a seat, on AWS ($7.77 of disk, IPv4 and S3
    // backups): a t4g.small ($12.264) up to 50 concurrent users (200 people), then
    // one m7g.xlarge ($0.1632 × 730 = $119.136) up to Mattermost's 200 concurrent
    // without HA (800 people), then unavailable: HA needs Enterprise.
    let mm = "mattermost-professional";
    assert_eq!(monthly(200, mm, &[]).as_deref(), Some("2020.03")); // 2,000 + 12.264 + 7.77
    assert_eq!(monthly(201, mm, &[]).as_deref(), Some("2136.91")); // 2,010 + 119.136 + 7.77
    assert_eq!(monthly(800, mm, &[]).as_deref(), Some("8126.91"));
    assert_eq!(monthly(801, mm, &[]), None);
    // Zulip Business ($6.67 a seat): the 4 GB t4g.medium ($24.528) up to 399 users;
    // from 400 daily active users an application server c7g.2xlarge ($211.70), a
    // database r7g.large ($78.183) with 100 GB of gp3 ($8).
    let zulip = "zulip-selfhosted-business";
    assert_eq!(monthly(399, zulip, &[]).as_deref(), Some("2693.63")); // 2,661.33 + 24.528 + 7.77
    assert_eq!(monthly(400, zulip, &[]).as_deref(), Some("2973.65")); // 2,668 + 211.70 + 78.183 + 8 + 7.77
    // 2,000: c7g.4xlarge ($423.40) and r7g.xlarge ($156.366); 2,001: two application
    // servers (Tornado sharded), r7g.2xlarge ($312.732), 50 GB more disk ($12 in all).
    assert_eq!(monthly(2000, zulip, &[]).as_deref(), Some("13935.54"));
    assert_eq!(monthly(2001, zulip, &[]).as_deref(), Some("14525.97")); // 13,346.67 + 846.80 + 312.732 + 12 + 7.77
    // 10,000: five application servers ($2,117), r7g.8xlarge ($1,250.928), 300 GB
    // of disk ($24); at $60/h also 9 h of admin a month (1.5 h, and 1.5 h for the
    // database and each of four further servers) and 6 h of set-up over 36 months.
    assert_eq!(monthly(10_000, zulip, &[]).as_deref(), Some("70099.70"));
    assert_eq!(
        monthly(10_000, zulip, &["--admin-rate", "60"]).as_deref(),
        Some("70649.70")
    );
    assert!(monthly(16_000, zulip, &[]).is_some());
    assert_eq!(monthly(16_001, zulip, &[]), None);
}

#[test]
fn ha_parts_step_with_the_concurrent_users() {
    // Rocket.Chat Enterprise on AWS without its licence, at $0/h:
    // below 500 concurrent (1,996 people) the Pro - HA sizes: 2 × c7g.large $105.85
    // + 2 × 40 GB $6.40 + 3 × t4g.medium $73.584 + 3 × 20 GB $4.80 + backup $0.46
    // + ALB $16.425 + 1 LCU $5.84 + 2 IPv4 $7.30 + S3 1,996 × $0.000552
    // + 499 × $0.02 between zones = $231.740792.
    let id = "rocketchat-enterprise-aws";
    assert_eq!(without_licence(1996, id).as_deref(), Some("231.74"));
    // From 500 concurrent (1,997 people): 2 × c7g.xlarge $211.70, the replica set
    // grows to 3 × m7g.large $178.704 with 3 × 40 GB $9.60 and a $0.92 backup.
    assert_eq!(without_licence(1997, id).as_deref(), Some("447.99"));
    // An app node is added at 1,001 concurrent (4,001 people): + $105.85 + $3.20.
    assert_eq!(without_licence(4000, id).as_deref(), Some("459.10"));
    assert_eq!(without_licence(4001, id).as_deref(), Some("568.17"));
    // The replica set grows again at 2,500 concurrent (9,997 people): 3 × m7g.xlarge
    // $357.408, 3 × 80 GB $19.20, an $1.84 backup.
    assert_eq!(without_licence(9996, id).as_deref(), Some("819.54"));
    assert_eq!(without_licence(9997, id).as_deref(), Some("1008.78"));
    // Above 5,000 concurrent Rocket.Chat asks for a consultation: 20,000 people.
    assert!(without_licence(20_000, id).is_some());
    assert_eq!(without_licence(20_001, id), None);
    // Half the team online: 1,000 concurrent at 2,000 people, still two nodes, and
    // 1,000 × $0.02 between zones.
    let half = quote_row(2000, id, &["--concurrency", "0.5"]);
    assert_eq!(half["without_licence"], "457.99");
}

#[test]
fn a_quote_only_licence_is_answered_with_the_highest_quote_that_pays() {
    // Rocket.Chat Enterprise on AWS at 2,000 users and $60/h: $447.993 of
    // infrastructure, 14 h of admin (4 + 2 per app node × 2 + 2 per MongoDB
    // member × 3) = $840, 80 h of set-up over 36 months = $133.333: $1,421.326.
    // Slack Business+ is 2,000 × $15 = $30,000, so the quote may be
    // (30,000 − 1,421.326) / 2,000 = $14.2893 a user a month: at most $14.28.
    let at_60 = ["--admin-rate", "60"];
    let id = "rocketchat-enterprise-aws";
    let row = quote_row(2000, id, &at_60);
    assert_eq!(row["without_licence"], "1421.33");
    assert_eq!(row["seats"], 2000);
    assert_eq!(row["highest_quote"]["slack-business-plus"], "14.28");
    // Zulip Cloud Standard ($6.67): (13,340 − 1,421.326) / 2,000 = $5.959.
    assert_eq!(row["highest_quote"]["zulip-cloud-standard"], "5.95");
    // Plans that cannot serve 2,000 users have no ceiling.
    assert!(row["highest_quote"].get("teams-essentials").is_none());
    // At one user even a free licence costs more than Slack Business+.
    assert!(quote_row(1, id, &at_60)["highest_quote"]["slack-business-plus"].is_null());
    // The sentences say it at 2,000 and 10,000 people.
    let dir = temp();
    let text = stdout(
        rccost(dir.path())
            .args(["breakeven", "--scenario", "current", "--users", "1..10000"])
            .args(["--as-of", "2026-11-25"])
            .args(at_60),
    );
    assert!(
        text.contains("Rocket.Chat Enterprise on AWS, HA (licence sold by quote) at 2,000 users: $1,421.33 a month for infrastructure and admin time; it costs no more than every hosted plan while your quote is at most $5.95 a user a month (Zulip Cloud Standard is the cheapest there), and no more than Slack Business+ while it is at most $14.28."),
        "{text}"
    );
    // 10,000: (150,000 − 2,342.116) / 10,000 = $14.7657.
    assert!(
        text.contains("at 10,000 users: $2,342.12 a month for infrastructure and admin time;"),
        "{text}"
    );
    assert!(
        text.contains("no more than Slack Business+ while it is at most $14.76."),
        "{text}"
    );
    assert!(
        text.contains("Rocket.Chat Pro on AWS, HA (licence sold by quote) serves up to 500 users."),
        "{text}"
    );
    // A small team: at 50 users Slack Business+ is $750 against $1,194.28 without
    // the licence, so no quote pays; at 100, (1,500 − 1,194.55) / 100 = $3.05.
    let dir = temp();
    let small = stdout(
        rccost(dir.path())
            .args(["breakeven", "--scenario", "current", "--users", "1..100"])
            .args(["--as-of", "2026-11-25"])
            .args(at_60),
    );
    assert!(small.contains("Rocket.Chat Enterprise on AWS, HA (licence sold by quote) costs more than every hosted plan even with a free licence at 5, 10, 20 and 50 users."), "{small}");
    assert!(small.contains("at 100 users: $1,194.55 a month for infrastructure and admin time; it costs more than Microsoft Teams Essentials even with a free licence, but no more than Slack Business+ while your quote is at most $3.05 a user a month."), "{small}");
    // With that quote it is compared like any other plan: $14.28 still pays
    // ($1,421.326 + $28,560 = $29,981.33), a cent more does not ($30,001.33).
    let priced = |q: &str| {
        let quote = format!("{id}={q}");
        monthly(2000, id, &["--admin-rate", "60", "--quote", &quote])
    };
    assert_eq!(priced("14.28").as_deref(), Some("29981.33"));
    assert_eq!(priced("14.29").as_deref(), Some("30001.33"));
    let doc = table(
        2000,
        &["--admin-rate", "60", "--quote", &format!("{id}=14.28")],
    );
    assert!(
        doc["quote_only"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["id"] != id)
    );
}

#[test]
fn a_break_even_over_ten_thousand_users_matches_a_scan_of_every_size() {
    // Rocket.Chat Enterprise at a $5 quote against Zulip Cloud Standard ($6.67) at
    // $60/h. Below 500 concurrent the Enterprise deployment costs $220.659 of
    // fixed parts, 14 h of admin ($840) and $133.333 of set-up: $1,193.992, plus
    // $5 + $0.000552 a user and $0.02 a concurrent user. Zulip − Enterprise =
    // 1.669448·n − 0.02·⌈n/4⌉ − 1,193.992: −$0.60 at 717, +$1.07 at 718.
    let dir = temp();
    let args = [
        "--scenario",
        "current",
        "--users",
        "1..10000",
        "--admin-rate",
        "60",
        "--as-of",
        "2026-11-25",
        "--quote",
        "rocketchat-enterprise-aws=5",
        "--models",
        "rocketchat-enterprise-aws,zulip-cloud-standard",
    ];
    let text = stdout(rccost(dir.path()).arg("breakeven").arg("--json").args(args));
    let doc: Value = serde_json::from_str(&text).unwrap();
    let pair = &doc["pairs"][0];
    assert_eq!(pair["cheaper_at_start"], "zulip-cloud-standard");
    let crossings: Vec<u64> = pair["crossings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["users"].as_u64().unwrap())
        .collect();
    assert_eq!(crossings, [718]);
    // The same from every team size, read off the table.
    let all = stdout(
        rccost(dir.path())
            .args(["table", "--all", "--format", "json"])
            .args(args),
    );
    let all: Value = serde_json::from_str(&all).unwrap();
    let cost = |row: &Value, id: &str| -> f64 {
        row["costs"][id]["monthly"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap()
    };
    let mut changes = Vec::new();
    let mut before: Option<bool> = None;
    for row in all["rows"].as_array().unwrap() {
        let cheaper = cost(row, "rocketchat-enterprise-aws") < cost(row, "zulip-cloud-standard");
        if before.is_some_and(|b| b != cheaper) {
            changes.push(row["users"].as_u64().unwrap());
        }
        before = Some(cheaper);
    }
    assert_eq!(changes, [718]);
}

#[test]
fn explain_lists_the_parts_in_use_and_they_add_up() {
    let dir = temp();
    let text = stdout(
        rccost(dir.path())
            .args(["table", "--scenario", "current", "--as-of", "2026-11-25"])
            .args(["--users", "2000", "--explain"])
            .args(["--models", "rocketchat-enterprise-aws,slack-pro"]),
    );
    let line = text
        .lines()
        .skip_while(|l| *l != "Rocket.Chat Enterprise on AWS, HA (rocketchat-enterprise-aws):")
        .nth(1)
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.starts_with("2,000 (500 concurrent): "), "{line}");
    for part in [
        "App nodes: c7g.xlarge (4 vCPU, 8 GiB), one per 500 concurrent users, at least 2 ×2 $211.70",
        "MongoDB members: 3 × m7g.large (2 vCPU, 8 GiB) $178.70",
        "Load balancer capacity units, one per 3,000 concurrent users: LCUs $5.84",
        "Traffic between availability zones, 1 GB a concurrent user: GB a month, per concurrent user ×500 $10.00",
        "Admin time, 2 h a month per app node: one per app node 4 h $0.00",
    ] {
        assert!(line.contains(part), "{part} in {line}");
    }
    // The amounts add up to the cost without the licence ($447.99).
    let total: f64 = line
        .split("; ")
        .map(|p| {
            p.rsplit('$')
                .next()
                .unwrap()
                .replace(',', "")
                .parse::<f64>()
                .unwrap()
        })
        .sum();
    assert!((total - 447.993).abs() < 0.05, "{total}: {line}");
}

#[test]
fn the_presence_cap_is_said_where_it_applies() {
    let dir = temp();
    let run = |extra: &[&str]| {
        stdout(
            rccost(dir.path())
                .args(["breakeven", "--scenario", "current", "--users", "1..1000"])
                .args(["--as-of", "2026-11-25"])
                .args(extra),
        )
    };
    // 201 concurrent users: 801 people at a quarter online, within the server's 1,000.
    let text = run(&[]);
    assert!(
        text.contains("Rocket.Chat Community on AWS: from 801 users (201 concurrent users at 25% online): user status stops updating"),
        "{text}"
    );
    // At a tenth online that is 2,001 people, beyond the range: not said.
    assert!(!run(&["--concurrency", "10%"]).contains("user status stops updating"));
    // Nor for a small team.
    let dir = temp();
    let small = stdout(rccost(dir.path()).args([
        "breakeven",
        "--scenario",
        "current",
        "--users",
        "1..100",
    ]));
    assert!(!small.contains("user status stops updating"));
}

#[test]
fn bad_quotes_and_shares_are_refused_with_exit_2() {
    let dir = temp();
    for (args, message) in [
        (
            vec!["--quote", "slack-pro=3"],
            "--quote slack-pro=3: slack-pro has a price of its own",
        ),
        (
            vec!["--quote", "nope=3"],
            "no model has the id nope; licences sold by quote: mattermost-enterprise-ha-aws,",
        ),
        (vec!["--quote", "rocketchat-enterprise-aws"], "has no '='"),
        (
            vec!["--quote", "rocketchat-enterprise-aws=-1"],
            "cannot be below 0",
        ),
        (vec!["--concurrency", "1.5"], "more than 0 and at most 1"),
        (vec!["--concurrency", "0"], "more than 0 and at most 1"),
    ] {
        let out = rccost(dir.path())
            .args(["table", "--scenario", "current", "--users", "10"])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(message), "{args:?}: {err}");
    }
}
