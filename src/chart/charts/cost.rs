//! The two cost charts, monthly cost and cost per user against team size, as
//! data: [`cost_chart_in`] prepares what to draw from a comparison (no drawing
//! here; `draw.rs` paints it).

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::focus::{Focus, View, in_focus, is_context, label_ends, legend_in_focus};
use crate::chart::line::{
    Axes, LineChart, Marker, Series, Unit, hover_sizes, money_tick, nice_ceiling, split_at_gaps,
};
use crate::engine::breakeven::{Analysis, Cause, LimitError};
use crate::engine::compare::Comparison;
use crate::pricing::model::{Confidence, Kind};
use crate::text::sentences::join_and;
use crate::text::{dates, headline, sentences};
use crate::units::count::{group_thousands, users};
use crate::units::money;

/// What the y axis shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    PerMonth,
    PerUser,
}

impl Metric {
    /// What a point of model `i`'s line at `n` users is worth.
    fn value(self, c: &Comparison, i: usize, n: u64) -> Option<Decimal> {
        match self {
            Metric::PerMonth => c.monthly(i, n),
            Metric::PerUser => c.per_user(i, n),
        }
    }

    fn title(self) -> &'static str {
        match self {
            Metric::PerMonth => "What a team pays each month",
            Metric::PerUser => "What each user costs each month",
        }
    }

    fn y_title(self, currency: &str) -> String {
        match self {
            Metric::PerMonth => format!("Cost per month ({currency})"),
            Metric::PerUser => format!("Cost per user per month ({currency})"),
        }
    }

    /// The file stem: `cost-per-month`, `cost-per-user`.
    pub fn stem(self) -> &'static str {
        match self {
            Metric::PerMonth => "cost-per-month",
            Metric::PerUser => "cost-per-user",
        }
    }
}

/// At most this many break-evens are labelled on one chart (the earliest).
const MAX_MARKERS: usize = 6;
/// Ranges with more team sizes than this are drawn from samples plus every
/// breakpoint, which is exact for straight pieces and finer than a pixel otherwise.
const MAX_POINTS: u64 = 2000;

/// Monthly cost or cost per user against team size, for every model compared:
/// the models in focus in colour and labelled at their ends, the rest in grey;
/// plans at one price share a line, break-evens between highlighted models are
/// labelled, and the y axis is cut where the highlighted lines end (cost per
/// user: where the first sizes would dwarf the rest).
pub fn cost_chart_in(c: &Comparison, metric: Metric, view: &View) -> Result<LineChart, LimitError> {
    let (a, focus) = (c.analysis()?, Focus::of(c, view)?);
    let log_y = view.log_y;
    let sizes = sample_sizes(c, a, view.log_x);
    let series = in_focus(model_lines(c, metric, log_y, &sizes, &focus));
    let markers = if metric == Metric::PerMonth {
        break_even_markers(c, a, &focus, view.log_x)
    } else {
        Vec::new()
    };
    let footer = footer(c, &series);
    let axes = Axes {
        x_title: "Team size (users)",
        y_title: metric.y_title(&c.currency),
        x: c.span(),
        x_unit: Unit::Users,
        y_unit: Unit::Money,
    };
    let mut chart = LineChart::blank(&c.currency, metric.stem(), metric.title(), axes);
    chart.subtitle = subtitle(c, view);
    chart.footer = footer;
    chart.description = describe(c, a, metric);
    chart.alt = match metric {
        Metric::PerMonth => headline::cost_alt(c, "Monthly cost")?,
        Metric::PerUser => headline::per_user_alt(c),
    };
    chart.series = series;
    if metric == Metric::PerMonth {
        chart.bands = super::probability::cost_bands(c, &focus, &sizes, log_y);
        if let (Some(band), Some(u)) = (chart.bands.first_mut(), c.uncertainty()) {
            let draws = group_thousands(&u.samples.to_string());
            band.label = format!("5th–95th percentile of {draws} draws");
            let note = format!("Shaded: 5th to 95th percentile of {draws} draws of the ranges.");
            chart.footer = Some(match chart.footer.take() {
                Some(f) => format!("{f} {note}"),
                None => note,
            });
        }
    }
    chart.markers = markers;
    chart.log_y = log_y;
    chart.log_x = view.log_x;
    let mut chart = match metric {
        Metric::PerMonth => cut_to_focus(chart),
        Metric::PerUser => with_cap(chart),
    };
    // On log scales the lines run together at the right: a legend instead.
    if view.log_x {
        legend_in_focus(&mut chart);
        return Ok(chart);
    }
    let currency = c.currency.clone();
    label_ends(&mut chart, |v, n| {
        let amount = money_tick(v, &currency, true);
        match metric {
            Metric::PerMonth => format!("{amount} at {}", users(n)),
            Metric::PerUser => format!("{amount} each at {}", users(n)),
        }
    });
    Ok(chart)
}

