//! Reading the `[[offer]]` tables of a model: who each offer is for, the team
//! sizes it covers, what it does to the price, and its conditions and source,
//! every problem reported at its file, line and column.

use std::ops::Range;

use rust_decimal::Decimal;
use toml::de::{DeTable, DeValue};

use super::keys::{alternatives, value_hint};
use super::{Reader, Value};
use crate::pricing::offer::{Audience, Deal, Offer};

const OFFER_KEYS: &[&str] = &[
    "for",
    "from",
    "max_users",
    "conditions",
    "source",
    "as_of",
    "confidence",
    "percent_off",
    "one_off",
    "credit",
    "component",
];

impl Reader<'_> {
    /// The model's `[[offer]]` tables (none unless given), each read even after
    /// a bad one; `None` if any is wrong.
    pub(super) fn offers(
        &mut self,
        doc: &DeTable<'_>,
        currency: Option<&str>,
    ) -> Option<Vec<Offer>> {
        let Some(v) = doc.get("offer") else {
            return Some(Vec::new());
        };
        let items = self.array(v, "`offer` must be [[offer]] tables")?;
        self.each(items, |r, item| r.offer(item, currency))
    }

    fn offer(&mut self, item: &Value<'_>, currency: Option<&str>) -> Option<Offer> {
        let DeValue::Table(table) = item.get_ref() else {
            self.problem(item.span(), "each `offer` must be a table ([[offer]])");
            return None;
        };
        let span = item.span();
        self.known_keys(table, OFFER_KEYS, "an [[offer]]");
        let ctx = "an [[offer]]";
        let audiences = self.read_required(table, &span, "for", ctx, |r, v, _| r.audiences(v));
        let conditions = self.read_required(table, &span, "conditions", ctx, Self::text);
        let source = self.read_required(table, &span, "source", ctx, Self::text);
        let as_of = self.read_required(table, &span, "as_of", ctx, Self::date);
        let confidence =
            self.read_required(table, &span, "confidence", ctx, |r, v, _| r.confidence(v));
        let (from, max_users) = self.offer_band(table);
        let deal = self.deal(table, &span, currency);
        let one_off = self.optional(table, "one_off", Self::amount);
        let credit = self.optional(table, "credit", Self::amount);
        let (one_off, credit) = (one_off.ok()?, credit.ok()?);
        let deal = deal?;
        if deal == Deal::OneOff && one_off.is_none() && credit.is_none() {
            self.problem(span.clone(), "an [[offer]] must change the price: give [[offer.component]], `percent_off`, `one_off` or `credit`");
            return None;
        }
        Some(Offer {
            audiences: audiences?,
            from: from?,
            max_users: max_users?,
            deal,
            one_off: one_off.unwrap_or(Decimal::ZERO),
            credit: credit.unwrap_or(Decimal::ZERO),
            conditions: conditions?,
            source: source?,
            as_of: as_of?,
            confidence: confidence?,
        })
    }

    /// `for`: one or more of the audiences a reader can ask for.
    fn audiences(&mut self, v: &Value<'_>) -> Option<Vec<Audience>> {
        let names: Vec<&str> = Audience::ALL.iter().map(|a| a.as_str()).collect();
        let message = format!(
            "`for` must be a list of one or more of {}",
            alternatives(&names)
        );
        let items = self.array(v, &message)?;
        if items.is_empty() {
            self.problem(v.span(), message);
            return None;
        }
        self.each(items, |r, item| {
            let name = r.text(item, "for")?;
            let found = Audience::parse(&name);
            if found.is_none() {
                let hint = value_hint(&name, &names);
                r.problem(
                    item.span(),
                    format!("`for` names \"{name}\"{hint}; use {}", alternatives(&names)),
                );
            }
            found
        })
    }

    /// `from` (default 1) and `max_users` (default: no cap), in order.
    fn offer_band(&mut self, table: &DeTable<'_>) -> (Option<u64>, Option<Option<u64>>) {
        let from = self.optional(table, "from", |r, v, key| r.count(v, key, 1));
        let max = self.optional(table, "max_users", |r, v, key| r.count(v, key, 1));
        if let (Ok(Some(f)), Ok(Some(m))) = (&from, &max)
            && m < f
        {
            let at = table.get("max_users").map_or(0..0, |v| v.span());
            self.problem(
                at,
                format!("`max_users` ({m}) is below `from` ({f}): the offer covers no team size"),
            );
            return (None, None);
        }
        (from.ok().map(|f| f.unwrap_or(1)), max.ok())
    }

    /// What the offer does to the price: replacement components or a share
    /// off, not both; neither leaves only its one-off amounts.
    fn deal(
        &mut self,
        table: &DeTable<'_>,
        span: &Range<usize>,
        currency: Option<&str>,
    ) -> Option<Deal> {
        let percent = self.optional(table, "percent_off", Self::amount);
        let components = table
            .get("component")
            .map(|v| self.offer_components(v, currency));
        match (percent.ok()?, components) {
            (Some(_), Some(_)) => {
                self.problem(
                    span.clone(),
                    "an [[offer]] gives either [[offer.component]] or `percent_off`, not both",
                );
                None
            }
            (Some(p), None) if p > Decimal::ONE_HUNDRED => {
                let at = table.get("percent_off").map_or(span.clone(), |v| v.span());
                self.problem(at, format!("`percent_off` is {p}; it must be at most 100"));
                None
            }
            (Some(p), None) => Some(Deal::PercentOff(p)),
            (None, Some(components)) => components.map(Deal::Price),
            (None, None) => Some(Deal::OneOff),
        }
    }

    fn offer_components(
        &mut self,
        v: &Value<'_>,
        currency: Option<&str>,
    ) -> Option<Vec<crate::pricing::model::Component>> {
        let message = "`component` of an offer must be one or more [[offer.component]] tables";
        let items = self.array(v, message)?;
        if items.is_empty() {
            self.problem(v.span(), message);
            return None;
        }
        self.each(items, |r, item| r.component(item, currency))
    }
}
