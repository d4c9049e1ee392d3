//! Turns a chart into SVG or PNG bytes (the caller writes them).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use plotters::prelude::*;

use super::font;
use super::line::LineChart;
use super::paint::draw;
use super::paint::layout::Layout;
use super::raster::Canvas;
use super::theme::{HEIGHT, PNG_SCALE, WIDTH};

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

/// Renders `chart` to bytes in `format`, with the layout of its text boxes.
pub fn render(chart: &LineChart, format: Format) -> Result<(Vec<u8>, Layout), String> {
    render_on(chart, format, &mut Canvas::default())
}

/// [`render`], drawing a PNG on `canvas` (reused from chart to chart).
fn render_on(
    chart: &LineChart,
    format: Format,
    canvas: &mut Canvas,
) -> Result<(Vec<u8>, Layout), String> {
    font::register();
    match format {
        Format::Svg => svg(chart),
        Format::Png => png(chart, canvas),
    }
}

/// A file made: where it goes and its bytes.
type File = (PathBuf, Vec<u8>);

/// Renders every chart in every format, side by side (rendering is the slow
/// part), into `(path, bytes)` pairs ready to write: one thread per core, each
/// taking the next file and drawing its PNGs on the one canvas it keeps.
pub fn render_all(
    charts: &[LineChart],
    formats: &[Format],
    out: &Path,
) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    render_each(charts, formats, out, &|_, _, _| {})
}

/// [`render_all`], handing each file to `each` (its number in the result, its
/// path, its bytes) on the thread that made it, as soon as it is made: the
/// caller can write it while the other files are still being drawn.
pub fn render_each(
    charts: &[LineChart],
    formats: &[Format],
    out: &Path,
    each: &(dyn Fn(usize, &Path, &[u8]) + Sync),
) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    // PNGs first: they take longest, so the SVGs fill in at the end.
    let mut jobs: Vec<(&LineChart, Format)> = charts
        .iter()
        .flat_map(|c| formats.iter().map(move |&f| (c, f)))
        .collect();
    jobs.sort_by_key(|&(_, f)| f != Format::Png);
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
            let Some(&(chart, format)) = jobs.get(i) else {
                return done;
            };
            let bytes = render_on(chart, format, &mut canvas).map(|(b, _)| b);
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

fn svg(chart: &LineChart) -> Result<(Vec<u8>, Layout), String> {
    let mut text = String::new();
    let layout = {
        let root = SVGBackend::with_string(&mut text, (WIDTH, HEIGHT)).into_drawing_area();
        let layout = draw::draw(&root, chart, 1.0)
            .map_err(|e| format!("drawing the SVG chart failed: {e}"))?;
        root.present()
            .map_err(|e| format!("finishing the SVG chart failed: {e}"))?;
        layout
    };
    // Screen readers and search engines read <title> and <desc>.
    let header_end = text.find('>').map_or(0, |i| i + 1);
    let accessible = format!(
        "\n<title>{}</title>\n<desc>{}</desc>",
        xml_escape(&chart.title),
        xml_escape(&chart.description)
    );
    text.insert_str(header_end, &accessible);
    Ok((text.into_bytes(), layout))
}

fn png(chart: &LineChart, canvas: &mut Canvas) -> Result<(Vec<u8>, Layout), String> {
    let (w, h) = (WIDTH * PNG_SCALE, HEIGHT * PNG_SCALE);
    let layout = {
        let root = canvas.raster(w, h).into_drawing_area();
        draw::draw(&root, chart, PNG_SCALE as f64)
            .map_err(|e| format!("drawing the PNG chart failed: {e}"))?
    };
    let bytes = canvas.png((w, h), &chart.title, &chart.description)?;
    Ok((bytes, layout))
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
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
            render_on(chart, Format::Png, &mut canvas).unwrap();
        }
        for chart in &charts {
            let after = render_on(chart, Format::Png, &mut canvas).unwrap().0;
            assert!(after == alone(chart), "{} differs", chart.stem);
        }
    }
}
