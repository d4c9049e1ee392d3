//! A line chart as data: series, markers, axes, words. The builders (`cost`,
//! `cumulative`, `breakeven_map`, `usage`) fill one in from computed figures;
//! `draw` paints it; tests read it without decoding an image.

use super::theme::{CONTEXT, DARK, LIGHT, LineStyle, Palette};
use crate::units::count::group_thousands;
use crate::units::date::Date;
use crate::units::money;

/// One model's line; unavailable team sizes split it into segments.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    /// The legend text: the name, plus where the plan stops or why it is not seen.
    pub legend: String,
    pub style: LineStyle,
    pub segments: Vec<Vec<(u64, f64)>>,
    /// The plan the line is of (its id), so a reader's browser and a test can
    /// find it in the SVG (`data-model`); none for guides and counts.
    pub model: Option<String>,
    /// What a browser shows on hover: the plan's name and its figures.
    pub hover: String,
}

/// A shaded band behind a model's line: from P5 to P95 of its cost over the
/// draws, when some input is a range. Unavailable sizes split it, as they
/// split the line.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub style: LineStyle,
    /// Said beside the band, at its right end ("5th–95th percentile of 2,000
    /// draws"); empty: nothing.
    pub label: String,
    /// Runs of (team size, low, high).
    pub segments: Vec<Vec<(u64, f64, f64)>>,
}

/// Counts drawn as columns, one per period from zero to its count, across the
/// period's width (the usage chart's messages, when there are few periods: a
/// column per day or month reads as a count, a line between them does not).
#[derive(Clone, Debug, PartialEq)]
pub struct Columns {
    /// The legend entry, with a filled swatch.
    pub legend: String,
    pub style: LineStyle,
    /// (first day, the next period's first day, count), in date order.
    pub bars: Vec<(u64, u64, f64)>,
    /// Whether the first and the last column are periods the data covers only
    /// in part: drawn paler, their counts understate the period.
    pub part: (bool, bool),
}

/// A tornado chart's bars, drawn instead of lines: one bar per input, from the
/// figure with the input at its low bound to the figure at its high bound,
/// widest first (on top).
#[derive(Clone, Debug, PartialEq)]
pub struct Bars {
    pub rows: Vec<Bar>,
    /// The figure with every input at its likely value (a line across the bars).
    pub centre: f64,
    pub centre_label: String,
    /// In words what the bars measure, under the axis.
    pub x_title: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// The input, left of its bar.
    pub label: String,
    /// The figure with the input at its low bound and at its high bound.
    pub low: f64,
    pub high: f64,
    /// The bounds in words, at the two ends of the bar.
    pub low_label: String,
    pub high_label: String,
}

/// A second y axis on the right, for a series drawn in left-axis units.
#[derive(Clone, Debug, PartialEq)]
pub struct SecondaryAxis {
    pub title: String,
    pub unit: Unit,
    /// The right axis's value per unit of the left axis.
    pub factor: f64,
}

/// A labelled point: a break-even (with a dot) or a line leaving the top of a
/// cut axis (no dot).
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub x: u64,
    pub y: f64,
    /// For a line leaving the top: its next point; the label points to where the
    /// segment between the two meets the top of the plot.
    pub toward: Option<(u64, f64)>,
    pub lines: Vec<String>,
    pub dot: bool,
    /// More points marked with a dot that this label also speaks for (set-ups
    /// paid back in nearby months share one callout instead of boxing each other in).
    pub also: Vec<(u64, f64)>,
}

/// What an axis counts, and so how its ticks read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Team sizes: `1,000`, `2.5M`.
    Users,
    /// Months: `0`, `12`, `36`.
    Months,
    /// Amounts in the chart's currency: `$1,000`, `$0.67`.
    Money,
    /// Calendar days (days since 1970), labelled by month: `2016-08`.
    Date,
    /// Calendar days labelled by day, for spans of a few months: `2016-08-12`.
    Day,
    /// Plain counts: `12,000`.
    Count,
    /// Shares from 0 to 1, labelled as percentages: `50 %`.
    Share,
}

