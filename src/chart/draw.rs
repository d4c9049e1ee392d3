//! Paints a [`LineChart`] on any plotters backend: one generic function, so the
//! SVG and the PNG are the same drawing at two scales.

use plotters::coord::Shift;
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::prelude::*;

use super::axis::right_axis;
use super::font::{DrawResult, bold, font, measure};
use super::labels::{Label, draw_labels, merge_close};
use super::layout::{BoxKind, Layout, Rect, simplify};
use super::line::{LineChart, Marker, Unit};
use super::stroke::draw_line;
use super::theme;

/// Draws `chart` on `root` at `scale` × the SVG size and returns its text boxes.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &LineChart,
    scale: f64,
) -> DrawResult<Layout, DB> {
    let p = chart.palette;
    root.fill(&p.background)?;
    let mut layout = Layout::default();
    let s = |v: f64| v * scale;
    let (width, height) = root.dim_in_pixel();
    let (width, height) = (width as f64, height as f64);
    let margin = s(theme::MARGIN);

    // Title and subtitle.
    let mut y = s(theme::MARGIN - 4.0);
    let heading = [
        (
            &chart.title,
            bold(theme::TITLE_SIZE, scale),
            p.ink,
            BoxKind::Title,
        ),
        (
            &chart.subtitle,
            font(theme::SUBTITLE_SIZE, scale),
            p.muted,
            BoxKind::Subtitle,
        ),
    ];
    for (text, f, color, kind) in heading {
        let (w, h) = measure(root, text, &f)?;
        root.draw_text(text, &f.color(&color), (margin as i32, y as i32))?;
        layout
            .boxes
            .push((kind, Rect::new(margin, y, w, h).scaled(1.0 / scale)));
        y += h + s(6.0);
    }

    // Legend: entries in rows, wrapped as needed, above the plot.
    y += s(4.0);
    let legend_font = font(theme::LEGEND_SIZE, scale);
    let (sample, gap, spacing) = (s(24.0), s(6.0), s(18.0));
    let mut x = margin;
    let mut row_h = 0.0f64;
    for (legend, style) in chart.legend_entries() {
        let (w, h) = measure(root, &legend, &legend_font)?;
        let entry_w = sample + gap + w;
        if x + entry_w > width - margin && x > margin {
            x = margin;
            y += row_h + s(6.0);
        }
        let mid = y + h / 2.0;
        draw_line(
            root,
            &[(x, mid), (x + sample, mid)],
            p.colour(style),
            style,
            scale,
        )?;
        root.draw_text(
            &legend,
            &legend_font.color(&p.ink),
            ((x + sample + gap) as i32, y as i32),
        )?;
        layout.boxes.push((
            BoxKind::Legend,
            Rect::new(x, y, entry_w, h).scaled(1.0 / scale),
        ));
        x += entry_w + spacing;
        row_h = row_h.max(h);
    }
    y += row_h + s(12.0);

    // A footer under the plot (unverified prices).
    let note_font = font(theme::NOTE_SIZE, scale);
    let mut bottom = margin;
    if let Some(footer) = &chart.footer {
        // Wrapped at spaces to the width of the chart, last line at the bottom.
        let mut lines: Vec<String> = Vec::new();
        for word in footer.split(' ') {
            match lines.last_mut() {
                Some(line)
                    if measure(root, &format!("{line} {word}"), &note_font)?.0
                        <= width - 2.0 * margin =>
                {
                    line.push(' ');
                    line.push_str(word);
                }
                _ => lines.push(word.to_string()),
            }
        }
        let last_h = measure(root, &lines[lines.len() - 1], &note_font)?.1;
        let line_h = measure(root, "Mg", &note_font)?.1 + s(3.0);
        let mut top = height - margin - last_h + s(6.0) - line_h * (lines.len() - 1) as f64;
        // The plot ends 10 px (at 1×) above the footer's first line.
        bottom = height - top + s(10.0);
        for line in &lines {
            let (w, h) = measure(root, line, &note_font)?;
            root.draw_text(
                line,
                &note_font.color(&p.muted),
                (margin as i32, top as i32),
            )?;
            layout.boxes.push((
                BoxKind::Footer,
                Rect::new(margin, top, w, h).scaled(1.0 / scale),
            ));
            top += line_h;
        }
    }

    // The plot: room on the left for the widest amount, on the right for half the
    // last team size, and as many x labels as fit side by side.
    let (y_lo, y_hi) = chart.y_bounds();
    let cents = !chart.log_y && y_hi <= 10.0;
    let tick_font = font(theme::TICK_SIZE, scale);
    let mut widest: f64 = 0.0;
    for v in [y_lo, y_hi, y_hi / 2.0] {
        widest = widest.max(
            measure(
                root,
                &chart
                    .y_unit
                    .tick(v, &chart.currency, cents || (chart.log_y && v < 1.0)),
                &tick_font,
            )?
            .0,
        );
    }
    let last_label = measure(
        root,
        &chart.x_unit.tick(chart.x_to as f64, &chart.currency, false),
        &tick_font,
    )?
    .0;
    let mut right = margin.max(last_label / 2.0 + s(4.0));
    if let Some((title, unit, factor)) = &chart.secondary {
        // Room for the right axis: its widest label and its title, turned.
        let label = measure(
            root,
            &unit.tick(y_hi * factor, &chart.currency, false),
            &tick_font,
        )?
        .0;
        let title_h = measure(root, title, &font(theme::AXIS_TITLE_SIZE, scale))?.1;
        right = right.max(label + title_h + s(22.0));
    }
    let y_area = widest + s(34.0);
    let plot_width = width - margin - right - y_area;
    let x_labels = ((plot_width / (last_label + s(28.0))) as usize).clamp(2, 10);
    let area = root.margin(
        y as i32,
        bottom as i32,
        (margin - s(6.0)) as i32,
        right as i32,
    );
    let (x_from, x_to) = if chart.x_from == chart.x_to {
        (chart.x_from.saturating_sub(1), chart.x_to + 1)
    } else {
        (chart.x_from, chart.x_to)
    };
    let mut builder = ChartBuilder::on(&area);
    builder
        .x_label_area_size(s(44.0) as u32)
        .y_label_area_size(y_area as u32);
    // Small counts get one tick per whole number (plotters would place halves,
    // which read as repeated numbers once rounded).
    let y_labels = if chart.y_unit == Unit::Count && !chart.log_y && y_hi <= 10.0 {
        y_hi.round() as usize + 1
    } else {
        7
    };
    let axes = Axes {
        x_labels,
        y_labels,
        cents,
    };
    // Ticks where the chart asks for them (period starts on the usage charts),
    // else plotters' evenly spaced round numbers.
    match (&chart.x_ticks, chart.log_y) {
        (Some(ticks), true) => {
            let x = (x_from..x_to).with_key_points(ticks.clone());
            let ctx = builder.build_cartesian_2d(x, (y_lo..y_hi).log_scale())?;
            plot(root, ctx, chart, scale, axes, layout)
        }
        (Some(ticks), false) => {
            let x = (x_from..x_to).with_key_points(ticks.clone());
            let ctx = builder.build_cartesian_2d(x, y_lo..y_hi)?;
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

struct Axes {
    x_labels: usize,
    y_labels: usize,
    /// Amounts with cents on a linear axis (log axes decide per tick).
    cents: bool,
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
    DB: DrawingBackend,
    X: Ranged<ValueType = u64> + ValueFormatter<u64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
    std::ops::Range<f64>: AsRangedCoord,
{
    let s = |v: f64| v * scale;
    let p = chart.palette;
    let x_ticks = |v: &u64| chart.x_unit.tick(*v as f64, &chart.currency, false);
    let y_ticks = |v: &f64| {
        chart
            .y_unit
            .tick(*v, &chart.currency, axes.cents || (chart.log_y && *v < 1.0))
    };
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
        .y_desc(chart.y_title.as_str())
        .set_all_tick_mark_size(s(4.0) as u32)
        .draw()?;

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

    let dotted = chart
        .series
        .iter()
        .all(|s| s.segments.iter().map(Vec::len).sum::<usize>() <= theme::MAX_DOTTED_POINTS);
    let mut pixel_lines = Vec::new();
    for series in &chart.series {
        for segment in &series.segments {
            let points: Vec<(f64, f64)> = segment.iter().map(to_px).collect();
            for run in plot_rect
                .grow(1.0)
                .clip_polyline(&simplify(&points, 0.3 * scale))
            {
                draw_line(root, &run, p.colour(series.style), series.style, scale)?;
                pixel_lines.push(run);
            }
            if dotted {
                for q in points.iter().filter(|q| plot_rect.grow(1.0).contains(**q)) {
                    root.draw(&Circle::new(
                        (q.0 as i32, q.1 as i32),
                        s(theme::POINT_RADIUS) as i32,
                        p.colour(series.style).filled(),
                    ))?;
                }
            }
        }
    }

    // A line leaving the top is labelled where it meets the top edge.
    let anchor = |m: &Marker| {
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
    };
    right_axis(root, &ctx, chart, plot_rect, scale)?;
    let labels = merge_close(
        chart
            .markers
            .iter()
            .map(|m| Label {
                at: anchor(m),
                lines: m.lines.clone(),
                dot: m.dot,
                also: m.also.iter().map(to_px).collect(),
            })
            .collect(),
        s(12.0),
    );
    draw_labels(
        root,
        &labels,
        &pixel_lines,
        plot_rect,
        scale,
        &mut layout,
        p,
    )?;
    Ok(layout)
}
