//! `rccost catalog`: the models of a scenario with their dates, confidence,
//! billing terms and first source, parts listed apart.

use crate::engine::compare::STALE_AFTER_MONTHS;
use crate::pricing::model::{Model, Shape};
use crate::units::date::Date;

const HEADER: [&str; 9] = [
    "id",
    "name",
    "kind",
    "as of",
    "oldest price",
    "confidence",
    "billing",
    "compared",
    "source",
];

/// The catalog as aligned text.
pub fn catalog(title: &str, models: &[Model], as_of: Date) -> Vec<u8> {
    let mut plans: Vec<&Model> = models.iter().filter(|m| !m.part).collect();
    let mut parts: Vec<&Model> = models.iter().filter(|m| m.part).collect();
    plans.sort_by(|a, b| a.id.cmp(&b.id));
    parts.sort_by(|a, b| a.id.cmp(&b.id));
    let rows: Vec<Vec<String>> = plans.iter().chain(&parts).map(|m| row(m, as_of)).collect();
    let widths = widths(&rows);
    let mut out = format!(
        "{title}: {} models, {} parts (as of {as_of}; oldest price: the oldest date among the prices in use, its parts' included, ! when more than {STALE_AFTER_MONTHS} months older)\n\n",
        plans.len(),
        parts.len()
    );
    out += &line(&HEADER.map(String::from), &widths);
    for (i, r) in rows.iter().enumerate() {
        if i == plans.len() && !parts.is_empty() {
            out += "\nParts (hosting that the models above include; never compared alone):\n";
        }
        out += &line(r, &widths);
    }
    out += "\nConfidence: verified = stated by the vendor; secondary = a third-party source; unverified = no source found.\n";
    out.into_bytes()
}

/// One model's cells, in the order of `HEADER`.
fn row(m: &Model, as_of: Date) -> Vec<String> {
    vec![
        m.id.clone(),
        m.name.clone(),
        m.kind.as_str().to_string(),
        m.as_of.clone(),
        oldest_price(m, as_of),
        m.confidence()
            .map_or("unstated", |c| c.as_str())
            .to_string(),
        billing(m, as_of).to_string(),
        compared(m),
        m.sources.first().cloned().unwrap_or_default(),
    ]
}

/// The oldest date among the prices in use (its own and its parts'), marked
/// when stale, so that a reader sees which figures to check first.
fn oldest_price(m: &Model, as_of: Date) -> String {
    let limit = as_of.months_before(STALE_AFTER_MONTHS);
    let oldest = m
        .components
        .iter()
        .filter(|c| c.valid_on(as_of))
        .filter_map(|c| c.as_of.clone())
        .min()
        .unwrap_or_else(|| m.as_of.clone());
    let stale = Date::parse(&oldest).is_some_and(|d| d < limit);
    format!("{oldest}{}", if stale { " !" } else { "" })
}

/// The billing terms of the seats, "both" where they offer both, "-" where the
/// plan has no price per seat.
fn billing(m: &Model, as_of: Date) -> &'static str {
    let per_seat = m
        .components
        .iter()
        .any(|c| matches!(c.shape, Shape::PerSeat { .. } | Shape::FreeSeats { .. }));
    m.billing_terms(as_of)
        .unwrap_or(if per_seat { "both" } else { "-" })
}

/// Whether the model is compared, and if not, why.
fn compared(m: &Model) -> String {
    if m.part {
        "part".to_string()
    } else if m.awaits_quote() {
        crate::text::hint::BY_QUOTE.to_string()
    } else if m.comparable {
        "yes".to_string()
    } else {
        format!("no: {}", m.limit.as_deref().unwrap_or("feature limits"))
    }
}

/// The width of every column but the last, which is left ragged.
fn widths(rows: &[Vec<String>]) -> Vec<usize> {
    (0..HEADER.len() - 1)
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([HEADER[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect()
}

/// One line of cells, padded to the column widths.
fn line(cells: &[String], widths: &[usize]) -> String {
    let mut out = String::new();
    for (i, cell) in cells.iter().enumerate() {
        out += cell;
        if let Some(w) = widths.get(i) {
            out += &" ".repeat(w - cell.chars().count() + 2);
        }
    }
    out.trim_end().to_string() + "\n"
}
