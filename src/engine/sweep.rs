//! The comparison re-run under other assumptions. The break-even map sweeps the
//! admin rate; any sweep over an assumption (and the sampling of uncertain
//! inputs) belongs here, so views only lay out what it returns.

use std::borrow::Cow;

use rust_decimal::Decimal;

use super::Assumptions;
use super::breakeven::{Pair, analyse_pair};
use super::compare::Comparison;
use super::curve::Curve;
use super::headline::{Verdict, last_stretch, turning_sizes};
use crate::pricing::model::Kind;

/// For each self-hosted model against each hosted plan, at each admin rate: the
/// smallest team size in the range from which self-hosting is no more expensive.
#[derive(Clone, Debug, PartialEq)]
pub struct BreakEvenSweep {
    /// Admin rates, in whole currency units an hour.
    pub rates: Vec<u64>,
    /// Indices of the self-hosted models in the comparison, in its order.
    pub self_hosted: Vec<usize>,
    /// Indices of the hosted plans in the comparison, in its order.
    pub hosted: Vec<usize>,
    /// `break_even[j][k][r]`: self-hosted model `self_hosted[j]` against hosted
    /// plan `hosted[k]` at `rates[r]`; `None` where no size in range qualifies.
    pub break_even: Vec<Vec<Vec<Option<u64>>>>,
    /// `beats_all[j][r]`: from which team size self-hosted model `self_hosted[j]`
    /// costs no more than every hosted plan (the cheapest hosted plan at each
    /// size) at `rates[r]`, as its headline says it (the start of the last
    /// stretch of sizes where it does); `None` where it never does in range.
    pub beats_all: Vec<Vec<Option<u64>>>,
}

impl BreakEvenSweep {
    /// The break-even of line (j, k) at `rate`, if `rate` was swept.
    pub fn at(&self, j: usize, k: usize, rate: u64) -> Option<u64> {
        let r = self.rates.iter().position(|&x| x == rate)?;
        self.break_even[j][k][r]
    }

    /// From which size self-hosted model j beats every hosted plan at `rate`.
    pub fn beats_all_at(&self, j: usize, rate: u64) -> Option<u64> {
        let r = self.rates.iter().position(|&x| x == rate)?;
        self.beats_all[j][r]
    }
}

/// The admin rates the break-even map covers, in whole currency units an hour:
/// from time counted as free (the 2016 write-up) to a contractor's rate.
pub const MAP_RATES: std::ops::RangeInclusive<u64> = 0..=150;

/// The break-even map's figures over [`MAP_RATES`].
pub fn break_even_map(c: &Comparison) -> BreakEvenSweep {
    admin_rate_sweep(c, MAP_RATES)
}

/// The break-even map's figures: each admin rate in `rates` replaces the
/// comparison's own.
///
/// Only what the rate changes is worked out again at each rate: the curves of
/// the models that take admin time, and the crossings of each self-hosted
/// model with each hosted plan. Those crossings give both the break-even and
/// the size from which the model beats every hosted plan as its headline says
/// it (its crossings with other self-hosted models only split its stretches
/// where nothing changes for it).
pub fn admin_rate_sweep(c: &Comparison, rates: impl IntoIterator<Item = u64>) -> BreakEvenSweep {
    let rates: Vec<u64> = rates.into_iter().collect();
    let of_kind = |kind| {
        (0..c.models.len())
            .filter(|&i| c.models[i].kind == kind)
            .collect::<Vec<usize>>()
    };
    let (self_hosted, hosted) = (of_kind(Kind::SelfHosted), of_kind(Kind::Hosted));
    // The rates are independent: half on another thread, as `plot` waits for
    // the map before it draws anything.
    let at = |rate| at_rate(c, rate, &self_hosted, &hosted);
    #[cfg(not(target_arch = "wasm32"))]
    let half = rates.len() / 2;
    // WebAssembly (`explore`'s page) has one thread.
    #[cfg(target_arch = "wasm32")]
    let figures: Vec<RateFigures> = rates.iter().map(|&r| at(r)).collect();
    #[cfg(not(target_arch = "wasm32"))]
    let figures: Vec<RateFigures> = std::thread::scope(|scope| {
        let later = scope.spawn(|| rates[half..].iter().map(|&r| at(r)).collect::<Vec<_>>());
        let mut figures: Vec<RateFigures> = rates[..half].iter().map(|&r| at(r)).collect();
        figures.extend(
            later
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e)),
        );
        figures
    });
    let break_even = (0..self_hosted.len())
        .map(|j| {
            (0..hosted.len())
                .map(|k| figures.iter().map(|f| f.break_even[j][k]).collect())
                .collect()
        })
        .collect();
    let beats_all = (0..self_hosted.len())
        .map(|j| figures.iter().map(|f| f.beats_all[j]).collect())
        .collect();
    BreakEvenSweep {
        rates,
        self_hosted,
        hosted,
        break_even,
        beats_all,
    }
}

