//! Filled shapes behind the lines, cut to the plot so that no backend paints
//! outside it: shaded bands (P5–P95 of a cost over the draws; each run one
//! polygon, its top edge left to right and its bottom edge back) and columns
//! (a usage chart's counts).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::layout::Rect;
use crate::chart::font::{DrawResult, font, measure};
use crate::chart::line::{Band, LineChart};
use crate::chart::theme;

/// How strongly a band is tinted with its line's colour.
const BAND_OPACITY: f64 = 0.18;

/// Fills every band of `chart` in its model's colour, lightly, edged above
/// and below by a thin line of that colour, so it reads as a spread around
/// its own line rather than a highlighted zone, and writes its label above
/// its right end. Returns the labels' boxes, for the callouts to keep clear of.
pub(super) fn draw_bands<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &LineChart,
    plot: Rect,
    scale: f64,
    to_px: &impl Fn(&(u64, f64)) -> (f64, f64),
) -> DrawResult<Vec<Rect>, DB> {
    let mut boxes = Vec::new();
    for band in &chart.bands {
        let line = chart.palette.colour(band.style);
        let colour = line.mix(BAND_OPACITY);
        for run in &band.segments {
            let top = run.iter().map(|&(n, _, high)| to_px(&(n, high)));
            let bottom = run.iter().rev().map(|&(n, low, _)| to_px(&(n, low)));
            let outline: Vec<(f64, f64)> = top.chain(bottom).collect();
            let cut = clip_polygon(&outline, plot);
            if cut.len() >= 3 {
                let pixels: Vec<(i32, i32)> = cut
                    .iter()
                    .map(|p| (p.0.round() as i32, p.1.round() as i32))
                    .collect();
                root.draw(&Polygon::new(pixels, colour.filled()))?;
            }
            for edge in [0, 1] {
                let points: Vec<(f64, f64)> = run
                    .iter()
                    .map(|&(n, low, high)| to_px(&(n, if edge == 0 { low } else { high })))
                    .collect();
                for part in plot.clip_polyline(&points) {
                    let pixels: Vec<(i32, i32)> =
                        part.iter().map(|p| (p.0 as i32, p.1 as i32)).collect();
                    let stroke = line.mix(0.55).stroke_width((scale * 0.75) as u32);
                    root.draw(&PathElement::new(pixels, stroke))?;
                }
            }
        }
        if let Some(rect) = band_label(root, chart, band, plot, scale, to_px)? {
            boxes.push(rect);
        }
    }
    Ok(boxes)
}

/// The band's label, right-aligned at the plot's right edge just above the
/// band's top there, in the page's muted ink; its box in pixels.
fn band_label<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &LineChart,
    band: &Band,
    plot: Rect,
    scale: f64,
    to_px: &impl Fn(&(u64, f64)) -> (f64, f64),
) -> DrawResult<Option<Rect>, DB> {
    let last = band.segments.iter().flatten().last();
    let (false, Some(&(n, _, high))) = (band.label.is_empty(), last) else {
        return Ok(None);
    };
    let note = font(theme::NOTE_SIZE, scale);
    let (w, h) = measure(root, &band.label, &note)?;
    let top = to_px(&(n, high)).1.max(plot.y0 + h + scale * 4.0);
    let at = (plot.x1 - w - scale * 4.0, top - h - scale * 3.0);
    let style = note.color(&chart.palette.muted);
    root.draw_text(&band.label, &style, (at.0 as i32, at.1 as i32))?;
    Ok(Some(Rect::new(at.0, at.1, w, h)))
}

/// How strongly a column of a period counted in part is tinted.
const PART_OPACITY: f64 = 0.45;

