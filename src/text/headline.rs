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
    let rate = c.assumptions.hourly_rate();
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
    let (start, end) = c.span();
    let at = rate_phrase(c);
    let stops = h
        .max_users
        .map(|m| format!("; it serves up to {}", users(m)))
        .unwrap_or_default();
    let text = match &h.verdict {
        Verdict::NoHosted => return None,
        Verdict::BeatsAll { from, to, rival } => {
            let verb = verb(rival.as_ref());
            let sizes = match (*from == start, *to == end) {
                (true, true) => {
                    format!("at every team size from {} to {}", count(start), users(end))
                }
                (false, true) => format!("from {} on", users(*from)),
                _ => format!("for {}–{} users", count(*from), count(*to)),
            };
            let sure = match super::odds::beats_all(c, &h.model) {
                Some(b) if *from != start => super::odds::interval(c, &b.from),
                _ => String::new(),
            };
            let why = rival
                .as_ref()
                .map(|r| rival_words(c, r))
                .unwrap_or_default();
            let words = match (sure.strip_suffix(')'), why.strip_prefix(" (")) {
                (Some(sure), Some(why)) => format!("{sure}; {why}"),
                _ => sure + &why,
            };
            format!("{at}, {name} {verb} every hosted plan {sizes}{words}{stops}.")
        }
        Verdict::Never { best: Some(r) } => format!(
            "{at}, {name} never costs less than every hosted plan{}{}; the cheapest it beats is {}, from {} ({} against {} a month).",
            within(c, h),
            super::odds::sometimes(c, &h.model),
            c.name(&r.id),
            users(r.from),
            cash(c, r.own),
            cash(c, r.cost)
        ),
        Verdict::Never { best: None } => format!(
            "{at}, {name} costs more than every hosted plan{}{}.",
            within(c, h),
            super::odds::sometimes(c, &h.model)
        ),
    };
    Some(text)
}

/// "costs no more than" when the last hosted plan to fall ties at the start.
fn verb(rival: Option<&Rival>) -> &'static str {
    match rival {
        Some(r) if r.tie() || r.near_tie() => "costs no more than",
        _ => "costs less than",
    }
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

/// The best headline in short, for alt text: "At $60/h, Rocket.Chat Community on
/// Hetzner costs less than every hosted plan from 27 users on." `None` when no
/// self-hosted model beats every hosted plan anywhere in the range.
pub fn short_headline(c: &Comparison) -> Result<Option<String>, LimitError> {
    let all = c.headlines()?;
    let Some(h) = all.first() else {
        return Ok(None);
    };
    let Verdict::BeatsAll { from, to, rival } = &h.verdict else {
        return Ok(None);
    };
    let (from, to) = (*from, *to);
    let sizes = match (from == c.range.from, to == c.range.to) {
        (true, true) => format!("at every team size up to {}", users(to)),
        (false, true) => format!("from {} on", users(from)),
        _ => format!("for {}–{} users", count(from), count(to)),
    };
    Ok(Some(format!(
        "{}, {} {} every hosted plan {sizes}.",
        rate_phrase(c),
        c.name(&h.model),
        verb(rival.as_ref())
    )))
}

/// Alt text of a cost chart: what it plots, then the answer ("Monthly cost of 11
/// plans for 1–100 users. At $60/h, … from 27 users on.").
pub fn cost_alt(c: &Comparison, what: &str) -> Result<String, LimitError> {
    let a = c.analysis()?;
    let lead = format!(
        "{what} of {} plans for {}–{} users.",
        c.models.len(),
        count(a.from),
        count(a.to)
    );
    let answer = match short_headline(c)? {
        Some(text) => text,
        None => a
            .cheapest
            .last()
            .map(|s| super::sentences::stretch_sentence(c, s))
            .unwrap_or_default(),
    };
    Ok(format!("{lead} {answer}").trim_end().to_string())
}

/// Alt text of the cost-per-user chart: the cheapest plan per user at the
/// largest size ("At 100 users the cheapest is … at $1.05 a user a month.").
pub fn per_user_alt(c: &Comparison) -> String {
    let to = c.range.to;
    let lead = format!(
        "Cost per user of {} plans for {}–{} users.",
        c.models.len(),
        count(c.range.from),
        count(to)
    );
    let cheapest = c.cheapest_at(to);
    let Some(id) = cheapest.first() else {
        return lead;
    };
    let per_user = c.index(id).and_then(|i| c.per_user(i, to));
    match per_user {
        Some(v) => format!(
            "{lead} At {} the cheapest is {} at {} a user a month.",
            users(to),
            c.name(id),
            cash(c, v)
        ),
        None => lead,
    }
}
