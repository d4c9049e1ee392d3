//! Amounts written as ranges: `{ low = 1, high = 3 }` (uniform) or
//! `{ low = 0.5, likely = 1.5, high = 3 }` (triangular), with an optional
//! `source` and `name` (ranges with one name take one draw). Every problem is
//! reported at its span; the likely value (the middle of a uniform range) is
//! what the model holds, the range what sampling draws from.

use rust_decimal::Decimal;
use toml::de::{DeTable, DeValue};

use super::{Diagnostic, Reader, Value};
use crate::pricing::uncertain::{Factor, Input, Measure, Product, Slot, Uncertain};
use crate::units::uncertain::Spread;

const RANGE_KEYS: &[&str] = &["low", "likely", "high", "source", "name"];

/// What the amounts being read belong to, and the ranges found so far in the
/// component being read.
#[derive(Debug, Default)]
pub(super) struct Ranges {
    /// The component's label (or the model's name), for an input's label.
    pub about: String,
    /// The currency the amounts are quoted in.
    pub currency: String,
    /// The model's currency, which exchange rates convert into.
    pub currency_of_model: String,
    /// The model's name, for a component without a label.
    pub model_name: String,
    /// The model's id: a range is known by it and its line and column, the same
    /// in a bundled file and in a copy of it.
    pub model_id: String,
    /// Amounts of the component's shape that hold a range.
    pub slots: Vec<Uncertain>,
}

impl Reader<'_> {
    /// An amount that may be a range: a number as [`Reader::amount`] reads it,
    /// or a table of bounds.
    pub(super) fn figure(&mut self, v: &Value<'_>, key: &str, measure: Measure) -> Option<Product> {
        match v.get_ref() {
            DeValue::Table(table) => self.range(v, table, key, measure).map(Product::drawn),
            _ => self.amount(v, key).map(Product::exact),
        }
    }

    /// An amount in the currency of the amounts being read.
    pub(super) fn price(&mut self, v: &Value<'_>, key: &str) -> Option<Product> {
        let measure = if key == "per_hour" {
            Measure::PerHour(self.ranges.currency.clone())
        } else {
            Measure::Money(self.ranges.currency.clone())
        };
        self.figure(v, key, measure)
    }

    /// `exchange_rate`, more than 0 (every bound of a range too). A range is one
    /// input per currency pair, wherever it is written: the world has one rate.
    pub(super) fn exchange_rate(&mut self, v: &Value<'_>, currency: &str) -> Option<Product> {
        let key = "exchange_rate";
        let mut rate = self.figure(v, key, Measure::Plain)?;
        let low = rate.inputs().next().map_or(rate.exact, |i| i.spread.low);
        if low.is_zero() {
            self.problem(v.span(), "`exchange_rate` must be more than 0");
            return None;
        }
        let pair = format!("{currency}→{}", self.ranges.currency_of_model);
        for f in &mut rate.factors {
            if let Factor::Drawn(input) = f {
                input.id = format!("exchange rate {pair}");
                input.label = format!("{pair} exchange rate");
            }
        }
        Some(rate)
    }

    /// The exact amount of `slot`, remembering the range it holds, if any.
    pub(super) fn priced(&mut self, slot: Slot, amount: Product) -> Decimal {
        let exact = amount.exact;
        if !amount.is_exact() {
            self.ranges.slots.push(Uncertain { slot, amount });
        }
        exact
    }

    /// An optional model-level amount (`admin_hours_per_month`, `setup_hours`,
    /// `setup_cost`): its likely value and the input when it is a range.
    pub(super) fn model_figure(
        &mut self,
        doc: &DeTable<'_>,
        key: &str,
        measure: Measure,
    ) -> Result<Option<(Decimal, Option<Input>)>, ()> {
        let read = self.optional(doc, key, |r, v, key| r.figure(v, key, measure));
        read.map(|p| {
            p.map(|p| {
                let input = p.inputs().next().cloned();
                (p.exact, input)
            })
        })
    }

    /// The bounds of a range, checked: each one an amount, low ≤ likely ≤ high.
    fn range(
        &mut self,
        v: &Value<'_>,
        table: &DeTable<'_>,
        key: &str,
        measure: Measure,
    ) -> Option<Input> {
        let ctx = format!("a range (`{key}`)");
        self.known_keys(table, RANGE_KEYS, &ctx);
        let span = v.span();
        let bound = |r: &mut Self, part: &str| {
            let name = format!("{key}.{part}");
            r.optional(table, part, |r, v, _| r.amount(v, &name))
        };
        let low = bound(self, "low");
        let likely = bound(self, "likely");
        let high = bound(self, "high");
        let source = self.optional_or_none(table, "source", Self::text);
        let name = self.optional_or_none(table, "name", Self::text);
        for part in ["low", "high"] {
            if !table.contains_key(part) {
                self.problem(span.clone(), format!("{ctx} is missing the key `{part}`: write {{ low = …, high = … }} or {{ low = …, likely = …, high = … }}"));
            }
        }
        let (low, likely, high) = (low.ok()??, likely.ok()?, high.ok()??);
        let spread = match Spread::new(low, likely, high) {
            Ok(s) => s,
            Err(message) => {
                self.problem(span, format!("`{key}`: {message}"));
                return None;
            }
        };
        let at = Diagnostic::at(self.file, self.source, span.start, "");
        let location = format!("{}:{}:{}", self.ranges.model_id, at.line, at.column);
        let label = name
            .clone()
            .unwrap_or_else(|| format!("{}: {}", self.ranges.about, words(key)));
        Some(Input {
            id: name.map_or(location, |n| format!("name: {n}")),
            label,
            spread,
            measure,
            source,
        })
    }
}

