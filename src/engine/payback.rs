//! What a team pays month by month over the horizon, and when a self-hosted
//! set-up has paid for itself against the hosted plan the team would otherwise
//! buy (the cheapest each month for that team).

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::compare::Comparison;
use super::curve::Curve;
use crate::pricing::model::Kind;

/// One plan's outlay for one team: a lump at the start (the set-up), then the
/// same amount every month.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outlay {
    pub setup: Decimal,
    pub monthly: Decimal,
}

impl Outlay {
    /// Total paid after `months` months (the set-up counts from month 0).
    pub fn after(&self, months: u64) -> Decimal {
        self.setup + self.monthly * Decimal::from(months)
    }
}

/// How a self-hosted plan that costs less each month than the hosted plan
/// fares against it over the horizon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Ahead from month 0: its set-up costs no more than the hosted plan's
    /// (`no_setup`: it has none at all).
    AheadFromStart { model: usize, no_setup: bool },
    /// Its total falls to the hosted plan's in this month.
    PaidBack { model: usize, month: u64 },
    /// Still behind at the end of the horizon.
    NotWithin { model: usize },
}

/// Month-by-month totals for one team and the payback of each self-hosted set-up.
#[derive(Clone, Debug, PartialEq)]
pub struct Payback {
    pub team: u64,
    /// The horizon, in months.
    pub months: u64,
    /// Per model, in the comparison's order; `None` where the plan cannot serve the team.
    pub outlays: Vec<Option<Outlay>>,
    /// The hosted plan cheapest each month for the team (the first of equals).
    pub against: Option<usize>,
    /// One per self-hosted plan cheaper each month than `against`, in model order.
    pub verdicts: Vec<Verdict>,
}

/// Totals and paybacks for a team of `team` under the comparison's assumptions.
pub fn payback(c: &Comparison, team: u64) -> Payback {
    let a = &c.assumptions;
    let months = u64::from(a.horizon_months);
    let outlays: Vec<Option<Outlay>> = c
        .models
        .iter()
        .map(|m| {
            let monthly = Curve::recurring(m, a).and_then(|curve| curve.at(team))?;
            Some(Outlay {
                setup: a.setup_total(m),
                monthly,
            })
        })
        .collect();
    let of_kind = |kind: Kind| {
        let outlays = &outlays;
        (0..c.models.len())
            .filter(move |&i| c.models[i].kind == kind)
            .filter_map(move |i| outlays[i].map(|o| (i, o)))
    };
    let against = of_kind(Kind::Hosted).min_by_key(|(_, o)| o.monthly);
    let verdicts = match against {
        None => Vec::new(),
        Some((_, hosted)) => of_kind(Kind::SelfHosted)
            .filter(|(_, o)| o.monthly < hosted.monthly)
            .map(|(model, own)| verdict(model, own, hosted, months))
            .collect(),
    };
    Payback {
        team,
        months,
        outlays,
        against: against.map(|(i, _)| i),
        verdicts,
    }
}

/// The month a plan's lower monthly cost has made up for its dearer set-up.
fn verdict(model: usize, own: Outlay, hosted: Outlay, months: u64) -> Verdict {
    if own.setup <= hosted.setup {
        return Verdict::AheadFromStart {
            model,
            no_setup: own.setup.is_zero(),
        };
    }
    let month = (own.setup - hosted.setup)
        .checked_div(hosted.monthly - own.monthly)
        .and_then(|m| m.ceil().to_u64())
        .unwrap_or(u64::MAX);
    if month <= months {
        Verdict::PaidBack { model, month }
    } else {
        Verdict::NotWithin { model }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outlay(setup: i64, monthly: i64) -> Outlay {
        Outlay {
            setup: Decimal::from(setup),
            monthly: Decimal::from(monthly),
        }
    }

    #[test]
    fn a_set_up_is_paid_back_in_the_month_the_totals_meet_or_cross() {
        // 60 up front, 20 a month less than the hosted plan: even after 3 months.
        assert_eq!(
            verdict(0, outlay(60, 10), outlay(0, 30), 36),
            Verdict::PaidBack { model: 0, month: 3 }
        );
        // 61 needs a fourth month.
        assert_eq!(
            verdict(0, outlay(61, 10), outlay(0, 30), 36),
            Verdict::PaidBack { model: 0, month: 4 }
        );
        assert_eq!(
            verdict(0, outlay(61, 10), outlay(0, 30), 3),
            Verdict::NotWithin { model: 0 }
        );
        assert_eq!(
            verdict(1, outlay(0, 10), outlay(0, 30), 3),
            Verdict::AheadFromStart {
                model: 1,
                no_setup: true
            }
        );
        assert_eq!(outlay(60, 10).after(3), Decimal::from(90));
    }
}
