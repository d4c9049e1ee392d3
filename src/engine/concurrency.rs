//! From team size to the concurrent users that deployment sizes are stated in,
//! exactly: with a share s of the team online at once, a team of n has ⌈s·n⌉
//! concurrent users, a size "from C concurrent" starts at the smallest n with
//! ⌈s·n⌉ ≥ C, and "one part per k concurrent" is ⌈⌈s·n⌉ / k⌉ = ⌈s·n / k⌉ parts:
//! a stair of the curve (built in `curve`), so break-evens stay exact without a
//! scan of team sizes.

use std::fmt;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::pricing::sizing::{Basis, Count, SizeRow, Sized, Threshold};

/// The open end of a range of team sizes (the same as `curve::INF`).
pub const INF: u64 = u64::MAX;

/// The share of a team online at once, in (0, 1], to four decimals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Concurrency {
    /// share = num / den, reduced.
    num: u64,
    den: u64,
}

/// A quarter of the team online at once: the middle of Rocket.Chat's own sizing
/// pairs for company deployments (200 users / 50 concurrent = 25%, 500 / 100 =
/// 20%, 1,000 / 300 = 30%) and inside Mattermost's peak factor of 10:1 to 3:1
/// (10–33%) (`../shared/pricing-facts.md` §11f). Open communities run far lower
/// (a few %), hence `--concurrency`.
pub const DEFAULT_SHARE: &str = "0.25";

/// What `--concurrency` accepts, said in every message about it.
pub const ACCEPTED: &str = "a share of the team online at once, more than 0 and at most 1, such as 0.25 or 25%, to at most four decimals";

impl Default for Concurrency {
    fn default() -> Self {
        Concurrency::parse(DEFAULT_SHARE).expect("the default share is valid")
    }
}

impl fmt::Display for Concurrency {
    /// "25%", "12.5%".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let percent = (self.share() * Decimal::from(100)).normalize();
        write!(f, "{percent}%")
    }
}

impl Concurrency {
    /// The share `share` (0 < share ≤ 1, at most four decimals).
    pub fn new(share: Decimal) -> Result<Concurrency, String> {
        if share <= Decimal::ZERO || share > Decimal::ONE {
            return Err(format!("{share} is not {ACCEPTED}"));
        }
        let scaled = share * Decimal::from(10_000);
        if scaled.fract() != Decimal::ZERO {
            return Err(format!(
                "{share} has more than four decimals; expected {ACCEPTED}"
            ));
        }
        let num = scaled
            .to_u64()
            .ok_or_else(|| format!("{share} is not {ACCEPTED}"))?;
        let g = gcd(num, 10_000);
        Ok(Concurrency {
            num: num / g,
            den: 10_000 / g,
        })
    }

    /// "0.25" or "25%" (a range once ranges exist: this is the one place that reads it).
    pub fn parse(text: &str) -> Result<Concurrency, String> {
        let trimmed = text.trim();
        let (digits, percent) = match trimmed.strip_suffix('%') {
            Some(d) => (d.trim(), true),
            None => (trimmed, false),
        };
        let value: Decimal = digits
            .parse()
            .map_err(|_| format!("'{text}' is not {ACCEPTED}"))?;
        let share = if percent {
            value / Decimal::from(100)
        } else {
            value
        };
        Concurrency::new(share).map_err(|_| format!("'{text}' is not {ACCEPTED}"))
    }

    pub fn share(self) -> Decimal {
        Decimal::from(self.num) / Decimal::from(self.den)
    }

    /// Concurrent users in a team of `n`: ⌈s·n⌉.
    pub fn concurrent(self, n: u64) -> u64 {
        saturate((u128::from(n) * u128::from(self.num)).div_ceil(u128::from(self.den)))
    }

    /// The smallest team with at least `c` concurrent users (`c` ≥ 1):
    /// ⌊(c − 1) / s⌋ + 1.
    pub fn first_team_with(self, c: u64) -> u64 {
        let below = u128::from(c.saturating_sub(1)) * u128::from(self.den) / u128::from(self.num);
        saturate(below + 1)
    }

    /// The largest team with at most `c` concurrent users: ⌊c / s⌋.
    pub fn last_team_within(self, c: u64) -> u64 {
        saturate(u128::from(c) * u128::from(self.den) / u128::from(self.num))
    }

    /// The first team size a threshold is reached at: the smaller of its two
    /// measures (`INF` when it states neither).
    pub fn start_of(self, t: &Threshold) -> u64 {
        let by_users = t.users.unwrap_or(INF);
        let by_concurrent = t.concurrent.map_or(INF, |c| self.first_team_with(c));
        by_users.min(by_concurrent)
    }

    /// The largest team a cap allows: the smaller of its two measures.
    pub fn end_of(self, t: &Threshold) -> u64 {
        let by_users = t.users.unwrap_or(INF);
        let by_concurrent = t.concurrent.map_or(INF, |c| self.last_team_within(c));
        by_users.min(by_concurrent)
    }

    /// One part per `size` concurrent users is ⌈s·n / size⌉ = ⌈n·num / den⌉
    /// parts: this (num, den), for a stair of the curve.
    pub fn per_concurrent(self, size: u64) -> (u128, u128) {
        (
            u128::from(self.num),
            u128::from(self.den) * u128::from(size),
        )
    }

    /// How many parts a row's count gives at team size `n`.
    pub fn count(self, count: &Count, n: u64) -> u64 {
        match *count {
            Count::Fixed(k) => k,
            Count::Per { basis, size, min } => {
                let of = match basis {
                    Basis::Users => n,
                    Basis::Concurrent => self.concurrent(n),
                };
                of.div_ceil(size).max(min)
            }
        }
    }

    /// The row of a deployment in use at team size `n`, if it serves `n`.
    pub fn row_at(self, sized: &Sized, n: u64) -> Option<&SizeRow> {
        if n > self.end_of(&sized.max) {
            return None;
        }
        let starts: Vec<u64> = sized.rows.iter().map(|r| self.start_of(&r.from)).collect();
        (0..sized.rows.len())
            .rev()
            .find(|&i| starts[i] <= n)
            .map(|i| &sized.rows[i])
    }
}

fn saturate(v: u128) -> u64 {
    u64::try_from(v).unwrap_or(INF)
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

#[cfg(test)]
pub(crate) mod tests;
