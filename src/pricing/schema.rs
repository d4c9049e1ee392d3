//! The TOML form of a pricing model, read key by key from a spanned document so
//! that every problem (unknown key, wrong type, negative price, tiers out of
//! order, …) is reported at its file, line and column, all of them at once.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use rust_decimal::Decimal;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::model::{Component, Confidence, Conversion, Kind, Model, SeatPrice, Shape, Step, Tier};
use crate::engine::money::HOURS_PER_MONTH;
use crate::engine::range::MAX_USERS;

/// The largest amount accepted (per user, per block, per month or per year…):
/// far above any real price, and small enough that costs at 10^18 users stay exact.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(100_000_000, 0, 0, false, 0);

/// The schema version this build reads.
pub const SCHEMA_VERSION: i64 = 1;

/// One problem in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl Diagnostic {
    /// A problem at byte `offset` of `source`.
    pub fn at(file: &str, source: &str, offset: usize, message: impl Into<String>) -> Self {
        let offset = offset.min(source.len());
        let before = &source[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Diagnostic {
            file: file.to_string(),
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
            message: message.into(),
        }
    }
}

const MODEL_KEYS: &[&str] = &[
    "version",
    "id",
    "name",
    "kind",
    "currency",
    "as_of",
    "sources",
    "notes",
    "comparable",
    "limit",
    "part",
    "include",
    "admin_hours_per_month",
    "setup_hours",
    "setup_cost",
    "component",
];
const COMMON_KEYS: &[&str] = &[
    "type",
    "label",
    "source",
    "as_of",
    "confidence",
    "notes",
    "valid_from",
    "valid_until",
    "price_currency",
    "exchange_rate",
    "exchange_rate_as_of",
    "exchange_rate_source",
];
const SHAPES: &[(&str, &[&str])] = &[
    (
        "flat",
        &[
            "per_month",
            "per_year",
            "per_hour",
            "hours_per_month",
            "quantity",
        ],
    ),
    (
        "per-seat",
        &[
            "per_user_annual",
            "per_user_monthly",
            "min_seats",
            "max_seats",
        ],
    ),
    (
        "free-seats",
        &[
            "free_seats",
            "per_user_annual",
            "per_user_monthly",
            "max_seats",
        ],
    ),
    ("free-plan", &["max_users"]),
    ("tiers", &["tier"]),
    ("blocks", &["block_size", "per_month", "per_year"]),
    ("steps", &["step", "max_users"]),
];
const TIER_KEYS: &[&str] = &["up_to", "per_month", "per_year"];
const STEP_KEYS: &[&str] = &[
    "from",
    "per_month",
    "per_year",
    "per_hour",
    "hours_per_month",
];

type Value<'i> = Spanned<DeValue<'i>>;

/// Reads one model file. `file` names it in messages.
pub fn parse_model(source: &str, file: &str) -> Result<Model, Vec<Diagnostic>> {
    let mut r = Reader {
        file,
        source,
        problems: Vec::new(),
    };
    let doc = match DeTable::parse(source) {
        Ok(doc) => doc,
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            let message = format!("not valid TOML: {}", e.message().trim_end());
            return Err(vec![Diagnostic::at(file, source, offset, message)]);
        }
    };
    let model = r.model(doc.get_ref(), doc.span());
    if r.problems.is_empty() {
        Ok(model.expect("a model is built whenever no problem was found"))
    } else {
        r.problems.sort_by_key(|d| (d.line, d.column));
        r.problems.dedup();
        Err(r.problems)
    }
}

/// A file's id and includes with their byte offsets, read even when the rest
/// of the file has problems, so that duplicate ids and includes that name no
/// model are reported together with everything else.
#[derive(Debug, Default)]
pub struct Identity {
    pub id: Option<(String, usize)>,
    pub include: Vec<(String, usize)>,
}

pub fn identity(source: &str) -> Identity {
    let Ok(doc) = DeTable::parse(source) else {
        return Identity::default();
    };
    let doc = doc.get_ref();
    let id = doc.get("id").and_then(|v| {
        v.get_ref()
            .as_str()
            .map(|s| (s.to_string(), v.span().start))
    });
    let include = match doc.get("include").map(|v| v.get_ref()) {
        Some(DeValue::Array(items)) => items
            .iter()
            .filter_map(|v| {
                v.get_ref()
                    .as_str()
                    .map(|s| (s.to_string(), v.span().start))
            })
            .collect(),
        _ => Vec::new(),
    };
    Identity { id, include }
}

