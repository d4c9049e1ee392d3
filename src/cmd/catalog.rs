use crate::cli::CatalogArgs;
use crate::error::Result;
use crate::export::catalog::catalog;
use crate::output;
use crate::pricing::Source;
use crate::units::date::Date;

pub fn run(args: &CatalogArgs) -> Result<()> {
    let source = Source::from(&args.pricing);
    let models = source.load()?;
    output::stdout(&catalog(
        &source.capitalized(),
        &models,
        args.as_of.unwrap_or_else(Date::today),
    ))
}
