use crate::cli::ValidateArgs;
use crate::error::Result;
use crate::output;
use crate::pricing::load;
use crate::units::count::plural;

/// Every problem in every file is reported (by `load::paths`), with exit code 2.
pub fn run(args: &ValidateArgs) -> Result<()> {
    let models = load::paths(&args.files)?;
    let parts = models.iter().filter(|m| m.part).count();
    let text = format!(
        "OK: {} and {}, no problems found.\n",
        plural((models.len() - parts) as u64, "model"),
        plural(parts as u64, "part")
    );
    output::stdout(text.as_bytes())
}
