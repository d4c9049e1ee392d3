//! `"offers"` in the JSON of `table` and `breakeven`: which offers priced the
//! plans (`--offer`), with their sizes, conditions and sources, and the plans
//! left at list price, so a script sees what the notes say.

use serde::Serialize;

use crate::engine::compare::Comparison;

#[derive(Serialize)]
pub struct OffersDoc<'a> {
    /// The kind of team asked for: "nonprofit", "education", "opensource", "new-customer".
    #[serde(rename = "for")]
    audience: &'static str,
    plans: Vec<PlanOfferDoc<'a>>,
    /// Compared plans without an offer for it, at list price.
    list_price: Vec<&'a str>,
}

#[derive(Serialize)]
struct PlanOfferDoc<'a> {
    id: &'a str,
    from: u64,
    max_users: Option<u64>,
    conditions: &'a str,
    source: &'a str,
    as_of: &'a str,
    confidence: &'static str,
}

/// The offers of `c`, or `None` when none was asked for.
pub fn offers_doc(c: &Comparison) -> Option<OffersDoc<'_>> {
    let (audience, applied) = c.offers.as_ref()?;
    let plans = applied
        .iter()
        .flat_map(|a| {
            a.offers.iter().map(|o| PlanOfferDoc {
                id: &a.id,
                from: o.from,
                max_users: o.max_users,
                conditions: &o.conditions,
                source: &o.source,
                as_of: &o.as_of,
                confidence: o.confidence.as_str(),
            })
        })
        .collect();
    let list_price = c
        .models
        .iter()
        .map(|m| m.id.as_str())
        .filter(|id| !applied.iter().any(|a| a.id == *id))
        .collect();
    Some(OffersDoc {
        audience: audience.as_str(),
        plans,
        list_price,
    })
}
