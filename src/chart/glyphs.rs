//! Text set with the font's own metrics for the PNG: each glyph at its
//! advance width plus the kerning with the one before, at fractional pixel
//! positions (no rounding per glyph, so the spacing stays even), at the size
//! an SVG viewer uses for the same text.

use ab_glyph::{Font, FontRef, Glyph, GlyphId, PxScale, ScaleFont, point};

/// One line of text laid out from x = 0 on a baseline at y = 0.
pub(super) struct Line {
    pub(super) glyphs: Vec<Glyph>,
    /// The advance of the whole line in pixels, kerning included.
    pub(super) width: f32,
}

/// The scale at which the font's em is `em` pixels (ab_glyph scales by the
/// height from descender to ascender).
fn scale_for_em(face: &FontRef<'_>, em: f32) -> PxScale {
    let units = face.units_per_em().unwrap_or(2048.0);
    PxScale::from(em * face.height_unscaled() / units)
}

/// Lays `text` out at `em` pixels to the em, kerned when `kern`.
pub(super) fn layout(face: &FontRef<'_>, em: f32, text: &str, kern: bool) -> Line {
    let scaled = face.as_scaled(scale_for_em(face, em));
    let mut x = 0.0f32;
    let mut prev: Option<GlyphId> = None;
    let mut glyphs = Vec::with_capacity(text.len());
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let (Some(p), true) = (prev, kern) {
            x += scaled.kern(p, id);
        }
        glyphs.push(id.with_scale_and_position(scaled.scale(), point(x, 0.0)));
        x += scaled.h_advance(id);
        prev = Some(id);
    }
    Line { glyphs, width: x }
}

/// The height of a lower-case x at `em` pixels to the em (CSS's `ex`).
pub(super) fn x_height(face: &FontRef<'_>, em: f32) -> f32 {
    let units = face.units_per_em().unwrap_or(2048.0);
    let top = face
        .outline(face.glyph_id('x'))
        .map_or(units / 2.0, |o| o.bounds.min.y.max(o.bounds.max.y));
    top / units * em
}

/// Rasterises `line` moved by `(dx, baseline)`: `plot(x, y, coverage)` for
/// every pixel a glyph covers, in the line's own (unrotated) pixels.
pub(super) fn rasterise(
    face: &FontRef<'_>,
    line: &Line,
    (dx, baseline): (f32, f32),
    mut plot: impl FnMut(i32, i32, f32),
) {
    for glyph in &line.glyphs {
        let mut g = glyph.clone();
        g.position = point(g.position.x + dx, g.position.y + baseline);
        let Some(outlined) = face.outline_glyph(g) else {
            continue; // a space
        };
        let bounds = outlined.px_bounds();
        let (x0, y0) = (bounds.min.x as i32, bounds.min.y as i32);
        outlined.draw(|x, y, c| plot(x0 + x as i32, y0 + y as i32, c));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::font::face;

    #[test]
    fn kerning_pulls_av_together() {
        let (kerned, plain) = (
            layout(face(false), 26.0, "AV", true),
            layout(face(false), 26.0, "AV", false),
        );
        assert!(
            kerned.width < plain.width - 0.5,
            "{} < {}",
            kerned.width,
            plain.width
        );
    }

    #[test]
    fn glyphs_sit_at_fractional_advances() {
        let line = layout(face(false), 26.0, "Rocket.Chat", true);
        let xs: Vec<f32> = line.glyphs.iter().map(|g| g.position.x).collect();
        assert!(xs.windows(2).all(|w| w[1] > w[0]));
        assert!(xs.iter().any(|x| x.fract() != 0.0), "not rounded per glyph");
    }
}
