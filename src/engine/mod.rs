//! The pure core: exact money, team-size ranges, cost curves and break-evens.
//! Nothing here reads files, prints or draws.

pub mod breakeven;
pub mod compare;
pub mod concurrency;
pub mod curve;
pub mod diff;
pub mod explain;
pub mod focus;
pub mod headline;
pub mod payback;
pub mod quote;
pub mod sweep;
pub mod uncertain;

use rust_decimal::Decimal;

use crate::pricing::model::{Billing, Model};
use crate::pricing::uncertain::InputNames;
use crate::units::date::Date;
use crate::units::uncertain::Spread;
use concurrency::Concurrency;

/// Months over which a one-off set-up is spread unless `--horizon` says otherwise.
pub const DEFAULT_HORIZON_MONTHS: u32 = 36;

/// What a comparison assumes beyond the price lists.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Assumptions {
    /// Which price per seat to take where a plan offers both terms.
    pub billing: Billing,
    /// What an hour of the administrator's time costs (0: time is free, as the
    /// 2016 write-up counted it): one value, exact or a range that is sampled
    /// (every exact figure takes its likely value, [`Assumptions::hourly_rate`]).
    pub admin_rate: Spread,
    /// Admin hours a month for every self-hosted model instead of its file's
    /// (exact or a range); [`compare::Comparison::new`] puts them into the models.
    pub admin_hours: Option<Spread>,
    /// What the outputs call the admin rate and hours as inputs.
    pub names: InputNames,
    /// Months over which a one-off set-up cost is spread in monthly figures.
    pub horizon_months: u32,
    /// Prices in force on this date are used.
    pub as_of: Date,
    /// The share of the team online at once, which deployments are sized by.
    pub concurrency: Concurrency,
}

impl Assumptions {
    /// Annual billing, free admin time, a 36-month horizon, prices of `as_of`,
    /// a quarter of the team online at once.
    pub fn on(as_of: Date) -> Assumptions {
        Assumptions {
            billing: Billing::Annual,
            admin_rate: Spread::exact(Decimal::ZERO),
            admin_hours: None,
            names: InputNames::default(),
            horizon_months: DEFAULT_HORIZON_MONTHS,
            as_of,
            concurrency: Concurrency::default(),
        }
    }

    /// The admin rate of the exact figures: the likely value of its range.
    pub fn hourly_rate(&self) -> Decimal {
        self.admin_rate.likely()
    }

    /// The same assumptions with admin time at exactly `rate` an hour (sweeps).
    pub fn at_rate(self, rate: Decimal) -> Assumptions {
        Assumptions {
            admin_rate: Spread::exact(rate),
            ..self
        }
    }

    /// The one-off set-up: hours at the admin rate plus money spent.
    pub fn setup_total(&self, model: &Model) -> Decimal {
        model.setup_hours() * self.hourly_rate() + model.setup_cost
    }
}
