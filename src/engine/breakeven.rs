//! Exact break-evens and cheapest stretches, worked out from curve pieces.
//!
//! For a pair of models (a, b) the difference a − b is linear on each run of team
//! sizes where both stay in one piece (and, for licence blocks, in one block), so
//! its sign changes at most once there and the change is found by solving a linear
//! equation. A range of a billion team sizes costs as much as a range of thirty.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::curve::{Curve, Linear, Overlap};

/// Work allowed for block-priced models whose average per-user prices cancel
/// exactly: their difference then repeats forever and must be walked block by block.
pub const STEP_BUDGET: u64 = 5_000_000;
/// More crossings than this for one pair means a periodic tie; we stop and say so.
pub const MAX_CROSSINGS: usize = 10_000;
/// Runs kept for one pair: every second change of state is a crossing, so more
/// runs than this mean more than `MAX_CROSSINGS` crossings (and memory stays small).
const MAX_RUNS: usize = 4 * MAX_CROSSINGS + 8;

/// Break-evens too many to walk; worded by `cmd::words`, which names the
/// option that narrows the range.
#[derive(Clone, Debug, PartialEq)]
pub enum LimitError {
    /// `a` and `b` (licence blocks whose average price per user is the same)
    /// cross more than [`MAX_CROSSINGS`] times or have more than
    /// [`STEP_BUDGET`] blocks to walk between `from` and `to` users.
    TooManyCrossings {
        a: String,
        b: String,
        from: u64,
        to: u64,
    },
}

impl std::error::Error for LimitError {}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    Price,
    Unavailable,
}

impl Cause {
    pub fn as_str(self) -> &'static str {
        match self {
            Cause::Price => "price",
            Cause::Unavailable => "unavailable",
        }
    }
}

/// A team size from which the model that was cheaper just before is no longer the
/// cheaper one (or, after a tie or a start at equal cost, from which one pulls ahead).
#[derive(Clone, Debug, PartialEq)]
pub struct Crossing {
    pub users: u64,
    /// The model that is no more expensive from here.
    pub cheaper_from_here: String,
    /// Both cost the same at `users`.
    pub tie: bool,
    /// Where the two straight cost lines meet, when both are straight around `users`.
    pub exact: Option<Decimal>,
    pub cause: Cause,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    pub a: String,
    pub b: String,
    /// `None` when both cost the same at the first team size, or neither is available.
    pub cheaper_at_start: Option<String>,
    pub crossings: Vec<Crossing>,
}

/// A maximal run of team sizes with the same set of cheapest models (empty: none
/// of the models can serve these sizes).
#[derive(Clone, Debug, PartialEq)]
pub struct Stretch {
    pub from: u64,
    pub to: u64,
    pub models: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    pub from: u64,
    pub to: u64,
    pub pairs: Vec<Pair>,
    pub cheapest: Vec<Stretch>,
}

/// Crossings of every pair (ordered by id, each pair once) and the cheapest
/// stretches over every team size in `from..=to`.
pub fn analyse(models: &[(&str, &Curve)], from: u64, to: u64) -> Result<Analysis, LimitError> {
    let mut sorted: Vec<(&str, &Curve)> = models.to_vec();
    sorted.sort_by(|x, y| x.0.cmp(y.0));
    let mut budget = STEP_BUDGET;
    let mut boundaries = BTreeSet::from([from]);
    let mut pairs = Vec::new();
    for (i, &a) in sorted.iter().enumerate() {
        for &b in &sorted[i + 1..] {
            let (pair, runs) = pair_in(a, b, (from, to), &mut budget)?;
            boundaries.extend(runs.iter().map(|r| r.from));
            pairs.push(pair);
        }
    }
    for (_, curve) in &sorted {
        boundaries.extend(
            curve
                .pieces()
                .iter()
                .map(|p| p.from)
                .filter(|&n| n >= from && n <= to),
        );
    }
    Ok(Analysis {
        from,
        to,
        pairs,
        cheapest: cheapest(&sorted, &boundaries, to),
    })
}

