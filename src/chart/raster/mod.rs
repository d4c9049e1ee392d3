//! The PNG's canvas: a plotters backend over tiny-skia. Lines are
//! anti-aliased paths with round joins (a sharp spike stays a spike, never a
//! mitre running off the chart), cut to the clip the painter sets, and text
//! is set with the font's own advances and kerning (`glyphs`).
//!
//! What the painter draws is recorded first and then played back a band of
//! rows at a time into a buffer that stays in the processor's cache, each band
//! compressed as soon as it is done (`encode`): no full-size canvas, clip mask
//! or RGB copy is ever made. Allocating and clearing those took a third of
//! the time a chart took.

mod encode;
mod glyphs;
mod stamp;

use std::convert::Infallible;
use std::sync::Arc;

use plotters::style::text_anchor::HPos;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};
use tiny_skia::{
    Color, FillRule, IntSize, LineCap, LineJoin, Mask, Paint, Path, PathBuilder, PixmapMut, Rect,
    Stroke, Transform,
};

use crate::chart::backend::{ChartBackend, Group};
use crate::chart::font::{baseline, face, is_bold, layout, units};
use glyphs::{Bitmap, Placed, place};

type Result = std::result::Result<(), DrawingErrorKind<Infallible>>;
type Corners = (BackendCoord, BackendCoord);

/// Rows drawn per band: 1600 × 64 RGBA pixels are 400 KB, which the cache holds.
const BAND: u32 = 64;

/// One thing drawn, kept until the bands are played back.
enum Op {
    /// The whole page in one opaque colour.
    Page(Color),
    /// A filled path; strokes wider than a pixel are outlined once, when drawn.
    Fill {
        path: Path,
        paint: Paint<'static>,
        clip: Option<Corners>,
        rows: (i32, i32),
    },
    /// A box, filled with anti-aliased edges: a filled rectangle, or a line a
    /// pixel wide along an axis (the same pixels as its hairline but for a
    /// rounding at the half-covered ends, at a fraction of the cost).
    Rect {
        rect: Rect,
        colour: BackendColor,
        clip: Option<Corners>,
        rows: (i32, i32),
    },
    /// A small shape's coverage, rasterised once (`stamp`), placed from `at`.
    Stamp {
        at: BackendCoord,
        stamp: Arc<Bitmap>,
        colour: BackendColor,
        rows: (i32, i32),
    },
    /// A line a pixel wide, stroked as tiny-skia strokes hairlines.
    Hairline {
        path: Path,
        paint: Paint<'static>,
        clip: Option<Corners>,
        rows: (i32, i32),
    },
    /// A line of text: glyph bitmaps placed from `at`, turned by `turn`.
    Text {
        at: BackendCoord,
        turn: FontTransform,
        colour: BackendColor,
        glyphs: Vec<Placed>,
        rows: (i32, i32),
    },
    /// One pixel blended in.
    Pixel(BackendCoord, BackendColor),
}

/// What one thread draws its PNGs with, kept from chart to chart: the drawing
/// recorded, the stamps of the dots and rings met so far (their bitmaps are
/// shared by the process, as glyphs are), and one band's pixels and clip.
#[derive(Default)]
pub struct Canvas {
    ops: Vec<Op>,
    band: Vec<u8>,
    mask: Option<Mask>,
    /// The last PNG's compressed rows: a buffer the next one reuses.
    deflated: Vec<u8>,
}

