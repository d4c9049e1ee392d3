//! The TOML form of a pricing model, read key by key from a spanned document so
//! that every problem (unknown key, wrong type, negative price, tiers out of
//! order, …) is reported at its file, line and column, all of them at once.

use std::fmt;
use std::ops::Range;

use rust_decimal::Decimal;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::model::{Component, Kind, Model};
use super::uncertain::{Measure, ModelRanges};

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
    "caveat",
    "offer",
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
    "amount_in",
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
    ("sized", &["step", "max_users", "max_concurrent"]),
    ("quote", &["min_seats", "max_seats"]),
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
    parse_model_with(source, file, &[])
}

/// Reads one model file whose prices quoted in another currency without a
/// rate of their own take theirs from `rates` (the `[[rate]]`s read with it).
pub fn parse_model_with(
    source: &str,
    file: &str,
    rates: &[super::rates::Rate],
) -> Result<Model, Vec<Diagnostic>> {
    read_file(source, file, rates, Reader::model)
}

/// Parses `source` as TOML and reads it with `read`, which reports every
/// problem at its span and gives its value whenever it found none: the one
/// way a pricing file and a rates file are read (`file` names it in messages;
/// `rates` are those a price in another currency may take its rate from).
fn read_file<'a, T>(
    source: &'a str,
    file: &'a str,
    rates: &'a [super::rates::Rate],
    read: impl FnOnce(&mut Reader<'a>, &DeTable<'_>, Range<usize>) -> Option<T>,
) -> Result<T, Vec<Diagnostic>> {
    let mut r = Reader {
        file,
        source,
        problems: Vec::new(),
        ranges: range::Ranges::default(),
        rates,
        model_as_of: String::new(),
    };
    let doc = match DeTable::parse(source) {
        Ok(doc) => doc,
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            let message = format!("not valid TOML: {}", e.message().trim_end());
            return Err(vec![Diagnostic::at(file, source, offset, message)]);
        }
    };
    let value = read(&mut r, doc.get_ref(), doc.span());
    if r.problems.is_empty() {
        Ok(value.expect("a value is read whenever no problem was found"))
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
    ranges: range::Ranges,
    /// The `[[rate]]`s a price in another currency may take its rate from.
    rates: &'a [super::rates::Rate],
    /// The model's `as_of`: the day a component that gives none was priced.
    model_as_of: String,
}

