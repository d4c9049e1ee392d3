//! Licences sold by quote. Without a price such a model is not compared; its
//! cost without the licence is, and the answer is a ceiling: the highest price
//! per user per month at which it still costs no more than a hosted plan.
//! `--quote ID=PRICE` gives the price, and the model is compared like any other.

use rust_decimal::{Decimal, RoundingStrategy};

use super::compare::Comparison;
use super::curve::Curve;
use crate::pricing::model::{Kind, Model, Shape};

/// A price per user per month for a model whose licence is sold by quote.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    pub id: String,
    pub per_user_month: Decimal,
}

/// What `--quote` accepts, said in every message about it.
pub const ACCEPTED: &str = "expected ID=PRICE, the model id and a price per user per month, such as rocketchat-enterprise-aws=4.50";

impl Quote {
    /// "rocketchat-enterprise-aws=4.50" (a range once ranges exist: this is the
    /// one place that reads it).
    pub fn parse(text: &str) -> Result<Quote, String> {
        let (id, price) = text
            .split_once('=')
            .ok_or_else(|| format!("'{text}' has no '=' ({ACCEPTED})"))?;
        let id = id.trim();
        if id.is_empty() {
            return Err(format!("'{text}' names no model ({ACCEPTED})"));
        }
        let per_user_month: Decimal = price
            .trim()
            .parse()
            .map_err(|_| format!("'{}' is not an amount ({ACCEPTED})", price.trim()))?;
        if per_user_month.is_sign_negative() && !per_user_month.is_zero() {
            return Err(format!("a quote cannot be below 0 ({ACCEPTED})"));
        }
        if per_user_month > Decimal::from(1_000_000) {
            return Err(format!(
                "quotes above 1,000,000 a user a month are not supported ({ACCEPTED})"
            ));
        }
        Ok(Quote {
            id: id.to_string(),
            per_user_month: per_user_month.normalize(),
        })
    }
}

/// A quote that prices nothing: worded by `cmd::words`.
#[derive(Clone, Debug, PartialEq)]
pub enum QuoteError {
    /// No model has the quote's id; `sold_by_quote`: the ids that take one.
    NoModel {
        quote: Quote,
        sold_by_quote: Vec<String>,
    },
    /// The model has a price of its own.
    Priced { quote: Quote },
}

impl std::error::Error for QuoteError {}

/// The models with each quoted licence priced, each component priced by a
/// quote giving `source(quote)` as its source; an error names a quote for a
/// model that is not there or whose licence is not sold by quote.
pub fn apply(
    models: Vec<Model>,
    quotes: &[Quote],
    source: &dyn Fn(&Quote) -> String,
) -> Result<Vec<Model>, QuoteError> {
    for q in quotes {
        match models.iter().find(|m| m.id == q.id) {
            None => {
                let sold_by_quote = models
                    .iter()
                    .filter(|m| m.awaits_quote())
                    .map(|m| m.id.clone())
                    .collect();
                return Err(QuoteError::NoModel {
                    quote: q.clone(),
                    sold_by_quote,
                });
            }
            Some(m) if !m.awaits_quote() => {
                return Err(QuoteError::Priced { quote: q.clone() });
            }
            Some(_) => {}
        }
    }
    Ok(models
        .into_iter()
        .map(|m| match quotes.iter().rev().find(|q| q.id == m.id) {
            Some(q) => m.with_quote(q.per_user_month, source(q)),
            None => m,
        })
        .collect())
}

/// Against one hosted plan at one team size: the highest licence price per user
/// per month at which the model costs no more than the plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Ceiling {
    pub hosted: String,
    /// (hosted − without licence) / seats paid, unrounded; negative when the
    /// model costs more even with a free licence.
    pub exact: Decimal,
}

impl Ceiling {
    /// The highest whole-cent quote that still pays (`None`: none does).
    pub fn highest_cents(&self) -> Option<Decimal> {
        if self.exact.is_sign_negative() && !self.exact.is_zero() {
            return None;
        }
        let mut cents = self
            .exact
            .round_dp_with_strategy(2, RoundingStrategy::ToZero);
        cents.rescale(2);
        Some(cents)
    }
}

/// A quote-only model at one team size: its monthly cost without the licence
/// (`None`: it cannot serve that size) and its ceiling against every hosted plan
/// that can, the lowest ceiling (the cheapest plan to beat) first.
#[derive(Clone, Debug, PartialEq)]
pub struct QuoteAnswer {
    pub model: String,
    pub users: u64,
    /// The licence seats paid for at that size (its minimum purchase, or more).
    pub seats: u64,
    pub without_licence: Option<Decimal>,
    pub ceilings: Vec<Ceiling>,
}