/// With grey context on a linear axis: the y axis ends just above the
/// highlighted lines, so they and their crossings fill the plot, and the
/// footer names the lines that leave the top.
fn cut_to_focus(chart: LineChart) -> LineChart {
    cut_above_focus(chart, 1.08)
}

/// [`cut_to_focus`] with the axis ending at `headroom` × the highest point in
/// colour (rounded up), not just above it.
pub(super) fn cut_above_focus(mut chart: LineChart, headroom: f64) -> LineChart {
    if chart.log_y || !chart.series.iter().any(is_context) {
        return chart;
    }
    let max = |context: bool| {
        chart
            .series
            .iter()
            .filter(|s| is_context(s) == context)
            .flat_map(|s| s.segments.iter().flatten().map(|p| p.1))
            .fold(0.0f64, f64::max)
    };
    // The bands of the lines in colour (P5–P95) stay on the chart too.
    let bands = chart.bands.iter().flat_map(|b| b.segments.iter().flatten());
    let shown = bands.map(|p| p.2).fold(max(false), f64::max);
    let top = nice_ceiling(shown * headroom);
    if shown <= 0.0 || max(true) <= top {
        return chart;
    }
    let above: Vec<&str> = chart
        .series
        .iter()
        .filter(|s| s.segments.iter().flatten().any(|p| p.1 > top))
        .map(|s| s.legend.as_str())
        .collect();
    let cap = money_tick(top, &chart.currency, top.fract() != 0.0);
    let note = format!("Above {cap}, off the chart: {}.", join_and(&above));
    chart.footer = Some(match chart.footer.take() {
        Some(f) => format!("{note} {f}"),
        None => note,
    });
    chart.subtitle += &format!(" · axis cut at {cap}");
    chart.y_cap = Some(top);
    chart
}

/// Each model's line at `sizes`, with what its legend must add: where the plan
/// stops, or why a free plan is not on a log scale.
fn model_lines(
    c: &Comparison,
    metric: Metric,
    log_y: bool,
    sizes: &[u64],
    focus: &Focus,
) -> Vec<(Series, Option<String>)> {
    let to = c.range.to;
    let caveats = crate::text::sizing::caveats_in_range(c);
    let line = |i: usize| {
        let points = sizes.iter().map(|&n| {
            let value = metric.value(c, i, n).and_then(|v| v.to_f64());
            (n, value.filter(|v| !log_y || *v > 0.0))
        });
        split_at_gaps(points)
    };
    c.models
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let segments = line(i);
            let stops = if let Some(max) = c.curves[i].max_users().filter(|&max| max < to) {
                Some(format!("up to {}", users(max)))
            } else if segments.is_empty() && log_y {
                Some("free: not on a log scale".to_string())
            } else {
                None
            };
            // A caveat inside the range (a presence cap) is said where the line is named.
            let said: Vec<String> = caveats
                .iter()
                .filter(|x| x.model == m.id)
                .map(|x| format!("{} from {}", x.short, group_thousands(&x.from.to_string())))
                .collect();
            let note = match (stops, said.is_empty()) {
                (stops, true) => stops,
                (Some(stops), false) => Some(format!("{stops}; {}", said.join("; "))),
                (None, false) => Some(said.join("; ")),
            };
            let series = Series {
                name: m.name.clone(),
                legend: m.name.clone(),
                style: focus.style(i),
                segments,
                model: Some(m.id.clone()),
                hover: hover(c, i, metric),
            };
            (series, note)
        })
        .collect()
}

