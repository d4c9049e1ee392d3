//! Paints a [`CostChart`] on any plotters backend: one generic function, so the
//! SVG and the PNG are the same drawing at two scales.

use plotters::coord::Shift;
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::coord::types::RangedCoordu64;
use plotters::prelude::*;
use plotters::style::FontStyle;

use super::cost::{CostChart, money_tick};
use super::font::FAMILY;
use super::layout::{BoxKind, Layout, Rect, place, simplify};
use super::theme::{self, LineStyle};
use crate::engine::money;

type DrawResult<T, DB> = Result<T, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

fn font(size: f64, scale: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FAMILY), size * scale, FontStyle::Normal)
}

/// Built bold from the start: `FontDesc::style` keeps the regular glyphs.
fn bold(size: f64, scale: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FAMILY), size * scale, FontStyle::Bold)
}

/// Measures `text` in pixels with the embedded font.
fn measure<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    f: &FontDesc<'_>,
) -> DrawResult<(f64, f64), DB> {
    let (w, h) = root.estimate_text_size(text, &TextStyle::from(f.clone()))?;
    Ok((w as f64, h as f64))
}

/// Draws `chart` on `root` at `scale` × the SVG size and returns its text boxes.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &CostChart,
    scale: f64,
) -> DrawResult<Layout, DB> {
    root.fill(&theme::BACKGROUND)?;
    let mut layout = Layout::default();
    let s = |v: f64| v * scale;
    let (width, _) = root.dim_in_pixel();
    let width = width as f64;

    // Title and subtitle.
    let mut y = s(theme::MARGIN - 4.0);
    for (text, size, is_bold, color, kind) in [
        (
            &chart.title,
            theme::TITLE_SIZE,
            true,
            theme::INK,
            BoxKind::Title,
        ),
        (
            &chart.subtitle,
            theme::SUBTITLE_SIZE,
            false,
            theme::MUTED,
            BoxKind::Subtitle,
        ),
    ] {
        let f = if is_bold {
            bold(size, scale)
        } else {
            font(size, scale)
        };
        let (w, h) = measure(root, text, &f)?;
        root.draw_text(text, &f.color(&color), (s(theme::MARGIN) as i32, y as i32))?;
        layout.boxes.push((
            kind,
            Rect::new(s(theme::MARGIN), y, w, h).scaled(1.0 / scale),
        ));
        y += h + s(6.0);
    }

    // Legend: one row of entries, wrapped as needed, above the plot.
    y += s(4.0);
    let legend_font = font(theme::LEGEND_SIZE, scale);
    let (sample, gap, spacing) = (s(24.0), s(6.0), s(18.0));
    let mut x = s(theme::MARGIN);
    let mut row_h = 0.0f64;
    for series in &chart.series {
        let (w, h) = measure(root, &series.name, &legend_font)?;
        let entry_w = sample + gap + w;
        if x + entry_w > width - s(theme::MARGIN) && x > s(theme::MARGIN) {
            x = s(theme::MARGIN);
            y += row_h + s(6.0);
        }
        let mid = y + h / 2.0;
        draw_line(root, &[(x, mid), (x + sample, mid)], series.style, scale)?;
        root.draw_text(
            &series.name,
            &legend_font.color(&theme::INK),
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

    // The plot.
    let (y_lo, y_hi) = chart.y_bounds();
    // A log axis shows cents only below $1 (its ticks are powers of ten).
    let cents = if chart.log_y {
        y_lo < 1.0
    } else {
        y_hi <= 10.0
    };
    let tick_font = font(theme::TICK_SIZE, scale);
    let widest = [y_lo, y_hi, y_hi / 2.0]
        .iter()
        .map(|v| measure(root, &money_tick(*v, &chart.currency, cents), &tick_font).map(|m| m.0))
        .collect::<Result<Vec<f64>, _>>()?
        .into_iter()
        .fold(0.0, f64::max);
    let y_area = widest + s(34.0);
    let area = root.margin(
        y as i32,
        s(theme::MARGIN) as i32,
        s(theme::MARGIN - 6.0) as i32,
        s(theme::MARGIN) as i32,
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
    if chart.log_y {
        let ctx = builder.build_cartesian_2d(x_from..x_to, (y_lo..y_hi).log_scale())?;
        plot(root, ctx, chart, scale, cents, layout)
    } else {
        let ctx = builder.build_cartesian_2d(x_from..x_to, y_lo..y_hi)?;
        plot(root, ctx, chart, scale, cents, layout)
    }
}

/// The axes, lines and break-even labels, for a linear or a log y axis.
fn plot<DB, Y>(
    root: &DrawingArea<DB, Shift>,
    mut ctx: ChartContext<DB, Cartesian2d<RangedCoordu64, Y>>,
    chart: &CostChart,
    scale: f64,
    cents: bool,
    mut layout: Layout,
) -> DrawResult<Layout, DB>
where
    DB: DrawingBackend,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
    std::ops::Range<f64>: AsRangedCoord,
{
    let s = |v: f64| v * scale;
    let x_ticks = |v: &u64| money::group_thousands(&v.to_string());
    let y_ticks = |v: &f64| money_tick(*v, &chart.currency, cents);
    ctx.configure_mesh()
        .disable_x_mesh()
        .bold_line_style(theme::GRID.stroke_width(s(1.0).max(1.0) as u32))
        .light_line_style(TRANSPARENT)
        .axis_style(theme::AXIS.stroke_width(s(1.0).max(1.0) as u32))
        .x_labels(10)
        .y_labels(7)
        .x_label_formatter(&x_ticks)
        .y_label_formatter(&y_ticks)
        .label_style(font(theme::TICK_SIZE, scale).color(&theme::MUTED))
        .axis_desc_style(font(theme::AXIS_TITLE_SIZE, scale).color(&theme::INK))
        .x_desc("Team size (users)")
        .y_desc(chart.y_title())
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
                draw_line(root, &run, series.style, scale)?;
                pixel_lines.push(run);
            }
            if dotted {
                for p in points.iter().filter(|p| plot_rect.grow(1.0).contains(**p)) {
                    root.draw(&Circle::new(
                        (p.0 as i32, p.1 as i32),
                        s(theme::POINT_RADIUS) as i32,
                        series.style.color.filled(),
                    ))?;
                }
            }
        }
    }

    // Break-even markers, then their labels where they fit.
    let anchors: Vec<(f64, f64)> = chart.markers.iter().map(|m| to_px(&(m.x, m.y))).collect();
    let mut taken: Vec<Rect> = layout
        .boxes
        .iter()
        .filter(|(k, _)| *k != BoxKind::Plot)
        .map(|(_, r)| r.scaled(scale))
        .collect();
    taken.extend(
        anchors
            .iter()
            .map(|&(x, y)| Rect::new(x, y, 0.0, 0.0).grow(s(theme::MARKER_RADIUS + 2.0))),
    );
    let label_font = font(theme::NOTE_SIZE, scale);
    let pad = s(4.0);
    for (marker, &anchor) in chart.markers.iter().zip(&anchors) {
        let sizes = marker
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                measure(
                    root,
                    l,
                    &if i == 0 {
                        bold(theme::NOTE_SIZE, scale)
                    } else {
                        label_font.clone()
                    },
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        let line_h = sizes.iter().map(|m| m.1).fold(0.0, f64::max) + s(2.0);
        let w = sizes.iter().map(|m| m.0).fold(0.0, f64::max) + 2.0 * pad;
        let h = line_h * marker.lines.len() as f64 + 2.0 * pad - s(2.0);
        let Some(rect) = place(
            anchor,
            (w, h),
            &plot_rect.grow(-s(2.0)),
            &taken,
            &pixel_lines,
            s(12.0),
        ) else {
            layout.dropped_labels += 1;
            continue;
        };
        let near = (
            anchor.0.clamp(rect.x0, rect.x1),
            anchor.1.clamp(rect.y0, rect.y1),
        );
        root.draw(&PathElement::new(
            vec![
                (anchor.0 as i32, anchor.1 as i32),
                (near.0 as i32, near.1 as i32),
            ],
            theme::LABEL_BORDER.stroke_width(s(1.0) as u32),
        ))?;
        root.draw(&Rectangle::new(
            [
                (rect.x0 as i32, rect.y0 as i32),
                (rect.x1 as i32, rect.y1 as i32),
            ],
            theme::BACKGROUND.mix(0.93).filled(),
        ))?;
        root.draw(&Rectangle::new(
            [
                (rect.x0 as i32, rect.y0 as i32),
                (rect.x1 as i32, rect.y1 as i32),
            ],
            theme::LABEL_BORDER.stroke_width(s(1.0) as u32),
        ))?;
        for (i, line) in marker.lines.iter().enumerate() {
            let style = if i == 0 {
                bold(theme::NOTE_SIZE, scale)
            } else {
                label_font.clone()
            };
            root.draw_text(
                line,
                &style.color(&theme::INK),
                (
                    (rect.x0 + pad) as i32,
                    (rect.y0 + pad + line_h * i as f64) as i32,
                ),
            )?;
        }
        taken.push(rect);
        layout
            .boxes
            .push((BoxKind::Label, rect.scaled(1.0 / scale)));
    }
    for &(x, y) in &anchors {
        let at = (x as i32, y as i32);
        root.draw(&Circle::new(
            at,
            s(theme::MARKER_RADIUS) as i32,
            theme::BACKGROUND.filled(),
        ))?;
        root.draw(&Circle::new(
            at,
            s(theme::MARKER_RADIUS) as i32,
            theme::INK.stroke_width(s(1.6) as u32),
        ))?;
    }
    Ok(layout)
}

/// A polyline in a model's style (solid or dashed) in pixel coordinates.
fn draw_line<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    points: &[(f64, f64)],
    style: LineStyle,
    scale: f64,
) -> DrawResult<(), DB> {
    let stroke = style
        .color
        .stroke_width((theme::LINE_WIDTH * scale).round() as u32);
    let mut pixels: Vec<(i32, i32)> = points
        .iter()
        .map(|p| (p.0.round() as i32, p.1.round() as i32))
        .collect();
    pixels.dedup();
    // plotters' thick-line rasteriser skews the last segment of a path; a one-pixel
    // collinear stub at the end takes the skew where it cannot be seen.
    if let [.., a, b] = pixels[..] {
        let (dx, dy) = ((b.0 - a.0).signum(), (b.1 - a.1).signum());
        pixels.push((b.0 + dx, b.1 + dy));
    }
    match style.dash {
        None => root.draw(&PathElement::new(pixels, stroke)),
        Some((dash, gap)) => {
            let (dash, gap) = ((dash * scale) as u32, (gap * scale) as u32);
            root.draw(&plotters::element::DashedPathElement::new(
                pixels, dash, gap, stroke,
            ))
        }
    }
}
