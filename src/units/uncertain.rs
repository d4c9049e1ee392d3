//! A figure known only within bounds, as pricing files and `--admin-rate` give
//! it: exact (`60`), uniform between two bounds (`40..80`, `{ low = 40, high = 80 }`)
//! or triangular with a most likely value (`30..60..120`,
//! `{ low = 30, likely = 60, high = 120 }`).
//!
//! The exact figure every existing output shows is the likely value (the middle
//! of a uniform spread); a draw is a quantile of the distribution.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

/// Decimals kept of a drawn value: far finer than any price, and small enough
/// that products of drawn values stay within the 28 digits of a decimal.
const DRAWN_DECIMALS: u32 = 9;

/// Low, likely and high; `likely: None` is a uniform spread, otherwise triangular.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spread {
    pub low: Decimal,
    pub likely: Option<Decimal>,
    pub high: Decimal,
}

impl Spread {
    /// A figure known exactly.
    pub fn exact(value: Decimal) -> Spread {
        Spread {
            low: value,
            likely: Some(value),
            high: value,
        }
    }

    /// Checks the bounds: all at least 0, low ≤ likely ≤ high.
    pub fn new(low: Decimal, likely: Option<Decimal>, high: Decimal) -> Result<Spread, String> {
        let every = [Some(low), likely, Some(high)];
        if every
            .iter()
            .flatten()
            .any(|v| v.is_sign_negative() && !v.is_zero())
        {
            return Err("a range's bounds must be 0 or more".into());
        }
        if low > high {
            return Err(format!(
                "the low bound {low} is above the high bound {high}: write the lower one first"
            ));
        }
        if let Some(likely) = likely.filter(|l| *l < low || *l > high) {
            return Err(format!(
                "the likely value {likely} is not between the low bound {low} and the high bound {high}"
            ));
        }
        Ok(Spread { low, likely, high })
    }

    /// No spread at all: every draw is the same figure.
    pub fn is_exact(&self) -> bool {
        self.low == self.high
    }

    /// The figure every exact output shows: the likely value, or the middle of
    /// a uniform spread.
    pub fn likely(&self) -> Decimal {
        // low + half the width: low + high can overflow a decimal.
        self.likely
            .unwrap_or_else(|| (self.low + (self.high - self.low) / Decimal::TWO).normalize())
    }

    /// The value below which a share `u` (0 to 1) of the distribution lies:
    /// `low + u·(high − low)` for a uniform spread; for a triangular one with
    /// mode c, `low + √(u·(high − low)·(c − low))` up to F(c) = (c − low)/(high − low),
    /// `high − √((1 − u)·(high − low)·(high − c))` above. Exact spreads give their value.
    pub fn quantile(&self, u: f64) -> Decimal {
        if self.is_exact() {
            return self.low;
        }
        let (a, b) = (f(self.low), f(self.high));
        let u = u.clamp(0.0, 1.0);
        let x = match self.likely {
            None => a + u * (b - a),
            Some(c) => {
                let c = f(c);
                if u * (b - a) <= c - a {
                    a + (u * (b - a) * (c - a)).sqrt()
                } else {
                    b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
                }
            }
        };
        let drawn = Decimal::from_f64(x)
            .unwrap_or(self.low)
            .round_dp(DRAWN_DECIMALS);
        drawn.clamp(self.low, self.high).normalize()
    }

    /// The mean: (low + high)/2, or (low + likely + high)/3 for a triangle,
    /// kept within the bounds (the 28th digit's rounding could leave them) and
    /// worked from the low bound where the sum would overflow a decimal.
    pub fn mean(&self) -> Decimal {
        let (low, high) = (self.low, self.high);
        let three = Decimal::from(3);
        let mean = match self.likely {
            None => self.likely(),
            Some(c) => low
                .checked_add(c)
                .and_then(|s| s.checked_add(high))
                .map_or_else(
                    || low + (c - low) / three + (high - low) / three,
                    |sum| sum / three,
                ),
        };
        mean.clamp(low, high)
    }

    /// "uniform" or "triangular", as the README names them.
    pub fn shape(&self) -> &'static str {
        if self.likely.is_some() {
            "triangular"
        } else {
            "uniform"
        }
    }
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

