use crate::cli::{ExportArgs, Format};
use crate::error::{Error, Result};
use crate::export::Data;
use crate::export::csv::Style;
use crate::output::{self, Target};

/// The costs as CSV or JSON, into `--out` or `output/costs.<format>`; every
/// option and the output path checked before the models are loaded.
pub fn run(args: &ExportArgs) -> Result<()> {
    if args.locale.given() && args.format == Format::Json {
        return Err(Error::Input(
            "--delimiter and --decimal-comma apply to CSV, not to --format json".into(),
        ));
    }
    let style = Style::new(
        args.locale.delimiter.unwrap_or(b','),
        args.locale.decimal_comma,
    )
    .ok_or_else(|| {
        Error::Input(
            "--decimal-comma needs another cell separator than ',' (amounts such as 100,05 \
would be split in two): add --delimiter ';' or --delimiter tab"
                .into(),
        )
    })?;
    let data = Data::Costs {
        wide: args.wide,
        totals: args.totals,
        style,
    };
    let what = if args.format == Format::Json {
        "a JSON export"
    } else {
        "a CSV export"
    };
    super::listable(&args.models.users, what)?;
    let exporter = super::exporter(data, args.format)?;
    let extension = crate::export::Format::from(args.format).extension();
    let target = match &args.out {
        Some(out) => Target::parse(out),
        None => Target::File(format!("output/costs.{extension}").into()),
    };
    if let Target::File(path) = &target {
        output::check(path)?;
    }
    let comparison = super::compare(&args.models)?;
    output::write(&target, &exporter.serialize(&comparison)?)?;
    if let Target::File(path) = target {
        let printed = format!("Wrote {}\n", path.display()) + &super::scenario_note(&comparison);
        super::unless_quiet(&args.quiet, &printed)?;
    }
    Ok(())
}
