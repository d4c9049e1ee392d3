//! `rccost breakeven --json`: crossings and cheapest stretches (schema in the README).

use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use super::{Exporter, odds_json};
use crate::engine::compare::{Comparison, Stale};
use crate::engine::{breakeven, headline};
use crate::error::Result;
use crate::units::money::plain;

/// Bumped whenever a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

pub struct BreakevenJson;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    users: UsersDoc,
    currency: &'a str,
    billing: &'a str,
    pairs: Vec<Pair<'a>>,
    cheapest: Vec<Stretch<'a>>,
    headlines: Vec<HeadlineDoc>,
    /// Models whose licence is sold by quote, at the round sizes of the range.
    quote_only: Vec<QuoteDoc<'a>>,
    /// The offers that priced the plans, with `--offer`.
    #[serde(skip_serializing_if = "Option::is_none")]
    offers: Option<super::offers_json::OffersDoc<'a>>,
    /// The rates the amounts rest on, with `--currency` (absent without it).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    exchange_rates: Vec<RateDoc<'a>>,
}

/// A model whose licence is sold by quote: not compared; at each size its cost
/// without the licence and, per hosted plan serving that size, the highest
/// whole-cent quote a user a month at which it costs no more (`null`: none).
#[derive(Serialize)]
struct QuoteDoc<'a> {
    id: &'a str,
    name: &'a str,
    rows: Vec<QuoteRowDoc>,
}

#[derive(Serialize)]
struct QuoteRowDoc {
    users: u64,
    seats: u64,
    without_licence: Option<String>,
    highest_quote: std::collections::BTreeMap<String, Option<String>>,
}