/// The crossings of one pair alone, as [`analyse`] finds them among others
/// (ids in order), without the cheapest stretches: a sweep re-runs single pairs
/// many times. The pair has the whole walking budget to itself.
pub fn analyse_pair(
    x: (&str, &Curve),
    y: (&str, &Curve),
    from: u64,
    to: u64,
) -> Result<Pair, LimitError> {
    let (a, b) = if x.0 <= y.0 { (x, y) } else { (y, x) };
    let mut budget = STEP_BUDGET;
    pair_in(a, b, (from, to), &mut budget).map(|(pair, _)| pair)
}

/// The crossings of `a` and `b` (`a` first by id) and the runs they come from.
fn pair_in(
    (a_id, a): (&str, &Curve),
    (b_id, b): (&str, &Curve),
    (from, to): (u64, u64),
    budget: &mut u64,
) -> Result<(Pair, Vec<Run>), LimitError> {
    let too_many = || LimitError::TooManyCrossings {
        a: a_id.to_string(),
        b: b_id.to_string(),
        from,
        to,
    };
    let runs = pair_runs(a, b, from, to, budget).ok_or_else(too_many)?;
    let pair = crossings(&runs, a_id, b_id);
    if pair.crossings.len() > MAX_CROSSINGS {
        return Err(too_many());
    }
    Ok((pair, runs))
}

/// Team sizes `from..=to`, both ends included.
pub type Span = (u64, u64);

/// Where each of two models is available and costs no more than the other
/// (or the other cannot serve that size), over a range of team sizes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NoMoreExpensive {
    pub a: Vec<Span>,
    pub b: Vec<Span>,
}

/// Where `a` and where `b` cost no more than the other in `from..=to`, worked out
/// from the pieces as the crossings are; `None` when licence blocks tie so often
/// that the work budget runs out (see [`LimitError`]).
pub fn no_more_expensive(a: &Curve, b: &Curve, from: u64, to: u64) -> Option<NoMoreExpensive> {
    let runs = pair_runs(a, b, from, to, &mut STEP_BUDGET.clone())?;
    Some(order(&runs))
}

/// The pair's crossings (as [`analyse`] finds them) and where each costs no
/// more than the other, from one walk over the pieces; `None` as for
/// [`no_more_expensive`] (or with more crossings than [`analyse`] allows).
pub fn pair_and_order(
    (a_id, a): (&str, &Curve),
    (b_id, b): (&str, &Curve),
    from: u64,
    to: u64,
) -> Option<(Pair, NoMoreExpensive)> {
    let runs = pair_runs(a, b, from, to, &mut STEP_BUDGET.clone())?;
    let pair = crossings(&runs, a_id, b_id);
    (pair.crossings.len() <= MAX_CROSSINGS).then(|| (pair, order(&runs)))
}

fn order(runs: &[Run]) -> NoMoreExpensive {
    let mut out = NoMoreExpensive::default();
    for r in runs {
        let (for_a, for_b) = match r.state {
            State::Cheaper(Side::A) => (true, false),
            State::Cheaper(Side::B) => (false, true),
            State::Tie => (true, true),
            State::Neither => (false, false),
        };
        for (holds, spans) in [(for_a, &mut out.a), (for_b, &mut out.b)] {
            match spans.last_mut() {
                Some(last) if holds && last.1 + 1 == r.from => last.1 = r.to,
                _ if holds => spans.push((r.from, r.to)),
                _ => {}
            }
        }
    }
    out
}

