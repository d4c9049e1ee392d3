//! One module per subcommand; each loads, computes and hands the result to a
//! view. No arithmetic lives here.

mod args;
mod breakeven;
mod catalog;
mod completions;
mod diff;
pub mod explore;
mod export;
mod init;
mod plot;
mod report;
mod table;
#[cfg(feature = "usage")]
mod usage;
mod validate;
mod words;

use std::path::PathBuf;

use crate::cli::{Cli, Command, ModelArgs, QuietArgs};
use crate::engine::compare::Comparison;
use crate::error::{Error, Result};
use crate::export::{Data, Exporter};
use crate::pricing::{Source, load};
use crate::units::range::UserRange;

pub use args::parse;

pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Plot(args) => plot::run(&args),
        Command::Table(args) => table::run(&args),
        Command::Breakeven(args) => breakeven::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Explore(args) => explore::run(&args),
        Command::Catalog(args) => catalog::run(&args),
        Command::Validate(args) => validate::run(&args),
        #[cfg(feature = "usage")]
        Command::Usage(args) => usage::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Diff(args) => diff::run(&args),
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
        ..crate::chart::charts::focus::View::new(log_y, log_x, c.span())
    })
}

/// Loads the models the arguments name and compares them over `--users`.
fn compare(args: &ModelArgs) -> Result<Comparison> {
    compare_in(args, None)
}

/// [`compare`] with the `--pricing` files' texts given (the explorer's page
/// carries them) instead of read from disk.
fn compare_in(args: &ModelArgs, texts: Option<&[(String, String)]>) -> Result<Comparison> {
    Ok(exact_in(args, texts)?.sampled(&args.uncertainty.sampling()))
}

/// [`compare`] without the draws of the ranges: every figure exact (the
/// explorer shows this at once, then the sampled one).
/// The `--pricing` files' texts may be given, as for [`compare_in`].
fn exact_in(args: &ModelArgs, texts: Option<&[(String, String)]>) -> Result<Comparison> {
    given_rates(&args.currency)?;
    let source = Source::from(&args.pricing);
    let mut loaded = match texts {
        Some(texts) => load::texts_loaded(args.pricing.scenario.as_deref(), texts.to_vec())?,
        None => source.loaded()?,
    };
    let source = source.naming_files(&loaded.models);
    let assumptions = args.assumptions();
    let exchange_rates = in_currency(&mut loaded, &args.currency, assumptions.as_of)?;
    for (flag, ids) in [("--models", &args.models), ("--exclude", &args.exclude)] {
        if let Some(message) = crate::text::hint::unknown_id(&loaded.models, &source, flag, ids) {
            return Err(crate::error::Error::Input(message));
        }
    }
    let yours = |q: &crate::engine::quote::Quote| {
        format!("your quote (--quote {}={})", q.id, q.per_user_month)
    };
    let models = crate::engine::quote::apply(loaded.models, &args.quote, &yours)
        .map_err(|e| Error::Input(e.to_string()))?;
    let (models, offers) = match args.offer {
        Some(kind) => {
            let (models, applied) = crate::pricing::offer::apply(models, kind.into());
            (models, Some((kind.into(), applied)))
        }
        None => (models, None),
    };
    let selection = load::select(models, &args.models, &args.exclude, args.include_limited)?;
    Ok(Comparison::new(
        source,
        selection.models,
        selection.limited,
        args.users,
        assumptions,
    )
    .replacing(loaded.replaced)
    .with_offers(offers)
    .at_rates(exchange_rates))
}

/// Refuses `--rate` without `--currency`, before anything is read.
fn given_rates(currency: &crate::cli::CurrencyArgs) -> Result<()> {
    match (&currency.currency, currency.rate.first()) {
        (None, Some(rate)) => Err(Error::Input(format!(
            "--rate {}={}: a rate converts amounts for --currency; add --currency {}",
            rate.pair(),
            rate.rate,
            rate.base
        ))),
        _ => Ok(()),
    }
}

/// With `--currency`, every loaded model in that currency at the rates in
/// force on `on` (`--rate` first, then the files' `[[rate]]`s), and the
/// rates their amounts now rest on; without it, nothing changes and no rate
/// is said.
fn in_currency(
    loaded: &mut load::Loaded,
    currency: &crate::cli::CurrencyArgs,
    on: crate::units::date::Date,
) -> Result<Vec<crate::pricing::rates::Rate>> {
    let Some(to) = &currency.currency else {
        return Ok(Vec::new());
    };
    let rates = crate::pricing::rates::Rates {
        given: currency.rate.clone(),
        dated: std::mem::take(&mut loaded.rates),
    };
    let models = std::mem::take(&mut loaded.models);
    let converted = crate::pricing::rates::convert(models, to, &rates, on)
        .map_err(|e| Error::Input(words::missing_rate(&e)))?;
    loaded.models = converted.models;
    Ok(converted.rates)
}

/// The exporter of `data` in `format` (the CLI lets through only formats
/// the command writes; a library caller may ask for others).
fn exporter(data: Data, format: crate::cli::Format) -> Result<Box<dyn Exporter>> {
    let format = crate::export::Format::from(format);
    crate::export::exporter(data, format).map_err(|e| {
        let names: Vec<&str> = e.supported.iter().map(|f| f.extension()).collect();
        Error::Input(format!(
            "--format {}: this command writes {}",
            e.format.extension(),
            names.join(" or ")
        ))
    })
}

/// Refuses a `--users` range with more sizes than `what` lists one by one,
/// before anything is loaded.
fn listable(users: &UserRange, what: &str) -> Result<()> {
    crate::export::listable(users).map_err(|e| {
        Error::Input(format!(
            "--users {} lists {} team sizes, more than the {} {what} can hold; \
             add a step, e.g. --users {}..{}:{}",
            e.range, e.sizes, e.max, e.range.from, e.range.to, e.step
        ))
    })
}

/// The picture formats among `formats`, each once and in order.
fn images(formats: &[crate::cli::Format]) -> Vec<crate::chart::render::Format> {
    use crate::chart::render::Format as Image;
    use crate::export::Format;
    let mut images = Vec::new();
    for &f in formats {
        let image = match Format::from(f) {
            Format::Png => Image::Png,
            Format::Svg => Image::Svg,
            Format::Text | Format::Csv | Format::Json | Format::Markdown | Format::Html => continue,
        };
        if !images.contains(&image) {
            images.push(image);
        }
    }
    images
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
