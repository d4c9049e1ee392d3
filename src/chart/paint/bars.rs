//! Paints a chart of horizontal bars (the sensitivity "tornado") on any
//! plotters backend, with the same page as the line charts: title, subtitle,
//! legend and footer from [`Page`], then one row per bar, widest on top, each
//! labelled on the left and at both ends, a line at the figure with every
//! input at its likely value, and a money axis below.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::layout::{BoxKind, Layout, Rect};
use super::page::Page;
use super::stroke::draw_line;
use crate::chart::font::{DrawResult, font, measure};
use crate::chart::line::{Bars, LineChart};
use crate::chart::theme::{self, LineStyle};
use crate::units::count::group_thousands;
use crate::units::money::currency_prefix;

/// Draws `bars` with the page of `chart` and returns the text boxes.
pub(super) fn draw_bars<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &LineChart,
    bars: &Bars,
    scale: f64,
) -> DrawResult<Layout, DB> {
    let mut page = Page::new(root, chart, scale);
    let below_heading = page.heading()?;
    let top = page.legend(below_heading)? + page.s(16.0);
    let bottom = page.footer()?;
    let s = |v: f64| v * scale;
    let label_font = font(theme::LEGEND_SIZE, scale);
    // On a phone's narrow page each input's name goes above its bar, across
    // the page, so the bars keep the width; else left of the bars.
    let narrow = page.narrow();
    let mut widest: f64 = 0.0;
    for row in &bars.rows {
        widest = widest.max(measure(root, &row.label, &label_font)?.0);
    }
    let widest = widest.min(page.width * 0.4);
    let beside = if narrow { 0.0 } else { widest + s(12.0) };
    let plot = Rect {
        x0: page.margin + beside,
        y0: top,
        x1: page.width - page.margin,
        y1: page.height - bottom - s(40.0),
    };
    let mut layout = page.layout;
    layout.boxes.push((BoxKind::Plot, plot.scaled(1.0 / scale)));
    let axis = Axis::fit(root, bars, &chart.currency, plot, scale)?;
    axis.draw(root, chart, bars, plot, scale)?;
    let row_h = (plot.y1 - plot.y0) / bars.rows.len().max(1) as f64;
    let thick = (row_h * 0.6).min(s(26.0));
    let p = chart.palette;
    let label_h = measure(root, "Mg", &label_font)?.1;
    for (k, row) in bars.rows.iter().enumerate() {
        // On a phone the name goes above the bar, wrapped to the plot's width.
        let above = match narrow {
            true => super::page::wrap(root, &row.label, &label_font, plot.x1 - plot.x0)?,
            false => Vec::new(),
        };
        let room = above.len() as f64 * label_h + if narrow { s(4.0) } else { 0.0 };
        let mid = plot.y0 + row_h * (k as f64 + 0.5) + room / 2.0;
        let (y0, y1) = ((mid - thick / 2.0) as i32, (mid + thick / 2.0) as i32);
        for (value, colour) in [(row.low, p.series[0]), (row.high, p.series[1])] {
            let (a, b) = (axis.px(bars.centre), axis.px(value));
            root.draw(&Rectangle::new(
                [
                    (a.min(b) as i32, y0),
                    (a.max(b).max(a.min(b) + 1.0) as i32, y1),
                ],
                colour.filled(),
            ))?;
        }
        if narrow {
            let bottom = y0 as f64 - s(4.0);
            let text = (&above[..], &label_font, p);
            names_above(root, &mut layout, text, (plot.x0, bottom), label_h, scale)?;
        } else {
            let at = (plot.x0 - s(8.0), mid);
            let anchor = Pos::new(HPos::Right, VPos::Center);
            write(
                root,
                &mut layout,
                &row.label,
                &label_font,
                p.ink,
                at,
                anchor,
                scale,
            )?;
        }
        for (value, text) in [(row.low, &row.low_label), (row.high, &row.high_label)] {
            let at = axis.px(value);
            let (x, h) = if value < bars.centre || (value == bars.centre && text == &row.low_label)
            {
                (at - s(6.0), HPos::Right)
            } else {
                (at + s(6.0), HPos::Left)
            };
            let tick = font(theme::TICK_SIZE, scale);
            write(
                root,
                &mut layout,
                text,
                &tick,
                p.muted,
                (x, mid),
                Pos::new(h, VPos::Center),
                scale,
            )?;
        }
    }
    Ok(layout)
}