/// Fills the chart's columns in their colour (paler for a period counted in part), each across its period with a
/// fifth of its width left as a gap (none when that would be under 2 pixels),
/// from the x axis up to its count.
pub(super) fn draw_columns<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &LineChart,
    plot: Rect,
    to_px: &impl Fn(&(u64, f64)) -> (f64, f64),
) -> DrawResult<(), DB> {
    let Some(columns) = &chart.columns else {
        return Ok(());
    };
    let colour = chart.palette.colour(columns.style);
    let last = columns.bars.len().saturating_sub(1);
    for (k, &(from, to, count)) in columns.bars.iter().enumerate() {
        let part = (k == 0 && columns.part.0) || (k == last && columns.part.1);
        let fill = if part {
            colour.mix(PART_OPACITY).filled()
        } else {
            colour.filled()
        };
        let (x0, top) = to_px(&(from, count));
        let (x1, base) = to_px(&(to, 0.0));
        let gap = (x1 - x0) / 5.0;
        let gap = if gap >= 2.0 { gap / 2.0 } else { 0.0 };
        let (x0, x1) = ((x0 + gap).max(plot.x0), (x1 - gap).min(plot.x1));
        let (top, base) = (top.max(plot.y0), base.min(plot.y1));
        if x1 > x0 && base > top {
            let corners = [
                (x0.round() as i32, top.round() as i32),
                (x1.round() as i32, base.round() as i32),
            ];
            root.draw(&Rectangle::new(corners, fill))?;
        }
    }
    Ok(())
}

/// The part of a polygon inside `rect` (Sutherland–Hodgman, one edge at a time).
pub(super) fn clip_polygon(points: &[(f64, f64)], rect: Rect) -> Vec<(f64, f64)> {
    type Inside = fn(&Rect, (f64, f64)) -> bool;
    type Cross = fn(&Rect, (f64, f64), (f64, f64)) -> (f64, f64);
    let edges: [(Inside, Cross); 4] = [
        (|r, p| p.0 >= r.x0, |r, p, q| at_x_of(r.x0, p, q)),
        (|r, p| p.0 <= r.x1, |r, p, q| at_x_of(r.x1, p, q)),
        (|r, p| p.1 >= r.y0, |r, p, q| at_y_of(r.y0, p, q)),
        (|r, p| p.1 <= r.y1, |r, p, q| at_y_of(r.y1, p, q)),
    ];
    let mut out = points.to_vec();
    for (inside, cross) in edges {
        let input = std::mem::take(&mut out);
        for (k, &q) in input.iter().enumerate() {
            let p = input[(k + input.len() - 1) % input.len()];
            match (inside(&rect, p), inside(&rect, q)) {
                (true, true) => out.push(q),
                (true, false) => out.push(cross(&rect, p, q)),
                (false, true) => {
                    out.push(cross(&rect, p, q));
                    out.push(q);
                }
                (false, false) => {}
            }
        }
    }
    out
}

/// Where the segment p–q crosses the vertical line at `x`.
fn at_x_of(x: f64, p: (f64, f64), q: (f64, f64)) -> (f64, f64) {
    (x, p.1 + (q.1 - p.1) * (x - p.0) / (q.0 - p.0))
}

/// Where the segment p–q crosses the horizontal line at `y`.
fn at_y_of(y: f64, p: (f64, f64), q: (f64, f64)) -> (f64, f64) {
    (p.0 + (q.0 - p.0) * (y - p.1) / (q.1 - p.1), y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_polygon_is_cut_to_the_rectangle() {
        let rect = Rect::new(0.0, 0.0, 10.0, 10.0);
        // A band from x = 2 to 8 whose top (y = −5) is above the plot.
        let cut = clip_polygon(&[(2.0, -5.0), (8.0, -5.0), (8.0, 5.0), (2.0, 5.0)], rect);
        assert_eq!(cut.len(), 4);
        assert!(cut.iter().all(|p| p.1 >= 0.0 && p.1 <= 10.0), "{cut:?}");
        assert!(
            cut.contains(&(2.0, 0.0)) && cut.contains(&(8.0, 5.0)),
            "{cut:?}"
        );
        // A diagonal edge crossing the right side is cut where it crosses it.
        let cut = clip_polygon(&[(5.0, 2.0), (15.0, 2.0), (5.0, 8.0)], rect);
        assert!(
            cut.contains(&(10.0, 2.0)) && cut.contains(&(10.0, 5.0)),
            "{cut:?}"
        );
        assert!(clip_polygon(&[(20.0, 20.0), (30.0, 20.0), (30.0, 30.0)], rect).is_empty());
    }
}
