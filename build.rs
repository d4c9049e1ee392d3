//! Compiles the bundled pricing files (`pricing/<scenario>/*.toml`) into the
//! binary, so an installed rccost works from any folder; and builds the engine
//! of `rccost explore`'s page (crates/rccost-web, this crate for
//! wasm32-unknown-unknown) for the binary to carry.

use std::fs;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=pricing");
    // Read at run time, not with env!(): a build script compiled in one checkout and reused
    // from a copied target/ folder would otherwise bundle the first checkout's prices.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest_dir).join("pricing");
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
    explore_engine(Path::new(&manifest_dir));
    link_at_a_fixed_address();
}

/// The `rccost` binary linked at a fixed address (not position-independent) on
/// Linux. A position-independent binary of this size (polars included) has
/// 54,573 pointers that the dynamic loader rewrites at every start, copying
/// 1.2 MB of read-only data page by page before `main`: `rccost --version`
/// took 2.0 ms, 1.3 ms linked here, and `plot --users 1..30` 17.4 ms, 15.7 ms
/// (docs/benchmarks.md). The libraries are still loaded anywhere; only the
/// program's own image keeps one address.
fn link_at_a_fixed_address() {
    let var = |name| std::env::var(name).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

/// `OUT_DIR/rccost_web.wasm.gz`: this crate compiled to WebAssembly for the page
/// `rccost explore` writes, built by a second cargo into its own folder beside
/// this build's (so the two never wait on one lock) with the `wasm` profile.
/// Empty, with a warning, where the target is not installed and rustup cannot
/// add it: everything but `explore` works, and `explore` says what to run.
fn explore_engine(root: &Path) {
    const TARGET: &str = "wasm32-unknown-unknown";
    for watched in ["src", "crates/rccost-web", "Cargo.toml", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={watched}");
    }
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let wasm = out_dir.join("rccost_web.wasm.gz");
    // The build of the library for the page itself needs no page.
    if std::env::var("TARGET").is_ok_and(|t| t.starts_with("wasm32")) {
        fs::write(&wasm, b"").expect("OUT_DIR is writable");
        return;
    }
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let sysroot = std::process::Command::new(&rustc)
        .args(["--print", "sysroot"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let installed = || {
        Path::new(&sysroot)
            .join("lib/rustlib")
            .join(TARGET)
            .exists()
    };
    // The README's commands do all the set-up: under rustup, a missing target is
    // added to the toolchain building this (rustup's own auto-install may be off).
    // RCCOST_NO_TARGET_ADD=1 forbids it (a packager's offline build).
    println!("cargo:rerun-if-env-changed=RCCOST_NO_TARGET_ADD");
    if !installed()
        && std::env::var_os("RCCOST_NO_TARGET_ADD").is_none()
        && let Ok(toolchain) = std::env::var("RUSTUP_TOOLCHAIN")
    {
        let _ = std::process::Command::new("rustup")
            .args(["target", "add", TARGET, "--toolchain", &toolchain])
            .status();
    }
    if !installed() {
        println!(
            "cargo:warning=`rccost explore` needs the {TARGET} target: \
             rustup target add {TARGET}, then build again"
        );
        fs::write(&wasm, b"").expect("OUT_DIR is writable");
        return;
    }
    // OUT_DIR is <profile folder>/build/rccost-<hash>/out.
    let beside = out_dir
        .ancestors()
        .nth(3)
        .expect("OUT_DIR is in the target folder");
    let target_dir = beside.join("explore-wasm");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = std::process::Command::new(cargo);
    build
        .args([
            "build",
            "--quiet",
            "--package",
            "rccost-web",
            "--profile",
            "wasm",
        ])
        .args(["--target", TARGET, "--manifest-path"])
        .arg(root.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target_dir)
        .env("RUSTC", &rustc);
    // This build's flags and wrappers (clippy's, a host CPU's) are not the page's.
    for host_only in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_BUILD_TARGET",
        "CARGO_TARGET_DIR",
    ] {
        build.env_remove(host_only);
    }
    let status = build.status().expect("cargo runs");
    assert!(
        status.success(),
        "building crates/rccost-web for {TARGET} failed"
    );
    let built = target_dir.join(TARGET).join("wasm/rccost_web.wasm");
    let bytes = fs::read(&built).expect("the WebAssembly engine was built");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut gz, &lean(&bytes)).expect("gzip into memory");
    fs::write(&wasm, gz.finish().expect("gzip into memory")).expect("OUT_DIR is writable");
}

/// The module without what only wasm-bindgen's tool reads (plotters links
/// wasm-bindgen on this target; the page does without it): its custom sections
/// and its `__wbindgen` exports. Every other section is kept byte for byte.
fn lean(wasm: &[u8]) -> Vec<u8> {
    fn leb(b: &[u8], i: &mut usize) -> usize {
        let (mut value, mut shift) = (0usize, 0);
        loop {
            let byte = b[*i];
            *i += 1;
            value |= usize::from(byte & 0x7f) << shift;
            shift += 7;
            if byte < 0x80 {
                return value;
            }
        }
    }
    fn put_leb(out: &mut Vec<u8>, mut n: usize) {
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                out.push(byte);
                return;
            }
            out.push(byte | 0x80);
        }
    }
    let mut out = wasm[..8].to_vec();
    let mut i = 8;
    while i < wasm.len() {
        let id = wasm[i];
        i += 1;
        let size = leb(wasm, &mut i);
        let body = &wasm[i..i + size];
        i += size;
        let body = match id {
            0 => continue,
            7 => {
                let mut j = 0;
                let count = leb(body, &mut j);
                let mut kept = Vec::new();
                let mut n = 0;
                for _ in 0..count {
                    let start = j;
                    let len = leb(body, &mut j);
                    let name = &body[j..j + len];
                    j += len + 1;
                    leb(body, &mut j);
                    if !name.starts_with(b"__wbindgen") {
                        kept.extend_from_slice(&body[start..j]);
                        n += 1;
                    }
                }
                let mut section = Vec::new();
                put_leb(&mut section, n);
                section.extend(kept);
                section
            }
            _ => body.to_vec(),
        };
        out.push(id);
        put_leb(&mut out, body.len());
        out.extend(body);
    }
    out
}
