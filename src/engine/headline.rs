//! The answer a reader wants first, per self-hosted model: from which team size
//! it costs no more than every hosted plan, and which hosted plan it overtakes
//! last; plus the break-evens grouped so that plans at one price are told once.

use rust_decimal::Decimal;

use super::breakeven::{Cause, Crossing, LimitError, Pair};
use super::compare::{Comparison, PairCrossing};
use crate::pricing::model::Kind;
use crate::units::range::UserRange;

/// One self-hosted model's answer over the comparison's range.
#[derive(Clone, Debug, PartialEq)]
pub struct Headline {
    /// The self-hosted model's id.
    pub model: String,
    pub verdict: Verdict,
    /// The largest team size the model serves, when it stops inside the range.
    pub max_users: Option<u64>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// For `from..=to` users it costs no more than every hosted plan that can
    /// serve that size (the last such stretch in the range). `rival`: the hosted
    /// plan cheapest just before `from` (`None` when `from` is the range's start).
    BeatsAll {
        from: u64,
        to: u64,
        rival: Option<Rival>,
    },
    /// It never does; `best` is the cheapest hosted plan (by cost per user) it does
    /// cost no more than somewhere in the range, `None` when it beats none.
    Never { best: Option<Rival> },
    /// No hosted plan is compared, so there is nothing to beat.
    NoHosted,
}

/// A hosted plan and where the self-hosted model first costs no more than it.
#[derive(Clone, Debug, PartialEq)]
pub struct Rival {
    pub id: String,
    pub from: u64,
    /// The hosted plan's and the self-hosted model's monthly cost at `from`.
    pub cost: Decimal,
    pub own: Decimal,
}

impl Rival {
    /// Both cost the same at `from`.
    pub fn tie(&self) -> bool {
        self.cost == self.own
    }

    /// The two costs differ by less than a cent a user at `from` (a tie in words).
    pub fn near_tie(&self) -> bool {
        (self.cost - self.own).abs() < near_tie_margin() * Decimal::from(self.from)
    }
}

/// Break-evens at one team size told in one sentence: every winner crosses every
/// loser there, the winners all at one cost and the losers all at another.
#[derive(Clone, Debug)]
pub struct CrossingGroup<'a> {
    /// One of the crossings, standing for all.
    pub first: PairCrossing<'a>,
    pub winners: Vec<String>,
    pub losers: Vec<String>,
    /// The two costs differ by less than a cent a user at the crossing size.
    pub near_tie: bool,
}

/// Under this much a user a month, two costs are said to be the same.
pub fn near_tie_margin() -> Decimal {
    Decimal::new(1, 2)
}

impl Comparison {
    /// One headline per self-hosted model, the best answer first: those that beat
    /// every hosted plan by the size they do it from, then the others (id order
    /// among equals).
    pub fn headlines(&self) -> Result<Vec<Headline>, LimitError> {
        let a = self.analysis()?;
        let hosted: Vec<&str> = self.ids(Kind::Hosted);
        let mut all: Vec<Headline> = self
            .ids(Kind::SelfHosted)
            .into_iter()
            .map(|id| {
                let sizes = self.turning_sizes(&a.pairs, id);
                Headline {
                    model: id.to_string(),
                    verdict: self.verdict(id, &hosted, &sizes),
                    max_users: self.max_users(id).filter(|&m| m < a.to),
                }
            })
            .collect();
        all.sort_by_key(|h| match h.verdict {
            Verdict::BeatsAll { from, to, .. } => (0, from, u64::MAX - to),
            Verdict::Never { .. } => (1, 0, 0),
            Verdict::NoHosted => (2, 0, 0),
        });
        Ok(all)
    }

    fn ids(&self, kind: Kind) -> Vec<&str> {
        self.models
            .iter()
            .filter(|m| m.kind == kind)
            .map(|m| m.id.as_str())
            .collect()
    }

    /// The sizes at which how `id` compares with another model can change.
    fn turning_sizes(&self, pairs: &[Pair], id: &str) -> Vec<u64> {
        let last = self.models.iter().filter_map(|m| self.max_users(&m.id));
        turning_sizes(
            pairs.iter().filter(|p| p.a == id || p.b == id),
            last,
            self.range,
        )
    }

