//! Colours, line styles and sizes for every chart, in one place. Sizes are in
//! SVG pixels (800 × 500); the PNG is drawn at twice that scale.

use plotters::style::RGBColor;

/// Okabe–Ito, a palette that colour-blind readers can tell apart; ordered so
/// the first models get the strongest contrast on white (yellow comes last).
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(0, 0, 0),       // black
    RGBColor(240, 228, 66),  // yellow
];

/// How a model's line is drawn; model `i` keeps style `i` in every chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LineStyle {
    pub color: RGBColor,
    /// `None` for a solid line, else (dash, gap) lengths.
    pub dash: Option<(f64, f64)>,
}

/// Solid lines in the eight colours first, then dashed, then dotted.
pub fn line_style(index: usize) -> LineStyle {
    let dash = match (index / PALETTE.len()) % 3 {
        0 => None,
        1 => Some((9.0, 5.0)),
        _ => Some((2.5, 4.0)),
    };
    LineStyle {
        color: PALETTE[index % PALETTE.len()],
        dash,
    }
}

pub const WIDTH: u32 = 800;
pub const HEIGHT: u32 = 500;
/// The PNG is drawn at this multiple of the SVG size, for sharp text on high-DPI screens.
pub const PNG_SCALE: u32 = 2;

pub const BACKGROUND: RGBColor = RGBColor(255, 255, 255);
pub const INK: RGBColor = RGBColor(34, 34, 34);
pub const MUTED: RGBColor = RGBColor(96, 96, 96);
pub const GRID: RGBColor = RGBColor(226, 226, 226);
pub const AXIS: RGBColor = RGBColor(150, 150, 150);
pub const LABEL_BORDER: RGBColor = RGBColor(170, 170, 170);

pub const MARGIN: f64 = 20.0;
pub const TITLE_SIZE: f64 = 21.0;
pub const SUBTITLE_SIZE: f64 = 13.0;
pub const LEGEND_SIZE: f64 = 13.0;
pub const TICK_SIZE: f64 = 12.0;
pub const AXIS_TITLE_SIZE: f64 = 13.0;
pub const NOTE_SIZE: f64 = 11.5;
pub const LINE_WIDTH: f64 = 2.5;
pub const POINT_RADIUS: f64 = 2.6;
pub const MARKER_RADIUS: f64 = 5.0;
/// Show a dot on every data point when there are at most this many.
pub const MAX_DOTTED_POINTS: usize = 40;
