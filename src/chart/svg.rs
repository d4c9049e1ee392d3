//! The SVG writer: a plotters backend that keeps every coordinate the painter
//! gives it. plotters' own `SVGBackend` writes whole pixels, so a straight
//! line of a model whose cost grows by a few dollars a user became a
//! staircase; here the painter draws on a grid of [`GRID`](crate::chart::render::GRID)
//! units to the pixel and this writer divides them back, to a hundredth of a
//! pixel. It also cuts to the plot (`<clipPath>`), marks each model's line as
//! one `<g data-model>` with a `<title>` a browser shows on hover, and sets text
//! at the size and length the chart font measures (`textLength`), so a label
//! fits its box in a browser whatever font it falls back to.

use std::convert::Infallible;
use std::fmt::Write;

use plotters::style::text_anchor::HPos;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};

use crate::chart::backend::{ChartBackend, Group};
use crate::chart::font::{self, FAMILY};

type Result = std::result::Result<(), DrawingErrorKind<Infallible>>;

/// An SVG being written: its body (the file is [`file`] around it).
pub struct Svg<'a> {
    /// The drawing's size in drawing units.
    size: (u32, u32),
    /// Drawing units to the pixel.
    grid: f64,
    /// What ids in this file begin with, so that several charts inlined in one
    /// page never share one.
    id: String,
    body: &'a mut String,
    clips: u32,
    /// Whether a `<g clip-path>` is open.
    clipped: bool,
    /// Groups open.
    groups: u32,
}

impl<'a> Svg<'a> {
    /// A drawing of `size` drawing units, `grid` to the pixel, written into
    /// `body`; its ids begin with `id`. `present` closes what is open.
    pub fn new(body: &'a mut String, size: (u32, u32), grid: f64, id: &str) -> Svg<'a> {
        Svg {
            size,
            grid,
            id: id.to_string(),
            body,
            clips: 0,
            clipped: false,
            groups: 0,
        }
    }

    /// A length in drawing units as pixels: at most two decimals, no trailing
    /// zeros (the same drawing gives the same bytes).
    fn px(&self, v: f64) -> String {
        number(v / self.grid)
    }

    fn point(&self, (x, y): BackendCoord) -> String {
        format!("{},{}", self.px(x as f64), self.px(y as f64))
    }

    fn points(&self, points: impl IntoIterator<Item = BackendCoord>) -> String {
        let all: Vec<String> = points.into_iter().map(|p| self.point(p)).collect();
        all.join(" ")
    }

    /// `fill` or `stroke` and its opacity, for an element in `colour`.
    fn paint(&self, what: &str, colour: BackendColor) -> String {
        let mut out = format!("{what}=\"{}\"", hex(colour));
        if colour.alpha < 1.0 {
            let _ = write!(out, " {what}-opacity=\"{}\"", number(colour.alpha));
        }
        out
    }

    fn stroke(&self, colour: BackendColor, width: u32) -> String {
        format!(
            "fill=\"none\" {} stroke-width=\"{}\"",
            self.paint("stroke", colour),
            self.px(width as f64)
        )
    }

    fn unclip(&mut self) {
        if std::mem::take(&mut self.clipped) {
            self.body.push_str("</g>\n");
        }
    }
}

/// The whole file: a drawing of `size` pixels whose elements are `body`, with
/// `title` and `description` first (screen readers and search engines read
/// them).
pub fn file(size: (f64, f64), title: &str, description: &str, body: &str) -> String {
    let (w, h) = (number(size.0), number(size.1));
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"{FAMILY}\">\n<title>{}</title>\n<desc>{}</desc>\n{body}</svg>\n",
        escape(title),
        escape(description),
    )
}

/// `v` to two decimals, trailing zeros dropped, never `-0`.
fn number(v: f64) -> String {
    // Nearly every coordinate is a whole number of drawing units, a twentieth
    // of a pixel: a whole number of hundredths, written from that integer
    // (as `{:.2}` would round it), without formatting a float.
    let hundredths = (v * 100.0).round();
    if (v * 100.0 - hundredths).abs() < 1e-6 && hundredths.abs() < 1e15 {
        return from_hundredths(hundredths as i64);
    }
    let text = format!("{:.2}", v);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    match text {
        "-0" | "" => "0".to_string(),
        _ => text.to_string(),
    }
}

