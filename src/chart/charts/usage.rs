//! The usage charts: messages over time (with the running total on a second
//! axis), active users, and cost per message.

use rust_decimal::prelude::ToPrimitive;

use crate::chart::line::Axes;
use crate::chart::line::{
    Columns, LineChart, SecondaryAxis, Series, Unit, merge_identical, money_tick, nice_ceiling,
    split_at_gaps,
};
use crate::chart::theme::{CONTEXT_STYLE, line_style};
use crate::text::dates::month_year;
use crate::text::usage::{self as text, period_name};
use crate::units::count::group_thousands;
use crate::units::count::plural;
use crate::usage::aggregate::{By, Day, Row, Usage, iso, next_period};
use crate::usage::cost::{CostPerMessage, PlanCosts};

fn span(u: &Usage, by: By) -> (u64, u64) {
    let first = u.rows.first().map_or(0, |r| r.period_start.max(0) as u64);
    let last = u.rows.last().map_or(0, |r| r.period_start.max(0) as u64);
    widen((first, last), by)
}

/// A single period would sit on the y axis of a one-day-wide chart: give it a
/// period's width of room on each side instead.
fn widen((first, last): (u64, u64), by: By) -> (u64, u64) {
    if first < last {
        return (first, last);
    }
    let room = match by {
        By::Day => 1,
        By::Week => 7,
        By::Month => 15,
    };
    (first.saturating_sub(room), last + room)
}

/// Month labels for long spans; day labels below about half a year (otherwise
/// several ticks in one month would all read the same).
fn date_unit(x: (u64, u64)) -> Unit {
    if x.1 - x.0 < 180 {
        Unit::Day
    } else {
        Unit::Date
    }
}

fn starts(u: &Usage) -> Vec<Day> {
    starts_of(&u.rows)
}

fn starts_of(rows: &[Row]) -> Vec<Day> {
    rows.iter().map(|r| r.period_start).collect()
}

/// Dates across, counts up: the axes of the two usage-over-time charts.
fn date_axes(u: &Usage, by: By, y_title: String) -> Axes<'static> {
    Axes {
        x_title: "Date",
        y_title,
        x: span(u, by),
        x_unit: if by == By::Month {
            Unit::Date
        } else {
            date_unit(span(u, by))
        },
        y_unit: Unit::Count,
    }
}

/// Ticks on period starts for weeks and months (evenly spaced round numbers of
/// days would put "2026-03-28" under an April point), thinned to at most ten:
/// every 1, 2, 3, 4, 6 or 12 months (on months of the year that divide evenly),
/// or every 1, 2, 4, 13, 26 or 52 weeks; days keep plotters' own ticks.
fn period_ticks(starts: &[Day], by: By) -> Option<Vec<u64>> {
    const MAX: usize = 10;
    let starts: Vec<u64> = starts.iter().map(|d| (*d).max(0) as u64).collect();
    match by {
        By::Day => None,
        By::Week => {
            let step = [1, 2, 4, 13, 26, 52, 104, 260, 520]
                .into_iter()
                .find(|k| starts.len().div_ceil(*k) <= MAX)
                .unwrap_or(1040);
            Some(starts.iter().step_by(step).copied().collect())
        }
        By::Month => {
            let months = |d: u64| {
                let date = crate::units::date::Date::from_days(d as i64);
                i64::from(date.year) * 12 + i64::from(date.month) - 1
            };
            let step = [1, 2, 3, 4, 6, 12, 24, 60, 120, 600]
                .into_iter()
                .find(|k| starts.len().div_ceil(*k as usize) < MAX)
                .unwrap_or(1200);
            Some(
                starts
                    .iter()
                    .copied()
                    .filter(|&d| months(d).rem_euclid(step) == 0)
                    .collect(),
            )
        }
    }
}

fn line(name: String, index: usize, points: Vec<(u64, f64)>) -> Series {
    Series {
        legend: name.clone(),
        name,
        style: line_style(index),
        segments: vec![points],
        model: None,
        hover: String::new(),
    }
}