/// Every quote-only model at team sizes `sizes`.
fn quote_docs<'a>(c: &'a Comparison, sizes: &[u64]) -> Vec<QuoteDoc<'a>> {
    c.quote_only
        .iter()
        .map(|(m, _)| QuoteDoc {
            id: &m.id,
            name: &m.name,
            rows: sizes
                .iter()
                .filter_map(|&n| c.quote_answers(n).into_iter().find(|a| a.model == m.id))
                .map(|a| QuoteRowDoc {
                    users: a.users,
                    seats: a.seats,
                    without_licence: a.without_licence.map(plain),
                    highest_quote: a
                        .ceilings
                        .iter()
                        .map(|x| (x.hosted.clone(), x.highest_cents().map(|q| q.to_string())))
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

/// Per self-hosted model: the stretch from which it costs no more than every
/// hosted plan (`beats_all`), the hosted plan cheapest just before (`rival`), or,
/// when it never does, the cheapest hosted plan it beats (`best`).
#[derive(Serialize)]
struct HeadlineDoc {
    model: String,
    beats_all: Option<UsersDoc>,
    rival: Option<RivalDoc>,
    best: Option<RivalDoc>,
    max_users: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uncertain: Option<odds_json::HeadlineDoc>,
}

#[derive(Serialize)]
struct RivalDoc {
    id: String,
    from: u64,
    cost: String,
    own: String,
}

impl From<&headline::Rival> for RivalDoc {
    fn from(r: &headline::Rival) -> Self {
        RivalDoc {
            id: r.id.clone(),
            from: r.from,
            cost: plain(r.cost),
            own: plain(r.own),
        }
    }
}

impl From<headline::Headline> for HeadlineDoc {
    fn from(h: headline::Headline) -> Self {
        let (beats_all, rival, best) = match &h.verdict {
            headline::Verdict::BeatsAll { from, to, rival } => (
                Some(UsersDoc {
                    from: *from,
                    to: *to,
                    step: None,
                }),
                rival.as_ref().map(RivalDoc::from),
                None,
            ),
            headline::Verdict::Never { best } => (None, None, best.as_ref().map(RivalDoc::from)),
            headline::Verdict::NoHosted => (None, None, None),
        };
        HeadlineDoc {
            model: h.model,
            beats_all,
            rival,
            best,
            max_users: h.max_users,
            uncertain: None,
        }
    }
}

/// The team sizes a document covers, and for a listing, its step.
#[derive(Serialize)]
struct UsersDoc {
    from: u64,
    to: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    step: Option<u64>,
}

#[derive(Serialize)]
struct Pair<'a> {
    a: &'a str,
    b: &'a str,
    cheaper_at_start: Option<&'a str>,
    crossings: Vec<Crossing<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uncertain: Option<odds_json::PairDoc>,
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

impl<'a> From<&'a breakeven::Pair> for Pair<'a> {
    fn from(p: &'a breakeven::Pair) -> Self {
        Pair {
            a: &p.a,
            b: &p.b,
            cheaper_at_start: p.cheaper_at_start.as_deref(),
            crossings: p.crossings.iter().map(Crossing::from).collect(),
            uncertain: None,
        }
    }
}

impl<'a> From<&'a breakeven::Crossing> for Crossing<'a> {
    fn from(x: &'a breakeven::Crossing) -> Self {
        Crossing {
            users: x.users,
            cheaper_from_here: &x.cheaper_from_here,
            tie: x.tie,
            // Six decimals: plenty to place a crossing between two team sizes.
            exact: x.exact.and_then(|e| e.round_dp(6).to_f64()),
            cause: x.cause.as_str(),
        }
    }
}

impl<'a> From<&'a breakeven::Stretch> for Stretch<'a> {
    fn from(s: &'a breakeven::Stretch) -> Self {
        Stretch {
            from: s.from,
            to: s.to,
            models: &s.models,
        }
    }
}

impl Exporter for BreakevenJson {
    fn serialize(&self, c: &Comparison) -> Result<Vec<u8>> {
        let a = c.analysis()?;
        let doc = Document {
            schema_version: SCHEMA_VERSION,
            users: UsersDoc {
                from: a.from,
                to: a.to,
                step: None,
            },
            currency: &c.currency,
            billing: c.assumptions.billing.as_str(),
            pairs: a
                .pairs
                .iter()
                .map(|p| {
                    let uncertain = odds_json::pair(c, &p.a, &p.b)?;
                    Ok(Pair {
                        uncertain,
                        ..Pair::from(p)
                    })
                })
                .collect::<Result<_>>()?,
            cheapest: a.cheapest.iter().map(Stretch::from).collect(),
            headlines: c
                .headlines()?
                .into_iter()
                .map(|h| {
                    let uncertain = odds_json::headline(c, &h.model)?;
                    Ok(HeadlineDoc {
                        uncertain,
                        ..HeadlineDoc::from(h)
                    })
                })
                .collect::<Result<_>>()?,
            quote_only: quote_docs(c, &c.quote_sizes()),
            offers: super::offers_json::offers_doc(c),
            exchange_rates: rate_docs(c),
        };
        Ok(pretty(&doc))
    }
}

/// The document as indented JSON with a final newline, as the files are committed.
fn pretty(doc: &impl Serialize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(doc).expect("serialising plain data");
    bytes.push(b'\n');
    bytes
}

/// `rccost table --format json` and `rccost export --format json`: every team
/// size listed (or the table's sample rows), with monthly, per-user, yearly and
/// whole-horizon figures per model. Amounts are strings with two decimals,
/// rounded half-up, so no binary floating point touches them; `null` where a
/// plan cannot serve that team size.
pub struct CostsJson {
    /// The table whose rows to list; `None`: every size of the range.
    pub shown: Option<super::table::TextTable>,
}

#[derive(Serialize)]
struct CostsDocument<'a> {
    schema_version: u32,
    users: UsersDoc,
    currency: &'a str,
    assumptions: AssumptionsDoc,
    models: Vec<ModelDoc<'a>>,
    rows: Vec<RowDoc>,
    left_out: Vec<LeftOutDoc<'a>>,
    /// Prices more than 12 months older than the as-of date.
    stale: Vec<StaleDoc<'a>>,
    /// Prices seen only after the as-of date (no `valid_from`), used as if in force.
    seen_after: Vec<StaleDoc<'a>>,
    /// Models whose licence is sold by quote, at the rows' team sizes.
    quote_only: Vec<QuoteDoc<'a>>,
    /// The inputs given as ranges and how they were sampled, when any is.
    #[serde(skip_serializing_if = "Option::is_none")]
    uncertain: Option<odds_json::InputsDoc>,
    /// The offers that priced the plans, with `--offer`.
    #[serde(skip_serializing_if = "Option::is_none")]
    offers: Option<super::offers_json::OffersDoc<'a>>,
    /// The rates the amounts rest on, with `--currency` (absent without it).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    exchange_rates: Vec<RateDoc<'a>>,
}

