use crate::cli::{DataFormat, ExportArgs};
use crate::error::Result;
use crate::export::Exporter;
use crate::export::csv::{CsvLong, CsvWide, Style};
use crate::export::json::CostsJson;
use crate::output::{self, Target};

pub fn run(args: &ExportArgs) -> Result<()> {
    let comparison = super::compare(&args.models)?;
    let style = Style::default();
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
        output::stdout(format!("Wrote {}\n", path.display()).as_bytes())?;
    }
    Ok(())
}
