//! The pricing files shipped inside the binary (listed by `build.rs`).

/// One bundled `pricing/<scenario>/<name>` file.
pub struct BundledFile {
    pub scenario: &'static str,
    pub name: &'static str,
    pub text: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// The bundled scenario names, sorted.
pub fn scenarios() -> Vec<&'static str> {
    let mut names: Vec<&str> = FILES.iter().map(|f| f.scenario).collect();
    names.dedup();
    names
}

/// The scenario used when none is named.
pub const DEFAULT_SCENARIO: &str = "blog-2016";
