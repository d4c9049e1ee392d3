use crate::cli::TableArgs;
use crate::error::Result;
use crate::export::Exporter;
use crate::export::table::TextTable;
use crate::output;

pub fn run(args: &TableArgs) -> Result<()> {
    let comparison = super::compare(&args.models)?;
    output::stdout(&TextTable { all: args.all }.serialize(&comparison)?)
}