impl Canvas {
    /// A backend recording onto this canvas (what the last chart drew is
    /// forgotten) a drawing of `size` drawing units, `unit` PNG pixels each.
    pub fn raster(&mut self, size: (u32, u32), unit: f32) -> Raster<'_> {
        self.ops.clear();
        Raster {
            size,
            unit,
            clip: None,
            ops: &mut self.ops,
        }
    }

    /// The drawing as a PNG of `size`, with its title and description.
    pub fn png(
        &mut self,
        size: (u32, u32),
        title: &str,
        desc: &str,
    ) -> std::result::Result<Vec<u8>, String> {
        let (width, height) = size;
        let mut deflated = std::mem::take(&mut self.deflated);
        let png = encode::png(size, (title, desc), &mut deflated, |rows| {
            for top in (0..height).step_by(BAND as usize) {
                rows.add(self.play(width, top, BAND.min(height - top)))?;
            }
            Ok(())
        });
        self.deflated = deflated;
        png
    }

    /// Rows `top..top + rows` of the drawing, as RGBA.
    fn play(&mut self, width: u32, top: u32, rows: u32) -> &[u8] {
        let n = (width * rows * 4) as usize;
        self.band.resize(n, 0);
        if self
            .mask
            .as_ref()
            .is_none_or(|m| m.height() != rows || m.width() != width)
        {
            let size = IntSize::from_wh(width, rows).expect("a band of a sensible size");
            self.mask = Mask::from_vec(vec![0; (width * rows) as usize], size);
        }
        let Canvas {
            ops, band, mask, ..
        } = self;
        let mut pixmap =
            PixmapMut::from_bytes(&mut band[..n], width, rows).expect("a band of a sensible size");
        if !matches!(ops.first(), Some(Op::Page(_))) {
            pixmap.fill(Color::TRANSPARENT);
        }
        let mut band = Band {
            pixmap,
            top: top as i32,
            clip: BandClip {
                top: top as i32,
                mask: mask.as_mut().expect("a mask the band's size"),
                built: None,
            },
        };
        for op in ops.iter() {
            band.draw(op);
        }
        &self.band[..n]
    }
}

/// One band being played back: its pixels, its first row, its clip.
struct Band<'a> {
    pixmap: PixmapMut<'a>,
    top: i32,
    clip: BandClip<'a>,
}

/// The mask of a clip over one band, as last built (for which corners).
struct BandClip<'a> {
    top: i32,
    mask: &'a mut Mask,
    built: Option<Corners>,
}

impl BandClip<'_> {
    /// The mask of `clip` over the band, rebuilt when the clip changes.
    fn mask(&mut self, clip: Option<Corners>) -> Option<&Mask> {
        let rect = clip?;
        if self.built != Some(rect) {
            let ((x0, y0), (x1, y1)) = rect;
            let w = self.mask.width() as i32;
            let (l, r) = (x0.clamp(0, w) as usize, x1.clamp(0, w) as usize);
            for (y, row) in self
                .mask
                .data_mut()
                .chunks_exact_mut(w as usize)
                .enumerate()
            {
                let y = y as i32 + self.top;
                row.fill(0);
                if y >= y0 && y < y1 && l < r {
                    row[l..r].fill(255);
                }
            }
            self.built = Some(rect);
        }
        Some(self.mask)
    }
}

