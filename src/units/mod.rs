//! The bottom layer: exact money, calendar dates, team-size ranges, counts in
//! words, figures known within bounds and the seeded generator that draws them.
//! Nothing here imports anything else of the crate, so every other layer may
//! use it.

pub mod count;
pub mod date;
pub mod money;
pub mod random;
pub mod range;
pub mod uncertain;