struct Reader<'a> {
    file: &'a str,
    source: &'a str,
    problems: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn problem(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.problems
            .push(Diagnostic::at(self.file, self.source, span.start, message));
    }

    /// Reports every key of `table` not in `allowed`, suggesting the closest one.
    fn known_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], context: &str) {
        for key in table.keys() {
            let name = key.get_ref().as_ref();
            if allowed.contains(&name) {
                continue;
            }
            let hint = closest(name, allowed)
                .map(|k| format!(" (did you mean `{k}`?)"))
                .unwrap_or_default();
            let message = format!(
                "unknown key `{name}` in {context}{hint}; allowed keys: {}",
                allowed.join(", ")
            );
            self.problem(key.span(), message);
        }
    }

    fn required<'t, 'i>(
        &mut self,
        table: &'t DeTable<'i>,
        span: &Range<usize>,
        key: &str,
        context: &str,
    ) -> Option<&'t Value<'i>> {
        let value = table.get(key);
        if value.is_none() {
            self.problem(
                span.clone(),
                format!("{context} is missing the key `{key}`"),
            );
        }
        value
    }

    fn model(&mut self, doc: &DeTable<'_>, span: Range<usize>) -> Option<Model> {
        self.known_keys(doc, MODEL_KEYS, "a model file");
        let ctx = "the model";
        if let Some(v) = self.required(doc, &span, "version", ctx) {
            match v.get_ref() {
                DeValue::Integer(i) if i.as_str() == SCHEMA_VERSION.to_string() => {}
                _ => self.problem(
                    v.span(),
                    format!(
                        "`version` must be {SCHEMA_VERSION}, the schema version this rccost reads"
                    ),
                ),
            }
        }
        let id = self
            .required(doc, &span, "id", ctx)
            .and_then(|v| self.id(v));
        let name = self
            .required(doc, &span, "name", ctx)
            .and_then(|v| self.text(v, "name"));
        let kind = self.required(doc, &span, "kind", ctx).and_then(|v| {
            match self.text(v, "kind").as_deref() {
                Some("self-hosted") => Some(Kind::SelfHosted),
                Some("hosted") => Some(Kind::Hosted),
                Some(other) => {
                    self.problem(
                        v.span(),
                        format!("`kind` is \"{other}\"; use \"self-hosted\" or \"hosted\""),
                    );
                    None
                }
                None => None,
            }
        });
        let currency = self.required(doc, &span, "currency", ctx).and_then(|v| {
            let code = self.text(v, "currency")?;
            if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) {
                Some(code)
            } else {
                self.problem(
                    v.span(),
                    format!("`currency` \"{code}\" is not an ISO 4217 code such as \"USD\""),
                );
                None
            }
        });
        let as_of = self
            .required(doc, &span, "as_of", ctx)
            .and_then(|v| self.date(v, "as_of"));
        let sources = self
            .required(doc, &span, "sources", ctx)
            .and_then(|v| self.sources(v));
        let notes = doc.get("notes").and_then(|v| self.text(v, "notes"));
        let comparable = doc
            .get("comparable")
            .map_or(Some(true), |v| self.flag(v, "comparable"));
        let limit = doc.get("limit").and_then(|v| self.text(v, "limit"));
        if comparable == Some(false) && limit.is_none() {
            let at = doc.get("comparable").map_or(span.clone(), |v| v.span());
            self.problem(at, "`comparable = false` needs `limit`: say in words what the plan leaves out (e.g. \"90 days of message history\")");
        }
        let part = doc
            .get("part")
            .map_or(Some(false), |v| self.flag(v, "part"));
        let include = doc.get("include").map_or(Some(Vec::new()), |v| self.ids(v));
        let admin_hours_per_month = doc
            .get("admin_hours_per_month")
            .map(|v| self.amount(v, "admin_hours_per_month"));
        let setup_hours = doc
            .get("setup_hours")
            .map(|v| self.amount(v, "setup_hours"));
        let setup_cost = doc
            .get("setup_cost")
            .map_or(Some(Decimal::ZERO), |v| self.amount(v, "setup_cost"));
        let components =
            self.required(doc, &span, "component", ctx)
                .and_then(|v| match v.get_ref() {
                    DeValue::Array(items) if !items.is_empty() => {
                        let built: Vec<Option<Component>> = items
                            .iter()
                            .map(|item| self.component(item, currency.as_deref()))
                            .collect();
                        built.into_iter().collect::<Option<Vec<_>>>()
                    }
                    _ => {
                        self.problem(
                            v.span(),
                            "`component` must be one or more [[component]] tables",
                        );
                        None
                    }
                });
        Some(Model {
            id: id?,
            name: name?,
            kind: kind?,
            currency: currency?,
            as_of: as_of?,
            sources: sources?,
            notes,
            components: components?,
            comparable: comparable?,
            limit,
            part: part?,
            include: include?,
            admin_hours_per_month: admin_hours_per_month.map_or(Some(None), |h| h.map(Some))?,
            setup_hours: setup_hours.map_or(Some(None), |h| h.map(Some))?,
            setup_cost: setup_cost?,
            origin: self.file.to_string(),
        })
    }

    fn flag(&mut self, v: &Value<'_>, key: &str) -> Option<bool> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                self.problem(
                    v.span(),
                    format!("`{key}` must be true or false, not {}", describe(other)),
                );
                None
            }
        }
    }

    /// A list of model ids, e.g. `include = ["host-aws"]`.
    fn ids(&mut self, v: &Value<'_>) -> Option<Vec<String>> {
        let DeValue::Array(items) = v.get_ref() else {
            self.problem(
                v.span(),
                "`include` must be a list of model ids, e.g. [\"host-aws\"]",
            );
            return None;
        };
        let list: Vec<Option<String>> = items.iter().map(|s| self.id(s)).collect();
        list.into_iter().collect()
    }

    fn component(&mut self, item: &Value<'_>, model_currency: Option<&str>) -> Option<Component> {
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
        let shape = match shape_name {
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
        };
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
    fn conversion(
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
        if rate.is_some_and(|r| r.is_zero()) {
            self.problem(
                table["exchange_rate"].span(),
                "`exchange_rate` must be more than 0",
            );
            return Err(());
        }
        let as_of = self.date(&table["exchange_rate_as_of"], "exchange_rate_as_of");
        let source = self.text(&table["exchange_rate_source"], "exchange_rate_source");
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
    fn monthly_amount(
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

    fn seat_price(
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
    fn opt_amount(&mut self, table: &DeTable<'_>, key: &str) -> Result<Option<Decimal>, ()> {
        table
            .get(key)
            .map(|v| self.amount(v, key).ok_or(()))
            .transpose()
    }

    /// An optional whole number ≥ `min`: `Err` when given but wrong (already reported).
    fn opt_count(&mut self, table: &DeTable<'_>, key: &str, min: u64) -> Result<Option<u64>, ()> {
        table
            .get(key)
            .map(|v| self.count(v, key, min).ok_or(()))
            .transpose()
    }

    /// The `[[component.tier]]` / `[[component.step]]` rows: (size, amount per month),
    /// with sizes strictly increasing (and steps starting at 1 user).
    fn bands(
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

    fn text(&mut self, v: &Value<'_>, key: &str) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) if !s.trim().is_empty() => Some(s.to_string()),
            DeValue::String(_) => {
                self.problem(v.span(), format!("`{key}` is empty"));
                None
            }
            other => {
                self.problem(
                    v.span(),
                    format!(
                        "`{key}` must be a string in quotes, not {}",
                        describe(other)
                    ),
                );
                None
            }
        }
    }

    fn id(&mut self, v: &Value<'_>) -> Option<String> {
        let id = self.text(v, "id")?;
        let ok = id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !id.starts_with('-');
        if ok {
            Some(id)
        } else {
            self.problem(v.span(), format!("`id` \"{id}\" may hold only lower-case letters, digits and '-' (it is used on the command line and in CSV)"));
            None
        }
    }

    fn sources(&mut self, v: &Value<'_>) -> Option<Vec<String>> {
        let DeValue::Array(items) = v.get_ref() else {
            self.problem(
                v.span(),
                "`sources` must be a list of strings, e.g. [\"https://…\"]",
            );
            return None;
        };
        if items.is_empty() {
            self.problem(
                v.span(),
                "`sources` is empty: say where the prices come from",
            );
            return None;
        }
        let list: Vec<Option<String>> = items.iter().map(|s| self.text(s, "sources")).collect();
        list.into_iter().collect()
    }

    /// A date as a TOML date (`2016-08-13`) or a string "2016-08-13", "2016-08" or
    /// "2016" (as precise as the source is).
    fn date(&mut self, v: &Value<'_>, key: &str) -> Option<String> {
        let text = match v.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
            DeValue::String(s) => s.to_string(),
            other => {
                self.problem(
                    v.span(),
                    format!(
                        "`{key}` must be a date such as 2016-08-13, not {}",
                        describe(other)
                    ),
                );
                return None;
            }
        };
        let shaped = text.len() >= 4
            && text.chars().all(|c| c.is_ascii_digit() || c == '-')
            && text.split('-').count() <= 3;
        if is_date(&text) {
            Some(text)
        } else if shaped && text.split('-').map(str::len).eq([4, 2, 2]) {
            self.problem(v.span(), format!("`{key}` {text} is not a real date"));
            None
        } else {
            self.problem(
                v.span(),
                format!("`{key}` \"{text}\" is not a date in the form YYYY-MM-DD, YYYY-MM or YYYY"),
            );
            None
        }
    }

    /// A non-negative amount: an integer, a float (taken exactly as written), or a
    /// numeric string.
    fn amount(&mut self, v: &Value<'_>, key: &str) -> Option<Decimal> {
        let text = match v.get_ref() {
            DeValue::Integer(i) if i.radix() == 10 => i.as_str().replace('_', ""),
            DeValue::Float(f) => f.as_str().replace('_', ""),
            DeValue::String(s) => s.trim().to_string(),
            other => {
                self.problem(
                    v.span(),
                    format!(
                        "`{key}` must be a number such as 6.67, not {}",
                        describe(other)
                    ),
                );
                return None;
            }
        };
        let numeric = !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_digit() || ".-+eE".contains(c));
        match Decimal::from_str(&text).or_else(|_| Decimal::from_scientific(&text)) {
            Ok(d) if d.is_sign_negative() && !d.is_zero() => {
                self.problem(
                    v.span(),
                    format!("`{key}` is negative ({text}); it must be 0 or more"),
                );
                None
            }
            Ok(d) if d > MAX_AMOUNT => {
                self.problem(
                    v.span(),
                    format!(
                        "`{key}` ({text}) is too large: rccost accepts amounts up to {MAX_AMOUNT}"
                    ),
                );
                None
            }
            Ok(d) => Some(d.normalize()),
            Err(_) if numeric => {
                self.problem(v.span(), format!("`{key}` ({text}) is too large or too precise: rccost accepts amounts up to {MAX_AMOUNT}, with at most 28 digits"));
                None
            }
            Err(_) => {
                self.problem(v.span(), format!("`{key}` \"{text}\" is not a number"));
                None
            }
        }
    }

    /// Hours billed in a month: more than 0, at most 744 (31 days × 24 h).
    fn hours(&mut self, v: &Value<'_>) -> Option<Decimal> {
        let hours = self.amount(v, "hours_per_month")?;
        if hours.is_zero() || hours > Decimal::from(744) {
            self.problem(
                v.span(),
                format!(
                    "`hours_per_month` is {hours}; a month has more than 0 and at most 744 hours"
                ),
            );
            return None;
        }
        Some(hours)
    }

    /// A whole number of users ≥ `min` (and at most 10^18).
    fn count(&mut self, v: &Value<'_>, key: &str, min: u64) -> Option<u64> {
        let DeValue::Integer(i) = v.get_ref() else {
            self.problem(
                v.span(),
                format!(
                    "`{key}` must be a whole number of users, not {}",
                    describe(v.get_ref())
                ),
            );
            return None;
        };
        let digits = i.as_str().replace('_', "");
        match i64::from_str_radix(&digits, i.radix()) {
            Ok(n) if n < min as i64 => {
                self.problem(
                    v.span(),
                    format!("`{key}` is {n}; it must be at least {min}"),
                );
                None
            }
            Ok(n) if n as u64 <= MAX_USERS => Some(n as u64),
            _ => {
                self.problem(
                    v.span(),
                    format!("`{key}` ({digits}) is too large: team sizes go up to {MAX_USERS}"),
                );
                None
            }
        }
    }
}

fn describe(v: &DeValue<'_>) -> String {
    match v {
        DeValue::String(s) => format!("the string \"{s}\""),
        DeValue::Integer(i) => format!("the number {}", i.as_str()),
        DeValue::Float(f) => format!("the number {}", f.as_str()),
        DeValue::Boolean(b) => format!("`{b}`"),
        DeValue::Datetime(d) => format!("the date {d}"),
        DeValue::Array(_) => "a list".into(),
        DeValue::Table(_) => "a table".into(),
    }
}

fn is_date(text: &str) -> bool {
    crate::engine::date::Date::parse(text).is_some()
}

/// The allowed key closest to a misspelt one, if any is close.
fn closest<'k>(name: &str, allowed: &[&'k str]) -> Option<&'k str> {
    allowed
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests;
