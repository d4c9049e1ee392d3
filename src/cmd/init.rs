use std::path::PathBuf;

use crate::cli::InitArgs;
use crate::error::{Error, Result};
use crate::output;
use crate::pricing::bundled;
use crate::text::init as text;

/// The scenario's files and a README.md, all checked before any is written.
pub fn run(args: &InitArgs) -> Result<()> {
    let bundled: Vec<_> = bundled::FILES
        .iter()
        .filter(|f| f.scenario == args.scenario)
        .collect();
    if bundled.is_empty() {
        let known = bundled::scenarios();
        return Err(Error::Input(text::no_scenario(&args.scenario, &known)));
    }
    let names: Vec<&str> = bundled.iter().map(|f| f.name).collect();
    let mut files: Vec<(PathBuf, Vec<u8>)> = bundled
        .iter()
        .map(|f| (args.dir.join(f.name), f.text.as_bytes().to_vec()))
        .collect();
    let readme = text::readme(&args.dir, &args.scenario, &names);
    files.push((args.dir.join("README.md"), readme.into_bytes()));
    let existing = output::existing(&files);
    if !args.force && !existing.is_empty() {
        return Err(Error::Input(text::refused(&existing)));
    }
    output::write_files(&files)?;
    if args.quiet.quiet {
        return Ok(());
    }
    let report = super::wrote(&files) + &text::next_steps(&args.dir);
    output::stdout(report.as_bytes())
}
