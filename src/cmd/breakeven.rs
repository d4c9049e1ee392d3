use crate::cli::{BreakevenArgs, Format};
use crate::error::Result;
use crate::export::Data;
use crate::output;

pub fn run(args: &BreakevenArgs) -> Result<()> {
    // `--json` is the older spelling of `--format json`.
    let format = if args.json { Format::Json } else { args.format };
    let exporter = super::exporter(Data::Breakeven, format)?;
    let comparison = super::compare(&args.models)?;
    output::stdout(&exporter.serialize(&comparison)?)?;
    if format == Format::Text {
        super::unless_quiet(&args.quiet, &super::scenario_note(&comparison))?;
    }
    Ok(())
}
