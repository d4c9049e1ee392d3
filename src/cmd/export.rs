use crate::cli::{DataFormat, ExportArgs};
use crate::error::{Error, Result};
use crate::export::Exporter;
use crate::export::csv::{CsvLong, CsvWide, Style};
use crate::export::json::CostsJson;
use crate::output::{self, Target};

pub fn run(args: &ExportArgs) -> Result<()> {
    let comparison = super::compare(&args.models)?;
    if args.locale.given() && args.format == DataFormat::Json {
        return Err(Error::Input(
            "--delimiter and --decimal-comma apply to CSV, not to --format json".into(),
        ));
    }
    let style = Style::new(
        args.locale.delimiter.unwrap_or(b','),
        args.locale.decimal_comma,
    )?;
    let bytes = match (args.format, args.wide) {
        (DataFormat::Json, _) => {
            crate::export::check_listed(&comparison, "a JSON export")?;
            CostsJson {
                rows: comparison.range.sizes().collect(),
            }
            .serialize(&comparison)?
        }
        (DataFormat::Csv, true) => CsvWide { style }.serialize(&comparison)?,
        (DataFormat::Csv, false) => CsvLong {
            totals: args.totals,
            style,
        }
        .serialize(&comparison)?,
    };
    let target = Target::parse(&args.out);
    output::write(&target, &bytes)?;
    if let Target::File(path) = target {
        let printed = format!("Wrote {}\n", path.display()) + &super::scenario_note(&comparison);
        super::unless_quiet(&args.quiet, &printed)?;
    }
    Ok(())
}
