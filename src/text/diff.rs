//! What changed between two comparisons, in sentences: the terminal, the JSON's
//! `sentences` and the chart's description all say it in these words.

use super::headline::rate_phrase;
use super::sentences::{cash, count, join_and};
use crate::engine::compare::Comparison;
use rust_decimal::Decimal;

use crate::engine::diff::{Best, Diff, HeadlineChange, PriceChange, Term};
use crate::engine::headline::{Headline, Verdict};
use crate::pricing::model::Component;
use crate::pricing::sizing::AmountIn;
use crate::units::count::users;

/// "scenario current, prices of 2026-06-30".
pub fn side(c: &Comparison) -> String {
    format!("{}, prices of {}", c.source, c.assumptions.as_of)
}

/// "At $60/h, the break-even moved from 15 users (Rocket.Chat (self-hosted))
/// then to 27 users (Rocket.Chat Community on Hetzner) now."
pub fn moved_sentence(d: &Diff<'_>) -> String {
    let at = rate_phrase(d.now);
    let (from, to) = d.now.span();
    let within = format!("for {}–{} users", count(from), count(to));
    let named = |c: &Comparison, b: &Best| format!("{} ({})", users(b.from), c.name(&b.model));
    match &d.best {
        (Some(t), Some(n)) if t == n => format!(
            "{at}, the break-even is unchanged: {} costs less than every hosted plan {}, then and now.",
            d.now.name(&n.model),
            sizes(d.now, n.from, n.to)
        ),
        (Some(t), Some(n)) => format!(
            "{at}, the break-even moved from {} then to {} now: the first size from which a self-hosted model costs less than every hosted plan.",
            named(d.then, t),
            named(d.now, n)
        ),
        (None, Some(n)) => format!(
            "{at}, then no self-hosted model cost less than every hosted plan {within}; now {} does {}.",
            d.now.name(&n.model),
            sizes(d.now, n.from, n.to)
        ),
        (Some(t), None) => format!(
            "{at}, then {} cost less than every hosted plan {}; now no self-hosted model does {within}.",
            d.then.name(&t.model),
            sizes(d.then, t.from, t.to)
        ),
        (None, None) => format!(
            "{at}, no self-hosted model costs less than every hosted plan {within}, then or now."
        ),
    }
}

/// "from 27 users on", "for 5–20 users", "at every team size from 1 to 30 users".
fn sizes(c: &Comparison, from: u64, to: u64) -> String {
    let (start, end) = c.span();
    match (from == start, to == end) {
        (true, true) => format!("at every team size from {} to {}", count(start), users(end)),
        (false, true) => format!("from {} on", users(from)),
        _ => format!("for {}–{} users", count(from), count(to)),
    }
}

/// A self-hosted model's answer, short: "from 27 users on", or "never".
fn when(c: &Comparison, h: &Headline) -> String {
    match &h.verdict {
        Verdict::BeatsAll { from, to, .. } => sizes(c, *from, *to),
        Verdict::Never { .. } => "never".into(),
        Verdict::NoHosted => "no hosted plan compared".into(),
    }
}

/// The answer as a clause: "costs less than every hosted plan from 27 users on".
fn answer(c: &Comparison, h: &Headline) -> String {
    let (from, to) = c.span();
    match &h.verdict {
        Verdict::BeatsAll { .. } => format!("costs less than every hosted plan {}", when(c, h)),
        Verdict::Never { .. } => format!(
            "never costs less than every hosted plan for {}–{} users",
            count(from),
            count(to)
        ),
        Verdict::NoHosted => "has no hosted plan to beat".into(),
    }
}

/// One sentence per self-hosted model, on both sides.
pub fn headline_lines(d: &Diff<'_>) -> Vec<String> {
    d.headlines.iter().map(|h| headline_line(d, h)).collect()
}

fn headline_line(d: &Diff<'_>, h: &HeadlineChange) -> String {
    match (&h.then, &h.now) {
        (Some(t), Some(n)) => {
            let (was, is) = (when(d.then, t), when(d.now, n));
            let then = if was == is {
                "as then".to_string()
            } else {
                format!("then: {was}")
            };
            format!("{} {} ({then}).", d.now.name(&n.model), answer(d.now, n))
        }
        (None, Some(n)) => format!("{} (only now) {}.", d.now.name(&n.model), answer(d.now, n)),
        (Some(t), None) => format!(
            "{} (only then) {}.",
            d.then.name(&t.model),
            answer(d.then, t)
        ),
        (None, None) => String::new(),
    }
}

