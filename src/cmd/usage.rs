use std::io::IsTerminal;
use std::path::PathBuf;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::chart::render::Format;
use crate::chart::usage as charts;
use crate::cli::UsageArgs;
use crate::engine::compare::Comparison;
use crate::engine::curve::Curve;
use crate::error::{Error, Result};
use crate::output;
use crate::pricing::Source;
use crate::pricing::load;
use crate::units::count::{group_thousands, plural};
use crate::units::date::Date;
use crate::units::money;
use crate::units::range::UserRange;
use crate::usage::aggregate::{Aggregator, By, Settings, Usage, iso, next_period};
use crate::usage::read::{self, Malformed, Options, ReadError};

/// How many malformed records the summary shows.
const SHOW_MALFORMED: usize = 5;

pub fn run(args: &UsageArgs) -> Result<()> {
    let day = |d: Date| d.days() as i32;
    let settings = Settings {
        by: args.by,
        from: args.from.map(day),
        to: args.to.map(day),
        tz: args.tz,
    };
    if let (Some(f), Some(t)) = (settings.from, settings.to)
        && f > t
    {
        return Err(Error::Input("--from is after --to".into()));
    }
    let options = Options {
        format: args.input_format,
        strict: args.strict,
        time_column: args.time_column.clone(),
        user_column: args.user_column.clone(),
        channel_column: args.channel_column.clone(),
    };
    let total_bytes: u64 = args
        .inputs
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    let bar = if args.quiet || !std::io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        let bar = indicatif::ProgressBar::new(total_bytes);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} reading {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)",
            )
            .expect("a valid template"),
        );
        bar
    };
    let polars_error =
        |e: polars::prelude::PolarsError| Error::Output(format!("counting messages failed: {e}"));
    let mut aggregator = Aggregator::new(settings);
    if args.inputs.len() > 1 {
        // A chat message takes a couple of hundred bytes in an export.
        aggregator.expect_messages((total_bytes / 256) as usize);
    }
    let mut malformed: Vec<Malformed> = Vec::new();
    let mut members = None;
    let mut failed = None;
    for (n, input) in args.inputs.iter().enumerate() {
        if !input.exists() {
            return Err(Error::Input(format!(
                "{}: no such file or folder",
                input.display()
            )));
        }
        aggregator.start_input(n + 1 == args.inputs.len());
        let mut sink = |batch: read::Batch| {
            bar.inc(batch.bytes);
            if failed.is_none()
                && let Err(e) = aggregator.add(batch)
            {
                failed = Some(e);
            }
        };
        match read::read(input, &options, &mut malformed, &mut sink) {
            Ok(found) => members = found.or(members),
            Err(ReadError::Input(m)) => return Err(Error::Input(m)),
            Err(e @ ReadError::Strict { .. }) => return Err(Error::Input(e.to_string())),
        }
    }
    bar.finish_and_clear();

    if let Some(e) = failed {
        return Err(polars_error(e));
    }
    let collected = aggregator.finish().map_err(polars_error)?;
    let usage = collected.usage(args.by).map_err(polars_error)?;
    if usage.rows.is_empty() {
        let why = if usage.outside > 0 {
            format!("all {} messages are outside --from/--to", usage.outside)
        } else {
            "no messages were found".to_string()
        };
        return Err(Error::Input(format!(
            "nothing to count: {why} (no file was written)"
        )));
    }

    let source = args
        .inputs
        .iter()
        .map(|p| {
            p.file_name().map_or(p.display().to_string(), |n| {
                n.to_string_lossy().into_owned()
            })
        })
        .collect::<Vec<_>>()
        .join(", ");

    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![(args.out.join("usage.csv"), usage_csv(&usage))];
    let mut chart_list = vec![
        charts::messages_over_time(&usage, args.by, &source),
        charts::active_users(&usage, args.by, &source),
    ];
    let mut cost_note = String::new();
    if args.pricing.given() {
        let monthly = if args.by == By::Month {
            usage.clone()
        } else {
            collected.usage(By::Month).map_err(polars_error)?
        };
        let (csv, lines, currency, notes) = cost_per_message(args, &monthly, members)?;
        files.push((args.out.join("cost-per-message.csv"), csv));
        chart_list.push(charts::cost_per_message(&lines, &currency, &source));
        cost_note = format!(
            "Cost per message for {} plans: {}\n",
            lines.len(),
            args.out.join("cost-per-message.csv").display()
        );
        for note in notes {
            cost_note += &format!("{note}\n");
        }
    }
    files.extend(
        crate::chart::render::render_all(&chart_list, &[Format::Png, Format::Svg], &args.out)
            .map_err(Error::Output)?,
    );
    output::write_files(&files)?;

    let total: u64 = usage.rows.iter().map(|r| r.messages).sum();
    let system: u64 = usage.rows.iter().map(|r| r.system_messages).sum();
    let bots: u64 = usage.rows.iter().map(|r| r.bot_messages).sum();
    let mut text = String::new();
    for (path, _) in &files {
        text += &format!("Wrote {}\n", path.display());
    }
    let period = match args.by {
        By::Day => "day",
        By::Week => "week",
        By::Month => "month",
    };
    text += &format!(
        "\n{} ({} system, {} bot) from {}",
        plural(total, "user message"),
        group_thousands(&system.to_string()),
        group_thousands(&bots.to_string()),
        plural(usage.senders as u64, "sender"),
    );
    if let Some((first, last)) = usage.days {
        text += &format!(", {} to {}", iso(first), iso(last));
    }
    if let Some(first) = usage.rows.first() {
        text += &format!(
            "; {} from {}",
            plural(usage.rows.len() as u64, period),
            iso(first.period_start)
        );
    }
    text += ".\n";
    if usage.duplicates > 0 {
        text += &format!(
            "{} (same id in more than one input) counted once.\n",
            plural(usage.duplicates, "duplicate message")
        );
    }
    if usage.outside > 0 {
        text += &format!(
            "{} outside --from/--to left out.\n",
            plural(usage.outside, "message")
        );
    }
    if !malformed.is_empty() {
        let shown = if malformed.len() == 1 {
            "it is"
        } else if malformed.len() <= SHOW_MALFORMED {
            "they are"
        } else {
            "the first are"
        };
        text += &format!(
            "{} skipped (--strict stops at the first); {shown}:\n",
            plural(malformed.len() as u64, "malformed record")
        );
        for m in malformed.iter().take(SHOW_MALFORMED) {
            text += &format!("  {}:{}: {}\n", m.file, m.line, m.why);
        }
    }
    text += &cost_note;
    output::stdout(text.as_bytes())
}

