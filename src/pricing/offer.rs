//! Offers for nonprofits, schools and open-source projects, and promotions for
//! new customers: data in the pricing files (`[[offer]]`), applied to a model
//! when the reader asks for one kind. An offer replaces the model's own price
//! (not the hosting it includes) over a band of team sizes, takes a share off
//! it, or adds a one-off amount (paid, or credited) spread like a set-up cost;
//! outside its band the list price applies, as the vendor states it.

use rust_decimal::Decimal;

pub use super::model::{Audience, Deal, Offer};
use super::model::{Component, Model};

/// What one model became under an offer, for the notes.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    pub id: String,
    pub name: String,
    /// The offer's rows that apply to this audience, in file order.
    pub offers: Vec<Offer>,
}

/// `models` under the offers for `audience`: each model with an offer for it
/// priced by the offer, the others unchanged (at list price). Returns the
/// models and what was applied, model by model.
pub fn apply(models: Vec<Model>, audience: Audience) -> (Vec<Model>, Vec<Applied>) {
    let mut applied = Vec::new();
    let models = models
        .into_iter()
        .map(|m| {
            let offers: Vec<Offer> = m
                .offers
                .iter()
                .filter(|o| o.audiences.contains(&audience))
                .cloned()
                .collect();
            if offers.is_empty() || m.part {
                return m;
            }
            applied.push(Applied {
                id: m.id.clone(),
                name: m.name.clone(),
                offers: offers.clone(),
            });
            under(m, &offers)
        })
        .collect();
    (models, applied)
}

/// The model with its own components priced by `offers` over their bands and
/// at list price over the team sizes no offer's price covers; included parts
/// (hosting) unchanged; one-off amounts added to the set-up cost.
fn under(mut model: Model, offers: &[Offer]) -> Model {
    let (own, included): (Vec<Component>, Vec<Component>) = model
        .components
        .into_iter()
        .partition(|c| c.included_from.is_none());
    let mut covered: Vec<(u64, u64)> = Vec::new();
    let mut priced = Vec::new();
    for offer in offers {
        let band = (offer.from, offer.max_users.unwrap_or(u64::MAX));
        let replaced: Vec<Component> = match &offer.deal {
            Deal::Price(components) => components.clone(),
            Deal::PercentOff(percent) => {
                let keep = (Decimal::ONE_HUNDRED - percent) / Decimal::ONE_HUNDRED;
                own.iter()
                    .map(|c| Component {
                        shape: c.shape.clone().scaled(keep),
                        uncertain: Vec::new(),
                        ..c.clone()
                    })
                    .collect()
            }
            Deal::OneOff => Vec::new(),
        };
        if !matches!(offer.deal, Deal::OneOff) {
            covered.push(band);
            priced.extend(replaced.into_iter().map(|c| within(c, band, offer)));
        }
        model.setup_cost += offer.one_off - offer.credit;
    }
    let list = gaps(&mut covered).into_iter().flat_map(|band| {
        own.iter().map(move |c| Component {
            band: Some(band),
            ..c.clone()
        })
    });
    model.components = list.chain(priced).chain(included).collect();
    model
}

/// An offer's component, limited to its band and sourced by the offer where
/// it does not say otherwise.
fn within(mut c: Component, band: (u64, u64), offer: &Offer) -> Component {
    c.band = Some(band);
    c.source.get_or_insert_with(|| offer.source.clone());
    c.as_of.get_or_insert_with(|| offer.as_of.clone());
    c.confidence.get_or_insert(offer.confidence);
    c
}

/// The team sizes (from 1 on) that none of `covered` holds.
fn gaps(covered: &mut [(u64, u64)]) -> Vec<(u64, u64)> {
    covered.sort();
    let mut out = Vec::new();
    let mut next = 1u64;
    for &(from, to) in covered.iter() {
        if from > next {
            out.push((next, from - 1));
        }
        next = next.max(to.saturating_add(1));
    }
    if next != u64::MAX {
        out.push((next, u64::MAX));
    }
    out
}

#[cfg(test)]
mod tests;
