//! Compiles the bundled pricing files (`pricing/<scenario>/*.toml`) into the
//! binary, so an installed rccost works from any folder.

use std::fs;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=pricing");
    // Read when the script runs, not when it was compiled: a target folder
    // copied from another checkout must not bundle that checkout's files.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("pricing");
    let mut entries = Vec::new();
    let mut scenarios: Vec<_> = fs::read_dir(&root)
        .expect("pricing/ exists")
        .map(|e| e.expect("pricing/ is readable").path())
        .filter(|p| p.is_dir())
        .collect();
    scenarios.sort();
    for dir in scenarios {
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = fs::read_dir(&dir)
            .expect("scenario folder is readable")
            .map(|e| e.expect("scenario folder is readable").path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        for file in files {
            println!("cargo:rerun-if-changed={}", file.display());
            let scenario = dir.file_name().unwrap().to_string_lossy().into_owned();
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            entries.push(format!(
                "    BundledFile {{ scenario: {scenario:?}, name: {name:?}, text: include_str!({:?}) }},\n",
                file.display().to_string()
            ));
        }
    }
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("bundled.rs");
    let code = format!(
        "pub static FILES: &[BundledFile] = &[\n{}];\n",
        entries.concat()
    );
    fs::write(out, code).expect("OUT_DIR is writable");
}
