//! Paints a [`LineChart`] on any plotters backend: one generic function, so the
//! SVG and the PNG are the same drawing at two scales.

use plotters::coord::Shift;
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::prelude::*;

use super::axis::right_axis;
use super::labels::{Label, draw_labels};
use super::layout::{BoxKind, Layout, Rect, simplify};
use super::page::Page;
use super::stroke::draw_line;
use crate::chart::backend::{ChartBackend, ClipTo, Group, GroupTo};
use crate::chart::font::{DrawResult, font, measure};
use crate::chart::line::{LineChart, Marker, SecondaryAxis, Unit};
use crate::chart::theme;

/// Draws `chart` on `root` at `scale` × the SVG size and returns its text boxes.
pub fn draw<DB: ChartBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &LineChart,
    scale: f64,
) -> DrawResult<Layout, DB> {
    root.fill(&chart.palette.background)?;
    if let Some(bars) = &chart.bars {
        return super::bars::draw_bars(root, chart, bars, scale);
    }
    // A phone's plot has room for the answer's labels, not for one per line
    // nor for the band's.
    let phone;
    let chart = if root.dim_in_pixel().0 as f64 / scale < theme::NARROW_LAYOUT {
        phone = chart.legend_for_end_labels().bands_named_in_footer();
        &phone
    } else {
        chart
    };
    let mut page = Page::new(root, chart, scale);
    let below_heading = page.heading()?;
    let top = page.legend(below_heading)?;
    let top = page.y_title_above(top)?;
    let bottom = page.footer()?;
    let room = AxisRoom::measure(&page)?;
    let area = root.margin(
        top as i32,
        bottom as i32,
        (page.margin - page.s(6.0)) as i32,
        room.right as i32,
    );
    let mut builder = ChartBuilder::on(&area);
    builder
        .x_label_area_size(page.s(44.0) as u32)
        .y_label_area_size(room.y_area as u32);
    let (y_lo, y_hi) = room.y_span;
    let (x_from, x_to) = x_span(chart);
    let (axes, layout) = (room.axes, page.layout);
    // Ticks where the chart asks for them (period starts on the usage charts),
    // else plotters' evenly spaced round numbers.
    match (&chart.x_ticks, chart.log_y) {
        (Some(ticks), true) => {
            let x = (x_from..x_to).with_key_points(every_other(ticks, axes.x_labels));
            let ctx = builder.build_cartesian_2d(x, (y_lo..y_hi).log_scale())?;
            plot(root, ctx, chart, scale, axes, layout)
        }
        (Some(ticks), false) => {
            let x = (x_from..x_to).with_key_points(every_other(ticks, axes.x_labels));
            let ctx = builder.build_cartesian_2d(x, y_lo..y_hi)?;
            plot(root, ctx, chart, scale, axes, layout)
        }
        (None, true) if chart.log_x => {
            let x = (x_from..x_to).log_scale();
            let ctx = builder.build_cartesian_2d(x, (y_lo..y_hi).log_scale())?;
            plot(root, ctx, chart, scale, axes, layout)
        }
        (None, true) => {
            let ctx = builder.build_cartesian_2d(x_from..x_to, (y_lo..y_hi).log_scale())?;
            plot(root, ctx, chart, scale, axes, layout)
        }
        (None, false) => {
            let ctx = builder.build_cartesian_2d(x_from..x_to, y_lo..y_hi)?;
            plot(root, ctx, chart, scale, axes, layout)
        }
    }
}

/// The chart's own ticks (period starts), thinned to every second, third, …
/// one so that no more than `fit` labels share the axis: on a phone's narrow
/// plot six years of January ticks would print over each other.
fn every_other(ticks: &[u64], fit: usize) -> Vec<u64> {
    let step = ticks.len().div_ceil(fit.max(1)).max(1);
    ticks.iter().step_by(step).copied().collect()
}

/// The x axis from and to: a chart of one team size gets one more on each
/// side, so the axis has a width to draw.
fn x_span(chart: &LineChart) -> (u64, u64) {
    if chart.x_from == chart.x_to {
        (chart.x_from.saturating_sub(1), chart.x_to + 1)
    } else {
        (chart.x_from, chart.x_to)
    }
}

/// How the axes read: label counts and whether amounts show cents.
struct Axes {
    x_labels: usize,
    y_labels: usize,
    /// Whether the y title is turned beside the axis (else above the plot).
    y_title_beside: bool,
    /// Amounts with cents on a linear axis (log axes decide per tick).
    cents: bool,
}

