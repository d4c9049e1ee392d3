use crate::cli::BreakevenArgs;
use crate::error::Result;
use crate::export::Exporter;
use crate::export::breakeven_text::BreakevenText;
use crate::export::json::BreakevenJson;
use crate::output;

pub fn run(args: &BreakevenArgs) -> Result<()> {
    let comparison = super::compare(&args.models)?;
    let bytes = if args.json {
        BreakevenJson.serialize(&comparison)?
    } else {
        BreakevenText.serialize(&comparison)?
    };
    output::stdout(&bytes)?;
    if !args.json {
        super::unless_quiet(&args.quiet, &super::scenario_note(&comparison))?;
    }
    Ok(())
}