/// The cheapest of `curves` at each team size of `from..=to` (unavailable where
/// none can serve it, and outside the range): one curve, so that "no more than
/// every one of them" is one comparison. `None` as for [`no_more_expensive`].
pub fn cheapest_curve(curves: &[&Curve], from: u64, to: u64) -> Option<Curve> {
    let (first, rest) = curves.split_first()?;
    let mut cheapest = Curve::spliced(&[(from, to, first)]);
    for next in rest {
        let runs = pair_runs(&cheapest, next, from, to, &mut STEP_BUDGET.clone())?;
        let parts: Vec<(u64, u64, &Curve)> = runs
            .iter()
            .map(|r| {
                let side = if r.state == State::Cheaper(Side::B) {
                    *next
                } else {
                    &cheapest
                };
                (r.from, r.to, side)
            })
            .collect();
        cheapest = Curve::spliced(&parts);
    }
    Some(cheapest)
}

/// The models with the lowest cost at `n`, in id order.
pub fn cheapest_at(models: &[(&str, &Curve)], n: u64) -> Vec<String> {
    let costs: Vec<(&str, Decimal)> = models
        .iter()
        .filter_map(|(id, c)| c.at(n).map(|v| (*id, v)))
        .collect();
    let Some(min) = costs.iter().map(|(_, v)| *v).min() else {
        return Vec::new();
    };
    let mut ids: Vec<String> = costs
        .iter()
        .filter(|(_, v)| *v == min)
        .map(|(id, _)| id.to_string())
        .collect();
    ids.sort();
    ids
}

fn cheapest(models: &[(&str, &Curve)], boundaries: &BTreeSet<u64>, to: u64) -> Vec<Stretch> {
    let mut stretches: Vec<Stretch> = Vec::new();
    let starts: Vec<u64> = boundaries.iter().copied().collect();
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(to, |next| next - 1);
        let ids = cheapest_at(models, start);
        match stretches.last_mut() {
            Some(last) if last.models == ids => last.to = end,
            _ => stretches.push(Stretch {
                from: start,
                to: end,
                models: ids,
            }),
        }
    }
    stretches
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    A,
    B,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Cheaper(Side),
    Tie,
    /// Neither model can serve these team sizes.
    Neither,
}

/// Team sizes over which the comparison of a and b does not change. `first` and
/// `last` hold the straight line (c, s) of a − b = c + s·n at the run's two ends,
/// when it is one.
#[derive(Clone, Debug)]
struct Run {
    from: u64,
    to: u64,
    state: State,
    unavailable: bool,
    first: Option<(Decimal, Decimal)>,
    last: Option<(Decimal, Decimal)>,
}

fn push(out: &mut Vec<Run>, run: Run) {
    if run.from > run.to {
        return;
    }
    match out.last_mut() {
        Some(last) if last.state == run.state && last.unavailable == run.unavailable => {
            last.to = run.to;
            last.last = run.last;
        }
        _ => out.push(run),
    }
}

fn run(from: u64, to: u64, state: State, line: Option<(Decimal, Decimal)>) -> Run {
    Run {
        from,
        to,
        state,
        unavailable: false,
        first: line,
        last: line,
    }
}

fn state_of(difference: Decimal) -> State {
    if difference < Decimal::ZERO {
        State::Cheaper(Side::A)
    } else if difference > Decimal::ZERO {
        State::Cheaper(Side::B)
    } else {
        State::Tie
    }
}

fn pair_runs(a: &Curve, b: &Curve, from: u64, to: u64, budget: &mut u64) -> Option<Vec<Run>> {
    let mut out = Vec::new();
    for (lo, hi, pa, pb) in Overlap::new(a, b) {
        if hi < from {
            continue;
        }
        if lo > to {
            break;
        }
        let (lo, hi) = (lo.max(from), hi.min(to));
        let unavailable = |state| Run {
            unavailable: true,
            ..run(lo, hi, state, None)
        };
        match (&pa.cost, &pb.cost) {
            (None, None) => push(&mut out, unavailable(State::Neither)),
            (Some(_), None) => push(&mut out, unavailable(State::Cheaper(Side::A))),
            (None, Some(_)) => push(&mut out, unavailable(State::Cheaper(Side::B))),
            (Some(x), Some(y)) => difference_runs(&x.minus(y), lo, hi, budget, &mut out)?,
        }
    }
    Some(out)
}

