use std::path::Path;

use crate::chart::charts::diff::{STEM, what_changed};
use crate::chart::render;
use crate::cli::{DiffArgs, Format, ModelArgs, PricingArgs, Side, Theme};
use crate::engine::compare::Comparison;
use crate::engine::diff::Diff;
use crate::error::{Error, Result};
use crate::output;
use crate::units::date::Date;

/// Two comparisons under one set of options, A ("then") and B ("now"), and
/// what changed between them; every argument, A and B (scenario, date, path)
/// and the chart's path checked before either side is read.
pub fn run(args: &DiffArgs) -> Result<()> {
    if args.models.pricing.given() {
        return Err(Error::Input(
            "diff takes its price lists as A and B (e.g. rccost diff blog-2016 current or \
rccost diff current my-plans/), not --scenario or --pricing"
                .into(),
        ));
    }
    let data = data_format(&args.format)?;
    let exporter = crate::export::diff_exporter(data.into()).map_err(|e| {
        Error::Input(format!(
            "--format {}: diff writes text, json, png or svg",
            e.format.extension()
        ))
    })?;
    let images = super::images(&args.format);
    let dark = args.theme == Theme::Dark;
    let stem = if dark {
        format!("{STEM}-dark")
    } else {
        STEM.to_string()
    };
    for image in &images {
        output::check(&args.out.join(format!("{stem}.{}", image.extension())))?;
    }
    let today = args.models.as_of.unwrap_or_else(Date::today);
    let sides = [("A", &args.a), ("B", &args.b)].map(|(name, side)| resolve(name, side, today));
    let [then, now] = sides;
    let (then, now) = (then?, now?);
    let then = super::compare(&side_args(&args.models, then))?;
    let now = super::compare(&side_args(&args.models, now))?;
    same_currency(&then, &now)?;
    let diff = Diff::new(&then, &now)?;
    let mut printed = String::new();
    if !images.is_empty() {
        let mut chart = what_changed(&diff)?;
        if dark {
            chart = chart.dark();
        }
        let batch = output::Batch::default();
        let stage = |i: usize, path: &Path, bytes: &[u8]| batch.stage(i, path, bytes);
        let files = render::render_each(&[chart], &images, args.size, &args.out, &stage)
            .map_err(Error::Output)?;
        batch.commit()?;
        printed = super::wrote(&files);
    }
    let body = exporter.serialize(&diff)?;
    if data == Format::Json {
        return output::stdout(&body);
    }
    if args.format.contains(&Format::Text) {
        output::stdout(&body)?;
        return super::unless_quiet(&args.quiet, &printed);
    }
    // Only a chart asked for: where it went, then the sentences.
    super::unless_quiet(&args.quiet, &(printed + &String::from_utf8_lossy(&body)))
}

/// The data written on standard output: JSON when asked for, else sentences;
/// not both.
fn data_format(formats: &[Format]) -> Result<Format> {
    let json = formats.contains(&Format::Json);
    if json && formats.contains(&Format::Text) {
        return Err(Error::Input(
            "--format: text and json both go to standard output; ask for one".into(),
        ));
    }
    Ok(if json { Format::Json } else { Format::Text })
}

/// A side's price list and date: a bundled scenario by name, else a pricing
/// file or folder that must exist (checked here, before anything is read).
fn resolve(name: &str, side: &Side, today: Date) -> Result<(PricingArgs, Date)> {
    let date = side.date.unwrap_or(today);
    let scenarios = crate::pricing::bundled::scenarios();
    if scenarios.contains(&side.what.as_str()) {
        let pricing = PricingArgs {
            scenario: Some(side.what.clone()),
            pricing: Vec::new(),
        };
        return Ok((pricing, date));
    }
    let path = Path::new(&side.what);
    if !path.exists() {
        return Err(Error::Input(format!(
            "{name}: '{}' is neither a bundled scenario ({}) nor a pricing file or folder",
            side.what,
            scenarios.join(", ")
        )));
    }
    let pricing = PricingArgs {
        scenario: None,
        pricing: vec![path.to_path_buf()],
    };
    Ok((pricing, date))
}

/// The options of one side: the shared ones with its price list and date.
fn side_args(shared: &ModelArgs, (pricing, date): (PricingArgs, Date)) -> ModelArgs {
    ModelArgs {
        pricing,
        as_of: Some(date),
        ..shared.clone()
    }
}

/// Both sides must be priced in one currency to be told and drawn together.
fn same_currency(then: &Comparison, now: &Comparison) -> Result<()> {
    if then.currency == now.currency {
        return Ok(());
    }
    Err(Error::Input(format!(
        "A ({}) is priced in {} and B ({}) in {}: diff compares price lists in one currency",
        then.source, then.currency, now.source, now.currency
    )))
}
