//! Reading deployments that grow (`type = "sized"`), licences sold by quote
//! (`type = "quote"`), what a component's amounts are in (`amount_in`) and a
//! model's `[[caveat]]`s, every problem reported at its span.

use std::ops::Range;

use rust_decimal::Decimal;
use toml::de::{DeTable, DeValue};

use super::keys::{alternatives, value_hint};
use super::{Reader, Value};
use crate::pricing::model::{Caveat, Shape};
use crate::pricing::sizing::{AmountIn, Basis, Count, SizeRow, Sized, Threshold};
use crate::pricing::uncertain::{Product, Slot};

/// The keys of a `[[component.step]]` row of a `sized` component.
pub(super) const SIZE_KEYS: &[&str] = &[
    "from",
    "from_concurrent",
    "label",
    "per_month",
    "per_year",
    "per_hour",
    "hours_per_month",
    "quantity",
    "units",
    "per_users",
    "per_concurrent",
    "min_units",
];

/// The keys of a `[[caveat]]`.
const CAVEAT_KEYS: &[&str] = &["from", "from_concurrent", "text", "source", "confidence"];

impl Reader<'_> {
    /// A deployment that grows: its rows, and the largest team it serves by
    /// team size (`max_users`) and by concurrent users (`max_concurrent`).
    pub(super) fn sized(&mut self, table: &DeTable<'_>, span: &Range<usize>) -> Option<Shape> {
        let ctx = "a component of type \"sized\"";
        let rows = self.required(table, span, "step", ctx).and_then(|list| {
            let items = self.array(list, "`step` must be one or more [[component.step]] tables")?;
            if items.is_empty() {
                self.problem(list.span(), "`step` needs at least one [[component.step]]");
                return None;
            }
            self.size_rows(items)
        });
        let max_users = self.opt_count(table, "max_users", 1);
        let max_concurrent = self.opt_count(table, "max_concurrent", 1);
        let max = Threshold {
            users: max_users.ok()?,
            concurrent: max_concurrent.ok()?,
        };
        Some(Shape::Sized(Sized { rows: rows?, max }))
    }

    /// Every row read even after a bad one; each must be reached later than the
    /// row before by every measure both state, and the first at one user.
    fn size_rows(&mut self, items: &[Value<'_>]) -> Option<Vec<SizeRow>> {
        let mut rows = Vec::new();
        let mut ok = true;
        let mut previous = Threshold::default();
        for (i, item) in items.iter().enumerate() {
            let DeValue::Table(row) = item.get_ref() else {
                self.problem(item.span(), "each `step` must be a table");
                ok = false;
                continue;
            };
            match self.size_row(row, &item.span(), i, &mut previous) {
                Some(r) => rows.push(r),
                None => ok = false,
            }
        }
        ok.then_some(rows)
    }

    fn size_row(
        &mut self,
        row: &DeTable<'_>,
        span: &Range<usize>,
        index: usize,
        previous: &mut Threshold,
    ) -> Option<SizeRow> {
        let first = index == 0;
        let ctx = "a [[component.step]] of a \"sized\" component";
        self.known_keys(row, SIZE_KEYS, ctx);
        let from = self.threshold(row, span, ctx);
        let label = self.optional_or_none(row, "label", Self::text);
        let amount = self.monthly_amount(row, span, ctx, true);
        let quantity = self.optional(row, "quantity", Self::amount);
        let count = self.count_of(row);
        let from = from?;
        self.check_order(row, &from, first, previous)?;
        let quantity = Product::exact(quantity.ok()?.unwrap_or(Decimal::ONE));
        let each = self.priced(Slot::Band(index), amount?.times(quantity));
        Some(SizeRow {
            from,
            each,
            count: count?,
            label,
        })
    }

    /// `from` (team size) and/or `from_concurrent`: at least one.
    fn threshold(
        &mut self,
        row: &DeTable<'_>,
        span: &Range<usize>,
        ctx: &str,
    ) -> Option<Threshold> {
        let users = self.opt_count(row, "from", 1);
        let concurrent = self.opt_count(row, "from_concurrent", 1);
        let t = Threshold {
            users: users.ok()?,
            concurrent: concurrent.ok()?,
        };
        if t.users.is_none() && t.concurrent.is_none() {
            self.problem(
                span.clone(),
                format!("{ctx} needs `from` (a team size), `from_concurrent` (concurrent users), or both"),
            );
            return None;
        }
        Some(t)
    }

    /// The first row starts at one user; later rows at larger sizes than the
    /// row before, measure by measure.
    fn check_order(
        &mut self,
        row: &DeTable<'_>,
        from: &Threshold,
        first: bool,
        previous: &mut Threshold,
    ) -> Option<()> {
        if first && from.users != Some(1) && from.concurrent != Some(1) {
            let key = if from.users.is_some() {
                "from"
            } else {
                "from_concurrent"
            };
            self.problem(
                row[key].span(),
                "the first step must start at one user: `from = 1` (or `from_concurrent = 1`)",
            );
            return None;
        }
        let mut ok = true;
        for (key, now, before) in [
            ("from", from.users, &mut previous.users),
            ("from_concurrent", from.concurrent, &mut previous.concurrent),
        ] {
            let Some(n) = now else { continue };
            if let Some(p) = before.filter(|&p| n <= p) {
                self.problem(
                    row[key].span(),
                    format!("`{key}` = {n} must be larger than an earlier step's {p}: list steps from the smallest deployment up"),
                );
                ok = false;
            }
            *before = Some(n);
        }
        ok.then_some(())
    }

    /// `units` (a fixed count), or one per `per_users` / `per_concurrent`
    /// (rounded up, at least `min_units`); one unit when none is given.
    fn count_of(&mut self, row: &DeTable<'_>) -> Option<Count> {
        let units = self.opt_count(row, "units", 1);
        let per_users = self.opt_count(row, "per_users", 1);
        let per_concurrent = self.opt_count(row, "per_concurrent", 1);
        let min = self.opt_count(row, "min_units", 0);
        let (units, per_users, per_concurrent, min) = (
            units.ok()?,
            per_users.ok()?,
            per_concurrent.ok()?,
            min.ok()?,
        );
        let given: Vec<&str> = ["units", "per_users", "per_concurrent"]
            .into_iter()
            .filter(|k| row.contains_key(*k))
            .collect();
        if given.len() > 1 {
            self.problem(
                row[given[1]].span(),
                "a step counts its parts one way: `units`, `per_users` or `per_concurrent`, not several",
            );
            return None;
        }
        let per = |basis, size| Count::Per {
            basis,
            size,
            min: min.unwrap_or(0),
        };
        match (units, per_users, per_concurrent) {
            (_, Some(size), _) => Some(per(Basis::Users, size)),
            (_, _, Some(size)) => Some(per(Basis::Concurrent, size)),
            (units, None, None) => {
                if min.is_some() {
                    self.problem(
                        row["min_units"].span(),
                        "`min_units` goes with `per_users` or `per_concurrent`",
                    );
                    return None;
                }
                Some(Count::Fixed(units.unwrap_or(1)))
            }
        }
    }

    /// A licence sold by quote: an optional least number of seats bought and
    /// largest team served; the price comes from `--quote`.
    pub(super) fn quote(&mut self, table: &DeTable<'_>) -> Option<Shape> {
        let min = self.opt_count(table, "min_seats", 1);
        let max = self.opt_count(table, "max_seats", 1);
        let (min, max) = (min.ok()?, max.ok()?);
        let min_seats = min.unwrap_or(1);
        if let Some(m) = max.filter(|&m| m < min_seats) {
            self.problem(
                table["max_seats"].span(),
                format!("`max_seats` ({m}) is below `min_seats` ({min_seats})"),
            );
            return None;
        }
        Some(Shape::Quote {
            min_seats,
            max_seats: max,
        })
    }

    /// `amount_in`: "money" (the default) or "admin-hours".
    pub(super) fn amount_in(&mut self, table: &DeTable<'_>) -> Option<AmountIn> {
        const NAMES: &[&str] = &["money", "admin-hours"];
        let Some(v) = table.get("amount_in") else {
            return Some(AmountIn::Money);
        };
        match self.text(v, "amount_in").as_deref() {
            Some("money") => Some(AmountIn::Money),
            Some("admin-hours") => Some(AmountIn::AdminHours),
            Some(other) => {
                let message = format!(
                    "`amount_in` \"{other}\" must be {}{}",
                    alternatives(NAMES),
                    value_hint(other, NAMES)
                );
                self.problem(v.span(), message);
                None
            }
            None => None,
        }
    }

    /// The model's `[[caveat]]` tables (none when absent).
    pub(super) fn caveats(&mut self, doc: &DeTable<'_>) -> Option<Vec<Caveat>> {
        let Some(v) = doc.get("caveat") else {
            return Some(Vec::new());
        };
        let items = self.array(v, "`caveat` must be one or more [[caveat]] tables")?;
        self.each(items, |r, item| r.caveat(item))
    }

    fn caveat(&mut self, item: &Value<'_>) -> Option<Caveat> {
        let DeValue::Table(table) = item.get_ref() else {
            self.problem(item.span(), "each `caveat` must be a table ([[caveat]])");
            return None;
        };
        let ctx = "a [[caveat]]";
        let span = item.span();
        self.known_keys(table, CAVEAT_KEYS, ctx);
        let from = self.threshold(table, &span, ctx);
        let text = self.read_required(table, &span, "text", ctx, Self::text);
        let source = self.optional_or_none(table, "source", Self::text);
        let confidence = self.optional_or_none(table, "confidence", |r, v, _| r.confidence(v));
        Some(Caveat {
            from: from?,
            text: text?,
            source,
            confidence,
        })
    }
}
