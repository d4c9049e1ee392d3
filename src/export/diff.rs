//! `rccost diff`: what changed between two comparisons, as sentences under
//! headings or as one JSON object (schema in docs/json.md).

use serde::Serialize;

use super::DiffExporter;
use crate::engine::breakeven::Stretch;
use crate::engine::compare::Comparison;
use crate::engine::diff::{Best, Diff, Term};
use crate::engine::headline::{Headline, Verdict};
use crate::error::Result;
use crate::pricing::model::Model;
use crate::text::diff as words;
use crate::text::sentences::{cheapest_sentences, count};
use crate::units::count::users;
use crate::units::money::plain;

/// Bumped whenever a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// Sentences for a terminal, under headings.
pub struct DiffText;

impl DiffExporter for DiffText {
    fn serialize(&self, d: &Diff<'_>) -> Result<Vec<u8>> {
        let (from, to) = d.now.span();
        let sizes = if from == to {
            format!("at {}", users(to))
        } else {
            format!("{} to {}", count(from), users(to))
        };
        let mut out = format!(
            "What changed, {sizes} ({} billing, {}):\n  Then: {}.\n  Now: {}.\n",
            d.now.assumptions.billing.as_str(),
            d.now.currency,
            words::side(d.then),
            words::side(d.now)
        );
        out += &format!("\nIn short:\n  {}\n", words::moved_sentence(d));
        out += "\nSelf-hosting against every hosted plan:\n";
        out += &indented(
            words::headline_lines(d),
            "No self-hosted model is compared.",
        );
        out += "\nPrices that changed:\n";
        out += &indented(words::price_lines(d), "None.");
        out += "\nPlans that appeared:\n";
        out += &indented(words::plan_lines(&d.appeared), "None.");
        out += "\nPlans that went:\n";
        out += &indented(words::plan_lines(&d.went), "None.");
        for (when, c) in [("then", d.then), ("now", d.now)] {
            out += &format!("\nCheapest {when}:\n");
            out += &indented(cheapest_sentences(c, c.analysis()?), "");
        }
        if let Some(note) = words::likely_note(d) {
            out += &format!("\n{note}\n");
        }
        Ok(out.into_bytes())
    }
}

/// The lines indented, or `none` alone when there are none.
fn indented(lines: Vec<String>, none: &str) -> String {
    if lines.is_empty() {
        return format!("  {none}\n");
    }
    lines.iter().map(|l| format!("  {l}\n")).collect()
}

/// One JSON object: both sides, what changed, and the same sentences.
pub struct DiffJson;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    users: Span,
    currency: &'a str,
    billing: &'static str,
    admin_rate: String,
    then: SideDoc,
    now: SideDoc,
    /// The first team size from which a self-hosted model costs no more than
    /// every hosted plan, on each side (`null`: none within the range).
    break_even: Moved,
    prices: Vec<PriceDoc<'a>>,
    appeared: Vec<PlanDoc<'a>>,
    went: Vec<PlanDoc<'a>>,
    headlines: Vec<HeadlineDoc<'a>>,
    cheapest: Both<Vec<StretchDoc<'a>>>,
    sentences: Sentences,
}

#[derive(Serialize)]
struct Span {
    from: u64,
    to: u64,
}

#[derive(Serialize)]
struct SideDoc {
    source: String,
    as_of: String,
}

#[derive(Serialize)]
struct Both<T> {
    then: T,
    now: T,
}

#[derive(Serialize)]
struct Moved {
    then: Option<BestDoc>,
    now: Option<BestDoc>,
}

#[derive(Serialize)]
struct BestDoc {
    model: String,
    from: u64,
    to: u64,
}

#[derive(Serialize)]
struct PriceDoc<'a> {
    id: &'a str,
    name: &'a str,
    part: bool,
    changes: Vec<ChangeDoc>,
    /// A plan compared on both sides: its monthly cost at the range's end.
    #[serde(skip_serializing_if = "Option::is_none")]
    at_end: Option<Both<Option<String>>>,
}

#[derive(Serialize)]
struct ChangeDoc {
    label_then: Option<String>,
    label_now: Option<String>,
    /// The price in words, as the text says it (`null`: no such price on that side).
    then: Option<String>,
    now: Option<String>,
}

#[derive(Serialize)]
struct PlanDoc<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
}

