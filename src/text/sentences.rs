//! Break-evens and cheapest stretches as plain sentences, for the terminal, the
//! chart descriptions and the report.

use crate::engine::breakeven::{Analysis, Cause, Crossing, Pair, Stretch};
use crate::engine::compare::{Comparison, PairCrossing};
use crate::engine::headline::{CrossingGroup, winner_loser};
use crate::units::count::{group_thousands, users};
use crate::units::money;

/// The pairs that never change places, one sentence per cheaper plan and span
/// ("Microsoft Teams Essentials is cheaper than A, B and C at every team size
/// from 1 to 100."), then pairs at one cost and pairs neither plan can serve.
pub fn steady_sentences(c: &Comparison, a: &Analysis) -> Vec<String> {
    let limit = |id: &str| c.max_users(id).map_or(a.to, |m| m.min(a.to));
    let mut cheaper: Vec<(&str, u64, Vec<&str>)> = Vec::new();
    let mut others = Vec::new();
    for pair in a.pairs.iter().filter(|p| p.crossings.is_empty()) {
        let last = limit(&pair.a).max(limit(&pair.b));
        let (winner, loser) = match &pair.cheaper_at_start {
            Some(id) if *id == pair.a => (&pair.a, &pair.b),
            Some(_) => (&pair.b, &pair.a),
            None if last < a.from => {
                others.push(format!(
                    "Neither {} nor {} can serve {}.",
                    c.name(&pair.a),
                    c.name(&pair.b),
                    span(a.from, a.to)
                ));
                continue;
            }
            None => {
                others.push(format!(
                    "{} and {} cost the same at every team size from {} to {}.",
                    c.name(&pair.a),
                    c.name(&pair.b),
                    count(a.from),
                    count(last)
                ));
                continue;
            }
        };
        match cheaper
            .iter_mut()
            .find(|(w, l, _)| w == winner && *l == last)
        {
            Some((_, _, losers)) => losers.push(c.name(loser)),
            None => cheaper.push((winner, last, vec![c.name(loser)])),
        }
    }
    let mut out: Vec<String> = cheaper
        .iter()
        .map(|(winner, last, losers)| cheaper_throughout(c, a, winner, *last, losers))
        .collect();
    out.extend(others);
    out
}

/// "A is cheaper than B and C at every team size from 1 to 100[; none of them
/// can serve 101–120 users]."
fn cheaper_throughout(
    c: &Comparison,
    a: &Analysis,
    winner: &str,
    last: u64,
    losers: &[&str],
) -> String {
    let mut text = format!(
        "{} is cheaper than {} at every team size from {} to {}",
        c.name(winner),
        join_and(losers),
        count(a.from),
        count(last)
    );
    if last < a.to {
        let who = if losers.len() > 1 {
            "none of them"
        } else {
            "neither"
        };
        text += &format!("; {who} can serve {}", span(last + 1, a.to));
    }
    text + "."
}

fn span(from: u64, to: u64) -> String {
    if from == to {
        users(from)
    } else {
        format!("{}–{} users", count(from), count(to))
    }
}

/// "From 2 users on, Rocket.Chat (self-hosted) is cheaper than Slack Standard (…)."
pub fn crossing_sentence(c: &Comparison, pair: &Pair, x: &Crossing) -> String {
    let crossing = PairCrossing { pair, crossing: x };
    let (w, l) = winner_loser(&crossing);
    let group = CrossingGroup {
        first: crossing,
        winners: vec![w.to_string()],
        losers: vec![l.to_string()],
        near_tie: c.near_tie(pair, x),
    };
    group_sentence(c, &group)
}

/// One sentence for a group of crossings at one size.
pub fn group_sentence(c: &Comparison, g: &CrossingGroup<'_>) -> String {
    let x = g.first.crossing;
    let names = |ids: &[String]| join_and(&ids.iter().map(|id| c.name(id)).collect::<Vec<_>>());
    let (w, l) = (names(&g.winners), names(&g.losers));
    let many = g.winners.len() > 1;
    let (is, costs) = if many {
        ("are", "cost")
    } else {
        ("is", "costs")
    };
    let amount = |ids: &[String]| {
        c.monthly_of(&ids[0], x.users)
            .map(|v| cash(c, v))
            .unwrap_or_else(|| "unavailable".into())
    };
    let (win, lose) = (amount(&g.winners), amount(&g.losers));
    let (n, at) = (users(x.users), count(x.users));
    let pair = g.first.pair;
    let sure = super::odds::first_crossing(c, g);
    match x.cause {
        Cause::Unavailable if c.monthly_of(&g.losers[0], x.users).is_none() => {
            format!("From {n} on, {w} {is} cheaper than {l}, which cannot serve {n}.")
        }
        Cause::Unavailable => {
            format!("From {n} on, {w} ({win}) {is} available again and cheaper than {l} ({lose}).")
        }
        // A tie on block stairs can be a touch: the other pulls ahead again at the
        // next size, which the next crossing says, so "from then on" would be false.
        Cause::Price if x.tie && pair.crossings.iter().any(|y| y.users == x.users + 1) => {
            format!("At {n}, {w} {costs} the same as {l} ({win} a month).")
        }
        Cause::Price if x.tie => format!(
            "At {n}, {w} {costs} the same as {l} ({win} a month); from then on {} no more expensive.",
            if many { "they are" } else { "it is" }
        ),
        Cause::Price if g.near_tie => format!(
            "From {n} on{sure}, {w} {costs} about the same as {l} ({win} against {lose} a month at {at}, under a cent a user apart)."
        ),
        Cause::Price => {
            let lines = if many || g.losers.len() > 1 {
                "the cost lines"
            } else {
                "the two cost lines"
            };
            let exact = x
                .exact
                .map(|e| format!("; {lines} cross at {:.2} users", e.round_dp(2)))
                .unwrap_or_default();
            format!(
                "From {n} on{sure}, {w} {is} cheaper than {l} ({win} against {lose} a month at {at}{exact})."
            )
        }
    }
}

/// An amount in the comparison's currency: `$105.17`.
pub fn cash(c: &Comparison, v: rust_decimal::Decimal) -> String {
    money::display(v, &c.currency)
}

/// "Cheapest for 1–4 users: HipChat Plus." and so on, one per stretch.
pub fn cheapest_sentences(c: &Comparison, a: &Analysis) -> Vec<String> {
    a.cheapest.iter().map(|s| stretch_sentence(c, s)).collect()
}

pub fn stretch_sentence(c: &Comparison, s: &Stretch) -> String {
    let sizes = if s.from == s.to {
        format!("at {}", users(s.from))
    } else {
        format!("for {}", span(s.from, s.to))
    };
    let names: Vec<&str> = s.models.iter().map(|id| c.name(id)).collect();
    match names.as_slice() {
        [] => format!("No model can serve a team {sizes}."),
        [one] => {
            let at = c
                .monthly_of(&s.models[0], s.from)
                .map(|v| money::display(v, &c.currency))
                .unwrap_or_default();
            format!(
                "Cheapest {sizes}: {one} ({at} a month at {}).",
                users(s.from)
            )
        }
        many => format!("Cheapest {sizes}, at the same cost: {}.", join_and(many)),
    }
}

pub fn count(n: u64) -> String {
    group_thousands(&n.to_string())
}

/// "A", "A and B", "A, B and C".
pub fn join_and(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
