//! The TOML form of a pricing model, read key by key from a spanned document so
//! that every problem (unknown key, wrong type, negative price, tiers out of
//! order, …) is reported at its file, line and column, all of them at once.

use std::fmt;
use std::ops::Range;

use rust_decimal::Decimal;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::model::{Component, Kind, Model};

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
}

mod component;
mod values;

use values::closest;

#[cfg(test)]
mod tests;
