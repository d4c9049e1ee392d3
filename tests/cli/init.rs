//! `rccost init`: the bundled files written out untouched, usable as `--pricing`.

use std::fs;

use crate::{rccost, stdout, temp};

#[test]
fn init_writes_the_bundled_files_untouched_and_they_give_the_same_costs() {
    let dir = temp();
    let text = stdout(rccost(dir.path()).args(["init", "mine", "--scenario", "current"]));
    assert!(text.contains("Wrote mine/slack-pro.toml"), "{text}");
    assert!(text.contains("Wrote mine/README.md"), "{text}");
    let bundled = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pricing/current");
    for entry in fs::read_dir(&bundled).unwrap() {
        let path = entry.unwrap().path();
        let written = dir.path().join("mine").join(path.file_name().unwrap());
        assert_eq!(
            fs::read(&written).unwrap(),
            fs::read(&path).unwrap(),
            "{written:?}"
        );
    }
    let readme = fs::read_to_string(dir.path().join("mine/README.md")).unwrap();
    assert!(readme.contains("rccost validate mine"), "{readme}");
    assert!(readme.contains("rccost plot --pricing mine"), "{readme}");

    let ok = stdout(rccost(dir.path()).args(["validate", "mine"]));
    assert!(ok.starts_with("OK:"), "{ok}");
    let table = |args: &[&str]| {
        let mut all = vec!["table", "--users", "1..50", "--format", "json"];
        all.extend_from_slice(args);
        stdout(rccost(dir.path()).args(all))
    };
    assert_eq!(
        table(&["--pricing", "mine"]),
        table(&["--scenario", "current"])
    );
    let plot = stdout(rccost(dir.path()).args(["plot", "--pricing", "mine", "--format", "svg"]));
    assert!(plot.contains("Wrote output/cost-per-month.svg"), "{plot}");
}

#[test]
fn init_refuses_to_overwrite_and_writes_nothing() {
    let dir = temp();
    let mine = dir.path().join("mine");
    fs::create_dir(&mine).unwrap();
    fs::write(mine.join("slack-standard.toml"), "my own edits").unwrap();
    let out = rccost(dir.path()).args(["init", "mine"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("mine/slack-standard.toml"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert!(
        !err.contains("hipchat-plus"),
        "only existing files are named: {err}"
    );
    // Nothing written, the user's file as it was.
    assert_eq!(fs::read_dir(&mine).unwrap().count(), 1);
    assert_eq!(
        fs::read_to_string(mine.join("slack-standard.toml")).unwrap(),
        "my own edits"
    );

    stdout(rccost(dir.path()).args(["init", "mine", "--force"]));
    let bundled = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("pricing/blog-2016/slack-standard.toml");
    assert_eq!(
        fs::read(mine.join("slack-standard.toml")).unwrap(),
        fs::read(bundled).unwrap()
    );
    assert_eq!(fs::read_dir(&mine).unwrap().count(), 5);
}

#[test]
fn init_quiet_prints_nothing_and_an_unknown_scenario_is_named() {
    let dir = temp();
    let text = stdout(rccost(dir.path()).args(["init", "q", "-q"]));
    assert_eq!(text, "");
    assert!(dir.path().join("q/README.md").is_file());
    let out = rccost(dir.path())
        .args(["init", "x", "--scenario", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("blog-2016, current"), "{err}");
    assert!(!dir.path().join("x").exists());
}
