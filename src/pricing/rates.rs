//! Exchange rates and the one conversion of a set of models into another
//! currency. Rates are dated and sourced like prices (`[[rate]]` tables in a
//! pricing folder, read by `schema::rates`) or given for one run; each amount
//! is converted once, from the currency its vendor quotes it in, so a price
//! already in the target currency is kept exactly as quoted.

use rust_decimal::Decimal;

use super::model::{Component, Conversion, Model};
use super::ranged::uncertain_slots;
use super::sizing::AmountIn;
use super::uncertain::{Measure, Product};
use crate::units::date::Date;

/// One rate: 1 `base` is worth `rate` of `quote` (EUR/USD = 1.1699: one euro
/// is 1.1699 dollars), as the ECB and the markets write pairs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rate {
    pub base: String,
    pub quote: String,
    pub rate: Decimal,
    /// The day the rate was fixed; `None` for a rate given for this run only,
    /// which applies on any date and before every dated one.
    pub as_of: Option<Date>,
    pub source: String,
}

impl Rate {
    /// "EUR/USD".
    pub fn pair(&self) -> String {
        format!("{}/{}", self.base, self.quote)
    }

    /// Units of `to` per unit of `from` at this rate, when it joins the two.
    fn factor(&self, from: &str, to: &str) -> Option<Decimal> {
        if self.base == from && self.quote == to {
            Some(self.rate)
        } else if self.base == to && self.quote == from {
            Some(Decimal::ONE / self.rate)
        } else {
            None
        }
    }
}

/// No rate joins two currencies on the date priced: typed, so that the
/// command line can name the options that give one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingRate {
    /// The currency the amounts are in, and the one asked for.
    pub from: String,
    pub to: String,
    pub on: Date,
    /// Dates of rates for the pair that come after `on` (none is used).
    pub later: Vec<Date>,
}

/// Every rate known for a run: the ones given for it first, then the dated
/// ones in the order read (a later file's rate of the same pair and day wins).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rates {
    pub given: Vec<Rate>,
    pub dated: Vec<Rate>,
}

impl Rates {
    /// Units of `to` per unit of `from` on `on`, and the rates taken: a given
    /// rate, else the newest dated one on or before `on` (either way round),
    /// else two such legs through a third currency (EUR for ECB rates).
    pub fn factor(
        &self,
        from: &str,
        to: &str,
        on: Date,
    ) -> Result<(Decimal, Vec<Rate>), MissingRate> {
        if let Some((f, r)) = self.leg(from, to, on) {
            return Ok((f, vec![r]));
        }
        let mut via: Vec<&str> = self
            .all()
            .flat_map(|r| [r.base.as_str(), r.quote.as_str()])
            .collect();
        via.sort_unstable();
        via.dedup();
        for x in via.into_iter().filter(|x| *x != from && *x != to) {
            if let (Some((a, ra)), Some((b, rb))) = (self.leg(from, x, on), self.leg(x, to, on)) {
                return Ok((a * b, vec![ra, rb]));
            }
        }
        let mut later: Vec<Date> = self
            .dated
            .iter()
            .filter(|r| r.factor(from, to).is_some())
            .filter_map(|r| r.as_of)
            .collect();
        later.sort();
        later.dedup();
        Err(MissingRate {
            from: from.into(),
            to: to.into(),
            on,
            later,
        })
    }

    fn all(&self) -> impl Iterator<Item = &Rate> {
        self.given.iter().chain(&self.dated)
    }

    /// One rate joining `from` and `to` directly: the last given one, else the
    /// newest dated one on or before `on` (the last read among equals).
    fn leg(&self, from: &str, to: &str, on: Date) -> Option<(Decimal, Rate)> {
        if let Some(r) = self
            .given
            .iter()
            .rev()
            .find(|r| r.factor(from, to).is_some())
        {
            return r.factor(from, to).map(|f| (f, r.clone()));
        }
        let mut best: Option<&Rate> = None;
        for r in &self.dated {
            let fits = r.factor(from, to).is_some() && r.as_of.is_some_and(|d| d <= on);
            if fits && best.is_none_or(|b| b.as_of <= r.as_of) {
                best = Some(r);
            }
        }
        best.and_then(|r| r.factor(from, to).map(|f| (f, r.clone())))
    }
}

/// Models converted into one currency, and every rate their amounts now rest
/// on (those taken from `Rates` and the files' own `exchange_rate`s still
/// applied), each once, in order.
#[derive(Clone, Debug, Default)]
pub struct Converted {
    pub models: Vec<Model>,
    pub rates: Vec<Rate>,
}