/// One rate's figures: `break_even[j][k]` and `beats_all[j]` of [`BreakEvenSweep`].
struct RateFigures {
    break_even: Vec<Vec<Option<u64>>>,
    beats_all: Vec<Option<u64>>,
}

fn at_rate(c: &Comparison, rate: u64, self_hosted: &[usize], hosted: &[usize]) -> RateFigures {
    let a = c.assumptions.at_rate(Decimal::from(rate));
    let curves = curves_at(c, &a);
    let pairs: Vec<Vec<Option<Pair>>> = self_hosted
        .iter()
        .map(|&s| pairs_of(c, &curves, s, hosted))
        .collect();
    let break_even = self_hosted
        .iter()
        .zip(&pairs)
        .map(|(&s, pairs)| {
            let n =
                |pair: &Option<Pair>| pair.as_ref().and_then(|p| break_even_in(c, &curves, s, p));
            pairs.iter().map(n).collect()
        })
        .collect();
    let all_there =
        curves.iter().all(Option::is_some) && pairs.iter().flatten().all(Option::is_some);
    let beats_all = if all_there {
        self_hosted
            .iter()
            .zip(&pairs)
            .map(|(&s, pairs)| beats_all_of(c, &curves, s, hosted, pairs.iter().flatten()))
            .collect()
    } else {
        // A pair that crosses too often: the whole comparison again, as the headline does.
        let from = beats_all_from(c, &a);
        self_hosted.iter().map(|&s| from[s]).collect()
    };
    RateFigures {
        break_even,
        beats_all,
    }
}

/// Every model's curve under `a`, those that take no admin time as the
/// comparison has them (`None`: no price in force then).
fn curves_at<'c>(c: &'c Comparison, a: &Assumptions) -> Vec<Option<Cow<'c, Curve>>> {
    c.models
        .iter()
        .zip(&c.curves)
        .map(|(m, curve)| {
            if m.admin_hours().is_zero() && m.setup_hours().is_zero() {
                Some(Cow::Borrowed(curve))
            } else {
                Curve::of_model(m, a).map(Cow::Owned)
            }
        })
        .collect()
}

