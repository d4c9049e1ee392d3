//! Hostile inputs, built on the fly: archives that inflate to gigabytes,
//! documents nested 100,000 levels deep, single lines of hundreds of megabytes,
//! exports of thousands of empty day files. Each gives a clear error or
//! the right count, in bounded memory (the peak resident size of the real
//! binary, read from /proc while it runs), and never a crash. The same cases at
//! full size (a million day files, gigabyte lines) are in `bench/hostile.sh`.

#![cfg_attr(not(feature = "usage"), allow(dead_code))]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use super::{fixtures, temp};

/// What a run of the real binary gave, with its peak resident memory.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    peak_mb: u64,
}

/// Runs rccost in `dir`, reading its high-water mark of resident memory
/// (VmHWM, which only grows) from /proc until it ends.
fn run(dir: &Path, args: &[&str]) -> Run {
    let child = Command::new(env!("CARGO_BIN_EXE_rccost"))
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rccost starts");
    let status = format!("/proc/{}/status", child.id());
    let watcher = std::thread::spawn(move || {
        let mut peak_kb = 0u64;
        while let Ok(text) = std::fs::read_to_string(&status) {
            if text.contains("State:\tZ") {
                break;
            }
            let hwm = text
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok());
            peak_kb = peak_kb.max(hwm.unwrap_or(0));
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        peak_kb
    });
    let out = child.wait_with_output().expect("rccost ends");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        peak_mb: watcher.join().expect("the watcher") / 1024,
    }
}

fn assert_no_crash(run: &Run, what: &str) {
    assert!(
        matches!(run.code, Some(0..=2)),
        "{what}: exit {:?}: {}",
        run.code,
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{what}: {}", run.stderr);
}

// ---- a deflate stream that inflates `n` blanks, from a few bits per 258 bytes ----

/// Bits, least significant first, as deflate packs them.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    count: u32,
}

impl Bits {
    fn put(&mut self, value: u64, bits: u32) {
        self.acc |= value << self.count;
        self.count += bits;
        while self.count >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.count -= 8;
        }
    }
    /// A Huffman code, written most significant bit first.
    fn code(&mut self, code: u64, bits: u32) {
        let reversed = (0..bits).fold(0, |r, i| r | ((code >> i) & 1) << (bits - 1 - i));
        self.put(reversed, bits);
    }
}

/// One fixed-Huffman block: a blank, then copies of 258 bytes at distance 1.
/// Inflates to `1 + 258 * copies` blanks.
fn deflate_blanks(copies: u64) -> Vec<u8> {
    let mut b = Bits {
        out: Vec::new(),
        acc: 0,
        count: 0,
    };
    b.put(1, 1); // last block
    b.put(1, 2); // fixed Huffman codes
    b.code(0x30 + u64::from(b' '), 8); // the literal ' '
    for _ in 0..copies {
        b.code(0xC0 + 5, 8); // length 258 (symbol 285)
        b.code(0, 5); // distance 1
    }
    b.code(0, 7); // end of block
    b.put(0, 7);
    b.out
}

/// `data` as one stored deflate block (under 64 KB).
fn deflate_stored(data: &[u8]) -> Vec<u8> {
    let len = data.len() as u16;
    let mut out = vec![1]; // last block, stored
    out.extend(len.to_le_bytes());
    out.extend((!len).to_le_bytes());
    out.extend(data);
    out
}

