//! The report: a blog-ready page built from the computed figures (`page`), written
//! as Markdown (`report.md`) or one self-contained HTML file (`report.html`):
//! the answer first, every chart under the question it answers with a short alt
//! text and its long description folded away, a table of costs, the break-evens,
//! and the sources with their dates and confidence.

use crate::chart::line::LineChart;
use crate::engine::compare::Comparison;
use crate::error::Result;
use crate::pricing::model::{Component, DEFAULT_ADMIN_HOURS, DEFAULT_SETUP_HOURS, Kind, Model};
use crate::pricing::uncertain::Input;
use crate::text::{dates, headline, notes, price, sentences};
use crate::units::count::{group_thousands, users};
use crate::units::money;

mod blog;
mod html;
mod markdown;
pub mod page;
pub mod post;

pub use page::Images;
use page::{Block, Figure, Inline, Page, Section};
pub use post::{Blog, DEFAULT_CHARTS, Engine, Layout};

/// The team sizes the report's table shows: a handful of round sizes in range.
fn table_sizes(c: &Comparison) -> Vec<u64> {
    let r = c.range;
    let mut sizes: Vec<u64> = [1, 5, 10, 15, 25, 50, 100, 250, 500, 1000, 5000, 10_000]
        .into_iter()
        .filter(|&n| n >= r.from && n <= r.to)
        .collect();
    sizes.extend([r.from, r.to]);
    sizes.sort_unstable();
    sizes.dedup();
    sizes
}

/// How the report is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `report.md`: Markdown with `<picture>` and `<details>`.
    Markdown,
    /// `report.html`: one self-contained page.
    Html,
}

impl Format {
    /// The page format of `format`, if it is one.
    pub fn of(format: crate::export::Format) -> Option<Format> {
        use crate::export::Format as Any;
        match format {
            Any::Markdown => Some(Format::Markdown),
            Any::Html => Some(Format::Html),
            Any::Text | Any::Csv | Any::Json | Any::Png | Any::Svg => None,
        }
    }

    /// The report's file name.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Markdown => "report.md",
            Format::Html => "report.html",
        }
    }
}

/// The report in `format`. `charts` are the light, wide charts, of which the
/// page shows those whose stems are in `shown` and links the others; `images`
/// says which others were written beside them; `blog` how Markdown is written.
pub fn report(
    c: &Comparison,
    (charts, shown): (&[LineChart], &[String]),
    images: Images,
    format: Format,
    blog: &Blog,
) -> Result<Vec<u8>> {
    let page = page_showing(c, charts, shown, images)?;
    Ok(match format {
        Format::Markdown if blog.raw_html => markdown::markdown(&page, blog),
        Format::Markdown => blog::markdown(&page, blog),
        Format::Html => html::html(&page),
    }
    .into_bytes())
}

/// The page showing every chart of `charts`.
pub fn page(c: &Comparison, charts: &[LineChart], images: Images) -> Result<Page> {
    let all: Vec<String> = charts.iter().map(|x| x.stem.clone()).collect();
    page_showing(c, charts, &all, images)
}

/// The page: the answer, the charts in `shown` under the questions they
/// answer, links to the others, a table of costs, the break-evens, the caveats
/// and the sources.
pub fn page_showing(
    c: &Comparison,
    charts: &[LineChart],
    shown: &[String],
    images: Images,
) -> Result<Page> {
    let a = c.analysis()?;
    let mut short = headline::headline_sentences(c)?;
    short.extend(sentences::cheapest_sentences(c, a));
    let summary = short.first().cloned().unwrap_or_default();
    let mut in_short = vec![Block::List(short)];
    if images.explore {
        in_short.push(Block::Paragraph(vec![
            text("Move the inputs yourself: "),
            Inline::Link {
                text: "the same answer for your team and your time".into(),
                href: "explore.html".into(),
            },
            text(" (a page beside this one, offline)."),
        ]));
    }
    let mut sections = vec![section("In short", in_short)];
    let is_shown = |x: &&LineChart| shown.contains(&x.stem);
    sections.extend(charts.iter().filter(is_shown).map(chart_section));
    let others: Vec<(String, String)> = charts
        .iter()
        .filter(|x| !is_shown(x))
        .map(|x| (question(x), x.stem.clone()))
        .collect();
    if !others.is_empty() {
        sections.push(section("More charts", vec![Block::Others(others)]));
    }
    sections.push(cost_table(c));
    sections.push(break_evens(c)?);
    let quotes = crate::text::sizing::quote_sentences(c);
    if !quotes.is_empty() {
        sections.push(section(
            "What may a licence sold by quote cost?",
            vec![Block::List(quotes)],
        ));
    }
    let notes = notes::notes(c);
    if !notes.is_empty() {
        sections.push(section("Assumptions and caveats", vec![Block::List(notes)]));
    }
    sections.push(sources(c));
    let (from, to) = c.span();
    Ok(Page {
        title: format!(
            "Self-hosting or SaaS: what a chat server costs, {}–{}",
            group_thousands(&from.to_string()),
            users(to)
        ),
        byline: format!(
            "{} · {} · {} excluding tax · generated by rccost {} for prices in force on {}.",
            c.source.capitalized(),
            dates::checked(c),
            c.currency,
            env!("CARGO_PKG_VERSION"),
            c.assumptions.as_of
        ),
        date: c.assumptions.as_of.to_string(),
        summary,
        sections,
        images,
    })
}