/// Up to this many periods each count is a column (at least 10 pixels wide
/// on the plot); above, a column or a line through every count is noise: the
/// counts go grey behind a rolling mean.
pub const MAX_PLAIN: usize = 120;

/// How the counts are drawn, chosen from how many periods there are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drawing {
    /// A column per period.
    Columns,
    /// The counts in grey behind a mean over this many periods.
    Rolling(usize),
}

/// Columns up to [`MAX_PLAIN`] periods, then a 28-day, 13-week or 12-month
/// rolling mean over grey counts.
pub fn drawing(periods: usize, by: By) -> Drawing {
    if periods <= MAX_PLAIN {
        Drawing::Columns
    } else {
        Drawing::Rolling(match by {
            By::Day => 28,
            By::Week => 13,
            By::Month => 12,
        })
    }
}

fn x(r: &Row) -> u64 {
    r.period_start.max(0) as u64
}

/// The messages of the periods the data covers whole (all of them when none is).
fn complete_counts(u: &Usage, by: By) -> Vec<u64> {
    let part = u.partial(by);
    let n = u.rows.len();
    let whole: Vec<u64> = u
        .rows
        .iter()
        .enumerate()
        .filter(|(i, _)| !(part.first && *i == 0 || part.last && *i + 1 == n))
        .map(|(_, r)| r.messages)
        .collect();
    if whole.is_empty() {
        u.rows.iter().map(|r| r.messages).collect()
    } else {
        whole
    }
}

/// Where the count axis is cut, if a count would go off its top: only behind
/// a rolling mean, above the 99th percentile of the whole periods' counts and
/// twice the mean's peak. (A part period's count can only understate its
/// period, so it cannot inflate the scale: a line or dots keep every count.)
pub fn count_cap(u: &Usage, by: By, mean: &[Option<f64>]) -> Option<f64> {
    let Drawing::Rolling(_) = drawing(u.rows.len(), by) else {
        return None;
    };
    let mut whole = complete_counts(u, by);
    whole.sort_unstable();
    let p99 = whole[(whole.len() * 99 / 100).min(whole.len() - 1)] as f64;
    let peak_mean = mean.iter().flatten().fold(0.0, |a: f64, b| a.max(*b));
    let cap = nice_ceiling((p99.max(2.0 * peak_mean) * 1.08).max(1.0));
    let max = u.rows.iter().map(|r| r.messages).max()? as f64;
    (max > cap).then_some(cap)
}

/// Messages per period, and the running total on the right-hand axis; a
/// column per period, or many periods drawn in grey behind a rolling mean.
pub fn messages_over_time(u: &Usage, by: By, source: &str) -> LineChart {
    let mut axes = date_axes(u, by, format!("Messages per {}", period_name(by)));
    let drawn = drawing(u.rows.len(), by);
    if let (Drawing::Columns, Some(first), Some(last)) = (drawn, u.rows.first(), u.rows.last()) {
        // The last column reaches the end of its period.
        axes.x = (x(first), next_period(last.period_start, by).max(0) as u64);
    }
    let mut chart = LineChart::blank("USD", "messages-over-time", "Messages sent over time", axes);
    chart.x_ticks = period_ticks(&starts(u), by);
    let total = u.totals().messages;
    let window = match drawn {
        Drawing::Rolling(w) => w,
        Drawing::Columns => 0,
    };
    let mean = u.rolling_mean(window);
    chart.y_cap = count_cap(u, by, &mean);
    let legend = format!("Messages per {}", period_name(by));
    if window > 0 {
        let per: Vec<(u64, f64)> = u.rows.iter().map(|r| (x(r), r.messages as f64)).collect();
        let mut per_series = line(legend, 0, per);
        per_series.style = CONTEXT_STYLE;
        chart.series.push(per_series);
        let points = u.rows.iter().zip(&mean).map(|(r, m)| (x(r), *m));
        chart.series.push(Series {
            segments: split_at_gaps(points),
            ..line(mean_name(window, by), 0, Vec::new())
        });
    } else {
        let bars = u.rows.iter().map(|r| {
            let end = next_period(r.period_start, by).max(0) as u64;
            (x(r), end, r.messages as f64)
        });
        let part = u.partial(by);
        chart.columns = Some(Columns {
            legend,
            style: line_style(0),
            bars: bars.collect(),
            part: (part.first, part.last),
        });
    }
    // The running total is drawn in left-axis units: total × (top / total).
    let top = chart
        .y_cap
        .unwrap_or(u.rows.iter().map(|r| r.messages).max().unwrap_or(0) as f64);
    let factor = (total as f64 / top.max(1.0)).max(1e-9);
    chart.series.push(line(
        "Running total (right axis)".into(),
        1,
        running_total(u, by, drawn, factor),
    ));
    chart.secondary = Some(SecondaryAxis {
        title: "Messages in total".into(),
        unit: Unit::Count,
        factor,
    });
    chart.subtitle = format!(
        "{source} · user messages only · {} in all · {}",
        group_thousands(&total.to_string()),
        drawing_words(drawn, by)
    );
    chart.footer = count_notes(&chart, u, by);
    chart.alt = messages_alt(u, by, total, (window, &mean));
    chart.description = describe_messages(u, by, total);
    chart
}