/// "Scenario current · prices checked between … · USD, annual billing where offered".
fn subtitle(c: &Comparison, view: &View) -> String {
    let log = match (view.log_x, view.log_y) {
        (true, true) => " · log scales",
        (false, true) => " · log scale",
        (true, false) => " · log team sizes",
        (false, false) => "",
    };
    let offers = crate::text::offers::in_brief(c)
        .map(|o| format!(" · {o}"))
        .unwrap_or_default();
    format!(
        "{} · {} · {}, {} billing where offered{offers}{log}",
        c.source.capitalized(),
        dates::checked(c),
        c.currency,
        c.assumptions.billing.as_str()
    )
}

/// Lines drawn over each other for part of the range, and unverified prices.
fn footer(c: &Comparison, series: &[Series]) -> Option<String> {
    // An unverified figure that costs nothing over the range drawn (a server
    // added at 400 users, on a chart up to 100) does not make a line unverified.
    let costs_something = |x: &crate::pricing::model::Component| {
        let curve = crate::engine::curve::Curve::of_component(x, &c.assumptions);
        curve.pieces().iter().any(|p| {
            p.from <= c.range.to
                && p.to >= c.range.from
                && p.cost.as_ref().is_some_and(|l| *l != Default::default())
        })
    };
    let unverified: Vec<&str> = c
        .models
        .iter()
        .filter(|m| {
            m.components
                .iter()
                .any(|x| x.confidence == Some(Confidence::Unverified) && costs_something(x))
        })
        .map(|m| m.name.as_str())
        .collect();
    let shown: Vec<Series> = series.iter().filter(|s| !is_context(s)).cloned().collect();
    let (from, to) = c.span();
    let mut notes = hidden_stretches(&shown, from, to);
    if !unverified.is_empty() {
        notes.push(format!(
            "Unverified price: {} — no source confirms it.",
            unverified.join(", ")
        ));
    }
    (!notes.is_empty()).then(|| notes.join(" "))
}

