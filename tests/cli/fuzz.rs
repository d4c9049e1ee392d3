//! Every input the fuzzer ever broke a parser with, run again through the same
//! target code (`fuzz/targets.rs`): one file per finding under
//! `tests/fixtures/fuzz-regressions/<target>/`. The fuzzer itself (cargo-fuzz,
//! `fuzz/run-all.sh`; docs/reliability.md) is too long for a test run; its
//! findings are not.

#[path = "../../fuzz/targets.rs"]
#[allow(dead_code)]
mod targets;

use super::fixtures;

#[test]
fn every_fuzz_finding_is_handled() {
    let root = fixtures().join("fuzz-regressions");
    let scratch = super::temp();
    let all = targets::targets();
    let mut ran = 0;
    let mut folders: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/fixtures/fuzz-regressions")
        .map(|e| e.expect("an entry").path())
        .collect();
    folders.sort();
    for folder in folders {
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        let Some(target) = all.iter().find(|t| t.name == name) else {
            // A usage target in a build without the `usage` feature.
            if cfg!(feature = "usage") {
                panic!("{name}: no fuzz target of that name");
            }
            continue;
        };
        for file in targets::files_below(&folder) {
            let input = std::fs::read(&file).expect("a regression input");
            let outcome = std::panic::catch_unwind(|| target.run(&input, scratch.path()));
            assert!(outcome.is_ok(), "{} panics again", file.display());
            ran += 1;
        }
    }
    assert!(ran > 0, "the regression inputs were found and run");
}

/// The bundles multi-file targets use: names kept inside their folder.
#[test]
fn bundles_split_into_files_and_stay_inside_their_folder() {
    let files = targets::bundle(b"x = 1\n--- ../../etc/passwd\nroot\n--- /a//b/\n", "a.toml");
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["a.toml", "etc/passwd", "a/b"]);
    assert_eq!(files[0].1, b"x = 1\n");
    assert_eq!(files[1].1, b"root\n");
}

/// The mongodump shapes the fuzz targets build from their input (a gzip, a dump
/// folder, a tar, a `--archive`), made from the real rc-tfc dump, each read
/// whole: its SOURCE.md counts 39 documents, all messages (35 user, 3 system,
/// 1 bot). A seed builder that made a broken shape would fuzz only the errors.
#[cfg(feature = "usage")]
#[test]
fn the_mongodump_shapes_the_fuzzer_builds_read_the_real_dump_whole() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dump = root.join("../shared/realdata/rc-tfc/dump/rocketchat");
    let bson = std::fs::read(dump.join("rocketchat_message.bson")).expect("the rc-tfc dump");
    let meta = std::fs::read(dump.join("rocketchat_message.metadata.json")).expect("its metadata");
    let room = std::fs::read(dump.join("rocketchat_room.bson")).expect("another collection");
    let bundled = [
        b"--- rocketchat/rocketchat_room.bson\n".as_slice(),
        &room,
        b"\n--- rocketchat/rocketchat_message.metadata.json\n",
        &meta,
        b"\n--- rocketchat/rocketchat_message.bson\n",
        &bson,
        b"\n",
    ]
    .concat();
    let zipped_entry = [
        b"--- rocketchat/rocketchat_message.bson.gz\n".as_slice(),
        &bson,
        b"\n",
    ]
    .concat();
    let tar = targets::tar_of(&[(
        "dump/rocketchat/rocketchat_message.bson".into(),
        bson.clone(),
    )]);
    let archive = targets::archive_of(&bson);
    let cases: [(&str, &[u8]); 10] = [
        ("mongodump-bson", &bson),
        ("mongodump-bson-gz", &bson),
        ("mongodump-bson-gz", &targets::gzip_unless_gzipped(&bson)),
        ("mongodump-folder", &bundled),
        ("mongodump-folder", &zipped_entry),
        ("mongodump-tar", &bundled),
        ("mongodump-tar", &tar),
        ("mongodump-tar-gz", &zipped_entry),
        ("mongodump-archive", &archive),
        ("mongodump-archive-gz", &archive),
    ];
    let all = targets::targets();
    let scratch = super::temp();
    for (name, input) in cases {
        let target = all.iter().find(|t| t.name == name).expect("a target");
        assert_eq!(
            target.run(input, scratch.path()),
            "39 messages, 0 malformed",
            "{name}"
        );
    }
    // The gzip'ed JSON target: the same messages as a mongoexport writes them.
    let json = std::fs::read(root.join("../shared/realdata/rc-tfc/rocketchat_message.json"))
        .expect("the rc-tfc mongoexport");
    let target = all.iter().find(|t| t.name == "json-gz").expect("json-gz");
    assert_eq!(
        target.run(&json, scratch.path()),
        "39 messages, 0 malformed"
    );
}