/// `period_start,messages,system_messages,bot_messages,active_users,active_users_28d`.
fn usage_csv(u: &Usage) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record([
        "period_start",
        "messages",
        "system_messages",
        "bot_messages",
        "active_users",
        "active_users_28d",
    ])
    .expect("in memory");
    for r in &u.rows {
        let cells = [
            iso(r.period_start),
            r.messages.to_string(),
            r.system_messages.to_string(),
            r.bot_messages.to_string(),
            r.active_users.to_string(),
            r.active_users_28d.to_string(),
        ];
        w.write_record(&cells).expect("in memory");
    }
    w.into_inner().expect("in memory")
}

type Lines = Vec<(String, Vec<(i32, Option<f64>)>)>;

/// Each comparable plan's monthly cost at the month's active users (and at all
/// members, when a Slack users.json gave them), divided by the month's messages.
/// Also returns what a reader must know about the prices: plans with no price in
/// force in some months, and prices seen only after the first month.
fn cost_per_message(
    args: &UsageArgs,
    monthly: &Usage,
    members: Option<usize>,
) -> Result<(Vec<u8>, Lines, String, Vec<String>)> {
    let source = Source::from(&args.pricing);
    let selection = load::select(source.load()?, &[], &[], false)?;
    let mut notes = Vec::new();
    let currency = selection.models[0].currency.clone();
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record([
        "month",
        "model",
        "active_users",
        "messages",
        "monthly_cost",
        "cost_per_message",
        "members",
        "cost_per_message_members",
        "currency",
    ])
    .expect("in memory");
    let mut lines: Lines = Vec::new();
    for m in &selection.models {
        let mut points = Vec::new();
        let mut unpriced = 0;
        for r in &monthly.rows {
            let date = Date::from_days(i64::from(r.period_start));
            let a = args.costs.on(date);
            let curve = Curve::of_model(m, &a);
            let cost_at = |n: u64| {
                curve
                    .as_ref()
                    .and_then(|c| if n == 0 { None } else { c.at(n) })
            };
            let per_message = |cost: Option<Decimal>| {
                cost.filter(|_| r.messages > 0)
                    .map(|c| c / Decimal::from(r.messages))
            };
            let cost = cost_at(r.active_users);
            let per = per_message(cost);
            let member_cost = members.and_then(|n| cost_at(n as u64));
            let cell = |v: Option<Decimal>| {
                v.map(|v| {
                    format!(
                        "{:.4}",
                        v.round_dp_with_strategy(
                            4,
                            rust_decimal::RoundingStrategy::MidpointAwayFromZero
                        )
                    )
                })
                .unwrap_or_default()
            };
            w.write_record([
                iso(r.period_start),
                m.id.clone(),
                r.active_users.to_string(),
                r.messages.to_string(),
                cost.map(money::plain).unwrap_or_default(),
                cell(per),
                members.map(|n| n.to_string()).unwrap_or_default(),
                cell(per_message(member_cost)),
                currency.clone(),
            ])
            .expect("in memory");
            points.push((r.period_start, per.and_then(|v| v.to_f64())));
            if curve.is_none() {
                unpriced += 1;
            }
        }
        if unpriced > 0 {
            notes.push(format!(
                "{}: no price in force in {unpriced} of {} (its cells are empty).",
                m.id,
                plural(monthly.rows.len() as u64, "month")
            ));
        }
        lines.push((m.name.clone(), points));
    }
    // A month the data covers only in part still gets a whole month's bill.
    if let (Some((first_day, last_day)), Some(first), Some(last)) =
        (monthly.days, monthly.rows.first(), monthly.rows.last())
    {
        let mut partial = Vec::new();
        if first_day > first.period_start {
            partial.push(format!(
                "{} (from {})",
                &iso(first.period_start)[..7],
                iso(first_day)
            ));
        }
        let last_end = next_period(last.period_start, By::Month) - 1;
        if last_day < last_end && (last.period_start != first.period_start || partial.is_empty()) {
            partial.push(format!(
                "{} (to {})",
                &iso(last.period_start)[..7],
                iso(last_day)
            ));
        } else if last_day < last_end {
            partial[0] = format!(
                "{} ({} to {})",
                &iso(first.period_start)[..7],
                iso(first_day),
                iso(last_day)
            );
        }
        if !partial.is_empty() {
            notes.push(format!(
                "Part months: {}; their cost per message divides a whole month's bill by part of a month's messages.",
                partial.join(", ")
            ));
        }
    }
    if let Some(first) = monthly.rows.first() {
        let a = args
            .costs
            .on(Date::from_days(i64::from(first.period_start)));
        let c = Comparison::new(
            source,
            selection.models.clone(),
            Vec::new(),
            UserRange::new(1, 1, 1).expect("a valid range"),
            a,
        );
        let later = c.later();
        let mut ids: Vec<&str> = later.iter().map(|st| st.model.id.as_str()).collect();
        ids.dedup();
        let dates: Vec<&str> = later.iter().map(|st| st.date).collect();
        if let (Some(oldest), Some(newest)) = (dates.iter().min(), dates.iter().max()) {
            notes.push(format!(
                "Prices seen only after {} ({oldest} to {newest}) are used for the months before them \
                 as if already in force, for {}.",
                iso(first.period_start),
                ids.join(", ")
            ));
        }
    }
    Ok((w.into_inner().expect("in memory"), lines, currency, notes))
}
