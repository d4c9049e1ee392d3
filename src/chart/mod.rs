//! Charts for blog posts (plotters): one generic drawing function per chart
//! kind, rendered to SVG (800 × 500) and PNG (2×, 1600 × 1000).

mod axis;
pub mod breakeven_map;
mod clip;
pub mod cost;
pub mod cumulative;
pub mod draw;
pub mod font;
mod glyphs;
mod labels;
pub mod layout;
pub mod line;
mod page;
mod raster;
pub mod render;
mod stroke;
pub mod theme;
#[cfg(feature = "usage")]
pub mod usage;

use crate::engine::breakeven::LimitError;
use crate::engine::compare::Comparison;
use breakeven_map::breakeven_map;
use cost::{Metric, cost_chart};
use cumulative::cumulative;
use line::LineChart;

/// The four charts: cost per month, cost per user, cumulative cost for `team`,
/// and the break-even map (for a dark page when `dark`).
pub fn comparison_charts(
    comparison: &Comparison,
    log_y: bool,
    team: u64,
    dark: bool,
) -> Result<Vec<LineChart>, LimitError> {
    let mut charts = vec![
        cost_chart(comparison, Metric::PerMonth, log_y)?,
        cost_chart(comparison, Metric::PerUser, log_y)?,
        cumulative(comparison, team),
        breakeven_map(comparison),
    ];
    if dark {
        charts = charts.into_iter().map(LineChart::dark).collect();
    }
    Ok(charts)
}