/// "28-day mean", "13-week mean".
fn mean_name(window: usize, by: By) -> String {
    format!("{window}-{} mean", period_name(by))
}

/// How the counts are drawn, for the subtitle.
fn drawing_words(d: Drawing, by: By) -> String {
    let name = period_name(by);
    match d {
        Drawing::Columns => format!("a column per {name}"),
        Drawing::Rolling(w) => format!("{name}ly counts in grey, {} in blue", mean_name(w, by))
            .replace("dayly", "daily"),
    }
}

/// The footer: where the axis is cut, and the end periods held in part.
fn count_notes(chart: &LineChart, u: &Usage, by: By) -> Option<String> {
    let mut notes = Vec::new();
    if let Some(cap) = chart.y_cap {
        let above = u.rows.iter().filter(|r| r.messages as f64 > cap).count();
        let most = u.rows.iter().max_by_key(|r| r.messages).expect("a row");
        let cap = Unit::Count.tick(cap, "USD", false);
        let most = (most.messages, when(most.period_start, by));
        notes.push(text::above_axis(&cap, above, by, most));
    }
    notes.extend(text::part_periods(u, by, chart.columns.is_some()));
    (!notes.is_empty()).then(|| notes.join(" "))
}

/// "6,144 user messages from Nov 2020 to Jun 2026; busiest month Aug 2023 with 306."
fn messages_alt(u: &Usage, by: By, total: u64, mean: (usize, &[Option<f64>])) -> String {
    let (window, mean) = mean;
    let (Some(first), Some(last)) = (u.rows.first(), u.rows.last()) else {
        return String::new();
    };
    let busiest = u.rows.iter().max_by_key(|r| r.messages).expect("a row");
    let mut alt = format!(
        "{} user messages from {} to {}; busiest {} {} with {}",
        group_thousands(&total.to_string()),
        month_year(&iso(first.period_start)),
        month_year(&iso(last.period_start)),
        period_name(by),
        when(busiest.period_start, by),
        group_thousands(&busiest.messages.to_string())
    );
    let peak = u
        .rows
        .iter()
        .zip(mean)
        .filter_map(|(r, m)| m.map(|m| (r, m)));
    if let Some((r, m)) = peak.max_by(|a, b| a.1.total_cmp(&b.1)) {
        alt += &format!(
            "; the {} peaks at {m:.1} a {} on {}",
            mean_name(window, by),
            period_name(by),
            iso(r.period_start)
        );
    }
    alt + "."
}

/// A period in words: "Aug 2023" for months, else its first day.
fn when(d: Day, by: By) -> String {
    match by {
        By::Month => month_year(&iso(d)),
        _ => iso(d),
    }
}

