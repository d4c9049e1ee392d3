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

/// Appends `plain(value)` to `out` without allocating, with `point` as the decimal
/// separator (`b'.'`, or `b','` for a decimal comma): the CSV writer's form of it.
pub fn write_plain(value: Decimal, point: u8, out: &mut Vec<u8>) {
    let rounded = round_cents(value);
    let mantissa = rounded.mantissa();
    if rounded.scale() != 2 || mantissa.unsigned_abs() > u128::from(u64::MAX) {
        // Beyond the fast path (never for prices): the same text through Display.
        let text = rounded.to_string();
        let text = text.as_bytes();
        match text.iter().position(|&b| b == b'.') {
            Some(at) => {
                out.extend_from_slice(&text[..at]);
                out.push(point);
                out.extend_from_slice(&text[at + 1..]);
            }
            None => out.extend_from_slice(text),
        }
        return;
    }
    // Display writes a sign for every negative value, -0.00 included.
    if rounded.is_sign_negative() {
        out.push(b'-');
    }
    let cents = mantissa.unsigned_abs() as u64;
    write_whole(cents / 100, out);
    let rest = (cents % 100) as u8;
    out.extend_from_slice(&[point, b'0' + rest / 10, b'0' + rest % 10]);
}

/// Appends the digits of `n` to `out` without allocating.
pub fn write_whole(mut n: u64, out: &mut Vec<u8>) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
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

/// Whether `code` has the form of an ISO 4217 code: three capital letters.
pub fn is_currency_code(code: &str) -> bool {
    code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase())
}

/// "EUR/USD" as (base, quote), or why it is not a pair of two codes, in words
/// that follow the pair ("is not …").
pub fn parse_pair(text: &str) -> Result<(String, String), String> {
    let Some((base, quote)) = text.split_once('/') else {
        return Err("is not a pair such as EUR/USD (1 EUR in USD)".into());
    };
    let (base, quote) = (base.trim(), quote.trim());
    if !is_currency_code(base) || !is_currency_code(quote) {
        return Err("is not a pair of ISO 4217 codes such as EUR/USD".into());
    }
    if base == quote {
        return Err("is not a pair of two currencies".into());
    }
    Ok((base.to_string(), quote.to_string()))
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
    fn written_in_place_as_plain_says() {
        let cases = [
            "7.592",
            "0.125",
            "0.124999",
            "10",
            "-0.125",
            "-0.001",
            "0",
            "0.005",
            "123456789.999",
            "99.995",
            "-42",
            "18446744073709551615.5",
            "79228162514264337593543950335",
            "1.0000000000000000000000000001",
        ];
        for case in cases {
            let mut out = Vec::new();
            write_plain(d(case), b'.', &mut out);
            assert_eq!(String::from_utf8(out).unwrap(), plain(d(case)), "{case}");
            let mut comma = Vec::new();
            write_plain(d(case), b',', &mut comma);
            assert_eq!(
                String::from_utf8(comma).unwrap(),
                plain(d(case)).replace('.', ","),
                "{case}"
            );
        }
        let mut n = Vec::new();
        for k in [0u64, 7, 10, 1_000_000, u64::MAX] {
            n.clear();
            write_whole(k, &mut n);
            assert_eq!(String::from_utf8(n.clone()).unwrap(), k.to_string());
        }
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