impl Band<'_> {
    fn draw(&mut self, op: &Op) {
        let shift = Transform::from_translate(0.0, -(self.top as f32));
        match op {
            Op::Page(colour) => fill(self.pixmap.data_mut(), *colour),
            Op::Fill {
                path,
                paint,
                clip,
                rows,
            } if self.meets(*rows, *clip) => {
                let mask = self.clip.mask(*clip);
                self.pixmap
                    .fill_path(path, paint, FillRule::Winding, shift, mask);
            }
            Op::Rect {
                rect,
                colour,
                clip,
                rows,
            } if self.meets(*rows, *clip) => self.rect(rect, *clip, *colour),
            Op::Stamp {
                at,
                stamp,
                colour,
                rows,
            } if self.meets(*rows, None) => {
                self.glyph(stamp, *at, ((0, 0), &FontTransform::None), *colour);
            }
            Op::Hairline {
                path,
                paint,
                clip,
                rows,
            } if self.meets(*rows, *clip) => {
                let mask = self.clip.mask(*clip);
                self.pixmap
                    .stroke_path(path, paint, &hairline(), shift, mask);
            }
            Op::Text {
                at,
                turn,
                colour,
                glyphs: placed,
                rows,
            } if self.meets(*rows, None) => {
                for (x, y, bitmap) in placed {
                    self.glyph(bitmap, (*x, *y), (*at, turn), *colour);
                }
            }
            Op::Pixel((x, y), colour) => self.blend((*x, *y), *colour, 1.0),
            _ => {}
        }
    }

    /// Whether pixel rows `rows` (inclusive), cut to `clip`, reach into the band.
    fn meets(&self, (first, last): (i32, i32), clip: Option<Corners>) -> bool {
        let (first, last) = match clip {
            Some(((_, y0), (_, y1))) => (first.max(y0), last.min(y1 - 1)),
            None => (first, last),
        };
        let height = self.pixmap.height() as i32;
        first <= last && last >= self.top && first < self.top + height
    }

    /// One glyph's bitmap, placed from `(x, y)` in the line's pixels.
    fn glyph(
        &mut self,
        bitmap: &Bitmap,
        (x, y): (i32, i32),
        (at, turn): (BackendCoord, &FontTransform),
        colour: BackendColor,
    ) {
        let (x0, y0) = (x + bitmap.left, y + bitmap.top);
        if let FontTransform::None = turn {
            let (x, y, w) = (at.0 + x0, at.1 + y0, bitmap.width);
            let size = (w, bitmap.height());
            if colour.alpha == 1.0 {
                return self.cover_opaque((x, y), size, colour, &bitmap.opaque);
            }
            let alpha = colour.alpha as f32 * 255.0;
            let a =
                |i: usize, j: usize| (bitmap.coverage[j * w + i] * alpha).clamp(0.0, 255.0) as u32;
            return self.cover((x, y), size, colour, a);
        }
        for (j, row) in bitmap.coverage.chunks_exact(bitmap.width).enumerate() {
            for (i, &c) in row.iter().enumerate() {
                let (dx, dy) = turn.transform(x0 + i as i32, y0 + j as i32);
                self.blend((at.0 + dx, at.1 + dy), colour, c);
            }
        }
    }

    /// A box's pixels blended in at the coverage each has of it, cut to `clip`
    /// (a box of whole pixels, so cutting the box to it is exact).
    fn rect(&mut self, rect: &Rect, clip: Option<Corners>, colour: BackendColor) {
        let (mut l, mut t, mut r, mut b) = (rect.left(), rect.top(), rect.right(), rect.bottom());
        if let Some(((x0, y0), (x1, y1))) = clip {
            (l, t) = (l.max(x0 as f32), t.max(y0 as f32));
            (r, b) = (r.min(x1 as f32), b.min(y1 as f32));
        }
        if l >= r || t >= b {
            return;
        }
        let (x, y) = (l.floor() as i32, t.floor() as i32);
        let (w, h) = (
            (r.ceil() as i32 - x) as usize,
            (b.ceil() as i32 - y) as usize,
        );
        // How much of pixel `i` of the box's `n` from `start` lies in `lo..hi`:
        // all of it but at the two ends.
        let share = |start: i32, n: usize, i: usize, lo: f32, hi: f32| {
            if i == 0 || i + 1 == n {
                let p = (start + i as i32) as f32;
                (hi.min(p + 1.0) - lo.max(p)).clamp(0.0, 1.0)
            } else {
                1.0
            }
        };
        let alpha = colour.alpha as f32 * 255.0;
        let a =
            |i, j| (share(x, w, i, l, r) * share(y, h, j, t, b) * alpha).clamp(0.0, 255.0) as u32;
        self.cover((x, y), (w, h), colour, a);
    }

    /// Blends `colour` into the `w × h` pixels from `(x, y)`, each at its
    /// `a(column, row)` (coverage × opacity, 0..=255), those in the band only.
    fn cover(
        &mut self,
        at: BackendCoord,
        size: (usize, usize),
        colour: BackendColor,
        a: impl Fn(usize, usize) -> u32,
    ) {
        let Some(span) = self.span(at, size) else {
            return;
        };
        let data = self.pixmap.data_mut();
        for j in span.rows.clone() {
            let (i0, i1) = span.columns;
            for (i, px) in (i0..i1).zip(data[span.pixels(j)].chunks_exact_mut(4)) {
                mix(px, a(i, j), colour.rgb);
            }
        }
    }

    /// [`Band::cover`] from coverage at full opacity kept row by row, `w` a row.
    fn cover_opaque(
        &mut self,
        at: BackendCoord,
        size: (usize, usize),
        colour: BackendColor,
        opaque: &[u8],
    ) {
        let Some(span) = self.span(at, size) else {
            return;
        };
        let (w, (i0, i1)) = (size.0, span.columns);
        let data = self.pixmap.data_mut();
        for j in span.rows.clone() {
            let coverage = &opaque[j * w + i0..j * w + i1];
            for (px, &a) in data[span.pixels(j)].chunks_exact_mut(4).zip(coverage) {
                mix(px, a as u32, colour.rgb);
            }
        }
    }

    /// The part of a `w × h` box from `(x, y)` that lies in the band.
    fn span(&self, (x, y): BackendCoord, (w, h): (usize, usize)) -> Option<Span> {
        let (width, height) = (self.pixmap.width() as i32, self.pixmap.height() as i32);
        let y = y - self.top;
        let (i0, i1) = ((-x).max(0), (width - x).min(w as i32));
        let (j0, j1) = ((-y).max(0), (height - y).min(h as i32));
        (i0 < i1 && j0 < j1).then_some(Span {
            rows: j0 as usize..j1 as usize,
            columns: (i0 as usize, i1 as usize),
            origin: (x, y),
            width,
        })
    }

    /// Blends `color` at `coverage` into the pixel at `(x, y)`, if in the band.
    fn blend(&mut self, (x, y): BackendCoord, color: BackendColor, coverage: f32) {
        let (w, h) = (self.pixmap.width() as i32, self.pixmap.height() as i32);
        let y = y - self.top;
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

/// Every pixel of `data` set to `colour`, eight pixels to a store (tiny-skia's
/// `fill` sets a pixel at a time), for the page under each band.
fn fill(data: &mut [u8], colour: Color) {
    let c = colour.premultiply().to_color_u8();
    let px = [c.red(), c.green(), c.blue(), c.alpha()];
    let mut eight = [0; 32];
    for p in eight.as_chunks_mut::<4>().0 {
        *p = px;
    }
    let (blocks, rest) = data.as_chunks_mut::<32>();
    for b in blocks {
        *b = eight;
    }
    for p in rest.as_chunks_mut::<4>().0 {
        *p = px;
    }
}

/// The rows and columns of a box, counted from its corner `origin` (in the
/// band's pixels), that lie in a band `width` pixels wide.
struct Span {
    rows: std::ops::Range<usize>,
    columns: (usize, usize),
    origin: (i32, i32),
    width: i32,
}

impl Span {
    /// The bytes of row `j`'s pixels in the band, its columns only.
    fn pixels(&self, j: usize) -> std::ops::Range<usize> {
        let (x, y) = self.origin;
        let start = ((y + j as i32) * self.width + x + self.columns.0 as i32) as usize * 4;
        start..start + (self.columns.1 - self.columns.0) * 4
    }
}

/// `rgb` blended into the pixel `px` at `a` (coverage × opacity, 0..=255):
/// dst + (src − dst) × a / 255, src's alpha 255, so an opaque pixel stays opaque.
#[inline(always)]
fn mix(px: &mut [u8], a: u32, (r, g, b): (u8, u8, u8)) {
    if a == 255 {
        px.copy_from_slice(&[r, g, b, 255]);
    } else if a != 0 {
        let mix = |src: u8, dst: u8| ((src as u32 * a + dst as u32 * (255 - a) + 127) / 255) as u8;
        let mixed = [mix(r, px[0]), mix(g, px[1]), mix(b, px[2])];
        px[..3].copy_from_slice(&mixed);
        if px[3] != 255 {
            px[3] = mix(255, px[3]);
        }
    }
}

/// Records what the painter draws onto a [`Canvas`]. The painter draws in
/// drawing units (a fraction of a pixel, see `render::GRID`); this backend
/// keeps them as fractions of the PNG's pixels, so a straight series stays
/// straight, and sets only what must look crisp (grid lines, axes, boxes) on
/// whole pixels.
pub struct Raster<'a> {
    /// The drawing's size in drawing units.
    size: (u32, u32),
    /// PNG pixels per drawing unit.
    unit: f32,
    /// The clip in force, in pixels, if any.
    clip: Option<Corners>,
    ops: &'a mut Vec<Op>,
}

