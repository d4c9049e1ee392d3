//! Which input decides the answer for one team size: each uncertain input set
//! to its low and to its high bound, every other at its likely value, and how
//! far that moves the cost difference between the cheapest self-hosted model
//! and the cheapest hosted plan at that size (and their break-even).

use rust_decimal::Decimal;

use super::Uncertainty;
use crate::engine::breakeven::{LimitError, no_more_expensive};
use crate::engine::curve::Curve;
use crate::pricing::model::Kind;
use crate::pricing::uncertain::Input;

/// The cost difference at the team size and the break-even, for one setting
/// of the inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Self-hosted minus hosted, a month: below 0, self-hosting is cheaper.
    pub difference: Decimal,
    /// From which team size in range the self-hosted model costs no more than
    /// the hosted plan (the start of the last stretch where it does).
    pub break_even: Option<u64>,
}

/// One input at its low and at its high bound.
#[derive(Clone, Debug, PartialEq)]
pub struct Swing {
    pub input: Input,
    pub low: Outcome,
    pub high: Outcome,
}

impl Swing {
    /// How far the input moves the cost difference.
    pub fn width(&self) -> Decimal {
        (self.high.difference - self.low.difference).abs()
    }
}

/// The ranking for one team size, widest swing first.
#[derive(Clone, Debug, PartialEq)]
pub struct Sensitivity {
    pub team: u64,
    /// Indices in the comparison of the cheapest self-hosted model and the
    /// cheapest hosted plan at `team` (exact figures).
    pub self_hosted: usize,
    pub hosted: usize,
    /// Every input at its likely value: the exact figures.
    pub likely: Outcome,
    pub swings: Vec<Swing>,
}

impl Uncertainty {
    /// The ranking for `team` users; `None` when no self-hosted model or no
    /// hosted plan can serve that many, or no uncertain input moves either.
    pub fn sensitivity(&self, team: u64) -> Result<Option<Sensitivity>, LimitError> {
        let cheapest = |kind| {
            self.of_kind(kind)
                .into_iter()
                .filter_map(|i| self.exact[i].at(team).map(|v| (v, i)))
                .min()
                .map(|(_, i)| i)
        };
        let (Some(s), Some(h)) = (cheapest(Kind::SelfHosted), cheapest(Kind::Hosted)) else {
            return Ok(None);
        };
        let likely = self.outcome(team, s, h, |i: &Input| i.spread.likely())?;
        let mut swings = Vec::new();
        for input in self
            .inputs
            .iter()
            .filter(|x| self.touches(s, &x.id) || self.touches(h, &x.id))
        {
            let at = |u: f64| {
                move |i: &Input| {
                    if i.id == input.id {
                        i.spread.quantile(u)
                    } else {
                        i.spread.likely()
                    }
                }
            };
            swings.push(Swing {
                input: input.clone(),
                low: self.outcome(team, s, h, at(0.0))?,
                high: self.outcome(team, s, h, at(1.0))?,
            });
        }
        if swings.is_empty() {
            return Ok(None);
        }
        swings.sort_by(|x, y| {
            y.width()
                .cmp(&x.width())
                .then(x.input.label.cmp(&y.input.label))
        });
        Ok(Some(Sensitivity {
            team,
            self_hosted: s,
            hosted: h,
            likely,
            swings,
        }))
    }

    fn outcome(
        &self,
        team: u64,
        s: usize,
        h: usize,
        value: impl Fn(&Input) -> Decimal,
    ) -> Result<Outcome, LimitError> {
        let (cs, ch): (Curve, Curve) = (self.curve_with(s, &value), self.curve_with(h, &value));
        let at = |c: &Curve| c.at(team).unwrap_or_default();
        let order = no_more_expensive(&cs, &ch, self.from, self.to)
            .ok_or_else(|| self.too_many(&[s, h]))?;
        Ok(Outcome {
            difference: at(&cs) - at(&ch),
            break_even: order.a.last().map(|span| span.0),
        })
    }
}
