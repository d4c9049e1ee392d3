//! Text rasterised for the PNG: each glyph of a line laid out by
//! [`crate::chart::font::layout`] (its advance plus the kerning with the one
//! before, at fractional positions: no rounding per glyph, so the spacing
//! stays even), its bitmap cached per sub-pixel position.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use ab_glyph::{Font, FontRef, Glyph, point};

use crate::chart::font::Line;

/// Sub-pixel positions a glyph is rasterised at, per pixel: a glyph is placed
/// within 1/8 of a pixel of where the layout puts it (as Skia and FreeType
/// place glyphs along a line: finer steps are not seen at 2× but cost a
/// rasterisation each), and each glyph at each of these positions is
/// rasterised once per process ([`place`]).
const STEPS: f32 = 4.0;

/// One glyph's coverage (0 to 1 per pixel), `left`/`top` from the whole pixel
/// it was placed at, in the line's own (unrotated) pixels; and the same as the
/// 0..=255 a blend at full opacity takes.
pub(super) struct Bitmap {
    pub(super) left: i32,
    pub(super) top: i32,
    pub(super) width: usize,
    pub(super) coverage: Vec<f32>,
    pub(super) opaque: Vec<u8>,
}

impl Bitmap {
    pub(super) fn new(left: i32, top: i32, width: usize, coverage: Vec<f32>) -> Bitmap {
        let opaque = coverage
            .iter()
            .map(|&c| (c * 255.0).clamp(0.0, 255.0) as u8)
            .collect();
        Bitmap {
            left,
            top,
            width,
            coverage,
            opaque,
        }
    }

    pub(super) fn height(&self) -> usize {
        self.coverage.len().checked_div(self.width).unwrap_or(0)
    }
}

/// A glyph of a line: the whole pixel its bitmap is placed from, and the bitmap.
pub(super) type Placed = (i32, i32, Arc<Bitmap>);

/// Which glyph a bitmap is: bold or not, glyph, size, sub-pixel steps right and down.
type Key = (bool, u16, u32, u8, u8);

/// The glyphs rasterised so far in this process, by face, glyph, size and
/// sub-pixel position, shared by the threads that draw charts: the digits of
/// the ticks and the letters of the titles are set again and again, and
/// rasterising them was most of the time text took. A bitmap depends on its
/// key alone, so what was drawn before never changes a chart.
fn cache() -> &'static Mutex<HashMap<Key, Arc<Bitmap>>> {
    static CACHE: OnceLock<Mutex<HashMap<Key, Arc<Bitmap>>>> = OnceLock::new();
    CACHE.get_or_init(Mutex::default)
}

/// The glyphs of `line` moved by `(dx, baseline)`, spaces left out.
///
/// The glyphs not yet cached are rasterised with the cache unlocked, so that
/// the threads drawing their first charts at the same time do not wait on each
/// other; a glyph two threads rasterised at once is one bitmap either way.
pub(super) fn place(
    bold: bool,
    face: &FontRef<'_>,
    line: &Line,
    (dx, baseline): (f32, f32),
) -> Vec<Placed> {
    let keyed: Vec<(i32, i32, Key)> = line
        .glyphs
        .iter()
        .map(|glyph| {
            let (x, qx) = split(glyph.position.x + dx);
            let (y, qy) = split(glyph.position.y + baseline);
            (x, y, (bold, glyph.id.0, glyph.scale.x.to_bits(), qx, qy))
        })
        .collect();
    let mut found: Vec<Option<Arc<Bitmap>>> = {
        let cache = lock();
        keyed
            .iter()
            .map(|(_, _, key)| cache.get(key).cloned())
            .collect()
    };
    let missing: Vec<(usize, Arc<Bitmap>)> = (0..keyed.len())
        .filter(|&i| found[i].is_none())
        .map(|i| {
            let (.., (_, _, _, qx, qy)) = keyed[i];
            (i, Arc::new(rasterise(face, &line.glyphs[i], (qx, qy))))
        })
        .collect();
    if !missing.is_empty() {
        let mut cache = lock();
        for (i, bitmap) in missing {
            found[i] = Some(Arc::clone(cache.entry(keyed[i].2).or_insert(bitmap)));
        }
    }
    keyed
        .into_iter()
        .zip(found)
        .filter_map(|((x, y, _), bitmap)| bitmap.map(|b| (x, y, b)))
        .filter(|(.., bitmap)| !bitmap.coverage.is_empty())
        .collect()
}

fn lock() -> std::sync::MutexGuard<'static, HashMap<Key, Arc<Bitmap>>> {
    cache()
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A position as a whole pixel and a number of sub-pixel steps.
fn split(v: f32) -> (i32, u8) {
    let whole = v.floor();
    let steps = ((v - whole) * STEPS).round();
    if steps >= STEPS {
        (whole as i32 + 1, 0)
    } else {
        (whole as i32, steps as u8)
    }
}

/// `glyph` rasterised `(qx, qy)` sub-pixel steps right of and below a whole pixel.
fn rasterise(face: &FontRef<'_>, glyph: &Glyph, (qx, qy): (u8, u8)) -> Bitmap {
    let mut g = glyph.clone();
    g.position = point(qx as f32 / STEPS, qy as f32 / STEPS);
    let Some(outlined) = face.outline_glyph(g) else {
        return Bitmap::new(0, 0, 0, Vec::new()); // a space
    };
    let bounds = outlined.px_bounds();
    let width = bounds.width() as usize;
    let mut coverage = vec![0.0; width * bounds.height() as usize];
    outlined.draw(|x, y, c| coverage[y as usize * width + x as usize] = c);
    Bitmap::new(bounds.min.x as i32, bounds.min.y as i32, width, coverage)
}