impl QuoteAnswer {
    /// The ceiling against every hosted plan at once: the lowest.
    pub fn against_all(&self) -> Option<&Ceiling> {
        self.ceilings.first()
    }

    /// The ceiling against one hosted plan.
    pub fn against(&self, hosted: &str) -> Option<&Ceiling> {
        self.ceilings.iter().find(|c| c.hosted == hosted)
    }
}

/// The least seats a quoted licence is bought for, and the largest team it serves.
fn seat_terms(m: &Model) -> (u64, Option<u64>) {
    m.components
        .iter()
        .find_map(|c| match c.shape {
            Shape::Quote {
                min_seats,
                max_seats,
            } => Some((min_seats, max_seats)),
            Shape::Flat { .. }
            | Shape::PerSeat { .. }
            | Shape::FreeSeats { .. }
            | Shape::FreePlan { .. }
            | Shape::Tiers(_)
            | Shape::Blocks { .. }
            | Shape::Steps { .. }
            | Shape::Sized(_) => None,
        })
        .unwrap_or((1, None))
}

/// Round team sizes (1, 2 and 5 × 10^k) this many of the largest, and the end:
/// where the sentences give the ceilings.
const QUOTE_SIZES: usize = 5;

impl Comparison {
    /// The answers for every quote-only model at `n` users.
    pub fn quote_answers(&self, n: u64) -> Vec<QuoteAnswer> {
        self.quote_only
            .iter()
            .map(|(m, curve)| answer(self, m, curve, n))
            .collect()
    }

    /// The team sizes the sentences answer quote-only models at: the largest
    /// round sizes of the range (1, 2 and 5 × 10^k) and its end.
    pub fn quote_sizes(&self) -> Vec<u64> {
        let (from, to) = self.span();
        let mut sizes = vec![to];
        let mut scale = 1u64;
        while scale <= to {
            for m in [1, 2, 5] {
                let n = scale.saturating_mul(m);
                if n >= from && n < to {
                    sizes.push(n);
                }
            }
            scale = scale.saturating_mul(10);
        }
        sizes.sort_unstable();
        sizes.dedup();
        let skip = sizes.len().saturating_sub(QUOTE_SIZES);
        sizes.split_off(skip)
    }
}

fn answer(c: &Comparison, m: &Model, curve: &Curve, n: u64) -> QuoteAnswer {
    let (min_seats, _) = seat_terms(m);
    let seats = n.max(min_seats);
    let without_licence = curve.at(n);
    let mut ceilings: Vec<Ceiling> = match without_licence {
        None => Vec::new(),
        Some(own) => c
            .models
            .iter()
            .enumerate()
            .filter(|(_, h)| h.kind == Kind::Hosted)
            .filter_map(|(i, h)| {
                let hosted = c.monthly(i, n)?;
                Some(Ceiling {
                    hosted: h.id.clone(),
                    exact: (hosted - own) / Decimal::from(seats),
                })
            })
            .collect(),
    };
    ceilings.sort_by(|a, b| a.exact.cmp(&b.exact).then_with(|| a.hosted.cmp(&b.hosted)));
    QuoteAnswer {
        model: m.id.clone(),
        users: n,
        seats,
        without_licence,
        ceilings,
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn reads_quotes() {
        let q = Quote::parse(" rocketchat-enterprise-aws = 4.50 ").unwrap();
        assert_eq!(q.id, "rocketchat-enterprise-aws");
        assert_eq!(q.per_user_month, d("4.5"));
        assert_eq!(Quote::parse("a=0").unwrap().per_user_month, Decimal::ZERO);
        for (bad, says) in [
            ("a", "has no '='"),
            ("=3", "names no model"),
            ("a=x", "is not an amount"),
            ("a=-1", "cannot be below 0"),
            ("a=1000001", "not supported"),
        ] {
            let e = Quote::parse(bad).unwrap_err();
            assert!(e.contains(says) && e.contains("ID=PRICE"), "{bad}: {e}");
        }
    }

    #[test]
    fn a_ceiling_is_the_highest_whole_cent_that_still_pays() {
        // Rounded down, never up: $14.2899 a user still pays at $14.28, not at $14.29.
        let at = |exact: &str| {
            Ceiling {
                hosted: "h".into(),
                exact: d(exact),
            }
            .highest_cents()
        };
        assert_eq!(at("14.2899"), Some(d("14.28")));
        assert_eq!(at("14.28"), Some(d("14.28")));
        assert_eq!(at("0"), Some(d("0.00")));
        assert_eq!(at("-0.001"), None);
    }
}
