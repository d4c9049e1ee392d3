//! The glue between libFuzzer (through `libfuzzer-sys`, driven by `cargo fuzz`)
//! and rccost's fuzz targets (`fuzz/targets.rs`, shared with the regression
//! test `tests/cli/fuzz.rs`). Each binary in `fuzz_targets/` is one line:
//!
//! ```ignore
//! libfuzzer_sys::fuzz_target!(init: rccost_fuzz::prepare("users"), |input: &[u8]| -> Corpus { rccost_fuzz::run(input) });
//! ```
//!
//! [`prepare`] runs once, before libFuzzer reads its corpus and flags: it writes
//! the target's seeds into the corpus folder and its tokens into a dictionary
//! file, so both come from `targets.rs` and nowhere else.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::Corpus;

#[path = "../targets.rs"]
pub mod targets;

use targets::Target;

/// The target this binary fuzzes and its scratch folder (files the usage and
/// pricing targets write their input to).
static CURRENT: OnceLock<(Target, PathBuf)> = OnceLock::new();

/// The repository's root (seeds are named relative to it).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Where a file about target `name` is written: `fuzz/corpus/NAME.EXTENSION`,
/// beside cargo-fuzz's corpus folder `fuzz/corpus/NAME/`.
///
/// `NAME.dict` is its dictionary: pass it as `-dict=fuzz/corpus/NAME.dict`; it
/// is written before libFuzzer reads its flags, so it exists on the first run
/// too. `NAME.max_len` holds its longest input, for `-max_len=`: without it
/// libFuzzer takes the longest seed (at least 4,096 bytes), which is shorter
/// than the target takes for some and longer for others (those are turned away
/// unrun, yet counted as executions). `fuzz/run-all.sh` passes both.
pub fn target_file(name: &str, extension: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(format!("{name}.{extension}"))
}

/// Sets up target `name` (called by libFuzzer once, before it reads its flags
/// and corpus): writes its dictionary and longest input ([`target_file`]), its seeds into the corpus folder given
/// on the command line (none when the arguments are files to run once), and
/// makes a scratch folder under `$TMPDIR`.
pub fn prepare(name: &str) {
    let target = targets::targets()
        .into_iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("{name}: no such target in fuzz/targets.rs"));
    let dict = target_file(name, "dict");
    std::fs::create_dir_all(dict.parent().expect("fuzz/corpus"))
        .and_then(|()| std::fs::write(&dict, target.dictionary()))
        .unwrap_or_else(|e| panic!("{}: {e}", dict.display()));
    let max_len = target_file(name, "max_len");
    std::fs::write(&max_len, format!("{}\n", target.max_len))
        .unwrap_or_else(|e| panic!("{}: {e}", max_len.display()));
    if let Some(corpus) = corpus_folder(std::env::args_os().skip(1)) {
        write_seeds(&target, &corpus);
    }
    let scratch = std::env::temp_dir().join(format!("rccost-fuzz-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("a scratch folder");
    let _ = CURRENT.set((target, scratch));
}

/// Runs one input through the target [`prepare`] set up; a panic is a finding.
pub fn run(input: &[u8]) -> Corpus {
    let (target, scratch) = CURRENT.get().expect("prepare() ran first");
    if input.len() > target.max_len {
        return Corpus::Reject;
    }
    target.run(input, scratch);
    Corpus::Keep
}

/// The folder libFuzzer adds new inputs to: the first of its arguments that is
/// not a flag, when all of those are folders (when one is a file, libFuzzer
/// runs the files once and fuzzes nothing).
fn corpus_folder(args: impl Iterator<Item = std::ffi::OsString>) -> Option<PathBuf> {
    let inputs: Vec<PathBuf> = args
        .filter(|a| !a.as_encoded_bytes().starts_with(b"-"))
        .map(PathBuf::from)
        .collect();
    let first = inputs.first()?;
    inputs.iter().all(|p| p.is_dir()).then(|| first.clone())
}

/// The seeds as `seed-NNN` files in `corpus` (rewritten on every start, so a
/// changed seed is picked up; libFuzzer names the inputs it adds by their hash).
fn write_seeds(target: &Target, corpus: &Path) {
    for (i, seed) in targets::seeds(target, &root()).iter().enumerate() {
        let path = corpus.join(format!("seed-{i:03}"));
        std::fs::write(&path, seed).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}
