//! How sure an answer is, in words, when some inputs are ranges: the 80 %
//! interval of a break-even over the draws, the share of draws in which it
//! falls outside the range, and which input moves the answer most. Nothing
//! here is said when every input is exact.

use crate::engine::breakeven::{Crossing, LimitError, Pair};
use crate::engine::compare::Comparison;
use crate::engine::headline::CrossingGroup;
use crate::engine::uncertain::odds::{BeatsAll, Odds};
use crate::engine::uncertain::sensitivity::{Outcome, Sensitivity};
use crate::units::count::{group_thousands, users};
use crate::units::money;

/// A share as a reader takes it: "6 %", "under 1 %", "over 99 %".
pub fn percent(share: f64) -> String {
    let whole = (share * 100.0).round();
    if share > 0.0 && whole < 1.0 {
        "under 1 %".into()
    } else if share < 1.0 && whole > 99.0 {
        "over 99 %".into()
    } else {
        format!("{whole:.0} %")
    }
}

/// " (80 % interval 14–49; in 6 % of draws not within 1–100)": the 10th to
/// 90th percentile of a team size over the draws, and the draws without one.
pub fn interval(c: &Comparison, odds: &Odds) -> String {
    let count = |n: u64| group_thousands(&n.to_string());
    let mut parts = Vec::new();
    match (odds.quantile(10), odds.quantile(90)) {
        (Some(lo), Some(hi)) if lo == hi => {
            parts.push(format!("{} in at least 80 % of draws", count(lo)))
        }
        (Some(lo), Some(hi)) => parts.push(format!("80 % interval {}–{}", count(lo), count(hi))),
        (Some(lo), None) => parts.push(format!(
            "80 % interval {} to beyond {}",
            count(lo),
            count(c.range.to)
        )),
        (None, _) => {}
    }
    if odds.never() > 0.0 {
        parts.push(format!(
            "in {} of draws not within {}–{}",
            percent(odds.never()),
            count(c.range.from),
            count(c.range.to)
        ));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join("; "))
    }
}

/// The draws of self-hosted model `id` against every hosted plan, when sampled.
pub fn beats_all<'a>(c: &'a Comparison, id: &str) -> Option<&'a BeatsAll> {
    let i = c.index(id)?;
    let all = c.uncertainty()?.beats_all().ok()?;
    all.iter().find(|b| b.model == i)
}

/// The interval of the first crossing of every pair in a group told in one
/// sentence, when each is its pair's first and the draws agree on all of them
/// (plans at one price on one host do); otherwise nothing.
pub fn first_crossing(c: &Comparison, g: &CrossingGroup<'_>) -> String {
    let (Some(u), Ok(a)) = (c.uncertainty(), c.analysis()) else {
        return String::new();
    };
    let n = g.first.crossing.users;
    let mut found: Option<&Odds> = None;
    for w in &g.winners {
        for l in &g.losers {
            let (x, y) = if w < l { (w, l) } else { (l, w) };
            let Some(pair) = a.pairs.iter().find(|p| &p.a == x && &p.b == y) else {
                return String::new();
            };
            let odds = match (c.index(x), c.index(y)) {
                (Some(i), Some(j)) if first_at(pair, n) => u.pair(i, j),
                _ => return String::new(),
            };
            match (odds, found) {
                (Ok(Some(o)), None) => found = Some(&o.first_crossing),
                (Ok(Some(o)), Some(f)) if o.first_crossing == *f => {}
                _ => return String::new(),
            }
        }
    }
    found.map(|o| interval(c, o)).unwrap_or_default()
}

/// Whether the pair's first crossing is at `n`.
fn first_at(pair: &Pair, n: u64) -> bool {
    pair.crossings.first().map(|x: &Crossing| x.users) == Some(n)
}

/// " (in 3 % of draws it does)" for a model that never beats every hosted
/// plan at the likely values but does in some draws.
pub fn sometimes(c: &Comparison, id: &str) -> String {
    match beats_all(c, id) {
        Some(b) if b.from.never() < 1.0 => {
            format!(" (in {} of draws it does)", percent(1.0 - b.from.never()))
        }
        _ => String::new(),
    }
}

/// "90 % sure from 41 users" (or "for 31–47 users" when the stretch ends
/// inside the range): where at least `pct` % of the draws hold.
pub fn sure(c: &Comparison, b: &BeatsAll, pct: u32) -> Option<String> {
    let (from, to) = b.chance.sure(pct)?;
    let sizes = if to == c.range.to {
        format!("from {}", users(from))
    } else if from == to {
        format!("at {}", users(from))
    } else {
        format!(
            "for {}–{} users",
            group_thousands(&from.to_string()),
            group_thousands(&to.to_string())
        )
    };
    Some(format!("{pct} % sure {sizes}"))
}