/// For cost per user: when the first few team sizes would squash the rest,
/// cut the axis at 1.2 × the highest value over the last 80% of the range,
/// and label each line that leaves the top.
fn with_cap(mut chart: LineChart) -> LineChart {
    if chart.log_y {
        return chart;
    }
    let cut_from = chart.x_from + ((chart.x_to - chart.x_from) / 5).max(1);
    // With grey context, the highlighted lines decide where to cut.
    let context = chart.series.iter().any(is_context);
    let points = || {
        chart
            .series
            .iter()
            .filter(|s| !context || !is_context(s))
            .flat_map(|s| s.segments.iter().flatten())
    };
    let max = points().map(|p| p.1).fold(0.0, f64::max);
    let tail = points()
        .filter(|p| p.0 >= cut_from)
        .map(|p| p.1)
        .fold(0.0, f64::max);
    if tail <= 0.0 || max <= 1.5 * tail {
        return chart;
    }
    let cap = nice_ceiling(tail * 1.2);
    chart.y_cap = Some(cap);
    chart.subtitle += &format!(
        " · axis cut at {}",
        money_tick(cap, &chart.currency, cap.fract() != 0.0)
    );
    let mut above = Vec::new();
    for series in chart.series.iter().filter(|s| !is_context(s)) {
        let points: Vec<(u64, f64)> = series.segments.iter().flatten().copied().collect();
        let Some(first) = points.iter().find(|p| p.1 > cap) else {
            continue;
        };
        if context {
            // Grey lines leave no room for a callout at the top: the footer says it.
            let amount = money_tick(first.1, &chart.currency, true);
            let at = users(first.0);
            above.push(format!(
                "{} starts above the axis at {amount} per user at {at}.",
                series.name
            ));
            continue;
        }
        let last = points
            .iter()
            .rposition(|p| p.1 > cap)
            .expect("a point is above the cap");
        let amount = money_tick(first.1, &chart.currency, true);
        chart.markers.push(Marker {
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
    if !above.is_empty() {
        let mut notes = above.join(" ");
        if let Some(f) = chart.footer.take() {
            notes = format!("{notes} {f}");
        }
        chart.footer = Some(notes);
    }
    chart
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
                && (end - start + 1).saturating_mul(20) > to - from
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

/// The team sizes drawn: every one for short ranges, else samples plus both sides
/// of every breakpoint and crossing.
fn sample_sizes(c: &Comparison, a: &Analysis, log_x: bool) -> Vec<u64> {
    let (from, to) = c.span();
    if to - from < MAX_POINTS {
        return (from..=to).collect();
    }
    let span = (to - from) as f64;
    // Evenly spaced on the axis: in team sizes, or in their logarithm.
    let (lo, hi) = ((from.max(1) as f64).ln(), (to as f64).ln());
    let at = |t: f64| {
        if log_x {
            (lo + (hi - lo) * t).exp().round() as u64
        } else {
            from + (span * t).round() as u64
        }
    };
    let mut sizes: Vec<u64> = (0..=1500u64)
        .map(|i| at(i as f64 / 1500.0).clamp(from, to))
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
fn break_even_markers(c: &Comparison, a: &Analysis, focus: &Focus, log_x: bool) -> Vec<Marker> {
    let any_self_hosted = c.models.iter().any(|m| m.kind == Kind::SelfHosted);
    let self_hosted = |id: &str| c.model(id).is_some_and(|m| m.kind == Kind::SelfHosted);
    let in_focus = |id: &str| c.index(id).is_some_and(|i| focus.highlighted[i]);
    let mut found = Vec::new();
    for pair in &a.pairs {
        if any_self_hosted && !self_hosted(&pair.a) && !self_hosted(&pair.b) {
            continue;
        }
        // With grey context, only crossings between lines in colour.
        if !in_focus(&pair.a) || !in_focus(&pair.b) {
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
    // Too many to label, or a log team-size axis where the lines run close
    // together: keep those against the hosted plan that is cheapest at that
    // size, the one a team would otherwise buy.
    if found.len() > MAX_MARKERS || log_x {
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
/// What a browser shows over model `i`'s line: "Slack Pro: $7.25 a month at
/// 1 user, $362.50 at 50, $725.00 at 100" (per user: "… a user a month …").
fn hover(c: &Comparison, i: usize, metric: Metric) -> String {
    let unit = match metric {
        Metric::PerMonth => " a month",
        Metric::PerUser => " a user a month",
    };
    let figures: Vec<String> = hover_sizes(c.range.from, c.range.to)
        .into_iter()
        .enumerate()
        .map(|(k, n)| {
            let size = if k == 0 {
                users(n)
            } else {
                group_thousands(&n.to_string())
            };
            let unit = if k == 0 { unit } else { "" };
            match metric.value(c, i, n) {
                Some(v) => format!("{}{unit} at {size}", money::display(v, &c.currency)),
                None => format!("cannot serve {}", users(n)),
            }
        })
        .collect();
    format!("{}: {}", c.models[i].name, figures.join(", "))
}

fn describe(c: &Comparison, a: &Analysis, metric: Metric) -> String {
    let (from, to) = c.span();
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
        let value = |n: u64| metric.value(c, i, n);
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
