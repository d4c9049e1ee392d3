//! `rccost breakeven`: the answer per self-hosted model, every break-even by team
//! size, the pairs that never change places (one line per cheaper plan), and the
//! cheapest stretches.

use super::Exporter;
use crate::engine::compare::Comparison;
use crate::error::Result;
use crate::text::headline::{crossing_sentences, stop_lines};
use crate::text::notes;
use crate::text::sentences::{cheapest_sentences, count, steady_sentences};
use crate::text::summary::in_short;
use crate::units::count::users;

/// Every pair (with or without crossings) and the cheapest stretches.
pub struct BreakevenText;

impl Exporter for BreakevenText {
    fn serialize(&self, c: &Comparison) -> Result<Vec<u8>> {
        let a = c.analysis()?;
        let mut out = format!(
            "Break-even, {} to {} ({}, {} billing, {}):\n",
            count(a.from),
            users(a.to),
            c.source,
            c.assumptions.billing.as_str(),
            c.currency
        );
        out += &in_short(c)?;
        out += "\nWhere plans change places:\n";
        out += &indented(crossing_sentences(c)?, "None in this range.");
        let stops = stop_lines(c);
        if !stops.is_empty() {
            out += "\nWhere plans stop:\n";
            out += &indented(stops, "");
        }
        out += &format!(
            "\nNo break-even from {} to {}:\n",
            count(a.from),
            users(a.to)
        );
        out += &indented(steady_sentences(c, a), "Every pair changes places.");
        out += "\nCheapest:\n";
        out += &indented(cheapest_sentences(c, a), "");
        out += &crate::text::sizing::quote_section(c);
        for note in notes::notes(c) {
            out.push_str(&format!("\n{note}"));
        }
        if !out.ends_with('\n') {
            out.push('\n');
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
