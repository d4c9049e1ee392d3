//! One module per subcommand; each loads, computes and hands the result to a
//! view. No arithmetic lives here.

mod breakeven;
mod catalog;
mod completions;
mod export;
mod init;
mod plot;
mod report;
mod table;
#[cfg(feature = "usage")]
mod usage;
mod validate;

use std::path::PathBuf;

use crate::cli::{Cli, Command, ModelArgs, QuietArgs};
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
        Command::Init(args) => init::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Man => completions::man(),
    }
}

/// What the charts of `plot` and `report` highlight: the models named with
/// `--models`, or all of them with `--all-models`, over the range compared.
fn chart_view(
    c: &Comparison,
    models: &ModelArgs,
    charts: &crate::cli::ChartArgs,
    (log_y, log_x): (bool, bool),
) -> Result<crate::chart::charts::focus::View> {
    // An id to highlight must be one of the models compared (a typo would
    // silently highlight nothing).
    let unknown =
        crate::text::hint::unknown_id(&c.models, &c.source, "--highlight", &charts.highlight);
    if let Some(message) = unknown {
        return Err(crate::error::Error::Input(message));
    }
    let named = models
        .models
        .iter()
        .chain(&charts.highlight)
        .cloned()
        .collect();
    Ok(crate::chart::charts::focus::View {
        all_models: charts.all_models,
        named,
        ..crate::chart::charts::focus::View::new(log_y, log_x, (c.range.from, c.range.to))
    })
}

/// Loads the models the arguments name and compares them over `--users`.
fn compare(args: &ModelArgs) -> Result<Comparison> {
    let source = Source::from(&args.pricing);
    let loaded = source.loaded()?;
    let source = source.naming_files(&loaded.models);
    for (flag, ids) in [("--models", &args.models), ("--exclude", &args.exclude)] {
        if let Some(message) = crate::text::hint::unknown_id(&loaded.models, &source, flag, ids) {
            return Err(crate::error::Error::Input(message));
        }
    }
    let models = crate::engine::quote::apply(loaded.models, &args.quote)
        .map_err(crate::error::Error::Input)?;
    let mut selection = load::select(models, &args.models, &args.exclude, args.include_limited)?;
    if let Some(hours) = args.uncertainty.admin_hours {
        crate::pricing::ranged::with_admin_hours(&mut selection.models, hours);
    }
    let assumptions = args.costs.on(args.as_of.unwrap_or_else(Date::today));
    Ok(Comparison::new(
        source,
        selection.models,
        selection.limited,
        args.users,
        assumptions,
    )
    .replacing(loaded.replaced)
    .sampled(&args.uncertainty.sampling(&args.costs)))
}

/// What a command prints beyond its data, unless `--quiet`.
fn unless_quiet(quiet: &QuietArgs, text: &str) -> Result<()> {
    if quiet.quiet || text.is_empty() {
        return Ok(());
    }
    crate::output::stdout(text.as_bytes())
}

/// The default scenario's note, for the end of a printed summary.
fn scenario_note(c: &Comparison) -> String {
    crate::text::hint::scenario_note(&c.source).unwrap_or_default()
}

/// "Wrote PATH" for every file written, one a line.
fn wrote(files: &[(PathBuf, Vec<u8>)]) -> String {
    files
        .iter()
        .map(|(path, _)| format!("Wrote {}\n", path.display()))
        .collect()
}
