//! `rccost breakeven`: every pair and the cheapest stretches as sentences.

use super::Exporter;
use crate::engine::compare::Comparison;
use crate::error::Result;
use crate::text::notes;
use crate::text::sentences::{cheapest_sentences, count, pair_sentences};
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
        for pair in &a.pairs {
            for line in pair_sentences(c, a, pair) {
                out.push_str(&format!("  {line}\n"));
            }
        }
        out.push_str("\nCheapest:\n");
        for line in cheapest_sentences(c, a) {
            out.push_str(&format!("  {line}\n"));
        }
        for note in notes::notes(c) {
            out.push_str(&format!("\n{note}"));
        }
        if !out.ends_with('\n') {
            out.push('\n');
        }
        Ok(out.into_bytes())
    }
}