    fn verdict(&self, id: &str, hosted: &[&str], sizes: &[u64]) -> Verdict {
        if hosted.is_empty() {
            return Verdict::NoHosted;
        }
        let beats = |n: u64, h: &str| match (self.monthly_of(id, n), self.monthly_of(h, n)) {
            (Some(own), Some(cost)) => own <= cost,
            (Some(_), None) => true,
            (None, _) => false,
        };
        let beats_all = |n| hosted.iter().all(|h| beats(n, h));
        match last_stretch(sizes, self.range.to, beats_all) {
            Some((from, to)) => Verdict::BeatsAll {
                from,
                to,
                rival: (from > self.range.from)
                    .then(|| self.cheapest_hosted(hosted, from - 1))
                    .flatten()
                    .and_then(|h| self.rival(id, h, from)),
            },
            None => Verdict::Never {
                best: self.best_beaten(id, hosted, sizes, beats),
            },
        }
    }

    /// The hosted plan cheapest at `n` (the first in id order among equals).
    fn cheapest_hosted<'a>(&self, hosted: &[&'a str], n: u64) -> Option<&'a str> {
        hosted
            .iter()
            .filter_map(|&h| self.monthly_of(h, n).map(|v| (v, h)))
            .min()
            .map(|(_, h)| h)
    }

    fn rival(&self, id: &str, hosted: &str, from: u64) -> Option<Rival> {
        Some(Rival {
            id: hosted.to_string(),
            from,
            cost: self.monthly_of(hosted, from)?,
            own: self.monthly_of(id, from)?,
        })
    }

    /// Of the hosted plans `id` costs no more than somewhere, the one cheapest
    /// per user where that first happens.
    fn best_beaten(
        &self,
        id: &str,
        hosted: &[&str],
        sizes: &[u64],
        beats: impl Fn(u64, &str) -> bool,
    ) -> Option<Rival> {
        hosted
            .iter()
            .filter_map(|&h| {
                let n = sizes
                    .iter()
                    .copied()
                    .find(|&n| self.monthly_of(h, n).is_some() && beats(n, h))?;
                self.rival(id, h, n)
            })
            .min_by_key(|r| r.cost / Decimal::from(r.from))
    }

    /// The two costs of a price crossing differ by less than a cent a user.
    pub fn near_tie(&self, pair: &Pair, x: &Crossing) -> bool {
        if x.cause != Cause::Price || x.tie {
            return false;
        }
        match (
            self.monthly_of(&pair.a, x.users),
            self.monthly_of(&pair.b, x.users),
        ) {
            (Some(a), Some(b)) => (a - b).abs() < near_tie_margin() * Decimal::from(x.users),
            _ => false,
        }
    }

    /// Plans that stop inside the range: (id, the largest team size served).
    pub fn stops(&self) -> Vec<(&str, u64)> {
        self.models
            .iter()
            .filter_map(|m| {
                let max = self.max_users(&m.id)?;
                (max >= self.range.from && max < self.range.to).then_some((m.id.as_str(), max))
            })
            .collect()
    }

    /// A crossing that only says the loser stops (told once per plan by `stops`).
    pub fn is_stop(&self, pair: &Pair, x: &Crossing) -> bool {
        let loser = if x.cheaper_from_here == pair.a {
            &pair.b
        } else {
            &pair.a
        };
        x.cause == Cause::Unavailable && self.max_users(loser).is_some_and(|m| m + 1 == x.users)
    }

    /// The break-evens by team size, stops left out, plans at one price together.
    pub fn crossing_groups(&self) -> Result<Vec<CrossingGroup<'_>>, LimitError> {
        let all: Vec<PairCrossing<'_>> = self
            .crossings_by_size()?
            .into_iter()
            .filter(|x| !self.is_stop(x.pair, x.crossing))
            .collect();
        let mut groups: Vec<CrossingGroup<'_>> = Vec::new();
        let mut used = vec![false; all.len()];
        for i in 0..all.len() {
            if used[i] {
                continue;
            }
            let key = self.group_key(&all[i]);
            let same: Vec<usize> = (i..all.len())
                .filter(|&j| !used[j] && self.group_key(&all[j]) == key)
                .collect();
            let (group, members) = match self.group(&all, &same) {
                Some(group) => (group, same),
                None => (self.group(&all, &[i]).expect("a crossing alone"), vec![i]),
            };
            members.iter().for_each(|&j| used[j] = true);
            groups.push(group);
        }
        Ok(groups)
    }

    /// What crossings must share to be told together.
    fn group_key(&self, x: &PairCrossing<'_>) -> GroupKey {
        let (w, l) = winner_loser(x);
        let n = x.crossing.users;
        GroupKey {
            users: n,
            cause: x.crossing.cause,
            tie: x.crossing.tie,
            exact: x.crossing.exact,
            winner: self.monthly_of(w, n),
            loser: self.monthly_of(l, n),
        }
    }

    /// The crossings `members` as one group, if every winner crosses every loser.
    fn group<'a>(&self, all: &[PairCrossing<'a>], members: &[usize]) -> Option<CrossingGroup<'a>> {
        let mut winners: Vec<String> = Vec::new();
        let mut losers: Vec<String> = Vec::new();
        for &j in members {
            let (w, l) = winner_loser(&all[j]);
            if !winners.iter().any(|x| x == w) {
                winners.push(w.to_string());
            }
            if !losers.iter().any(|x| x == l) {
                losers.push(l.to_string());
            }
        }
        if winners.len() * losers.len() != members.len()
            || winners.iter().any(|w| losers.contains(w))
        {
            return None;
        }
        let first = all[members[0]];
        Some(CrossingGroup {
            first,
            winners,
            losers,
            near_tie: self.near_tie(first.pair, first.crossing),
        })
    }
}