/// The room the axes need around the plot, measured before plotters lays it
/// out: on the left for the widest amount, on the right for half the last x
/// label (and the right axis, if any), and as many x labels as fit.
struct AxisRoom {
    /// The y axis from and to, as the chart gives them.
    y_span: (f64, f64),
    /// Pixels right of the plot.
    right: f64,
    /// Pixels for the y labels and title left of the plot.
    y_area: f64,
    axes: Axes,
}

impl AxisRoom {
    fn measure<DB: DrawingBackend>(page: &Page<DB>) -> DrawResult<AxisRoom, DB> {
        let (root, chart, s) = (page.root, page.chart, |v| page.s(v));
        let (y_lo, y_hi) = chart.y_bounds();
        let cents = !chart.log_y && y_hi <= 10.0;
        let tick_font = font(theme::TICK_SIZE, page.scale);
        let mut widest: f64 = 0.0;
        for v in [y_lo, y_hi, y_hi / 2.0] {
            let text = y_tick(chart, cents, v);
            widest = widest.max(measure(root, &text, &tick_font)?.0);
        }
        let last_x = chart.x_unit.tick(chart.x_to as f64, &chart.currency, false);
        let last_label = measure(root, &last_x, &tick_font)?.0;
        let mut right = page.margin.max(last_label / 2.0 + s(4.0));
        if let Some(SecondaryAxis {
            title,
            unit,
            factor,
        }) = &chart.secondary
        {
            // Room for the right axis: its widest label and its title, turned.
            let top = unit.tick(y_hi * factor, &chart.currency, false);
            let label = measure(root, &top, &tick_font)?.0;
            let title_h = measure(root, title, &font(theme::AXIS_TITLE_SIZE, page.scale))?.1;
            right = right.max(label + title_h + s(22.0));
        }
        // The title turned beside the labels, or on a phone above the plot.
        let y_area = widest + if page.narrow() { s(12.0) } else { s(34.0) };
        let plot_width = page.width - page.margin - right - y_area;
        let x_labels = ((plot_width / (last_label + s(28.0))) as usize).clamp(2, 10);
        // Small counts get one tick per whole number (plotters would place halves,
        // which read as repeated numbers once rounded).
        let y_labels = if chart.y_unit == Unit::Count && !chart.log_y && y_hi <= 10.0 {
            y_hi.round() as usize + 1
        } else {
            7
        };
        Ok(AxisRoom {
            y_span: (y_lo, y_hi),
            right,
            y_area,
            axes: Axes {
                x_labels,
                y_labels,
                y_title_beside: !page.narrow(),
                cents,
            },
        })
    }
}

/// A y tick label: with cents when the axis shows them, and on a log axis
/// for amounts under one.
fn y_tick(chart: &LineChart, cents: bool, v: f64) -> String {
    chart
        .y_unit
        .tick(v, &chart.currency, cents || (chart.log_y && v < 1.0))
}

/// The axes, lines and labels, for a linear or a log y axis.
fn plot<DB, X, Y>(
    root: &DrawingArea<DB, Shift>,
    mut ctx: ChartContext<DB, Cartesian2d<X, Y>>,
    chart: &LineChart,
    scale: f64,
    axes: Axes,
    mut layout: Layout,
) -> DrawResult<Layout, DB>
where
    DB: ChartBackend,
    X: Ranged<ValueType = u64> + ValueFormatter<u64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
    std::ops::Range<f64>: AsRangedCoord,
{
    mesh(&mut ctx, chart, scale, &axes)?;
    let (xr, yr) = ctx.plotting_area().get_pixel_range();
    let plot_rect = Rect {
        x0: xr.start as f64,
        y0: yr.start as f64,
        x1: xr.end as f64,
        y1: yr.end as f64,
    };
    layout
        .boxes
        .push((BoxKind::Plot, plot_rect.scaled(1.0 / scale)));
    let to_px = |p: &(u64, f64)| {
        let (x, y) = ctx.backend_coord(p);
        (x as f64, y as f64)
    };
    // Bands first, behind the lines; their labels are text the callouts avoid.
    let band_labels = super::bands::draw_bands(root, chart, plot_rect, scale, &to_px)?;
    for rect in band_labels {
        layout
            .boxes
            .push((BoxKind::Label, rect.scaled(1.0 / scale)));
    }
    let pixel_lines = draw_series(root, chart, plot_rect, scale, &to_px)?;
    right_axis(root, &ctx, chart, plot_rect, scale)?;
    let labels = callouts(chart, plot_rect, &to_px);
    let p = chart.palette;
    draw_labels(root, labels, &pixel_lines, plot_rect, scale, &mut layout, p)?;
    Ok(layout)
}

