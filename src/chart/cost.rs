//! The two cost charts: monthly cost and cost per user against team size.
//! `CostChart::new` prepares the data from a comparison (pure); `draw` paints it
//! on any plotters backend, so the SVG and the PNG come from one function.

use plotters::coord::Shift;
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::coord::types::RangedCoordu64;
use plotters::prelude::*;
use plotters::style::FontStyle;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::font::FAMILY;
use super::layout::{BoxKind, Layout, Rect, place, simplify};
use super::theme::{self, LineStyle};
use crate::engine::breakeven::Cause;
use crate::engine::compare::Comparison;
use crate::engine::money;
use crate::export::sentences;
use crate::pricing::model::{Billing, Kind};

/// What the y axis shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    PerMonth,
    PerUser,
}

impl Metric {
    /// The file stem: `cost-per-month`, `cost-per-user`.
    pub fn stem(self) -> &'static str {
        match self {
            Metric::PerMonth => "cost-per-month",
            Metric::PerUser => "cost-per-user",
        }
    }
}

/// One model's line; `None` gaps (unavailable sizes) split it into segments.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub style: LineStyle,
    pub segments: Vec<Vec<(u64, f64)>>,
}

/// A break-even point and its two-line label.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub x: u64,
    pub y: f64,
    pub lines: [String; 2],
}

/// Everything needed to draw one cost chart.
#[derive(Clone, Debug, PartialEq)]
pub struct CostChart {
    pub metric: Metric,
    pub title: String,
    pub subtitle: String,
    /// In words what the chart shows, built from the computed figures (alt text,
    /// SVG `<desc>`).
    pub description: String,
    pub x_from: u64,
    pub x_to: u64,
    pub series: Vec<Series>,
    pub markers: Vec<Marker>,
    pub log_y: bool,
    /// Where the y axis is cut so the useful part of the chart is not squashed
    /// (cost per user at one or two users can dwarf everything else).
    pub y_cap: Option<f64>,
    pub currency: String,
}

/// At most this many break-evens are labelled on one chart (the earliest).
const MAX_MARKERS: usize = 6;
/// Ranges with more team sizes than this are drawn from samples plus every
/// breakpoint, which is exact for straight pieces and finer than a pixel otherwise.
const MAX_POINTS: u64 = 2000;

