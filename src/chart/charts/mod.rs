//! The chart builders: engine figures in, a [`LineChart`](super::line::LineChart)
//! out (series, markers, words), one file per chart, styled for the run by
//! `focus` (one colour per model, grey context). No drawing here.

pub mod breakeven_map;
pub mod breakeven_panels;
pub mod cost;
pub mod cumulative;
pub mod diff;
pub mod focus;
pub mod probability;
pub mod sensitivity;
#[cfg(feature = "usage")]
pub mod usage;
