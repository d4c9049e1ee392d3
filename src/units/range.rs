//! Team-size ranges as given to `--users`: `1..30` and `1..=30` (both include 30),
//! `5..200:5` (every 5th size; the end only if it lies on that grid) and `15`.

use std::fmt;
use std::str::FromStr;

/// The largest team size accepted; far beyond any team, small enough that costs
/// stay well inside the exact decimal range.
pub const MAX_USERS: u64 = 1_000_000_000_000_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UserRange {
    pub from: u64,
    pub to: u64,
    pub step: u64,
}

impl UserRange {
    pub fn new(from: u64, to: u64, step: u64) -> Result<Self, String> {
        if from == 0 || to == 0 {
            return Err("team sizes start at 1 user; 0 is not a team size".into());
        }
        if step == 0 {
            return Err("the step after ':' must be at least 1".into());
        }
        if to < from {
            return Err(format!(
                "the range {from}..{to} is reversed: write the smaller size first ({to}..{from})"
            ));
        }
        if to > MAX_USERS {
            return Err(format!("team sizes above {MAX_USERS} are not supported"));
        }
        Ok(Self { from, to, step })
    }

    /// The team sizes the range lists: `from`, `from + step`, … up to `to`.
    pub fn sizes(&self) -> impl Iterator<Item = u64> + '_ {
        (0..self.count()).map(move |i| self.from + i * self.step)
    }

    /// How many team sizes the range lists.
    pub fn count(&self) -> u64 {
        (self.to - self.from) / self.step + 1
    }

    /// The last size on the step grid (the end itself when it lies on the grid).
    pub fn last(&self) -> u64 {
        self.from + (self.count() - 1) * self.step
    }

    /// Whether the range lists at most `max` sizes, one per line or row; if not,
    /// how many it lists and a step that brings them down to about a tenth of `max`.
    pub fn listable(&self, max: u64) -> Result<(), TooLong> {
        let sizes = self.count();
        if sizes <= max {
            return Ok(());
        }
        Err(TooLong {
            range: *self,
            sizes,
            max,
            step: (self.to - self.from) / (max / 10).max(1) + 1,
        })
    }

    /// Whether `n` is one of the listed sizes.
    pub fn contains(&self, n: u64) -> bool {
        n >= self.from && n <= self.to && (n - self.from).is_multiple_of(self.step)
    }
}

/// A range with more team sizes than an output lists one by one (a trillion
/// rows fit neither in memory nor on disk), and a step with which it fits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLong {
    pub range: UserRange,
    /// How many sizes the range lists.
    pub sizes: u64,
    /// The most an output lists.
    pub max: u64,
    /// A step that lists about a tenth of `max`.
    pub step: u64,
}

impl fmt::Display for TooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.range;
        write!(
            f,
            "{r} lists {} team sizes, more than the {} an output lists; add a step, e.g. {}..{}:{}",
            self.sizes, self.max, r.from, r.to, self.step
        )
    }
}

impl fmt::Display for UserRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else if self.step == 1 {
            write!(f, "{}..{}", self.from, self.to)
        } else {
            write!(f, "{}..{}:{}", self.from, self.to, self.step)
        }
    }
}

impl FromStr for UserRange {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("empty range of team sizes; write e.g. 1..30, 5..200:5 or 15".into());
        }
        let (span, step) = match text.split_once(':') {
            Some((span, step)) => (span, number(step, "step")?),
            None => (text, 1),
        };
        let (from, to) = match span.split_once("..") {
            Some((from, to)) => {
                let to = to.strip_prefix('=').unwrap_or(to);
                if from.trim().is_empty() || to.trim().is_empty() {
                    return Err(format!(
                        "'{text}' needs both ends, e.g. 1..30 (30 is included)"
                    ));
                }
                (number(from, "start")?, number(to, "end")?)
            }
            None => {
                let n = number(span, "team size")?;
                (n, n)
            }
        };
        UserRange::new(from, to, step)
    }
}

fn number(text: &str, what: &str) -> Result<u64, String> {
    let text = text.trim();
    text.parse::<u64>().map_err(|_| {
        if text.starts_with('-') {
            format!("{what} '{text}' is negative; team sizes start at 1")
        } else if !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()) {
            format!("{what} '{text}' is too large: team sizes go up to {MAX_USERS}")
        } else {
            format!("{what} '{text}' is not a whole number of users")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(text: &str) -> Vec<u64> {
        text.parse::<UserRange>().unwrap().sizes().collect()
    }

    #[test]
    fn inclusive_forms() {
        assert_eq!(sizes("1..5"), vec![1, 2, 3, 4, 5]);
        assert_eq!(sizes("1..=5"), vec![1, 2, 3, 4, 5]);
        assert_eq!(sizes("7"), vec![7]);
        assert_eq!(sizes(" 3..3 "), vec![3]);
    }

    #[test]
    fn steps_include_the_end_only_on_the_grid() {
        assert_eq!(sizes("5..20:5"), vec![5, 10, 15, 20]);
        assert_eq!(sizes("5..22:5"), vec![5, 10, 15, 20]);
        assert_eq!("5..200:5".parse::<UserRange>().unwrap().count(), 40);
    }

    #[test]
    fn rejects_bad_ranges() {
        for bad in [
            "", "0..5", "30..1", "a..b", "1..", "..5", "1..30:0", "-1..4", "1.5",
        ] {
            assert!(
                bad.parse::<UserRange>().is_err(),
                "{bad} should be rejected"
            );
        }
        let msg = "30..1".parse::<UserRange>().unwrap_err();
        assert!(msg.contains("reversed"), "{msg}");
    }
}
