//! The PNG's canvas: a plotters backend over tiny-skia. Lines are
//! anti-aliased paths with round joins (a sharp spike stays a spike, never a
//! mitre running off the chart), cut to the clip the painter sets, and text
//! is set with the font's own advances and kerning (`glyphs`).

use std::convert::Infallible;
use std::io::Write;

use plotters::style::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle,
};
use tiny_skia::{
    Color, FillRule, LineCap, LineJoin, Mask, Paint, Path, PathBuilder, PixmapMut, Rect, Stroke,
    Transform,
};

use super::clip::Clip;
use super::font::face;
use super::glyphs::{layout, rasterise, x_height};

type Result = std::result::Result<(), DrawingErrorKind<Infallible>>;
type Corners = (BackendCoord, BackendCoord);

/// The buffers one thread draws its PNGs in, kept from chart to chart: a
/// fresh 6 MB canvas per chart costs more in page faults than drawing it.
#[derive(Default)]
pub struct Canvas {
    pixels: Vec<u8>,
    /// The last clip built, by its corners.
    mask: Option<(Corners, Mask)>,
}

impl Canvas {
    /// A `width × height` backend over this canvas. What the last chart left
    /// stays until the page is filled, which is the first thing a chart draws.
    pub fn raster(&mut self, width: u32, height: u32) -> Raster<'_> {
        let n = width as usize * height as usize * 4;
        if self.pixels.len() != n {
            // Fresh zeroed pages from the system, not a second pass writing zeros.
            self.pixels = vec![0; n];
        }
        let pixmap = PixmapMut::from_bytes(&mut self.pixels, width, height)
            .expect("a canvas of a sensible size");
        Raster {
            pixmap,
            clip: None,
            mask: &mut self.mask,
        }
    }

    /// Writes the pixels to `out` as 8-bit RGB rows (the page is opaque, so
    /// alpha is dropped), a few rows at a time through a small buffer that
    /// stays in the cache.
    pub fn write_rgb(&self, width: u32, out: &mut impl Write) -> std::io::Result<()> {
        let band = width as usize * 4 * 32;
        let mut rgb = Vec::with_capacity(band / 4 * 3);
        for rows in self.pixels.chunks(band) {
            rgb.clear();
            for px in rows.chunks_exact(16) {
                rgb.extend_from_slice(&[
                    px[0], px[1], px[2], px[4], px[5], px[6], px[8], px[9], px[10], px[12], px[13],
                    px[14],
                ]);
            }
            for px in rows.chunks_exact(16).remainder().chunks_exact(4) {
                rgb.extend_from_slice(&px[..3]);
            }
            out.write_all(&rgb)?;
        }
        Ok(())
    }
}

/// Draws on a canvas (opaque once the page is filled).
pub struct Raster<'a> {
    pixmap: PixmapMut<'a>,
    /// The clip in force, if any; `mask` is the last one built.
    clip: Option<Corners>,
    mask: &'a mut Option<(Corners, Mask)>,
}

impl Raster<'_> {
    fn fill(&mut self, path: &Path, color: BackendColor) {
        let paint = paint(color);
        let mask = active(&self.clip, self.mask);
        let identity = Transform::identity();
        self.pixmap
            .fill_path(path, &paint, FillRule::Winding, identity, mask);
    }

    fn stroke(&mut self, path: &Path, color: BackendColor, width: u32) {
        let stroke = Stroke {
            width: width.max(1) as f32,
            line_cap: LineCap::Butt,
            line_join: LineJoin::Round,
            ..Stroke::default()
        };
        let paint = paint(color);
        let mask = active(&self.clip, self.mask);
        let identity = Transform::identity();
        self.pixmap
            .stroke_path(path, &paint, &stroke, identity, mask);
    }

    /// Blends `color` at `coverage` into the pixel at `(x, y)`, if on the canvas.
    fn blend(&mut self, (x, y): BackendCoord, color: BackendColor, coverage: f32) {
        let (w, h) = (self.pixmap.width() as i32, self.pixmap.height() as i32);
        if x < 0 || y < 0 || x >= w || y >= h {
            return;
        }
        // Coverage × opacity in 0..=255, then dst + (src − dst) × a / 255.
        let a = (coverage * color.alpha as f32 * 255.0).clamp(0.0, 255.0) as u32;
        if a == 0 {
            return;
        }
        let i = ((y * w + x) * 4) as usize;
        let px = &mut self.pixmap.data_mut()[i..i + 4];
        let (r, g, b) = color.rgb;
        for (dst, src) in px.iter_mut().zip([r, g, b, 255]) {
            let d = *dst as u32;
            *dst = ((src as u32 * a + d * (255 - a) + 127) / 255) as u8;
        }
    }
}