impl Unit {
    /// A tick label; `cents` only matters for money.
    pub fn tick(self, v: f64, currency: &str, cents: bool) -> String {
        match self {
            Unit::Users => users_tick(v.round().max(0.0) as u64),
            Unit::Months => format!("{:.0}", v),
            Unit::Money => money_tick(v, currency, cents),
            Unit::Date => {
                let d = Date::from_days(v.round() as i64);
                format!("{}-{:02}", d.year, d.month)
            }
            Unit::Day => Date::from_days(v.round() as i64).to_string(),
            Unit::Count => group_thousands(&format!("{:.0}", v.round().max(0.0))),
            Unit::Share => format!("{:.0} %", v * 100.0),
        }
    }
}

/// Everything needed to draw one line chart: the cost charts, the cumulative
/// cost, the break-even map and the usage charts all are one.
#[derive(Clone, Debug, PartialEq)]
pub struct LineChart {
    /// The file name without its extension, e.g. `cost-per-month`.
    pub stem: String,
    pub palette: Palette,
    pub x_title: String,
    pub y_title: String,
    pub x_unit: Unit,
    pub y_unit: Unit,
    pub title: String,
    pub subtitle: String,
    /// A note under the chart (unverified prices), if any.
    pub footer: Option<String>,
    /// In words what the chart shows, built from the computed figures (alt text,
    /// SVG `<desc>`).
    pub description: String,
    /// Alt text: one or two sentences (at most [`MAX_ALT`] characters) with the
    /// conclusion and its key figure; empty: the description's first sentence.
    pub alt: String,
    pub x_from: u64,
    pub x_to: u64,
    /// Where the x ticks go, when not at plotters' round numbers (the usage charts
    /// put them on period starts).
    pub x_ticks: Option<Vec<u64>>,
    pub series: Vec<Series>,
    /// Bands shaded behind the lines (P5–P95 over the draws), when sampled.
    pub bands: Vec<Band>,
    /// Bars drawn instead of lines (the sensitivity chart).
    pub bars: Option<Bars>,
    /// Columns drawn behind the lines (the usage chart's counts).
    pub columns: Option<Columns>,
    /// Legend entries when they are not one per series (the break-even map
    /// explains colours and dash patterns separately).
    pub legend: Option<Vec<(String, LineStyle)>>,
    pub markers: Vec<Marker>,
    /// A logarithmic team-size axis (wide ranges on a log cost axis).
    pub log_x: bool,
    pub log_y: bool,
    /// Where the y axis is cut so the useful part of the chart is not squashed
    /// (cost per user at one or two users can dwarf everything else).
    pub y_cap: Option<f64>,
    /// A second y axis on the right (the usage chart's running total).
    pub secondary: Option<SecondaryAxis>,
    pub currency: String,
}

/// Lines that coincide over the whole range (two plans at the same price) would
/// hide one another: each is drawn once, in the first plan's style, and its
/// legend names every plan it stands for ("A = B (up to 50 users)").
pub(super) fn merge_identical(series: Vec<(Series, Option<String>)>) -> Vec<Series> {
    let mut out: Vec<(Series, Option<String>)> = Vec::new();
    for (s, note) in series {
        match out
            .iter_mut()
            .find(|(o, n)| !s.segments.is_empty() && o.segments == s.segments && *n == note)
        {
            Some((o, _)) => {
                o.legend = format!("{} = {}", o.legend, s.name);
                // One line for both plans: both ids (space-separated, as a
                // class list is) and both figures on hover.
                if let (Some(a), Some(b)) = (&mut o.model, &s.model) {
                    *a = format!("{a} {b}");
                }
                if !s.hover.is_empty() {
                    o.hover = format!("{}; {}", o.hover, s.hover);
                }
            }
            None => out.push((s, note)),
        }
    }
    out.into_iter()
        .map(|(mut s, note)| {
            if let Some(note) = note {
                s.legend = with_note(&s.legend, &note);
            }
            s
        })
        .collect()
}