/// The range options the `spread` target checks: what parses keeps its bounds
/// in order and prints back as itself; what does not is an error, for both.
#[test]
fn the_spread_target_reads_the_three_forms_and_refuses_the_rest() {
    let all = targets::targets();
    let target = all.iter().find(|t| t.name == "spread").expect("spread");
    let scratch = super::temp();
    let run = |input: &str| target.run(input.as_bytes(), scratch.path());
    assert_eq!(run("60"), "exact exact ");
    assert_eq!(run("40..80"), "uniform uniform ");
    assert_eq!(run("30..60..120"), "triangular triangular ");
    // Over 744 hours a month: a rate, not hours.
    assert_eq!(run("1000"), "exact error ");
    assert_eq!(run("80..40"), "error error ");
    assert_eq!(run("1..2..3..4"), "error error ");
}

/// Each target of `fuzz/targets.rs` is a cargo-fuzz binary: a file
/// `fuzz/fuzz_targets/NAME.rs` that prepares NAME, and a `[[bin]]` of that name
/// and path in `fuzz/Cargo.toml`, which requires the `usage` feature exactly
/// when the target is one of `usage_targets()` (`fuzz/run-all.sh` builds the
/// others without it); no binary fuzzes a target that is gone.
#[cfg(feature = "usage")]
#[test]
fn every_target_is_a_cargo_fuzz_binary_and_every_binary_a_target() {
    let fuzz = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut names: Vec<&str> = targets::targets().iter().map(|t| t.name).collect();
    names.sort();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(fuzz.join("fuzz_targets")).expect("fuzz/fuzz_targets") {
        let path = entry.expect("an entry").path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let code = std::fs::read_to_string(&path).expect("a fuzz target");
        assert!(
            code.contains(&format!("rccost_fuzz::prepare(\"{name}\")")),
            "{} fuzzes another target than its name says",
            path.display()
        );
        files.push(name);
    }
    files.sort();
    assert_eq!(files, names, "fuzz/fuzz_targets/ against fuzz/targets.rs");
    let manifest: toml::Table = std::fs::read_to_string(fuzz.join("Cargo.toml"))
        .expect("fuzz/Cargo.toml")
        .parse()
        .expect("fuzz/Cargo.toml is TOML");
    let usage: Vec<&str> = targets::usage_targets().iter().map(|t| t.name).collect();
    let mut bins: Vec<(String, String, bool)> = manifest["bin"]
        .as_array()
        .expect("[[bin]]")
        .iter()
        .map(|b| {
            let required = match b.get("required-features") {
                None => false,
                Some(features) => {
                    assert_eq!(features.as_array().unwrap().len(), 1, "{b}");
                    assert_eq!(features[0].as_str(), Some("usage"), "{b}");
                    true
                }
            };
            let name = b["name"].as_str().unwrap();
            (name.into(), b["path"].as_str().unwrap().into(), required)
        })
        .collect();
    bins.sort();
    let wanted: Vec<(String, String, bool)> = names
        .iter()
        .map(|n| {
            (
                n.to_string(),
                format!("fuzz_targets/{n}.rs"),
                usage.contains(n),
            )
        })
        .collect();
    assert_eq!(bins, wanted, "fuzz/Cargo.toml's [[bin]]s");
    assert_eq!(
        (usage.len(), names.len()),
        (22, 34),
        "the usage targets among all"
    );
}

/// The dictionary handed to libFuzzer (`-dict=`): every token a quoted line, in
/// the escapes libFuzzer's parser reads (`\\`, `\"`, `\xNN`), binary tokens too.
#[cfg(feature = "usage")]
#[test]
fn a_target_s_dictionary_is_its_tokens_in_libfuzzer_s_format() {
    let all = targets::targets();
    let bson = all
        .iter()
        .find(|t| t.name == "mongodump-archive")
        .expect("a target");
    let dict = String::from_utf8(bson.dictionary()).expect("ASCII");
    let lines: Vec<&str> = dict.lines().collect();
    assert_eq!(lines.len(), bson.tokens.len() + bson.binary.len());
    assert_eq!(lines[0], r#""_id""#);
    assert!(lines.contains(&r#""\x0A--- rocketchat/rocketchat_message.bson\x0A""#));
    // The archive's magic number 0x8199e26d, little-endian.
    assert!(lines.contains(&r#""m\xE2\x99\x81""#));
    assert!(lines.contains(&r#""\x08EOF\x00\x01""#));
    let json = all.iter().find(|t| t.name == "scanner").expect("a target");
    let dict = String::from_utf8(json.dictionary()).expect("ASCII");
    assert!(dict.lines().any(|l| l == r#""\"""#), "a quote");
    assert!(dict.lines().any(|l| l == r#""\\u0000""#), "a backslash");
    assert!(
        dict.lines().any(|l| l == r#""\xEF\xBB\xBF""#),
        "a BOM, as UTF-8 bytes"
    );
}
