//! `rccost completions SHELL` and `rccost man`.

use crate::{rccost, stdout, temp};

/// Every subcommand, as `rccost --help` lists them.
const SUBCOMMANDS: &[&str] = &[
    "plot",
    "table",
    "breakeven",
    "export",
    "report",
    "catalog",
    "validate",
    "init",
    "completions",
    "man",
];

#[test]
fn every_shell_gets_a_script() {
    let dir = temp();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(rccost(dir.path()).args(["completions", shell]));
        assert!(script.len() > 500, "{shell}: {script}");
        assert!(script.contains("rccost"), "{shell}: {script}");
        assert!(script.contains("breakeven"), "{shell}: {script}");
    }
}

#[test]
fn the_man_page_names_every_subcommand() {
    let dir = temp();
    let page = stdout(rccost(dir.path()).arg("man"));
    assert!(
        page.starts_with(".ie") || page.contains(".TH rccost"),
        "{page}"
    );
    let mut names: Vec<&str> = SUBCOMMANDS.to_vec();
    if cfg!(feature = "usage") {
        names.push("usage");
    }
    for name in names {
        assert!(
            page.contains(&format!("rccost\\-{name}")),
            "{name} missing:\n{page}"
        );
    }
}
