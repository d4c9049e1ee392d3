//! The text around the plot: title, subtitle and legend above it, the footer
//! note below. Each step draws its part, records its boxes and says where the
//! plot may begin or end, so the plot gets whatever room is left.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::layout::{BoxKind, Layout, Rect};
use super::stroke::draw_line;
use crate::chart::font::{DrawResult, bold, font, measure};
use crate::chart::line::LineChart;
use crate::chart::theme;

/// The page a chart is drawn on: the drawing area and the chart, their size in
/// pixels and scale (1 for the SVG, 2 for the PNG), and the boxes drawn so far.
pub(super) struct Page<'a, DB: DrawingBackend> {
    pub(super) root: &'a DrawingArea<DB, Shift>,
    pub(super) chart: &'a LineChart,
    pub(super) width: f64,
    pub(super) height: f64,
    /// The space left free around everything.
    pub(super) margin: f64,
    pub(super) scale: f64,
    pub(super) layout: Layout,
}

/// A line of text to write, and what its box holds.
struct Text<'a> {
    text: &'a str,
    font: &'a FontDesc<'static>,
    colour: RGBColor,
    kind: BoxKind,
}

impl<'a, DB: DrawingBackend> Page<'a, DB> {
    /// A blank page: nothing drawn, no boxes.
    pub(super) fn new(root: &'a DrawingArea<DB, Shift>, chart: &'a LineChart, scale: f64) -> Self {
        let (width, height) = root.dim_in_pixel();
        Page {
            root,
            chart,
            width: width as f64,
            height: height as f64,
            margin: theme::MARGIN * scale,
            scale,
            layout: Layout::default(),
        }
    }

    /// Whether the page is laid out for a phone (see [`theme::NARROW_LAYOUT`]).
    pub(super) fn narrow(&self) -> bool {
        self.width / self.scale < theme::NARROW_LAYOUT
    }

    /// On a narrow page, the y axis's title written across above the plot
    /// (turned beside the axis it would be longer than a phone's short plot);
    /// returns where the plot may begin. Elsewhere nothing: plotters turns it.
    pub(super) fn y_title_above(&mut self, y: f64) -> DrawResult<f64, DB> {
        if !self.narrow() || self.chart.y_title.is_empty() {
            return Ok(y);
        }
        let title_font = font(theme::AXIS_TITLE_SIZE, self.scale);
        let width = self.width - 2.0 * self.margin;
        let mut y = y;
        for line in wrap(self.root, &self.chart.y_title, &title_font, width)? {
            let text = Text {
                text: &line,
                font: &title_font,
                colour: self.chart.palette.ink,
                kind: BoxKind::AxisTitle,
            };
            y += self.write(&text, (self.margin, y))?.1 + self.s(2.0);
        }
        Ok(y + self.s(8.0))
    }

    /// A length at 1× in pixels at this scale.
    pub(super) fn s(&self, v: f64) -> f64 {
        v * self.scale
    }

    /// Writes `text` with its top left corner at `at`, records its box (tests
    /// check that no two overlap) and returns its measured size.
    fn write(&mut self, text: &Text, at: (f64, f64)) -> DrawResult<(f64, f64), DB> {
        let (w, h) = measure(self.root, text.text, text.font)?;
        self.root.draw_text(
            text.text,
            &text.font.color(&text.colour),
            (at.0 as i32, at.1 as i32),
        )?;
        let rect = Rect::new(at.0, at.1, w, h).scaled(1.0 / self.scale);
        self.layout.boxes.push((text.kind, rect));
        Ok((w, h))
    }

    /// The title and the subtitle under it; returns the y just below them.
    pub(super) fn heading(&mut self) -> DrawResult<f64, DB> {
        let (chart, p) = (self.chart, self.chart.palette);
        let title = bold(theme::TITLE_SIZE, self.scale);
        let subtitle = font(theme::SUBTITLE_SIZE, self.scale);
        let mut y = self.s(theme::MARGIN - 4.0);
        for text in [
            Text {
                text: &chart.title,
                font: &title,
                colour: p.ink,
                kind: BoxKind::Title,
            },
            Text {
                text: &chart.subtitle,
                font: &subtitle,
                colour: p.muted,
                kind: BoxKind::Subtitle,
            },
        ] {
            // Wrapped at spaces to the page's width (a phone's chart is narrow).
            let width = self.width - 2.0 * self.margin;
            for line in wrap(self.root, text.text, text.font, width)? {
                let line = Text {
                    text: &line,
                    ..text
                };
                let (_, h) = self.write(&line, (self.margin, y))?;
                y += h + self.s(if text.kind == BoxKind::Title {
                    4.0
                } else {
                    2.0
                });
            }
            y += self.s(4.0);
        }
        Ok(y)
    }