impl fmt::Display for Spread {
    /// `60`, `40..80`, `30..60..120`: the forms `--admin-rate` reads.
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = |d: Decimal| d.normalize();
        match self.likely {
            _ if self.is_exact() => write!(out, "{}", n(self.low)),
            None => write!(out, "{}..{}", n(self.low), n(self.high)),
            Some(c) => write!(out, "{}..{}..{}", n(self.low), n(c), n(self.high)),
        }
    }
}

impl FromStr for Spread {
    type Err = String;

    /// `60`, `40..80` (uniform) or `30..60..120` (low..likely..high, triangular).
    fn from_str(text: &str) -> Result<Spread, String> {
        let parts: Vec<&str> = text.trim().split("..").collect();
        let number = |part: &str| -> Result<Decimal, String> {
            let part = part.trim();
            Decimal::from_str(part)
                .map_err(|_| format!("'{part}' is not an amount such as 60 or 42.50"))
        };
        match parts.as_slice() {
            [one] => {
                let v = number(one)?;
                Spread::new(v, Some(v), v)
            }
            [low, high] => Spread::new(number(low)?, None, number(high)?),
            [low, likely, high] => Spread::new(number(low)?, Some(number(likely)?), number(high)?),
            _ => Err(format!(
                "'{text}' has too many '..': write 60, low..high (40..80) or low..likely..high (30..60..120)"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn reads_the_three_forms() {
        let s: Spread = "60".parse().unwrap();
        assert!(s.is_exact());
        assert_eq!(s.likely(), d("60"));
        let s: Spread = "40..80".parse().unwrap();
        assert_eq!((s.low, s.likely, s.high), (d("40"), None, d("80")));
        assert_eq!(s.likely(), d("60"));
        let s: Spread = " 30..60..120 ".parse().unwrap();
        assert_eq!(s.likely, Some(d("60")));
        assert_eq!(s.to_string(), "30..60..120");
        assert_eq!("40..80".parse::<Spread>().unwrap().to_string(), "40..80");
    }

    #[test]
    fn refuses_bounds_out_of_order_and_negative_ones() {
        let err = "80..40".parse::<Spread>().unwrap_err();
        assert!(err.contains("above the high bound"), "{err}");
        let err = "30..150..120".parse::<Spread>().unwrap_err();
        assert!(err.contains("not between"), "{err}");
        assert!("-1..3".parse::<Spread>().is_err());
        assert!("1..2..3..4".parse::<Spread>().is_err());
        assert!("a..3".parse::<Spread>().is_err());
    }

    /// The triangle (0.5, 1.5, 3) by hand: F(1.5) = 1/2.5 = 0.4; below it
    /// x = 0.5 + √(u·2.5·1) (u = 0.1 → 0.5 + 0.5 = 1), above it
    /// x = 3 − √((1 − u)·2.5·1.5) (u = 0.625 → 3 − √1.40625 = 1.81412…).
    #[test]
    fn triangular_quantiles_by_hand() {
        let t = Spread::new(d("0.5"), Some(d("1.5")), d("3")).unwrap();
        assert_eq!(t.quantile(0.0), d("0.5"));
        assert_eq!(t.quantile(0.1), d("1"));
        assert_eq!(t.quantile(0.4), d("1.5"));
        assert_eq!(t.quantile(1.0), d("3"));
        let x = t.quantile(0.625).to_f64().unwrap();
        assert!((x - (3.0 - 1.40625f64.sqrt())).abs() < 1e-9, "{x}");
        assert_eq!(t.mean(), d("5") / d("3"));
        let u = Spread::new(d("1"), None, d("3")).unwrap();
        assert_eq!(u.quantile(0.25), d("1.5"));
        assert_eq!(u.mean(), d("2"));
    }

    /// Found by the fuzzer: the mean of a figure known exactly to 29 digits
    /// came out a digit above it ((3·x)/3 rounds), and bounds near the largest
    /// decimal overflowed their sum.
    #[test]
    fn the_mean_and_middle_stay_within_the_bounds() {
        let x = d("30.773709551664467440737095514");
        assert_eq!(Spread::exact(x).mean(), x);
        let max = Decimal::MAX;
        let wide = Spread::new(max - d("2"), None, max).unwrap();
        assert_eq!(wide.likely(), max - d("1"));
        assert_eq!(wide.mean(), max - d("1"));
        let t = Spread::new(max - d("3"), Some(max), max).unwrap();
        assert_eq!(t.mean(), max - d("1"));
    }
}