/// Messages so far at each period, divided by `factor` (to left-axis units):
/// at each period's start behind a rolling mean, at each column's end (from
/// nought at the first column's start) when the counts are columns.
fn running_total(u: &Usage, by: By, drawn: Drawing, factor: f64) -> Vec<(u64, f64)> {
    let columns = drawn == Drawing::Columns;
    let start = u.rows.first().filter(|_| columns).map(|r| (x(r), 0.0));
    let mut running = 0.0;
    let at = |r: &Row| {
        if columns {
            next_period(r.period_start, by).max(0) as u64
        } else {
            x(r)
        }
    };
    start
        .into_iter()
        .chain(u.rows.iter().map(|r| {
            running += r.messages as f64;
            (at(r), running / factor)
        }))
        .collect()
}

/// The long description: the span, the total and the busiest period.
fn describe_messages(u: &Usage, by: By, total: u64) -> String {
    let first = u
        .rows
        .first()
        .map(|r| iso(r.period_start))
        .unwrap_or_default();
    let last = u
        .rows
        .last()
        .map(|r| iso(r.period_start))
        .unwrap_or_default();
    let busiest = u
        .rows
        .iter()
        .max_by_key(|r| r.messages)
        .map(|r| (iso(r.period_start), r.messages));
    format!(
        "User messages per {} from {first} to {last}: {} in all{}.",
        period_name(by),
        group_thousands(&total.to_string()),
        busiest
            .map(|(d, n)| format!(
                ", the busiest {} starting {d} with {}",
                period_name(by),
                group_thousands(&n.to_string())
            ))
            .unwrap_or_default()
    )
}

/// Distinct senders per period and over a rolling 28 days; many periods'
/// senders go grey behind the 28-day line.
pub fn active_users(u: &Usage, by: By, source: &str) -> LineChart {
    let axes = date_axes(u, by, "Active users".into());
    let ticks = period_ticks(&starts(u), by);
    let mut chart = LineChart::blank(
        "USD",
        "active-users",
        "How many people actually write",
        axes,
    );
    chart.x_ticks = ticks;
    let points = |f: &dyn Fn(&Row) -> u64| -> Vec<(u64, f64)> {
        u.rows.iter().map(|r| (x(r), f(r) as f64)).collect()
    };
    let mut per = line(
        format!("Senders per {}", period_name(by)),
        0,
        points(&|r| r.active_users),
    );
    let grey = matches!(drawing(u.rows.len(), by), Drawing::Rolling(_));
    if grey {
        per.style = CONTEXT_STYLE;
    }
    chart.series.push(per);
    chart.series.push(line(
        "Active in the last 28 days (how Slack bills)".into(),
        2,
        points(&|r| r.active_users_28d),
    ));
    chart.subtitle = format!("{source} · {} distinct senders in all", u.senders);
    if grey {
        chart.subtitle += &format!(" · senders per {} in grey", period_name(by));
    }
    let peak = u.rows.iter().max_by_key(|r| r.active_users_28d);
    chart.description = format!(
        "Distinct senders of user messages per {} and over a rolling 28 days; {} people wrote at least once, at most {} in any 28 days.",
        period_name(by),
        u.senders,
        peak.map_or(0, |r| r.active_users_28d)
    );
    if let Some(r) = peak {
        chart.alt = format!(
            "{} people wrote at least once from {} to {}; at most {} in 28 days (the {} of {}), the number Slack bills.",
            group_thousands(&u.senders.to_string()),
            u.rows
                .first()
                .map_or(String::new(), |r| month_year(&iso(r.period_start))),
            u.rows
                .last()
                .map_or(String::new(), |r| month_year(&iso(r.period_start))),
            r.active_users_28d,
            period_name(by),
            when(r.period_start, by)
        );
    }
    chart
}

