//! `rccost usage` on small exports that exercise each format's traps, with
//! the expected counts worked out by hand (see the comments).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use predicates::prelude::*;

use crate::{fixtures, rccost, stdout, temp};

fn input(name: &str) -> PathBuf {
    fixtures().join("usage").join(name)
}

/// Runs `rccost usage` and returns (stdout, usage.csv rows without the header).
fn usage(args: &[&str], inputs: &[&str]) -> (String, Vec<String>) {
    let dir = temp();
    let mut cmd = rccost(dir.path());
    cmd.arg("usage")
        .args(inputs.iter().map(|i| input(i)))
        .args(["--out", "out"])
        .args(args);
    let text = stdout(&mut cmd);
    let csv = fs::read_to_string(dir.path().join("out/usage.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("period_start,messages,system_messages,bot_messages,active_users,active_users_28d")
    );
    (text, lines.map(String::from).collect())
}

#[test]
fn mongoexport_every_date_form_system_bot_hidden_and_bad_lines() {
    // 08-12: alice (relaxed $date), bob ($numberLong), carol (integer $date, e2e) are user
    // messages; carol's join (t = uj, "+0000" date) is a system message; the deploy bot's
    // message is a bot message; the _hidden copy is not counted. 08-13 has nothing. 08-14:
    // bob's thread reply (plain ISO ts). Lines 8 (not JSON), 9 (no ts) and 10 (cut off) are bad.
    let (text, rows) = usage(&["--by", "day"], &["mongo.json"]);
    assert_eq!(
        rows,
        [
            "2016-08-12,3,1,1,3,3",
            "2016-08-13,0,0,0,0,3",
            "2016-08-14,1,0,0,1,3"
        ]
    );
    assert!(text.contains("3 malformed records skipped"), "{text}");
    for line in [
        ":8: not a JSON document",
        ":9: no `ts` field",
        ":10: the document ends early (a cut-off line?)",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
    let dir = temp();
    rccost(dir.path())
        .arg("usage")
        .arg(input("mongo.json"))
        .arg("--strict")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "mongo.json:8: not a JSON document",
        ));
}

#[test]
fn overlapping_inputs_count_each_message_once() {
    // The --jsonArray file repeats m1 and adds erin on 08-15.
    let (text, rows) = usage(&["--by", "day"], &["mongo.json", "mongo-array.json"]);
    assert_eq!(rows.last().unwrap(), "2016-08-15,1,0,0,1,4");
    assert_eq!(rows[0], "2016-08-12,3,1,1,3,3");
    assert!(
        text.contains("1 duplicate message (same id in more than one input)"),
        "{text}"
    );
}

#[test]
fn weeks_start_on_monday_and_from_to_are_inclusive() {
    // 2016-08-12 is a Friday and 08-14 a Sunday: one ISO week from Monday 08-08.
    let (_, rows) = usage(&["--by", "week"], &["mongo.json"]);
    assert_eq!(rows, ["2016-08-08,4,1,1,3,3"]);
    let (text, rows) = usage(
        &["--by", "day", "--from", "2016-08-13", "--to", "2016-08-14"],
        &["mongo.json"],
    );
    // alice, bob and carol wrote on 08-12: not counted, but active within 28 days of
    // 08-13 and 08-14 (the window looks back before --from).
    assert_eq!(rows, ["2016-08-13,0,0,0,0,3", "2016-08-14,1,0,0,1,3"]);
    assert!(text.contains("5 messages outside --from/--to"), "{text}");
}

#[test]
fn a_23_hour_daylight_saving_day() {
    // Berlin moves to summer time on 2024-03-31 (a 23-hour day): 22:30Z on the 30th is
    // 23:30 that day, 21:59Z on the 31st is 23:59 that day, 22:30Z on the 31st is 00:30 on
    // 1 April. In UTC the last two fall on the 31st.
    let (_, rows) = usage(&["--by", "day", "--tz", "Europe/Berlin"], &["dst.json"]);
    assert_eq!(
        rows,
        [
            "2024-03-30,1,0,0,1,1",
            "2024-03-31,1,0,0,1,2",
            "2024-04-01,1,0,0,1,2"
        ]
    );
    let (_, rows) = usage(&["--by", "day"], &["dst.json"]);
    assert_eq!(rows, ["2024-03-30,1,0,0,1,1", "2024-03-31,2,0,0,2,2"]);
}

#[test]
fn rocketchat_room_export() {
    // alice's message and User_2's join on 08-12, User_2's message on 08-13.
    let (_, rows) = usage(&["--by", "day"], &["rc-export.json"]);
    assert_eq!(rows, ["2016-08-12,1,1,0,1,1", "2016-08-13,1,0,0,1,2"]);
}

#[test]
fn slack_folder_and_zip() {
    // general/2016-08-12: U1 twice, U2's file share, thread reply and broadcast, U3's /me
    // are user messages (6); the join is a system message, deploybot a bot message; the
    // edit and the deletion are not messages. random/2016-08-14: U3 once, a topic change.
    let expected = [
        "2016-08-12,6,1,1,3,3",
        "2016-08-13,0,0,0,0,3",
        "2016-08-14,1,1,0,1,3",
    ];
    let (_, rows) = usage(&["--by", "day"], &["slack"]);
    assert_eq!(rows, expected);
    let (_, rows) = usage(&["--by", "day"], &["slack.zip"]);
    assert_eq!(rows, expected);
    let (text, rows) = usage(&["--by", "day"], &["slack", "slack.zip"]);
    assert_eq!(rows, expected);
    assert!(text.contains("10 duplicate messages"), "{text}");
}

#[test]
fn csv_with_a_timestamp_column() {
    // ISO, epoch seconds and "date time" forms; the fourth row is not a time.
    let (text, rows) = usage(&["--by", "day"], &["messages.csv"]);
    assert_eq!(
        rows,
        [
            "2016-08-12,2,0,0,2,2",
            "2016-08-13,0,0,0,0,2",
            "2016-08-14,1,0,0,1,2"
        ]
    );
    assert!(
        text.contains("messages.csv:5: `ts` value \"not a time\" is not a timestamp"),
        "{text}"
    );
}

