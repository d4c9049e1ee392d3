//! Reading one `[[component]]` table: its shape and its amounts per month.

use std::ops::Range;

use rust_decimal::Decimal;
use toml::de::{DeTable, DeValue};

use super::keys::{alternatives, quoted, value_hint};
use super::{COMMON_KEYS, Reader, SHAPES, STEP_KEYS, TIER_KEYS, Value};
use crate::pricing::model::{Component, Confidence, Conversion, SeatPrice, Shape, Step, Tier};
use crate::pricing::ranged::uncertain_slots;
use crate::pricing::uncertain::{Measure, Product, Slot};
use crate::units::money::HOURS_PER_MONTH;

impl Reader<'_> {
    /// One `[[component]]` with its amounts per month in the model's currency;
    /// every key is read even after a bad one so that all problems are reported.
    pub(super) fn component(
        &mut self,
        item: &Value<'_>,
        model_currency: Option<&str>,
    ) -> Option<Component> {
        let DeValue::Table(table) = item.get_ref() else {
            self.problem(
                item.span(),
                "each `component` must be a table ([[component]])",
            );
            return None;
        };
        let span = item.span();
        let (shape_name, shape_keys) = self.component_type(table, &span)?;
        let ctx = format!("a component of type \"{shape_name}\"");
        self.known_keys(table, &[COMMON_KEYS, shape_keys].concat(), &ctx);
        let label = self.optional_or_none(table, "label", Self::text);
        let source = self.optional_or_none(table, "source", Self::text);
        let as_of = self.optional_or_none(table, "as_of", Self::date);
        let confidence = self.optional_or_none(table, "confidence", |r, v, _| r.confidence(v));
        self.ranges.about = label.clone().unwrap_or(self.ranges.model_name.clone());
        self.ranges.currency = quoted_in(table, model_currency);
        self.ranges.slots.clear();
        let shape = self.shape(shape_name, table, &span, &ctx);
        let validity = self.validity(table);
        let conversion = self.conversion(table, &span, model_currency, as_of.as_deref());
        let amount_in = self.amount_in(table);
        let (shape, (conversion, rate), amount_in) = (shape?, conversion.ok()?.unzip(), amount_in?);
        let found = std::mem::take(&mut self.ranges.slots);
        let uncertain = uncertain_slots(&shape, found.clone(), rate);
        let (shape, conversion) = match conversion {
            Some(c) => (
                shape.clone().scaled(c.rate),
                Some(Conversion {
                    quoted: shape,
                    quoted_uncertain: found,
                    ..c
                }),
            ),
            None => (shape, None),
        };
        Some(Component {
            label,
            shape,
            source,
            as_of,
            confidence,
            valid_from: validity.from,
            valid_until: validity.until,
            conversion,
            included_from: None,
            amount_in,
            uncertain,
            band: None,
        })
    }

    /// The entry of `SHAPES` named by `type`. When there is none, the keys are
    /// checked against those of every shape, so a typo is still pointed out.
    fn component_type(
        &mut self,
        table: &DeTable<'_>,
        span: &Range<usize>,
    ) -> Option<(&'static str, &'static [&'static str])> {
        let found = self.read_required(table, span, "type", "a [[component]]", |r, v, key| {
            let name = r.text(v, key)?;
            let found = SHAPES.iter().find(|(shape, _)| *shape == name).copied();
            if found.is_none() {
                let known: Vec<&str> = SHAPES.iter().map(|s| s.0).collect();
                r.problem(
                    v.span(),
                    format!(
                        "unknown component type \"{name}\"{}; use one of: {}",
                        value_hint(&name, &known),
                        known.join(", ")
                    ),
                );
            }
            found
        });
        if found.is_none() {
            let every_key: Vec<&str> = SHAPES.iter().flat_map(|s| s.1.iter().copied()).collect();
            self.known_keys(
                table,
                &[COMMON_KEYS, &every_key].concat(),
                "a [[component]]",
            );
        }
        found
    }

    /// How sure the file is of the price, one of the labels the catalog shows.
    pub(super) fn confidence(&mut self, v: &Value<'_>) -> Option<Confidence> {
        const LABELS: &[&str] = &["verified", "secondary", "unverified"];
        match self.text(v, "confidence").as_deref() {
            Some("verified") => Some(Confidence::Verified),
            Some("secondary") => Some(Confidence::Secondary),
            Some("unverified") => Some(Confidence::Unverified),
            Some(other) => {
                let message = format!(
                    "`confidence` \"{other}\" must be {}{}",
                    alternatives(LABELS),
                    value_hint(other, LABELS)
                );
                self.problem(v.span(), message);
                None
            }
            None => None,
        }
    }

    /// The prices of the component's shape. Its result is kept rather than
    /// returned early, so that a problem in the shape does not hide the problems
    /// in the keys read after it (dates, currency): all are reported.
    fn shape(
        &mut self,
        shape_name: &str,
        table: &DeTable<'_>,
        span: &Range<usize>,
        ctx: &str,
    ) -> Option<Shape> {
        match shape_name {
            "flat" => self.flat(table, span, ctx),
            "per-seat" => self.per_seat(table, span, ctx),
            "free-seats" => self.free_seats(table, span, ctx),
            "free-plan" => self
                .read_required(table, span, "max_users", ctx, |r, v, key| {
                    r.count(v, key, 1)
                })
                .map(|max_users| Shape::FreePlan { max_users }),
            "tiers" => self.bands(table, span, "tier", TIER_KEYS).map(|rows| {
                Shape::Tiers(
                    rows.into_iter()
                        .map(|row| Tier {
                            up_to: row.size,
                            per_month: row.per_month,
                        })
                        .collect(),
                )
            }),
            "blocks" => self.blocks(table, span, ctx),
            "steps" => self.steps(table, span),
            "sized" => self.sized(table, span),
            "quote" => self.quote(table),
            _ => unreachable!("every shape in SHAPES is handled"),
        }
    }

    /// `quantity` units at the price each, e.g. 40 GB at $0.08 per GB-month.
    fn flat(&mut self, table: &DeTable<'_>, span: &Range<usize>, ctx: &str) -> Option<Shape> {
        let amount = self.monthly_amount(table, span, ctx, true);
        let quantity = self.optional(table, "quantity", |r, v, key| {
            r.figure(v, key, Measure::Plain)
        });
        let quantity = quantity.ok()?.unwrap_or(Product::exact(Decimal::ONE));
        Some(Shape::Flat {
            per_month: self.priced(Slot::Amount, amount?.times(quantity)),
        })
    }

    /// A price per seat, with an optional least number paid and largest served.
    fn per_seat(&mut self, table: &DeTable<'_>, span: &Range<usize>, ctx: &str) -> Option<Shape> {
        let price = self.seat_price(table, span, ctx);
        let min = self.opt_count(table, "min_seats", 1);
        let max = self.opt_count(table, "max_seats", 1);
        let (min, max) = (min.ok()?, max.ok()?);
        let min_seats = min.unwrap_or(1);
        let max_seats = self.cap(table, "max_seats", max, min_seats, "`min_seats`")?;
        Some(Shape::PerSeat {
            price: price?,
            min_seats,
            max_seats,
        })
    }

    /// Some seats free, each further one charged, up to an optional largest team.
    fn free_seats(&mut self, table: &DeTable<'_>, span: &Range<usize>, ctx: &str) -> Option<Shape> {
        let price = self.seat_price(table, span, ctx);
        let free = self.read_required(table, span, "free_seats", ctx, |r, v, key| {
            r.count(v, key, 0)
        });
        let max = self.opt_count(table, "max_seats", 1);
        let (free_seats, max) = (free?, max.ok()?);
        let max_seats = self.cap(table, "max_seats", max, free_seats, "`free_seats`")?;
        Some(Shape::FreeSeats {
            free_seats,
            price: price?,
            max_seats,
        })
    }

    /// Licences bought in blocks of `block_size` users.
    fn blocks(&mut self, table: &DeTable<'_>, span: &Range<usize>, ctx: &str) -> Option<Shape> {
        let size = self.read_required(table, span, "block_size", ctx, |r, v, key| {
            r.count(v, key, 1)
        });
        let price = self.monthly_amount(table, span, ctx, false);
        Some(Shape::Blocks {
            block_size: size?,
            per_month: self.priced(Slot::Amount, price?),
        })
    }

    /// An amount by band of team size, up to an optional largest team.
    fn steps(&mut self, table: &DeTable<'_>, span: &Range<usize>) -> Option<Shape> {
        let rows = self.bands(table, span, "step", STEP_KEYS);
        let max_users = self.opt_count(table, "max_users", 1);
        let (rows, max_users) = (rows?, max_users.ok()?);
        let last = rows.last().map_or(1, |r| r.size);
        let max_users = self.cap(
            table,
            "max_users",
            max_users,
            last,
            "the last step's `from`",
        )?;
        let steps = rows
            .into_iter()
            .map(|row| Step {
                from: row.size,
                per_month: row.per_month,
            })
            .collect();
        Some(Shape::Steps { steps, max_users })
    }

    /// A largest team size (`key`) as given, or `None`, reported, when it is below
    /// `floor` (`floor_name`), the smallest team the component is priced for.
    fn cap(
        &mut self,
        table: &DeTable<'_>,
        key: &str,
        cap: Option<u64>,
        floor: u64,
        floor_name: &str,
    ) -> Option<Option<u64>> {
        if let Some(max) = cap.filter(|&m| m < floor) {
            self.problem(
                table[key].span(),
                format!("`{key}` ({max}) is below {floor_name} ({floor})"),
            );
            return None;
        }
        Some(cap)
    }

    /// `valid_from` and `valid_until`, reporting a span that ends before it starts.
    fn validity(&mut self, table: &DeTable<'_>) -> Validity {
        let from = self.optional_or_none(table, "valid_from", Self::date);
        let until = self.optional_or_none(table, "valid_until", Self::date);
        if let (Some(from), Some(until)) = (&from, &until)
            && from > until
        {
            self.problem(
                table["valid_until"].span(),
                format!("`valid_until` {until} is before `valid_from` {from}"),
            );
        }
        Validity { from, until }
    }

    /// A price quoted in another currency: `price_currency`, `exchange_rate` (units
    /// of the model's currency per unit), `exchange_rate_as_of`, `exchange_rate_source`.
    fn conversion(
        &mut self,
        table: &DeTable<'_>,
        span: &Range<usize>,
        model_currency: Option<&str>,
        as_of: Option<&str>,
    ) -> Result<Option<(Conversion, Product)>, ()> {
        let Some(v) = table.get("price_currency") else {
            return self.no_rate_keys(table, |k| {
                format!("`{k}` goes with `price_currency`, the currency the amounts are quoted in")
            });
        };
        let currency = self.text(v, "price_currency").ok_or(())?;
        if model_currency == Some(currency.as_str()) {
            return self.no_rate_keys(table, |k| {
                format!(
                    "`price_currency` is the model's own currency ({currency}), so `{k}` would \
                     be ignored: remove `price_currency` and the `exchange_rate` keys"
                )
            });
        }
        let missing: Vec<&str> = RATE_KEYS
            .iter()
            .copied()
            .filter(|k| !table.contains_key(*k))
            .collect();
        // No rate of its own (a day at most): the scenario's `[[rate]]` for it.
        if missing.len() == RATE_KEYS.len() || missing == [RATE_KEYS[0], RATE_KEYS[2]] {
            return self
                .table_rate(table, span, currency, model_currency, as_of)
                .map(Some);
        }
        if !missing.is_empty() {
            let to = model_currency.unwrap_or("the model's currency");
            self.problem(
                span.clone(),
                format!(
                    "prices in {currency} need a dated rate to {to}: add {}",
                    quoted(&missing)
                ),
            );
            return Err(());
        }
        self.dated_rate(table, currency).map(Some)
    }

    /// A rate from the `[[rate]]`s read with the model: the newest for the pair
    /// on or before `exchange_rate_as_of`, else the component's `as_of`, else
    /// the model's; so a scenario states each rate once, dated and sourced.
    fn table_rate(
        &mut self,
        table: &DeTable<'_>,
        span: &Range<usize>,
        currency: String,
        model_currency: Option<&str>,
        as_of: Option<&str>,
    ) -> Result<(Conversion, Product), ()> {
        let day = match table.get("exchange_rate_as_of") {
            Some(v) => self.date(v, "exchange_rate_as_of").ok_or(())?,
            None => as_of.unwrap_or(&self.model_as_of).to_string(),
        };
        let to = model_currency.ok_or(())?;
        let rates = crate::pricing::rates::Rates {
            given: Vec::new(),
            dated: self.rates.to_vec(),
        };
        let found = crate::units::date::Date::parse(&day)
            .and_then(|on| rates.factor(&currency, to, on).ok())
            .filter(|(_, taken)| taken.len() == 1);
        let Some((rate, taken)) = found else {
            self.problem(
                span.clone(),
                format!(
                    "prices in {currency} need a dated rate to {to}: add {}, or a [[rate]] \
                     {currency}/{to} dated on or before {day} in a rates file",
                    quoted(&RATE_KEYS)
                ),
            );
            return Err(());
        };
        let taken = &taken[0];
        let conversion = Conversion {
            currency,
            rate,
            as_of: taken.as_of.map(|d| d.to_string()).unwrap_or_default(),
            source: taken.source.clone(),
            quoted: Shape::default(),
            quoted_uncertain: Vec::new(),
        };
        Ok((conversion, Product::exact(rate)))
    }

    /// No conversion, as long as no `exchange_rate` key is given (reported with
    /// `message` for the first one found), since it would be silently ignored.
    fn no_rate_keys(
        &mut self,
        table: &DeTable<'_>,
        message: impl FnOnce(&str) -> String,
    ) -> Result<Option<(Conversion, Product)>, ()> {
        match RATE_KEYS.iter().find(|k| table.contains_key(**k)) {
            Some(k) => {
                self.problem(table[*k].span(), message(k));
                Err(())
            }
            None => Ok(None),
        }
    }

    /// The rate, its date and its source, all present (checked by the caller).
    fn dated_rate(
        &mut self,
        table: &DeTable<'_>,
        currency: String,
    ) -> Result<(Conversion, Product), ()> {
        let rate = self.exchange_rate(&table["exchange_rate"], &currency);
        let as_of = self.date(&table["exchange_rate_as_of"], "exchange_rate_as_of");
        let source = self.text(&table["exchange_rate_source"], "exchange_rate_source");
        match (rate, as_of, source) {
            (Some(rate), Some(as_of), Some(source)) => Ok((
                Conversion {
                    currency,
                    rate: rate.exact,
                    as_of,
                    source,
                    quoted: Shape::default(),
                    quoted_uncertain: Vec::new(),
                },
                rate,
            )),
            _ => Err(()),
        }
    }

    /// `per_month`, `per_year` or (where `hourly`) `per_hour` × `hours_per_month`:
    /// exactly one of them, as an amount per month.
    pub(super) fn monthly_amount(
        &mut self,
        table: &DeTable<'_>,
        span: &Range<usize>,
        ctx: &str,
        hourly: bool,
    ) -> Option<Product> {
        let mut keys = vec!["per_month", "per_year"];
        if hourly || table.contains_key("per_hour") {
            keys.push("per_hour");
        }
        let given: Vec<&str> = keys
            .iter()
            .copied()
            .filter(|k| table.contains_key(*k))
            .collect();
        if given.len() != 1 {
            let message = format!("{ctx} needs exactly one of {}", quoted(&keys));
            let at = given
                .get(1)
                .and_then(|k| table.get(*k))
                .map_or(span.clone(), |v| v.span());
            self.problem(at, message);
            return None;
        }
        let value = &table[given[0]];
        let amount = self.price(value, given[0])?;
        match given[0] {
            "per_year" => Some(amount.per(Decimal::from(12))),
            "per_hour" => {
                let hours = match table.get("hours_per_month") {
                    Some(v) => self.hours(v)?,
                    None => Decimal::from(HOURS_PER_MONTH),
                };
                Some(amount.times(Product::exact(hours)))
            }
            _ => {
                if let Some(v) = table.get("hours_per_month") {
                    self.problem(v.span(), "`hours_per_month` goes with `per_hour` only");
                }
                Some(amount)
            }
        }
    }

    /// The price per seat under each billing term given; at least one is needed.
    fn seat_price(
        &mut self,
        table: &DeTable<'_>,
        span: &Range<usize>,
        ctx: &str,
    ) -> Option<SeatPrice> {
        let annual = self.optional(table, "per_user_annual", Self::price);
        let monthly = self.optional(table, "per_user_monthly", Self::price);
        let (annual, monthly) = (annual.ok()?, monthly.ok()?);
        let annual = annual.map(|p| self.priced(Slot::SeatAnnual, p));
        let monthly = monthly.map(|p| self.priced(Slot::SeatMonthly, p));
        if annual.is_none() && monthly.is_none() {
            self.problem(span.clone(), format!("{ctx} needs `per_user_annual` (per user per month, billed yearly), `per_user_monthly`, or both"));
            return None;
        }
        Some(SeatPrice { annual, monthly })
    }

    /// An optional whole number ≥ `min`: `Err` when given but wrong (already reported).
    pub(super) fn opt_count(
        &mut self,
        table: &DeTable<'_>,
        key: &str,
        min: u64,
    ) -> Result<Option<u64>, ()> {
        self.optional(table, key, |r, v, key| r.count(v, key, min))
    }

    /// The `[[component.tier]]` / `[[component.step]]` rows, with sizes strictly
    /// increasing (and steps starting at 1 user); every row is read even after a
    /// bad one.
    fn bands(
        &mut self,
        table: &DeTable<'_>,
        span: &Range<usize>,
        key: &str,
        keys: &[&str],
    ) -> Option<Vec<Band>> {
        let ctx = format!("a [[component.{key}]]");
        let list = self.required(table, span, key, &format!("a component of type \"{key}s\""))?;
        let items = self.array(
            list,
            &format!("`{key}` must be one or more [[component.{key}]] tables"),
        )?;
        let mut rows = Vec::new();
        let mut ok = !items.is_empty();
        let mut previous: Option<u64> = None;
        for item in items {
            let DeValue::Table(row) = item.get_ref() else {
                self.problem(item.span(), format!("each `{key}` must be a table"));
                ok = false;
                continue;
            };
            self.known_keys(row, keys, &ctx);
            let first = previous.is_none() && rows.is_empty() && ok;
            let size = self.band_size(row, &item.span(), key, &ctx, first, &mut previous);
            let amount = self.monthly_amount(row, &item.span(), &ctx, key == "step");
            match (size, amount) {
                (Some(size), Some(amount)) => {
                    let per_month = self.priced(Slot::Band(rows.len()), amount);
                    rows.push(Band { size, per_month })
                }
                _ => ok = false,
            }
        }
        if items.is_empty() {
            self.problem(
                list.span(),
                format!("`{key}` needs at least one [[component.{key}]]"),
            );
        }
        ok.then_some(rows)
    }

    /// A row's `up_to` (tiers) or `from` (steps), larger than the `previous` row's
    /// so that the bands follow each other; `previous` becomes this one.
    fn band_size(
        &mut self,
        row: &DeTable<'_>,
        span: &Range<usize>,
        key: &str,
        ctx: &str,
        first: bool,
        previous: &mut Option<u64>,
    ) -> Option<u64> {
        let size_key = if key == "tier" { "up_to" } else { "from" };
        self.read_required(row, span, size_key, ctx, |r, v, size_key| {
            let n = r.count(v, size_key, 1)?;
            let before = previous.replace(n);
            if key == "step" && first && n != 1 {
                r.problem(v.span(), format!("the first step must start at `from = 1`, not {n}"));
                return None;
            }
            if let Some(p) = before.filter(|&p| n <= p) {
                r.problem(v.span(), format!("`{size_key}` = {n} must be larger than the previous {key}'s {p}: list {key}s in increasing order"));
                return None;
            }
            Some(n)
        })
    }
}

/// The keys that give a converted price its rate.
const RATE_KEYS: [&str; 3] = [
    "exchange_rate",
    "exchange_rate_as_of",
    "exchange_rate_source",
];

/// The currency a component's amounts are quoted in: its `price_currency`, or
/// the model's.
fn quoted_in(table: &DeTable<'_>, model_currency: Option<&str>) -> String {
    match table.get("price_currency").map(|v| v.get_ref()) {
        Some(DeValue::String(c)) => c.to_string(),
        _ => model_currency.unwrap_or_default().to_string(),
    }
}

/// One row of a `[[component.tier]]` / `[[component.step]]` list.
struct Band {
    /// `up_to` for a tier, `from` for a step.
    size: u64,
    per_month: Decimal,
}

/// The dates between which a price applies.
struct Validity {
    from: Option<String>,
    until: Option<String>,
}