    /// The legend from `y` down: a line sample and a name per entry, in rows
    /// wrapped to the page's width. Returns where the plot may begin.
    pub(super) fn legend(&mut self, mut y: f64) -> DrawResult<f64, DB> {
        let (root, p, margin) = (self.root, self.chart.palette, self.margin);
        y += self.s(4.0);
        let legend_font = font(theme::LEGEND_SIZE, self.scale);
        let (sample, gap, spacing) = (self.s(24.0), self.s(6.0), self.s(18.0));
        let mut x = margin;
        let mut row_h = 0.0f64;
        let room = self.width - 2.0 * margin - sample - gap;
        for (legend, style) in self.chart.legend_entries() {
            // An entry wider than the page (a phone's) wraps under itself.
            let lines = wrap(root, &legend, &legend_font, room)?;
            let line_h = measure(root, "Mg", &legend_font)?.1 + self.s(2.0);
            let mut w = 0.0f64;
            for line in &lines {
                w = w.max(measure(root, line, &legend_font)?.0);
            }
            let first_h = measure(root, &lines[0], &legend_font)?.1;
            let h = first_h + line_h * (lines.len() - 1) as f64;
            let entry_w = sample + gap + w;
            if x + entry_w > self.width - margin && x > margin {
                x = margin;
                y += row_h + self.s(6.0);
                row_h = 0.0;
            }
            let mid = y + first_h / 2.0;
            if self
                .chart
                .columns
                .as_ref()
                .is_some_and(|c| c.legend == legend)
            {
                // Columns: a filled swatch, as tall as the text's x-height.
                let half = (h * 0.3) as i32;
                let corners = [
                    (x as i32, mid as i32 - half),
                    ((x + sample) as i32, mid as i32 + half),
                ];
                root.draw(&Rectangle::new(corners, p.colour(style).filled()))?;
            } else {
                let line = [(x, mid), (x + sample, mid)];
                draw_line(root, &line, p.colour(style), style, self.scale)?;
            }
            for (i, line) in lines.iter().enumerate() {
                let top = y + line_h * i as f64;
                let style = legend_font.color(&p.ink);
                root.draw_text(line, &style, ((x + sample + gap) as i32, top as i32))?;
            }
            let rect = Rect::new(x, y, entry_w, h).scaled(1.0 / self.scale);
            self.layout.boxes.push((BoxKind::Legend, rect));
            x += entry_w + spacing;
            row_h = row_h.max(h);
        }
        y += row_h + self.s(12.0);
        Ok(y)
    }

    /// The footer note (unverified prices) at the bottom of the page, wrapped
    /// to its width, last line at the bottom. Returns the room the plot leaves
    /// below it: the margin when there is no footer, else down to 10 px (at 1×)
    /// above the footer's first line.
    pub(super) fn footer(&mut self) -> DrawResult<f64, DB> {
        let chart = self.chart;
        let Some(footer) = &chart.footer else {
            return Ok(self.margin);
        };
        let (root, margin) = (self.root, self.margin);
        let note_font = font(theme::NOTE_SIZE, self.scale);
        let lines = wrap(root, footer, &note_font, self.width - 2.0 * margin)?;
        let last_h = measure(root, &lines[lines.len() - 1], &note_font)?.1;
        let line_h = measure(root, "Mg", &note_font)?.1 + self.s(3.0);
        let mut top =
            self.height - margin - last_h + self.s(6.0) - line_h * (lines.len() - 1) as f64;
        let bottom = self.height - top + self.s(10.0);
        for line in &lines {
            let text = Text {
                text: line,
                font: &note_font,
                colour: chart.palette.muted,
                kind: BoxKind::Footer,
            };
            self.write(&text, (margin, top))?;
            top += line_h;
        }
        Ok(bottom)
    }
}

/// `text` in lines no wider than `width`, broken at spaces.
pub(super) fn wrap<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    note_font: &FontDesc<'_>,
    width: f64,
) -> DrawResult<Vec<String>, DB> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if measure(root, &format!("{line} {word}"), note_font)?.0 <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    Ok(lines)
}