/// A zip of deflated entries (name, deflate data, size claimed unpacked, CRC of
/// the unpacked bytes); a bomb's CRC is left 0, as a reader that stops early
/// never checks it.
fn zip_of(entries: &[(String, Vec<u8>, u32, u32)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data, claimed, crc) in entries {
        let offset = out.len() as u32;
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(sig.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes()); // made by
            }
            h.extend(20u16.to_le_bytes()); // needed
            h.extend(0u16.to_le_bytes()); // flags
            h.extend(8u16.to_le_bytes()); // deflate
            h.extend([0, 0, 0x21, 0]); // 1980-01-01
            h.extend(crc.to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend(claimed.to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend([0u8; 6]); // comment, disk, internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend(data);
        central.extend(header(0x0201_4b50, true));
    }
    let (at, size, n) = (out.len() as u32, central.len() as u32, entries.len() as u16);
    out.extend(central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend(n.to_le_bytes());
    out.extend(n.to_le_bytes());
    out.extend(size.to_le_bytes());
    out.extend(at.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

const DAY: &str = r#"[{"type":"message","user":"U1","text":"hi","ts":"1471030200.000200"}]"#;

#[cfg(feature = "usage")]
#[test]
fn a_zip_whose_day_file_claims_a_gigabyte_is_refused_unread() {
    let dir = temp();
    let bomb = deflate_blanks(1 << 22); // inflates to 1 GiB
    let zip = zip_of(&[
        ("general/2016-08-11.json".into(), bomb, 1 << 30, 0),
        (
            "general/2016-08-12.json".into(),
            deflate_stored(DAY.as_bytes()),
            DAY.len() as u32,
            crc32fast::hash(DAY.as_bytes()),
        ),
    ]);
    std::fs::write(dir.path().join("bomb.zip"), zip).unwrap();
    let r = run(dir.path(), &["usage", "bomb.zip"]);
    assert_no_crash(&r, "a zip bomb");
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("bomb.zip: general/2016-08-11.json: holds more than 256 MB unpacked"),
        "{}",
        r.stderr
    );
    assert!(r.peak_mb < 64, "refused before unpacking: {} MB", r.peak_mb);
}

#[cfg(feature = "usage")]
#[test]
fn a_zip_that_lies_about_its_size_is_cut_off_at_the_limit() {
    let dir = temp();
    // The header says 70 bytes; the data inflates to a gigabyte of blanks.
    let zip = zip_of(&[(
        "general/2016-08-11.json".into(),
        deflate_blanks(1 << 22),
        70,
        0,
    )]);
    std::fs::write(dir.path().join("liar.zip"), zip).unwrap();
    let r = run(dir.path(), &["usage", "liar.zip"]);
    assert_no_crash(&r, "a lying zip");
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("liar.zip: general/2016-08-11.json"),
        "{}",
        r.stderr
    );
    assert!(r.peak_mb < 400, "at most 256 MB unpacked: {} MB", r.peak_mb);
}

#[cfg(feature = "usage")]
#[test]
fn json_nested_a_hundred_thousand_levels_is_an_error_or_a_count() {
    let dir = temp();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let ts = r#""ts":{"$date":"2016-08-12T19:30:00.000Z"}"#;
    // One document a line: the nesting is skipped, the message counted.
    let lines = format!(
        "{{\"_id\":\"a\",{ts},\"u\":{{\"username\":\"ann\"}},\"x\":{deep}}}\n{{\"_id\":\"b\",{ts},\"u\":{{\"username\":\"bob\"}}}}\n"
    );
    std::fs::write(dir.path().join("lines.json"), lines).unwrap();
    let r = run(dir.path(), &["usage", "lines.json", "--out", "a"]);
    assert_no_crash(&r, "deep lines");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let csv = std::fs::read_to_string(dir.path().join("a/usage.csv")).unwrap();
    assert!(
        csv.contains("2016-08-01,2,0,0,2,"),
        "both messages counted: {csv}"
    );
    // The --jsonArray form: the element is skipped over, the message counted.
    let array = format!("[{{\"_id\":\"a\",{ts},\"x\":{deep}}}]");
    std::fs::write(dir.path().join("array.json"), array).unwrap();
    let r = run(dir.path(), &["usage", "array.json", "--out", "b"]);
    assert_no_crash(&r, "a deep array");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let csv = std::fs::read_to_string(dir.path().join("b/usage.csv")).unwrap();
    assert!(
        csv.contains("2016-08-01,1,0,0,0,"),
        "the message counted: {csv}"
    );
    // A Slack day file that is one deep array: a malformed record; users.json too
    // deep to read: no member count.
    let slack = dir.path().join("slack/general");
    std::fs::create_dir_all(&slack).unwrap();
    std::fs::write(slack.join("2016-08-11.json"), &deep).unwrap();
    std::fs::write(slack.join("2016-08-12.json"), DAY).unwrap();
    std::fs::write(dir.path().join("slack/users.json"), &deep).unwrap();
    let r = run(dir.path(), &["usage", "slack", "--out", "c"]);
    assert_no_crash(&r, "a deep Slack export");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("1 malformed record"), "{}", r.stdout);
    assert!(r.stdout.contains("2016-08-11.json"), "{}", r.stdout);
}

#[test]
fn toml_nested_a_hundred_thousand_levels_is_an_error_with_its_place() {
    let dir = temp();
    let good = std::fs::read_to_string(fixtures().join("good/blocks.toml")).unwrap();
    for (name, deep) in [
        (
            "arrays.toml",
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
        ),
        (
            "tables.toml",
            format!("{}1{}", "{a=".repeat(100_000), "}".repeat(100_000)),
        ),
    ] {
        std::fs::write(dir.path().join(name), format!("{good}notes = {deep}\n")).unwrap();
        let r = run(dir.path(), &["validate", name]);
        assert_no_crash(&r, name);
        assert_eq!(r.code, Some(2), "{name}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!("{name}:13:")),
            "{name}: {}",
            r.stderr
        );
    }
}

/// `head`, then `n` zero bytes (a hole: made at once, read as zeros), then `tail`.
fn big_file(path: &Path, head: &[u8], n: u64, tail: &[u8]) {
    use std::io::{Seek, SeekFrom};
    let mut f = std::fs::File::create(path).unwrap();
    f.write_all(head).unwrap();
    f.seek(SeekFrom::Current(n as i64)).unwrap();
    f.write_all(tail).unwrap();
}

#[cfg(feature = "usage")]
#[test]
fn a_line_of_hundreds_of_megabytes_is_one_bad_line_in_bounded_memory() {
    let dir = temp();
    let good = r#"{"_id":"b","ts":{"$date":"2016-08-12T19:30:00.000Z"},"u":{"username":"bob"}}"#;
    let head = br#"{"_id":"a","ts":{"$date":"2016-08-12T19:30:00.000Z"},"msg":""#;
    let tail = format!("\"}}\n{good}\n");
    big_file(
        &dir.path().join("long.json"),
        head,
        300 << 20,
        tail.as_bytes(),
    );
    // The gap is a sparse run of zero bytes, which detection calls binary: the
    // format is given, as for a file whose first line is this long.
    let r = run(
        dir.path(),
        &[
            "usage",
            "long.json",
            "--input-format",
            "mongoexport",
            "--by",
            "day",
        ],
    );
    assert_no_crash(&r, "a long line");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("long.json:1: "), "{}", r.stdout);
    let csv = std::fs::read_to_string(dir.path().join("output/usage.csv")).unwrap();
    assert!(
        csv.contains("2016-08-12,1,0,0,1,"),
        "the next line counted: {csv}"
    );
    assert!(r.peak_mb < 200, "peak {} MB", r.peak_mb);
    // The same line in a CSV: a clear error, read no further.
    big_file(&dir.path().join("long.csv"), b"ts,user\n", 300 << 20, b"\n");
    let r = run(dir.path(), &["usage", "long.csv", "--input-format", "csv"]);
    assert_no_crash(&r, "a long CSV line");
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("a line is longer than 16 MB"),
        "{}",
        r.stderr
    );
    assert!(r.peak_mb < 200, "peak {} MB", r.peak_mb);
}