/// A few team sizes across a range for a hover text: its ends and middle.
pub fn hover_sizes(from: u64, to: u64) -> Vec<u64> {
    let mut sizes = vec![from, from + (to.max(from) - from) / 2, to.max(from)];
    sizes.dedup();
    sizes
}

/// "Name (note)", or "Name (what it was; note)" when the name ends in brackets.
pub fn with_note(name: &str, note: &str) -> String {
    match name.strip_suffix(')') {
        Some(open) if open.contains('(') => format!("{open}; {note})"),
        _ => format!("{name} ({note})"),
    }
}

/// Axis titles, spans and units of a chart.
pub(crate) struct Axes<'a> {
    pub x_title: &'a str,
    pub y_title: String,
    pub x: (u64, u64),
    pub x_unit: Unit,
    pub y_unit: Unit,
}

impl LineChart {
    /// An empty chart with these axes, for the builders to fill in.
    pub(crate) fn blank(currency: &str, stem: &str, title: &str, axes: Axes<'_>) -> LineChart {
        LineChart {
            stem: stem.into(),
            palette: LIGHT,
            x_title: axes.x_title.into(),
            y_title: axes.y_title,
            x_unit: axes.x_unit,
            y_unit: axes.y_unit,
            title: title.into(),
            subtitle: String::new(),
            footer: None,
            description: String::new(),
            alt: String::new(),
            x_from: axes.x.0,
            x_to: axes.x.1,
            x_ticks: None,
            series: Vec::new(),
            bands: Vec::new(),
            bars: None,
            columns: None,
            legend: None,
            markers: Vec::new(),
            log_x: false,
            log_y: false,
            y_cap: None,
            secondary: None,
            currency: currency.to_string(),
        }
    }

    /// The alt text: `alt`, or the description's first sentence, cut to
    /// [`MAX_ALT`] characters at a word.
    pub fn alt_text(&self) -> String {
        let text = if self.alt.is_empty() {
            let d = self.description.as_str();
            d.find(". ").map_or(d, |i| &d[..=i]).to_string()
        } else {
            self.alt.clone()
        };
        shorten(&text, MAX_ALT)
    }

    /// What the legend shows: its own entries, or one per series.
    pub fn legend_entries(&self) -> Vec<(String, LineStyle)> {
        match &self.legend {
            Some(entries) => entries.clone(),
            None => self
                .columns
                .iter()
                .map(|c| (c.legend.clone(), c.style))
                .chain(self.series.iter().map(|s| (s.legend.clone(), s.style)))
                .collect(),
        }
    }

    /// The same chart with its lines named in the legend instead of by labels
    /// at their ends: on a phone's narrow plot the end labels would leave no
    /// room for the labels that carry the answer (the break-evens).
    pub fn legend_for_end_labels(&self) -> LineChart {
        let mut chart = self.clone();
        let ends = |m: &Marker| !m.dot;
        if !chart.markers.iter().any(ends) {
            return chart;
        }
        chart.markers.retain(|m| !ends(m));
        if let Some(entries) = chart.legend.take() {
            let mut named: Vec<(String, LineStyle)> = Vec::new();
            for s in chart.series.iter().filter(|s| s.style.colour != CONTEXT) {
                if !named.iter().any(|(l, _)| *l == s.legend) {
                    named.push((s.legend.clone(), s.style));
                }
            }
            named.extend(entries);
            chart.legend = Some(named);
        }
        chart
    }

    /// The same chart with no band labelled inside the plot: on a phone's
    /// narrow plot the label sits among the lines, and takes the room a
    /// break-even's callout needs. The footer says what the shading is (a
    /// chart that labels a band notes it there too).
    pub fn bands_named_in_footer(mut self) -> LineChart {
        for band in &mut self.bands {
            band.label.clear();
        }
        self
    }

    /// The same chart for a narrow screen, saved as `<stem>-phone` (drawn at
    /// a phone's size by the caller).
    pub fn phone(mut self) -> Self {
        self.stem += "-phone";
        self
    }

