//! Reading one `[[component]]` table: its shape and its amounts per month.

use std::ops::Range;

use rust_decimal::Decimal;
use toml::de::{DeTable, DeValue};

use super::{COMMON_KEYS, Reader, SHAPES, STEP_KEYS, TIER_KEYS, Value};
use crate::pricing::model::{Component, Confidence, Conversion, SeatPrice, Shape, Step, Tier};
use crate::units::money::HOURS_PER_MONTH;

impl Reader<'_> {
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
        let kind = self
            .required(table, &span, "type", "a [[component]]")
            .and_then(|v| {
                let name = self.text(v, "type")?;
                match SHAPES.iter().find(|(shape, _)| *shape == name) {
                    Some(found) => Some(*found),
                    None => {
                        let known: Vec<&str> = SHAPES.iter().map(|s| s.0).collect();
                        self.problem(
                            v.span(),
                            format!(
                                "unknown component type \"{name}\"; use one of: {}",
                                known.join(", ")
                            ),
                        );
                        None
                    }
                }
            });
        let Some((shape_name, shape_keys)) = kind else {
            self.known_keys(
                table,
                &[
                    COMMON_KEYS,
                    &SHAPES
                        .iter()
                        .flat_map(|s| s.1.iter().copied())
                        .collect::<Vec<_>>(),
                ]
                .concat(),
                "a [[component]]",
            );
            return None;
        };
        let allowed = [COMMON_KEYS, shape_keys].concat();
        self.known_keys(
            table,
            &allowed,
            &format!("a component of type \"{shape_name}\""),
        );
        let label = table.get("label").and_then(|v| self.text(v, "label"));
        let source = table.get("source").and_then(|v| self.text(v, "source"));
        let as_of = table.get("as_of").and_then(|v| self.date(v, "as_of"));
        let confidence = table.get("confidence").and_then(|v| match self.text(v, "confidence").as_deref() {
            Some("verified") => Some(Confidence::Verified),
            Some("secondary") => Some(Confidence::Secondary),
            Some("unverified") => Some(Confidence::Unverified),
            Some(other) => {
                self.problem(v.span(), format!("`confidence` \"{other}\" must be \"verified\", \"secondary\" or \"unverified\""));
                None
            }
            None => None,
        });
        let ctx = format!("a component of type \"{shape_name}\"");
        // Read as a closure so that a problem in the shape does not hide the
        // problems in the keys read after it (dates, currency): all are reported.
        let mut read_shape = || -> Option<Shape> {
            match shape_name {
                "flat" => {
                    // `quantity` units at the price each, e.g. 40 GB at $0.08 per GB-month.
                    let amount = self.monthly_amount(table, &span, &ctx, true);
                    let quantity = table
                        .get("quantity")
                        .map_or(Some(Decimal::ONE), |v| self.amount(v, "quantity"));
                    Some(Shape::Flat {
                        per_month: amount? * quantity?,
                    })
                }
                "per-seat" => {
                    let price = self.seat_price(table, &span, &ctx);
                    let min = self.opt_count(table, "min_seats", 1);
                    let max = self.opt_count(table, "max_seats", 1);
                    let (min, max) = (min.ok()?, max.ok()?);
                    let min_seats = min.unwrap_or(1);
                    if let Some(max) = max.filter(|&m| m < min_seats) {
                        self.problem(
                            table["max_seats"].span(),
                            format!("`max_seats` ({max}) is below `min_seats` ({min_seats})"),
                        );
                        return None;
                    }
                    Some(Shape::PerSeat {
                        price: price?,
                        min_seats,
                        max_seats: max,
                    })
                }
                "free-seats" => {
                    let price = self.seat_price(table, &span, &ctx);
                    let free = self
                        .required(table, &span, "free_seats", &ctx)
                        .and_then(|v| self.count(v, "free_seats", 0));
                    let max = self.opt_count(table, "max_seats", 1);
                    let (free_seats, max_seats) = (free?, max.ok()?);
                    if let Some(max) = max_seats.filter(|&m| m < free_seats) {
                        self.problem(
                            table["max_seats"].span(),
                            format!("`max_seats` ({max}) is below `free_seats` ({free_seats})"),
                        );
                        return None;
                    }
                    Some(Shape::FreeSeats {
                        free_seats,
                        price: price?,
                        max_seats,
                    })
                }
                "free-plan" => self
                    .required(table, &span, "max_users", &ctx)
                    .and_then(|v| self.count(v, "max_users", 1))
                    .map(|max_users| Shape::FreePlan { max_users }),
                "tiers" => self.bands(table, &span, "tier", TIER_KEYS).map(|rows| {
                    Shape::Tiers(
                        rows.into_iter()
                            .map(|(up_to, per_month)| Tier { up_to, per_month })
                            .collect(),
                    )
                }),
                "blocks" => {
                    let size = self
                        .required(table, &span, "block_size", &ctx)
                        .and_then(|v| self.count(v, "block_size", 1));
                    let price = self.monthly_amount(table, &span, &ctx, false);
                    Some(Shape::Blocks {
                        block_size: size?,
                        per_month: price?,
                    })
                }
                "steps" => {
                    let rows = self.bands(table, &span, "step", STEP_KEYS);
                    let max_users = self.opt_count(table, "max_users", 1);
                    let (rows, max_users) = (rows?, max_users.ok()?);
                    let last = rows.last().map_or(1, |r| r.0);
                    if let Some(max) = max_users.filter(|&m| m < last) {
                        self.problem(
                            table["max_users"].span(),
                            format!("`max_users` ({max}) is below the last step's `from` ({last})"),
                        );
                        return None;
                    }
                    let steps = rows
                        .into_iter()
                        .map(|(from, per_month)| Step { from, per_month })
                        .collect();
                    Some(Shape::Steps { steps, max_users })
                }
                _ => unreachable!("every shape in SHAPES is handled"),
            }
        };
        let shape = read_shape();
        let valid_from = table
            .get("valid_from")
            .and_then(|v| self.date(v, "valid_from"));
        let valid_until = table
            .get("valid_until")
            .and_then(|v| self.date(v, "valid_until"));
        if let (Some(from), Some(until)) = (&valid_from, &valid_until)
            && from > until
        {
            self.problem(
                table["valid_until"].span(),
                format!("`valid_until` {until} is before `valid_from` {from}"),
            );
        }
        let conversion = self.conversion(table, &span, model_currency);
        let (shape, conversion) = (shape?, conversion.ok()?);
        let shape = match &conversion {
            Some(c) => shape.scaled(c.rate),
            None => shape,
        };
        Some(Component {
            label,
            shape,
            source,
            as_of,
            confidence,
            valid_from,
            valid_until,
            conversion,
            included_from: None,
        })
    }

    /// A price quoted in another currency: `price_currency`, `exchange_rate` (units
    /// of the model's currency per unit), `exchange_rate_as_of`, `exchange_rate_source`.
    pub(super) fn conversion(
        &mut self,
        table: &DeTable<'_>,
        span: &Range<usize>,
        model_currency: Option<&str>,
    ) -> Result<Option<Conversion>, ()> {
        let keys = [
            "exchange_rate",
            "exchange_rate_as_of",
            "exchange_rate_source",
        ];
        let Some(v) = table.get("price_currency") else {
            if let Some(k) = keys.iter().find(|k| table.contains_key(**k)) {
                self.problem(
                    table[*k].span(),
                    format!(
                        "`{k}` goes with `price_currency`, the currency the amounts are quoted in"
                    ),
                );
                return Err(());
            }
            return Ok(None);
        };
        let currency = self.text(v, "price_currency").ok_or(())?;
        if model_currency == Some(currency.as_str()) {
            if let Some(k) = keys.iter().find(|k| table.contains_key(**k)) {
                self.problem(
                    table[*k].span(),
                    format!(
                        "`price_currency` is the model's own currency ({currency}), so `{k}` would \
                         be ignored: remove `price_currency` and the `exchange_rate` keys"
                    ),
                );
                return Err(());
            }
            return Ok(None);
        }
        let missing: Vec<&str> = keys
            .iter()
            .copied()
            .filter(|k| !table.contains_key(*k))
            .collect();
        if !missing.is_empty() {
            let to = model_currency.unwrap_or("the model's currency");
            self.problem(
                span.clone(),
                format!(
                    "prices in {currency} need a dated rate to {to}: add {}",
                    missing
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            return Err(());
        }
        let rate = self.amount(&table["exchange_rate"], "exchange_rate");
        let as_of = self.date(&table["exchange_rate_as_of"], "exchange_rate_as_of");
        let source = self.text(&table["exchange_rate_source"], "exchange_rate_source");
        if rate.is_some_and(|r| r.is_zero()) {
            self.problem(
                table["exchange_rate"].span(),
                "`exchange_rate` must be more than 0",
            );
            return Err(());
        }
        match (rate, as_of, source) {
            (Some(rate), Some(as_of), Some(source)) => Ok(Some(Conversion {
                currency,
                rate,
                as_of,
                source,
            })),
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
    ) -> Option<Decimal> {
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
            let message = format!(
                "{ctx} needs exactly one of {}",
                keys.iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let at = given
                .get(1)
                .and_then(|k| table.get(*k))
                .map_or(span.clone(), |v| v.span());
            self.problem(at, message);
            return None;
        }
        let value = &table[given[0]];
        let amount = self.amount(value, given[0])?;
        match given[0] {
            "per_year" => Some(amount / Decimal::from(12)),
            "per_hour" => {
                let hours = match table.get("hours_per_month") {
                    Some(v) => self.hours(v)?,
                    None => Decimal::from(HOURS_PER_MONTH),
                };
                Some(amount * hours)
            }
            _ => {
                if let Some(v) = table.get("hours_per_month") {
                    self.problem(v.span(), "`hours_per_month` goes with `per_hour` only");
                }
                Some(amount)
            }
        }
    }

    pub(super) fn seat_price(
        &mut self,
        table: &DeTable<'_>,
        span: &Range<usize>,
        ctx: &str,
    ) -> Option<SeatPrice> {
        let annual = self.opt_amount(table, "per_user_annual");
        let monthly = self.opt_amount(table, "per_user_monthly");
        let (annual, monthly) = (annual.ok()?, monthly.ok()?);
        if annual.is_none() && monthly.is_none() {
            self.problem(span.clone(), format!("{ctx} needs `per_user_annual` (per user per month, billed yearly), `per_user_monthly`, or both"));
            return None;
        }
        Some(SeatPrice { annual, monthly })
    }

    /// An optional amount: `Err` when given but wrong (already reported).
    pub(super) fn opt_amount(
        &mut self,
        table: &DeTable<'_>,
        key: &str,
    ) -> Result<Option<Decimal>, ()> {
        table
            .get(key)
            .map(|v| self.amount(v, key).ok_or(()))
            .transpose()
    }

    /// An optional whole number ≥ `min`: `Err` when given but wrong (already reported).
    pub(super) fn opt_count(
        &mut self,
        table: &DeTable<'_>,
        key: &str,
        min: u64,
    ) -> Result<Option<u64>, ()> {
        table
            .get(key)
            .map(|v| self.count(v, key, min).ok_or(()))
            .transpose()
    }

    /// The `[[component.tier]]` / `[[component.step]]` rows: (size, amount per month),
    /// with sizes strictly increasing (and steps starting at 1 user).
    pub(super) fn bands(
        &mut self,
        table: &DeTable<'_>,
        span: &Range<usize>,
        key: &str,
        keys: &[&str],
    ) -> Option<Vec<(u64, Decimal)>> {
        let size_key = if key == "tier" { "up_to" } else { "from" };
        let ctx = format!("a [[component.{key}]]");
        let list = self.required(table, span, key, &format!("a component of type \"{key}s\""))?;
        let DeValue::Array(items) = list.get_ref() else {
            self.problem(
                list.span(),
                format!("`{key}` must be one or more [[component.{key}]] tables"),
            );
            return None;
        };
        let mut rows = Vec::new();
        let mut ok = !items.is_empty();
        let mut previous: Option<u64> = None;
        for item in items.iter() {
            let DeValue::Table(row) = item.get_ref() else {
                self.problem(item.span(), format!("each `{key}` must be a table"));
                ok = false;
                continue;
            };
            self.known_keys(row, keys, &ctx);
            let first = previous.is_none() && rows.is_empty() && ok;
            let size = self.required(row, &item.span(), size_key, &ctx).and_then(|v| {
                let n = self.count(v, size_key, 1)?;
                let before = previous.replace(n);
                if key == "step" && first && n != 1 {
                    self.problem(v.span(), format!("the first step must start at `from = 1`, not {n}"));
                    return None;
                }
                if let Some(p) = before.filter(|&p| n <= p) {
                    self.problem(v.span(), format!("`{size_key}` = {n} must be larger than the previous {key}'s {p}: list {key}s in increasing order"));
                    return None;
                }
                Some(n)
            });
            let amount = self.monthly_amount(row, &item.span(), &ctx, key == "step");
            match (size, amount) {
                (Some(s), Some(a)) => rows.push((s, a)),
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
}