#[cfg(feature = "usage")]
#[test]
fn a_json_array_on_one_line_of_forty_megabytes_is_counted_in_bounded_memory() {
    let dir = temp();
    let path = dir.path().join("array.json");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let n = 200_000;
    f.write_all(b"[").unwrap();
    for i in 0..n {
        let sep = if i == 0 { "" } else { "," };
        write!(
            f,
            r#"{sep}{{"_id":"m{i}","ts":{{"$date":"2016-08-12T19:30:00.000Z"}},"u":{{"username":"u{}"}},"msg":"{}"}}"#,
            i % 10,
            "y".repeat(150)
        )
        .unwrap();
    }
    f.write_all(b"]").unwrap();
    drop(f);
    let r = run(dir.path(), &["usage", "array.json", "--by", "day"]);
    assert_no_crash(&r, "a long array");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let csv = std::fs::read_to_string(dir.path().join("output/usage.csv")).unwrap();
    assert!(csv.contains(&format!("2016-08-12,{n},0,0,10,")), "{csv}");
    assert!(r.peak_mb < 200, "peak {} MB", r.peak_mb);
}

#[test]
fn a_pricing_file_of_three_hundred_megabytes_is_refused_unread() {
    let dir = temp();
    big_file(
        &dir.path().join("huge.toml"),
        b"notes = \"",
        300 << 20,
        b"\"\n",
    );
    let r = run(dir.path(), &["table", "--pricing", "huge.toml"]);
    assert_no_crash(&r, "a huge pricing file");
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("huge.toml is larger than 1 MB"),
        "{}",
        r.stderr
    );
    assert!(r.peak_mb < 64, "peak {} MB", r.peak_mb);
}

