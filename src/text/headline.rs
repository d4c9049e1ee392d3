//! The opening sentences: per self-hosted model, from how many users it costs
//! less than every hosted plan (the engine's `Headline`), and the break-evens
//! after it, plans at one price told together and each plan that stops once.

use super::sentences::{cash, count, group_sentence};
use crate::engine::breakeven::LimitError;
use crate::engine::compare::Comparison;
use crate::engine::headline::{Headline, Rival, Verdict};
use crate::units::count::users;
use crate::units::money;

/// "At $60/h" or "With admin time not counted": what the headlines depend on most.
pub fn rate_phrase(c: &Comparison) -> String {
    let rate = c.assumptions.admin_rate;
    if rate.is_zero() {
        "With admin time not counted".into()
    } else {
        let amount = if rate.fract().is_zero() {
            format!("{}{}", money::currency_prefix(&c.currency), rate.trunc())
        } else {
            money::display(rate, &c.currency)
        };
        format!("At {amount}/h")
    }
}

/// One sentence per self-hosted model (none when no hosted plan is compared).
pub fn headline_sentences(c: &Comparison) -> Result<Vec<String>, LimitError> {
    Ok(c.headlines()?
        .iter()
        .filter_map(|h| headline_sentence(c, h))
        .collect())
}

/// "At $60/h, Rocket.Chat Community on Hetzner costs less than every hosted plan
/// from 27 users on (Microsoft Teams Essentials, the cheapest before: $108.00
/// against $105.17 a month at 27)."
pub fn headline_sentence(c: &Comparison, h: &Headline) -> Option<String> {
    let name = c.name(&h.model);
    let (start, end) = (c.range.from, c.range.to);
    let at = rate_phrase(c);
    let stops = h
        .max_users
        .map(|m| format!("; it serves up to {}", users(m)))
        .unwrap_or_default();
    let text = match &h.verdict {
        Verdict::NoHosted => return None,
        Verdict::BeatsAll { from, to, rival } => {
            let verb = match rival {
                Some(r) if r.tie() || r.near_tie() => "costs no more than",
                _ => "costs less than",
            };
            let sizes = match (*from == start, *to == end) {
                (true, true) => {
                    format!("at every team size from {} to {}", count(start), users(end))
                }
                (false, true) => format!("from {} on", users(*from)),
                _ => format!("for {}–{} users", count(*from), count(*to)),
            };
            let why = rival
                .as_ref()
                .map(|r| rival_words(c, r))
                .unwrap_or_default();
            format!("{at}, {name} {verb} every hosted plan {sizes}{why}{stops}.")
        }
        Verdict::Never { best: Some(r) } => format!(
            "{at}, {name} never costs less than every hosted plan{}; the cheapest it beats is {}, from {} ({} against {} a month).",
            within(c, h),
            c.name(&r.id),
            users(r.from),
            cash(c, r.own),
            cash(c, r.cost)
        ),
        Verdict::Never { best: None } => format!(
            "{at}, {name} costs more than every hosted plan{}.",
            within(c, h)
        ),
    };
    Some(text)
}

/// " for 1–100 users", or " (it serves up to 25 users)" for a plan that stops.
fn within(c: &Comparison, h: &Headline) -> String {
    match h.max_users {
        Some(m) => format!(" (it serves up to {})", users(m)),
        None => format!(" for {}–{} users", count(c.range.from), count(c.range.to)),
    }
}

/// " (Microsoft Teams Essentials, the cheapest before: $108.00 against $105.17 a month at 27)".
fn rival_words(c: &Comparison, r: &Rival) -> String {
    let name = c.name(&r.id);
    let n = count(r.from);
    if r.tie() {
        format!(
            " (at {n} it costs the same as {name}, the cheapest before: {} a month)",
            cash(c, r.own)
        )
    } else if r.near_tie() {
        format!(
            " (at {n} about the same as {name}, the cheapest before: {} against {} a month)",
            cash(c, r.cost),
            cash(c, r.own)
        )
    } else {
        format!(
            " ({name}, the cheapest before, costs {} against {} a month at {n})",
            cash(c, r.cost),
            cash(c, r.own)
        )
    }
}

/// Every break-even by team size (plans at one price in one sentence), then one
/// line per plan that stops inside the range.
pub fn crossing_lines(c: &Comparison) -> Result<Vec<String>, LimitError> {
    let mut out = crossing_sentences(c)?;
    out.extend(stop_lines(c));
    Ok(out)
}

/// Every break-even by team size, plans at one price in one sentence, stops left out.
pub fn crossing_sentences(c: &Comparison) -> Result<Vec<String>, LimitError> {
    Ok(c.crossing_groups()?
        .iter()
        .map(|g| group_sentence(c, g))
        .collect())
}

/// "Rocket.Chat Starter on AWS serves up to 50 users."
pub fn stop_lines(c: &Comparison) -> Vec<String> {
    c.stops()
        .into_iter()
        .map(|(id, max)| format!("{} serves up to {}.", c.name(id), users(max)))
        .collect()
}