/// `n` hundredths as [`number`] writes them, set from the right, byte by byte.
fn from_hundredths(n: i64) -> String {
    let (mut whole, cents) = (n.unsigned_abs() / 100, n.unsigned_abs() % 100);
    let mut bytes = [0u8; 24];
    let mut at = bytes.len();
    let mut put = |b: u8| {
        at -= 1;
        bytes[at] = b;
    };
    let digit = |d: u64| b'0' + d as u8;
    if cents != 0 {
        if cents % 10 != 0 {
            put(digit(cents % 10));
        }
        put(digit(cents / 10));
        put(b'.');
    }
    loop {
        put(digit(whole % 10));
        whole /= 10;
        if whole == 0 {
            break;
        }
    }
    if n < 0 {
        put(b'-');
    }
    String::from_utf8_lossy(&bytes[at..]).into_owned()
}

fn hex(colour: BackendColor) -> String {
    let (r, g, b) = colour.rgb;
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// Text for an XML element or attribute.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl ChartBackend for Svg<'_> {
    fn clip(&mut self, rect: Option<(BackendCoord, BackendCoord)>) {
        self.unclip();
        let Some(((x0, y0), (x1, y1))) = rect else {
            return;
        };
        self.clips += 1;
        let id = format!("{}-clip{}", self.id, self.clips);
        let (x, y) = (self.px(x0 as f64), self.px(y0 as f64));
        let (w, h) = (self.px((x1 - x0) as f64), self.px((y1 - y0) as f64));
        let _ = writeln!(
            self.body,
            "<clipPath id=\"{id}\"><rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\"/></clipPath>\n<g clip-path=\"url(#{id})\">"
        );
        self.clipped = true;
    }

    fn begin(&mut self, group: &Group) {
        self.unclip();
        let _ = write!(self.body, "<g class=\"{}\"", group.class);
        if let Some(model) = &group.model {
            let _ = write!(self.body, " data-model=\"{}\"", escape(model));
        }
        if group.title.is_empty() {
            self.body.push_str(">\n");
        } else {
            let _ = writeln!(self.body, "><title>{}</title>", escape(&group.title));
        }
        self.groups += 1;
    }

    fn end(&mut self) {
        self.unclip();
        if self.groups > 0 {
            self.groups -= 1;
            self.body.push_str("</g>\n");
        }
    }
}