/// The grid, the axes, their ticks and their titles, by plotters.
fn mesh<DB, X, Y>(
    ctx: &mut ChartContext<DB, Cartesian2d<X, Y>>,
    chart: &LineChart,
    scale: f64,
    axes: &Axes,
) -> DrawResult<(), DB>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = u64> + ValueFormatter<u64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let s = |v: f64| v * scale;
    let p = chart.palette;
    let x_ticks = |v: &u64| chart.x_unit.tick(*v as f64, &chart.currency, false);
    let y_ticks = |v: &f64| y_tick(chart, axes.cents, *v);
    ctx.configure_mesh()
        .disable_x_mesh()
        .bold_line_style(p.grid.stroke_width(s(1.0).max(1.0) as u32))
        .light_line_style(TRANSPARENT)
        .axis_style(p.axis.stroke_width(s(1.0).max(1.0) as u32))
        .x_labels(axes.x_labels)
        .y_labels(axes.y_labels)
        .x_label_formatter(&x_ticks)
        .y_label_formatter(&y_ticks)
        .label_style(font(theme::TICK_SIZE, scale).color(&p.muted))
        .axis_desc_style(font(theme::AXIS_TITLE_SIZE, scale).color(&p.ink))
        .x_desc(chart.x_title.as_str())
        .y_desc(if axes.y_title_beside {
            chart.y_title.as_str()
        } else {
            ""
        })
        .set_all_tick_mark_size(s(4.0) as u32)
        .draw()
}

/// Every series, cut to the plot, with a dot on each point when the series are
/// short enough to read them; returns the lines as drawn, in pixels, for the
/// labels to keep off.
fn draw_series<DB: ChartBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &LineChart,
    plot_rect: Rect,
    scale: f64,
    to_px: &impl Fn(&(u64, f64)) -> (f64, f64),
) -> DrawResult<Vec<Vec<(f64, f64)>>, DB> {
    let p = chart.palette;
    let (xr, yr) = (
        (plot_rect.x0 as i32, plot_rect.x1 as i32),
        (plot_rect.y0 as i32, plot_rect.y1 as i32),
    );
    let dotted = chart
        .series
        .iter()
        .all(|s| s.segments.iter().map(Vec::len).sum::<usize>() <= theme::MAX_DOTTED_POINTS);
    super::bands::draw_columns(root, chart, plot_rect, to_px)?;
    let mut pixel_lines = Vec::new();
    for series in &chart.series {
        let colour = p.colour(series.style);
        // One group per plan, carrying its id and a text shown on hover.
        root.draw(&GroupTo(Some(Group {
            class: "series",
            model: series.model.clone(),
            title: series.hover.clone(),
        })))?;
        for segment in &series.segments {
            let points: Vec<(f64, f64)> = segment.iter().map(to_px).collect();
            for run in plot_rect
                .grow(1.0)
                .clip_polyline(&simplify(&points, 0.3 * scale))
            {
                // Cut to the plot: a thick line's edge never spills over the axes.
                root.draw(&ClipTo::rect((xr.0, yr.0), (xr.1, yr.1)))?;
                draw_line(root, &run, colour, series.style, scale)?;
                root.draw(&ClipTo::none())?;
                pixel_lines.push(run);
            }
            if dotted {
                for q in points.iter().filter(|q| plot_rect.grow(1.0).contains(**q)) {
                    root.draw(&Circle::new(
                        (q.0 as i32, q.1 as i32),
                        (theme::POINT_RADIUS * scale) as i32,
                        colour.filled(),
                    ))?;
                }
            }
        }
        root.draw(&GroupTo(None))?;
    }
    Ok(pixel_lines)
}

/// The chart's markers as callouts in pixels, one each (those that fall
/// together share one when drawn).
fn callouts(
    chart: &LineChart,
    plot_rect: Rect,
    to_px: &impl Fn(&(u64, f64)) -> (f64, f64),
) -> Vec<Label> {
    chart
        .markers
        .iter()
        .map(|m| Label {
            at: anchor(m, plot_rect, to_px),
            // A marker's first line is its heading, in bold.
            lines: (m.lines.iter().enumerate())
                .map(|(i, l)| (l.clone(), i == 0))
                .collect(),
            dot: m.dot,
            also: m.also.iter().map(to_px).collect(),
        })
        .collect()
}

/// Where a marker's leader points. A line leaving the top is labelled where it
/// meets the top edge.
fn anchor(m: &Marker, plot_rect: Rect, to_px: &impl Fn(&(u64, f64)) -> (f64, f64)) -> (f64, f64) {
    let at = to_px(&(m.x, m.y));
    let top = Rect {
        y0: plot_rect.y0,
        y1: plot_rect.y0,
        ..plot_rect
    };
    match m.toward.map(|p| to_px(&p)) {
        Some(next) => top.clip_segment(at, next).map_or(at, |(p, _)| p),
        None if m.dot => at,
        None => (at.0, plot_rect.y0),
    }
}
