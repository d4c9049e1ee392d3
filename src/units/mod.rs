//! The bottom layer: exact money, calendar dates, team-size ranges and counts in
//! words. Nothing here imports anything else of the crate, so every other layer
//! may use it.

pub mod count;
pub mod date;
pub mod money;
pub mod range;