impl DrawingBackend for Svg<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result {
        Ok(())
    }

    /// Closes the clip and the groups still open.
    fn present(&mut self) -> Result {
        self.unclip();
        while self.groups > 0 {
            self.end();
        }
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, colour: BackendColor) -> Result {
        if colour.alpha > 0.0 {
            let one = self.px(1.0);
            let (x, y) = (self.px(point.0 as f64), self.px(point.1 as f64));
            let fill = self.paint("fill", colour);
            let _ = writeln!(
                self.body,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{one}\" height=\"{one}\" {fill}/>"
            );
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result {
        self.draw_path([from, to], style)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result {
        if style.color().alpha > 0.0 {
            let stroke = self.stroke(style.color(), style.stroke_width());
            let points = self.points(path);
            let _ = writeln!(
                self.body,
                "<polyline {stroke} stroke-linejoin=\"round\" points=\"{points}\"/>"
            );
        }
        Ok(())
    }

    /// A box over units `upper_left..=bottom_right`, filled or framed (as the
    /// PNG draws it).
    fn draw_rect<S: BackendStyle>(
        &mut self,
        (x0, y0): BackendCoord,
        (x1, y1): BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result {
        if style.color().alpha <= 0.0 {
            return Ok(());
        }
        let (l, t) = (x0.min(x1) as f64, y0.min(y1) as f64);
        let (r, b) = (x0.max(x1) as f64 + 1.0, y0.max(y1) as f64 + 1.0);
        let look = if fill {
            self.paint("fill", style.color())
        } else {
            self.stroke(style.color(), style.stroke_width())
        };
        let (x, y, w, h) = (self.px(l), self.px(t), self.px(r - l), self.px(b - t));
        let _ = writeln!(
            self.body,
            "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" {look}/>"
        );
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        (x, y): BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result {
        if style.color().alpha <= 0.0 {
            return Ok(());
        }
        let look = if fill {
            self.paint("fill", style.color())
        } else {
            self.stroke(style.color(), style.stroke_width())
        };
        let (cx, cy, r) = (self.px(x as f64), self.px(y as f64), self.px(radius as f64));
        let _ = writeln!(
            self.body,
            "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"{r}\" {look}/>"
        );
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result {
        if style.color().alpha > 0.0 {
            let fill = self.paint("fill", style.color());
            let points = self.points(vert);
            let _ = writeln!(self.body, "<polygon {fill} points=\"{points}\"/>");
        }
        Ok(())
    }

    /// Text at the size the painter gave (its em, in drawing units), its
    /// box's corner or edge at `pos` as the anchor says, turned as asked.
    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result {
        let colour = style.color();
        if colour.alpha <= 0.0 || text.is_empty() {
            return Ok(());
        }
        let bold = font::is_bold(style.style());
        let em = style.size();
        let (width, _) = font::text_size(text, em, bold);
        let anchor = style.anchor();
        let baseline = font::baseline(anchor.v_pos, bold, em);
        let (x, y) = (self.px(pos.0 as f64), self.px(pos.1 as f64 + baseline));
        let mut attrs = format!(
            "x=\"{x}\" y=\"{y}\" font-size=\"{}\" textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\" {}",
            self.px(em),
            self.px(width),
            self.paint("fill", colour)
        );
        if bold {
            attrs.push_str(" font-weight=\"bold\"");
        }
        match anchor.h_pos {
            HPos::Left => {}
            HPos::Center => attrs.push_str(" text-anchor=\"middle\""),
            HPos::Right => attrs.push_str(" text-anchor=\"end\""),
        }
        let turn = match style.transform() {
            FontTransform::None => None,
            FontTransform::Rotate90 => Some(90),
            FontTransform::Rotate180 => Some(180),
            FontTransform::Rotate270 => Some(270),
        };
        if let Some(degrees) = turn {
            let (px, py) = (self.px(pos.0 as f64), self.px(pos.1 as f64));
            let _ = write!(attrs, " transform=\"rotate({degrees}, {px}, {py})\"");
        }
        let _ = writeln!(self.body, "<text {attrs}>{}</text>", escape(text));
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> std::result::Result<(u32, u32), DrawingErrorKind<Infallible>> {
        Ok(font::units(text, style))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::style::{BLACK, Color};

    #[test]
    fn numbers_keep_two_decimals_and_no_more() {
        assert_eq!(number(74.25), "74.25");
        assert_eq!(number(74.5), "74.5");
        assert_eq!(number(74.0), "74");
        assert_eq!(number(-0.001), "0");
        assert_eq!(number(1.0 / 3.0), "0.33");
        assert_eq!(number(-0.05), "-0.05");
        assert_eq!(number(-1.1), "-1.1");
    }

    /// Whole hundredths are written without formatting a float, and come out
    /// as `{:.2}` writes them, trailing zeros dropped: every drawing unit of a
    /// chart 4,000 px wide at both grids, and values between them.
    #[test]
    fn numbers_written_from_hundredths_are_those_of_the_formatter() {
        let by_format = |v: f64| {
            let text = format!("{:.2}", v);
            let text = text.trim_end_matches('0').trim_end_matches('.');
            match text {
                "-0" | "" => "0".to_string(),
                _ => text.to_string(),
            }
        };
        let grids = [20.0, 20.0 * 9.25 / 12.0, 7.0];
        for units in -2000..80_000 {
            for grid in grids {
                let v = units as f64 / grid;
                assert_eq!(number(v), by_format(v), "{units} / {grid}");
            }
            let v = units as f64 * 0.0137 - 3.0;
            assert_eq!(number(v), by_format(v), "{v}");
        }
        for v in [
            0.005,
            0.015,
            0.125,
            1.005,
            2.675,
            0.994999,
            1e12 + 0.01,
            0.0,
            -0.0,
        ] {
            assert_eq!(number(v), by_format(v), "{v}");
        }
    }

    #[test]
    fn a_line_keeps_its_tenths_of_a_pixel() {
        let mut body = String::new();
        let mut svg = Svg::new(&mut body, (16000, 10000), 20.0, "t");
        svg.draw_path(
            [(1485, 5983), (1631, 5990)],
            &Color::stroke_width(&BLACK, 50),
        )
        .unwrap();
        svg.present().unwrap();
        let text = file((800.0, 500.0), "t", "d", &body);
        assert!(
            text.contains("points=\"74.25,299.15 81.55,299.5\""),
            "{text}"
        );
        assert!(text.contains("stroke-width=\"2.5\""), "{text}");
        assert!(text.contains("width=\"800\" height=\"500\" viewBox=\"0 0 800 500\""));
    }

    #[test]
    fn groups_and_clips_nest_and_close() {
        let mut body = String::new();
        let mut svg = Svg::new(&mut body, (200, 200), 20.0, "chart");
        svg.begin(&Group {
            class: "series",
            model: Some("slack-pro".into()),
            title: "Slack Pro <$7.25>".into(),
        });
        svg.clip(Some(((0, 0), (100, 100))));
        svg.draw_line((0, 0), (100, 100), &Color::stroke_width(&BLACK, 20))
            .unwrap();
        svg.present().unwrap();
        let text = file((10.0, 10.0), "t", "d", &body);
        assert!(text.contains(
            "<g class=\"series\" data-model=\"slack-pro\"><title>Slack Pro &lt;$7.25&gt;</title>"
        ));
        assert!(text.contains("<clipPath id=\"chart-clip1\">"));
        assert_eq!(text.matches("<g").count(), text.matches("</g>").count());
    }
}
