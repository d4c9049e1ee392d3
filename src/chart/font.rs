//! The chart font, embedded in the binary: charts look the same everywhere and
//! render on machines with no system fonts (no fontconfig needed). Text is
//! laid out and measured here, with the font's own advances and kerning, the
//! same way for the SVG and the PNG (and in a browser through WebAssembly):
//! plotters' own text measurement is never used (on `wasm32` it would measure
//! through the page's DOM, and it measures a size that neither file draws).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, Glyph, GlyphId, PxScale, ScaleFont, point};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;
use plotters::style::text_anchor::VPos;
use plotters_backend::BackendTextStyle;

/// DejaVu Sans (Bitstream Vera licence, see assets/fonts/LICENSE-DejaVu.txt).
static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The family written into SVG `font-family`, a CSS stack a browser can use.
pub const FAMILY: &str = "DejaVu Sans, Verdana, Arial, sans-serif";

pub(crate) type DrawResult<T, DB> =
    Result<T, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// The chart font at `size` (an em, in CSS pixels) drawn at `scale` drawing
/// units to the pixel: what a backend gets as the text's size is its em in
/// its own units.
pub(crate) fn font(size: f64, scale: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FAMILY), size * scale, FontStyle::Normal)
}

/// [`font`], bold (built bold from the start: `FontDesc::style` keeps the
/// regular glyphs).
pub(crate) fn bold(size: f64, scale: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FAMILY), size * scale, FontStyle::Bold)
}

/// Measures `text` in drawing units, as every backend of the charts does
/// (through [`text_size`]).
pub(crate) fn measure<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    f: &FontDesc<'_>,
) -> DrawResult<(f64, f64), DB> {
    let (w, h) = root.estimate_text_size(text, &TextStyle::from(f.clone()))?;
    Ok((w as f64, h as f64))
}

