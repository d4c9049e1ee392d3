//! The two cost charts, monthly cost and cost per user against team size, as
//! data: `CostChart::new` prepares what to draw from a comparison (no drawing
//! here; `draw.rs` paints it).

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::theme::{self, DARK, LIGHT, LineStyle, Palette};
use crate::engine::breakeven::{Analysis, Cause, LimitError};
use crate::engine::compare::Comparison;
use crate::pricing::model::{Confidence, Kind};
use crate::text::sentences;
use crate::units::count::{group_thousands, users};
use crate::units::money;

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

/// One model's line; unavailable team sizes split it into segments.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    /// The legend text: the name, plus where the plan stops or why it is not seen.
    pub legend: String,
    pub style: LineStyle,
    pub segments: Vec<Vec<(u64, f64)>>,
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
}

impl Unit {
    /// A tick label; `cents` only matters for money.
    pub fn tick(self, v: f64, currency: &str, cents: bool) -> String {
        match self {
            Unit::Users => users_tick(v.round().max(0.0) as u64),
            Unit::Months => format!("{:.0}", v),
            Unit::Money => money_tick(v, currency, cents),
            Unit::Date => {
                let d = crate::units::date::Date::from_days(v.round() as i64);
                format!("{}-{:02}", d.year, d.month)
            }
            Unit::Day => crate::units::date::Date::from_days(v.round() as i64).to_string(),
            Unit::Count => group_thousands(&format!("{:.0}", v.round().max(0.0))),
        }
    }
}