impl Raster<'_> {
    /// A coordinate in drawing units as pixels.
    fn px(&self, v: i32) -> f32 {
        v as f32 * self.unit
    }

    fn point(&self, (x, y): BackendCoord) -> (f32, f32) {
        (self.px(x), self.px(y))
    }

    fn fill(&mut self, path: Path, color: BackendColor) {
        if color.alpha <= 0.0 {
            return;
        }
        let rows = rows_of(&path);
        let unclipped = self.clip.is_none_or(|c| inside(&path.bounds(), c));
        if let Some((at, stamp)) = unclipped.then(|| stamp::stamp(&path)).flatten() {
            self.ops.push(Op::Stamp {
                at,
                stamp,
                colour: color,
                rows,
            });
            return;
        }
        self.ops.push(Op::Fill {
            path,
            paint: paint(color),
            clip: self.clip,
            rows,
        });
    }

    /// A box filled in `color`, cut to the clip in force.
    fn rect(&mut self, rect: Rect, color: BackendColor) {
        if color.alpha <= 0.0 {
            return; // plotters' light grid lines, drawn see-through
        }
        self.ops.push(Op::Rect {
            rect,
            colour: color,
            clip: self.clip,
            rows: (
                rect.top().floor() as i32 - 1,
                rect.bottom().ceil() as i32 + 1,
            ),
        });
    }

    /// A line through `points` (pixels) `width` pixels wide: a thin one along
    /// an axis as a crisp box of whole pixels, any other outlined and filled
    /// where it lies.
    fn stroke(&mut self, points: &[(f32, f32)], color: BackendColor, width: f32) {
        if color.alpha <= 0.0 || points.is_empty() {
            return;
        }
        if let Some(rect) = along_an_axis(points, width) {
            self.rect(rect, color);
            return;
        }
        let Some(path) = polyline(points) else {
            return;
        };
        if width <= 1.0 {
            let rows = rows_of(&path);
            self.ops.push(Op::Hairline {
                path,
                paint: paint(color),
                clip: self.clip,
                rows,
            });
        } else if let Some(outline) = outline(&path, width) {
            self.fill(outline, color);
        }
    }
}

