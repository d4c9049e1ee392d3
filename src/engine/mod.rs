//! The pure core: exact money, team-size ranges, cost curves and break-evens.
//! Nothing here reads files, prints or draws.

pub mod breakeven;
pub mod compare;
pub mod curve;
pub mod money;
pub mod range;