/// The sensitivity ranking in sentences: what is compared, then one line per
/// input, widest swing first.
pub fn sensitivity_lines(c: &Comparison, s: &Sensitivity) -> Vec<String> {
    sensitivity_lines_with(c, s, |label| label)
}

/// [`sensitivity_lines`] for a chart's description, naming no option.
pub fn sensitivity_in_words(c: &Comparison, s: &Sensitivity) -> Vec<String> {
    sensitivity_lines_with(c, s, without_option)
}

fn sensitivity_lines_with(
    c: &Comparison,
    s: &Sensitivity,
    name: impl Fn(&str) -> &str,
) -> Vec<String> {
    let (own, hosted) = (&c.models[s.self_hosted].name, &c.models[s.hosted].name);
    let mut out = vec![format!(
        "At {} {own} costs {} than {hosted} (the cheapest self-hosted and hosted plans there), {}.",
        users(s.team),
        difference(c, &s.likely),
        break_even(c, &s.likely)
    )];
    for w in &s.swings {
        let at = |o: &Outcome, v| {
            format!(
                "at {}: {}, {}",
                w.input.says(v),
                difference(c, o),
                break_even(c, o)
            )
        };
        out.push(format!(
            "{} {}; {} (a swing of {} a month).",
            name(&w.input.label),
            at(&w.low, w.input.spread.low),
            at(&w.high, w.input.spread.high),
            money::display(w.width(), &c.currency)
        ));
    }
    out
}

/// "$45.00 a month more" / "$5.00 a month less".
pub fn difference(c: &Comparison, o: &Outcome) -> String {
    let amount = money::display(o.difference.abs(), &c.currency);
    let more = if o.difference.is_sign_negative() && !o.difference.is_zero() {
        "less"
    } else {
        "more"
    };
    format!("{amount} a month {more}")
}

/// "no more expensive from 22 users" / "never cheaper for 1–100 users".
pub fn break_even(c: &Comparison, o: &Outcome) -> String {
    match o.break_even {
        Some(n) => format!("no more expensive from {}", users(n)),
        None => format!(
            "always more expensive for {}–{} users",
            group_thousands(&c.range.from.to_string()),
            group_thousands(&c.range.to.to_string())
        ),
    }
}

/// "Ranges, sampled 2,000 times (seed 2016), the figures above at their likely
/// values: Admin rate (--admin-rate) $30/h–$120/h (likely $60/h, triangular); …"
pub fn ranges_note(c: &Comparison) -> Option<String> {
    let u = c.uncertainty()?;
    Some(format!(
        "Ranges, sampled {} times (seed {}; the figures above are at the likely values): {}.",
        group_thousands(&u.samples.to_string()),
        u.seed,
        ranges(c)?
    ))
}

/// "Admin rate (--admin-rate) $30/h–$120/h (likely $60/h, triangular); …".
pub fn ranges(c: &Comparison) -> Option<String> {
    ranges_with(c, |label| label)
}

/// [`ranges`] for a chart, which never names a command-line option: "Admin
/// rate $30/h–$120/h (likely $60/h, triangular); …".
pub fn ranges_in_words(c: &Comparison) -> Option<String> {
    ranges_with(c, without_option)
}

/// An input's label without the option it was given by: "Admin rate
/// (--admin-rate)" → "Admin rate".
pub fn without_option(label: &str) -> &str {
    label.split_once(" (--").map_or(label, |(words, _)| words)
}

fn ranges_with(c: &Comparison, name: impl Fn(&str) -> &str) -> Option<String> {
    let each: Vec<String> = c
        .uncertainty()?
        .inputs
        .iter()
        .map(|i| {
            format!(
                "{} {}–{} (likely {}, {})",
                name(&i.label),
                i.says(i.spread.low),
                i.says(i.spread.high),
                i.says(i.spread.likely()),
                i.spread.shape()
            )
        })
        .collect();
    Some(each.join("; "))
}

/// "\nWhich input moves the answer most, at 15 users …:\n  …\n", or nothing
/// when nothing is sampled (or no model of each kind serves that many).
pub fn sensitivity_text(c: &Comparison, team: u64) -> Result<String, LimitError> {
    let Some(u) = c.uncertainty() else {
        return Ok(String::new());
    };
    let Some(s) = u.sensitivity(team)? else {
        return Ok(String::new());
    };
    let mut text = format!(
        "\nWhat moves the answer most at {} (each range at its low and high bound, the others at their likely values):\n",
        users(team)
    );
    for line in sensitivity_lines(c, &s) {
        text += &format!("  {line}\n");
    }
    Ok(text)
}