impl Reader<'_> {
    fn problem(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.problems
            .push(Diagnostic::at(self.file, self.source, span.start, message));
    }

    /// The whole model, every key read (even after a bad one) so that all the
    /// file's problems are reported together; `None` if any key is wrong.
    fn model(&mut self, doc: &DeTable<'_>, span: Range<usize>) -> Option<Model> {
        self.known_keys(doc, MODEL_KEYS, "a model file");
        let ctx = "the model";
        if let Some(v) = self.required(doc, &span, "version", ctx) {
            self.version(v);
        }
        let id = self.read_required(doc, &span, "id", ctx, |r, v, _| r.id(v));
        let name = self.read_required(doc, &span, "name", ctx, Self::text);
        let kind = self.read_required(doc, &span, "kind", ctx, |r, v, _| r.kind(v));
        let currency = self.read_required(doc, &span, "currency", ctx, |r, v, _| r.currency(v));
        let as_of = self.read_required(doc, &span, "as_of", ctx, Self::date);
        self.model_as_of = as_of.clone().unwrap_or_default();
        let sources = self.read_required(doc, &span, "sources", ctx, |r, v, _| r.sources(v));
        let notes = self.optional_or_none(doc, "notes", Self::text);
        let comparable = self.comparable(doc, &span);
        let part = self.optional(doc, "part", Self::flag);
        let include = self.optional(doc, "include", |r, v, _| r.ids(v));
        self.ranges.about = name.clone().unwrap_or_default();
        self.ranges.model_name = self.ranges.about.clone();
        self.ranges.model_id = id.clone().unwrap_or_default();
        self.ranges.currency = currency.clone().unwrap_or_default();
        self.ranges.currency_of_model = self.ranges.currency.clone();
        let admin_hours = self.model_figure(doc, "admin_hours_per_month", Measure::Hours);
        let setup_hours = self.model_figure(doc, "setup_hours", Measure::Hours);
        let setup_money = Measure::Money(self.ranges.currency.clone());
        let setup_cost = self.model_figure(doc, "setup_cost", setup_money);
        let components = self.read_required(doc, &span, "component", ctx, |r, v, _| {
            r.components(v, currency.as_deref())
        });
        let caveats = self.caveats(doc);
        let offers = self.offers(doc, currency.as_deref());
        Some(Model {
            id: id?,
            name: name?,
            kind: kind?,
            currency: currency?,
            as_of: as_of?,
            sources: sources?,
            notes,
            components: components?,
            comparable: comparable.comparable?,
            limit: comparable.limit,
            part: part.ok()?.unwrap_or(false),
            include: include.ok()?.unwrap_or_default(),
            admin_hours_per_month: admin_hours.clone().ok()?.map(|h| h.0),
            setup_hours: setup_hours.clone().ok()?.map(|h| h.0),
            setup_cost: setup_cost.clone().ok()?.map_or(Decimal::ZERO, |c| c.0),
            origin: self.file.to_string(),
            caveats: caveats?,
            offers: offers?,
            ranges: ModelRanges {
                admin_hours: admin_hours.ok()?.and_then(|h| h.1),
                setup_hours: setup_hours.ok()?.and_then(|h| h.1),
                setup_cost: setup_cost.ok()?.and_then(|c| c.1),
            },
        })
    }

    /// Checks `version`, so that a file written for another schema is not read
    /// as if it were this one.
    fn version(&mut self, v: &Value<'_>) {
        match v.get_ref() {
            DeValue::Integer(i) if i.as_str() == SCHEMA_VERSION.to_string() => {}
            _ => self.problem(
                v.span(),
                format!("`version` must be {SCHEMA_VERSION}, the schema version this rccost reads"),
            ),
        }
    }

    /// Self-hosted or hosted: a self-hosted model is assumed to take admin time.
    fn kind(&mut self, v: &Value<'_>) -> Option<Kind> {
        match self.text(v, "kind").as_deref() {
            Some("self-hosted") => Some(Kind::SelfHosted),
            Some("hosted") => Some(Kind::Hosted),
            Some(other) => {
                let kinds = ["self-hosted", "hosted"];
                let message = format!(
                    "`kind` is \"{other}\"; use {}{}",
                    keys::alternatives(&kinds),
                    keys::value_hint(other, &kinds)
                );
                self.problem(v.span(), message);
                None
            }
            None => None,
        }
    }

    /// The model's currency, an ISO code, so that amounts in two files can be
    /// told apart when their currencies differ.
    fn currency(&mut self, v: &Value<'_>) -> Option<String> {
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
    }

    /// `comparable` (true unless stated) and the `limit` that a plan left out of
    /// comparisons must give, so that every such plan says why in words.
    fn comparable(&mut self, doc: &DeTable<'_>, span: &Range<usize>) -> Comparability {
        let comparable = self
            .optional(doc, "comparable", Self::flag)
            .map(|c| c.unwrap_or(true));
        let limit = self.optional_or_none(doc, "limit", Self::text);
        if comparable == Ok(false) && limit.is_none() {
            let at = doc.get("comparable").map_or(span.clone(), |v| v.span());
            self.problem(at, "`comparable = false` needs `limit`: say in words what the plan leaves out (e.g. \"90 days of message history\")");
        }
        Comparability {
            comparable: comparable.ok(),
            limit,
        }
    }

    /// The `[[component]]` tables, at least one; each read even after a bad one.
    fn components(&mut self, v: &Value<'_>, currency: Option<&str>) -> Option<Vec<Component>> {
        let message = "`component` must be one or more [[component]] tables";
        let items = self.array(v, message)?;
        if items.is_empty() {
            self.problem(v.span(), message);
            return None;
        }
        self.each(items, |r, item| r.component(item, currency))
    }
}

/// Whether a model is compared with the others, and if not, why.
struct Comparability {
    /// `None` when `comparable` was given but wrong (already reported).
    comparable: Option<bool>,
    limit: Option<String>,
}

mod component;
mod keys;
mod offer;
mod range;
pub mod rates;
mod sizing;
mod values;

#[cfg(test)]
mod tests;
