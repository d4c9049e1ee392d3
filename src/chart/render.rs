//! Turns a chart into SVG or PNG bytes (the caller writes them).

use std::path::{Path, PathBuf};

use plotters::prelude::*;

use super::draw;
use super::font;
use super::layout::Layout;
use super::line::LineChart;
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
    font::register();
    match format {
        Format::Svg => svg(chart),
        Format::Png => png(chart),
    }
}

/// Renders every chart in every format, side by side (rendering is the slow
/// part), into `(path, bytes)` pairs ready to write.
pub fn render_all(
    charts: &[LineChart],
    formats: &[Format],
    out: &Path,
) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    let jobs: Vec<(&LineChart, Format)> = charts
        .iter()
        .flat_map(|c| formats.iter().map(move |&f| (c, f)))
        .collect();
    let rendered: Vec<std::result::Result<Vec<u8>, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|&(chart, format)| {
                scope.spawn(move || render(chart, format).map(|(bytes, _)| bytes))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("a chart thread failed".into()))
            })
            .collect()
    });
    let mut files = Vec::new();
    for ((chart, format), bytes) in jobs.iter().zip(rendered) {
        files.push((
            out.join(format!("{}.{}", chart.stem, format.extension())),
            bytes?,
        ));
    }
    Ok(files)
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

fn png(chart: &LineChart) -> Result<(Vec<u8>, Layout), String> {
    let (w, h) = (WIDTH * PNG_SCALE, HEIGHT * PNG_SCALE);
    let mut pixels = vec![0u8; (w * h * 3) as usize];
    let layout = {
        let root = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
        let layout = draw::draw(&root, chart, PNG_SCALE as f64)
            .map_err(|e| format!("drawing the PNG chart failed: {e}"))?;
        root.present()
            .map_err(|e| format!("finishing the PNG chart failed: {e}"))?;
        layout
    };
    let mut out = Vec::with_capacity(pixels.len() / 8);
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        // Fast deflate: charts are mostly flat colour, so it stays small and quick.
        encoder.set_compression(png::Compression::Fast);
        encoder
            .add_itxt_chunk("Title".into(), chart.title.clone())
            .map_err(|e| e.to_string())?;
        encoder
            .add_itxt_chunk("Description".into(), chart.description.clone())
            .map_err(|e| e.to_string())?;
        let mut writer = encoder
            .write_header()
            .map_err(|e| format!("encoding the PNG failed: {e}"))?;
        writer
            .write_image_data(&pixels)
            .map_err(|e| format!("encoding the PNG failed: {e}"))?;
    }
    Ok((out, layout))
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
