//! The painter: any [`LineChart`](super::line::LineChart) drawn onto a plotters
//! backend (SVG, or the PNG canvas of `raster`): the page (`page`), axes
//! (`axis`), lines (`stroke`), bands and columns (`bands`), bar charts
//! (`bars`), and callouts placed clear of each other (`labels`, `layout`).

mod axis;
mod bands;
mod bars;
pub mod draw;
mod labels;
pub mod layout;
mod page;
mod stroke;
