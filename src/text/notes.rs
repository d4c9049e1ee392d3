//! The sentences every view adds under its figures: what was assumed, which
//! plans were left out and why, and which prices are old.

use rust_decimal::Decimal;

use crate::engine::compare::{Comparison, LeftOut, STALE_AFTER_MONTHS, Stale};
use crate::pricing::model::{Kind, Model};
use crate::pricing::rates::Rate;
use crate::units::money;

/// Lines of plain text (no trailing newline), possibly none.
pub fn notes(c: &Comparison) -> Vec<String> {
    let mut out = Vec::new();
    out.extend(rates_note(c));
    out.extend(replaced(c));
    out.extend(super::offers::offer_notes(c));
    out.extend(admin_time(c));
    out.extend(super::sizing::growing_admin(&with_quote_only(c)));
    out.extend(super::sizing::concurrency_note(c));
    out.extend(super::sizing::caveat_notes(c));
    out.extend(super::odds::ranges_note(c));
    out.extend(billing(c));
    out.extend(left_out(c));
    out.extend(dated_prices(c));
    out
}

/// The currency and every rate the amounts rest on, with its date and
/// source, when they were converted (`--currency`): "Amounts in EUR, each
/// converted once from the currency it is quoted in: 1 EUR = 1.1699 USD (rate of
/// 2026-08-21; ECB …)."
pub fn rates_note(c: &Comparison) -> Option<String> {
    rates_note_in(&c.currency, &c.exchange_rates)
}

/// [`rates_note`] for amounts in `currency` at `rates` (any view's).
pub fn rates_note_in(currency: &str, rates: &[Rate]) -> Option<String> {
    let rates = rate_list(rates, true)?;
    Some(format!(
        "Amounts in {currency}, each converted once from the currency it is quoted in (prices quoted in {currency} are taken as they are): {rates}."
    ))
}

/// The same, short enough for a chart's footer: "Amounts in EUR: 1 EUR =
/// 1.1699 USD (rate of 2026-08-21)."
pub fn rates_footer(c: &Comparison) -> Option<String> {
    rates_footer_in(&c.currency, &c.exchange_rates)
}

/// [`rates_footer`] for amounts in `currency` at `rates` (any chart's).
pub fn rates_footer_in(currency: &str, rates: &[Rate]) -> Option<String> {
    let rates = rate_list(rates, false)?;
    Some(format!("Amounts in {currency}: {rates}."))
}

/// "1 EUR = 1.1699 USD (rate of 2026-08-21; SOURCE)", joined by "; ", or
/// `None` when no amount was converted.
fn rate_list(rates: &[Rate], sources: bool) -> Option<String> {
    if rates.is_empty() {
        return None;
    }
    let each: Vec<String> = rates
        .iter()
        .map(|r| {
            let when = r.as_of.map(|d| format!("rate of {d}"));
            let about = match (when, sources) {
                (Some(when), true) => format!("{when}; {}", r.source),
                (Some(when), false) => when,
                (None, _) => r.source.clone(),
            };
            format!(
                "1 {} = {} {} ({about})",
                r.base,
                r.rate.normalize(),
                r.quote
            )
        })
        .collect();
    Some(each.join("; "))
}

/// "slack-pro: your file replaces the bundled price.", for each of the user's models
/// that took the place of a bundled one and is compared or named as left out.
fn replaced(c: &Comparison) -> Vec<String> {
    let shown = |id: &String| {
        c.models.iter().any(|m| &m.id == id) || c.left_out.iter().any(|(m, _)| &m.id == id)
    };
    c.replaced
        .iter()
        .filter(|id| shown(id))
        .map(|id| format!("{id}: your file replaces the bundled price."))
        .collect()
}

