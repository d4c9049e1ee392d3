//! Colours, line styles and sizes for every chart, in one place. Sizes are in
//! CSS pixels of the SVG (800 × 500); the PNG is drawn at twice that scale.

use plotters::style::RGBColor;

/// How many series colours a palette has.
pub const SERIES_COLOURS: usize = 12;

/// The order models take the series colours in: the strongest contrast
/// first, yellow (faint on white) and black (the ink of pattern legends) last.
const COLOUR_ORDER: [usize; SERIES_COLOURS] = [0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 7, 6];

/// The colours of one look (a light page or a dark one).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    pub background: RGBColor,
    pub ink: RGBColor,
    pub muted: RGBColor,
    pub grid: RGBColor,
    pub axis: RGBColor,
    pub label_border: RGBColor,
    /// Lines drawn as context behind the highlighted ones.
    pub context: RGBColor,
    /// Okabe–Ito, a palette colour-blind readers can tell apart, ordered so the
    /// first models get the strongest contrast on this background.
    pub series: [RGBColor; SERIES_COLOURS],
}

pub const LIGHT: Palette = Palette {
    background: RGBColor(255, 255, 255),
    ink: RGBColor(34, 34, 34),
    muted: RGBColor(96, 96, 96),
    grid: RGBColor(226, 226, 226),
    axis: RGBColor(150, 150, 150),
    label_border: RGBColor(170, 170, 170),
    context: RGBColor(205, 205, 205),
    series: [
        RGBColor(0, 114, 178),   // blue
        RGBColor(213, 94, 0),    // vermillion
        RGBColor(0, 158, 115),   // bluish green
        RGBColor(204, 121, 167), // reddish purple
        RGBColor(230, 159, 0),   // orange
        RGBColor(86, 180, 233),  // sky blue
        RGBColor(0, 0, 0),       // black
        RGBColor(240, 228, 66),  // yellow
        // Four more, so that a run of up to twelve plans gives each its own
        // colour on every chart: darker hues that sit apart from the eight.
        RGBColor(140, 81, 10),  // brown
        RGBColor(117, 80, 160), // violet
        RGBColor(110, 120, 20), // olive
        RGBColor(165, 30, 60),  // crimson
    ],
};

/// For a dark page: a near-black background (not pure black, which makes thin
/// lines glare), light text, and Okabe–Ito with black swapped for light grey.
pub const DARK: Palette = Palette {
    background: RGBColor(24, 26, 31),
    ink: RGBColor(232, 232, 232),
    muted: RGBColor(165, 168, 175),
    grid: RGBColor(58, 62, 70),
    axis: RGBColor(110, 115, 125),
    label_border: RGBColor(95, 100, 110),
    context: RGBColor(78, 83, 92),
    series: [
        RGBColor(86, 180, 233),  // sky blue
        RGBColor(230, 159, 0),   // orange
        RGBColor(0, 158, 115),   // bluish green
        RGBColor(204, 121, 167), // reddish purple
        RGBColor(240, 228, 66),  // yellow
        RGBColor(213, 94, 0),    // vermillion
        RGBColor(220, 220, 220), // light grey
        // Okabe–Ito's blue lightened: at (0, 114, 178) a line stood at 3.4:1
        // against the page, the dimmest of all; this one at 5:1.
        RGBColor(75, 140, 225),  // blue
        RGBColor(205, 145, 80),  // tan, for brown
        RGBColor(175, 145, 225), // lilac, for violet
        RGBColor(180, 190, 80),  // light olive
        RGBColor(235, 115, 140), // rose, for crimson
    ],
};

impl Palette {
    /// A line's colour: one of the series colours, or the ink colour for an
    /// index past them (legend entries that explain a dash pattern).
    pub fn colour(&self, style: LineStyle) -> RGBColor {
        match style.colour {
            CONTEXT => self.context,
            i => self.series.get(i).copied().unwrap_or(self.ink),
        }
    }
}

/// How a model's line is drawn; model `i` keeps style `i` in every chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LineStyle {
    /// Index into the palette's series colours.
    pub colour: usize,
    /// `None` for a solid line, else (dash, gap) lengths.
    pub dash: Option<(f64, f64)>,
}

/// The palette entry that is black on a light page (light grey on a dark one): the
/// colour of the ink, so a chart whose legend shows patterns in ink avoids it.
pub const INK_LIKE: usize = 6;

/// The colour index of context lines: the palette's grey, behind the colours.
pub const CONTEXT: usize = 1000;

/// A context line: solid, in the palette's grey.
pub const CONTEXT_STYLE: LineStyle = LineStyle {
    colour: CONTEXT,
    dash: None,
};

/// One style per model for a whole run, so a model looks the same on every
/// chart: the models of `order` (indices, most important first) take the
/// styles in turn, each its own colour while colours last, then dashed.
pub fn model_styles(count: usize, order: &[usize]) -> Vec<LineStyle> {
    let mut styles = vec![line_style(0); count];
    for (position, &model) in order.iter().enumerate() {
        styles[model] = line_style(position);
    }
    styles
}

/// Solid lines in the series colours first, then dashed, then dotted.
pub fn line_style(index: usize) -> LineStyle {
    let dash = match (index / SERIES_COLOURS) % 3 {
        0 => None,
        1 => Some((9.0, 5.0)),
        _ => Some((2.5, 4.0)),
    };
    LineStyle {
        colour: COLOUR_ORDER[index % SERIES_COLOURS],
        dash,
    }
}

pub const WIDTH: u32 = 800;
pub const HEIGHT: u32 = 500;
/// The PNG is drawn at this multiple of the SVG size, for sharp text on high-DPI screens.
pub const PNG_SCALE: u32 = 2;

pub const MARGIN: f64 = 20.0;
/// Text sizes: the em, in CSS pixels (an SVG's `font-size`).
pub const TITLE_SIZE: f64 = 17.0;
pub const SUBTITLE_SIZE: f64 = 10.5;
pub const LEGEND_SIZE: f64 = 10.5;
pub const TICK_SIZE: f64 = 9.75;
pub const AXIS_TITLE_SIZE: f64 = 10.5;
pub const NOTE_SIZE: f64 = 9.25;
/// A page laid out narrower than this (CSS pixels before any zoom) is a phone's:
/// names go above their bars, the y axis's title above the axis.
pub const NARROW_LAYOUT: f64 = 450.0;
/// The smallest text on a chart drawn for a phone, in CSS pixels: below 12 a
/// phone reader holding the screen at arm's length cannot read it.
pub const MIN_PHONE_TEXT: f64 = 12.0;
pub const LINE_WIDTH: f64 = 2.5;
pub const POINT_RADIUS: f64 = 2.6;
pub const MARKER_RADIUS: f64 = 5.0;
/// Show a dot on every data point when there are at most this many.
pub const MAX_DOTTED_POINTS: usize = 40;