/// One line per plan or part whose prices differ: "Microsoft 365 Business
/// Basic: Business Basic seat: $6.00 … → $7.00 … (at 30 users: $180.00 → $210.00 a month)."
pub fn price_lines(d: &Diff<'_>) -> Vec<String> {
    d.prices.iter().map(|p| price_line(d, p)).collect()
}

fn price_line(d: &Diff<'_>, p: &PriceChange<'_>) -> String {
    let changes: Vec<String> = p
        .components
        .iter()
        .map(|&(old, new)| component_change(d, old, new))
        .chain(
            p.terms
                .iter()
                .map(|&(term, old, new)| term_change(d, term, old, new)),
        )
        .collect();
    let who = if p.part {
        format!("{} (a part{})", p.id, used_by(d.now, p.id))
    } else {
        p.name.to_string()
    };
    let effect = match p.at_end {
        Some((then, now)) => {
            let amount = |c: &Comparison, v: Option<_>| {
                v.map_or_else(|| "unavailable".to_string(), |v| cash(c, v))
            };
            format!(
                " (at {}: {} → {} a month)",
                users(d.now.range.to),
                amount(d.then, then),
                amount(d.now, now)
            )
        }
        None => String::new(),
    };
    format!("{who}: {}{effect}.", changes.join("; "))
}

/// " of A and B": the plans of `c` that include the part.
fn used_by(c: &Comparison, part: &str) -> String {
    let names: Vec<&str> = c
        .models
        .iter()
        .filter(|m| {
            m.components
                .iter()
                .any(|x| x.included_from.as_deref() == Some(part))
        })
        .map(|m| m.name.as_str())
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!(" of {}", join_and(&names))
    }
}

/// "CX23 VM: $4.39 a month → $6.04 a month", "IPv4: new, $0.55 a month".
fn component_change(d: &Diff<'_>, old: Option<&Component>, new: Option<&Component>) -> String {
    let label = |x: &Component| x.label.clone().unwrap_or_else(|| "price".into());
    match (old, new) {
        (Some(o), Some(n)) => {
            let name = if o.label == n.label {
                label(n)
            } else {
                format!("{} → {}", label(o), label(n))
            };
            format!("{name}: {} → {}", price(d.then, o), price(d.now, n))
        }
        (None, Some(n)) => format!("{}: new, {}", label(n), price(d.now, n)),
        (Some(o), None) => format!("{}: gone (was {})", label(o), price(d.then, o)),
        (None, None) => String::new(),
    }
}

/// "admin hours a month: 1.5 → 2", "set-up cost: $0.00 → $120.00".
fn term_change(d: &Diff<'_>, term: Term, old: Decimal, new: Decimal) -> String {
    let hours = |v: Decimal| format!("{} h", v.normalize());
    match term {
        Term::AdminHours => format!("admin hours a month: {} → {}", hours(old), hours(new)),
        Term::SetupHours => format!("set-up hours: {} → {}", hours(old), hours(new)),
        Term::SetupCost => format!("set-up cost: {} → {}", cash(d.then, old), cash(d.now, new)),
    }
}

/// A component's price in words, hours of admin time said as hours.
pub fn price(c: &Comparison, x: &Component) -> String {
    match x.amount_in {
        AmountIn::Money => super::price::price(&x.shape, &c.currency),
        AmountIn::AdminHours => {
            format!("admin time, {}", super::price::price(&x.shape, "hours"))
        }
    }
}

/// "Slack Pro (hosted)", one line per plan that appeared or went.
pub fn plan_lines(plans: &[&crate::pricing::model::Model]) -> Vec<String> {
    plans
        .iter()
        .map(|m| format!("{} ({}, {}).", m.name, m.id, m.kind.as_str()))
        .collect()
}

/// Said when some input of either side is a range: the diff tells exact
/// figures (the likely values), not the odds `breakeven` gives.
pub fn likely_note(d: &Diff<'_>) -> Option<String> {
    (d.then.uncertainty().is_some() || d.now.uncertainty().is_some()).then(|| {
        "Some inputs are ranges: the figures above take their likely values; \
rccost breakeven on either side says how sure each break-even is."
            .to_string()
    })
}