/// Admin time and set-up, when any plan takes some: the hours assumed change
/// the figures, so they are always said.
fn admin_time(c: &Comparison) -> Option<String> {
    let a = &c.assumptions;
    // Self-hosted models, and any hosted plan whose file gives it admin time.
    let self_hosted: Vec<&Model> = with_quote_only(c)
        .into_iter()
        .filter(|m| {
            m.kind == Kind::SelfHosted || !m.admin_hours().is_zero() || !m.setup_hours().is_zero()
        })
        .collect();
    let first = Hours::of(self_hosted.first()?);
    let uniform = self_hosted
        .iter()
        .all(|m| m.kind == Kind::SelfHosted && Hours::of(m) == first);
    let hours = if uniform {
        format!(
            "each self-hosted plan takes {} h a month and {} h to set up",
            first.monthly, first.setup
        )
    } else {
        // Plans that take the same hours are named together.
        let mut groups: Vec<(Hours, Vec<&str>)> = Vec::new();
        for m in &self_hosted {
            let each = Hours::of(m);
            match groups.iter_mut().find(|(h, _)| *h == each) {
                Some((_, ids)) => ids.push(&m.id),
                None => groups.push((each, vec![&m.id])),
            }
        }
        let list: Vec<String> = groups
            .iter()
            .map(|(each, ids)| {
                format!(
                    "{} {} h a month, {} h to set up",
                    ids.join(", "),
                    each.monthly,
                    each.setup
                )
            })
            .collect();
        list.join("; ")
    };
    Some(if a.hourly_rate().is_zero() {
        format!("Admin time is not counted (--admin-rate 0; {hours}).")
    } else {
        let rate = money::display(a.hourly_rate(), &c.currency);
        format!(
            "Admin time at {rate} an hour ({hours}); one-off set-up costs spread over {} months.",
            a.horizon_months
        )
    })
}

/// The models compared and those answered by quote, in that order.
fn with_quote_only(c: &Comparison) -> Vec<&Model> {
    c.models
        .iter()
        .chain(c.quote_only.iter().map(|(m, _)| m))
        .collect()
}

/// A model's admin hours, as the notes print them.
#[derive(PartialEq)]
struct Hours {
    monthly: Decimal,
    setup: Decimal,
}

impl Hours {
    /// The hours a note states for `m`, defaults included.
    fn of(m: &Model) -> Hours {
        Hours {
            monthly: m.admin_hours().normalize(),
            setup: m.setup_hours().normalize(),
        }
    }
}

/// The billing term used, when some plan offers only one.
fn billing(c: &Comparison) -> Option<String> {
    let a = &c.assumptions;
    let labelled: Vec<String> = c
        .models
        .iter()
        .filter_map(|m| m.billing_terms(a.as_of).map(|t| format!("{} ({t})", m.id)))
        .collect();
    (!labelled.is_empty()).then(|| {
        format!(
            "Billing: {} where a plan offers both; {}.",
            a.billing.as_str(),
            labelled.join(", ")
        )
    })
}

/// Why `m` is not compared, in words (also the JSON's `reason`).
pub fn left_out_reason(m: &Model, why: &LeftOut) -> String {
    match why {
        LeftOut::Limited(limit) => limit.clone(),
        LeftOut::AwaitsQuote => format!(
            "its licence is sold by quote; --quote {}=PRICE (a user a month) compares it",
            m.id
        ),
        LeftOut::NoPrice(date) => format!("no price in force on {date}"),
    }
}

/// One line for every plan left out of the comparison, and why.
fn left_out(c: &Comparison) -> Vec<String> {
    c.left_out
        .iter()
        .map(|(m, why)| {
            let why = left_out_reason(m, why);
            if m.comparable {
                format!("Not compared: {} — {why}.", m.name)
            } else {
                format!(
                    "Not compared: {} — {why} (add --include-limited to compare it).",
                    m.name
                )
            }
        })
        .collect()
}

/// Prices too old to trust, and prices seen only after the as-of date.
fn dated_prices(c: &Comparison) -> Vec<String> {
    let a = &c.assumptions;
    let mut out = Vec::new();
    let old = grouped(c.stale());
    if !old.is_empty() {
        out.push(format!(
            "Prices more than {STALE_AFTER_MONTHS} months older than {}: {old} — check them before relying on the figures.",
            a.as_of
        ));
    }
    let later = grouped(c.later());
    if !later.is_empty() {
        out.push(format!(
            "Prices seen only after {}: {later} — what applied on {} is not known; they are used as if already in force.",
            a.as_of, a.as_of
        ));
    }
    out
}

/// Dated prices, each named once: a part's price lists the plans that include it.
fn grouped(prices: Vec<Stale<'_>>) -> String {
    let mut groups: Vec<Group<'_>> = Vec::new();
    for st in &prices {
        let what = match st.part {
            Some(part) => format!("{} in {part} ({})", st.label, st.date),
            None => format!("{} of {} ({})", st.label, st.model.id, st.date),
        };
        match groups.iter_mut().find(|g| g.what == what) {
            Some(g) => g.ids.push(&st.model.id),
            None => groups.push(Group {
                what,
                ids: vec![&st.model.id],
            }),
        }
    }
    groups
        .iter()
        .map(|g| {
            if g.what.contains(" in ") {
                format!("{}, used by {}", g.what, g.ids.join(", "))
            } else {
                g.what.clone()
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// One dated price and the plans that use it.
struct Group<'a> {
    what: String,
    ids: Vec<&'a str>,
}
