//! CSV for spreadsheets: RFC 4180 quoting, `\n` line ends, amounts with two
//! decimals and a `.` point (rounded half-up), empty cells where a plan is unavailable.

use super::Exporter;
use crate::engine::compare::Comparison;
use crate::error::Result;
use crate::units::money;

/// One row per (team size, model): `users,model,monthly_cost,per_user_cost,currency`,
/// and with `totals` also `yearly_cost,horizon_cost`.
pub struct CsvLong {
    pub totals: bool,
}

/// `users` then one column of monthly cost per model id.
pub struct CsvWide;

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

fn cell(amount: Option<rust_decimal::Decimal>) -> String {
    amount.map(money::plain).unwrap_or_default()
}

fn finish(w: csv::Writer<Vec<u8>>) -> Vec<u8> {
    // Writing into a Vec cannot fail.
    w.into_inner().expect("writing CSV into memory")
}

impl Exporter for CsvLong {
    fn serialize(&self, c: &Comparison) -> Result<Vec<u8>> {
        super::check_listed(c, "a CSV export")?;
        let mut w = writer();
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
        w.write_record(&header).expect("in memory");
        for n in c.range.sizes() {
            for (i, m) in c.models.iter().enumerate() {
                let users = n.to_string();
                let mut row = vec![
                    users,
                    m.id.clone(),
                    cell(c.monthly(i, n)),
                    cell(c.per_user(i, n)),
                    m.currency.clone(),
                ];
                if self.totals {
                    row.extend([cell(c.yearly(i, n)), cell(c.horizon_total(i, n))]);
                }
                w.write_record(&row).expect("in memory");
            }
        }
        Ok(finish(w))
    }
}

impl Exporter for CsvWide {
    fn serialize(&self, c: &Comparison) -> Result<Vec<u8>> {
        super::check_listed(c, "a CSV export")?;
        let mut w = writer();
        let header =
            std::iter::once("users".to_string()).chain(c.models.iter().map(|m| m.id.clone()));
        w.write_record(header).expect("in memory");
        for n in c.range.sizes() {
            let costs = (0..c.models.len()).map(|i| cell(c.monthly(i, n)));
            w.write_record(std::iter::once(n.to_string()).chain(costs))
                .expect("in memory");
        }
        Ok(finish(w))
    }
}