/// The money axis: the span of every bar, 0 and the centre, with room at both
/// ends for the bars' end labels.
struct Axis {
    lo: f64,
    hi: f64,
    /// Pixels of the span's two ends.
    left: f64,
    right: f64,
    step: f64,
}

impl Axis {
    fn fit<DB: DrawingBackend>(
        root: &DrawingArea<DB, Shift>,
        bars: &Bars,
        currency: &str,
        plot: Rect,
        scale: f64,
    ) -> DrawResult<Axis, DB> {
        let values = bars.rows.iter().flat_map(|r| [r.low, r.high]);
        let all: Vec<f64> = values.chain([bars.centre, 0.0]).collect();
        let lo = all.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let hi = if hi - lo < 1e-9 { lo + 1.0 } else { hi };
        let tick = font(theme::TICK_SIZE, scale);
        let mut room: f64 = 0.0;
        for row in &bars.rows {
            for text in [&row.low_label, &row.high_label] {
                room = room.max(measure(root, text, &tick)?.0);
            }
        }
        let room = room + scale * 10.0;
        let (left, right) = (plot.x0 + room, (plot.x1 - room).max(plot.x0 + room + 1.0));
        // As many ticks as fit with a label's width between them, at most six.
        let mut label_w: f64 = 0.0;
        for v in [lo, hi] {
            let text = signed_money(v, currency);
            label_w = label_w.max(measure(root, &text, &tick)?.0);
        }
        let fit = ((right - left) / (2.0 * label_w + scale * 8.0)).floor();
        Ok(Axis {
            lo,
            hi,
            left,
            right,
            step: nice_step((hi - lo) / fit.clamp(1.0, 5.0)),
        })
    }

    fn px(&self, v: f64) -> f64 {
        self.left + (v - self.lo) / (self.hi - self.lo) * (self.right - self.left)
    }

    /// Grid lines and ticks, the line at 0 (both cost the same) and the dashed
    /// line at the centre, with its label above the bars.
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        chart: &LineChart,
        bars: &Bars,
        plot: Rect,
        scale: f64,
    ) -> DrawResult<(), DB> {
        let p = chart.palette;
        let (y0, y1) = (plot.y0 as i32, plot.y1 as i32);
        let width = (scale).max(1.0) as u32;
        let tick_font = font(theme::TICK_SIZE, scale).color(&p.muted);
        let mut v = (self.lo / self.step).ceil() * self.step;
        while v <= self.hi + 1e-9 {
            let x = self.px(v) as i32;
            root.draw(&PathElement::new(
                vec![(x, y0), (x, y1)],
                p.grid.stroke_width(width),
            ))?;
            let text = signed_money(v, &chart.currency);
            let style = tick_font.clone().pos(Pos::new(HPos::Center, VPos::Top));
            root.draw_text(&text, &style, (x, y1 + (scale * 6.0) as i32))?;
            v += self.step;
        }
        root.draw(&PathElement::new(
            vec![(plot.x0 as i32, y1), (plot.x1 as i32, y1)],
            p.axis.stroke_width(width),
        ))?;
        let zero = self.px(0.0) as i32;
        root.draw(&PathElement::new(
            vec![(zero, y0), (zero, y1)],
            p.axis.stroke_width(2 * width),
        ))?;
        let centre = self.px(bars.centre);
        let dashed = LineStyle {
            colour: usize::MAX,
            dash: Some((5.0, 4.0)),
        };
        let line = [(centre, plot.y0 - scale * 4.0), (centre, plot.y1)];
        draw_line(root, &line, p.ink, dashed, scale * 0.5)?;
        let label_font = font(theme::TICK_SIZE, scale);
        // Centred on its line, moved in where it would leave the plot's sides.
        let half = measure(root, &bars.centre_label, &label_font)?.0 / 2.0;
        let label = label_font.color(&p.ink);
        let x = centre.clamp(plot.x0 + half, (plot.x1 - half).max(plot.x0 + half));
        let style = label.pos(Pos::new(HPos::Center, VPos::Bottom));
        root.draw_text(
            &bars.centre_label,
            &style,
            (x as i32, (plot.y0 - scale * 6.0) as i32),
        )?;
        // The title under the axis, centred on the page's text column and
        // wrapped to it (a phone's is narrower than the title).
        let title_font = font(theme::AXIS_TITLE_SIZE, scale);
        let (left, right) = (
            scale * theme::MARGIN,
            root.dim_in_pixel().0 as f64 - scale * theme::MARGIN,
        );
        let lines = super::page::wrap(root, &bars.x_title, &title_font, right - left)?;
        let line_h = measure(root, "Mg", &title_font)?.1 + scale * 2.0;
        let style = title_font
            .color(&p.ink)
            .pos(Pos::new(HPos::Center, VPos::Top));
        let mid = ((plot.x0 + plot.x1) / 2.0).clamp(left, right);
        for (k, line) in lines.iter().enumerate() {
            let half = measure(root, line, &title_font)?.0 / 2.0;
            let x = mid.clamp(left + half, (right - half).max(left + half));
            let y = y1 as f64 + scale * 22.0 + line_h * k as f64;
            root.draw_text(line, &style, (x as i32, y as i32))?;
        }
        Ok(())
    }
}