/// The mask of the clip in force, if one is.
fn active<'a>(clip: &Option<Corners>, mask: &'a Option<(Corners, Mask)>) -> Option<&'a Mask> {
    match (clip, mask) {
        (Some(rect), Some((built, mask))) if rect == built => Some(mask),
        _ => None,
    }
}

fn paint(color: BackendColor) -> Paint<'static> {
    let mut paint = Paint::default();
    let (r, g, b) = color.rgb;
    let alpha = (color.alpha.clamp(0.0, 1.0) * 255.0).round() as u8;
    paint.set_color_rgba8(r, g, b, alpha);
    paint.anti_alias = true;
    paint
}

/// A polyline through `points`, moved by `shift` (half a pixel for odd widths,
/// so a one-pixel line covers one row of pixels, not two halves).
fn polyline(points: impl IntoIterator<Item = BackendCoord>, shift: f32) -> Option<Path> {
    let mut pb = PathBuilder::new();
    for (i, (x, y)) in points.into_iter().enumerate() {
        let (x, y) = (x as f32 + shift, y as f32 + shift);
        if i == 0 {
            pb.move_to(x, y);
        } else {
            pb.line_to(x, y);
        }
    }
    pb.finish()
}

fn shift(width: u32) -> f32 {
    if width % 2 == 1 { 0.5 } else { 0.0 }
}

impl Clip for Raster<'_> {
    fn clip(&mut self, rect: Option<Corners>) {
        self.clip = rect;
        let Some(((x0, y0), (x1, y1))) = rect else {
            return;
        };
        if self
            .mask
            .as_ref()
            .is_some_and(|(built, _)| Some(*built) == rect)
        {
            return;
        }
        let (w, h) = (self.pixmap.width(), self.pixmap.height());
        let mut mask = Mask::new(w, h).expect("a mask the canvas's size");
        if let Some(r) = Rect::from_ltrb(x0 as f32, y0 as f32, x1 as f32, y1 as f32) {
            let identity = Transform::identity();
            mask.fill_path(
                &PathBuilder::from_rect(r),
                FillRule::Winding,
                false,
                identity,
            );
        }
        *self.mask = Some((((x0, y0), (x1, y1)), mask));
    }
}

