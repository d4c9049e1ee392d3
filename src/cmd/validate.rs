use crate::cli::ValidateArgs;
use crate::error::Result;
use crate::output;
use crate::pricing::load;
use crate::units::count::plural;

/// Every problem in every file is reported (by `load::paths`), with exit code 2;
/// with `--scenario`, the files are read together with that bundled scenario.
pub fn run(args: &ValidateArgs) -> Result<()> {
    let (models, rates, over) = match &args.scenario {
        None => {
            let loaded = load::paths_loaded(&args.files)?;
            (loaded.models, loaded.rates.len(), String::new())
        }
        Some(name) => {
            let loaded = load::scenario_with(name, &args.files)?;
            let bundled = load::bundled_loaded(name)?.rates.len();
            // Only the user's models are counted: the bundled ones are known to be valid.
            let theirs = loaded.models.into_iter().filter(|m| !m.is_bundled());
            (
                theirs.collect(),
                loaded.rates.len() - bundled,
                format!(" as additions to scenario {name}"),
            )
        }
    };
    let parts = models.iter().filter(|m| m.part).count();
    let rates = match rates {
        0 => String::new(),
        n => format!(", {}", plural(n as u64, "exchange rate")),
    };
    let text = format!(
        "OK: {} and {}{rates}{over}, no problems found.\n",
        plural((models.len() - parts) as u64, "model"),
        plural(parts as u64, "part")
    );
    output::stdout(text.as_bytes())
}
