//! Figures over the draws, from what each draw found: the quantiles of a team
//! size that some draws never reach, and the share of draws in which something
//! holds as a step function of team size (built from spans, never by scanning).

use crate::engine::breakeven::Span;

/// The smallest value at or below which at least `pct` % of `values` lie
/// (`values` must not be empty; they are reordered).
pub fn quantile<T: Ord + Copy>(values: &mut [T], pct: u32) -> T {
    let k = needed(values.len() as u64, pct).max(1) as usize;
    let k = k.min(values.len());
    *values.select_nth_unstable(k - 1).1
}

/// How many of `samples` draws make `pct` % of them (rounded up).
pub fn needed(samples: u64, pct: u32) -> u64 {
    (samples * u64::from(pct)).div_ceil(100)
}

/// A team size found in some draws and not in others (`None`: not in range).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Odds {
    pub samples: u32,
    /// The sizes of the draws that found one, smallest first.
    found: Vec<u64>,
}

impl Odds {
    pub fn new(per_draw: impl IntoIterator<Item = Option<u64>>) -> Odds {
        let mut samples = 0;
        let mut found = Vec::new();
        for size in per_draw {
            samples += 1;
            found.extend(size);
        }
        found.sort_unstable();
        Odds { samples, found }
    }

    /// The smallest team size at which the share of draws with a size at or
    /// below it reaches `pct` %; `None` when the draws that find none are too
    /// many for that.
    pub fn quantile(&self, pct: u32) -> Option<u64> {
        let k = needed(u64::from(self.samples), pct).max(1);
        self.found.get(k as usize - 1).copied()
    }

    /// The share of draws that find no size in range.
    pub fn never(&self) -> f64 {
        share(self.samples as usize - self.found.len(), self.samples)
    }
}

/// `count` of `samples` as a share from 0 to 1.
pub fn share(count: usize, samples: u32) -> f64 {
    if samples == 0 {
        0.0
    } else {
        count as f64 / f64::from(samples)
    }
}

/// The share of draws in which something holds, at each team size of
/// `from..=to`: from each step's size up to the next step, `count` draws hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chance {
    pub samples: u32,
    pub from: u64,
    pub to: u64,
    /// (size, count), the first at `from`, sizes increasing, counts changing.
    pub steps: Vec<(u64, u32)>,
}

impl Chance {
    /// From the spans where it holds in each draw.
    pub fn of_spans(per_draw: &[Vec<Span>], from: u64, to: u64) -> Chance {
        let mut events: Vec<(u64, i64)> = Vec::new();
        for spans in per_draw {
            for &(a, b) in spans {
                let (a, b) = (a.max(from), b.min(to));
                if a <= b {
                    events.push((a, 1));
                    if b < to {
                        events.push((b + 1, -1));
                    }
                }
            }
        }
        events.sort_unstable();
        let mut steps: Vec<(u64, u32)> = vec![(from, 0)];
        let mut count: i64 = 0;
        for (at, change) in events {
            count += change;
            match steps.last_mut() {
                Some(last) if last.0 == at => last.1 = count as u32,
                _ => steps.push((at, count as u32)),
            }
        }
        steps.dedup_by(|next, prev| next.1 == prev.1);
        Chance {
            samples: per_draw.len() as u32,
            from,
            to,
            steps,
        }
    }

    /// How many draws hold at `n`.
    pub fn count_at(&self, n: u64) -> u32 {
        let i = self.steps.partition_point(|s| s.0 <= n);
        self.steps.get(i.wrapping_sub(1)).map_or(0, |s| s.1)
    }

    /// The share of draws that hold at `n`.
    pub fn at(&self, n: u64) -> f64 {
        share(self.count_at(n) as usize, self.samples)
    }

    /// The stretches of team sizes over which at least `pct` % of the draws hold.
    pub fn at_least(&self, pct: u32) -> Vec<Span> {
        let needed = needed(u64::from(self.samples), pct).max(1);
        let mut spans: Vec<Span> = Vec::new();
        for (k, &(at, count)) in self.steps.iter().enumerate() {
            let end = self.steps.get(k + 1).map_or(self.to, |next| next.0 - 1);
            if u64::from(count) < needed {
                continue;
            }
            match spans.last_mut() {
                Some(last) if last.1 + 1 == at => last.1 = end,
                _ => spans.push((at, end)),
            }
        }
        spans
    }

    /// The start and end of the last stretch over which at least `pct` % of the
    /// draws hold ("90 % sure from 41 users").
    pub fn sure(&self, pct: u32) -> Option<Span> {
        self.at_least(pct).last().copied()
    }
}

/// Team sizes over which the draws of one model keep their order by cost (each
/// draw straight there, all with one slope), so that a percentile is one draw's
/// cost: `picks` are the draws at P5, P50 and P95; `None` where the order can
/// change and every draw must be evaluated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ranked {
    pub from: u64,
    pub to: u64,
    pub picks: Option<[usize; 3]>,
}

/// A self-hosted model against the cheapest hosted plan at each size, over the draws.
#[derive(Clone, Debug, PartialEq)]
pub struct BeatsAll {
    /// The model's index in the comparison.
    pub model: usize,
    /// In each draw, from which size it costs no more than every hosted plan
    /// (the start of the last stretch where it does, as its headline says it).
    pub from: Odds,
    /// The share of draws in which it costs no more than every hosted plan.
    pub chance: Chance,
}

/// Two models over the draws: where each costs no more than the other, and the
/// pair's first crossing.
#[derive(Clone, Debug, PartialEq)]
pub struct PairOdds {
    pub first_crossing: Odds,
    pub a: Chance,
    pub b: Chance,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_of_a_size_some_draws_never_reach() {
        // 10 draws: sizes 1..=8 and two that find none.
        let odds = Odds::new((1..=10).map(|n| (n <= 8).then_some(n)));
        assert_eq!(odds.quantile(10), Some(1));
        assert_eq!(odds.quantile(50), Some(5));
        assert_eq!(odds.quantile(80), Some(8));
        assert_eq!(odds.quantile(90), None);
        assert_eq!(odds.never(), 0.2);
        let mut v = vec![5, 3, 9, 1, 7];
        assert_eq!(quantile(&mut v, 50), 5);
        assert_eq!(quantile(&mut v, 5), 1);
        assert_eq!(quantile(&mut v, 95), 9);
    }

    #[test]
    fn a_chance_from_spans() {
        // Draw 1 holds on 3..=5, draw 2 on 4..=10 (the end), draw 3 never, draw 4 on 1..=1 and 8..=9.
        let draws = vec![vec![(3, 5)], vec![(4, 10)], vec![], vec![(1, 1), (8, 9)]];
        let c = Chance::of_spans(&draws, 1, 10);
        let counts: Vec<u32> = (1..=10).map(|n| c.count_at(n)).collect();
        assert_eq!(counts, [1, 0, 1, 2, 2, 1, 1, 2, 2, 1]);
        assert_eq!(c.steps[0], (1, 1));
        assert_eq!(c.at(4), 0.5);
        assert_eq!(c.at_least(50), [(4, 5), (8, 9)]);
        assert_eq!(c.sure(50), Some((8, 9)));
        assert_eq!(c.sure(75), None);
    }
}