/// Cost per message, month by month, per plan: plans with no price in force
/// in any month left out (and named in the footer), months with few messages
/// or held in part not setting the scale, lines drawn over each other noted.
pub fn cost_per_message(c: &CostPerMessage, source: &str) -> LineChart {
    let currency = c.currency.as_str();
    let (priced, unpriced): (Vec<&PlanCosts>, Vec<&PlanCosts>) = c
        .plans
        .iter()
        .partition(|p| (p.unpriced_months as usize) < p.months.len());
    // The months with points, in order (none without a plan).
    let months: Vec<Day> = if priced.is_empty() {
        Vec::new()
    } else {
        starts_of(&c.months)
    };
    let day = |d: Option<&Day>| d.map_or(0, |d| (*d).max(0) as u64);
    let axes = Axes {
        x_title: "Month",
        y_title: format!("Cost per message ({currency})"),
        x: widen((day(months.first()), day(months.last())), By::Month),
        x_unit: Unit::Date,
        y_unit: Unit::Money,
    };
    let mut chart = LineChart::blank(
        currency,
        "cost-per-message",
        "What each message would have cost",
        axes,
    );
    chart.x_ticks = period_ticks(&months, By::Month);
    let series = priced.iter().enumerate().map(|(i, plan)| {
        let points = c.months.iter().zip(&plan.months).map(|(r, m)| {
            let y = m.per_message.and_then(|v| v.to_f64());
            (x(r), y)
        });
        let s = Series {
            name: plan.name.clone(),
            legend: plan.name.clone(),
            style: line_style(i),
            segments: split_at_gaps(points),
            model: Some(plan.id.clone()),
            hover: plan.name.clone(),
        };
        (s, None)
    });
    chart.series = merge_identical(series.collect());
    chart.subtitle =
        format!("{source} · each plan's monthly cost at that month's active users ÷ its messages");
    let mut notes = cost_cap(&mut chart, c);
    notes.extend(same_cost(&chart.series, c.months.len()));
    notes.extend(
        priced
            .iter()
            .filter(|p| p.unpriced_months > 0)
            .map(|p| text::unpriced_months(&p.name, p.unpriced_months, p.months.len())),
    );
    let names: Vec<String> = unpriced.iter().map(|p| p.name.clone()).collect();
    notes.extend(text::unpriced_plans(&names));
    notes.extend(text::awaiting_quote(&c.awaiting_quote));
    notes.extend(crate::text::notes::rates_footer_in(
        &c.currency,
        &c.exchange_rates,
    ));
    chart.footer = (!notes.is_empty()).then(|| notes.join(" "));
    chart.description = format!(
        "Cost per message month by month for {} plans, at each month's active users.",
        priced.len()
    );
    chart.alt = cost_alt(c, &priced);
    chart
}

/// The months that set the cost axis: held whole, and with at least a tenth of
/// the median month's messages (a month of four messages would dwarf the rest).
pub fn scale_months(c: &CostPerMessage) -> Vec<bool> {
    let mut counts: Vec<u64> = c.months.iter().map(|r| r.messages).collect();
    counts.sort_unstable();
    let median = match counts.len() {
        0 => 0.0,
        n if n % 2 == 1 => counts[n / 2] as f64,
        n => (counts[n / 2 - 1] + counts[n / 2]) as f64 / 2.0,
    };
    let part: Vec<Day> = c.part_months.iter().map(|p| p.month).collect();
    c.months
        .iter()
        .map(|r| !part.contains(&r.period_start) && r.messages as f64 * 10.0 >= median)
        .collect()
}

