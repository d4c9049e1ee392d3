//! The comparison re-run under other assumptions. The break-even map sweeps the
//! admin rate; any sweep over an assumption (and the sampling of uncertain
//! inputs) belongs here, so views only lay out what it returns.

use rust_decimal::Decimal;

use super::Assumptions;
use super::breakeven::analyse;
use super::compare::Comparison;
use super::curve::Curve;
use super::headline::Verdict;
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

/// Every model's curve under `a` (`None`: no price in force then).
pub fn curves_under(c: &Comparison, a: &Assumptions) -> Vec<Option<Curve>> {
    c.models.iter().map(|m| Curve::of_model(m, a)).collect()
}

/// The break-even map's figures: each admin rate in `rates` replaces the
/// comparison's own.
pub fn admin_rate_sweep(c: &Comparison, rates: impl IntoIterator<Item = u64>) -> BreakEvenSweep {
    let rates: Vec<u64> = rates.into_iter().collect();
    let of_kind = |kind| {
        (0..c.models.len())
            .filter(|&i| c.models[i].kind == kind)
            .collect::<Vec<usize>>()
    };
    let (self_hosted, hosted) = (of_kind(Kind::SelfHosted), of_kind(Kind::Hosted));
    let mut break_even =
        vec![vec![Vec::with_capacity(rates.len()); hosted.len()]; self_hosted.len()];
    let mut beats_all = vec![Vec::with_capacity(rates.len()); self_hosted.len()];
    for &rate in &rates {
        let a = Assumptions {
            admin_rate: Decimal::from(rate),
            ..c.assumptions
        };
        let curves = curves_under(c, &a);
        for (j, &s) in self_hosted.iter().enumerate() {
            for (k, &h) in hosted.iter().enumerate() {
                break_even[j][k].push(break_even_of(c, &curves, s, h));
            }
        }
        let from = beats_all_from(c, &a);
        for (j, &s) in self_hosted.iter().enumerate() {
            beats_all[j].push(from[s]);
        }
    }
    BreakEvenSweep {
        rates,
        self_hosted,
        hosted,
        break_even,
        beats_all,
    }
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
/// more expensive than model `h`, with these curves.
fn break_even_of(c: &Comparison, curves: &[Option<Curve>], s: usize, h: usize) -> Option<u64> {
    let (sc, hc) = (curves[s].as_ref()?, curves[h].as_ref()?);
    let (sid, hid) = (c.models[s].id.as_str(), c.models[h].id.as_str());
    let result = analyse(&[(sid, sc), (hid, hc)], c.range.from, c.range.to).ok()?;
    let pair = result.pairs.first()?;
    if pair.cheaper_at_start.as_deref() == Some(sid)
        || (pair.cheaper_at_start.is_none() && sc.at(c.range.from).is_some())
    {
        return Some(c.range.from);
    }
    pair.crossings
        .iter()
        .find(|x| x.cheaper_from_here == sid)
        .map(|x| x.users)
}
