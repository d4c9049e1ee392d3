//! Deployments that grow, licences sold by quote and caveats, in words: the
//! price column of the report, the notes under every view and the sentences
//! that answer a quote-only model with a ceiling.

use rust_decimal::Decimal;

use crate::engine::compare::Comparison;
use crate::engine::explain::Part;
use crate::engine::quote::QuoteAnswer;
use crate::pricing::model::Model;
use crate::pricing::sizing::{AmountIn, Basis, Count, Sized, Threshold};
use crate::units::count::{group_thousands, users};
use crate::units::money;

/// "201 users or 51 concurrent users", "500 concurrent users".
pub fn threshold(t: &Threshold) -> String {
    let by_users = t.users.map(users);
    let by_concurrent = t
        .concurrent
        .map(|c| format!("{} concurrent users", group_thousands(&c.to_string())));
    match (by_users, by_concurrent) {
        (Some(u), Some(c)) => format!("{u} or {c}, whichever comes first"),
        (Some(u), None) => u,
        (None, Some(c)) => c,
        (None, None) => String::new(),
    }
}

/// A count in words: "2", "one per 500 concurrent users, at least 2".
fn count(c: &Count) -> String {
    match *c {
        Count::Fixed(k) => k.to_string(),
        Count::Per { basis, size, min } => {
            let per = match basis {
                Basis::Users if size == 1 => "user".to_string(),
                Basis::Users => users(size),
                Basis::Concurrent if size == 1 => "concurrent user".to_string(),
                Basis::Concurrent => {
                    format!("{} concurrent users", group_thousands(&size.to_string()))
                }
            };
            let least = if min > 1 {
                format!(", at least {min}")
            } else {
                String::new()
            };
            format!("one per {per}{least}")
        }
    }
}

/// The price column of a growing deployment: each row with its count, and the cap.
pub fn sized_price(s: &Sized, currency: &str) -> String {
    let rows: Vec<String> = s
        .rows
        .iter()
        .map(|r| {
            let what = r
                .label
                .as_deref()
                .map(|l| format!(" ({l})"))
                .unwrap_or_default();
            format!(
                "{} × {} a month{what} from {}",
                count(&r.count),
                money::display(r.each, currency),
                threshold(&r.from)
            )
        })
        .collect();
    let cap = if s.max == Threshold::default() {
        String::new()
    } else {
        format!(
            "; up to {}",
            threshold(&s.max).replace(", whichever comes first", ", whichever is lower")
        )
    };
    format!("{}{cap}", rows.join("; "))
}

/// "sold by quote (at least 51 seats, up to 500 users)".
pub fn quote_terms(min_seats: u64, max_seats: Option<u64>) -> String {
    let mut terms = Vec::new();
    if min_seats > 1 {
        terms.push(format!("at least {min_seats} seats"));
    }
    if let Some(max) = max_seats {
        terms.push(format!("up to {}", users(max)));
    }
    if terms.is_empty() {
        "sold by quote".to_string()
    } else {
        format!("sold by quote ({})", terms.join(", "))
    }
}

/// The share online at once, when some model compared (or answered by quote)
/// is sized by concurrent users.
pub fn concurrency_note(c: &Comparison) -> Option<String> {
    let sized: Vec<&str> = c
        .models
        .iter()
        .chain(c.quote_only.iter().map(|(m, _)| m))
        .filter(|m| m.uses_concurrency())
        .map(|m| m.id.as_str())
        .collect();
    if sized.is_empty() {
        return None;
    }
    Some(format!(
        "Deployments sized for {} of the team online at once (--concurrency; vendors size by concurrent users: Rocket.Chat's own pairs give 20–30%, Mattermost 10–33%, open communities a few %): {}.",
        c.assumptions.concurrency,
        sized.join(", ")
    ))
}

