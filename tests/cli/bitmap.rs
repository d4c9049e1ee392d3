//! The PNG drawn as the SVG is: thick lines stay inside the plot on a daily
//! series with sharp spikes, text is kerned, the bytes are the same each run.

use rccost::chart::line::{LineChart, Series, Unit};
use rccost::chart::paint::layout::{BoxKind, Rect};
use rccost::chart::render::{Format, render};
use rccost::chart::theme::{LIGHT, line_style};

/// 2,000 days alternating 0 and 98 messages (the real export's highest day),
/// on a day axis: every joint is a spike as sharp as a line can have.
fn spikes(dark: bool) -> LineChart {
    let days: Vec<(u64, f64)> = (0..2000u64)
        .map(|d| (18_000 + d, if d % 2 == 0 { 0.0 } else { 98.0 }))
        .collect();
    let chart = LineChart {
        stem: "spikes".into(),
        palette: LIGHT,
        x_title: "Date".into(),
        y_title: "Messages per day".into(),
        x_unit: Unit::Date,
        y_unit: Unit::Count,
        title: "Messages sent over time".into(),
        subtitle: "Sharp spikes".into(),
        footer: None,
        description: "A test series.".into(),
        alt: String::new(),
        x_from: 18_000,
        x_to: 19_999,
        x_ticks: None,
        series: vec![Series {
            name: "Messages per day".into(),
            legend: "Messages per day".into(),
            style: line_style(0),
            segments: vec![days],
            model: None,
            hover: String::new(),
        }],
        bands: Vec::new(),
        bars: None,
        columns: None,
        legend: None,
        markers: Vec::new(),
        log_y: false,
        log_x: false,
        y_cap: None,
        secondary: None,
        currency: "USD".into(),
    };
    if dark { chart.dark() } else { chart }
}

/// The PNG's RGB pixels and its width.
pub(crate) fn decode(bytes: Vec<u8>) -> (Vec<u8>, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    (pixels, info.width)
}

/// How close a pixel is to `colour`: the largest channel difference.
fn distance(px: &[u8], colour: (u8, u8, u8)) -> u8 {
    let c = [colour.0, colour.1, colour.2];
    px.iter().zip(c).map(|(a, b)| a.abs_diff(b)).max().unwrap()
}

#[test]
fn thick_lines_never_leave_the_plot_on_a_spiky_daily_series() {
    for dark in [false, true] {
        let chart = spikes(dark);
        let series = chart.palette.series[0];
        let (bytes, layout) = render(&chart, Format::Png).unwrap();
        let plot = layout.plot().unwrap().scaled(2.0);
        let legend: Vec<Rect> = layout
            .boxes
            .iter()
            .filter(|(k, _)| *k == BoxKind::Legend)
            .map(|(_, r)| r.scaled(2.0))
            .collect();
        let (pixels, width) = decode(bytes);
        let mut inside = 0;
        let mut outside = Vec::new();
        for (i, px) in pixels.chunks_exact(3).enumerate() {
            let (x, y) = ((i as u32 % width) as f64, (i as u32 / width) as f64);
            // Pale anti-aliased fringes aside: a pixel of the line's own colour.
            if distance(px, (series.0, series.1, series.2)) > 40 {
                continue;
            }
            let centre = (x + 0.5, y + 0.5);
            if plot.contains(centre) {
                inside += 1;
            } else if !legend.iter().any(|r| r.contains(centre)) {
                outside.push((x, y));
            }
        }
        assert!(inside > 100_000, "the spikes are drawn ({inside} pixels)");
        assert!(
            outside.is_empty(),
            "dark={dark}: {} line pixels outside the plot {plot:?}, e.g. {:?}",
            outside.len(),
            &outside[..outside.len().min(5)]
        );
    }
}

#[test]
fn the_png_is_byte_identical_on_rerun() {
    let chart = spikes(false);
    assert_eq!(
        render(&chart, Format::Png).unwrap().0,
        render(&chart, Format::Png).unwrap().0
    );
}
