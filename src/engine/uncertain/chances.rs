//! How sure the answers are: in each draw, where each self-hosted model costs
//! no more than every hosted plan, and where each of two models costs no more
//! than the other, from the pieces of that draw's curves.

use super::Uncertainty;
use super::odds::{BeatsAll, Chance, Odds, PairOdds};
use crate::engine::breakeven::{
    LimitError, Span, cheapest_curve, no_more_expensive, pair_and_order,
};
use crate::engine::curve::Curve;
use crate::pricing::model::Kind;

impl Uncertainty {
    /// Per self-hosted model (in the comparison's order), against the cheapest
    /// hosted plan at each size: from which size it costs no more in each draw,
    /// and in what share of the draws it does at each size. Empty without
    /// hosted plans.
    pub fn beats_all(&self) -> Result<&[BeatsAll], LimitError> {
        let found = self.beats_all.get_or_init(|| self.find_beats_all());
        found.as_deref().map_err(Clone::clone)
    }

    fn find_beats_all(&self) -> Result<Vec<BeatsAll>, LimitError> {
        let (hosted, self_hosted) = (self.of_kind(Kind::Hosted), self.of_kind(Kind::SelfHosted));
        if hosted.is_empty() {
            return Ok(Vec::new());
        }
        let moved = hosted.iter().any(|&h| self.moves(h));
        let cheapest_in = |d: usize| {
            let curves: Vec<&Curve> = hosted.iter().map(|&h| self.curve(h, d)).collect();
            cheapest_curve(&curves, self.from, self.to).ok_or_else(|| self.too_many(&hosted))
        };
        let fixed = if moved { None } else { Some(cheapest_in(0)?) };
        let mut spans: Vec<Vec<Vec<Span>>> = vec![Vec::new(); self_hosted.len()];
        for d in 0..self.samples as usize {
            let drawn;
            let cheapest = match &fixed {
                Some(c) => c,
                None => {
                    drawn = cheapest_in(d)?;
                    &drawn
                }
            };
            for (j, &s) in self_hosted.iter().enumerate() {
                let order = no_more_expensive(self.curve(s, d), cheapest, self.from, self.to)
                    .ok_or_else(|| self.too_many(&[s]))?;
                spans[j].push(order.a);
            }
        }
        Ok(self_hosted
            .iter()
            .zip(spans)
            .map(|(&s, per_draw)| BeatsAll {
                model: s,
                from: Odds::new(per_draw.iter().map(|d| d.last().map(|l| l.0))),
                chance: Chance::of_spans(&per_draw, self.from, self.to),
            })
            .collect())
    }

    /// Models `a` and `b` over the draws (worked out once, then kept); `None`
    /// when neither moves.
    pub fn pair(&self, a: usize, b: usize) -> Result<Option<&PairOdds>, LimitError> {
        if !self.moves(a) && !self.moves(b) {
            return Ok(None);
        }
        let cell = &self.pairs[a * self.models.len() + b];
        let found = cell.get_or_init(|| self.find_pair(a, b));
        found.as_ref().map(Some).map_err(Clone::clone)
    }

    fn find_pair(&self, a: usize, b: usize) -> Result<PairOdds, LimitError> {
        let (ida, idb) = (self.models[a].id.as_str(), self.models[b].id.as_str());
        let mut first = Vec::new();
        let (mut for_a, mut for_b) = (Vec::new(), Vec::new());
        for d in 0..self.samples as usize {
            let (ca, cb) = (self.curve(a, d), self.curve(b, d));
            let (pair, order) = pair_and_order((ida, ca), (idb, cb), self.from, self.to)
                .ok_or_else(|| self.too_many(&[a, b]))?;
            first.push(pair.crossings.first().map(|x| x.users));
            for_a.push(order.a);
            for_b.push(order.b);
        }
        Ok(PairOdds {
            first_crossing: Odds::new(first),
            a: Chance::of_spans(&for_a, self.from, self.to),
            b: Chance::of_spans(&for_b, self.from, self.to),
        })
    }
}