/// An input's name in `lines` above its bar, the last line's bottom at `at`,
/// each on the page's colour so the grid lines do not run through it.
fn names_above<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    layout: &mut Layout,
    (lines, label_font, p): (&[String], &FontDesc<'_>, theme::Palette),
    at: (f64, f64),
    line_h: f64,
    scale: f64,
) -> DrawResult<(), DB> {
    let anchor = Pos::new(HPos::Left, VPos::Center);
    for (i, line) in lines.iter().enumerate() {
        let mid = at.1 - line_h * ((lines.len() - i) as f64 - 0.5);
        let w = measure(root, line, label_font)?.0;
        let corners = [
            (at.0 as i32, (mid - line_h / 2.0) as i32),
            ((at.0 + w + scale * 3.0) as i32, (mid + line_h / 2.0) as i32),
        ];
        root.draw(&Rectangle::new(corners, p.background.filled()))?;
        write(
            root,
            layout,
            line,
            label_font,
            p.ink,
            (at.0, mid),
            anchor,
            scale,
        )?;
    }
    Ok(())
}

/// Writes `text` anchored at `at` and records its box.
#[allow(clippy::too_many_arguments)]
fn write<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    layout: &mut Layout,
    text: &str,
    f: &FontDesc<'_>,
    colour: RGBColor,
    at: (f64, f64),
    anchor: Pos,
    scale: f64,
) -> DrawResult<(), DB> {
    let (w, h) = measure(root, text, f)?;
    let style = f.color(&colour).pos(anchor);
    root.draw_text(text, &style, (at.0 as i32, at.1 as i32))?;
    let x = match anchor.h_pos {
        HPos::Left => at.0,
        HPos::Center => at.0 - w / 2.0,
        HPos::Right => at.0 - w,
    };
    let rect = Rect::new(x, at.1 - h / 2.0, w, h).scaled(1.0 / scale);
    layout.boxes.push((BoxKind::Label, rect));
    Ok(())
}

/// A round step near `raw`: 1, 2 or 5 × 10^k.
fn nice_step(raw: f64) -> f64 {
    let base = 10f64.powf(raw.max(1e-9).log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * base)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * base)
}

/// `−$50`, `$0`, `$100`: money on an axis that crosses zero.
fn signed_money(v: f64, currency: &str) -> String {
    let sign = if v < -1e-9 { "−" } else { "" };
    let amount = v.abs();
    let digits = if amount.fract().abs() < 1e-9 || amount >= 100.0 {
        group_thousands(&format!("{:.0}", amount))
    } else {
        format!("{:.2}", amount)
    };
    format!("{sign}{}{digits}", currency_prefix(currency))
}