/// The crossings of self-hosted model `s` with each hosted plan (`None`: a
/// curve missing, or too many crossings to walk).
fn pairs_of(
    c: &Comparison,
    curves: &[Option<Cow<'_, Curve>>],
    s: usize,
    hosted: &[usize],
) -> Vec<Option<Pair>> {
    let model = |i: usize| Some((c.models[i].id.as_str(), &**curves[i].as_ref()?));
    let (from, to) = c.span();
    hosted
        .iter()
        .map(|&h| analyse_pair(model(s)?, model(h)?, from, to).ok())
        .collect()
}

/// From which size self-hosted model `s` costs no more than every hosted plan,
/// as its headline works it out, from its crossings with them.
fn beats_all_of<'p>(
    c: &Comparison,
    curves: &[Option<Cow<'_, Curve>>],
    s: usize,
    hosted: &[usize],
    pairs: impl IntoIterator<Item = &'p Pair>,
) -> Option<u64> {
    if hosted.is_empty() {
        return None;
    }
    let at = |i: usize, n| curves[i].as_ref().and_then(|curve| curve.at(n));
    let last = curves
        .iter()
        .flatten()
        .filter_map(|curve| curve.max_users());
    let sizes = turning_sizes(pairs, last, c.range);
    let beats = |n: u64, h: usize| match (at(s, n), at(h, n)) {
        (Some(own), Some(cost)) => own <= cost,
        (Some(_), None) => true,
        (None, _) => false,
    };
    let beats_all = |n| hosted.iter().all(|&h| beats(n, h));
    last_stretch(&sizes, c.range.to, beats_all).map(|(from, _)| from)
}

/// For each model of the comparison re-run under `a`: from which size it costs
/// no more than every hosted plan, as its headline says (`None` for the hosted
/// plans, and where it never does).
fn beats_all_from(c: &Comparison, a: &Assumptions) -> Vec<Option<u64>> {
    let again = Comparison::new(c.source.clone(), c.models.clone(), Vec::new(), c.range, *a);
    let mut from = vec![None; c.models.len()];
    for h in again.headlines().unwrap_or_default() {
        if let (Some(i), Verdict::BeatsAll { from: n, .. }) = (c.index(&h.model), h.verdict) {
            from[i] = Some(n);
        }
    }
    from
}

/// The smallest team size in the range from which model `s` (self-hosted) is no
/// more expensive than the other model of `pair`.
fn break_even_in(
    c: &Comparison,
    curves: &[Option<Cow<'_, Curve>>],
    s: usize,
    pair: &Pair,
) -> Option<u64> {
    let sid = c.models[s].id.as_str();
    let starts_cheaper = curves[s]
        .as_ref()
        .and_then(|sc| sc.at(c.range.from))
        .is_some();
    if pair.cheaper_at_start.as_deref() == Some(sid)
        || (pair.cheaper_at_start.is_none() && starts_cheaper)
    {
        return Some(c.range.from);
    }
    pair.crossings
        .iter()
        .find(|x| x.cheaper_from_here == sid)
        .map(|x| x.users)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::headline::Verdict;
    use crate::pricing::{Source, load};
    use crate::units::date::Date;
    use crate::units::range::UserRange;

    fn compare(scenario: &str, to: u64, rate: u64, as_of: &str) -> Comparison {
        let models = load::bundled_scenario(scenario).unwrap();
        let chosen = load::select(models, &[], &[], false).unwrap();
        let mut a = Assumptions::on(Date::parse(as_of).unwrap());
        a = a.at_rate(Decimal::from(rate));
        Comparison::new(
            Source::Bundled(scenario.into()),
            chosen.models,
            chosen.limited,
            UserRange::new(1, to, 1).unwrap(),
            a,
        )
    }

    /// At every swept rate: each break-even is the first size at which the
    /// self-hosted model costs no more than the hosted plan, found by trying
    /// every size; each "beats all from" is what the headline of the whole
    /// comparison re-run at that rate says.
    fn check(scenario: &str, to: u64, as_of: &str) {
        let c = compare(scenario, to, 60, as_of);
        let sweep = admin_rate_sweep(&c, (0..=150).step_by(5));
        assert!(!sweep.self_hosted.is_empty() && !sweep.hosted.is_empty());
        for (r, &rate) in sweep.rates.iter().enumerate() {
            let again = compare(scenario, to, rate, as_of);
            for (j, &s) in sweep.self_hosted.iter().enumerate() {
                for (k, &h) in sweep.hosted.iter().enumerate() {
                    let first =
                        (1..=to).find(|&n| match (again.monthly(s, n), again.monthly(h, n)) {
                            (Some(own), Some(cost)) => own <= cost,
                            (Some(_), None) => true,
                            (None, _) => false,
                        });
                    assert_eq!(
                        sweep.break_even[j][k][r], first,
                        "{scenario} {s} {h} at {rate}"
                    );
                }
                let said = again
                    .headlines()
                    .unwrap()
                    .into_iter()
                    .find_map(|h| match h.verdict {
                        Verdict::BeatsAll { from, .. } if h.model == c.models[s].id => Some(from),
                        _ => None,
                    });
                assert_eq!(
                    sweep.beats_all[j][r], said,
                    "{scenario} {} at {rate}",
                    c.models[s].id
                );
            }
        }
    }

    #[test]
    fn the_blog_sweep_agrees_with_every_size_and_every_headline() {
        check("blog-2016", 30, "2016-08-15");
    }

    #[test]
    fn todays_sweep_agrees_with_every_size_and_every_headline() {
        check("current", 100, "2026-11-25");
    }
}
