//! `rccost usage` on real exports written by other people's servers and
//! workspaces (`../shared/realdata/`, each folder's SOURCE.md says where it
//! comes from), in every shape a team keeps them: every day's user, system and
//! bot messages and every month's active senders are compared with the
//! dataset's `expected.json`, worked out independently of rccost.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{rccost, stdout, temp};

fn realdata(dataset: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/realdata")
        .join(dataset)
}

/// A dataset's `expected.json`: (user, system, bot) messages per UTC day (days
/// not listed have none) and distinct senders of user messages per month.
struct Expected {
    days: BTreeMap<String, [u64; 3]>,
    monthly_active: BTreeMap<String, u64>,
}

fn expected(dataset: &str) -> Expected {
    let path = realdata(dataset).join("expected.json");
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&path).expect("expected.json")).unwrap();
    let count = |v: &serde_json::Value| v.as_u64().expect("a count");
    let days = json["days"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(day, c)| {
            let counts = [count(&c["messages"]), count(&c["system"]), count(&c["bot"])];
            (day.clone(), counts)
        })
        .collect();
    let monthly_active = json["monthly_active"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(month, n)| (month.clone(), count(n)))
        .collect();
    Expected {
        days,
        monthly_active,
    }
}

/// The rows of usage.csv from `rccost usage INPUT --by BY`, split into cells.
fn usage_rows(input: &Path, by: &str) -> (String, Vec<Vec<String>>) {
    let dir = temp();
    let text = stdout(
        rccost(dir.path())
            .arg("usage")
            .arg(input)
            .args(["--by", by, "--out", "out"]),
    );
    let csv = fs::read_to_string(dir.path().join("out/usage.csv")).unwrap();
    let rows = csv
        .lines()
        .skip(1)
        .map(|line| line.split(',').map(String::from).collect())
        .collect();
    (text, rows)
}

/// Every day from the first message to the last as expected and, with
/// `months`, every month's active senders.
fn counted_exactly(input: &Path, want: &Expected, months: bool) {
    let name = input.display();
    let (_, rows) = usage_rows(input, "day");
    let mut seen = 0;
    for row in &rows {
        let got: [u64; 3] = [1, 2, 3].map(|i| row[i].parse().unwrap());
        let day = &row[0];
        let expected = want.days.get(day).copied().unwrap_or([0; 3]);
        assert_eq!(got, expected, "{name}: {day} (user, system, bot)");
        seen += usize::from(want.days.contains_key(day));
    }
    assert_eq!(
        seen,
        want.days.len(),
        "{name}: every expected day is listed"
    );
    if !months {
        return;
    }
    let (_, rows) = usage_rows(input, "month");
    let months: BTreeMap<String, u64> = rows
        .iter()
        .filter(|row| row[1] != "0")
        .map(|row| (row[0][..7].to_string(), row[4].parse().unwrap()))
        .collect();
    assert_eq!(
        months, want.monthly_active,
        "{name}: active senders by month"
    );
}

/// A zip of a folder's files, as Slack's export page gives it (entries named
/// from the folder's top).
fn zip_folder(folder: &Path, zip_path: &Path, method: zip::CompressionMethod) {
    let mut files = Vec::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut zip = zip::ZipWriter::new(fs::File::create(zip_path).unwrap());
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for file in files {
        let name = file.strip_prefix(folder).unwrap().to_string_lossy();
        zip.start_file(name.replace('\\', "/"), options).unwrap();
        zip.write_all(&fs::read(&file).unwrap()).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn rcwg_slack_folder_and_zip() {
    // 33 channel folders (13 not in channels.json), canvases and `[""]` files,
    // day files cut in local time, 330 messages with a bot_id and no subtype.
    let folder = realdata("rcwg-slack/slack");
    let want = expected("rcwg-slack");
    counted_exactly(&folder, &want, true);
    let dir = temp();
    let zip = dir.path().join("rcwg-slack.zip");
    // Stored, not deflated: the export is 41 MB and the test binary unoptimised.
    zip_folder(&folder, &zip, zip::CompressionMethod::Stored);
    counted_exactly(&zip, &want, true);
}

#[test]
fn houstondatavis_slack_folder_and_zip() {
    // The 2016 format: file_comment messages without a `user`, a `meetup-` folder.
    let folder = realdata("houstondatavis-slack");
    let want = expected("houstondatavis-slack");
    counted_exactly(&folder, &want, true);
    let dir = temp();
    let zip = dir.path().join("houstondatavis.zip");
    zip_folder(&folder, &zip, zip::CompressionMethod::Deflated);
    counted_exactly(&zip, &want, true);
}

/// The write-up's backup: `mongodump`, then `tar czf rocketchat-YYYYMMDD.tar.gz`
/// of the dump folder.
fn backup_like_the_write_up(dataset: &str, into: &Path) -> PathBuf {
    let archive = into.join("rocketchat-20160812.tar.gz");
    let status = Command::new("tar")
        .arg("-C")
        .arg(realdata(dataset))
        .arg("-czf")
        .arg(&archive)
        .arg("dump")
        .status()
        .expect("tar runs");
    assert!(status.success());
    archive
}

/// Every shape of one Rocket.Chat server's messages counts the same.
fn rocketchat_every_shape(dataset: &str) {
    let want = expected(dataset);
    let data = realdata(dataset);
    let bson = data.join("dump/rocketchat/rocketchat_message.bson");
    let dir = temp();
    // Each reader's months are checked once; the dump folder and the backup
    // go through the BSON reader (each run of the debug binary takes ~0.4 s).
    let shapes = [
        (bson.clone(), true),
        (data.join("dump"), false),
        (backup_like_the_write_up(dataset, dir.path()), false),
        (data.join("rocketchat_message.json"), true),
        (
            data.join("rocketchat_message.canonical.jsonarray.json"),
            true,
        ),
    ];
    for (shape, months) in &shapes {
        counted_exactly(shape, &want, *months);
    }
    // The BSON's ids (strings and ObjectIds) are those of the mongoexports.
    let dir = temp();
    let text = stdout(
        rccost(dir.path())
            .arg("usage")
            .args([&shapes[2].0, &shapes[3].0, &shapes[4].0])
            .args(["--out", "out"]),
    );
    let documents: u64 = want.days.values().flatten().sum();
    assert!(
        text.contains(&format!("{} duplicate messages", 2 * documents)),
        "{text}"
    );
}

#[test]
fn rc_moevm_every_shape() {
    // Rocket.Chat 7.3: rocket.cat posts without a `bot` field (a user message by
    // the rules), system messages have 24-hex string ids, the rest ObjectIds.
    rocketchat_every_shape("rc-moevm");
}

#[test]
fn rc_tfc_every_shape() {
    // Rocket.Chat 5.4: a Rasa bot with one `bot` message and 15 without the field.
    rocketchat_every_shape("rc-tfc");
}
