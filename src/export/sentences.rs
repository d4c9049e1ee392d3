//! Break-evens and cheapest stretches as plain sentences, for the terminal and
//! for anyone who would rather read than parse.

use super::Exporter;
use crate::engine::breakeven::{Cause, Crossing, Pair, Stretch};
use crate::engine::compare::Comparison;
use crate::engine::money;

/// Every pair (with or without crossings) and the cheapest stretches.
pub struct BreakevenText;

impl Exporter for BreakevenText {
    fn serialize(&self, c: &Comparison) -> Vec<u8> {
        let mut out = format!(
            "Break-even, {} to {} users (scenario {}, {} billing, {}):\n",
            c.analysis.from,
            c.analysis.to,
            c.scenario,
            c.billing.as_str(),
            c.currency
        );
        for pair in &c.analysis.pairs {
            let lines = pair_sentences(c, pair);
            for line in lines {
                out.push_str(&format!("  {line}\n"));
            }
        }
        out.push_str("\nCheapest:\n");
        for line in cheapest_sentences(c) {
            out.push_str(&format!("  {line}\n"));
        }
        out.into_bytes()
    }
}

/// One sentence per crossing, or one saying that nothing crosses.
pub fn pair_sentences(c: &Comparison, pair: &Pair) -> Vec<String> {
    if pair.crossings.is_empty() {
        let (from, to) = (c.analysis.from, c.analysis.to);
        return vec![match &pair.cheaper_at_start {
            Some(id) => {
                let other = if *id == pair.a { &pair.b } else { &pair.a };
                format!(
                    "{} is cheaper than {} at every team size from {from} to {to}.",
                    c.name(id),
                    c.name(other)
                )
            }
            None => format!(
                "{} and {} never cross between {from} and {to} users.",
                c.name(&pair.a),
                c.name(&pair.b)
            ),
        }];
    }
    pair.crossings
        .iter()
        .map(|x| crossing_sentence(c, pair, x))
        .collect()
}

/// "From 2 users on, Rocket.Chat (self-hosted) is cheaper than Slack Standard (…)."
pub fn crossing_sentence(c: &Comparison, pair: &Pair, x: &Crossing) -> String {
    let winner = &x.cheaper_from_here;
    let loser = if *winner == pair.a { &pair.b } else { &pair.a };
    let (w, l) = (c.name(winner), c.name(loser));
    let index = |id: &str| {
        c.models
            .iter()
            .position(|m| m.id == id)
            .expect("pair ids are models")
    };
    let cost = |id: &str| c.monthly(index(id), x.users);
    let amount = |id: &str| {
        cost(id)
            .map(|v| money::display(v, &c.currency))
            .unwrap_or_else(|| "unavailable".into())
    };
    let n = x.users;
    match x.cause {
        Cause::Unavailable if cost(loser).is_none() => {
            format!("From {n} users on, {w} is the cheaper of the two: {l} cannot serve {n} users.")
        }
        Cause::Unavailable => {
            format!(
                "From {n} users on, {w} ({}) is available again and cheaper than {l} ({}).",
                amount(winner),
                amount(loser)
            )
        }
        Cause::Price if x.tie => {
            format!(
                "At {n} users, {w} costs the same as {l} ({} a month); from then on it is no more expensive.",
                amount(winner)
            )
        }
        Cause::Price => {
            let exact = x
                .exact
                .map(|e| {
                    format!(
                        "; the two cost lines cross at {} users",
                        e.round_dp(2).normalize()
                    )
                })
                .unwrap_or_default();
            format!(
                "From {n} users on, {w} is cheaper than {l} ({} against {} a month at {n}{exact}).",
                amount(winner),
                amount(loser)
            )
        }
    }
}

/// "Cheapest for 1–4 users: HipChat Plus." and so on, one per stretch.
pub fn cheapest_sentences(c: &Comparison) -> Vec<String> {
    c.analysis
        .cheapest
        .iter()
        .map(|s| stretch_sentence(c, s))
        .collect()
}

pub fn stretch_sentence(c: &Comparison, s: &Stretch) -> String {
    let sizes = if s.from == s.to {
        format!("at {} user{}", s.from, if s.from == 1 { "" } else { "s" })
    } else {
        format!("for {}–{} users", s.from, s.to)
    };
    let names: Vec<&str> = s.models.iter().map(|id| c.name(id)).collect();
    let i = |id: &str| {
        c.models
            .iter()
            .position(|m| m.id == id)
            .expect("stretch ids are models")
    };
    match names.as_slice() {
        [] => format!("No model can serve a team {sizes}."),
        [one] => {
            let at = c
                .monthly(i(&s.models[0]), s.from)
                .map(|v| money::display(v, &c.currency))
                .unwrap_or_default();
            let users = if s.from == 1 {
                "1 user".to_string()
            } else {
                format!("{} users", s.from)
            };
            format!("Cheapest {sizes}: {one} ({at} a month at {users}).")
        }
        many => format!("Cheapest {sizes}, at the same cost: {}.", join_and(many)),
    }
}

fn join_and(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