#[cfg(feature = "usage")]
#[test]
fn a_slack_day_file_of_three_hundred_megabytes_is_refused_unread() {
    let dir = temp();
    let general = dir.path().join("export/general");
    std::fs::create_dir_all(&general).unwrap();
    big_file(&general.join("2016-08-11.json"), b"[", 300 << 20, b"]");
    let r = run(dir.path(), &["usage", "export"]);
    assert_no_crash(&r, "a huge day file");
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("2016-08-11.json: holds more than 256 MB unpacked"),
        "{}",
        r.stderr
    );
    assert!(r.peak_mb < 64, "peak {} MB", r.peak_mb);
}

/// Day files of `[]` and empty day files in a folder and in a zip: no
/// messages from the first, one malformed record each for the second, and the
/// one real day counted.
#[cfg(feature = "usage")]
#[test]
fn a_slack_export_of_four_thousand_empty_day_files_is_counted() {
    let dir = temp();
    let export = dir.path().join("export");
    let mut entries = Vec::new();
    for k in 0..4_000u32 {
        let (channel, day) = (k % 200, k / 200);
        let name = format!(
            "c{channel}/2000-{:02}-{:02}.json",
            day / 28 + 1,
            day % 28 + 1
        );
        let content: &[u8] = if k % 2 == 0 { b"[]" } else { b"" };
        entries.push((name, content.to_vec()));
    }
    entries.push(("general/2016-08-12.json".into(), DAY.as_bytes().to_vec()));
    for (name, content) in &entries {
        let path = export.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    let zipped: Vec<_> = entries
        .iter()
        .map(|(n, c)| {
            (
                n.clone(),
                deflate_stored(c),
                c.len() as u32,
                crc32fast::hash(c),
            )
        })
        .collect();
    std::fs::write(dir.path().join("export.zip"), zip_of(&zipped)).unwrap();
    for (input, out) in [("export", "a"), ("export.zip", "b")] {
        let r = run(dir.path(), &["usage", input, "--out", out]);
        assert_no_crash(&r, input);
        assert_eq!(r.code, Some(0), "{input}: {}", r.stderr);
        assert!(
            r.stdout.contains("2,000 malformed records"),
            "{input}: {}",
            r.stdout
        );
        let csv = std::fs::read_to_string(dir.path().join(out).join("usage.csv")).unwrap();
        assert_eq!(
            csv.lines().count(),
            2,
            "{input}: one month with a message: {csv}"
        );
        assert!(csv.contains("2016-08-01,1,0,0,1,"), "{input}: {csv}");
        assert!(r.peak_mb < 200, "{input}: peak {} MB", r.peak_mb);
    }
}
