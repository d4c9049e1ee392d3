//! Exact amounts and how they are shown.
//!
//! Every amount is a [`Decimal`]: prices such as $6.67 or $0.0104 are exact, so
//! $6.67 × 15 is $100.05 and not 100.04999…. Comparisons and break-evens use the
//! unrounded values; rounding happens only when a figure is shown, half-up
//! (half away from zero) to cents.

use rust_decimal::{Decimal, RoundingStrategy};

use super::count::group_thousands;

pub use rust_decimal::Decimal as Amount;

/// Hours in a month, the convention AWS and most cost tools use (8,760 h / 12).
pub const HOURS_PER_MONTH: u32 = 730;

/// Rounds half-up to whole cents: the one rounding rule of every displayed figure.
pub fn round_cents(value: Decimal) -> Decimal {
    let mut rounded = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(2);
    rounded
}

/// `100.05`: two decimals, a `.` point, no thousands separator (for CSV and JSON).
pub fn plain(value: Decimal) -> String {
    round_cents(value).to_string()
}

/// The symbol put before an amount, or the ISO code and a space where there is none.
pub fn currency_prefix(currency: &str) -> String {
    match currency {
        "USD" => "$".into(),
        "EUR" => "€".into(),
        "GBP" => "£".into(),
        other => format!("{other} "),
    }
}

/// `$1,234.50`: rounded half-up to cents, with thousands separators.
pub fn display(value: Decimal, currency: &str) -> String {
    let text = plain(value);
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, cents) = digits.split_once('.').unwrap_or((digits, "00"));
    format!(
        "{sign}{}{}.{cents}",
        currency_prefix(currency),
        group_thousands(whole)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rounds_half_up_to_cents() {
        assert_eq!(plain(d("7.592")), "7.59");
        assert_eq!(plain(d("0.125")), "0.13");
        assert_eq!(plain(d("0.124999")), "0.12");
        assert_eq!(plain(d("10")), "10.00");
        assert_eq!(plain(d("-0.125")), "-0.13");
    }

    #[test]
    fn exact_products() {
        assert_eq!(d("6.67") * Decimal::from(15), d("100.05"));
        assert_eq!(d("0.0104") * Decimal::from(HOURS_PER_MONTH), d("7.592"));
    }

    #[test]
    fn display_groups_thousands() {
        assert_eq!(display(d("1800"), "USD"), "$1,800.00");
        assert_eq!(display(d("1234567.891"), "USD"), "$1,234,567.89");
        assert_eq!(display(d("0.666"), "USD"), "$0.67");
        assert_eq!(display(d("12"), "CHF"), "CHF 12.00");
        assert_eq!(display(d("-1000"), "EUR"), "-€1,000.00");
    }
}