/// Everything needed to draw one line chart (the cost charts, the cumulative
/// cost and the break-even map all use it).
#[derive(Clone, Debug, PartialEq)]
pub struct CostChart {
    /// The file name without its extension, e.g. `cost-per-month`.
    pub stem: String,
    /// For the two cost charts, which one (the other charts say `PerMonth`; it
    /// only decides whether the y axis may be cut).
    pub metric: Metric,
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
    pub x_from: u64,
    pub x_to: u64,
    /// Where the x ticks go, when not at plotters' round numbers (the usage charts
    /// put them on period starts).
    pub x_ticks: Option<Vec<u64>>,
    pub series: Vec<Series>,
    /// Legend entries when they are not one per series (the break-even map
    /// explains colours and dash patterns separately).
    pub legend: Option<Vec<(String, LineStyle)>>,
    pub markers: Vec<Marker>,
    pub log_y: bool,
    /// Where the y axis is cut so the useful part of the chart is not squashed
    /// (cost per user at one or two users can dwarf everything else).
    pub y_cap: Option<f64>,
    /// A second y axis on the right, for the series marked `secondary`:
    /// (title, unit, right-axis value per left-axis value).
    pub secondary: Option<(String, Unit, f64)>,
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
            Some((o, _)) => o.legend = format!("{} = {}", o.legend, s.name),
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

/// Lines that coincide over part of the range (a free tier and the paid edition
/// on the same host, up to the tier's limit): the later one hides the earlier
/// there, so the chart says where. Only stretches over a twentieth of the range.
fn hidden_stretches(series: &[Series], from: u64, to: u64) -> Vec<String> {
    let points = |s: &Series| -> Vec<(u64, f64)> { s.segments.iter().flatten().copied().collect() };
    let mut notes = Vec::new();
    for (i, a) in series.iter().enumerate() {
        let pa = points(a);
        for b in &series[i + 1..] {
            let pb: std::collections::HashMap<u64, f64> = points(b).into_iter().collect();
            // The longest run of sample sizes where both lines are at the same value.
            let mut best: Option<(u64, u64)> = None;
            let mut run: Option<(u64, u64)> = None;
            for &(n, v) in &pa {
                let same = pb
                    .get(&n)
                    .is_some_and(|w| (w - v).abs() <= 1e-9 * v.abs().max(1.0));
                run = match (same, run) {
                    (true, Some((start, _))) => Some((start, n)),
                    (true, None) => Some((n, n)),
                    (false, _) => None,
                };
                if let Some(r) = run
                    && best.is_none_or(|b| r.1 - r.0 > b.1 - b.0)
                {
                    best = Some(r);
                }
            }
            if let Some((start, end)) = best
                && end > start
                && (end - start + 1) * 20 > to - from
            {
                notes.push(format!(
                    "{} and {} cost the same for {}–{} (drawn over each other).",
                    a.name,
                    b.name,
                    group_thousands(&start.to_string()),
                    users(end)
                ));
            }
        }
    }
    notes
}

/// "Name (note)", or "Name (what it was; note)" when the name ends in brackets.
pub fn with_note(name: &str, note: &str) -> String {
    match name.strip_suffix(')') {
        Some(open) if open.contains('(') => format!("{open}; {note})"),
        _ => format!("{name} ({note})"),
    }
}

/// At most this many break-evens are labelled on one chart (the earliest).
const MAX_MARKERS: usize = 6;
/// Ranges with more team sizes than this are drawn from samples plus every
/// breakpoint, which is exact for straight pieces and finer than a pixel otherwise.
const MAX_POINTS: u64 = 2000;

impl CostChart {
    pub fn new(c: &Comparison, metric: Metric, log_y: bool) -> Result<CostChart, LimitError> {
        let a = c.analysis()?;
        let (from, to) = (c.range.from, c.range.to);
        let sizes = sample_sizes(c, a);
        let series = c
            .models
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let value = |n: u64| match metric {
                    Metric::PerMonth => c.monthly(i, n),
                    Metric::PerUser => c.per_user(i, n),
                };
                let points = sizes.iter().map(|&n| {
                    (
                        n,
                        value(n)
                            .and_then(|v| v.to_f64())
                            .filter(|v| !log_y || *v > 0.0),
                    )
                });
                let segments = split_at_gaps(points);
                let note = if let Some(max) = c.curves[i].max_users().filter(|&max| max < to) {
                    Some(format!("up to {}", users(max)))
                } else if segments.is_empty() && log_y {
                    Some("free: not on a log scale".to_string())
                } else {
                    None
                };
                let series = Series {
                    name: m.name.clone(),
                    legend: m.name.clone(),
                    style: theme::line_style(i),
                    segments,
                };
                (series, note)
            })
            .collect();
        let series = merge_identical(series);
        let markers = if metric == Metric::PerMonth {
            break_even_markers(c, a)
        } else {
            Vec::new()
        };
        let log = if log_y { " · log scale" } else { "" };
        let subtitle = format!(
            "{} · prices as of {} · {}, {} billing where offered{log}",
            c.source.capitalized(),
            c.price_dates(),
            c.currency,
            c.assumptions.billing.as_str()
        );
        let unverified: Vec<&str> = c
            .models
            .iter()
            .filter(|m| {
                m.components
                    .iter()
                    .any(|x| x.confidence == Some(Confidence::Unverified))
            })
            .map(|m| m.name.as_str())
            .collect();
        let mut notes = hidden_stretches(&series, from, to);
        if !unverified.is_empty() {
            notes.push(format!(
                "Unverified price: {} — no source confirms it.",
                unverified.join(", ")
            ));
        }
        let footer = (!notes.is_empty()).then(|| notes.join(" "));
        let title = match metric {
            Metric::PerMonth => "What a team pays each month",
            Metric::PerUser => "What each user costs each month",
        };
        let chart = CostChart {
            stem: metric.stem().to_string(),
            metric,
            palette: LIGHT,
            x_title: "Team size (users)".into(),
            y_title: match metric {
                Metric::PerMonth => format!("Cost per month ({})", c.currency),
                Metric::PerUser => format!("Cost per user per month ({})", c.currency),
            },
            x_unit: Unit::Users,
            y_unit: Unit::Money,
            title: title.to_string(),
            subtitle,
            footer,
            description: describe(c, a, metric),
            x_from: from,
            x_to: to,
            x_ticks: None,
            series,
            legend: None,
            markers,
            log_y,
            y_cap: None,
            secondary: None,
            currency: c.currency.clone(),
        };
        Ok(chart.with_cap())
    }

    /// For cost per user: when the first few team sizes would squash the rest,
    /// cut the axis at 1.2 × the highest value over the last 80% of the range,
    /// and label each line that leaves the top.
    fn with_cap(mut self) -> Self {
        if self.metric != Metric::PerUser || self.log_y {
            return self;
        }
        let cut_from = self.x_from + ((self.x_to - self.x_from) / 5).max(1);
        let points = || self.series.iter().flat_map(|s| s.segments.iter().flatten());
        let max = points().map(|p| p.1).fold(0.0, f64::max);
        let tail = points()
            .filter(|p| p.0 >= cut_from)
            .map(|p| p.1)
            .fold(0.0, f64::max);
        if tail <= 0.0 || max <= 1.5 * tail {
            return self;
        }
        let cap = nice_ceiling(tail * 1.2);
        self.y_cap = Some(cap);
        self.subtitle += &format!(
            " · axis cut at {}",
            money_tick(cap, &self.currency, cap.fract() != 0.0)
        );
        for series in &self.series {
            let points: Vec<(u64, f64)> = series.segments.iter().flatten().copied().collect();
            let Some(first) = points.iter().find(|p| p.1 > cap) else {
                continue;
            };
            let last = points
                .iter()
                .rposition(|p| p.1 > cap)
                .expect("a point is above the cap");
            let amount = money_tick(first.1, &self.currency, true);
            self.markers.push(Marker {
                x: points[last].0,
                y: points[last].1,
                toward: points.get(last + 1).copied(),
                lines: vec![
                    format!("↑ {}", series.name),
                    format!("{amount} per user at {}", users(first.0)),
                ],
                dot: false,
                also: Vec::new(),
            });
        }
        self
    }

    /// What the legend shows: its own entries, or one per series.
    pub fn legend_entries(&self) -> Vec<(String, LineStyle)> {
        match &self.legend {
            Some(entries) => entries.clone(),
            None => self
                .series
                .iter()
                .map(|s| (s.legend.clone(), s.style))
                .collect(),
        }
    }

    /// The same chart for a dark page, saved as `<stem>-dark`.
    pub fn dark(mut self) -> Self {
        self.palette = DARK;
        self.stem += "-dark";
        self
    }

    pub(super) fn y_bounds(&self) -> (f64, f64) {
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

/// The team sizes drawn: every one for short ranges, else samples plus both sides
/// of every breakpoint and crossing.
fn sample_sizes(c: &Comparison, a: &Analysis) -> Vec<u64> {
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
    for pair in &a.pairs {
        pair.crossings.iter().for_each(|x| edge(x.users));
    }
    sizes.push(to);
    sizes.sort_unstable();
    sizes.dedup();
    sizes
}

/// Break-evens worth a label: price crossings that involve a self-hosted model
/// (every price crossing when none is self-hosted), earliest first.
fn break_even_markers(c: &Comparison, a: &Analysis) -> Vec<Marker> {
    let any_self_hosted = c.models.iter().any(|m| m.kind == Kind::SelfHosted);
    let self_hosted = |id: &str| c.model(id).is_some_and(|m| m.kind == Kind::SelfHosted);
    let mut found = Vec::new();
    for pair in &a.pairs {
        if any_self_hosted && !self_hosted(&pair.a) && !self_hosted(&pair.b) {
            continue;
        }
        for x in pair.crossings.iter().filter(|x| x.cause == Cause::Price) {
            let winner = &x.cheaper_from_here;
            let loser = if *winner == pair.a { &pair.b } else { &pair.a };
            let Some(y) = c.monthly_of(winner, x.users).and_then(|v| v.to_f64()) else {
                continue;
            };
            let verb = if x.tie {
                "costs no more than"
            } else {
                "is cheaper than"
            };
            let lines = vec![
                format!("From {}: {}", users(x.users), c.name(winner)),
                format!("{verb} {}", c.name(loser)),
            ];
            found.push((
                Marker {
                    x: x.users,
                    y,
                    toward: None,
                    lines,
                    dot: true,
                    also: Vec::new(),
                },
                loser.clone(),
            ));
        }
    }
    found.sort_by(|a, b| a.0.x.cmp(&b.0.x).then_with(|| a.0.lines.cmp(&b.0.lines)));
    // Too many to label: keep those against the hosted plan that is cheapest at
    // that size, the one a team would otherwise buy.
    if found.len() > MAX_MARKERS {
        let hosted_cheapest = |n: u64, id: &str| {
            let costs = c
                .models
                .iter()
                .filter(|m| m.kind == Kind::Hosted)
                .filter_map(|m| c.monthly_of(&m.id, n).map(|v| (v, m.id.as_str())));
            costs.min().is_some_and(|(_, best)| best == id)
        };
        found.retain(|(m, other)| hosted_cheapest(m.x, other));
    }
    found.truncate(MAX_MARKERS);
    found.into_iter().map(|(m, _)| m).collect()
}

/// What the chart shows, in words, from the computed figures.
fn describe(c: &Comparison, a: &Analysis, metric: Metric) -> String {
    let (from, to) = (c.range.from, c.range.to);
    let what = match metric {
        Metric::PerMonth => "Monthly cost",
        Metric::PerUser => "Monthly cost per user",
    };
    let count = |n: u64| group_thousands(&n.to_string());
    let mut text = format!(
        "{what} against team size, {} to {}, for {} models. ",
        count(from),
        users(to),
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
        let flat = c.curves[i].pieces().iter().all(|p| {
            p.to < from
                || p.from > to
                || p.cost
                    .as_ref()
                    .is_some_and(|l| l.slope.is_zero() && l.stairs.is_empty())
        }) && value(from) == value(to);
        let name = &m.name;
        text += &match (show(value(from)), show(value(to))) {
            (Some(x), _) if flat && metric == Metric::PerMonth => {
                format!("{name} costs {x} a month at any team size. ")
            }
            (Some(x), Some(y)) => format!(
                "{name} costs {x}{unit} a month at {} and {y}{unit} at {}. ",
                users(from),
                count(to)
            ),
            (Some(x), None) => format!(
                "{name} costs {x}{unit} a month at {} and cannot serve {}. ",
                users(from),
                count(to)
            ),
            (None, Some(y)) => format!(
                "{name} cannot serve {} and costs {y}{unit} a month at {}. ",
                users(from),
                count(to)
            ),
            (None, None) => format!("{name} cannot serve {} or {}. ", users(from), users(to)),
        };
    }
    text + &sentences::cheapest_sentences(c, a).join(" ")
}

/// 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k at or above `v`: an axis that
/// ends on a round amount.
fn nice_ceiling(v: f64) -> f64 {
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
