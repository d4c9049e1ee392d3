use crate::cli::CatalogArgs;
use crate::engine::date::Date;
use crate::error::Result;
use crate::export::catalog::catalog;
use crate::output;

pub fn run(args: &CatalogArgs) -> Result<()> {
    let (name, models) = super::load_models(args.scenario.as_deref(), &args.pricing)?;
    let title = crate::export::sentences::source(&name, true);
    output::stdout(&catalog(
        &title,
        &models,
        args.as_of.unwrap_or_else(Date::today),
    ))
}
