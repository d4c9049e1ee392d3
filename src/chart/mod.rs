//! Charts for blog posts (plotters): one generic drawing function per chart
//! kind, rendered to SVG (800 × 500) and PNG (2×, 1600 × 1000).

pub mod cost;
pub mod draw;
pub mod extra;
pub mod font;
mod labels;
pub mod layout;
pub mod render;
pub mod theme;
#[cfg(feature = "usage")]
pub mod usage;
