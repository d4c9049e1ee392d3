//! The `"uncertain"` objects of the JSON documents, present only when some
//! input in use is a range (schema in the README): per pair of `breakeven
//! --json`, the first crossing over the draws and the share of draws in which
//! each costs no more; per headline, the same against every hosted plan; in
//! `export --format json`, the inputs sampled.

use serde::Serialize;

use crate::engine::compare::Comparison;
use crate::engine::uncertain::Uncertainty;
use crate::engine::uncertain::odds::{Chance, Odds};
use crate::units::money::plain;

#[derive(Serialize)]
pub struct PairDoc {
    samples: u32,
    seed: u64,
    break_even: OddsDoc,
    p_no_more_expensive: Vec<SharesDoc>,
}

/// A team size over the draws: the smallest size by which 10, 50 and 90 % of
/// the draws have found one (`null` when too many never do), and the share
/// that never does within the range.
#[derive(Serialize)]
pub struct OddsDoc {
    p10: Option<u64>,
    p50: Option<u64>,
    p90: Option<u64>,
    never: f64,
}

impl From<&Odds> for OddsDoc {
    fn from(o: &Odds) -> Self {
        OddsDoc {
            p10: o.quantile(10),
            p50: o.quantile(50),
            p90: o.quantile(90),
            never: o.never(),
        }
    }
}

/// From `users` on (up to the next entry): the share of draws in which `a`
/// costs no more than `b`, and in which `b` costs no more than `a`.
#[derive(Serialize)]
struct SharesDoc {
    users: u64,
    a: f64,
    b: f64,
}

#[derive(Serialize)]
pub struct HeadlineDoc {
    samples: u32,
    seed: u64,
    beats_all_from: OddsDoc,
    p_beats_all: Vec<ShareDoc>,
}

/// From `users` on (up to the next entry): the share of draws in which it holds.
#[derive(Serialize)]
struct ShareDoc {
    users: u64,
    p: f64,
}

fn shares(c: &Chance) -> Vec<ShareDoc> {
    c.steps
        .iter()
        .map(|&(users, _)| ShareDoc {
            users,
            p: c.at(users),
        })
        .collect()
}

/// The pair of models `a` and `b` (ids) over the draws, when either moves.
pub fn pair(c: &Comparison, a: &str, b: &str) -> crate::error::Result<Option<PairDoc>> {
    let (Some(u), Some(i), Some(j)) = (c.uncertainty(), c.index(a), c.index(b)) else {
        return Ok(None);
    };
    let Some(odds) = u.pair(i, j)? else {
        return Ok(None);
    };
    let mut sizes: Vec<u64> = odds
        .a
        .steps
        .iter()
        .chain(&odds.b.steps)
        .map(|s| s.0)
        .collect();
    sizes.sort_unstable();
    sizes.dedup();
    Ok(Some(PairDoc {
        samples: u.samples,
        seed: u.seed,
        break_even: OddsDoc::from(&odds.first_crossing),
        p_no_more_expensive: sizes
            .into_iter()
            .map(|users| SharesDoc {
                users,
                a: odds.a.at(users),
                b: odds.b.at(users),
            })
            .collect(),
    }))
}

/// Self-hosted model `id` against every hosted plan over the draws.
pub fn headline(c: &Comparison, id: &str) -> crate::error::Result<Option<HeadlineDoc>> {
    let (Some(u), Some(i)) = (c.uncertainty(), c.index(id)) else {
        return Ok(None);
    };
    Ok(u.beats_all()?
        .iter()
        .find(|b| b.model == i)
        .map(|b| HeadlineDoc {
            samples: u.samples,
            seed: u.seed,
            beats_all_from: OddsDoc::from(&b.from),
            p_beats_all: shares(&b.chance),
        }))
}

/// The inputs sampled, for `export --format json`.
#[derive(Serialize)]
pub struct InputsDoc {
    samples: u32,
    seed: u64,
    inputs: Vec<InputDoc>,
}

#[derive(Serialize)]
struct InputDoc {
    id: String,
    label: String,
    distribution: &'static str,
    low: String,
    likely: String,
    high: String,
    source: Option<String>,
}

impl From<&Uncertainty> for InputsDoc {
    fn from(u: &Uncertainty) -> Self {
        let exact = |d: rust_decimal::Decimal| d.normalize().to_string();
        InputsDoc {
            samples: u.samples,
            seed: u.seed,
            inputs: u
                .inputs
                .iter()
                .map(|i| InputDoc {
                    id: i.id.clone(),
                    label: i.label.clone(),
                    distribution: i.spread.shape(),
                    low: exact(i.spread.low),
                    likely: exact(i.spread.likely()),
                    high: exact(i.spread.high),
                    source: i.source.clone(),
                })
                .collect(),
        }
    }
}

/// P5, P50 and P95 of a monthly cost, as the rows give them.
pub fn monthly(c: &Comparison, i: usize, n: u64) -> Option<[String; 3]> {
    let q = c.uncertainty()?.monthly(i, n)?;
    Some([plain(q.p5), plain(q.p50), plain(q.p95)])
}
