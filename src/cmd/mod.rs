//! One module per subcommand; each loads, computes and hands the result to a
//! view. No arithmetic lives here.

mod breakeven;
mod catalog;
mod export;
mod plot;
mod report;
mod table;
#[cfg(feature = "usage")]
mod usage;
mod validate;

use std::path::PathBuf;

use crate::cli::{Cli, Command, ModelArgs};
use crate::engine::compare::Comparison;
use crate::error::Result;
use crate::pricing::{Source, load};
use crate::units::date::Date;

pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Plot(args) => plot::run(&args),
        Command::Table(args) => table::run(&args),
        Command::Breakeven(args) => breakeven::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Catalog(args) => catalog::run(&args),
        Command::Validate(args) => validate::run(&args),
        #[cfg(feature = "usage")]
        Command::Usage(args) => usage::run(&args),
    }
}

/// Loads the models the arguments name and compares them over `--users`.
fn compare(args: &ModelArgs) -> Result<Comparison> {
    let source = Source::from(&args.pricing);
    let loaded = source.loaded()?;
    let selection = load::select(
        loaded.models,
        &args.models,
        &args.exclude,
        args.include_limited,
    )?;
    let assumptions = args.costs.on(args.as_of.unwrap_or_else(Date::today));
    Ok(Comparison::new(
        source,
        selection.models,
        selection.limited,
        args.users,
        assumptions,
    )
    .replacing(loaded.replaced))
}

/// "Wrote PATH" for every file written, one a line.
fn wrote(files: &[(PathBuf, Vec<u8>)]) -> String {
    files
        .iter()
        .map(|(path, _)| format!("Wrote {}\n", path.display()))
        .collect()
}
