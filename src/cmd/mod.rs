//! One module per subcommand; each loads, computes and hands the result to a
//! view. No arithmetic lives here.

mod breakeven;
mod catalog;
mod export;
pub(crate) mod plot;
mod report;
mod table;
#[cfg(feature = "usage")]
mod usage;
mod validate;

use crate::cli::{BillingArg, Cli, Command, ModelArgs};
use std::path::PathBuf;

use crate::engine::Assumptions;
use crate::engine::compare::Comparison;
use crate::engine::date::Date;
use crate::error::Result;
use crate::export::sentences::CUSTOM_PRICING;
use crate::pricing::bundled::DEFAULT_SCENARIO;
use crate::pricing::load;
use crate::pricing::model::{Billing, Model};

pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Plot(args) => plot::run(&args),
        Command::Table(args) => table::run(&args),
        Command::Breakeven(args) => breakeven::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Catalog(args) => catalog::run(&args),
        Command::Validate(args) => validate::run(&args),
        #[cfg(feature = "usage")]
        Command::Usage(args) => usage::run(&args),
    }
}

/// Loads the models the arguments name and compares them over `--users`.
fn compare(args: &ModelArgs) -> Result<Comparison> {
    let (scenario, models) = load_models(args.scenario.as_deref(), &args.pricing)?;
    let selection = load::select(models, &args.models, &args.exclude, args.include_limited)?;
    let assumptions = Assumptions {
        billing: match args.billing {
            BillingArg::Annual => Billing::Annual,
            BillingArg::Monthly => Billing::Monthly,
        },
        admin_rate: args.admin_rate,
        horizon_months: args.horizon,
        as_of: args.as_of.unwrap_or_else(Date::today),
    };
    Ok(Comparison::new(
        scenario,
        selection.models,
        selection.limited,
        args.users,
        assumptions,
    ))
}

/// A bundled scenario (default `blog-2016`) or `--pricing` paths, and a name for it.
fn load_models(scenario: Option<&str>, pricing: &[PathBuf]) -> Result<(String, Vec<Model>)> {
    if pricing.is_empty() {
        let name = scenario.unwrap_or(DEFAULT_SCENARIO);
        Ok((name.to_string(), load::bundled_scenario(name)?))
    } else {
        let names: Vec<String> = pricing.iter().map(|p| p.display().to_string()).collect();
        Ok((
            format!("{CUSTOM_PRICING}{}", names.join(", ")),
            load::paths(pricing)?,
        ))
    }
}