impl CostChart {
    pub fn new(c: &Comparison, metric: Metric, log_y: bool) -> CostChart {
        let (from, to) = (c.range.from, c.range.to);
        let sizes = sample_sizes(c);
        let series = c
            .models
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let mut segments: Vec<Vec<(u64, f64)>> = Vec::new();
                let mut open = false;
                for &n in &sizes {
                    let value = match metric {
                        Metric::PerMonth => c.monthly(i, n),
                        Metric::PerUser => c.per_user(i, n),
                    }
                    .and_then(|v| v.to_f64())
                    .filter(|v| !log_y || *v > 0.0);
                    match value {
                        Some(v) if open => segments.last_mut().expect("open segment").push((n, v)),
                        Some(v) => {
                            segments.push(vec![(n, v)]);
                            open = true;
                        }
                        None => open = false,
                    }
                }
                Series {
                    name: m.name.clone(),
                    style: theme::line_style(i),
                    segments,
                }
            })
            .collect();
        let markers = if metric == Metric::PerMonth {
            markers(c)
        } else {
            Vec::new()
        };
        let billing = match c.billing {
            Billing::Annual => "annual billing where offered",
            Billing::Monthly => "monthly billing where offered",
        };
        let log = if log_y { " · log scale" } else { "" };
        let subtitle = format!(
            "Scenario {} · prices as of {} · {}, {billing}{log}",
            c.scenario,
            c.price_dates(),
            c.currency
        );
        let title = match metric {
            Metric::PerMonth => "What a team pays each month",
            Metric::PerUser => "What each user costs each month",
        };
        CostChart {
            metric,
            title: title.to_string(),
            subtitle,
            description: describe(c, metric),
            x_from: from,
            x_to: to,
            series,
            markers,
            log_y,
            y_cap: None,
            currency: c.currency.clone(),
        }
        .with_cap()
    }

    /// For cost per user: cut the axis at 1.2 × the highest value over the last
    /// 80% of the range when the first few team sizes would squash the rest.
    fn with_cap(mut self) -> Self {
        if self.metric != Metric::PerUser || self.log_y {
            return self;
        }
        let cut_from = self.x_from + (self.x_to - self.x_from) / 5;
        let points = || self.series.iter().flat_map(|s| s.segments.iter().flatten());
        let max = points().map(|p| p.1).fold(0.0, f64::max);
        let tail = points()
            .filter(|p| p.0 >= cut_from)
            .map(|p| p.1)
            .fold(0.0, f64::max);
        if tail > 0.0 && max > 2.0 * tail {
            let cap = nice_ceiling(tail * 1.2);
            self.y_cap = Some(cap);
            self.subtitle += &format!(
                " · axis cut at {}",
                money_tick(cap, &self.currency, cap <= 10.0)
            );
        }
        self
    }

    fn y_title(&self) -> String {
        match self.metric {
            Metric::PerMonth => format!("Cost per month ({})", self.currency),
            Metric::PerUser => format!("Cost per user per month ({})", self.currency),
        }
    }

    fn y_bounds(&self) -> (f64, f64) {
        let values = || {
            self.series
                .iter()
                .flat_map(|s| s.segments.iter().flatten().map(|p| p.1))
        };
        let max = values().fold(0.0f64, f64::max);
        if self.log_y {
            let min = values().filter(|v| *v > 0.0).fold(f64::INFINITY, f64::min);
            if !min.is_finite() {
                return (0.01, 1.0);
            }
            let lo = 10f64.powf(min.log10().floor());
            let hi = 10f64.powf((max * 1.05).log10().ceil()).max(lo * 10.0);
            (lo, hi)
        } else {
            let top = match self.y_cap {
                Some(cap) => cap,
                None if max > 0.0 => nice_ceiling(max * 1.08),
                None => 1.0,
            };
            (0.0, top)
        }
    }
}

/// The team sizes drawn: every one for short ranges, else samples plus both sides
/// of every breakpoint and crossing.
fn sample_sizes(c: &Comparison) -> Vec<u64> {
    let (from, to) = (c.range.from, c.range.to);
    if to - from < MAX_POINTS {
        return (from..=to).collect();
    }
    let span = (to - from) as f64;
    let mut sizes: Vec<u64> = (0..=1500u64)
        .map(|i| from + (span * i as f64 / 1500.0).round() as u64)
        .collect();
    let mut edge = |n: u64| {
        for m in [n.saturating_sub(1), n] {
            if m >= from && m <= to {
                sizes.push(m);
            }
        }
    };
    for curve in &c.curves {
        curve.pieces().iter().for_each(|p| edge(p.from));
    }
    for pair in &c.analysis.pairs {
        pair.crossings.iter().for_each(|x| edge(x.users));
    }
    sizes.push(to);
    sizes.sort_unstable();
    sizes.dedup();
    sizes
}