/// Every model in `to`: a model already in `to` as it is; in any other, each
/// amount converted once from the currency it is quoted in (a component quoted
/// in `to` keeps its quoted amounts, with no rate at all), at the rates in
/// force on `on`. A missing rate is an error naming the pair.
pub fn convert(
    models: Vec<Model>,
    to: &str,
    rates: &Rates,
    on: Date,
) -> Result<Converted, MissingRate> {
    let mut used: Vec<Rate> = Vec::new();
    let mut out = Vec::with_capacity(models.len());
    for mut m in models {
        if m.currency != to {
            let (f, taken) = rates.factor(&m.currency, to, on)?;
            used.extend(taken);
            // Admin hours are costed at `--admin-rate`, already in `to`.
            let money = m
                .components
                .iter_mut()
                .filter(|c| c.amount_in == AmountIn::Money);
            for c in money {
                convert_component(c, to, f, rates, on, &mut used)?;
            }
            m.setup_cost *= f;
            convert_offers(&mut m.offers, to, f, rates, on, &mut used)?;
            if let Some(input) = &mut m.ranges.setup_cost {
                input.spread = scaled_spread(input.spread, f);
                input.measure = Measure::Money(to.to_string());
            }
            m.currency = to.to_string();
        } else {
            // Already in `to`: its parts quoted elsewhere keep their file's rate.
            let own = m.components.iter().filter_map(|c| c.conversion.as_ref());
            used.extend(own.map(|conv| file_rate(conv, to)));
        }
        out.push(m);
    }
    let mut rates: Vec<Rate> = Vec::new();
    for r in used {
        if !rates.contains(&r) {
            rates.push(r);
        }
    }
    rates.sort_by(|a, b| (&a.base, &a.quote, a.as_of).cmp(&(&b.base, &b.quote, b.as_of)));
    Ok(Converted { models: out, rates })
}

/// The offers' amounts in `to` too: they are applied after the conversion
/// (`--offer` with `--currency`), so an offer's own price, its one-off amount
/// and its credit must be in the currency the model now counts in.
fn convert_offers(
    offers: &mut [crate::pricing::model::Offer],
    to: &str,
    f: Decimal,
    rates: &Rates,
    on: Date,
    used: &mut Vec<Rate>,
) -> Result<(), MissingRate> {
    use crate::pricing::model::Deal;
    for offer in offers {
        offer.one_off *= f;
        offer.credit *= f;
        match &mut offer.deal {
            Deal::Price(components) => {
                let money = components
                    .iter_mut()
                    .filter(|c| c.amount_in == AmountIn::Money);
                for c in money {
                    convert_component(c, to, f, rates, on, used)?;
                }
            }
            Deal::PercentOff(_) | Deal::OneOff => {}
        }
    }
    Ok(())
}

/// One component of a model in `from` into `to`: from its quoted amounts when
/// it has a rate of its own, else from the model's currency at `f`.
fn convert_component(
    c: &mut Component,
    to: &str,
    f: Decimal,
    rates: &Rates,
    on: Date,
    used: &mut Vec<Rate>,
) -> Result<(), MissingRate> {
    let Some(conv) = c.conversion.take() else {
        let found = std::mem::take(&mut c.uncertain);
        c.uncertain = uncertain_slots(&c.shape, found, Some(Product::exact(f)));
        c.shape = std::mem::take(&mut c.shape).scaled(f);
        return Ok(());
    };
    if conv.currency == to {
        c.shape = conv.quoted;
        c.uncertain = conv.quoted_uncertain;
        return Ok(());
    }
    let (g, taken) = rates.factor(&conv.currency, to, on)?;
    c.uncertain = uncertain_slots(
        &conv.quoted,
        conv.quoted_uncertain.clone(),
        Some(Product::exact(g)),
    );
    c.shape = conv.quoted.clone().scaled(g);
    let first = taken.first().cloned();
    used.extend(taken);
    c.conversion = Some(Conversion {
        rate: g,
        as_of: first
            .as_ref()
            .and_then(|r| r.as_of)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        source: first.map(|r| r.source).unwrap_or_default(),
        ..conv
    });
    Ok(())
}

/// A component's own `exchange_rate` as a rate: 1 quoted unit in the model's currency.
fn file_rate(conv: &Conversion, model_currency: &str) -> Rate {
    Rate {
        base: conv.currency.clone(),
        quote: model_currency.to_string(),
        rate: conv.rate,
        as_of: Date::parse(&conv.as_of),
        source: conv.source.clone(),
    }
}

fn scaled_spread(
    s: crate::units::uncertain::Spread,
    f: Decimal,
) -> crate::units::uncertain::Spread {
    crate::units::uncertain::Spread {
        low: s.low * f,
        likely: s.likely.map(|l| l * f),
        high: s.high * f,
    }
}

#[cfg(test)]
mod tests;