    /// The same chart for a dark page, saved as `<stem>-dark`.
    pub fn dark(mut self) -> Self {
        self.palette = DARK;
        self.stem += "-dark";
        self
    }

    pub(super) fn y_bounds(&self) -> (f64, f64) {
        let bands = self
            .bands
            .iter()
            .flat_map(|b| b.segments.iter().flatten().flat_map(|p| [p.1, p.2]));
        let values = || {
            self.series
                .iter()
                .flat_map(|s| s.segments.iter().flatten().map(|p| p.1))
                .chain(bands.clone())
                .chain(self.columns.iter().flat_map(|c| c.bars.iter().map(|b| b.2)))
        };
        let max = values().fold(0.0f64, f64::max);
        if self.log_y {
            let min = values().filter(|v| *v > 0.0).fold(f64::INFINITY, f64::min);
            if !min.is_finite() {
                return (0.01, 1.0);
            }
            // A decade below the lowest value, so a line never runs along the axis.
            let lo = 10f64.powf((min * 0.95).log10().floor());
            let hi = 10f64.powf((max * 1.05).log10().ceil()).max(lo * 10.0);
            // A hair outside the powers of ten, so float error cannot drop their ticks.
            (lo * (1.0 - 1e-9), hi * (1.0 + 1e-9))
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

/// The longest alt text a chart gets: screen readers and CMSs expect a sentence or two.
pub const MAX_ALT: usize = 250;

/// `text` if it has at most `max` characters, else cut at a word with "…".
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':']))
}

/// Runs of consecutive available points.
pub(crate) fn split_at_gaps(
    points: impl Iterator<Item = (u64, Option<f64>)>,
) -> Vec<Vec<(u64, f64)>> {
    let mut segments: Vec<Vec<(u64, f64)>> = Vec::new();
    let mut open = false;
    for (n, value) in points {
        match value {
            Some(v) if open => segments.last_mut().expect("a segment is open").push((n, v)),
            Some(v) => {
                segments.push(vec![(n, v)]);
                open = true;
            }
            None => open = false,
        }
    }
    segments
}

/// 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k at or above `v`: an axis that
/// ends on a round amount.
pub(super) fn nice_ceiling(v: f64) -> f64 {
    let base = 10f64.powf(v.log10().floor());
    [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .iter()
        .map(|m| m * base)
        .find(|c| *c >= v)
        .unwrap_or(10.0 * base)
}

/// `$1,000` or `$0.67`: cents only where asked, and never on $1,000 or more.
pub(super) fn money_tick(v: f64, currency: &str, cents: bool) -> String {
    let prefix = money::currency_prefix(currency);
    if cents && v > 0.0 && v < 0.01 {
        // Log axes reach below a cent: $0.001, $0.0001.
        let places = (-v.log10()).ceil().max(3.0) as usize;
        format!("{prefix}{v:.places$}")
    } else if cents && v.abs() < 1000.0 {
        format!("{prefix}{v:.2}")
    } else if (1e6..1e18).contains(&v) {
        // As the team-size axis says them: $2.5M, $8B.
        format!("{prefix}{}", users_tick(v.round() as u64))
    } else {
        format!("{prefix}{}", group_thousands(&format!("{:.0}", v.round())))
    }
}

/// Team sizes on the x axis: `1,000`, then `2.5M`, `1B`, `1T`, then `1e15`.
pub(super) fn users_tick(n: u64) -> String {
    let v = n as f64;
    let short = |scaled: f64, unit: &str| {
        let text = format!("{scaled:.2}");
        format!("{}{unit}", text.trim_end_matches('0').trim_end_matches('.'))
    };
    match n {
        0..1_000_000 => group_thousands(&n.to_string()),
        1_000_000..1_000_000_000 => short(v / 1e6, "M"),
        1_000_000_000..1_000_000_000_000 => short(v / 1e9, "B"),
        1_000_000_000_000..1_000_000_000_000_000 => short(v / 1e12, "T"),
        _ => format!("{v:.1e}"),
    }
}