/// Break-evens worth a label: price crossings that involve a self-hosted model
/// (every price crossing when none is self-hosted), earliest first.
fn markers(c: &Comparison) -> Vec<Marker> {
    let any_self_hosted = c.models.iter().any(|m| m.kind == Kind::SelfHosted);
    let self_hosted = |id: &str| c.model(id).is_some_and(|m| m.kind == Kind::SelfHosted);
    let mut found = Vec::new();
    for pair in &c.analysis.pairs {
        if any_self_hosted && !self_hosted(&pair.a) && !self_hosted(&pair.b) {
            continue;
        }
        for x in pair.crossings.iter().filter(|x| x.cause == Cause::Price) {
            let winner = &x.cheaper_from_here;
            let loser = if *winner == pair.a { &pair.b } else { &pair.a };
            let i = c
                .models
                .iter()
                .position(|m| &m.id == winner)
                .expect("crossing ids are models");
            let Some(y) = c.monthly(i, x.users).and_then(|v| v.to_f64()) else {
                continue;
            };
            let verb = if x.tie {
                "costs no more than"
            } else {
                "is cheaper than"
            };
            let lines = [
                format!("From {} users: {}", x.users, c.name(winner)),
                format!("{verb} {}", c.name(loser)),
            ];
            found.push(Marker {
                x: x.users,
                y,
                lines,
            });
        }
    }
    found.sort_by(|a, b| a.x.cmp(&b.x).then_with(|| a.lines.cmp(&b.lines)));
    found.truncate(MAX_MARKERS);
    found
}

/// What the chart shows, in words, from the computed figures.
fn describe(c: &Comparison, metric: Metric) -> String {
    let (from, to) = (c.range.from, c.range.to);
    let what = match metric {
        Metric::PerMonth => "Monthly cost",
        Metric::PerUser => "Monthly cost per user",
    };
    let mut text = format!(
        "{what} against team size, {from} to {to} users, for {} models. ",
        c.models.len()
    );
    for (i, m) in c.models.iter().enumerate() {
        let value = |n: u64| match metric {
            Metric::PerMonth => c.monthly(i, n),
            Metric::PerUser => c.per_user(i, n),
        };
        let show = |v: Option<Decimal>| v.map(|v| money::display(v, &c.currency));
        let unit = if metric == Metric::PerUser {
            " per user"
        } else {
            ""
        };
        let constant = c.curves[i].pieces().iter().all(|p| {
            p.to < from
                || p.from > to
                || p.cost
                    .as_ref()
                    .is_some_and(|l| l.slope.is_zero() && l.stairs.is_empty())
        }) && value(from) == value(to);
        text += &match (show(value(from)), show(value(to))) {
            (Some(a), _) if constant && metric == Metric::PerMonth => {
                format!("{} costs {a} a month at any team size. ", m.name)
            }
            (Some(a), Some(b)) => format!(
                "{} costs {a}{unit} a month at {from} users and {b}{unit} at {to}. ",
                m.name
            ),
            (Some(a), None) => format!(
                "{} costs {a}{unit} a month at {from} users and cannot serve {to}. ",
                m.name
            ),
            (None, Some(b)) => format!(
                "{} cannot serve {from} users and costs {b}{unit} a month at {to}. ",
                m.name
            ),
            (None, None) => format!("{} cannot serve {from} or {to} users. ", m.name),
        };
    }
    text + &sentences::cheapest_sentences(c).join(" ")
}

/// 1, 2, 2.5 or 5 × 10^k at or above `v`: a y axis that ends on a round amount.
fn nice_ceiling(v: f64) -> f64 {
    let base = 10f64.powf(v.log10().floor());
    [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .iter()
        .map(|m| m * base)
        .find(|c| *c >= v)
        .unwrap_or(10.0 * base)
}

/// `$1,000` or `$0.67`: cents only where the axis needs them (and never on
/// amounts of $1,000 or more).
fn money_tick(v: f64, currency: &str, cents: bool) -> String {
    let prefix = money::currency_prefix(currency);
    if cents && v.abs() < 1000.0 {
        format!("{prefix}{v:.2}")
    } else {
        format!(
            "{prefix}{}",
            money::group_thousands(&format!("{:.0}", v.round()))
        )
    }
}

type DrawResult<T, DB> = Result<T, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

fn font(size: f64, scale: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FAMILY), size * scale, FontStyle::Normal)
}

/// Built bold from the start: `FontDesc::style` keeps the regular glyphs.
fn bold(size: f64, scale: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FAMILY), size * scale, FontStyle::Bold)
}

