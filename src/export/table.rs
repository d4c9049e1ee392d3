//! The terminal table: monthly cost per model per team size, cheapest marked.

use std::collections::BTreeSet;

use super::Exporter;
use super::grid::{Grid, wrap};
use crate::engine::compare::{Comparison, Period};
use crate::error::Result;
use crate::units::count::group_thousands;
use crate::units::money;

/// More team sizes than this are shown at sample points unless `all` is set.
pub const MAX_ROWS: u64 = 40;

pub struct TextTable {
    /// One row per team size in the range, however many.
    pub all: bool,
    /// What the cells show.
    pub per: Period,
    /// Wrap the model columns into blocks no wider than this (each repeating the
    /// users column), so a terminal does not fold every row; `None`: one block.
    pub width: Option<usize>,
    /// Also list what each self-hosted deployment holds at each size shown.
    pub explain: bool,
}

impl TextTable {
    /// The team sizes shown: all of them for short ranges; otherwise the ends,
    /// round numbers (1, 2, 3 and 5 × 10^k) and where the cheapest
    /// model changes, all on the range's step grid.
    pub fn rows(&self, c: &Comparison) -> Vec<u64> {
        let r = c.range;
        if self.all || r.count() <= MAX_ROWS {
            return r.sizes().collect();
        }
        let mut rows = BTreeSet::from([r.from, r.last()]);
        let mut scale = 1u64;
        while scale <= r.to {
            for m in [1, 2, 3, 5] {
                rows.insert(snap(r.from, r.step, scale.saturating_mul(m)));
            }
            scale = scale.saturating_mul(10);
        }
        // Where the cheapest model changes (when the break-evens could be worked out).
        for s in c
            .analysis()
            .map(|a| a.cheapest.as_slice())
            .unwrap_or_default()
        {
            rows.insert(snap(r.from, r.step, s.from));
        }
        rows.into_iter().filter(|&n| r.contains(n)).collect()
    }
}

/// The grid point at or just after `n`.
fn snap(from: u64, step: u64, n: u64) -> u64 {
    if n <= from {
        from
    } else {
        from + (n - from).div_ceil(step) * step
    }
}

impl TextTable {
    /// The header and one line of cells per row.
    fn cells(&self, c: &Comparison, rows: &[u64]) -> Grid {
        let mut header = vec!["users".to_string()];
        header.extend(c.models.iter().map(|m| m.id.clone()));
        let mut body: Vec<Vec<String>> = Vec::new();
        for &n in rows {
            let cheapest = c.cheapest_at(n);
            let mut line = vec![group_thousands(&n.to_string())];
            for (i, m) in c.models.iter().enumerate() {
                let mark = if cheapest.contains(&m.id) { "*" } else { " " };
                line.push(match c.cost(i, n, self.per) {
                    Some(v) => format!("{}{mark}", money::display(v, &c.currency)),
                    None => "— ".to_string(),
                });
            }
            body.push(line);
        }
        Grid { header, body }
    }

    /// What the table shows, and how many of the sizes, above the key.
    fn title(&self, c: &Comparison, shown: usize) -> String {
        let more = if shown as u64 == c.range.count() {
            String::new()
        } else {
            crate::text::hint::sizes_shown(shown, c.range.count())
        };
        let what = match self.per {
            Period::Month => "Monthly cost".to_string(),
            Period::Year => "Cost per year (12 × the monthly figure, set-up spread)".to_string(),
            Period::Horizon => format!(
                "Cost over {} months (set-up included once)",
                c.assumptions.horizon_months
            ),
        };
        format!(
            "{what} in {} by team size ({}{more})\n* cheapest at that size   — plan unavailable at that size\n\n",
            c.currency, c.source
        )
    }
}

impl Exporter for TextTable {
    fn serialize(&self, c: &Comparison) -> Result<Vec<u8>> {
        if self.all {
            super::check_listed(c)?;
        }
        let rows = self.rows(c);
        let mut out = self.title(c, rows.len());
        out += &self.cells(c, &rows).render(self.width);
        out += &super::quote_table::quote_tables(c, &rows, self.width);
        if self.explain {
            out += &super::quote_table::explained(c, &rows, self.width);
        }
        let notes = crate::text::notes::notes(c);
        if !notes.is_empty() {
            out.push('\n');
        }
        for note in notes {
            out += &wrap(&note, self.width);
        }
        Ok(out.into_bytes())
    }
}