/// `path` stroked `width` pixels wide as tiny-skia strokes a path wider than
/// a pixel: outlined (then filled).
fn outline(path: &Path, width: f32) -> Option<Path> {
    let stroke = Stroke {
        width,
        line_cap: LineCap::Butt,
        line_join: LineJoin::Round,
        ..Stroke::default()
    };
    path.stroke(&stroke, 1.0)
}

/// The widest line set on whole pixels when it runs along an axis (the grid
/// and the axes are one or two pixels wide; a model's line is five).
const CRISP: f32 = 3.0;

/// A thin line of two points along an axis as the box of whole pixels it
/// covers: as wide as the line (at least a pixel), centred where it lies.
fn along_an_axis(points: &[(f32, f32)], width: f32) -> Option<Rect> {
    let [a, b] = points else {
        return None;
    };
    if width > CRISP {
        return None;
    }
    let thick = width.round().max(1.0);
    let across = |centre: f32| {
        let from = (centre - thick / 2.0).round();
        (from, from + thick)
    };
    if a.1 == b.1 {
        let (t, b2) = across(a.1);
        Rect::from_ltrb(a.0.min(b.0).round(), t, a.0.max(b.0).round(), b2)
    } else if a.0 == b.0 {
        let (l, r) = across(a.0);
        Rect::from_ltrb(l, a.1.min(b.1).round(), r, a.1.max(b.1).round())
    } else {
        None
    }
}

/// Whether `bounds`, with a pixel of anti-aliased edge, lie inside `clip`.
fn inside(bounds: &Rect, ((x0, y0), (x1, y1)): Corners) -> bool {
    bounds.left() - 1.0 >= x0 as f32
        && bounds.top() - 1.0 >= y0 as f32
        && bounds.right() + 1.0 <= x1 as f32
        && bounds.bottom() + 1.0 <= y1 as f32
}

/// The stroke of a line one pixel wide.
fn hairline() -> Stroke {
    Stroke {
        width: 1.0,
        line_cap: LineCap::Butt,
        line_join: LineJoin::Round,
        ..Stroke::default()
    }
}

/// The pixel rows a path's anti-aliased edge can touch, first and last.
fn rows_of(path: &Path) -> (i32, i32) {
    let b = path.bounds();
    (b.top().floor() as i32 - 1, b.bottom().ceil() as i32 + 1)
}

fn paint(color: BackendColor) -> Paint<'static> {
    let mut paint = Paint::default();
    let (r, g, b) = color.rgb;
    let alpha = (color.alpha.clamp(0.0, 1.0) * 255.0).round() as u8;
    paint.set_color_rgba8(r, g, b, alpha);
    paint.anti_alias = true;
    paint
}