/// Measures `text` in pixels with the embedded font.
fn measure<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    f: &FontDesc<'_>,
) -> DrawResult<(f64, f64), DB> {
    let (w, h) = root.estimate_text_size(text, &TextStyle::from(f.clone()))?;
    Ok((w as f64, h as f64))
}

/// Draws `chart` on `root` at `scale` × the SVG size and returns its text boxes.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &CostChart,
    scale: f64,
) -> DrawResult<Layout, DB> {
    root.fill(&theme::BACKGROUND)?;
    let mut layout = Layout::default();
    let s = |v: f64| v * scale;
    let (width, _) = root.dim_in_pixel();
    let width = width as f64;

    // Title and subtitle.
    let mut y = s(theme::MARGIN - 4.0);
    for (text, size, is_bold, color, kind) in [
        (
            &chart.title,
            theme::TITLE_SIZE,
            true,
            theme::INK,
            BoxKind::Title,
        ),
        (
            &chart.subtitle,
            theme::SUBTITLE_SIZE,
            false,
            theme::MUTED,
            BoxKind::Subtitle,
        ),
    ] {
        let f = if is_bold {
            bold(size, scale)
        } else {
            font(size, scale)
        };
        let (w, h) = measure(root, text, &f)?;
        root.draw_text(text, &f.color(&color), (s(theme::MARGIN) as i32, y as i32))?;
        layout.boxes.push((
            kind,
            Rect::new(s(theme::MARGIN), y, w, h).scaled(1.0 / scale),
        ));
        y += h + s(6.0);
    }

    // Legend: one row of entries, wrapped as needed, above the plot.
    y += s(4.0);
    let legend_font = font(theme::LEGEND_SIZE, scale);
    let (sample, gap, spacing) = (s(24.0), s(6.0), s(18.0));
    let mut x = s(theme::MARGIN);
    let mut row_h = 0.0f64;
    for series in &chart.series {
        let (w, h) = measure(root, &series.name, &legend_font)?;
        let entry_w = sample + gap + w;
        if x + entry_w > width - s(theme::MARGIN) && x > s(theme::MARGIN) {
            x = s(theme::MARGIN);
            y += row_h + s(6.0);
        }
        let mid = y + h / 2.0;
        draw_line(root, &[(x, mid), (x + sample, mid)], series.style, scale)?;
        root.draw_text(
            &series.name,
            &legend_font.color(&theme::INK),
            ((x + sample + gap) as i32, y as i32),
        )?;
        layout.boxes.push((
            BoxKind::Legend,
            Rect::new(x, y, entry_w, h).scaled(1.0 / scale),
        ));
        x += entry_w + spacing;
        row_h = row_h.max(h);
    }
    y += row_h + s(12.0);

    // The plot.
    let (y_lo, y_hi) = chart.y_bounds();
    // A log axis shows cents only below $1 (its ticks are powers of ten).
    let cents = if chart.log_y {
        y_lo < 1.0
    } else {
        y_hi <= 10.0
    };
    let tick_font = font(theme::TICK_SIZE, scale);
    let widest = [y_lo, y_hi, y_hi / 2.0]
        .iter()
        .map(|v| measure(root, &money_tick(*v, &chart.currency, cents), &tick_font).map(|m| m.0))
        .collect::<Result<Vec<f64>, _>>()?
        .into_iter()
        .fold(0.0, f64::max);
    let y_area = widest + s(34.0);
    let area = root.margin(
        y as i32,
        s(theme::MARGIN) as i32,
        s(theme::MARGIN - 6.0) as i32,
        s(theme::MARGIN) as i32,
    );
    let (x_from, x_to) = if chart.x_from == chart.x_to {
        (chart.x_from.saturating_sub(1), chart.x_to + 1)
    } else {
        (chart.x_from, chart.x_to)
    };
    let mut builder = ChartBuilder::on(&area);
    builder
        .x_label_area_size(s(44.0) as u32)
        .y_label_area_size(y_area as u32);
    if chart.log_y {
        let ctx = builder.build_cartesian_2d(x_from..x_to, (y_lo..y_hi).log_scale())?;
        plot(root, ctx, chart, scale, cents, layout)
    } else {
        let ctx = builder.build_cartesian_2d(x_from..x_to, y_lo..y_hi)?;
        plot(root, ctx, chart, scale, cents, layout)
    }
}