/// Runs of a − b = `d` over `lo..=hi`, where `d` may hold block stairs.
fn difference_runs(
    d: &Linear,
    lo: u64,
    hi: u64,
    budget: &mut u64,
    out: &mut Vec<Run>,
) -> Option<()> {
    if d.stairs.is_empty() {
        linear_runs(d.base, d.slope, lo, hi, out);
        return Some(());
    }
    let Some(window) = sign_window(d, lo, hi) else {
        push(out, run(lo, hi, state_of(d.at(lo)), None));
        return Some(());
    };
    if window.from > lo {
        push(out, run(lo, window.from - 1, state_of(d.at(lo)), None));
    }
    walk_blocks(d, &window, budget, out)?;
    if window.to < hi {
        push(out, run(window.to + 1, hi, state_of(d.at(hi)), None));
    }
    Some(())
}

/// The straight line that a difference with block stairs stays close to, and
/// how far below and above it the stairs can take the difference.
struct Band {
    slope: Decimal,
    low: Decimal,
    high: Decimal,
}

/// Team sizes `from..=to` (whole blocks) inside a run.
struct Window {
    from: u64,
    to: u64,
}

/// price·⌈n·p/q⌉ lies between price·n·p/q and price·n·p/q + price·(q−1)/q (p/q
/// reduced), so d stays within a band around one straight line.
fn band(d: &Linear) -> Band {
    let mut slope = d.slope;
    let (mut low, mut high) = (Decimal::ZERO, Decimal::ZERO);
    for stair in &d.stairs {
        slope += stair.slope();
        let spread = stair.spread();
        if spread < Decimal::ZERO {
            low += spread
        } else {
            high += spread
        }
    }
    Band { slope, low, high }
}

/// The team sizes in `lo..=hi` where the band around d meets zero: outside them
/// its sign cannot change and the blocks need not be walked. `None` when the
/// sign is the same over the whole run.
fn sign_window(d: &Linear, lo: u64, hi: u64) -> Option<Window> {
    let Band { slope, low, high } = band(d);
    let margin = Decimal::TWO;
    if slope.is_zero() {
        if d.base + low > Decimal::ZERO || d.base + high < Decimal::ZERO {
            return None;
        }
        return Some(Window { from: lo, to: hi });
    }
    let t1 = ratio(-d.base - high, slope);
    let t2 = ratio(-d.base - low, slope);
    let (start, end) = (
        t1.min(t2).saturating_sub(margin),
        t1.max(t2).saturating_add(margin),
    );
    if end < Decimal::from(lo) || start > Decimal::from(hi) {
        return None;
    }
    let wlo = clamp(start.floor(), lo, hi);
    let whi = clamp(end.ceil(), lo, hi);
    Some(Window {
        from: block_start(d, wlo).max(lo),
        to: block_end(d, whi).min(hi),
    })
}

/// Runs of d over the window, one block at a time (where d is straight);
/// `None` when the work budget runs out.
fn walk_blocks(d: &Linear, window: &Window, budget: &mut u64, out: &mut Vec<Run>) -> Option<()> {
    let mut n = window.from;
    loop {
        *budget = budget.checked_sub(1)?;
        let end = block_end(d, n).min(window.to);
        linear_runs(d.base + d.stairs_at(n), d.slope, n, end, out);
        // Runs that change this often are crossings or touches every few users:
        // stop before they fill memory (the caller says to narrow --users).
        if out.len() > MAX_RUNS {
            return None;
        }
        if end >= window.to {
            return Some(());
        }
        n = end + 1;
    }
}

/// `a / b`, or the largest decimal of the quotient's sign when it does not fit: a
/// slope that is nearly zero (two prices a third of a cent apart, divided by 12)
/// puts the root far beyond any team size, which is all the callers need to know.
fn ratio(a: Decimal, b: Decimal) -> Decimal {
    a.checked_div(b)
        .unwrap_or(if a.is_sign_negative() != b.is_sign_negative() {
            Decimal::MIN
        } else {
            Decimal::MAX
        })
}