/// Cuts the axis above the months that set the scale when another month's cost
/// would go off the top; the notes name the months above it.
fn cost_cap(chart: &mut LineChart, c: &CostPerMessage) -> Vec<String> {
    let scale = scale_months(c);
    let at = |m: usize| -> Vec<f64> {
        let x = x(&c.months[m]);
        let points = chart
            .series
            .iter()
            .flat_map(|s| s.segments.iter().flatten());
        points.filter(|p| p.0 == x).map(|p| p.1).collect()
    };
    let peak = |m: usize| at(m).into_iter().fold(0.0, f64::max);
    let top = (0..c.months.len())
        .filter(|m| scale[*m])
        .map(peak)
        .fold(0.0, f64::max);
    if top <= 0.0 {
        return Vec::new();
    }
    let cap = nice_ceiling(top * 1.08);
    let above: Vec<usize> = (0..c.months.len()).filter(|m| peak(*m) > cap).collect();
    if above.is_empty() {
        return Vec::new();
    }
    chart.y_cap = Some(cap);
    let cap_words = money_tick(cap, &c.currency, cap.fract() != 0.0 || cap < 10.0);
    chart.subtitle += &format!(" · axis cut at {cap_words}");
    let months: Vec<String> = above
        .iter()
        .map(|&m| {
            let r = &c.months[m];
            let why = if c.part_months.iter().any(|p| p.month == r.period_start) {
                "held in part".to_string()
            } else {
                plural(r.messages, "message")
            };
            format!("{} ({why})", month_year(&iso(r.period_start)))
        })
        .collect();
    vec![format!(
        "Axis cut at {cap_words}: {} above it, {}.",
        plural(above.len() as u64, "month"),
        months.join(", ")
    )]
}

/// A run of months: its first and last month, and how many.
type Run = (u64, u64, usize);

/// Lines drawn over each other for more than a twentieth of the months (and
/// at least two): "A and B cost the same per message Jan 2021–Jun 2026".
fn same_cost(series: &[Series], months: usize) -> Vec<String> {
    let points = |s: &Series| -> Vec<(u64, f64)> { s.segments.iter().flatten().copied().collect() };
    let mut notes = Vec::new();
    for (i, a) in series.iter().enumerate() {
        for b in &series[i + 1..] {
            let pb: std::collections::HashMap<u64, f64> = points(b).into_iter().collect();
            // (first month, last month, months) of the longest run alike, and of this one.
            let (mut best, mut run): (Option<Run>, Option<Run>) = (None, None);
            for (n, v) in points(a) {
                let same = pb
                    .get(&n)
                    .is_some_and(|w| (w - v).abs() <= 1e-9 * v.abs().max(1.0));
                run = match (same, run) {
                    (true, Some((start, _, k))) => Some((start, n, k + 1)),
                    (true, None) => Some((n, n, 1)),
                    (false, _) => None,
                };
                if let Some(r) = run
                    && best.is_none_or(|b| r.2 > b.2)
                {
                    best = Some(r);
                }
            }
            if let Some((start, end, k)) = best
                && k >= 2
                && k * 20 > months
            {
                let month = |d: u64| month_year(&iso(d as Day));
                notes.push(format!(
                    "{} and {} cost the same per message {}–{} (drawn over each other).",
                    a.name,
                    b.name,
                    month(start),
                    month(end)
                ));
            }
        }
    }
    notes
}

/// "Cost per message Nov 2020–Jun 2026 for 10 plans: in a typical month from
/// $0.04 (Rocket.Chat …) to $4.10 (Slack Business+)."
fn cost_alt(c: &CostPerMessage, priced: &[&PlanCosts]) -> String {
    let scale = scale_months(c);
    let median = |p: &PlanCosts| -> Option<f64> {
        let mut v: Vec<f64> = p
            .months
            .iter()
            .zip(&scale)
            .filter(|(_, s)| **s)
            .filter_map(|(m, _)| m.per_message.and_then(|d| d.to_f64()))
            .collect();
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied()
    };
    let typical: Vec<(f64, &str)> = priced
        .iter()
        .filter_map(|p| median(p).map(|m| (m, p.name.as_str())))
        .collect();
    let lo = typical.iter().min_by(|a, b| a.0.total_cmp(&b.0));
    let hi = typical.iter().max_by(|a, b| a.0.total_cmp(&b.0));
    let (Some(lo), Some(hi), Some(first), Some(last)) = (lo, hi, c.months.first(), c.months.last())
    else {
        return String::new();
    };
    let money = |v: f64| money_tick(v, &c.currency, true);
    format!(
        "Cost per message {}–{} for {} plans: in a typical month from {} ({}) to {} ({}).",
        month_year(&iso(first.period_start)),
        month_year(&iso(last.period_start)),
        priced.len(),
        money(lo.0),
        lo.1,
        money(hi.0),
        hi.1
    )
}
