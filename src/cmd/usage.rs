use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::chart::charts::usage as charts;
use crate::chart::line::LineChart;
use crate::chart::render::{self, Format, Size};
use crate::cli::{Format as CliFormat, UsageArgs};
use crate::error::{Error, Result};
use crate::export::usage_csv;
use crate::output;
use crate::pricing::Source;
use crate::pricing::load::{self, Selection};
use crate::text::usage as text;
use crate::units::date::Date;
use crate::usage::aggregate::{Aggregator, By, Collected, Settings, Usage};
use crate::usage::cost::{self, CostPerMessage};
use crate::usage::read::{self, Malformed, Options, ReadError};

/// Every argument (dates, the output folder, the plans, the inputs' paths) is
/// checked before the first input is read: a typo costs nothing, however big
/// the input.
pub fn run(args: &UsageArgs) -> Result<()> {
    let settings = settings(args)?;
    let (csv, images) = (
        args.format.contains(&CliFormat::Csv),
        super::images(&args.format),
    );
    let first = match images.first() {
        Some(image) if !csv => format!("messages-over-time.{}", image.extension()),
        _ => "usage.csv".to_string(),
    };
    output::check(&args.out.join(first))?;
    let plans = plans(args)?;
    if let Some(missing) = args.inputs.iter().find(|input| !input.exists()) {
        let missing = format!("{}: no such file or folder", missing.display());
        return Err(Error::Input(missing));
    }
    if let Some(stream) = args.inputs.iter().find(|input| is_a_stream(input)) {
        return Err(Error::Input(text::not_a_file(stream)));
    }
    let read = read_inputs(args, settings)?;
    let usage = read
        .collected
        .usage(By::from(args.by))
        .map_err(polars_error)?;
    if usage.rows.is_empty() {
        return Err(Error::Input(text::nothing_to_count(&usage)));
    }
    let cost = plans
        .map(|plans| cost_per_message(args, plans, &read, &usage))
        .transpose()?;
    let source = source_names(&args.inputs);
    let mut files = Vec::new();
    if csv {
        files.push((args.out.join("usage.csv"), usage_csv::usage(&usage)));
        if let Some(cost) = &cost {
            let path = args.out.join("cost-per-message.csv");
            files.push((path, usage_csv::cost_per_message(cost)));
        }
    }
    let mut chart_list = vec![
        charts::messages_over_time(&usage, By::from(args.by), &source),
        charts::active_users(&usage, By::from(args.by), &source),
    ];
    chart_list.extend(cost.iter().map(|c| charts::cost_per_message(c, &source)));
    files.extend(render_charts(&chart_list, &images, args.size, &args.out)?);
    output::write_files(&files)?;

    if args.quiet {
        return Ok(());
    }
    let summary = text::summary(&usage, By::from(args.by), &read.malformed);
    // The cost's own file: its CSV, or its chart without one.
    let cost_file = files.iter().map(|(path, _)| path).find(|path| {
        path.file_stem()
            .is_some_and(|stem| stem == "cost-per-message")
    });
    let cost_summary = match (&cost, cost_file) {
        (Some(cost), Some(file)) => text::cost_summary(cost, file),
        _ => String::new(),
    };
    let report = text::wrote(&files) + &summary + &cost_summary;
    output::stdout(report.as_bytes())
}

