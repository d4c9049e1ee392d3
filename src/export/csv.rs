//! CSV for spreadsheets: RFC 4180 quoting, `\n` line ends, amounts with two
//! decimals (rounded half-up), empty cells where a plan is unavailable. By default
//! cells are separated by `,` and the decimal point is `.`; [`Style`] sets both for
//! spreadsheets in other locales (`;` and a decimal comma in German, say).
//!
//! Rows are written straight into one buffer: every amount and team size is
//! formatted in place, and each model's id and currency are quoted once.

use super::Exporter;
use crate::engine::compare::Comparison;
use crate::error::Result;
use crate::units::money::{self, Amount};

/// The cell separator and the decimal point of a CSV file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    delimiter: u8,
    decimal_comma: bool,
}

impl Default for Style {
    /// `,` between cells and a `.` point.
    fn default() -> Self {
        Style {
            delimiter: b',',
            decimal_comma: false,
        }
    }
}

impl Style {
    /// The style, or `None` for a decimal comma between cells split by commas
    /// (every amount would be split in two).
    pub fn new(delimiter: u8, decimal_comma: bool) -> Option<Style> {
        (!decimal_comma || delimiter != b',').then_some(Style {
            delimiter,
            decimal_comma,
        })
    }

    fn point(self) -> u8 {
        if self.decimal_comma { b',' } else { b'.' }
    }

    /// `fields` as one line, quoted where a field needs it.
    fn record<'a>(self, fields: impl IntoIterator<Item = &'a str>) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .delimiter(self.delimiter)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        w.write_record(fields).expect("writing CSV into memory");
        w.into_inner().expect("writing CSV into memory")
    }

    /// One field as it appears inside a row (quoted if it holds the separator).
    fn field(self, text: &str) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .delimiter(self.delimiter)
            .from_writer(Vec::new());
        w.write_field(text).expect("writing CSV into memory");
        w.into_inner().expect("writing CSV into memory")
    }
}

/// One row per (team size, model): `users,model,monthly_cost,per_user_cost,currency`,
/// and with `totals` also `yearly_cost,horizon_cost`.
pub struct CsvLong {
    pub totals: bool,
    pub style: Style,
}

/// `users` then one column of monthly cost per model id.
pub struct CsvWide {
    pub style: Style,
}

/// Reserved at most up front; a larger file grows the buffer as it goes.
const MAX_RESERVE: usize = 1 << 30;

/// One buffer for the whole file, sized for its rows of about `row_bytes` each.
fn buffer(header: Vec<u8>, c: &Comparison, row_bytes: usize) -> Vec<u8> {
    let rows = usize::try_from(c.range.count()).unwrap_or(usize::MAX);
    let reserve = rows.saturating_mul(row_bytes).min(MAX_RESERVE);
    let mut out = Vec::with_capacity(header.len() + reserve);
    out.extend_from_slice(&header);
    out
}

/// A cell's amount, or nothing where the plan is unavailable.
fn amount(value: Option<Amount>, style: Style, out: &mut Vec<u8>) {
    if let Some(value) = value {
        money::write_plain(value, style.point(), out);
    }
}

impl Exporter for CsvLong {
    fn serialize(&self, c: &Comparison) -> Result<Vec<u8>> {
        super::check_listed(c)?;
        let s = self.style;
        let mut header = vec![
            "users",
            "model",
            "monthly_cost",
            "per_user_cost",
            "currency",
        ];
        if self.totals {
            header.extend(["yearly_cost", "horizon_cost"]);
        }
        let sampled = c.uncertainty();
        if sampled.is_some() {
            header.extend(["monthly_cost_p5", "monthly_cost_p50", "monthly_cost_p95"]);
        }
        let ids: Vec<Vec<u8>> = c.models.iter().map(|m| s.field(&m.id)).collect();
        let currencies: Vec<Vec<u8>> = c.models.iter().map(|m| s.field(&m.currency)).collect();
        let widest = ids.iter().map(Vec::len).max().unwrap_or(0);
        let per_model = 32 + widest + if self.totals { 24 } else { 0 };
        let mut out = buffer(s.record(header), c, per_model * c.models.len());
        let mut users = Vec::with_capacity(24);
        for n in c.range.sizes() {
            users.clear();
            money::write_whole(n, &mut users);
            users.push(s.delimiter);
            for i in 0..c.models.len() {
                out.extend_from_slice(&users);
                out.extend_from_slice(&ids[i]);
                out.push(s.delimiter);
                amount(c.monthly(i, n), s, &mut out);
                out.push(s.delimiter);
                amount(c.per_user(i, n), s, &mut out);
                out.push(s.delimiter);
                out.extend_from_slice(&currencies[i]);
                if self.totals {
                    out.push(s.delimiter);
                    amount(c.yearly(i, n), s, &mut out);
                    out.push(s.delimiter);
                    amount(c.horizon_total(i, n), s, &mut out);
                }
                if let Some(u) = sampled {
                    let q = u.monthly(i, n);
                    for value in [q.map(|q| q.p5), q.map(|q| q.p50), q.map(|q| q.p95)] {
                        out.push(s.delimiter);
                        amount(value, s, &mut out);
                    }
                }
                out.push(b'\n');
            }
        }
        Ok(out)
    }
}

impl Exporter for CsvWide {
    fn serialize(&self, c: &Comparison) -> Result<Vec<u8>> {
        super::check_listed(c)?;
        let s = self.style;
        let header = std::iter::once("users").chain(c.models.iter().map(|m| m.id.as_str()));
        let mut out = buffer(s.record(header), c, 8 + 10 * c.models.len());
        for n in c.range.sizes() {
            money::write_whole(n, &mut out);
            for i in 0..c.models.len() {
                out.push(s.delimiter);
                amount(c.monthly(i, n), s, &mut out);
            }
            out.push(b'\n');
        }
        Ok(out)
    }
}