/// The embedded font parsed: bold or regular.
pub fn face(bold: bool) -> &'static FontRef<'static> {
    static FACES: OnceLock<[FontRef<'static>; 2]> = OnceLock::new();
    let faces = FACES.get_or_init(|| {
        // The bytes are valid TrueType fonts checked by the chart tests.
        [REGULAR, BOLD]
            .map(|bytes| FontRef::try_from_slice(bytes).expect("the embedded font parses"))
    });
    &faces[usize::from(bold)]
}

/// One line of text laid out from x = 0 on a baseline at y = 0.
pub struct Line {
    pub glyphs: Vec<Glyph>,
    /// The advance of the whole line, kerning included.
    pub width: f32,
}

/// The scale at which the font's em is `em` (ab_glyph scales by the height
/// from descender to ascender).
fn scale_for_em(face: &FontRef<'_>, em: f32) -> PxScale {
    PxScale::from(em * face.height_unscaled() / units_per_em(face))
}

fn units_per_em(face: &FontRef<'_>) -> f32 {
    face.units_per_em().unwrap_or(2048.0)
}

/// Lays `text` out in the bold or regular face at `em` units to the em,
/// kerned as browsers kern it.
pub fn layout(bold: bool, em: f32, text: &str) -> Line {
    let face = face(bold);
    let scaled = face.as_scaled(scale_for_em(face, em));
    // What `scaled.kern` and `scaled.h_advance` multiply the font's units by.
    let factor = scaled.h_scale_factor();
    let mut x = 0.0f32;
    let mut prev: Option<(GlyphId, Option<usize>)> = None;
    let mut glyphs = Vec::with_capacity(text.len());
    KEPT.with(|kept| {
        let mut kept = kept.borrow_mut();
        let kept = kept[usize::from(bold)].get_or_insert_with(|| Kept::new(face));
        for c in text.chars() {
            let ascii = (c as usize) < ASCII;
            let i = ascii.then_some(c as usize);
            let id = i.map_or_else(|| face.glyph_id(c), |i| kept.ids[i]);
            if let Some((p, before)) = prev {
                let kern = match (before, i) {
                    (Some(a), Some(b)) => kept.kern(face, a, b),
                    _ => face.kern_unscaled(p, id),
                };
                x += factor * kern;
            }
            glyphs.push(id.with_scale_and_position(scaled.scale(), point(x, 0.0)));
            let advance = i.map_or_else(|| face.h_advance_unscaled(id), |i| kept.advances[i]);
            x += factor * advance;
            prev = Some((id, i));
        }
    });
    Line { glyphs, width: x }
}

/// Characters whose glyph, advance and kerning [`layout`] keeps: ASCII, nearly
/// all of a chart's text.
const ASCII: usize = 128;

thread_local! {
    /// Per face (regular, bold), what [`layout`] has looked up in its tables.
    static KEPT: RefCell<[Option<Kept>; 2]> = const { RefCell::new([None, None]) };
}

/// A face's glyphs and advances of the [`ASCII`] characters, in the font's
/// units, and the kerning of the pairs met so far ([`UNKNOWN`]: not yet looked up).
/// Looking each up in the font's tables (a search of its character map, a
/// search of its kerning pairs) was nearly all the time text layout took,
/// for the same few dozen letters over and over.
struct Kept {
    ids: [GlyphId; ASCII],
    advances: [f32; ASCII],
    /// The font's kerning is a whole number of its units, an `i16`.
    kerns: Vec<i16>,
}

/// A kerning not yet looked up (the font's lie within ±2 em).
const UNKNOWN: i16 = i16::MIN;

impl Kept {
    fn new(face: &FontRef<'_>) -> Kept {
        let ids = std::array::from_fn(|c| face.glyph_id(char::from(c as u8)));
        Kept {
            ids,
            advances: ids.map(|id| face.h_advance_unscaled(id)),
            kerns: vec![UNKNOWN; ASCII * ASCII],
        }
    }

    /// The kerning between ASCII characters `a` and `b`, in the font's units.
    fn kern(&mut self, face: &FontRef<'_>, a: usize, b: usize) -> f32 {
        let kern = &mut self.kerns[a * ASCII + b];
        if *kern == UNKNOWN {
            *kern = face.kern_unscaled(self.ids[a], self.ids[b]) as i16;
        }
        f32::from(*kern)
    }
}

/// The box of `text` set at `em` (any unit) in the chart font: its advance,
/// and the height from the ascender to the descender. Every backend measures
/// with this, so a label's box fits its text in the SVG, the PNG and a
/// browser alike.
pub fn text_size(text: &str, em: f64, bold: bool) -> (f64, f64) {
    // The painter measures the same words many times (each place a label
    // might go, each legend row): laid out once per thread, then looked up.
    thread_local! {
        static WIDTHS: RefCell<HashMap<(String, u64, bool), f64>> = RefCell::new(HashMap::new());
    }
    let face = face(bold);
    let key = (text.to_string(), em.to_bits(), bold);
    let width = WIDTHS.with(|widths| {
        let mut widths = widths.borrow_mut();
        // Bounded, for a page that redraws for ever (the browser's).
        if widths.len() > 20_000 {
            widths.clear();
        }
        *widths
            .entry(key)
            .or_insert_with(|| layout(bold, em as f32, text).width as f64)
    });
    let height = face.height_unscaled() as f64 / units_per_em(face) as f64 * em;
    (width, height)
}

/// Whether a backend's text style is bold.
pub fn is_bold(style: FontStyle) -> bool {
    matches!(style, FontStyle::Bold)
}

/// The size of `text` in a backend's drawing units, whole units rounded up:
/// what every chart backend answers plotters' `estimate_text_size` with.
pub fn units<T: BackendTextStyle>(text: &str, style: &T) -> (u32, u32) {
    let (w, h) = text_size(text, style.size(), is_bold(style.style()));
    (w.ceil() as u32, h.ceil() as u32)
}

/// Where the baseline lies below a text's anchor, in the units of `em`: the
/// text's box runs from the ascender to the descender (as [`text_size`]
/// measures it), and the anchor is its top, middle or bottom.
pub fn baseline(v_pos: VPos, bold: bool, em: f64) -> f64 {
    let face = face(bold);
    let units = units_per_em(face) as f64;
    let (ascent, descent) = (
        face.ascent_unscaled() as f64,
        face.descent_unscaled() as f64,
    );
    match v_pos {
        VPos::Top => ascent / units * em,
        VPos::Center => (ascent + descent) / 2.0 / units * em,
        VPos::Bottom => descent / units * em,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kerning_pulls_av_together() {
        let kerned = layout(false, 26.0, "AV").width;
        let advances: f32 = "AV"
            .chars()
            .map(|c| layout(false, 26.0, &c.to_string()).width)
            .sum();
        assert!(kerned < advances - 0.5, "{kerned} < {advances}");
    }

    #[test]
    fn glyphs_sit_at_fractional_advances() {
        let line = layout(false, 26.0, "Rocket.Chat");
        let xs: Vec<f32> = line.glyphs.iter().map(|g| g.position.x).collect();
        assert!(xs.windows(2).all(|w| w[1] > w[0]));
        assert!(xs.iter().any(|x| x.fract() != 0.0), "not rounded per glyph");
    }

    #[test]
    fn text_grows_with_its_size_and_its_length() {
        let (w12, h12) = text_size("Slack Pro", 12.0, false);
        let (w24, h24) = text_size("Slack Pro", 24.0, false);
        assert!((w24 - 2.0 * w12).abs() < 1e-3 && (h24 - 2.0 * h12).abs() < 1e-9);
        // DejaVu Sans: ascender 1901 and descender 483 units of 2048 to the em.
        assert!((h12 - 12.0 * 2384.0 / 2048.0).abs() < 1e-9, "{h12}");
        assert!(text_size("Slack Pro!", 12.0, false).0 > w12);
        assert!(text_size("Slack Pro", 12.0, true).0 > w12, "bold is wider");
    }

    /// The glyphs, advances and kerning [`layout`] keeps are the font's own:
    /// the same positions, to the bit, as laid out by ab_glyph's lookups.
    #[test]
    fn kept_metrics_lay_out_as_the_fonts_own_lookups() {
        let by_the_font = |bold: bool, em: f32, text: &str| {
            let scaled = face(bold).as_scaled(scale_for_em(face(bold), em));
            let (mut x, mut prev, mut xs) = (0.0f32, None, Vec::new());
            for c in text.chars() {
                let id = scaled.glyph_id(c);
                if let Some(p) = prev {
                    x += scaled.kern(p, id);
                }
                xs.push((id, x.to_bits()));
                x += scaled.h_advance(id);
                prev = Some(id);
            }
            (xs, x.to_bits())
        };
        for text in [
            "AV To Wa",
            "Slack Pro — $7.25 a user",
            "€1,200 × 12 (é)",
            "yes",
            "",
        ] {
            for bold in [false, true] {
                for em in [12.0, 26.0, 240.0, 317.5] {
                    let line = layout(bold, em, text);
                    let xs = line.glyphs.iter().map(|g| (g.id, g.position.x.to_bits()));
                    let want = by_the_font(bold, em, text);
                    assert_eq!(
                        (xs.collect::<Vec<_>>(), line.width.to_bits()),
                        want,
                        "{text}"
                    );
                }
            }
        }
    }
}
