//! Break-evens and cheapest stretches as plain sentences, for the terminal, the
//! chart descriptions and the report.

use crate::engine::breakeven::{Analysis, Cause, Crossing, Pair, Stretch};
use crate::engine::compare::Comparison;
use crate::units::count::{group_thousands, users};
use crate::units::money;

/// One sentence per crossing, or one saying that nothing crosses (and where
/// either plan stops being available, so "cheaper" is never claimed for team
/// sizes that neither can serve).
pub fn pair_sentences(c: &Comparison, a: &Analysis, pair: &Pair) -> Vec<String> {
    if !pair.crossings.is_empty() {
        return pair
            .crossings
            .iter()
            .map(|x| crossing_sentence(c, pair, x))
            .collect();
    }
    let limit = |id: &str| c.max_users(id).map_or(a.to, |m| m.min(a.to));
    let last = limit(&pair.a).max(limit(&pair.b));
    let (x, y) = match &pair.cheaper_at_start {
        Some(id) if *id == pair.a => (&pair.a, &pair.b),
        Some(_) => (&pair.b, &pair.a),
        None if last < a.from => {
            return vec![format!(
                "Neither {} nor {} can serve {}.",
                c.name(&pair.a),
                c.name(&pair.b),
                span(a.from, a.to)
            )];
        }
        None => {
            return vec![format!(
                "{} and {} cost the same at every team size from {} to {}.",
                c.name(&pair.a),
                c.name(&pair.b),
                count(a.from),
                count(last)
            )];
        }
    };
    let mut text = format!(
        "{} is cheaper than {} at every team size from {} to {}",
        c.name(x),
        c.name(y),
        count(a.from),
        count(last)
    );
    if limit(y) < last {
        text += &format!(
            " ({} cannot serve more than {})",
            c.name(y),
            users(limit(y))
        );
    }
    if last < a.to {
        text += &format!("; neither can serve {}", span(last + 1, a.to));
    }
    vec![text + "."]
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
    let winner = &x.cheaper_from_here;
    let loser = if *winner == pair.a { &pair.b } else { &pair.a };
    let (w, l) = (c.name(winner), c.name(loser));
    let amount = |id: &str| {
        c.monthly_of(id, x.users)
            .map(|v| money::display(v, &c.currency))
            .unwrap_or_else(|| "unavailable".into())
    };
    let (n, at) = (users(x.users), count(x.users));
    match x.cause {
        Cause::Unavailable if c.monthly_of(loser, x.users).is_none() => {
            format!("From {n} on, {w} is the cheaper of the two: {l} cannot serve {n}.")
        }
        Cause::Unavailable => {
            format!(
                "From {n} on, {w} ({}) is available again and cheaper than {l} ({}).",
                amount(winner),
                amount(loser)
            )
        }
        // A tie on block stairs can be a touch: the other model pulls ahead again at
        // the next size, which the next crossing says, so "from then on" would be false.
        Cause::Price if x.tie && pair.crossings.iter().any(|y| y.users == x.users + 1) => {
            format!(
                "At {n}, {w} costs the same as {l} ({} a month).",
                amount(winner)
            )
        }
        Cause::Price if x.tie => {
            format!(
                "At {n}, {w} costs the same as {l} ({} a month); from then on it is no more expensive.",
                amount(winner)
            )
        }
        Cause::Price => {
            let exact = x
                .exact
                .map(|e| format!("; the two cost lines cross at {:.2} users", e.round_dp(2)))
                .unwrap_or_default();
            format!(
                "From {n} on, {w} is cheaper than {l} ({} against {} a month at {at}{exact}).",
                amount(winner),
                amount(loser)
            )
        }
    }
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
