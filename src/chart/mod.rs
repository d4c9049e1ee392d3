//! Charts for blog posts (plotters): one generic drawing function per chart
//! kind, rendered to SVG (800 × 500) and PNG (2×, 1600 × 1000).

pub mod backend;
pub mod charts;
pub mod font;
pub mod line;
pub mod paint;
mod raster;
pub mod render;
pub mod svg;
pub mod theme;

use crate::engine::breakeven::LimitError;
use crate::engine::compare::Comparison;
use charts::breakeven_panels::breakeven_maps_in;
use charts::cost::{Metric, cost_chart_in};
use charts::cumulative::cumulative_in;
use charts::focus::View;
use line::LineChart;

/// Cost per month, cost per user, cumulative cost for `team`, then the
/// break-even map: one chart, or with many lines an overview and one panel per
/// self-hosted model (see [`breakeven_maps_in`]), for a dark page when `dark`;
/// every model keeps one colour in all of them.
pub fn charts_in(
    comparison: &Comparison,
    view: &View,
    team: u64,
    dark: bool,
) -> Result<Vec<LineChart>, LimitError> {
    let mut charts = vec![
        cost_chart_in(comparison, Metric::PerMonth, view)?,
        cost_chart_in(comparison, Metric::PerUser, view)?,
        cumulative_in(comparison, team, view),
    ];
    charts.extend(breakeven_maps_in(comparison, view));
    charts.extend(charts::probability::probability_chart(comparison, view)?);
    charts.extend(charts::sensitivity::sensitivity_chart(comparison, team)?);
    if let Some(rates) = crate::text::notes::rates_footer(comparison) {
        for chart in &mut charts {
            chart.footer = Some(match chart.footer.take() {
                Some(f) => format!("{f} {rates}"),
                None => rates.clone(),
            });
        }
    }
    if dark {
        charts = charts.into_iter().map(LineChart::dark).collect();
    }
    Ok(charts)
}
