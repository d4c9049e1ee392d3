//! One module per subcommand; each loads, computes and hands the result to a
//! view. No arithmetic lives here.

mod breakeven;
mod export;
mod plot;
mod table;

use crate::cli::{BillingArg, Cli, Command, ModelArgs};
use crate::engine::compare::Comparison;
use crate::error::Result;
use crate::pricing::bundled::DEFAULT_SCENARIO;
use crate::pricing::load;
use crate::pricing::model::Billing;

pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Plot(args) => plot::run(&args),
        Command::Table(args) => table::run(&args),
        Command::Breakeven(args) => breakeven::run(&args),
        Command::Export(args) => export::run(&args),
    }
}

/// Loads the models the arguments name and compares them over `--users`.
fn compare(args: &ModelArgs) -> Result<Comparison> {
    let (scenario, models) = if args.pricing.is_empty() {
        let name = args.scenario.as_deref().unwrap_or(DEFAULT_SCENARIO);
        (name.to_string(), load::bundled_scenario(name)?)
    } else {
        let names: Vec<String> = args
            .pricing
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        (names.join(", "), load::paths(&args.pricing)?)
    };
    let models = load::select(models, &args.models, &args.exclude)?;
    let billing = match args.billing {
        BillingArg::Annual => Billing::Annual,
        BillingArg::Monthly => Billing::Monthly,
    };
    Ok(Comparison::new(scenario, models, args.users, billing))
}
