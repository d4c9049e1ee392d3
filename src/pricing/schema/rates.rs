//! Reading a rates file: `[[rate]]` tables, each a pair, a rate, the day it
//! was fixed and its source, every problem reported at its span.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::{Diagnostic, Reader, Value};
use crate::pricing::rates::Rate;
use crate::units::date::Date;

const FILE_KEYS: &[&str] = &["version", "rate"];
const RATE_KEYS: &[&str] = &["pair", "rate", "as_of", "source"];

/// Whether a pricing file holds rates rather than a model: `[[rate]]` tables
/// and no model `id`.
pub fn is_rates(source: &str) -> bool {
    DeTable::parse(source).is_ok_and(|doc| {
        let doc = doc.get_ref();
        doc.contains_key("rate") && !doc.contains_key("id")
    })
}

/// Reads one rates file. `file` names it in messages.
pub fn parse_rates(source: &str, file: &str) -> Result<Vec<Rate>, Vec<Diagnostic>> {
    super::read_file(source, file, &[], Reader::rates)
}

impl Reader<'_> {
    /// Every `[[rate]]`, each read even after a bad one; a pair given twice
    /// for one day is a problem (which one holds?).
    fn rates(&mut self, doc: &DeTable<'_>, span: Range<usize>) -> Option<Vec<Rate>> {
        self.known_keys(doc, FILE_KEYS, "a rates file");
        if let Some(v) = doc.get("version") {
            self.version(v);
        }
        let message = "`rate` must be one or more [[rate]] tables";
        let v = self.required(doc, &span, "rate", "a rates file")?;
        let items = self.array(v, message)?;
        let read: Vec<Option<(Rate, Range<usize>)>> = items
            .iter()
            .map(|item| self.rate(item).map(|r| (r, item.span())))
            .collect();
        let mut seen: Vec<(String, Option<Date>)> = Vec::new();
        for (rate, at) in read.iter().flatten() {
            let key = (rate.pair(), rate.as_of);
            if seen.contains(&key) {
                let day = rate.as_of.map(|d| d.to_string()).unwrap_or_default();
                self.problem(
                    at.clone(),
                    format!("{} is given twice for {day}: keep one", key.0),
                );
            }
            seen.push(key);
        }
        read.into_iter().map(|r| r.map(|(rate, _)| rate)).collect()
    }

    /// One `[[rate]]` table: `pair = "EUR/USD"` (1 EUR in USD), `rate` more
    /// than 0, `as_of` a day, `source` in words or an address.
    fn rate(&mut self, item: &Value<'_>) -> Option<Rate> {
        let DeValue::Table(table) = item.get_ref() else {
            self.problem(item.span(), "each `rate` must be a table ([[rate]])");
            return None;
        };
        let span = item.span();
        self.known_keys(table, RATE_KEYS, "a [[rate]]");
        let ctx = "a [[rate]]";
        let pair = self.read_required(table, &span, "pair", ctx, |r, v, _| r.pair(v));
        let rate = self.read_required(table, &span, "rate", ctx, |r, v, key| {
            let rate = r.amount(v, key)?;
            if rate.is_zero() {
                r.problem(v.span(), "`rate` must be more than 0");
                return None;
            }
            Some(rate)
        });
        let as_of = self.read_required(table, &span, "as_of", ctx, |r, v, key| {
            let text = r.date(v, key)?;
            if text.len() != 10 {
                r.problem(
                    v.span(),
                    format!("`as_of` {text} must be a day, YYYY-MM-DD: a rate is fixed daily"),
                );
                return None;
            }
            Date::parse(&text)
        });
        let source = self.read_required(table, &span, "source", ctx, Self::text);
        let (base, quote) = pair?;
        Some(Rate {
            base,
            quote,
            rate: rate?,
            as_of: Some(as_of?),
            source: source?,
        })
    }

    /// "EUR/USD": two ISO 4217 codes, not the same.
    fn pair(&mut self, v: &Value<'_>) -> Option<(String, String)> {
        let text = self.text(v, "pair")?;
        match crate::units::money::parse_pair(&text) {
            Ok(pair) => Some(pair),
            Err(why) => {
                self.problem(v.span(), format!("`pair` \"{text}\" {why}"));
                None
            }
        }
    }
}
