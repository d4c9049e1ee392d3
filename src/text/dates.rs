//! Price dates in words: "prices checked between Aug 2016 and Sep 2026".

use crate::engine::compare::Comparison;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `2016` → "2016", `2020-12` or `2020-12-01` → "Dec 2020".
pub fn month_year(date: &str) -> String {
    let mut parts = date.split('-');
    let year = parts.next().unwrap_or(date);
    match parts.next().and_then(|m| m.parse::<usize>().ok()) {
        Some(m @ 1..=12) => format!("{} {year}", MONTHS[m - 1]),
        _ => year.to_string(),
    }
}

/// "prices checked between Aug 2016 and Sep 2026", "prices checked in Sep 2026",
/// or "prices undated".
pub fn checked(c: &Comparison) -> String {
    match c.price_dates() {
        None => "prices undated".into(),
        Some((a, b)) => {
            let year = |d: &str| d.split('-').next().unwrap_or(d).to_string();
            let (x, y) = (month_year(a), month_year(b));
            if x == y {
                format!("prices checked in {x}")
            } else if year(a) == year(b) && (!a.contains('-') || !b.contains('-')) {
                // "2016" and "2016-08": the year is all that is known of one.
                format!("prices checked in {}", year(a))
            } else {
                format!("prices checked between {x} and {y}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_month_and_year() {
        assert_eq!(month_year("2016"), "2016");
        assert_eq!(month_year("2020-12"), "Dec 2020");
        assert_eq!(month_year("2026-09-30"), "Sep 2026");
        assert_eq!(month_year("2016-08-15"), "Aug 2016");
    }
}
