//! The chart font, embedded in the binary: charts look the same everywhere and
//! render on machines with no system fonts (no fontconfig needed).

use std::sync::{Once, OnceLock};

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};

/// DejaVu Sans (Bitstream Vera licence, see assets/fonts/LICENSE-DejaVu.txt).
static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The family written into SVG `font-family`, a CSS stack a browser can use;
/// plotters lays text out with the embedded font registered under this name.
pub const FAMILY: &str = "DejaVu Sans, Verdana, Arial, sans-serif";

static REGISTER: Once = Once::new();

/// Registers the embedded font once per process, under our family and under
/// "sans-serif" (plotters' default for tick labels).
pub fn register() {
    REGISTER.call_once(|| {
        for name in [FAMILY, "sans-serif"] {
            // The bytes are a valid TrueType font checked by the chart tests.
            let _ = register_font(name, FontStyle::Normal, REGULAR);
            let _ = register_font(name, FontStyle::Bold, BOLD);
        }
    });
}

pub(super) type DrawResult<T, DB> =
    Result<T, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

pub(super) fn font(size: f64, scale: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FAMILY), size * scale, FontStyle::Normal)
}

/// Built bold from the start: `FontDesc::style` keeps the regular glyphs.
pub(super) fn bold(size: f64, scale: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FAMILY), size * scale, FontStyle::Bold)
}

/// Measures `text` in pixels with the embedded font.
pub(super) fn measure<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    f: &FontDesc<'_>,
) -> DrawResult<(f64, f64), DB> {
    let (w, h) = root.estimate_text_size(text, &TextStyle::from(f.clone()))?;
    Ok((w as f64, h as f64))
}

/// The embedded font parsed for drawing the PNG's text: bold or regular.
pub(super) fn face(bold: bool) -> &'static ab_glyph::FontRef<'static> {
    static FACES: OnceLock<[ab_glyph::FontRef<'static>; 2]> = OnceLock::new();
    let faces = FACES.get_or_init(|| {
        // The bytes are valid TrueType fonts checked by the chart tests.
        [REGULAR, BOLD].map(|bytes| {
            ab_glyph::FontRef::try_from_slice(bytes).expect("the embedded font parses")
        })
    });
    &faces[usize::from(bold)]
}
