//! `rccost breakeven --json`: crossings and cheapest stretches (schema in the README).

use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use super::Exporter;
use crate::engine::compare::{Comparison, Stale};
use crate::error::Result;

/// Bumped whenever a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

pub struct BreakevenJson;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    users: Users,
    currency: &'a str,
    billing: &'a str,
    pairs: Vec<Pair<'a>>,
    cheapest: Vec<Stretch<'a>>,
}

#[derive(Serialize)]
struct Users {
    from: u64,
    to: u64,
}

#[derive(Serialize)]
struct Pair<'a> {
    a: &'a str,
    b: &'a str,
    cheaper_at_start: Option<&'a str>,
    crossings: Vec<Crossing<'a>>,
}

#[derive(Serialize)]
struct Crossing<'a> {
    users: u64,
    cheaper_from_here: &'a str,
    tie: bool,
    exact: Option<f64>,
    cause: &'a str,
}

#[derive(Serialize)]
struct Stretch<'a> {
    from: u64,
    to: u64,
    models: &'a [String],
}

impl Exporter for BreakevenJson {
    fn serialize(&self, c: &Comparison) -> Result<Vec<u8>> {
        let a = c.analysis()?;
        let doc = Document {
            schema_version: SCHEMA_VERSION,
            users: Users {
                from: a.from,
                to: a.to,
            },
            currency: &c.currency,
            billing: c.assumptions.billing.as_str(),
            pairs: a
                .pairs
                .iter()
                .map(|p| Pair {
                    a: &p.a,
                    b: &p.b,
                    cheaper_at_start: p.cheaper_at_start.as_deref(),
                    crossings: p
                        .crossings
                        .iter()
                        .map(|x| Crossing {
                            users: x.users,
                            cheaper_from_here: &x.cheaper_from_here,
                            tie: x.tie,
                            // Six decimals: plenty to place a crossing between two team sizes.
                            exact: x.exact.and_then(|e| e.round_dp(6).to_f64()),
                            cause: x.cause.as_str(),
                        })
                        .collect(),
                })
                .collect(),
            cheapest: a
                .cheapest
                .iter()
                .map(|s| Stretch {
                    from: s.from,
                    to: s.to,
                    models: &s.models,
                })
                .collect(),
        };
        let mut bytes = serde_json::to_vec_pretty(&doc).expect("serialising plain data");
        bytes.push(b'\n');
        Ok(bytes)
    }
}

/// `rccost table --format json` and `rccost export --format json`: every team
/// size listed (or the table's sample rows), with monthly, per-user, yearly and
/// whole-horizon figures per model. Amounts are strings with two decimals,
/// rounded half-up, so no binary floating point touches them; `null` where a
/// plan cannot serve that team size.
pub struct CostsJson {
    /// The team sizes to list.
    pub rows: Vec<u64>,
}

#[derive(Serialize)]
struct CostsDocument<'a> {
    schema_version: u32,
    users: RangeDoc,
    currency: &'a str,
    assumptions: AssumptionsDoc,
    models: Vec<ModelDoc<'a>>,
    rows: Vec<RowDoc>,
    left_out: Vec<LeftOutDoc<'a>>,
    /// Prices more than 12 months older than the as-of date.
    stale: Vec<StaleDoc<'a>>,
    /// Prices seen only after the as-of date (no `valid_from`), used as if in force.
    seen_after: Vec<StaleDoc<'a>>,
}

#[derive(Serialize)]
struct RangeDoc {
    from: u64,
    to: u64,
    step: u64,
}

#[derive(Serialize)]
struct AssumptionsDoc {
    billing: &'static str,
    admin_rate: String,
    horizon_months: u32,
    as_of: String,
}

#[derive(Serialize)]
struct ModelDoc<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
    billing_terms: Option<&'static str>,
    max_users: Option<u64>,
}

#[derive(Serialize)]
struct RowDoc {
    users: u64,
    cheapest: Vec<String>,
    costs: std::collections::BTreeMap<String, Option<CostDoc>>,
}

#[derive(Serialize)]
struct CostDoc {
    monthly: String,
    per_user: String,
    yearly: String,
    horizon: String,
}

#[derive(Serialize)]
struct LeftOutDoc<'a> {
    id: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct StaleDoc<'a> {
    id: &'a str,
    component: &'a str,
    part: Option<&'a str>,
    as_of: &'a str,
}

impl<'a> From<Stale<'a>> for StaleDoc<'a> {
    fn from(s: Stale<'a>) -> Self {
        StaleDoc {
            id: &s.model.id,
            component: s.label,
            part: s.part,
            as_of: s.date,
        }
    }
}

impl Exporter for CostsJson {
    fn serialize(&self, c: &Comparison) -> Result<Vec<u8>> {
        use crate::units::money::plain;
        let a = &c.assumptions;
        let rows = self
            .rows
            .iter()
            .map(|&n| RowDoc {
                users: n,
                cheapest: c.cheapest_at(n),
                costs: c
                    .models
                    .iter()
                    .enumerate()
                    .map(|(i, m)| {
                        let cost = c.monthly(i, n).map(|monthly| CostDoc {
                            monthly: plain(monthly),
                            per_user: c.per_user(i, n).map(plain).unwrap_or_default(),
                            yearly: c.yearly(i, n).map(plain).unwrap_or_default(),
                            horizon: c.horizon_total(i, n).map(plain).unwrap_or_default(),
                        });
                        (m.id.clone(), cost)
                    })
                    .collect(),
            })
            .collect();
        let doc = CostsDocument {
            schema_version: SCHEMA_VERSION,
            users: RangeDoc {
                from: c.range.from,
                to: c.range.to,
                step: c.range.step,
            },
            currency: &c.currency,
            assumptions: AssumptionsDoc {
                billing: a.billing.as_str(),
                admin_rate: plain(a.admin_rate),
                horizon_months: a.horizon_months,
                as_of: a.as_of.to_string(),
            },
            models: c
                .models
                .iter()
                .enumerate()
                .map(|(i, m)| ModelDoc {
                    id: &m.id,
                    name: &m.name,
                    kind: m.kind.as_str(),
                    billing_terms: m.billing_terms(a.as_of),
                    max_users: c.curves[i].max_users(),
                })
                .collect(),
            rows,
            left_out: c
                .left_out
                .iter()
                .map(|(m, why)| LeftOutDoc {
                    id: &m.id,
                    reason: why,
                })
                .collect(),
            stale: c.stale().into_iter().map(StaleDoc::from).collect(),
            seen_after: c.later().into_iter().map(StaleDoc::from).collect(),
        };
        let mut bytes = serde_json::to_vec_pretty(&doc).expect("serialising plain data");
        bytes.push(b'\n');
        Ok(bytes)
    }
}
