//! Small filled shapes (the dots on short series, the rings of the markers,
//! the legend's line samples) rasterised once per shape and process into a
//! coverage bitmap and blended like a glyph: a dot drawn a hundred times, on
//! any thread, costs one rasterisation, and each blend a few operations a
//! pixel instead of a trip through tiny-skia's pipeline.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use tiny_skia::{FillRule, IntSize, Mask, Path, PathBuilder, PathSegment, Point, Transform};

use super::glyphs::Bitmap;

/// The largest shape stamped, in pixels of its bounding box (a 2× dot is 10 × 10).
const MAX_AREA: f32 = 64.0 * 64.0;

/// The shapes rasterised so far, by their outline moved to the origin.
/// A coordinate in 1/1024 pixels.
fn grid(v: f32) -> i32 {
    (v * 1024.0).round() as i32
}

/// `path` with every point moved to the nearest 1/1024 pixel.
fn snap(path: &Path) -> Option<Path> {
    let on = |p: Point| Point::from_xy(grid(p.x) as f32 / 1024.0, grid(p.y) as f32 / 1024.0);
    let mut pb = PathBuilder::new();
    for segment in path.segments() {
        match segment {
            PathSegment::MoveTo(p) => pb.move_to(on(p).x, on(p).y),
            PathSegment::LineTo(p) => pb.line_to(on(p).x, on(p).y),
            PathSegment::QuadTo(a, p) => pb.quad_to(on(a).x, on(a).y, on(p).x, on(p).y),
            PathSegment::CubicTo(a, b, p) => {
                let (a, b, p) = (on(a), on(b), on(p));
                pb.cubic_to(a.x, a.y, b.x, b.y, p.x, p.y)
            }
            PathSegment::Close => pb.close(),
        }
    }
    pb.finish()
}

/// Where a stamp's bitmap begins (a whole pixel) and the bitmap.
type Placed = ((i32, i32), Arc<Bitmap>);

/// The shapes rasterised so far in this process, by their outline on a grid
/// of 1/1024 pixel: a bitmap depends on its key alone, so which thread or
/// chart drew a shape first never changes a picture.
fn cache() -> &'static Mutex<HashMap<Vec<i32>, Arc<Bitmap>>> {
    static CACHE: OnceLock<Mutex<HashMap<Vec<i32>, Arc<Bitmap>>>> = OnceLock::new();
    CACHE.get_or_init(Mutex::default)
}

/// `path` as a stamp: the whole pixel its bitmap is placed from and the
/// bitmap, or `None` for a shape too large to be worth it.
pub(super) fn stamp(path: &Path) -> Option<Placed> {
    let b = path.bounds();
    if b.width() * b.height() > MAX_AREA {
        return None;
    }
    // One pixel of room for the anti-aliased edge; a whole-pixel move
    // leaves the coverage as it was.
    let (x, y) = (b.left().floor() - 1.0, b.top().floor() - 1.0);
    let moved = path.clone().transform(Transform::from_translate(-x, -y))?;
    // The outline on a grid of 1/1024 pixel, so that a dot at another
    // whole pixel, equal but for its last bits, is the same shape, and
    // that shape alone says what is drawn, whichever came first.
    let key: Vec<i32> = moved
        .verbs()
        .iter()
        .map(|&v| v as i32)
        .chain(moved.points().iter().flat_map(|p| [grid(p.x), grid(p.y)]))
        .collect();
    let at = (x as i32, y as i32);
    let lock = || cache().lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(bitmap) = lock().get(&key) {
        return Some((at, Arc::clone(bitmap)));
    }
    // Rasterised with the cache unlocked (another thread may be looking up
    // its own shapes); a shape two threads rasterised at once is one bitmap.
    let snapped = snap(&moved)?;
    let (w, h) = (b.width().ceil() as u32 + 3, b.height().ceil() as u32 + 3);
    let mut mask = Mask::from_vec(vec![0; (w * h) as usize], IntSize::from_wh(w, h)?)?;
    mask.fill_path(&snapped, FillRule::Winding, true, Transform::identity());
    let coverage = mask.data().iter().map(|&c| c as f32 / 255.0).collect();
    let bitmap = Arc::new(Bitmap::new(0, 0, w as usize, coverage));
    Some((at, Arc::clone(lock().entry(key).or_insert(bitmap))))
}