#[derive(Serialize)]
struct HeadlineDoc<'a> {
    model: &'a str,
    then: Option<AnswerDoc>,
    now: Option<AnswerDoc>,
}

/// `beats_all`: the stretch from which the model costs no more than every
/// hosted plan; `null` when it never does.
#[derive(Serialize)]
struct AnswerDoc {
    beats_all: Option<Span>,
}

#[derive(Serialize)]
struct StretchDoc<'a> {
    from: u64,
    to: u64,
    models: &'a [String],
}

#[derive(Serialize)]
struct Sentences {
    break_even: String,
    headlines: Vec<String>,
    prices: Vec<String>,
}

impl DiffExporter for DiffJson {
    fn serialize(&self, d: &Diff<'_>) -> Result<Vec<u8>> {
        let (from, to) = d.now.span();
        let best = |b: &Option<Best>| {
            b.as_ref().map(|b| BestDoc {
                model: b.model.clone(),
                from: b.from,
                to: b.to,
            })
        };
        let doc = Document {
            schema_version: SCHEMA_VERSION,
            users: Span { from, to },
            currency: &d.now.currency,
            billing: d.now.assumptions.billing.as_str(),
            admin_rate: plain(d.now.assumptions.hourly_rate()),
            then: side(d.then),
            now: side(d.now),
            break_even: Moved {
                then: best(&d.best.0),
                now: best(&d.best.1),
            },
            prices: prices(d),
            appeared: d.appeared.iter().map(|m| plan(m)).collect(),
            went: d.went.iter().map(|m| plan(m)).collect(),
            headlines: d
                .headlines
                .iter()
                .map(|h| HeadlineDoc {
                    model: &h.model,
                    then: h.then.as_ref().map(answer),
                    now: h.now.as_ref().map(answer),
                })
                .collect(),
            cheapest: Both {
                then: stretches(&d.then.analysis()?.cheapest),
                now: stretches(&d.now.analysis()?.cheapest),
            },
            sentences: Sentences {
                break_even: words::moved_sentence(d),
                headlines: words::headline_lines(d),
                prices: words::price_lines(d),
            },
        };
        let mut bytes = serde_json::to_vec_pretty(&doc).expect("serialising plain data");
        bytes.push(b'\n');
        Ok(bytes)
    }
}

fn side(c: &Comparison) -> SideDoc {
    SideDoc {
        source: c.source.to_string(),
        as_of: c.assumptions.as_of.to_string(),
    }
}

fn plan(m: &Model) -> PlanDoc<'_> {
    PlanDoc {
        id: &m.id,
        name: &m.name,
        kind: m.kind.as_str(),
    }
}

fn answer(h: &Headline) -> AnswerDoc {
    AnswerDoc {
        beats_all: match h.verdict {
            Verdict::BeatsAll { from, to, .. } => Some(Span { from, to }),
            Verdict::Never { .. } | Verdict::NoHosted => None,
        },
    }
}

fn stretches(list: &[Stretch]) -> Vec<StretchDoc<'_>> {
    list.iter()
        .map(|s| StretchDoc {
            from: s.from,
            to: s.to,
            models: &s.models,
        })
        .collect()
}

fn prices<'a>(d: &Diff<'a>) -> Vec<PriceDoc<'a>> {
    d.prices
        .iter()
        .map(|p| PriceDoc {
            id: p.id,
            name: p.name,
            part: p.part,
            changes: p
                .components
                .iter()
                .map(|&(old, new)| ChangeDoc {
                    label_then: old.and_then(|x| x.label.clone()),
                    label_now: new.and_then(|x| x.label.clone()),
                    then: old.map(|x| words::price(d.then, x)),
                    now: new.map(|x| words::price(d.now, x)),
                })
                .chain(p.terms.iter().map(|&(term, old, new)| ChangeDoc {
                    label_then: Some(term_name(term).into()),
                    label_now: Some(term_name(term).into()),
                    then: Some(old.normalize().to_string()),
                    now: Some(new.normalize().to_string()),
                }))
                .collect(),
            at_end: p.at_end.map(|(then, now)| Both {
                then: then.map(plain),
                now: now.map(plain),
            }),
        })
        .collect()
}

/// A term's label in the JSON: its amounts are hours, or money for the set-up cost.
fn term_name(term: Term) -> &'static str {
    match term {
        Term::AdminHours => "admin_hours_per_month",
        Term::SetupHours => "setup_hours",
        Term::SetupCost => "setup_cost",
    }
}
