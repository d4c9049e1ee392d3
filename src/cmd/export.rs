use crate::cli::ExportArgs;
use crate::error::Result;
use crate::export::Exporter;
use crate::export::csv::{CsvLong, CsvWide};
use crate::output::{self, Target};

pub fn run(args: &ExportArgs) -> Result<()> {
    let comparison = super::compare(&args.models)?;
    let bytes = if args.wide {
        CsvWide.serialize(&comparison)?
    } else {
        CsvLong.serialize(&comparison)?
    };
    let target = Target::parse(&args.out);
    output::write(&target, &bytes)?;
    if let Target::File(path) = target {
        output::stdout(format!("Wrote {}\n", path.display()).as_bytes())?;
    }
    Ok(())
}
