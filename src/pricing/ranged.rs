//! Where each amount of a shape sits, so that a draw can put its values
//! there, and `--admin-hours` as one input for every self-hosted model.

use rust_decimal::Decimal;

use super::model::{Kind, Model, SeatPrice, Shape};
use super::uncertain::{Input, Measure, Named, Product, Slot, Uncertain};
use crate::units::uncertain::Spread;

impl Shape {
    /// Every amount of the shape with the slot it sits in (zero-priced free
    /// plans have none).
    pub fn slots(&self) -> Vec<(Slot, Decimal)> {
        let seat = |p: &SeatPrice| {
            let mut out = Vec::new();
            out.extend(p.annual.map(|a| (Slot::SeatAnnual, a)));
            out.extend(p.monthly.map(|m| (Slot::SeatMonthly, m)));
            out
        };
        match self {
            Shape::Flat { per_month } | Shape::Blocks { per_month, .. } => {
                vec![(Slot::Amount, *per_month)]
            }
            Shape::PerSeat { price, .. } | Shape::FreeSeats { price, .. } => seat(price),
            Shape::FreePlan { .. } => Vec::new(),
            Shape::Tiers(tiers) => tiers
                .iter()
                .enumerate()
                .map(|(i, t)| (Slot::Band(i), t.per_month))
                .collect(),
            Shape::Steps { steps, .. } => steps
                .iter()
                .enumerate()
                .map(|(i, s)| (Slot::Band(i), s.per_month))
                .collect(),
            Shape::Sized(sized) => sized
                .rows
                .iter()
                .enumerate()
                .map(|(i, r)| (Slot::Band(i), r.each))
                .collect(),
            Shape::Quote { .. } => Vec::new(),
        }
    }

    /// Puts `amount` in `slot` (a slot the shape does not have is left alone).
    pub fn set(&mut self, slot: Slot, amount: Decimal) {
        let band = match slot {
            Slot::Band(i) => Some(i),
            Slot::Amount | Slot::SeatAnnual | Slot::SeatMonthly => None,
        };
        match self {
            Shape::Flat { per_month } | Shape::Blocks { per_month, .. } => {
                if slot == Slot::Amount {
                    *per_month = amount;
                }
            }
            Shape::PerSeat { price, .. } | Shape::FreeSeats { price, .. } => {
                let term = match slot {
                    Slot::SeatAnnual => &mut price.annual,
                    Slot::SeatMonthly => &mut price.monthly,
                    Slot::Amount | Slot::Band(_) => return,
                };
                if let Some(v) = term {
                    *v = amount;
                }
            }
            Shape::Tiers(tiers) => {
                if let Some(t) = band.and_then(|i| tiers.get_mut(i)) {
                    t.per_month = amount;
                }
            }
            Shape::Steps { steps, .. } => {
                if let Some(s) = band.and_then(|i| steps.get_mut(i)) {
                    s.per_month = amount;
                }
            }
            Shape::Sized(sized) => {
                if let Some(r) = band.and_then(|i| sized.rows.get_mut(i)) {
                    r.each = amount;
                }
            }
            Shape::FreePlan { .. } | Shape::Quote { .. } => {}
        }
    }
}

/// Admin hours for every self-hosted model instead of its file's: each takes
/// `hours` a month (its likely value in exact figures); a range is one input,
/// `name`d, shared by all of them, since it stands for how much upkeep such a
/// server needs.
pub fn with_admin_hours(models: &mut [Model], hours: Spread, name: Named) {
    let input = Input {
        id: name.id.into(),
        label: name.label.into(),
        spread: hours,
        measure: Measure::Hours,
        source: None,
    };
    for m in models.iter_mut().filter(|m| m.kind == Kind::SelfHosted) {
        m.admin_hours_per_month = Some(hours.likely());
        m.ranges.admin_hours = (!hours.is_exact()).then(|| input.clone());
    }
}

/// The amounts of `shape` (before conversion) that hold a range, each times the
/// exchange rate (`rate`) when there is one; when the rate is itself a range,
/// every amount of the shape depends on it.
pub fn uncertain_slots(
    shape: &Shape,
    found: Vec<Uncertain>,
    rate: Option<Product>,
) -> Vec<Uncertain> {
    let Some(rate) = rate else {
        return found;
    };
    let of_slot = |slot: Slot, exact: Decimal| {
        found
            .iter()
            .find(|u| u.slot == slot)
            .map_or(Product::exact(exact), |u| u.amount.clone())
    };
    shape
        .slots()
        .into_iter()
        .map(|(slot, exact)| Uncertain {
            slot,
            amount: of_slot(slot, exact).times(rate.clone()),
        })
        .filter(|u| !u.amount.is_exact())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::model::{Step, Tier};
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn every_slot_can_be_read_and_set() {
        let mut seats = Shape::PerSeat {
            price: SeatPrice {
                annual: Some(d("6")),
                monthly: None,
            },
            min_seats: 1,
            max_seats: None,
        };
        assert_eq!(seats.slots(), [(Slot::SeatAnnual, d("6"))]);
        seats.set(Slot::SeatAnnual, d("7"));
        seats.set(Slot::SeatMonthly, d("9")); // no monthly term: left alone
        assert_eq!(seats.slots(), [(Slot::SeatAnnual, d("7"))]);
        let mut tiers = Shape::Tiers(vec![
            Tier {
                up_to: 10,
                per_month: d("1"),
            },
            Tier {
                up_to: 25,
                per_month: d("2"),
            },
        ]);
        tiers.set(Slot::Band(1), d("3"));
        assert_eq!(
            tiers.slots(),
            [(Slot::Band(0), d("1")), (Slot::Band(1), d("3"))]
        );
        let mut steps = Shape::Steps {
            steps: vec![Step {
                from: 1,
                per_month: d("4"),
            }],
            max_users: None,
        };
        steps.set(Slot::Band(0), d("5"));
        assert_eq!(steps.slots(), [(Slot::Band(0), d("5"))]);
    }

    #[test]
    fn admin_hours_for_every_self_hosted_model() {
        let hosted = Model::default();
        let own = Model {
            kind: Kind::SelfHosted,
            ..Model::default()
        };
        let mut models = vec![hosted, own];
        let name = crate::pricing::uncertain::InputNames::default().admin_hours;
        with_admin_hours(&mut models, "1..3".parse().unwrap(), name);
        assert_eq!(models[0].admin_hours(), Decimal::ZERO);
        assert_eq!(models[1].admin_hours(), d("2"));
        let input = models[1].ranges.admin_hours.as_ref().unwrap();
        assert_eq!(input.id, name.id);
        with_admin_hours(&mut models, "0.5".parse().unwrap(), name);
        assert_eq!(models[1].admin_hours(), d("0.5"));
        assert!(models[1].ranges.admin_hours.is_none());
    }
}
