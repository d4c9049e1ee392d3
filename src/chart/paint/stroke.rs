//! Lines in a model's style, shared by the plot and the legend's samples so
//! the two always look alike.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::chart::font::DrawResult;
use crate::chart::theme::{self, LineStyle};

/// A polyline in a model's style (solid or dashed) in pixel coordinates.
pub(super) fn draw_line<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    points: &[(f64, f64)],
    colour: RGBColor,
    style: LineStyle,
    scale: f64,
) -> DrawResult<(), DB> {
    let stroke = colour.stroke_width((theme::LINE_WIDTH * scale).round() as u32);
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