/// A key as the sensitivity ranking says it.
fn words(key: &str) -> &str {
    match key {
        "per_month" => "price a month",
        "per_year" => "price a year",
        "per_hour" => "price an hour",
        "per_user_annual" => "price a user (annual billing)",
        "per_user_monthly" => "price a user (monthly billing)",
        "admin_hours_per_month" => "admin hours a month",
        "setup_hours" => "set-up hours",
        "setup_cost" => "set-up cost",
        "exchange_rate" => "exchange rate",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use rust_decimal::Decimal;

    use super::super::parse_model;
    use crate::pricing::model::{Model, Shape};
    use crate::pricing::uncertain::{Factor, Slot};

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    const HEAD: &str = "version = 1\nid = \"demo\"\nname = \"Demo\"\nkind = \"self-hosted\"\ncurrency = \"USD\"\nas_of = 2026-07-01\nsources = [\"s\"]\n";

    fn parse(rest: &str) -> Model {
        parse_model(&format!("{HEAD}{rest}"), "demo.toml").unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn problems(rest: &str) -> Vec<String> {
        parse_model(&format!("{HEAD}{rest}"), "demo.toml")
            .unwrap_err()
            .into_iter()
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect()
    }

    #[test]
    fn a_range_holds_its_likely_value_and_its_bounds() {
        let m = parse(
            "admin_hours_per_month = { low = 0.5, likely = 1.5, high = 3, source = \"OSSAlt\" }\n\
             setup_hours = { low = 4, high = 8 }\n\
             [[component]]\ntype = \"flat\"\nlabel = \"Disk\"\nper_month = { low = 0.06, high = 0.10 }\nquantity = 40\n",
        );
        assert_eq!(m.admin_hours_per_month, Some(d("1.5")));
        let hours = m.ranges.admin_hours.as_ref().unwrap();
        assert_eq!(hours.spread.high, d("3"));
        assert_eq!(hours.source.as_deref(), Some("OSSAlt"));
        assert_eq!(hours.id, "demo:8:25");
        assert_eq!(hours.label, "Demo: admin hours a month");
        // A uniform range is worth its middle: 6 h, and $0.08 × 40 = $3.20.
        assert_eq!(m.setup_hours, Some(d("6")));
        assert_eq!(
            m.components[0].shape,
            Shape::Flat {
                per_month: d("3.2")
            }
        );
        let u = &m.components[0].uncertain;
        assert_eq!(u.len(), 1);
        assert_eq!(u[0].slot, Slot::Amount);
        assert_eq!(u[0].amount.value(&|i| i.spread.high), d("4"));
        assert_eq!(
            u[0].amount.inputs().next().unwrap().label,
            "Disk: price a month"
        );
        // Plain numbers stay exact.
        let m = parse("[[component]]\ntype = \"flat\"\nper_month = 5\n");
        assert!(m.components[0].uncertain.is_empty());
        assert!(m.ranges.admin_hours.is_none());
    }

    #[test]
    fn steps_seats_and_yearly_prices() {
        let m = parse(
            "[[component]]\ntype = \"steps\"\n[[component.step]]\nfrom = 1\nper_hour = 0.0168\n\
             [[component.step]]\nfrom = 201\nper_hour = { low = 0.03, likely = 0.0336, high = 0.04 }\n\
             [[component]]\ntype = \"per-seat\"\nper_user_annual = { low = 5, high = 7 }\nper_user_monthly = 8\n\
             [[component]]\ntype = \"flat\"\nper_year = { low = 12, high = 36 }\n",
        );
        let steps = &m.components[0].uncertain;
        assert_eq!(steps.len(), 1);
        assert_eq!(steps[0].slot, Slot::Band(1));
        // 0.04 an hour × 730 h.
        assert_eq!(steps[0].amount.value(&|i| i.spread.high), d("29.2"));
        let seats = &m.components[1].uncertain;
        assert_eq!(seats[0].slot, Slot::SeatAnnual);
        assert_eq!(seats.len(), 1);
        // $36 a year is $3 a month.
        let yearly = &m.components[2].uncertain[0].amount;
        assert_eq!(yearly.exact, d("2"));
        assert_eq!(yearly.value(&|i| i.spread.high), d("3"));
    }

    #[test]
    fn an_uncertain_exchange_rate_is_one_input_per_pair_and_moves_every_amount() {
        let m = parse(
            "[[component]]\ntype = \"flat\"\nper_month = 10\nprice_currency = \"EUR\"\n\
             exchange_rate = { low = 1.1, likely = 1.2, high = 1.3 }\nexchange_rate_as_of = 2026-04-15\nexchange_rate_source = \"ECB\"\n",
        );
        let c = &m.components[0];
        assert_eq!(c.shape, Shape::Flat { per_month: d("12") });
        let u = &c.uncertain[0];
        assert_eq!(u.amount.value(&|i| i.spread.low), d("11"));
        let Factor::Drawn(rate) = &u.amount.factors[1] else {
            panic!("the rate is drawn")
        };
        assert_eq!(rate.id, "exchange rate EUR→USD");
        assert_eq!(rate.label, "EUR→USD exchange rate");
        // A range for the price and an exact rate: the rate multiplies the draw.
        let m = parse(
            "[[component]]\ntype = \"flat\"\nper_month = { low = 10, high = 20 }\nprice_currency = \"EUR\"\n\
             exchange_rate = 1.5\nexchange_rate_as_of = 2026-04-15\nexchange_rate_source = \"ECB\"\n",
        );
        let c = &m.components[0];
        assert_eq!(
            c.shape,
            Shape::Flat {
                per_month: d("22.5")
            }
        );
        assert_eq!(c.uncertain[0].amount.value(&|i| i.spread.high), d("30"));
        let price = c.uncertain[0].amount.inputs().next().unwrap();
        assert_eq!(price.says(d("20")), "€20");
    }

    #[test]
    fn ranges_that_share_a_name_are_one_input() {
        let m = parse(
            "admin_hours_per_month = { low = 0.5, likely = 1.5, high = 3, name = \"Admin hours, one VM\" }\n\
             [[component]]\ntype = \"flat\"\nper_month = 0\n",
        );
        let hours = m.ranges.admin_hours.unwrap();
        assert_eq!(hours.id, "name: Admin hours, one VM");
        assert_eq!(hours.label, "Admin hours, one VM");
    }

    #[test]
    fn bad_ranges_are_reported_where_they_are() {
        let found = problems(
            "admin_hours_per_month = { low = 3, high = 0.5 }\n\
             setup_hours = { low = 4, likely = 9, high = 8 }\n\
             setup_cost = { low = -1, high = 2, colour = 1 }\n\
             [[component]]\ntype = \"flat\"\nper_month = { likely = 2 }\nhours_per_month = 1\n\
             [[component]]\ntype = \"flat\"\nper_month = 1\nprice_currency = \"EUR\"\n\
             exchange_rate = { low = 0, high = 2 }\nexchange_rate_as_of = 2026-04-15\nexchange_rate_source = \"ECB\"\n\
             [[component]]\ntype = \"free-plan\"\nmax_users = { low = 1, high = 2 }\n",
        );
        let expected = [
            "8:25: `admin_hours_per_month`: the low bound 3 is above the high bound 0.5",
            "9:15: `setup_hours`: the likely value 9 is not between the low bound 4 and the high bound 8",
            "10:22: `setup_cost.low` is negative (-1)",
            "10:36: unknown key `colour` in a range (`setup_cost`)",
            "13:13: a range (`per_month`) is missing the key `low`",
            "13:13: a range (`per_month`) is missing the key `high`",
            "19:17: `exchange_rate` must be more than 0",
            "24:13: `max_users` must be a whole number of users, not a table",
        ];
        for want in expected {
            assert!(
                found.iter().any(|f| f.starts_with(want)),
                "missing {want:?} in {found:#?}"
            );
        }
    }
}