/// Whether `path` is a pipe, a socket or a device rather than a file or a
/// folder: its format is told from its first bytes before it is read from the
/// start, and a stream read twice loses what the first look took (the first
/// 8 KB of `rccost usage <(zcat export.json.gz)`, silently).
fn is_a_stream(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        std::fs::metadata(path).is_ok_and(|m| {
            let kind = m.file_type();
            kind.is_fifo() || kind.is_socket() || kind.is_char_device() || kind.is_block_device()
        })
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// What reading every input gave.
struct Read {
    collected: Collected,
    malformed: Vec<Malformed>,
    /// Members counted in a Slack `users.json` (the last input that had one).
    members: Option<usize>,
}

fn polars_error(e: polars::prelude::PolarsError) -> Error {
    Error::Output(format!("counting messages failed: {e}"))
}

/// How to bucket and filter messages, from the command line.
fn settings(args: &UsageArgs) -> Result<Settings> {
    let day = |d: Date| d.days() as i32;
    let settings = Settings {
        by: By::from(args.by),
        from: args.from.map(day),
        to: args.to.map(day),
        tz: args.tz,
    };
    if let (Some(f), Some(t)) = (settings.from, settings.to)
        && f > t
    {
        return Err(Error::Input("--from is after --to".into()));
    }
    Ok(settings)
}

/// Reads the inputs in order into one aggregator, showing progress by bytes.
/// An aggregation error waits until every input is read (a bad input is
/// reported first).
fn read_inputs(args: &UsageArgs, settings: Settings) -> Result<Read> {
    let options = options(args);
    let total_bytes = input_bytes(&args.inputs);
    let bar = progress_bar(args.quiet, total_bytes);
    let mut aggregator = Aggregator::new(settings);
    if args.inputs.len() > 1 {
        // A chat message takes a couple of hundred bytes in an export.
        aggregator.expect_messages((total_bytes / 256) as usize);
    }
    let (mut malformed, mut members, mut failed) = (Vec::new(), None, None);
    for (n, input) in args.inputs.iter().enumerate() {
        aggregator.start_input(n + 1 == args.inputs.len());
        let (bad_before, mut messages) = (malformed.len(), 0);
        let mut sink = |batch: read::Batch| {
            bar.inc(batch.bytes);
            messages += batch.messages.len();
            if failed.is_none()
                && let Err(e) = aggregator.add(batch)
            {
                failed = Some(e);
            }
        };
        let found = read::read(input, &options, &mut malformed, &mut sink).map_err(read_error)?;
        if messages == 0 && malformed.len() > bad_before {
            bar.finish_and_clear();
            let every = text::all_malformed(input, &malformed[bad_before..]);
            return Err(Error::Input(every));
        }
        members = found.or(members);
    }
    bar.finish_and_clear();
    if let Some(e) = failed {
        return Err(polars_error(e));
    }
    let collected = aggregator.finish().map_err(polars_error)?;
    Ok(Read {
        collected,
        malformed,
        members,
    })
}

/// How to read each input, from the command line.
fn options(args: &UsageArgs) -> Options {
    Options {
        format: args.input_format.map(Into::into),
        time_column: args.time_column.clone(),
        user_column: args.user_column.clone(),
        channel_column: args.channel_column.clone(),
        time_format: args.time_format.clone(),
        strict: args.strict,
        keys: args.inputs.len() > 1,
    }
}

fn read_error(e: ReadError) -> Error {
    Error::Input(e.to_string())
}

/// The size of the inputs that are files (a folder counts as nothing).
fn input_bytes(inputs: &[PathBuf]) -> u64 {
    inputs
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// A bar on a terminal's stderr unless `quiet`; hidden otherwise.
fn progress_bar(quiet: bool, total_bytes: u64) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total_bytes);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} reading {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)",
        )
        .expect("a valid template"),
    );
    bar
}

/// The inputs' file names, for the charts' subtitles.
fn source_names(inputs: &[PathBuf]) -> String {
    inputs
        .iter()
        .map(|p| {
            p.file_name().map_or(p.display().to_string(), |n| {
                n.to_string_lossy().into_owned()
            })
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The plans that price messages, with `--scenario` or `--pricing`; loaded
/// (and so checked) before any input is read.
fn plans(args: &UsageArgs) -> Result<Option<Plans>> {
    super::given_rates(&args.currency)?;
    if !args.pricing.given() {
        return Ok(None);
    }
    let source = Source::from(&args.pricing);
    let mut loaded = source.loaded()?;
    // Each month is priced at its own prices, all at today's rates.
    let rates = super::in_currency(&mut loaded, &args.currency, Date::today())?;
    let selection = load::select(loaded.models, &[], &[], false)?;
    Ok(Some((source, selection, rates)))
}

/// Where the plans come from, the plans, and the rates they were converted at.
type Plans = (Source, Selection, Vec<crate::pricing::rates::Rate>);

/// Prices the months (grouped by month whatever `--by`) with the plans.
fn cost_per_message(
    args: &UsageArgs,
    (source, selection, rates): Plans,
    read: &Read,
    usage: &Usage,
) -> Result<CostPerMessage> {
    let monthly = if By::from(args.by) == By::Month {
        usage.clone()
    } else {
        read.collected.usage(By::Month).map_err(polars_error)?
    };
    let on = |date: Date| args.costs.on(date);
    Ok(CostPerMessage {
        exchange_rates: rates,
        ..cost::cost_per_message(source, &selection.models, &monthly, read.members, &on)
    })
}

fn render_charts(
    charts: &[LineChart],
    formats: &[Format],
    size: Size,
    out: &Path,
) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    render::render_all(charts, formats, size, out).map_err(Error::Output)
}
