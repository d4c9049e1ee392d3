use crate::cli::ValidateArgs;
use crate::error::Result;
use crate::output;
use crate::pricing::load;

/// Every problem in every file is reported (by `load::paths`), with exit code 2.
pub fn run(args: &ValidateArgs) -> Result<()> {
    let models = load::paths(&args.files)?;
    let parts = models.iter().filter(|m| m.part).count();
    let text = format!(
        "OK: {} models and {parts} parts, no problems found.\n",
        models.len() - parts
    );
    output::stdout(text.as_bytes())
}