/// A caveat of a model that starts inside the range, at a size it serves.
pub struct CaveatAt {
    pub model: String,
    pub from: u64,
    /// The caveat's text up to its first parenthesis, for a chart label.
    pub short: String,
    pub note: String,
}

/// Caveats that start inside the range at a size the model serves, for the
/// models compared or answered by quote.
pub fn caveats_in_range(c: &Comparison) -> Vec<CaveatAt> {
    let share = c.assumptions.concurrency;
    let mut out = Vec::new();
    for (m, max) in c
        .models
        .iter()
        .zip(c.curves.iter().map(|k| k.max_users()))
        .chain(c.quote_only.iter().map(|(m, k)| (m, k.max_users())))
    {
        for caveat in &m.caveats {
            let from = share.start_of(&caveat.from);
            if from > c.range.to || max.is_some_and(|x| from > x) {
                continue;
            }
            let source = caveat
                .source
                .as_deref()
                .map(|s| format!(" (source: {s})"))
                .unwrap_or_default();
            let note = format!(
                "{}: from {} ({} at {} online): {}{source}.",
                m.name,
                users(from),
                threshold(&caveat.from),
                share,
                caveat.text
            );
            let short = caveat.text.split(" (").next().unwrap_or(&caveat.text);
            out.push(CaveatAt {
                model: m.id.clone(),
                from,
                short: short.to_string(),
                note,
            });
        }
    }
    out
}

/// Caveats that apply inside the range, as notes.
pub fn caveat_notes(c: &Comparison) -> Vec<String> {
    caveats_in_range(c).into_iter().map(|x| x.note).collect()
}

/// Admin time that grows with the deployment, for the models that have some:
/// "Admin time grows with the deployment (assumptions, …): rocketchat-enterprise-aws
/// 2 h a month per MongoDB member, 2 h a month per app node; …".
pub fn growing_admin(models: &[&Model]) -> Option<String> {
    let each: Vec<String> = models
        .iter()
        .filter_map(|m| {
            let labels: Vec<String> = m
                .components
                .iter()
                .filter(|c| c.amount_in == AmountIn::AdminHours)
                .map(|c| {
                    let label = c.label.as_deref().unwrap_or("admin time");
                    label
                        .strip_prefix("Admin time")
                        .map(|rest| rest.trim_start_matches([',', ' ']))
                        .unwrap_or(label)
                        .to_string()
                })
                .collect();
            (!labels.is_empty()).then(|| format!("{} {}", m.id, labels.join(", ")))
        })
        .collect();
    (!each.is_empty()).then(|| {
        format!(
            "Admin time grows with the deployment, on top of the hours above (assumptions: no source gives hours for these deployments): {}.",
            each.join("; ")
        )
    })
}

/// One sentence per quote-only model and round team size: its cost without the
/// licence and the highest quote at which it costs no more than the cheapest
/// hosted plan there (every hosted plan) and than the dearest.
pub fn quote_sentences(c: &Comparison) -> Vec<String> {
    let sizes = c.quote_sizes();
    let mut out = Vec::new();
    for (m, curve) in &c.quote_only {
        // Sizes at which no quote pays against any plan are told in one sentence.
        let mut never = Vec::new();
        let mut told = Vec::new();
        for &n in &sizes {
            let answer = c.quote_answers(n).into_iter().find(|a| a.model == m.id);
            let Some(a) = answer.filter(|a| a.without_licence.is_some()) else {
                continue;
            };
            match a.ceilings.last() {
                Some(high) if high.highest_cents().is_none() => never.push(n),
                _ => told.push(quote_sentence(c, m, &a)),
            }
        }
        if !never.is_empty() {
            out.push(format!(
                "{} (licence sold by quote) costs more than every hosted plan even with a free licence at {}.",
                m.name,
                listed(&never)
            ));
        }
        out.extend(told);
        if let Some(max) = curve.max_users().filter(|&x| x < c.range.to) {
            out.push(format!(
                "{} (licence sold by quote) serves up to {}.",
                m.name,
                users(max)
            ));
        }
    }
    out
}

