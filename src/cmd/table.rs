use crate::cli::{TableArgs, TableFormat};
use crate::error::Result;
use crate::export::Exporter;
use crate::export::json::CostsJson;
use crate::export::table::TextTable;
use crate::output;

pub fn run(args: &TableArgs) -> Result<()> {
    let comparison = super::compare(&args.models)?;
    let per = args.per.into();
    let width = args.width.map(usize::from).or_else(|| {
        terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| usize::from(w.0))
    });
    let table = TextTable {
        all: args.all,
        per,
        width,
        explain: args.explain,
    };
    let bytes = match args.format {
        TableFormat::Text => table.serialize(&comparison)?,
        TableFormat::Json => {
            if args.all {
                crate::export::check_listed(&comparison, "a table with --all")?;
            }
            CostsJson {
                rows: table.rows(&comparison),
            }
            .serialize(&comparison)?
        }
    };
    output::stdout(&bytes)?;
    if args.format == TableFormat::Text {
        super::unless_quiet(&args.quiet, &super::scenario_note(&comparison))?;
    }
    Ok(())
}