/// First team size of the block (of every stair) that holds `n`.
fn block_start(d: &Linear, n: u64) -> u64 {
    d.stairs
        .iter()
        .map(|s| s.first_with_count_of(n))
        .max()
        .unwrap_or(n)
}

/// Last team size of the block (of every stair) that holds `n`.
fn block_end(d: &Linear, n: u64) -> u64 {
    d.stairs
        .iter()
        .map(|s| s.last_with_count_of(n))
        .min()
        .unwrap_or(n)
}

fn clamp(value: Decimal, lo: u64, hi: u64) -> u64 {
    match value.to_i128() {
        Some(v) if v <= lo as i128 => lo,
        Some(v) if v >= hi as i128 => hi,
        Some(v) => v as u64,
        None if value < Decimal::ZERO => lo,
        None => hi,
    }
}

/// Runs of a − b = c + s·n over `lo..=hi`: at most three (before, at, after the root).
fn linear_runs(c: Decimal, s: Decimal, lo: u64, hi: u64, out: &mut Vec<Run>) {
    let line = Some((c, s));
    if s.is_zero() {
        push(out, run(lo, hi, state_of(c), line));
        return;
    }
    let at = |n: u64| c + s * Decimal::from(n);
    let below = state_of(-s); // the sign of c + s·n before the root
    let above = state_of(s);
    // The last team size strictly before the root: start from the rounded root and
    // correct it with exact evaluations, so no division rounding can misplace it.
    let root = ratio(-c, s);
    let mut last_below = clamp(root.floor(), lo, hi);
    while last_below > lo && state_of(at(last_below)) != below {
        last_below -= 1;
    }
    while last_below < hi && state_of(at(last_below + 1)) == below {
        last_below += 1;
    }
    if state_of(at(last_below)) == below {
        push(out, run(lo, last_below, below, line));
    } else {
        last_below = lo - 1; // no size before the root lies in this run
    }
    let mut next = last_below + 1;
    if next <= hi && at(next).is_zero() {
        push(out, run(next, next, State::Tie, line));
        next += 1;
    }
    if next <= hi {
        push(out, run(next, hi, above, line));
    }
}

fn crossings(runs: &[Run], a: &str, b: &str) -> Pair {
    let id = |side| match side {
        Side::A => a.to_string(),
        Side::B => b.to_string(),
    };
    let mut claimed = match runs.first().map(|r| r.state) {
        Some(State::Cheaper(side)) => Some(side),
        _ => None,
    };
    let cheaper_at_start = claimed.map(id);
    let mut found = Vec::new();
    for pair in runs.windows(2) {
        let (prev, cur) = (&pair[0], &pair[1]);
        let event = match (prev.state, cur.state) {
            (_, State::Cheaper(side)) if claimed != Some(side) => Some((side, false)),
            (State::Cheaper(side), State::Tie) => {
                Some((if side == Side::A { Side::B } else { Side::A }, true))
            }
            _ => None,
        };
        let Some((side, tie)) = event else { continue };
        claimed = Some(side);
        let cause = if prev.unavailable || cur.unavailable {
            Cause::Unavailable
        } else {
            Cause::Price
        };
        let exact = match (prev.last, cur.first) {
            (Some(p), Some(q)) if p == q && cause == Cause::Price && !q.1.is_zero() => {
                (-q.0).checked_div(q.1).map(|e| e.normalize())
            }
            _ => None,
        };
        found.push(Crossing {
            users: cur.from,
            cheaper_from_here: id(side),
            tie,
            exact,
            cause,
        });
    }
    Pair {
        a: a.to_string(),
        b: b.to_string(),
        cheaper_at_start,
        crossings: found,
    }
}

#[cfg(test)]
mod tests;
