//! What `rccost plot` prints after the files it wrote: the cheapest stretches,
//! every break-even by team size, and the notes.

use super::notes::notes;
use super::sentences::{cheapest_sentences, count, crossing_sentence};
use crate::engine::breakeven::LimitError;
use crate::engine::compare::Comparison;
use crate::units::count::users;

/// The summary, one indented sentence a line.
pub fn plot_summary(c: &Comparison) -> Result<String, LimitError> {
    let a = c.analysis()?;
    let mut text = format!("\nCheapest, {} to {}:\n", count(a.from), users(a.to));
    for line in cheapest_sentences(c, a) {
        text += &format!("  {line}\n");
    }
    text += "\nBreak-even:\n";
    let crossings = c.crossings_by_size()?;
    if crossings.is_empty() {
        text += "  None: no two models change places in this range.\n";
    }
    for x in crossings {
        text += &format!("  {}\n", crossing_sentence(c, x.pair, x.crossing));
    }
    for note in notes(c) {
        text += &format!("\n{note}");
    }
    Ok(text)
}
