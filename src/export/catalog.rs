//! `rccost catalog`: the models of a scenario with their dates, confidence,
//! billing terms and first source, parts listed apart.

use crate::engine::compare::STALE_AFTER_MONTHS;
use crate::pricing::model::Model;
use crate::units::date::Date;

/// The catalog as aligned text.
pub fn catalog(title: &str, models: &[Model], as_of: Date) -> Vec<u8> {
    let limit = as_of.months_before(STALE_AFTER_MONTHS);
    // The oldest date among the prices in use (its own and its parts'), marked when stale.
    let oldest = |m: &Model| {
        let oldest = m
            .components
            .iter()
            .filter(|c| c.valid_on(as_of))
            .filter_map(|c| c.as_of.clone())
            .min()
            .unwrap_or_else(|| m.as_of.clone());
        let stale = Date::parse(&oldest).is_some_and(|d| d < limit);
        format!("{oldest}{}", if stale { " !" } else { "" })
    };
    let header = [
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
    let row = |m: &Model| -> Vec<String> {
        let compared = if m.part {
            "part".to_string()
        } else if m.comparable {
            "yes".to_string()
        } else {
            format!("no: {}", m.limit.as_deref().unwrap_or("feature limits"))
        };
        vec![
            m.id.clone(),
            m.name.clone(),
            m.kind.as_str().to_string(),
            m.as_of.clone(),
            oldest(m),
            m.confidence()
                .map_or("unstated", |c| c.as_str())
                .to_string(),
            m.billing_terms(as_of)
                .unwrap_or(
                    if m.components.iter().any(|c| {
                        matches!(
                            c.shape,
                            crate::pricing::model::Shape::PerSeat { .. }
                                | crate::pricing::model::Shape::FreeSeats { .. }
                        )
                    }) {
                        "both"
                    } else {
                        "-"
                    },
                )
                .to_string(),
            compared,
            m.sources.first().cloned().unwrap_or_default(),
        ]
    };
    let mut plans: Vec<&Model> = models.iter().filter(|m| !m.part).collect();
    let mut parts: Vec<&Model> = models.iter().filter(|m| m.part).collect();
    plans.sort_by(|a, b| a.id.cmp(&b.id));
    parts.sort_by(|a, b| a.id.cmp(&b.id));
    let rows: Vec<Vec<String>> = plans.iter().chain(&parts).map(|m| row(m)).collect();
    let widths: Vec<usize> = (0..header.len() - 1)
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            out += cell;
            if let Some(w) = widths.get(i) {
                out += &" ".repeat(w - cell.chars().count() + 2);
            }
        }
        out.trim_end().to_string() + "\n"
    };
    let mut out = format!(
        "{title}: {} models, {} parts (as of {as_of}; oldest price: the oldest date among the prices in use, its parts' included, ! when more than {STALE_AFTER_MONTHS} months older)\n\n",
        plans.len(),
        parts.len()
    );
    out += &line(&header.map(String::from));
    for (i, r) in rows.iter().enumerate() {
        if i == plans.len() && !parts.is_empty() {
            out += "\nParts (hosting that the models above include; never compared alone):\n";
        }
        out += &line(r);
    }
    out += "\nConfidence: verified = stated by the vendor; secondary = a third-party source; unverified = no source found.\n";
    out.into_bytes()
}
