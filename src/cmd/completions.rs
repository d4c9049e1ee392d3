use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::Result;
use crate::output;

/// The completion script for one shell, on standard output.
pub fn run(args: &CompletionsArgs) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "rccost", &mut script);
    output::stdout(&script)
}

/// The man page (roff), on standard output.
pub fn man() -> Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|e| crate::error::Error::Output(format!("cannot render the man page: {e}")))?;
    output::stdout(&page)
}
