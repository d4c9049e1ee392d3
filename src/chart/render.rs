//! Turns a chart into SVG or PNG bytes (the caller writes them).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use plotters::prelude::*;

use super::line::LineChart;
use super::paint::draw;
use super::paint::layout::Layout;
use super::raster::Canvas;
use super::svg::{self, Svg};
use super::theme::{self, HEIGHT, PNG_SCALE, WIDTH};

/// Drawing units to the pixel of the SVG: the painter lays every chart out
/// on this finer grid (plotters' backends take whole units), and the backends
/// divide it back, so a point keeps its place to a twentieth of a pixel in the
/// SVG and a tenth of one in the PNG (drawn at [`PNG_SCALE`]). The SVG and the
/// PNG are one layout: every length and every text measured the same way.
pub const GRID: f64 = 20.0;

/// A chart's size in CSS pixels: the SVG's width and height, half the PNG's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    pub width: u32,
    pub height: u32,
}

impl Size {
    /// 800 × 500: a blog's content column on a desktop.
    pub const DEFAULT: Size = Size {
        width: WIDTH,
        height: HEIGHT,
    };
    /// 400 × 640: a phone held upright (a 360–430 px column), the size the
    /// report offers narrow screens.
    pub const PHONE: Size = Size {
        width: 400,
        height: 640,
    };
    /// The narrowest chart drawn: a 320 px phone.
    pub const MIN_WIDTH: u32 = 320;
    /// The lowest: room for a title, a plot and an axis.
    pub const MIN_HEIGHT: u32 = 240;
    /// The widest and tallest: a chart of 4,000 px is a poster, not a figure.
    pub const MAX: u32 = 4000;
    /// Below this width a chart is laid out for a phone.
    pub const NARROW: u32 = 600;

    /// Whether a chart of this size is laid out for a phone.
    pub fn is_narrow(self) -> bool {
        self.width < Size::NARROW
    }

    /// `WIDTHxHEIGHT` in CSS pixels, e.g. `400x640`: each from [`Size::MIN_WIDTH`]
    /// (the height from 240) to [`Size::MAX`].
    pub fn parse(text: &str) -> Result<Size, String> {
        let expected = "expected WIDTHxHEIGHT in CSS pixels, e.g. 800x500 or 400x640";
        let (w, h) = text
            .trim()
            .split_once(['x', 'X', '×'])
            .ok_or_else(|| format!("'{text}' is not a size: {expected}"))?;
        let side = |t: &str, min: u32, what: &str| match t.trim().parse::<u32>() {
            Ok(n) if (min..=Size::MAX).contains(&n) => Ok(n),
            Ok(_) => Err(format!(
                "a chart {what} of {t} px is out of range: from {min} to {} px",
                Size::MAX
            )),
            Err(_) => Err(format!("'{text}' is not a size: {expected}")),
        };
        Ok(Size {
            width: side(w, Size::MIN_WIDTH, "width")?,
            height: side(h, Size::MIN_HEIGHT, "height")?,
        })
    }

    /// How much larger than at 800 px every length is drawn: 1 on a desktop;
    /// on a narrow chart enough that the smallest text is 12 CSS px, since a
    /// phone shows the chart at about the size it is drawn.
    pub fn zoom(self) -> f64 {
        if self.is_narrow() {
            theme::MIN_PHONE_TEXT / theme::NOTE_SIZE
        } else {
            1.0
        }
    }

    /// The size the painter lays the chart out at: this size shrunk by the
    /// zoom, so that drawn at the zoom it fills this size.
    fn layout(self) -> (f64, f64) {
        let z = self.zoom();
        (self.width as f64 / z, self.height as f64 / z)
    }
}

/// Output formats of `rccost plot`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Png,
    Svg,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
        }
    }
}

/// Renders `chart` at 800 × 500 to bytes in `format`, with the layout of its
/// text boxes (in CSS pixels).
pub fn render(chart: &LineChart, format: Format) -> Result<(Vec<u8>, Layout), String> {
    render_sized(chart, format, Size::DEFAULT)
}

/// [`render`] at `size`.
pub fn render_sized(
    chart: &LineChart,
    format: Format,
    size: Size,
) -> Result<(Vec<u8>, Layout), String> {
    render_on(chart, format, size, &mut Canvas::default())
}

/// [`render_sized`], drawing a PNG on `canvas` (reused from chart to chart).
fn render_on(
    chart: &LineChart,
    format: Format,
    size: Size,
    canvas: &mut Canvas,
) -> Result<(Vec<u8>, Layout), String> {
    let (bytes, layout) = match format {
        Format::Svg => svg(chart, size),
        Format::Png => png(chart, size, canvas),
    }?;
    Ok((bytes, layout.scaled(size.zoom())))
}

/// A file made: where it goes and its bytes.
type File = (PathBuf, Vec<u8>);

/// Renders every chart in every format, side by side (rendering is the slow
/// part), into `(path, bytes)` pairs ready to write: one thread per core, each
/// taking the next file and drawing its PNGs on the one canvas it keeps.
pub fn render_all(
    charts: &[LineChart],
    formats: &[Format],
    size: Size,
    out: &Path,
) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    render_each(charts, formats, size, out, &|_, _, _| {})
}

