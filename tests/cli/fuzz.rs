//! Every input the fuzzer ever broke a parser with, run again through the same
//! target code (`examples/fuzz/targets.rs`): one file per finding under
//! `tests/fixtures/fuzz-regressions/<target>/`. The fuzzer itself (`bench/fuzz.sh`)
//! is too long for a test run; its findings are not.

#[path = "../../examples/fuzz/targets.rs"]
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