/// One exchange rate: 1 `base` = `rate` `quote`, fixed on `as_of` (`null`:
/// given for this run), and where it comes from.
#[derive(Serialize)]
struct RateDoc<'a> {
    pair: String,
    base: &'a str,
    quote: &'a str,
    rate: String,
    as_of: Option<String>,
    source: &'a str,
}

/// The rates of `c`, as the JSON documents list them.
fn rate_docs(c: &Comparison) -> Vec<RateDoc<'_>> {
    c.exchange_rates
        .iter()
        .map(|r| RateDoc {
            pair: r.pair(),
            base: &r.base,
            quote: &r.quote,
            rate: r.rate.normalize().to_string(),
            as_of: r.as_of.map(|d| d.to_string()),
            source: &r.source,
        })
        .collect()
}

#[derive(Serialize)]
struct AssumptionsDoc {
    billing: &'static str,
    admin_rate: String,
    horizon_months: u32,
    as_of: String,
    /// The share of the team online at once, e.g. "0.25".
    concurrency: String,
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
    /// P5, P50 and P95 of `monthly` over the draws, when some input is a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    monthly_p5: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    monthly_p50: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    monthly_p95: Option<String>,
}

#[derive(Serialize)]
struct LeftOutDoc<'a> {
    id: &'a str,
    reason: String,
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
        if self.shown.as_ref().is_none_or(|table| table.all) {
            super::check_listed(c)?;
        }
        let rows = match &self.shown {
            Some(table) => table.rows(c),
            None => c.range.sizes().collect(),
        };
        let a = &c.assumptions;
        let doc = CostsDocument {
            schema_version: SCHEMA_VERSION,
            users: UsersDoc {
                from: c.range.from,
                to: c.range.to,
                step: Some(c.range.step),
            },
            currency: &c.currency,
            assumptions: AssumptionsDoc {
                billing: a.billing.as_str(),
                admin_rate: plain(a.hourly_rate()),
                horizon_months: a.horizon_months,
                as_of: a.as_of.to_string(),
                concurrency: a.concurrency.share().normalize().to_string(),
            },
            models: (0..c.models.len()).map(|i| ModelDoc::of(c, i)).collect(),
            rows: rows.iter().map(|&n| RowDoc::of(c, n)).collect(),
            left_out: c
                .left_out
                .iter()
                .map(|(m, why)| LeftOutDoc {
                    id: &m.id,
                    reason: crate::text::notes::left_out_reason(m, why),
                })
                .collect(),
            stale: c.stale().into_iter().map(StaleDoc::from).collect(),
            seen_after: c.later().into_iter().map(StaleDoc::from).collect(),
            quote_only: quote_docs(c, &rows),
            uncertain: c.uncertainty().map(odds_json::InputsDoc::from),
            offers: super::offers_json::offers_doc(c),
            exchange_rates: rate_docs(c),
        };
        Ok(pretty(&doc))
    }
}

impl<'a> ModelDoc<'a> {
    /// The `i`-th model compared, with what the rows need to be read.
    fn of(c: &'a Comparison, i: usize) -> Self {
        let m = &c.models[i];
        ModelDoc {
            id: &m.id,
            name: &m.name,
            kind: m.kind.as_str(),
            billing_terms: m.billing_terms(c.assumptions.as_of),
            max_users: c.curves[i].max_users(),
        }
    }
}

impl RowDoc {
    /// The figures of every model at team size `n`.
    fn of(c: &Comparison, n: u64) -> Self {
        RowDoc {
            users: n,
            cheapest: c.cheapest_at(n),
            costs: c
                .models
                .iter()
                .enumerate()
                .map(|(i, m)| (m.id.clone(), CostDoc::of(c, i, n)))
                .collect(),
        }
    }
}

impl CostDoc {
    /// The `i`-th model's figures at `n`; `None` where it cannot serve `n`.
    fn of(c: &Comparison, i: usize, n: u64) -> Option<Self> {
        let [p5, p50, p95] =
            odds_json::monthly(c, i, n).map_or([None, None, None], |q| q.map(Some));
        c.monthly(i, n).map(|monthly| CostDoc {
            monthly: plain(monthly),
            per_user: c.per_user(i, n).map(plain).unwrap_or_default(),
            yearly: c.yearly(i, n).map(plain).unwrap_or_default(),
            horizon: c.horizon_total(i, n).map(plain).unwrap_or_default(),
            monthly_p5: p5,
            monthly_p50: p50,
            monthly_p95: p95,
        })
    }
}
