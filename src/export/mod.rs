//! Output formats: each turns a [`Comparison`] into bytes; `output` writes them.

pub mod breakeven_text;
pub mod catalog;
pub mod csv;
mod grid;
pub mod json;
pub mod odds_json;
mod quote_table;
pub mod table;
#[cfg(feature = "usage")]
pub mod usage_csv;

use crate::engine::compare::Comparison;
use crate::error::Result;

/// Formats that list every team size refuse ranges longer than this (a range of
/// a trillion sizes would not fit in memory or on disk); use a step instead.
pub const MAX_LISTED_SIZES: u64 = 1_000_000;

/// Checks that a range is short enough to list size by size.
pub fn check_listed(c: &Comparison, what: &str) -> Result<()> {
    let n = c.range.count();
    if n > MAX_LISTED_SIZES {
        let step = (c.range.to - c.range.from) / (MAX_LISTED_SIZES / 10) + 1;
        return Err(crate::error::Error::Input(format!(
            "--users {} lists {n} team sizes, more than the {MAX_LISTED_SIZES} {what} can hold; \
             add a step, e.g. --users {}..{}:{step}",
            c.range, c.range.from, c.range.to
        )));
    }
    Ok(())
}

/// One output format.
pub trait Exporter {
    fn serialize(&self, comparison: &Comparison) -> Result<Vec<u8>>;
}