/// The axes, lines and break-even labels, for a linear or a log y axis.
fn plot<DB, Y>(
    root: &DrawingArea<DB, Shift>,
    mut ctx: ChartContext<DB, Cartesian2d<RangedCoordu64, Y>>,
    chart: &CostChart,
    scale: f64,
    cents: bool,
    mut layout: Layout,
) -> DrawResult<Layout, DB>
where
    DB: DrawingBackend,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
    std::ops::Range<f64>: AsRangedCoord,
{
    let s = |v: f64| v * scale;
    let x_ticks = |v: &u64| money::group_thousands(&v.to_string());
    let y_ticks = |v: &f64| money_tick(*v, &chart.currency, cents);
    ctx.configure_mesh()
        .disable_x_mesh()
        .bold_line_style(theme::GRID.stroke_width(s(1.0).max(1.0) as u32))
        .light_line_style(TRANSPARENT)
        .axis_style(theme::AXIS.stroke_width(s(1.0).max(1.0) as u32))
        .x_labels(10)
        .y_labels(7)
        .x_label_formatter(&x_ticks)
        .y_label_formatter(&y_ticks)
        .label_style(font(theme::TICK_SIZE, scale).color(&theme::MUTED))
        .axis_desc_style(font(theme::AXIS_TITLE_SIZE, scale).color(&theme::INK))
        .x_desc("Team size (users)")
        .y_desc(chart.y_title())
        .set_all_tick_mark_size(s(4.0) as u32)
        .draw()?;

    let (xr, yr) = ctx.plotting_area().get_pixel_range();
    let plot_rect = Rect {
        x0: xr.start as f64,
        y0: yr.start as f64,
        x1: xr.end as f64,
        y1: yr.end as f64,
    };
    layout
        .boxes
        .push((BoxKind::Plot, plot_rect.scaled(1.0 / scale)));
    let to_px = |p: &(u64, f64)| {
        let (x, y) = ctx.backend_coord(p);
        (x as f64, y as f64)
    };

    let dotted = chart
        .series
        .iter()
        .all(|s| s.segments.iter().map(Vec::len).sum::<usize>() <= theme::MAX_DOTTED_POINTS);
    let mut pixel_lines = Vec::new();
    for series in &chart.series {
        for segment in &series.segments {
            let points: Vec<(f64, f64)> = segment.iter().map(to_px).collect();
            for run in plot_rect
                .grow(1.0)
                .clip_polyline(&simplify(&points, 0.3 * scale))
            {
                draw_line(root, &run, series.style, scale)?;
                pixel_lines.push(run);
            }
            if dotted {
                for p in points.iter().filter(|p| plot_rect.grow(1.0).contains(**p)) {
                    root.draw(&Circle::new(
                        (p.0 as i32, p.1 as i32),
                        s(theme::POINT_RADIUS) as i32,
                        series.style.color.filled(),
                    ))?;
                }
            }
        }
    }

    // Break-even markers, then their labels where they fit.
    let anchors: Vec<(f64, f64)> = chart.markers.iter().map(|m| to_px(&(m.x, m.y))).collect();
    let mut taken: Vec<Rect> = layout
        .boxes
        .iter()
        .filter(|(k, _)| *k != BoxKind::Plot)
        .map(|(_, r)| r.scaled(scale))
        .collect();
    taken.extend(
        anchors
            .iter()
            .map(|&(x, y)| Rect::new(x, y, 0.0, 0.0).grow(s(theme::MARKER_RADIUS + 2.0))),
    );
    let label_font = font(theme::NOTE_SIZE, scale);
    let pad = s(4.0);
    for (marker, &anchor) in chart.markers.iter().zip(&anchors) {
        let sizes = marker
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                measure(
                    root,
                    l,
                    &if i == 0 {
                        bold(theme::NOTE_SIZE, scale)
                    } else {
                        label_font.clone()
                    },
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        let line_h = sizes.iter().map(|m| m.1).fold(0.0, f64::max) + s(2.0);
        let w = sizes.iter().map(|m| m.0).fold(0.0, f64::max) + 2.0 * pad;
        let h = line_h * marker.lines.len() as f64 + 2.0 * pad - s(2.0);
        let Some(rect) = place(
            anchor,
            (w, h),
            &plot_rect.grow(-s(2.0)),
            &taken,
            &pixel_lines,
            s(12.0),
        ) else {
            layout.dropped_labels += 1;
            continue;
        };
        let near = (
            anchor.0.clamp(rect.x0, rect.x1),
            anchor.1.clamp(rect.y0, rect.y1),
        );
        root.draw(&PathElement::new(
            vec![
                (anchor.0 as i32, anchor.1 as i32),
                (near.0 as i32, near.1 as i32),
            ],
            theme::LABEL_BORDER.stroke_width(s(1.0) as u32),
        ))?;
        root.draw(&Rectangle::new(
            [
                (rect.x0 as i32, rect.y0 as i32),
                (rect.x1 as i32, rect.y1 as i32),
            ],
            theme::BACKGROUND.mix(0.93).filled(),
        ))?;
        root.draw(&Rectangle::new(
            [
                (rect.x0 as i32, rect.y0 as i32),
                (rect.x1 as i32, rect.y1 as i32),
            ],
            theme::LABEL_BORDER.stroke_width(s(1.0) as u32),
        ))?;
        for (i, line) in marker.lines.iter().enumerate() {
            let style = if i == 0 {
                bold(theme::NOTE_SIZE, scale)
            } else {
                label_font.clone()
            };
            root.draw_text(
                line,
                &style.color(&theme::INK),
                (
                    (rect.x0 + pad) as i32,
                    (rect.y0 + pad + line_h * i as f64) as i32,
                ),
            )?;
        }
        taken.push(rect);
        layout
            .boxes
            .push((BoxKind::Label, rect.scaled(1.0 / scale)));
    }
    for &(x, y) in &anchors {
        let at = (x as i32, y as i32);
        root.draw(&Circle::new(
            at,
            s(theme::MARKER_RADIUS) as i32,
            theme::BACKGROUND.filled(),
        ))?;
        root.draw(&Circle::new(
            at,
            s(theme::MARKER_RADIUS) as i32,
            theme::INK.stroke_width(s(1.6) as u32),
        ))?;
    }
    Ok(layout)
}

/// A polyline in a model's style (solid or dashed) in pixel coordinates.
fn draw_line<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    points: &[(f64, f64)],
    style: LineStyle,
    scale: f64,
) -> DrawResult<(), DB> {
    let stroke = style
        .color
        .stroke_width((theme::LINE_WIDTH * scale).round() as u32);
    let mut pixels: Vec<(i32, i32)> = points
        .iter()
        .map(|p| (p.0.round() as i32, p.1.round() as i32))
        .collect();
    pixels.dedup();
    // plotters' thick-line rasteriser skews the last segment of a path; a one-pixel
    // collinear stub at the end takes the skew where it cannot be seen.
    if let [.., a, b] = pixels[..] {
        let (dx, dy) = ((b.0 - a.0).signum(), (b.1 - a.1).signum());
        pixels.push((b.0 + dx, b.1 + dy));
    }
    match style.dash {
        None => root.draw(&PathElement::new(pixels, stroke)),
        Some((dash, gap)) => {
            let (dash, gap) = ((dash * scale) as u32, (gap * scale) as u32);
            root.draw(&plotters::element::DashedPathElement::new(
                pixels, dash, gap, stroke,
            ))
        }
    }
}