/// A polyline through `points`, in pixels.
fn polyline(points: &[(f32, f32)]) -> Option<Path> {
    let mut pb = PathBuilder::new();
    for (i, &(x, y)) in points.iter().enumerate() {
        if i == 0 {
            pb.move_to(x, y);
        } else {
            pb.line_to(x, y);
        }
    }
    pb.finish()
}

impl ChartBackend for Raster<'_> {
    fn clip(&mut self, rect: Option<Corners>) {
        self.clip = rect.map(|(a, b)| {
            let (a, b) = (self.point(a), self.point(b));
            (
                (a.0.round() as i32, a.1.round() as i32),
                (b.0.round() as i32, b.1.round() as i32),
            )
        });
    }

    /// A PNG has no parts: what a group holds is drawn as it comes.
    fn begin(&mut self, _: &Group) {}

    fn end(&mut self) {}
}

impl DrawingBackend for Raster<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result {
        Ok(())
    }

    fn present(&mut self) -> Result {
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result {
        let (x, y) = self.point(point);
        self.ops
            .push(Op::Pixel((x.floor() as i32, y.floor() as i32), color));
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
        let points: Vec<(f32, f32)> = path.into_iter().map(|p| self.point(p)).collect();
        let width = self.px(style.stroke_width() as i32);
        self.stroke(&points, style.color(), width);
        Ok(())
    }

    /// A box over units `upper_left..=bottom_right`, filled or framed, its
    /// edges on whole pixels.
    fn draw_rect<S: BackendStyle>(
        &mut self,
        (x0, y0): BackendCoord,
        (x1, y1): BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result {
        let (l, t) = self.point((x0.min(x1), y0.min(y1)));
        let (r, b) = self.point((x0.max(x1) + 1, y0.max(y1) + 1));
        let (l, t, r, b) = (l.round(), t.round(), r.round(), b.round());
        let (w, h) = self.point((self.size.0 as i32, self.size.1 as i32));
        let whole = l <= 0.0 && t <= 0.0 && r >= w.round() && b >= h.round();
        if fill && whole && style.color().alpha >= 1.0 && self.clip.is_none() {
            // The page: a plain fill, no rasteriser.
            let (red, green, blue) = style.color().rgb;
            self.ops
                .push(Op::Page(Color::from_rgba8(red, green, blue, 255)));
        } else if fill {
            if let Some(rect) = Rect::from_ltrb(l, t, r, b) {
                self.rect(rect, style.color());
            }
        } else {
            // The frame's middle on the box's edge, as wide as the stroke.
            let width = self.px(style.stroke_width() as i32).round().max(1.0);
            let d = width / 2.0;
            if let Some(rect) = Rect::from_ltrb(l + d, t + d, r - d, b - d) {
                let path = PathBuilder::from_rect(rect);
                if let Some(outline) = outline(&path, width) {
                    self.fill(outline, style.color());
                }
            }
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        centre: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result {
        let ((x, y), r) = (self.point(centre), self.px(radius as i32));
        let Some(circle) = PathBuilder::from_circle(x, y, r) else {
            return Ok(());
        };
        if fill {
            self.fill(circle, style.color());
        } else {
            let width = self.px(style.stroke_width() as i32).max(1.0);
            if let Some(outline) = outline(&circle, width) {
                self.fill(outline, style.color());
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
        for (i, p) in vert.into_iter().enumerate() {
            let (x, y) = self.point(p);
            if i == 0 {
                pb.move_to(x, y);
            } else {
                pb.line_to(x, y);
            }
        }
        pb.close();
        if let Some(path) = pb.finish() {
            self.fill(path, style.color());
        }
        Ok(())
    }

    /// Text at the size the painter gave (its em, in drawing units), its
    /// box's corner or edge at `pos` as the anchor says (the SVG sets it so
    /// too), glyphs kerned, at fractions of a pixel along the line.
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
        let bold = is_bold(style.style());
        let face = face(bold);
        let em = style.size() * self.unit as f64;
        let line = layout(bold, em as f32, text);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0.0,
            HPos::Center => -line.width / 2.0,
            HPos::Right => -line.width,
        };
        let baseline = baseline(style.anchor().v_pos, bold, em) as f32;
        let turn = style.transform();
        let (x, y) = self.point(pos);
        let at = (x.floor() as i32, y.floor() as i32);
        // Unturned text keeps the fraction of a pixel its corner lies at.
        let (fx, fy) = match turn {
            FontTransform::None => (x - x.floor(), y - y.floor()),
            _ => (0.0, 0.0),
        };
        let glyphs = place(bold, face, &line, (dx + fx, baseline + fy));
        let rows = text_rows(&glyphs, at, &turn);
        self.ops.push(Op::Text {
            at,
            turn,
            colour: color,
            glyphs,
            rows,
        });
        Ok(())
    }

    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> std::result::Result<(u32, u32), DrawingErrorKind<Infallible>> {
        Ok(units(text, style))
    }
}

/// The pixel rows the glyphs of a line cover, first and last.
fn text_rows(placed: &[Placed], at: BackendCoord, turn: &FontTransform) -> (i32, i32) {
    let (mut first, mut last) = (i32::MAX, i32::MIN);
    for (x, y, b) in placed {
        let (x0, y0) = (*x + b.left, *y + b.top);
        let (x1, y1) = (x0 + b.width as i32 - 1, y0 + b.height() as i32 - 1);
        for (cx, cy) in [(x0, y0), (x1, y1)] {
            let y = at.1 + turn.transform(cx, cy).1;
            first = first.min(y);
            last = last.max(y);
        }
    }
    (first, last)
}

#[cfg(test)]
mod tests {
    use plotters::style::{BLACK, Color, WHITE};

    use super::*;
    use crate::chart::font::font;
    use crate::chart::theme::LEGEND_SIZE;
    use plotters::style::text_anchor::VPos;

    /// The darkness (0 white … 255 black) of each pixel in row `y` of `canvas`.
    fn row(canvas: &mut Canvas, width: usize, y: usize) -> Vec<u8> {
        let px = canvas.play(width as u32, y as u32, 1);
        px.chunks_exact(4).map(|p| 255 - p[0]).collect()
    }

    /// The page fill sets every pixel, whatever the count, as tiny-skia's does.
    #[test]
    fn the_page_fill_sets_every_pixel_as_tiny_skia_does() {
        let colour = tiny_skia::Color::from_rgba8(250, 249, 246, 255);
        for pixels in [0, 1, 2, 3, 7, 64, 1600 * 64 + 3] {
            let mut ours = vec![9; 4 * pixels];
            fill(&mut ours, colour);
            let mut theirs = vec![9; 4 * pixels];
            if let Some(mut p) = PixmapMut::from_bytes(&mut theirs, pixels as u32, 1) {
                p.fill(colour);
            }
            assert!(ours == theirs, "{pixels} pixels");
        }
    }

    #[test]
    fn the_t_in_teams_stands_clear_of_the_e() {
        let (w, h) = (200, 60);
        let mut canvas = Canvas::default();
        {
            let mut r = canvas.raster((w, h), 1.0);
            r.draw_rect((0, 0), (w as i32 - 1, h as i32 - 1), &WHITE.filled(), true)
                .unwrap();
            let style = font(LEGEND_SIZE, 2.0).color(&BLACK);
            r.draw_text("Teams", &style, (4, 4)).unwrap();
        }
        // The rows through the middle of the lower-case letters: under the T's
        // bar, across its stem and the e. Baseline an ascender below the top.
        let em = LEGEND_SIZE * 2.0;
        let baseline = 4.0 + baseline(VPos::Top, false, em);
        let rows = (baseline - 0.4 * em) as usize..(baseline - 0.15 * em) as usize;
        for y in rows {
            let r = row(&mut canvas, w as usize, y);
            let stem_end = r.iter().position(|&d| d > 128).unwrap();
            let stem_end = stem_end + r[stem_end..].iter().position(|&d| d < 128).unwrap();
            let e_start = stem_end + r[stem_end..].iter().position(|&d| d > 128).unwrap();
            let blank = r[stem_end..e_start].iter().filter(|&&d| d < 40).count();
            assert!(blank >= 1, "row {y}: {:?}", &r[stem_end - 2..e_start + 2]);
        }
    }
}