fn quote_sentence(c: &Comparison, m: &Model, a: &QuoteAnswer) -> String {
    let at = users(a.users);
    let own = a.without_licence.unwrap_or_default();
    let what = if c.assumptions.hourly_rate().is_zero() {
        "infrastructure"
    } else {
        "infrastructure and admin time"
    };
    let head = format!(
        "{} (licence sold by quote) at {at}: {} a month for {what}",
        m.name,
        money::display(own, &c.currency)
    );
    let (Some(low), Some(high)) = (a.ceilings.first(), a.ceilings.last()) else {
        let any_hosted = c
            .models
            .iter()
            .any(|h| h.kind == crate::pricing::model::Kind::Hosted);
        return if any_hosted {
            format!("{head}; no hosted plan serves {at}.")
        } else {
            format!("{head}; no hosted plan is compared.")
        };
    };
    let quote = |cents: Decimal| format!("{} a user a month", money::display(cents, &c.currency));
    let name = |id: &str| c.name(id).to_string();
    let seats = if a.seats > a.users {
        format!(
            " (the licence is bought for at least {} seats)",
            group_thousands(&a.seats.to_string())
        )
    } else {
        String::new()
    };
    let against_low = match low.highest_cents() {
        Some(q) if a.ceilings.len() > 1 => format!(
            "it costs no more than every hosted plan while your quote is at most {} ({} is the cheapest there)",
            quote(q),
            name(&low.hosted)
        ),
        Some(q) => format!(
            "it costs no more than {} while your quote is at most {}",
            name(&low.hosted),
            quote(q)
        ),
        None => format!(
            "it costs more than {} even with a free licence",
            name(&low.hosted)
        ),
    };
    if a.ceilings.len() == 1 {
        return format!("{head}; {against_low}{seats}.");
    }
    let against_high = match high.highest_cents() {
        Some(q) if low.highest_cents().is_none() => format!(
            "no more than {} while your quote is at most {}",
            name(&high.hosted),
            quote(q)
        ),
        Some(q) => format!(
            "no more than {} while it is at most {}",
            name(&high.hosted),
            money::display(q, &c.currency)
        ),
        None => format!(
            "more than every hosted plan, {} included",
            name(&high.hosted)
        ),
    };
    let and = if low.highest_cents().is_none() {
        "but"
    } else {
        "and"
    };
    format!("{head}; {against_low}, {and} {against_high}{seats}.")
}

/// "5, 10 and 20 users".
fn listed(sizes: &[u64]) -> String {
    let all: Vec<String> = sizes
        .iter()
        .map(|n| group_thousands(&n.to_string()))
        .collect();
    match all.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("{} and {}", rest.join(", "), users_word(last))
        }
        _ => users_word(&all.join("")),
    }
}

fn users_word(n: &str) -> String {
    if n == "1" {
        "1 user".to_string()
    } else {
        format!("{n} users")
    }
}

/// One line of `table --explain`: "App nodes: 2 × c7g.xlarge 2 × $105.85 = $211.70".
pub fn part_line(p: &Part, currency: &str) -> String {
    let amount = money::display(p.monthly, currency);
    match (p.count, p.hours) {
        (_, Some(h)) => format!("{} {} h {amount}", p.label, h.normalize()),
        (Some(k), None) if k != 1 => {
            format!("{} ×{} {amount}", p.label, group_thousands(&k.to_string()))
        }
        _ => format!("{} {amount}", p.label),
    }
}

/// "\nLicences sold by quote (not compared):\n  …\n", or nothing.
pub fn quote_section(c: &Comparison) -> String {
    let lines = quote_sentences(c);
    if lines.is_empty() {
        return String::new();
    }
    let mut text =
        "\nLicences sold by quote (not compared; --quote ID=PRICE compares one):\n".to_string();
    for line in lines {
        text += &format!("  {line}\n");
    }
    text
}