impl DrawingBackend for Raster<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        (self.pixmap.width(), self.pixmap.height())
    }

    fn ensure_prepared(&mut self) -> Result {
        Ok(())
    }

    fn present(&mut self) -> Result {
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result {
        self.blend(point, color, 1.0);
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result {
        self.draw_path([from, to], style)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result {
        let width = style.stroke_width();
        if let Some(path) = polyline(path, shift(width)) {
            self.stroke(&path, style.color(), width);
        }
        Ok(())
    }

    /// A box over pixels `upper_left..=bottom_right`, filled or framed.
    fn draw_rect<S: BackendStyle>(
        &mut self,
        (x0, y0): BackendCoord,
        (x1, y1): BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result {
        let (l, t, r, b) = (
            x0.min(x1) as f32,
            y0.min(y1) as f32,
            x0.max(x1) as f32,
            y0.max(y1) as f32,
        );
        let (w, h) = (self.pixmap.width() as f32, self.pixmap.height() as f32);
        let whole = l <= 0.0 && t <= 0.0 && r + 1.0 >= w && b + 1.0 >= h;
        if fill && whole && style.color().alpha >= 1.0 && self.clip.is_none() {
            // The page: a plain fill, no rasteriser.
            let (red, green, blue) = style.color().rgb;
            self.pixmap.fill(Color::from_rgba8(red, green, blue, 255));
        } else if fill {
            if let Some(rect) = Rect::from_ltrb(l, t, r + 1.0, b + 1.0) {
                self.fill(&PathBuilder::from_rect(rect), style.color());
            }
        } else {
            let width = style.stroke_width();
            let d = shift(width);
            if let Some(rect) = Rect::from_ltrb(l + d, t + d, r + d, b + d) {
                self.stroke(&PathBuilder::from_rect(rect), style.color(), width);
            }
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        (x, y): BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result {
        if let Some(circle) = PathBuilder::from_circle(x as f32, y as f32, radius as f32) {
            if fill {
                self.fill(&circle, style.color());
            } else {
                self.stroke(&circle, style.color(), style.stroke_width());
            }
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result {
        let mut pb = PathBuilder::new();
        for (i, (x, y)) in vert.into_iter().enumerate() {
            if i == 0 {
                pb.move_to(x as f32, y as f32);
            } else {
                pb.line_to(x as f32, y as f32);
            }
        }
        pb.close();
        if let Some(path) = pb.finish() {
            self.fill(&path, style.color());
        }
        Ok(())
    }

    /// Text as an SVG viewer sets it: an em of `size / 1.24` pixels (the
    /// `font-size` plotters writes into the SVG), the baseline 0.76 em below a
    /// top anchor, half an x-height below a centre one, glyphs kerned.
    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Result {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let face = face(matches!(style.style(), FontStyle::Bold));
        let em = (style.size() / 1.24) as f32;
        let line = layout(face, em, text, true);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0.0,
            HPos::Center => -line.width / 2.0,
            HPos::Right => -line.width,
        };
        let baseline = match style.anchor().v_pos {
            VPos::Top => 0.76 * em,
            VPos::Center => 0.5 * x_height(face, em),
            VPos::Bottom => -0.5 * x_height(face, em),
        };
        let turn = style.transform();
        rasterise(face, &line, (dx, baseline), |x, y, c| {
            let (x, y) = turn.transform(x, y);
            self.blend((pos.0 + x, pos.1 + y), color, c);
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use plotters::style::{BLACK, Color, WHITE};

    use super::*;
    use crate::chart::font::font;
    use crate::chart::theme::LEGEND_SIZE;

    /// The darkness (0 white … 255 black) of each pixel in row `y` of `canvas`.
    fn row(canvas: &Canvas, width: usize, y: usize) -> Vec<u8> {
        let px = &canvas.pixels[y * width * 4..(y + 1) * width * 4];
        px.chunks_exact(4).map(|p| 255 - p[0]).collect()
    }

    #[test]
    fn the_t_in_teams_stands_clear_of_the_e() {
        let (w, h) = (200, 60);
        let mut canvas = Canvas::default();
        {
            let mut r = canvas.raster(w, h);
            r.draw_rect((0, 0), (w as i32 - 1, h as i32 - 1), &WHITE.filled(), true)
                .unwrap();
            let style = font(LEGEND_SIZE, 2.0).color(&BLACK);
            r.draw_text("Teams", &style, (4, 4)).unwrap();
        }
        // The rows through the middle of the lower-case letters: under the T's
        // bar, across its stem and the e. Baseline 0.76 em below the top.
        let em = LEGEND_SIZE * 2.0 / 1.24;
        let baseline = 4.0 + 0.76 * em;
        let rows = (baseline - 0.4 * em) as usize..(baseline - 0.15 * em) as usize;
        for y in rows {
            let r = row(&canvas, w as usize, y);
            let stem_end = r.iter().position(|&d| d > 128).unwrap();
            let stem_end = stem_end + r[stem_end..].iter().position(|&d| d < 128).unwrap();
            let e_start = stem_end + r[stem_end..].iter().position(|&d| d > 128).unwrap();
            let blank = r[stem_end..e_start].iter().filter(|&&d| d < 40).count();
            assert!(blank >= 1, "row {y}: {:?}", &r[stem_end - 2..e_start + 2]);
        }
    }
}
