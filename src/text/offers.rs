//! The offers asked for (`--offer`), said once under the figures: what each
//! plan's offer does at which sizes, its conditions and source, the one-off
//! amounts spread like a set-up cost, and the plans left at list price.

use rust_decimal::Decimal;

use crate::engine::compare::Comparison;
use crate::pricing::offer::{Applied, Audience, Deal, Offer};
use crate::units::count::{group_thousands, users};
use crate::units::money;

/// "Offers for a nonprofit (--offer nonprofit): …" and the plans at list
/// price, or nothing when no offer was asked for.
pub fn offer_notes(c: &Comparison) -> Vec<String> {
    let Some((audience, applied)) = &c.offers else {
        return Vec::new();
    };
    let who = who(*audience);
    let mut out = Vec::new();
    if applied.is_empty() {
        out.push(format!(
            "Offers for {who} (--offer {}): none of these plans has one; all at list price.",
            audience.as_str()
        ));
        return out;
    }
    for a in applied {
        out.push(plan(c, *audience, a));
    }
    let shown = |id: &str| applied.iter().any(|a| a.id == id);
    let list: Vec<&str> = c
        .models
        .iter()
        .map(|m| m.id.as_str())
        .filter(|id| !shown(id))
        .collect();
    if !list.is_empty() {
        out.push(format!(
            "At list price (no offer for {who}): {}.",
            list.join(", ")
        ));
    }
    out
}

/// "offers for a nonprofit", for a chart's subtitle, when offers priced the plans.
pub fn in_brief(c: &Comparison) -> Option<String> {
    let (audience, _) = c.offers.as_ref()?;
    Some(format!("offers for {}", who(*audience)))
}

fn who(audience: Audience) -> &'static str {
    match audience {
        Audience::Nonprofit => "a nonprofit",
        Audience::Education => "education",
        Audience::OpenSource => "an open-source project",
        Audience::NewCustomer => "a new customer",
    }
}

/// One plan's offer: each row's deal, then its conditions once.
fn plan(c: &Comparison, audience: Audience, a: &Applied) -> String {
    let deals: Vec<String> = a.offers.iter().map(|o| deal(c, o)).collect();
    let mut conditions: Vec<String> = Vec::new();
    for o in &a.offers {
        let said = format!(
            "{} ({}, as of {}, {})",
            o.conditions.trim_end_matches('.'),
            o.source,
            o.as_of,
            o.confidence.as_str()
        );
        if !conditions.contains(&said) {
            conditions.push(said);
        }
    }
    format!(
        "{} ({}), offer for {} (--offer {}): {}. Conditions: {}.",
        a.name,
        a.id,
        who(audience),
        audience.as_str(),
        deals.join("; "),
        conditions.join("; ")
    )
}

/// What one offer row does, and at which team sizes.
fn deal(c: &Comparison, o: &Offer) -> String {
    let m = |v: Decimal| money::display(v, &c.currency);
    let sizes = match (o.from, o.max_users) {
        (1, None) => "at every size".to_string(),
        (1, Some(max)) => format!("up to {}", users(max)),
        (from, None) => format!("from {}", users(from)),
        (from, Some(max)) => format!("for {}–{}", group_thousands(&from.to_string()), users(max)),
    };
    let price = match &o.deal {
        Deal::Price(components) => {
            let words: Vec<String> = components
                .iter()
                .map(|x| super::price::price(&x.shape, &c.currency))
                .collect();
            format!("{} {sizes}, instead of the list price", words.join(" + "))
        }
        Deal::PercentOff(p) => format!("{}% off the list price {sizes}", p.normalize()),
        Deal::OneOff => format!("list price {sizes}"),
    };
    let horizon = c.assumptions.horizon_months.max(1);
    let spread = |amount: Decimal| amount / Decimal::from(horizon);
    let mut once = Vec::new();
    if !o.one_off.is_zero() {
        once.push(format!(
            "{} paid once, spread over the {horizon}-month horizon like a set-up cost ({} a month)",
            m(o.one_off),
            m(spread(o.one_off))
        ));
    }
    if !o.credit.is_zero() {
        once.push(format!(
            "a one-off −{} (a promotion that ends), spread over the {horizon}-month horizon like a set-up cost (−{} a month)",
            m(o.credit),
            m(spread(o.credit))
        ));
    }
    if once.is_empty() {
        price
    } else {
        format!("{price}, with {}", once.join(" and "))
    }
}
