//! What `rccost plot` prints after the files it wrote: per self-hosted model the
//! answer, the cheapest stretches, the break-evens by team size, and the notes.

use super::headline::{crossing_lines, headline_sentences};
use super::notes::notes;
use super::sentences::{cheapest_sentences, count};
use crate::engine::breakeven::LimitError;
use crate::engine::compare::Comparison;
use crate::units::count::users;

/// The summary, one indented sentence a line.
pub fn plot_summary(c: &Comparison) -> Result<String, LimitError> {
    let a = c.analysis()?;
    let mut text = in_short(c)?;
    text += &format!("\nCheapest, {} to {}:\n", count(a.from), users(a.to));
    for line in cheapest_sentences(c, a) {
        text += &format!("  {line}\n");
    }
    text += "\nBreak-even:\n";
    let lines = crossing_lines(c)?;
    if lines.is_empty() {
        text += "  None: no two models change places in this range.\n";
    }
    for line in lines {
        text += &format!("  {line}\n");
    }
    text += &super::sizing::quote_section(c);
    for note in notes(c) {
        text += &format!("\n{note}");
    }
    Ok(text)
}

/// "\nIn short:\n  At $60/h, …\n", or nothing when no self-hosted model meets a
/// hosted plan.
pub fn in_short(c: &Comparison) -> Result<String, LimitError> {
    let lines = headline_sentences(c)?;
    if lines.is_empty() {
        return Ok(String::new());
    }
    let mut text = "\nIn short:\n".to_string();
    for line in lines {
        text += &format!("  {line}\n");
    }
    Ok(text)
}
