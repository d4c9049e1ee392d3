//! Percentiles of a cost at many team sizes without evaluating every draw at
//! every size: over a stretch where every draw's curve is one straight piece of
//! the same slope (fixed costs uncertain, per-seat prices exact), the draws
//! never change places, so the draw at P5 (P50, P95) is found once and its
//! cost is the percentile at each size of the stretch, exactly.

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use super::Uncertainty;
use super::odds::{Ranked, needed};
use crate::engine::curve::INF;

impl Uncertainty {
    /// Model `i`'s stretches, worked out once.
    pub(super) fn ranked(&self, i: usize) -> &[Ranked] {
        self.ranks[i].get_or_init(|| self.rank(i))
    }

    fn rank(&self, i: usize) -> Vec<Ranked> {
        let mut starts = BTreeSet::from([1]);
        for curve in &self.draws[i] {
            starts.extend(curve.pieces().iter().map(|p| p.from));
        }
        let starts: Vec<u64> = starts.into_iter().collect();
        starts
            .iter()
            .enumerate()
            .map(|(k, &from)| {
                let to = starts.get(k + 1).map_or(INF, |next| next - 1);
                Ranked {
                    from,
                    to,
                    picks: self.picks(i, from),
                }
            })
            .collect()
    }

    /// The draws at P5, P50 and P95 over the stretch that starts at `from`,
    /// when every draw is straight there with one slope.
    fn picks(&self, i: usize, from: u64) -> Option<[usize; 3]> {
        let mut slope: Option<Decimal> = None;
        let mut costs: Vec<(Decimal, usize)> = Vec::with_capacity(self.draws[i].len());
        for (d, curve) in self.draws[i].iter().enumerate() {
            let line = curve.piece_at(from).cost.as_ref()?;
            if !line.stairs.is_empty() || *slope.get_or_insert(line.slope) != line.slope {
                return None;
            }
            costs.push((line.at(from), d));
        }
        costs.sort_unstable();
        let at = |pct: u32| {
            let k = needed(costs.len() as u64, pct).clamp(1, costs.len() as u64) as usize;
            costs[k - 1].1
        };
        Some([at(5), at(50), at(95)])
    }
}
