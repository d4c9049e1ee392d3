//! A component's price in words, for the report's sources table: every
//! pricing shape has its own arm, so a new shape cannot print an empty price.

use rust_decimal::Decimal;

use super::sizing::{quote_terms, sized_price};
use crate::pricing::model::{SeatPrice, Shape};
use crate::units::count::users;
use crate::units::money;

/// A component's price in words: "$7.25 a user a month billed yearly, $8.75 monthly".
pub fn price(shape: &Shape, currency: &str) -> String {
    let m = |v: Decimal| money::display(v, currency);
    let seat = |p: &SeatPrice| match (p.annual, p.monthly) {
        (Some(a), Some(b)) => format!("{} a user a month billed yearly, {} monthly", m(a), m(b)),
        (Some(a), None) => format!("{} a user a month (annual)", m(a)),
        (None, Some(b)) => format!("{} a user a month (monthly)", m(b)),
        (None, None) => String::new(),
    };
    let upto = |max: &Option<u64>| {
        max.map(|x| format!(", up to {}", users(x)))
            .unwrap_or_default()
    };
    match shape {
        Shape::Flat { per_month } => format!("{} a month", m(*per_month)),
        Shape::PerSeat {
            price,
            min_seats,
            max_seats,
        } => {
            let min = if *min_seats > 1 {
                format!(", at least {min_seats} seats")
            } else {
                String::new()
            };
            format!("{}{min}{}", seat(price), upto(max_seats))
        }
        Shape::FreeSeats {
            free_seats,
            price,
            max_seats,
        } => format!(
            "{free_seats} seats free, then {}{}",
            seat(price),
            upto(max_seats)
        ),
        Shape::FreePlan { max_users } => format!("free up to {}", users(*max_users)),
        Shape::Tiers(tiers) => {
            let list: Vec<String> = tiers
                .iter()
                .map(|t| format!("{} a month up to {}", m(t.per_month), users(t.up_to)))
                .collect();
            list.join("; ")
        }
        Shape::Blocks {
            block_size,
            per_month,
        } => format!("{} a month per {}", m(*per_month), users(*block_size)),
        Shape::Steps { steps, max_users } => {
            let list: Vec<String> = steps
                .iter()
                .map(|s| format!("{} a month from {}", m(s.per_month), users(s.from)))
                .collect();
            format!("{}{}", list.join(", "), upto(max_users))
        }
        Shape::Sized(s) => sized_price(s, currency),
        Shape::Quote {
            min_seats,
            max_seats,
        } => quote_terms(*min_seats, *max_seats),
    }
}
