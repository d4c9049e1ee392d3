//! rccost: is running your own chat server cheaper than paying per seat, and
//! from how many people on?
//!
//! Data flows one way: TOML files ([`pricing`]) → cost curves and break-evens
//! ([`engine`], pure) → views ([`chart`], [`export`]) → files ([`output`]). The
//! commands in `cmd` only wire these together.

pub mod chart;
pub mod cli;
pub mod cmd;
pub mod engine;
pub mod error;
pub mod export;
pub mod output;
pub mod pricing;
pub mod report;
pub mod text;
pub mod units;
#[cfg(feature = "usage")]
pub mod usage;