fn section(heading: &str, blocks: Vec<Block>) -> Section {
    Section {
        heading: heading.to_string(),
        blocks,
    }
}

fn text(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

/// The question a chart answers, as its section's heading (the chart's own title
/// is drawn in the image already).
fn question(chart: &LineChart) -> String {
    match chart.stem.as_str() {
        "cost-per-month" => "Which plan is cheapest at each team size?".into(),
        "cost-per-user" => "What does each user cost?".into(),
        "cumulative-cost" => "When does a self-hosted set-up pay for itself?".into(),
        "breakeven-map" => "How much does the answer depend on what an admin hour costs?".into(),
        "probability" => "How sure is that answer?".into(),
        "sensitivity" => "Which uncertain input matters most?".into(),
        // One panel of the break-even map per self-hosted model.
        stem if stem.starts_with("breakeven-map-") => {
            let title = chart.title.trim_start_matches("From how many users ");
            let name = title.trim_end_matches(" pays");
            format!("From how many users does {name} pay, against each hosted plan?")
        }
        _ => chart.title.clone(),
    }
}

/// One chart: its question, the picture with short alt text, the long
/// description folded away, and a link to the SVG.
fn chart_section(chart: &LineChart) -> Section {
    section(
        &question(chart),
        vec![Block::Figure(Figure {
            stem: chart.stem.clone(),
            alt: chart.alt_text(),
            description: chart.description.clone(),
        })],
    )
}

/// Monthly cost of every plan at a few round team sizes, the cheapest in bold.
fn cost_table(c: &Comparison) -> Section {
    let sizes = table_sizes(c);
    let mut header = vec!["Plan".to_string()];
    header.extend(sizes.iter().map(|n| users(*n)));
    let rows = c
        .models
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut row = vec![text(m.name.clone())];
            row.extend(sizes.iter().map(|&n| {
                let cheapest = c.cheapest_at(n).contains(&m.id);
                match c.monthly(i, n) {
                    Some(v) if cheapest => Inline::Strong(money::display(v, &c.currency)),
                    Some(v) => text(money::display(v, &c.currency)),
                    None => text("—"),
                }
            }));
            row
        })
        .collect();
    let note = vec![
        text(
            "Bold: the cheapest at that size. —: the plan cannot serve that many users. The full table is in ",
        ),
        Inline::Link {
            text: "costs.csv".into(),
            href: "costs.csv".into(),
        },
        text("."),
    ];
    section(
        &format!(
            "What each plan costs a month at a few team sizes ({})",
            c.currency
        ),
        vec![
            Block::Table {
                header,
                rows,
                numeric: true,
            },
            Block::Paragraph(note),
        ],
    )
}

/// Every crossing, by team size, and where plans stop.
fn break_evens(c: &Comparison) -> Result<Section> {
    let lines = headline::crossing_lines(c)?;
    let block = if lines.is_empty() {
        Block::Paragraph(vec![text("No two plans change places in this range.")])
    } else {
        Block::List(lines)
    };
    Ok(section("Where do plans change places?", vec![block]))
}

/// Every price in use with its date, confidence and source, then the defaults
/// that stand in where a self-hosted model gives no figure of its own.
fn sources(c: &Comparison) -> Section {
    let mut rows = Vec::new();
    for m in c.models.iter().chain(c.left_out.iter().map(|(m, _)| m)) {
        for comp in m
            .components
            .iter()
            .filter(|x| x.valid_on(c.assumptions.as_of))
        {
            rows.push(source_row(c, m, comp));
        }
    }
    rows.extend(default_rows(c));
    let ranges = range_rows(c);
    let note = if ranges.is_empty() {
        "Confidence: verified = stated by the vendor; secondary = a third-party source; unverified = no source confirms it."
    } else {
        "Confidence: verified = stated by the vendor; secondary = a third-party source; unverified = no source confirms it; range = a span of figures, sampled when in use, the likely value in every exact figure."
    };
    rows.extend(ranges);
    let header = ["Plan", "Price", "As of", "Confidence", "Source"].map(String::from);
    section(
        "Where do the prices come from?",
        vec![
            Block::Table {
                header: header.to_vec(),
                rows: rows
                    .into_iter()
                    .map(|r| r.into_iter().map(text).collect())
                    .collect(),
                numeric: false,
            },
            Block::Paragraph(vec![text(note)]),
        ],
    )
}

