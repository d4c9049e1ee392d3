//! What a deployment holds at one team size: each component in use, how many
//! of it and what it costs, admin time and the set-up spread included, so that
//! the parts add up to the monthly figure (`table --explain`).

use rust_decimal::Decimal;

use super::Assumptions;
use super::curve::Curve;
use crate::pricing::model::{Model, Shape};
use crate::pricing::sizing::{AmountIn, Count};

/// One line of a deployment at one team size.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// The component's label, with the row in use ("EC2 instance: t4g.medium").
    pub label: String,
    /// How many are in use, where the component counts something.
    pub count: Option<u64>,
    /// Admin hours a month, for admin time.
    pub hours: Option<Decimal>,
    pub monthly: Decimal,
}

/// The parts of `model` at `n` users under `a`; `None` where it cannot serve `n`.
pub fn parts(model: &Model, a: &Assumptions, n: u64) -> Option<Vec<Part>> {
    let mut out = Vec::new();
    for c in model
        .components
        .iter()
        .filter(|c| c.valid_on(a.as_of) && c.serves(n))
    {
        let monthly = Curve::of_component(c, a).at(n)?;
        let label = c.label.clone().unwrap_or_else(|| "price".to_string());
        let (row, count) = match &c.shape {
            Shape::Sized(sized) => {
                let row = a.concurrency.row_at(sized, n)?;
                // A fixed count is in the row's label ("3 × m7g.large").
                let counted = matches!(row.count, Count::Per { .. });
                let count = counted.then(|| a.concurrency.count(&row.count, n));
                (row.label.clone(), count)
            }
            Shape::PerSeat { min_seats, .. } | Shape::Quote { min_seats, .. } => {
                (None, Some(n.max(*min_seats)))
            }
            Shape::FreeSeats { free_seats, .. } => (None, Some(n.saturating_sub(*free_seats))),
            Shape::Blocks { block_size, .. } => (None, Some(n.div_ceil(*block_size))),
            Shape::Flat { .. } | Shape::FreePlan { .. } | Shape::Tiers(_) | Shape::Steps { .. } => {
                (None, None)
            }
        };
        let hours = (c.amount_in == AmountIn::AdminHours).then(|| {
            if a.hourly_rate().is_zero() {
                Curve::of_component(c, &a.at_rate(Decimal::ONE))
                    .at(n)
                    .unwrap_or_default()
            } else {
                monthly / a.hourly_rate()
            }
        });
        out.push(Part {
            label: match row {
                Some(row) => format!("{label}: {row}"),
                None => label,
            },
            count,
            hours,
            monthly,
        });
    }
    if !model.admin_hours().is_zero() {
        out.push(Part {
            label: "Admin time".to_string(),
            count: None,
            hours: Some(model.admin_hours()),
            monthly: model.admin_hours() * a.hourly_rate(),
        });
    }
    let setup = a.setup_total(model);
    if !setup.is_zero() {
        out.push(Part {
            label: format!("Set-up spread over {} months", a.horizon_months.max(1)),
            count: None,
            hours: None,
            monthly: setup / Decimal::from(a.horizon_months.max(1)),
        });
    }
    Some(out)
}