/// The team sizes at which how a model compares with others can change: the
/// range's start, both sides of each crossing of its `pairs`, and the size
/// after each model's `last` (the largest it serves).
pub(crate) fn turning_sizes<'a>(
    pairs: impl IntoIterator<Item = &'a Pair>,
    last: impl IntoIterator<Item = u64>,
    range: UserRange,
) -> Vec<u64> {
    let (from, to) = (range.from, range.to);
    let mut sizes = vec![from];
    for pair in pairs {
        for x in &pair.crossings {
            sizes.extend([x.users, x.users.saturating_add(1)]);
        }
    }
    sizes.extend(last.into_iter().map(|n| n.saturating_add(1)));
    sizes.retain(|&n| n >= from && n <= to);
    sizes.sort_unstable();
    sizes.dedup();
    sizes
}

/// The last stretch of team sizes up to `to` where `beats_all` holds: `sizes`
/// ([`turning_sizes`]) are where it can change, each standing for the sizes up
/// to the next.
pub(crate) fn last_stretch(
    sizes: &[u64],
    to: u64,
    beats_all: impl Fn(u64) -> bool,
) -> Option<(u64, u64)> {
    let mut stretch: Option<(u64, u64)> = None;
    for (i, &n) in sizes.iter().enumerate() {
        let end = sizes.get(i + 1).map_or(to, |next| next - 1);
        if beats_all(n) {
            stretch = match stretch {
                Some((start, last)) if last + 1 == n => Some((start, end)),
                _ => Some((n, end)),
            };
        }
    }
    stretch
}

#[derive(PartialEq)]
struct GroupKey {
    users: u64,
    cause: Cause,
    tie: bool,
    exact: Option<Decimal>,
    winner: Option<Decimal>,
    loser: Option<Decimal>,
}

/// (the model no more expensive from the crossing on, the other one).
pub fn winner_loser<'a>(x: &PairCrossing<'a>) -> (&'a str, &'a str) {
    let w = x.crossing.cheaper_from_here.as_str();
    let l = if w == x.pair.a { &x.pair.b } else { &x.pair.a };
    (w, l.as_str())
}

#[cfg(test)]
mod tests;