/// One row of the sources table: a component's price, its conversion, date,
/// confidence and source.
fn source_row(c: &Comparison, m: &Model, comp: &Component) -> Vec<String> {
    let label = comp.label.clone().unwrap_or_else(|| "price".into());
    let label = match &comp.included_from {
        Some(part) => format!(
            "{label} (via {part}): {}",
            price::price(&comp.shape, &c.currency)
        ),
        None => format!("{label}: {}", price::price(&comp.shape, &c.currency)),
    };
    let converted = comp
        .conversion
        .as_ref()
        .map(|x| {
            format!(
                "; {} at {} per {} ({}, {})",
                c.currency, x.rate, x.currency, x.as_of, x.source
            )
        })
        .unwrap_or_default();
    vec![
        m.name.clone(),
        format!("{label}{converted}"),
        comp.as_of.as_deref().unwrap_or(&m.as_of).to_string(),
        comp.confidence
            .map_or("unstated", |x| x.as_str())
            .to_string(),
        comp.source
            .as_deref()
            .or(m.sources.first().map(String::as_str))
            .unwrap_or("")
            .to_string(),
    ]
}

/// The defaults are sources only where a self-hosted model does not give its own figure.
fn default_rows(c: &Comparison) -> Vec<Vec<String>> {
    let self_hosted = || c.models.iter().filter(|m| m.kind == Kind::SelfHosted);
    let row = |cells: [&str; 5]| cells.map(String::from).to_vec();
    let mut rows = Vec::new();
    if self_hosted().any(|m| m.admin_hours_per_month.is_none()) {
        let price = format!(
            "Admin time: {} h a month unless a file says otherwise, at {} an hour",
            DEFAULT_ADMIN_HOURS.normalize(),
            money::display(c.assumptions.hourly_rate(), &c.currency)
        );
        rows.push(row(["Self-hosted plans", &price, "2026", "secondary", "OSSAlt, \"How to Calculate ROI on Switching to Open Source Tools\": 1-2 hours a month for a medium deployment"]));
    }
    if self_hosted().any(|m| m.setup_hours.is_none()) {
        let price = format!(
            "Set-up: {} h once unless a file says otherwise, spread over {} months",
            DEFAULT_SETUP_HOURS.normalize(),
            c.assumptions.horizon_months
        );
        rows.push(row([
            "Self-hosted plans",
            &price,
            "—",
            "unverified",
            "rccost's estimate (the middle of 4–8 h); no source gives a figure",
        ]));
    }
    rows
}

/// One row per range in the files (or on the command line, when sampled): its
/// bounds, its distribution and its own source, for the models that use it.
fn range_rows(c: &Comparison) -> Vec<Vec<String>> {
    let as_of = c.assumptions.as_of;
    let mut found: Vec<(&Input, Vec<&str>)> = Vec::new();
    let sampled = c
        .uncertainty()
        .map(|u| u.inputs.iter())
        .into_iter()
        .flatten();
    let cli = sampled
        .filter(|i| c.assumptions.names.given(&i.id))
        .map(|i| (i, None));
    let files = c.models.iter().flat_map(|m| {
        let parts = m.components.iter().filter(move |x| x.valid_on(as_of));
        let drawn = parts.flat_map(|x| x.uncertain.iter().flat_map(|u| u.amount.inputs()));
        m.ranges
            .inputs()
            .chain(drawn)
            .map(move |i| (i, Some(m.name.as_str())))
    });
    for (input, user) in cli.chain(files) {
        match found.iter_mut().find(|(i, _)| i.id == input.id) {
            Some((_, users)) => users.extend(user.filter(|u| !users.contains(u))),
            None => found.push((input, user.into_iter().collect())),
        }
    }
    found
        .into_iter()
        .map(|(i, users)| {
            let who = match users.as_slice() {
                [] => "Self-hosted plans".to_string(),
                [one] => one.to_string(),
                many => format!("{} plans", many.len()),
            };
            vec![
                who,
                format!(
                    "{}: {}–{} (likely {}, {})",
                    i.label,
                    i.says(i.spread.low),
                    i.says(i.spread.high),
                    i.says(i.spread.likely()),
                    i.spread.shape()
                ),
                "—".into(),
                "range".into(),
                i.source.clone().unwrap_or_else(|| "—".into()),
            ]
        })
        .collect()
}