/// [`render_all`], handing each file to `each` (its number in the result, its
/// path, its bytes) on the thread that made it, as soon as it is made: the
/// caller can write it while the other files are still being drawn.
pub fn render_each(
    charts: &[LineChart],
    formats: &[Format],
    size: Size,
    out: &Path,
    each: &(dyn Fn(usize, &Path, &[u8]) + Sync),
) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    let sized: Vec<(&LineChart, Size)> = charts.iter().map(|c| (c, size)).collect();
    render_sized_each(&sized, formats, out, each)
}

/// [`render_each`], each chart at its own size.
pub fn render_sized_each(
    charts: &[(&LineChart, Size)],
    formats: &[Format],
    out: &Path,
    each: &(dyn Fn(usize, &Path, &[u8]) + Sync),
) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    // PNGs first: they take longest, so the SVGs fill in at the end.
    let mut jobs: Vec<(&LineChart, Size, Format)> = charts
        .iter()
        .flat_map(|&(c, size)| formats.iter().map(move |&f| (c, size, f)))
        .collect();
    jobs.sort_by_key(|&(_, _, f)| f != Format::Png);
    let path = |(chart, format): (&LineChart, Format)| {
        out.join(format!("{}.{}", chart.stem, format.extension()))
    };
    let next = AtomicUsize::new(0);
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let worker = || {
        let mut canvas = Canvas::default();
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(&(chart, size, format)) = jobs.get(i) else {
                return done;
            };
            let bytes = render_on(chart, format, size, &mut canvas).map(|(b, _)| b);
            let file = bytes.map(|b| (path((chart, format)), b));
            if let Ok((path, bytes)) = &file {
                each(i, path, bytes);
            }
            done.push((i, file));
        }
    };
    let mut rendered: Vec<(usize, Result<File, String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..cores.min(jobs.len()))
            .map(|_| scope.spawn(worker))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|_| Vec::new()))
            .collect()
    });
    if rendered.len() != jobs.len() {
        return Err("a chart thread failed".into());
    }
    rendered.sort_by_key(|(i, _)| *i);
    rendered.into_iter().map(|(_, file)| file).collect()
}

/// The drawing units of `size`: the layout size on the [`GRID`].
fn units(size: Size) -> (u32, u32) {
    let (w, h) = size.layout();
    ((w * GRID).round() as u32, (h * GRID).round() as u32)
}

fn svg(chart: &LineChart, size: Size) -> Result<(Vec<u8>, Layout), String> {
    let grid = GRID / size.zoom();
    let mut body = String::new();
    let layout = {
        let root = Svg::new(&mut body, units(size), grid, &chart.stem).into_drawing_area();
        let layout = draw::draw(&root, chart, GRID)
            .map_err(|e| format!("drawing the SVG chart failed: {e}"))?;
        root.present()
            .map_err(|e| format!("finishing the SVG chart failed: {e}"))?;
        layout
    };
    let px = (size.width as f64, size.height as f64);
    let text = svg::file(px, &chart.title, &chart.description, &body);
    Ok((text.into_bytes(), layout))
}

fn png(chart: &LineChart, size: Size, canvas: &mut Canvas) -> Result<(Vec<u8>, Layout), String> {
    let unit = (PNG_SCALE as f64 * size.zoom() / GRID) as f32;
    let layout = {
        let root = canvas.raster(units(size), unit).into_drawing_area();
        draw::draw(&root, chart, GRID).map_err(|e| format!("drawing the PNG chart failed: {e}"))?
    };
    let pixels = (size.width * PNG_SCALE, size.height * PNG_SCALE);
    let bytes = canvas.png(pixels, &chart.title, &chart.description)?;
    Ok((bytes, layout))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Assumptions;
    use crate::engine::compare::Comparison;
    use crate::pricing::{Source, load};
    use crate::units::date::Date;
    use crate::units::range::UserRange;

    /// A canvas keeps the glyphs and dots it rasterised from chart to chart, so
    /// a chart must come out the same whatever the thread drew before it.
    #[test]
    fn a_png_does_not_depend_on_the_charts_drawn_before_it_on_the_canvas() {
        let models = load::bundled_scenario("current").unwrap();
        let chosen = load::select(models, &[], &[], false).unwrap();
        let mut a = Assumptions::on(Date::parse("2026-11-25").unwrap());
        a = a.at_rate(60.into());
        let c = Comparison::new(
            Source::Bundled("current".into()),
            chosen.models,
            chosen.limited,
            UserRange::new(1, 100, 1).unwrap(),
            a,
        );
        let view = crate::chart::charts::focus::View::new(false, false, (1, 100));
        let charts = crate::chart::charts_in(&c, &view, 15, false).unwrap();
        let alone = |chart| render(chart, Format::Png).unwrap().0;
        let mut canvas = Canvas::default();
        for chart in charts.iter().rev() {
            render_on(chart, Format::Png, Size::DEFAULT, &mut canvas).unwrap();
        }
        for chart in &charts {
            let after = render_on(chart, Format::Png, Size::DEFAULT, &mut canvas)
                .unwrap()
                .0;
            assert!(after == alone(chart), "{} differs", chart.stem);
        }
    }
}