#[test]
fn csv_as_a_spreadsheet_writes_it() {
    // A space for the `T`, seconds left out or with a fraction, naive times read as UTC.
    // 01-02: alice 11:00, bob 13:05:30, and carol's "2024-01-03 01:00+02:00", which is
    // 2024-01-02 23:00 UTC. 01-03: alice 09:15, bob 18:00:00.5Z. 28 days: all three.
    let (text, rows) = usage(&["--by", "day"], &["spreadsheet.csv"]);
    assert_eq!(rows, ["2024-01-02,3,0,0,3,3", "2024-01-03,2,0,0,2,3"]);
    assert!(!text.contains("malformed"), "{text}");
}

#[test]
fn csv_with_a_time_format() {
    // Day/month/year: 02/01 alice 11:00 and bob 23:59; 03/01 alice 00:00. The ISO row
    // (line 5) does not match the format: skipped.
    let format = ["--by", "day", "--time-format", "%d/%m/%Y %H:%M"];
    let (text, rows) = usage(&format, &["spreadsheet-dmy.csv"]);
    assert_eq!(rows, ["2024-01-02,2,0,0,2,2", "2024-01-03,1,0,0,1,2"]);
    assert!(
        text.contains(
            "spreadsheet-dmy.csv:5: `date` value \"2024-01-03 09:00\" does not match --time-format \"%d/%m/%Y %H:%M\""
        ),
        "{text}"
    );
    let dir = temp();
    rccost(dir.path())
        .arg("usage")
        .arg(input("spreadsheet-dmy.csv"))
        .args(format)
        .arg("--strict")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("spreadsheet-dmy.csv:5:"));
    rccost(dir.path())
        .arg("usage")
        .arg(input("spreadsheet-dmy.csv"))
        .args(["--time-format", "%d/%m/%Y %Q"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a strftime format"));
    assert!(!dir.path().join("output").exists());
}

#[test]
fn quiet_prints_nothing_but_writes_the_files() {
    let dir = temp();
    rccost(dir.path())
        .arg("usage")
        .arg(input("messages.csv"))
        .args(["--by", "day", "--out", "out", "--quiet"])
        .assert()
        .success()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::is_empty());
    for file in ["usage.csv", "messages-over-time.png", "active-users.svg"] {
        assert!(dir.path().join("out").join(file).is_file(), "{file}");
    }
    // Errors still go to standard error.
    rccost(dir.path())
        .args(["usage", "missing.json", "--quiet"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("missing.json: no such file"));
}

#[test]
fn csv_separated_by_semicolons_with_a_byte_order_mark() {
    // As a spreadsheet in a comma-decimal locale saves it: `;` between cells, commas
    // and a `;` inside quoted text, a UTF-8 BOM before the header. Same three messages.
    let (_, rows) = usage(&["--by", "day"], &["messages-semicolon.csv"]);
    assert_eq!(
        rows,
        [
            "2016-08-12,2,0,0,2,2",
            "2016-08-13,0,0,0,0,2",
            "2016-08-14,1,0,0,1,2"
        ]
    );
}

#[test]
fn cost_per_message_and_charts() {
    let dir = temp();
    stdout(
        rccost(dir.path())
            .arg("usage")
            .arg(input("slack"))
            .args(["--out", "out", "--by", "month", "--pricing"])
            .arg(fixtures().join("good")),
    );
    let csv = fs::read_to_string(dir.path().join("out/cost-per-message.csv")).unwrap();
    // August 2016: 7 user messages from 3 senders; 3 members in users.json.
    // blocks: $100 a month for up to 25 users → $100 / 7 = 14.2857 a message.
    assert!(
        csv.contains("2016-08-01,blocks,3,7,100.00,14.2857,3,14.2857,USD"),
        "{csv}"
    );
    // Five free seats: 3 senders cost nothing.
    assert!(
        csv.contains("2016-08-01,free-seats,3,7,0.00,0.0000,3,0.0000,USD"),
        "{csv}"
    );
    // 25 seats minimum at $6.67 = $166.75 → 23.8214 a message.
    assert!(
        csv.contains("2016-08-01,zulip-like,3,7,166.75,23.8214,3,23.8214,USD"),
        "{csv}"
    );
    for name in ["messages-over-time", "active-users", "cost-per-message"] {
        let svg = fs::read_to_string(dir.path().join(format!("out/{name}.svg"))).unwrap();
        // Our own SVG writer (issue 19): the size in the opening tag.
        let open = &svg[..svg.find('>').unwrap()];
        assert!(
            open.starts_with("<svg ") && open.contains("width=\"800\" height=\"500\""),
            "{name}"
        );
        let png = fs::read(dir.path().join(format!("out/{name}.png"))).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    }
    let svg = fs::read_to_string(dir.path().join("out/messages-over-time.svg")).unwrap();
    assert!(
        svg.contains("Messages in total"),
        "the running total has its own axis"
    );
}

#[test]
fn unreadable_inputs_say_what_to_do() {
    let dir = temp();
    // A BSON document that declares 32 bytes in a 17-byte file: read as a
    // mongodump now, and every record of it is malformed.
    rccost(dir.path())
        .arg("usage")
        .arg(input("dump.bson"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "nothing to count: 1 malformed record skipped and no message left",
        ))
        .stderr(predicate::str::contains(
            "dump.bson:1: document 1: the file ends inside it (17 of its 32 bytes; cut off?)",
        ));
    rccost(dir.path())
        .arg("usage")
        .arg(input("shell.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("mongo shell output"));
    rccost(dir.path())
        .arg("usage")
        .arg(input("notes.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "its first line \"just some words\" is neither JSON nor a CSV header with a timestamp column",
        ))
        .stderr(predicate::str::contains(
            "expected a Rocket.Chat mongoexport",
        ));
    rccost(dir.path())
        .args(["usage", "missing.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.json: no such file"));
    rccost(dir.path())
        .arg("usage")
        .arg(input("mongo.json"))
        .args(["--tz", "Mars/Olympus"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not an IANA time zone"));
    assert!(!dir.path().join("output").exists());
}

#[test]
fn cost_per_message_says_which_prices_it_could_not_date() {
    // August 2016 against today's plans: Microsoft 365's prices carry dates from 2022
    // on (no price in force in 2016), and the other plans' prices were seen later.
    let dir = temp();
    let text = stdout(
        rccost(dir.path())
            .arg("usage")
            .arg(input("slack.zip"))
            .args(["--out", "out", "--by", "day", "--scenario", "current"]),
    );
    assert!(
        text.contains("7 user messages (2 system, 1 bot) from 3 senders, 2016-08-12 to 2016-08-14; 3 days from 2016-08-12."),
        "{text}"
    );
    assert!(
        text.contains(
            "m365-business-basic: no price in force in 1 of 1 month (its cells are empty)."
        ),
        "{text}"
    );
    assert!(
        text.contains("Prices seen only after 2016-08-01 ("),
        "{text}"
    );
    assert!(text.contains("teams-essentials"), "{text}");
    // The export covers 3 days of August: a whole month's bill over 3 days' messages.
    assert!(
        text.contains("Part months: 2016-08 (2016-08-12 to 2016-08-14);"),
        "{text}"
    );
    let csv = fs::read_to_string(dir.path().join("out/cost-per-message.csv")).unwrap();
    assert!(
        csv.contains("2016-08-01,m365-business-basic,3,7,,,3,,USD"),
        "{csv}"
    );
    // A licence sold by quote has no price to divide: left out, said once, not
    // priced at its infrastructure alone.
    assert!(
        text.contains("Left out, licence sold by quote (no price to divide): Mattermost Enterprise on AWS, HA, Rocket.Chat Enterprise on AWS, HA,"),
        "{text}"
    );
    assert!(!csv.contains("rocketchat-enterprise-aws"), "{csv}");
    assert!(!csv.contains("mattermost-enterprise-ha-aws"), "{csv}");
}

#[test]
fn months_cut_short_by_the_data_and_their_ticks() {
    // Tab-separated, columns named by the user. March: ann (25th), bob (28th); April:
    // ann (2nd), cid (10th). April's 28-day window ends on the 10th, the last day of
    // the data (14 March to 10 April: bob, ann, cid), not on the 30th.
    let dir = temp();
    stdout(
        rccost(dir.path())
            .arg("usage")
            .arg(input("months.tsv"))
            .args([
                "--time-column",
                "When",
                "--user-column",
                "Who",
                "--by",
                "month",
            ])
            .args(["--out", "out"]),
    );
    let csv = fs::read_to_string(dir.path().join("out/usage.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows, ["2026-03-01,2,0,0,2,2", "2026-04-01,2,0,0,2,3"]);
    // Ticks on the months themselves, not on round numbers of days.
    let svg = fs::read_to_string(dir.path().join("out/messages-over-time.svg")).unwrap();
    for tick in [">2026-03</text>", ">2026-04</text>"] {
        assert!(svg.contains(tick), "{tick}");
    }
    assert!(!svg.contains("2026-03-28"), "a day tick on a month axis");
    // A wrong column name lists the columns as the file writes them.
    rccost(dir.path())
        .arg("usage")
        .arg(input("months.tsv"))
        .args(["--time-column", "Wen", "--out", "out2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("its columns: When, Who"));
}

/// BSON documents back to back, as mongodump writes a collection.
fn bson_file(docs: &[bson::RawDocumentBuf]) -> Vec<u8> {
    docs.iter().flat_map(|d| d.as_bytes().to_vec()).collect()
}

/// 2016-08-12T19:30:00Z in milliseconds.
const AUG_12: i64 = 1_471_030_200_000;

/// Eight `rocketchat_message` documents, one per rule. 08-12: alice (ObjectId
/// id), carol's join (t = uj, a system message), the deploy bot (`bot` field),
/// alice's `_hidden` earlier version (not counted), carol's encrypted message
/// (t = e2e), bob with `bot: null` (a user message); document 7 has no `ts`
/// (malformed); 08-14: bob, with an integer id and an ISO string date.
fn rocketchat_documents() -> Vec<bson::RawDocumentBuf> {
    use bson::{DateTime, oid::ObjectId, rawdoc};
    let at = |minutes: i64| DateTime::from_millis(AUG_12 + minutes * 60_000);
    let oid = |hex: &str| ObjectId::parse_str(hex).unwrap();
    vec![
        rawdoc! { "_id": oid("57ae2b3c1d41c8a1b2c3d4e5"), "rid": "GENERAL", "msg": "hi {\"ts\": 1}",
        "ts": at(0), "u": { "_id": "a", "username": "alice" }, "_updatedAt": at(0) },
        rawdoc! { "_id": "m2", "t": "uj", "rid": "GENERAL", "msg": "carol", "ts": at(1),
        "u": { "_id": "c", "username": "carol" } },
        rawdoc! { "_id": oid("57ae2b3c1d41c8a1b2c3d4e6"), "msg": "deployed", "ts": at(30),
        "bot": { "i": "x" }, "u": { "username": "deploybot" } },
        rawdoc! { "_id": "m4", "_hidden": true, "msg": "old", "ts": at(40), "u": { "username": "alice" } },
        rawdoc! { "_id": "m5", "t": "e2e", "msg": "cipher", "ts": at(90), "u": { "username": "carol" } },
        rawdoc! { "_id": "m6", "bot": null, "msg": "ok", "ts": at(150), "u": { "username": "bob" } },
        rawdoc! { "_id": "m7", "msg": "no date", "u": { "username": "bob" } },
        rawdoc! { "_id": 8, "msg": "reply", "ts": "2016-08-14T08:00:00.000Z", "u": { "username": "bob" } },
    ]
}

/// What the documents count as, day by day.
const ROCKETCHAT_ROWS: [&str; 3] = [
    "2016-08-12,3,1,1,3,3",
    "2016-08-13,0,0,0,0,3",
    "2016-08-14,1,0,0,1,3",
];

/// The same messages as a mongoexport writes them (relaxed Extended JSON,
/// the integer id canonical).
const ROCKETCHAT_JSON: &str = r#"{"_id":{"$oid":"57ae2b3c1d41c8a1b2c3d4e5"},"ts":{"$date":"2016-08-12T19:30:00Z"},"u":{"username":"alice"}}
{"_id":"m2","t":"uj","ts":{"$date":"2016-08-12T19:31:00Z"},"u":{"username":"carol"}}
{"_id":{"$oid":"57ae2b3c1d41c8a1b2c3d4e6"},"bot":{"i":"x"},"ts":{"$date":"2016-08-12T20:00:00Z"},"u":{"username":"deploybot"}}
{"_id":"m5","t":"e2e","ts":{"$date":{"$numberLong":"1471035600000"}},"u":{"username":"carol"}}
{"_id":"m6","bot":null,"ts":{"$date":"2016-08-12T22:00:00Z"},"u":{"username":"bob"}}
{"_id":{"$numberInt":"8"},"ts":{"$date":"2016-08-14T08:00:00Z"},"u":{"username":"bob"}}
"#;

/// Runs `rccost usage` on inputs by day in `dir`; returns (stdout, usage.csv rows).
fn usage_in(dir: &Path, inputs: &[&Path]) -> (String, Vec<String>) {
    let out = dir.join("out");
    let text = stdout(
        rccost(dir)
            .arg("usage")
            .args(inputs)
            .args(["--by", "day", "--out"])
            .arg(&out),
    );
    let csv = fs::read_to_string(out.join("usage.csv")).unwrap();
    (text, csv.lines().skip(1).map(String::from).collect())
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// A `mongodump --archive` of `bson` (a `rocketchat_message.bson`) as
/// mongo-tools' published format (`common/archive/spec.md`) lays it out: the
/// magic number, a header, the collections' metadata, a terminator, then
/// blocks of a namespace header, documents and a terminator. The messages come
/// in two blocks with a `rocketchat_room` block between them, and an empty
/// `users` collection is listed; each collection ends with an EOF block.
fn mongodump_archive(bson: &Path, into: &Path, gzipped: bool) -> PathBuf {
    use bson::rawdoc;
    let data = fs::read(bson).unwrap();
    let mut docs = Vec::new();
    let mut at = 0;
    while at < data.len() {
        let len = u32::from_le_bytes(data[at..at + 4].try_into().unwrap()) as usize;
        docs.push(&data[at..at + len]);
        at += len;
    }
    let terminator = [0xffu8; 4];
    let header = |collection: &str, eof: bool| {
        rawdoc! { "db": "rocketchat", "collection": collection, "EOF": eof, "CRC": 0i64 }
            .into_bytes()
    };
    let mut archive = vec![0x6d, 0xe2, 0x99, 0x81];
    let prelude = rawdoc! { "concurrent_collections": 4, "version": "0.1",
    "server_version": "7.0.14", "tool_version": "100.9.4" };
    archive.extend(prelude.into_bytes());
    for collection in ["rocketchat_room", "rocketchat_message", "users"] {
        let meta = rawdoc! { "db": "rocketchat", "collection": collection,
        "metadata": "{\"indexes\":[]}", "size": data.len() as i32 };
        archive.extend(meta.into_bytes());
    }
    archive.extend(terminator);
    let (first, second) = docs.split_at(docs.len() / 2);
    let room = rawdoc! { "_id": "GENERAL", "t": "c", "name": "general", "ts": "not a message" };
    let blocks: [(&str, Vec<&[u8]>); 3] = [
        ("rocketchat_message", first.to_vec()),
        ("rocketchat_room", vec![room.as_bytes()]),
        ("rocketchat_message", second.to_vec()),
    ];
    for (collection, block) in blocks {
        archive.extend(header(collection, false));
        block.iter().for_each(|d| archive.extend_from_slice(d));
        archive.extend(terminator);
    }
    for collection in ["rocketchat_room", "rocketchat_message", "users"] {
        archive.extend(header(collection, true));
        archive.extend(terminator);
    }
    let name = if gzipped {
        "rocketchat.archive.gz"
    } else {
        "rocketchat.archive"
    };
    let path = into.join(name);
    fs::write(&path, if gzipped { gzip(&archive) } else { archive }).unwrap();
    path
}

/// `tar` run as a backup script runs it, from `dir`.
fn tar(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("tar")
        .current_dir(dir)
        .args(args)
        .status()
        .expect("tar runs");
    assert!(status.success());
}

#[test]
fn mongodump_bson_every_rule_and_ids_of_every_type() {
    let dir = temp();
    let bson = dir.path().join("rocketchat_message.bson");
    fs::write(&bson, bson_file(&rocketchat_documents())).unwrap();
    let (text, rows) = usage_in(dir.path(), &[&bson]);
    assert_eq!(rows, ROCKETCHAT_ROWS);
    assert!(
        text.contains("rocketchat_message.bson:7: document 7: no `ts` field"),
        "{text}"
    );
    // The mongoexport of the same messages: ObjectIds as {"$oid"}, the string ids,
    // and the integer id as {"$numberInt"} are the same messages.
    let json = dir.path().join("messages.json");
    fs::write(&json, ROCKETCHAT_JSON).unwrap();
    let (text, rows) = usage_in(dir.path(), &[&bson, &json]);
    assert_eq!(rows, ROCKETCHAT_ROWS);
    assert!(text.contains("6 duplicate messages"), "{text}");
}

#[test]
fn every_shape_of_a_mongodump_counts_the_same() {
    let dir = temp();
    let d = dir.path();
    // A dump folder as mongodump writes it: another collection beside, metadata.
    let db = d.join("dump/rocketchat");
    fs::create_dir_all(&db).unwrap();
    let messages = bson_file(&rocketchat_documents());
    fs::write(db.join("rocketchat_message.bson"), &messages).unwrap();
    fs::write(
        db.join("rocketchat_message.metadata.json"),
        "{\"indexes\":[]}",
    )
    .unwrap();
    let room = bson::rawdoc! { "_id": "GENERAL", "ts": "2001-01-01T00:00:00Z" };
    fs::write(db.join("rocketchat_room.bson"), room.as_bytes()).unwrap();
    tar(d, &["czf", "rocketchat-20160812.tar.gz", "dump"]);
    tar(d, &["cf", "rocketchat-20160812.tar", "dump"]);
    // mongodump --gzip, and a tar of that.
    let zipped = d.join("gz/dump/rocketchat");
    fs::create_dir_all(&zipped).unwrap();
    fs::write(zipped.join("rocketchat_message.bson.gz"), gzip(&messages)).unwrap();
    tar(&d.join("gz"), &["czf", "../gzipped-dump.tgz", "dump"]);
    let bson = db.join("rocketchat_message.bson");
    let shapes = [
        d.join("dump"),
        d.join("gz"),
        zipped.join("rocketchat_message.bson.gz"),
        d.join("rocketchat-20160812.tar.gz"),
        d.join("rocketchat-20160812.tar"),
        d.join("gzipped-dump.tgz"),
        mongodump_archive(&bson, d, false),
        mongodump_archive(&bson, d, true),
    ];
    for shape in &shapes {
        let (text, rows) = usage_in(d, &[shape]);
        assert_eq!(rows, ROCKETCHAT_ROWS, "{}", shape.display());
        assert!(text.contains("document 7: no `ts` field"), "{text}");
    }
    let (text, _) = usage_in(d, &[&shapes[3], &shapes[6]]);
    assert!(text.contains("6 duplicate messages"), "{text}");
    let json = d.join("messages.json.gz");
    fs::write(&json, gzip(ROCKETCHAT_JSON.as_bytes())).unwrap();
    let (text, rows) = usage_in(d, &[&json, &shapes[3]]);
    assert_eq!(rows, ROCKETCHAT_ROWS);
    assert!(text.contains("6 duplicate messages"), "{text}");
}

/// `rccost usage INPUT` fails with exit 2, writes nothing, and says all of `says`.
fn refused(dir: &Path, input: &Path, says: &[&str]) {
    let out = rccost(dir)
        .arg("usage")
        .arg(input)
        .args(["--out", "refused"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for words in says {
        assert!(stderr.contains(words), "{words:?} in {stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!dir.join("refused").exists());
}

#[test]
fn mongodumps_that_cannot_be_counted_say_why() {
    let dir = temp();
    let d = dir.path();
    let messages = bson_file(&rocketchat_documents());
    // Two dumps of the message collection in one folder, and in one tar.
    for day in ["0811", "0812"] {
        let db = d.join(format!("backup/2016{day}/rocketchat"));
        fs::create_dir_all(&db).unwrap();
        fs::write(db.join("rocketchat_message.bson"), &messages).unwrap();
    }
    refused(
        d,
        &d.join("backup"),
        &["holds 2 dumps of rocketchat_message", "20160811"],
    );
    tar(d, &["cf", "two.tar", "backup"]);
    refused(
        d,
        &d.join("two.tar"),
        &["holds 2 dumps of rocketchat_message"],
    );
    // A dump of another database: no message collection, its collections named.
    let other = d.join("other/dump/admin");
    fs::create_dir_all(&other).unwrap();
    let doc = bson::rawdoc! { "_id": "x" };
    fs::write(other.join("system.version.bson"), doc.as_bytes()).unwrap();
    tar(&d.join("other"), &["czf", "../admin.tar.gz", "dump"]);
    refused(
        d,
        &d.join("admin.tar.gz"),
        &[
            "without the rocketchat_message collection (it holds only system.version.bson)",
            "mongodump --db=rocketchat",
        ],
    );
    // A damaged length in the middle: where, and that nothing past it is read.
    let mut damaged = messages.clone();
    let second = u32::from_le_bytes(damaged[..4].try_into().unwrap()) as usize;
    damaged[second..second + 4].copy_from_slice(&[0xff, 0xff, 0xff, 0x7f]);
    let file = d.join("damaged.bson");
    fs::write(&file, &damaged).unwrap();
    refused(
        d,
        &file,
        &[
            &format!("document 2 (at byte {second}) declares a length of 2147483647 bytes"),
            "damaged from there on",
        ],
    );
    // A cut-off file keeps what came before and says so.
    let cut = d.join("cut.bson");
    fs::write(&cut, &messages[..messages.len() - 10]).unwrap();
    let (text, rows) = usage_in(d, &[&cut]);
    assert_eq!(rows[0], "2016-08-12,3,1,1,3,3");
    assert!(
        text.contains("cut.bson:8: document 8: the file ends inside it"),
        "{text}"
    );
    // An archive cut off inside its list of collections.
    let archive = mongodump_archive(
        &d.join("backup/20160811/rocketchat/rocketchat_message.bson"),
        d,
        false,
    );
    let bytes = fs::read(&archive).unwrap();
    let header = u32::from_le_bytes(bytes[4..8].try_into().unwrap()) as usize;
    fs::write(&archive, &bytes[..4 + header + 20]).unwrap();
    refused(
        d,
        &archive,
        &[
            "not a readable mongodump archive at byte",
            "ends inside its list of collections",
        ],
    );
}

#[test]
fn files_in_no_known_format_say_what_they_look_like() {
    let dir = temp();
    let d = dir.path();
    let cases: [(&str, &[u8], &str); 9] = [
        (
            "chart.png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "is an image (PNG), not a format rccost reads",
        ),
        (
            "dump.json.xz",
            b"\xfd7zXZ\x00\x00\x04\xe6\xd6\xb4F",
            "is compressed with xz, not a format rccost reads; unpack it first (xz -d)",
        ),
        (
            "random.bin",
            b"\x00\x01\x02\x03\xfe\xfd\xfc\xfb\x00\x00\x00\x00",
            "is binary data (it starts with the bytes 00 01 02 03 fe fd fc fb) in no format rccost knows",
        ),
        ("empty.json", b"", "is empty"),
        (
            "export.csv",
            "\u{feff}name,email\nann,a@x\n".as_bytes(),
            "its first line \"name,email\" is neither JSON nor a CSV header with a timestamp column (ts, timestamp, time, date",
        ),
        (
            "utf16.csv",
            b"\xff\xfet\x00s\x00",
            "is UTF-16 text, not a format rccost reads; save it as UTF-8",
        ),
        (
            "notes.txt",
            b"hello, world\n",
            "\"hello, world\" is neither JSON nor a CSV header",
        ),
        (
            "sheet.xlsx",
            &xlsx_like(),
            "is an Office document (.xlsx, .docx, …), not a Slack export; save the sheet as CSV",
        ),
        (
            "binary.gz",
            &gzip(b"\x00\x01\x02\x03\x04\x05\x06\x07"),
            "is gzip'ed binary data (it unpacks to the bytes 00 01 02 03 04 05 06 07)",
        ),
    ];
    for (name, bytes, says) in cases {
        let file = d.join(name);
        fs::write(&file, bytes).unwrap();
        refused(d, &file, &[says, "expected a Rocket.Chat mongoexport"]);
    }
    // A folder with neither a Slack export nor a dump in it.
    fs::create_dir_all(d.join("photos/2016")).unwrap();
    fs::write(d.join("photos/2016/a.jpg"), b"\xff\xd8\xff\xe0").unwrap();
    refused(
        d,
        &d.join("photos"),
        &["holds neither a Slack export", "nor a mongodump"],
    );
}

/// A zip as an Office document is one: `[Content_Types].xml` at the top.
fn xlsx_like() -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(
        "[Content_Types].xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(b"<Types/>").unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn an_input_whose_every_record_is_malformed_stops_with_the_first_few() {
    let dir = temp();
    let d = dir.path();
    let file = d.join("broken.json");
    let lines: String = (1..=7)
        .map(|i| format!("{{\"_id\":\"m{i}\",\"msg\":\"no date\"}}\n"))
        .collect();
    fs::write(&file, lines).unwrap();
    refused(
        d,
        &file,
        &[
            "broken.json: nothing to count: 7 malformed records skipped and no message left (no file was written); the first are:",
            "broken.json:1: no `ts` field",
            "broken.json:5: no `ts` field",
        ],
    );
    let out = rccost(d).arg("usage").arg(&file).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("broken.json:6:"));
    // Beside a good input it still stops: that input is wholly unreadable.
    let good = input("mongo.json");
    let out = rccost(d)
        .arg("usage")
        .arg(&good)
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// The usage charts read as data through the library, with figures worked
/// out here by brute force.
mod charts {
    use rccost::chart::charts::usage::{Drawing, cost_per_message, drawing, messages_over_time};
    use rccost::chart::theme::CONTEXT_STYLE;
    use rccost::units::date::days_from_civil;
    use rccost::usage::aggregate::{By, Row, Usage};
    use rccost::usage::cost::{CostPerMessage, MonthCost, PartMonth, PlanCosts};
    use rust_decimal::Decimal;

    fn row(period_start: i32, messages: u64) -> Row {
        Row {
            period_start,
            messages,
            system_messages: 0,
            bot_messages: 0,
            active_users: 1,
            active_users_28d: 1,
        }
    }

    fn day(y: i64, m: i64, d: i64) -> i32 {
        days_from_civil(y, m, d) as i32
    }

    #[test]
    fn the_drawing_follows_the_number_of_periods() {
        assert_eq!(drawing(1, By::Month), Drawing::Columns);
        assert_eq!(drawing(41, By::Month), Drawing::Columns);
        assert_eq!(drawing(120, By::Day), Drawing::Columns);
        assert_eq!(drawing(121, By::Day), Drawing::Rolling(28));
        assert_eq!(drawing(296, By::Week), Drawing::Rolling(13));
    }

    /// The PNG's RGB pixels and its width in pixels.
    fn decode(bytes: Vec<u8>) -> (Vec<u8>, usize) {
        let (pixels, width) = crate::bitmap::decode(bytes);
        (pixels, width as usize)
    }

    #[test]
    fn few_months_are_columns_whose_heights_are_the_counts() {
        use rccost::chart::render::{Format, render};
        let starts = [
            day(2025, 1, 1),
            day(2025, 2, 1),
            day(2025, 3, 1),
            day(2025, 4, 1),
        ];
        let counts = [100u64, 140, 120, 30];
        let u = Usage {
            rows: starts.iter().zip(counts).map(|(s, n)| row(*s, n)).collect(),
            days: Some((starts[0], day(2025, 4, 30))),
            ..Default::default()
        };
        let chart = messages_over_time(&u, By::Month, "test");
        assert!(
            chart.subtitle.contains("a column per month"),
            "{}",
            chart.subtitle
        );
        let columns = chart.columns.clone().expect("columns");
        let ends = [starts[1], starts[2], starts[3], day(2025, 5, 1)];
        let expected: Vec<(u64, u64, f64)> = (0..4)
            .map(|i| (starts[i] as u64, ends[i] as u64, counts[i] as f64))
            .collect();
        assert_eq!(columns.bars, expected);
        // The data covers January to April whole: no column is paler.
        assert_eq!(columns.part, (false, false));
        assert_eq!(
            (chart.x_from, chart.x_to),
            (starts[0] as u64, ends[3] as u64)
        );
        assert_eq!(chart.legend_entries()[0].0, "Messages per month");
        // The running total starts at nought and ends at 390 at the end of April.
        let total = &chart.series[0].segments[0];
        let factor = chart.secondary.as_ref().unwrap().factor;
        assert_eq!(total[0], (starts[0] as u64, 0.0));
        assert_eq!(total[4].0, ends[3] as u64);
        assert!((total[4].1 * factor - 390.0).abs() < 1e-9);

        // Decoded: four blue columns, their heights in the ratio of the counts,
        // standing on the x axis, with background between them.
        let (bytes, layout) = render(&chart, Format::Png).unwrap();
        let plot = layout.plot().unwrap().scaled(2.0);
        let blue = chart.palette.series[0];
        let (pixels, width) = decode(bytes);
        let is_blue = |x: usize, y: usize| {
            let px = &pixels[(y * width + x) * 3..][..3];
            px[0].abs_diff(blue.0) < 8 && px[1].abs_diff(blue.1) < 8 && px[2].abs_diff(blue.2) < 8
        };
        let span = (ends[3] - starts[0]) as f64;
        let px_of = |d: i32| plot.x0 + (d - starts[0]) as f64 / span * (plot.x1 - plot.x0);
        let mut heights = Vec::new();
        for i in 0..4 {
            let mid = ((px_of(starts[i]) + px_of(ends[i])) / 2.0) as usize;
            let column: Vec<usize> = (plot.y0 as usize..plot.y1 as usize)
                .filter(|&y| is_blue(mid, y))
                .collect();
            let (top, bottom) = (column[0], *column.last().unwrap());
            assert!(
                (plot.y1 - bottom as f64).abs() <= 3.0,
                "column {i} stands on the axis"
            );
            heights.push((bottom - top) as f64);
            // Between two months, at the boundary: no column.
            if i > 0 {
                let edge = px_of(starts[i]) as usize;
                let low = (plot.y1 - 6.0) as usize;
                assert!(!is_blue(edge, low), "a gap before column {i}");
            }
        }
        for i in 0..4 {
            let ratio = heights[i] / heights[1];
            let want = counts[i] as f64 / 140.0;
            assert!((ratio - want).abs() < 0.02, "column {i}: {ratio} vs {want}");
        }

        // Data ending on 10 April: April's column is paler (between blue and
        // the white page), March's is not.
        let u = Usage {
            days: Some((starts[0], day(2025, 4, 10))),
            ..u
        };
        let chart = messages_over_time(&u, By::Month, "test");
        let (bytes, layout) = render(&chart, Format::Png).unwrap();
        let plot = layout.plot().unwrap().scaled(2.0);
        let px_of = |d: i32| plot.x0 + (d - starts[0]) as f64 / span * (plot.x1 - plot.x0);
        let (pixels, width) = decode(bytes);
        let low = (plot.y1 - 10.0) as usize;
        let at = |i: usize| {
            let mid = ((px_of(starts[i]) + px_of(ends[i])) / 2.0) as usize;
            pixels[(low * width + mid) * 3..][..3].to_vec()
        };
        assert_eq!(at(2), vec![blue.0, blue.1, blue.2]);
        let april = at(3);
        for (c, b) in april.iter().zip([blue.0, blue.1, blue.2]) {
            assert!(*c >= b, "{april:?} lies between blue and white");
        }
        assert!(april[0] > blue.0 + 60, "{april:?} is clearly paler");
    }

    #[test]
    fn many_days_are_grey_behind_a_28_day_mean_and_a_spike_is_cut() {
        // 400 days of (7i mod 23) messages, and 500 on day 200.
        let first = day(2024, 1, 1);
        let counts: Vec<u64> = (0..400u64)
            .map(|i| if i == 200 { 500 } else { (7 * i) % 23 })
            .collect();
        let u = Usage {
            rows: (0..400)
                .map(|i| row(first + i, counts[i as usize]))
                .collect(),
            days: Some((first, first + 399)),
            ..Default::default()
        };
        let chart = messages_over_time(&u, By::Day, "test");
        assert_eq!(chart.series[0].style, CONTEXT_STYLE, "daily counts in grey");
        assert_eq!(chart.series[1].name, "28-day mean");
        let mean: Vec<(u64, f64)> = chart.series[1].segments.concat();
        assert_eq!(mean.len(), 400 - 27, "a mean from the 28th day on");
        for (k, (x, v)) in mean.iter().enumerate() {
            let end = k + 27;
            let sum: u64 = counts[end + 1 - 28..=end].iter().sum();
            assert_eq!(*x, (first as usize + end) as u64);
            assert!((v - sum as f64 / 28.0).abs() < 1e-9, "day {end}");
        }
        assert!(
            chart
                .subtitle
                .contains("daily counts in grey, 28-day mean in blue")
        );
        // The 99th percentile of the counts is 22; the mean peaks below 29: the
        // axis is cut at the round number above 2 × that peak × 1.08, not at 500.
        let peak = mean.iter().map(|p| p.1).fold(0.0, f64::max);
        let cap = chart.y_cap.expect("the spike is cut");
        assert!(cap >= 2.0 * peak * 1.08 && cap < 100.0, "{cap} {peak}");
        let footer = chart.footer.clone().unwrap();
        assert!(
            footer.contains("1 day above it, the most 500, on 2024-07-19."),
            "{footer}"
        );
        assert!(chart.alt_text().chars().count() <= 250);
        assert!(
            chart.alt.contains("busiest day 2024-07-19 with 500"),
            "{}",
            chart.alt
        );
    }

    #[test]
    fn a_part_month_is_named_and_a_thin_one_does_not_set_the_cost_scale() {
        let starts = [
            day(2025, 1, 1),
            day(2025, 2, 1),
            day(2025, 3, 1),
            day(2025, 4, 1),
        ];
        let counts = [100, 140, 120, 30];
        let u = Usage {
            rows: starts.iter().zip(counts).map(|(s, n)| row(*s, n)).collect(),
            // The data ends on 10 April: April is counted in part.
            days: Some((starts[0], day(2025, 4, 10))),
            ..Default::default()
        };
        let chart = messages_over_time(&u, By::Month, "test");
        // Counts only understate a part month: nothing is cut, every column shows.
        assert_eq!(chart.y_cap, None);
        let footer = chart.footer.clone().unwrap();
        assert_eq!(
            footer,
            "The last month (to 2025-04-10) is counted in part (paler)."
        );
        assert_eq!(chart.columns.as_ref().unwrap().part, (false, true));
        assert!(chart.subtitle.contains("a column per month"));
        // The cost of April (a whole month's bill over 30 messages) is the highest,
        // but April is held in part: March's $3 sets the axis (3 × 1.08 → $4).
        let c = CostPerMessage {
            months: u.rows.clone(),
            plans: vec![plan("a", &[Some(2), Some(1), Some(3), Some(9)])],
            members: None,
            part_months: vec![PartMonth {
                month: starts[3],
                from: None,
                to: Some(day(2025, 4, 10)),
            }],
            later_prices: None,
            currency: "USD".into(),
            exchange_rates: Vec::new(),
            awaiting_quote: Vec::new(),
        };
        let chart = cost_per_message(&c, "test");
        assert_eq!(chart.y_cap, Some(4.0));
        let footer = chart.footer.unwrap();
        assert!(
            footer.contains("1 month above it, Apr 2025 (held in part)"),
            "{footer}"
        );
    }

    fn plan(id: &str, per_message: &[Option<i64>]) -> PlanCosts {
        PlanCosts {
            id: id.into(),
            name: format!("Plan {id}"),
            unpriced_months: per_message.iter().filter(|v| v.is_none()).count() as u64,
            months: per_message
                .iter()
                .map(|v| MonthCost {
                    monthly_cost: v.map(Decimal::from),
                    per_message: v.map(Decimal::from),
                    per_message_members: None,
                })
                .collect(),
        }
    }

    #[test]
    fn cost_per_message_leaves_out_unpriced_plans_and_thin_months() {
        let starts: Vec<i32> = (1..=5).map(|m| day(2025, m, 1)).collect();
        // January: 4 messages, under a tenth of the median (100).
        let messages = [4, 100, 90, 110, 100];
        let c = CostPerMessage {
            months: starts
                .iter()
                .zip(messages)
                .map(|(s, n)| row(*s, n))
                .collect(),
            plans: vec![
                plan("a", &[Some(50), Some(2), Some(3), Some(2), Some(2)]),
                plan("b", &[None; 5]),
                plan("c", &[Some(20), Some(1), Some(1), Some(1), Some(1)]),
                plan("d", &[Some(20), Some(1), Some(1), Some(1), Some(1)]),
            ],
            members: None,
            part_months: Vec::<PartMonth>::new(),
            later_prices: None,
            currency: "USD".into(),
            exchange_rates: Vec::new(),
            awaiting_quote: Vec::new(),
        };
        let chart = cost_per_message(&c, "test");
        let names: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            ["Plan a", "Plan c"],
            "b has no price; d is drawn with c"
        );
        assert_eq!(chart.series[1].legend, "Plan c = Plan d");
        let footer = chart.footer.clone().unwrap();
        assert_eq!(footer.matches("Plan b").count(), 1, "{footer}");
        assert!(
            footer.contains("no price in force in any month"),
            "{footer}"
        );
        // The highest of February to May is $3: 3 × 1.08 → $4; January is above.
        assert_eq!(chart.y_cap, Some(4.0));
        assert!(
            footer.contains("1 month above it, Jan 2025 (4 messages)"),
            "{footer}"
        );
        assert!(
            chart.subtitle.ends_with("axis cut at $4.00"),
            "{}",
            chart.subtitle
        );
    }
}

/// A plain mongoexport is parsed where the system maps it, a gzipped one read
/// through buffers: the same lines give the same counts and the same numbers
/// of the bad lines in both, over several chunks, a line longer than a chunk
/// (4 MiB) and a last line with no line end.
#[test]
fn a_mapped_export_and_a_gzipped_one_count_the_same() {
    let dir = temp();
    let line = |i: usize, msg: &str| {
        format!(
            r#"{{"_id":"m{i}","msg":"{msg}","ts":{{"$date":"2016-08-{}T10:00:00Z"}},"u":{{"username":"u{}"}}}}"#,
            12 + i % 3,
            i % 7
        )
    };
    let mut text = String::new();
    for i in 0..60_000 {
        text += &line(i, "hello");
        text.push('\n');
        if i % 9_999 == 5 {
            text += "{\"_id\": broken\n";
        }
    }
    text += &line(60_000, &"x".repeat(5 << 20));
    text.push('\n');
    text += &line(60_001, "the last line");
    fs::write(dir.path().join("plain.json"), &text).unwrap();
    fs::write(dir.path().join("packed.json.gz"), gzip(text.as_bytes())).unwrap();
    let run = |name: &str| {
        let sub = dir.path().join(name.replace('.', "-"));
        fs::create_dir(&sub).unwrap();
        let (said, rows) = usage_in(&sub, &[&dir.path().join(name)]);
        // What it says after the files it wrote.
        let said = said.split_once("\n\n").map_or("", |(_, s)| s).to_string();
        (said.replace(name, "INPUT"), rows)
    };
    let (plain_said, plain_rows) = run("plain.json");
    let (packed_said, packed_rows) = run("packed.json.gz");
    assert_eq!(plain_rows, packed_rows);
    // 60,002 messages, day 12 + i % 3: i = 0, 3, … 60,000 (20,001), i = 1, 4, …
    // 60,001 (20,001), i = 2, 5, … 59,999 (20,000).
    let messages: Vec<&str> = plain_rows
        .iter()
        .map(|r| r.split(',').take(2).last().unwrap())
        .collect();
    assert_eq!(messages, ["20001", "20001", "20000"], "{plain_rows:?}");
    // A bad line after each i = 5 + 9,999 k below 60,000 (k = 0..=6): lines
    // 7 + 10,000 k, the first five of them listed.
    for k in 0..5 {
        let bad = format!("INPUT:{}: ", 7 + 10_000 * k);
        assert!(plain_said.contains(&bad), "{bad} in {plain_said}");
    }
    assert!(plain_said.contains("7 malformed records"), "{plain_said}");
    assert_eq!(plain_said, packed_said);
}

/// A pipe is refused before anything is read from it: its format is told from
/// its first bytes, and a pipe read again from the start would have lost them
/// (the first 8 KB of `rccost usage <(zcat export.json.gz)`, silently). No
/// program writes into this one, so opening it would block: the answer comes
/// from the file's type alone.
#[cfg(unix)]
#[test]
fn a_pipe_is_refused_before_it_is_read() {
    let dir = temp();
    let pipe = dir.path().join("export.json");
    let made = std::process::Command::new("mkfifo").arg(&pipe).status();
    assert!(
        made.is_ok_and(|s| s.success()),
        "mkfifo (coreutils) made the pipe"
    );
    rccost(dir.path())
        .args(["usage", "export.json", "--by", "day"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "export.json: a pipe or a device, not a file",
        ))
        .stderr(predicate::str::contains("rccost usage export.json.gz"));
    assert!(!dir.path().join("output").exists(), "nothing written");
}
