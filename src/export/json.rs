//! `rccost breakeven --json`: crossings and cheapest stretches (schema in the README).

use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use super::Exporter;
use crate::engine::compare::Comparison;
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
