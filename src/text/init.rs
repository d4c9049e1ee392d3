//! The words of `rccost init`: the README.md it writes beside the pricing
//! files, what it prints, and why it refuses to overwrite.

use std::path::{Path, PathBuf};

/// The README.md written into `dir` with the files of `scenario`.
pub fn readme(dir: &Path, scenario: &str, files: &[&str]) -> String {
    let dir = dir.display();
    let list: String = files.iter().map(|f| format!("- `{f}`\n")).collect();
    format!(
        "# Pricing files from rccost's scenario `{scenario}`\n\n\
These are the bundled files of `rccost --scenario {scenario}`, unchanged:\n\n{list}\n\
Each file is one model (or a part, `part = true`, that other models `include`). Edit a price,\n\
copy a file to add your own plan (give it its own `id`), or delete the plans you do not want.\n\
Every file says where its prices come from (`sources`, `source`) and when (`as_of`); update them\n\
with your prices, so a chart can say what it is based on.\n\n\
Check the files (every problem is reported with its file, line and column):\n\n\
```sh\nrccost validate {dir}\n```\n\n\
Use them instead of a bundled scenario:\n\n\
```sh\nrccost plot --pricing {dir}\n\
rccost table --pricing {dir} --users 1..100\n\
rccost breakeven --pricing {dir} --models ID,ID\n```\n\n\
Or keep the bundled scenario and add (or replace) only your own plan: a file of yours may\n\
`include` the scenario's parts, and one with a bundled plan's `id` replaces that plan:\n\n\
```sh\nrccost plot --scenario {scenario} --pricing {dir}/my-plan.toml\n\
rccost validate --scenario {scenario} {dir}/my-plan.toml\n```\n\n\
`--pricing` takes a folder (every `*.toml` in it) or single files, and may be repeated.\n\
`rccost init --help` and `rccost plot --help` say more.\n"
    )
}

/// What `init` prints after writing, unless `--quiet`.
pub fn next_steps(dir: &Path) -> String {
    let dir = dir.display();
    format!(
        "Next: edit the files, then `rccost validate {dir}` and `rccost plot --pricing {dir}`\n"
    )
}

/// Why `init` wrote nothing: these files exist already.
pub fn refused(existing: &[PathBuf]) -> String {
    let names: Vec<String> = existing.iter().map(|p| p.display().to_string()).collect();
    let (what, verb) = if names.len() == 1 {
        ("file", "exists")
    } else {
        ("files", "exist")
    };
    format!(
        "{} {verb} already: {}; nothing was written (add --force to replace the {what})",
        if names.len() == 1 {
            "this file"
        } else {
            "these files"
        },
        names.join(", ")
    )
}

/// An unknown `--scenario` for `init`.
pub fn no_scenario(name: &str, known: &[&str]) -> String {
    format!(
        "--scenario: no bundled scenario named '{name}'; bundled scenarios: {}",
        known.join(", ")
    )
}
