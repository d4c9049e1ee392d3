//! The usage charts: messages over time (with the running total on a second
//! axis), active users, and cost per message.

use rust_decimal::prelude::ToPrimitive;

use super::line::Axes;
use super::line::{LineChart, Series, Unit, split_at_gaps};
use super::theme::line_style;
use crate::text::usage::period_name;
use crate::units::count::group_thousands;
use crate::usage::aggregate::{By, Day, Row, Usage, iso};
use crate::usage::cost::CostPerMessage;

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
    }
}

/// Messages per period, and the running total on the right-hand axis.
pub fn messages_over_time(u: &Usage, by: By, source: &str) -> LineChart {
    let axes = date_axes(u, by, format!("Messages per {}", period_name(by)));
    let mut chart = LineChart::blank("USD", "messages-over-time", "Messages sent over time", axes);
    chart.x_ticks = period_ticks(&starts(u), by);
    let per: Vec<(u64, f64)> = u
        .rows
        .iter()
        .map(|r| (r.period_start.max(0) as u64, r.messages as f64))
        .collect();
    let total = u.totals().messages;
    let peak = per.iter().map(|p| p.1).fold(0.0, f64::max).max(1.0);
    // The running total is drawn in left-axis units: total × (peak / total).
    let factor = (total as f64 / peak).max(1e-9);
    let cumulative = running_total(u, factor);
    chart
        .series
        .push(line(format!("Messages per {}", period_name(by)), 0, per));
    chart
        .series
        .push(line("Running total (right axis)".into(), 1, cumulative));
    chart.secondary = Some(("Messages in total".into(), Unit::Count, factor));
    chart.subtitle = format!(
        "{source} · user messages only · {} in all",
        group_thousands(&total.to_string())
    );
    chart.description = describe_messages(u, by, total);
    chart
}

/// Messages so far at each period, divided by `factor` (to left-axis units).
fn running_total(u: &Usage, factor: f64) -> Vec<(u64, f64)> {
    let mut running = 0.0;
    u.rows
        .iter()
        .map(|r| {
            running += r.messages as f64;
            (r.period_start.max(0) as u64, running / factor)
        })
        .collect()
}

/// The alt text: the span, the total and the busiest period.
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

/// Distinct senders per period and over a rolling 28 days.
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
        u.rows
            .iter()
            .map(|r| (r.period_start.max(0) as u64, f(r) as f64))
            .collect()
    };
    chart.series.push(line(
        format!("Senders per {}", period_name(by)),
        0,
        points(&|r| r.active_users),
    ));
    chart.series.push(line(
        "Active in the last 28 days (how Slack bills)".into(),
        2,
        points(&|r| r.active_users_28d),
    ));
    chart.subtitle = format!("{source} · {} distinct senders in all", u.senders);
    let peak = u.rows.iter().map(|r| r.active_users_28d).max().unwrap_or(0);
    chart.description = format!(
        "Distinct senders of user messages per {} and over a rolling 28 days; {} people wrote at least once, at most {} in any 28 days.",
        period_name(by),
        u.senders,
        peak
    );
    chart
}

/// Cost per message, month by month, per plan.
pub fn cost_per_message(c: &CostPerMessage, source: &str) -> LineChart {
    let currency = c.currency.as_str();
    // The months with points, in order (none without a plan).
    let months: Vec<Day> = if c.plans.is_empty() {
        Vec::new()
    } else {
        starts_of(&c.months)
    };
    let day = |d: Option<&Day>| d.map_or(0, |d| (*d).max(0) as u64);
    let x = widen((day(months.first()), day(months.last())), By::Month);
    let axes = Axes {
        x_title: "Month",
        y_title: format!("Cost per message ({currency})"),
        x,
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
    for (i, plan) in c.plans.iter().enumerate() {
        let points = c.months.iter().zip(&plan.months).map(|(r, m)| {
            let y = m.per_message.and_then(|v| v.to_f64());
            (r.period_start.max(0) as u64, y)
        });
        chart.series.push(Series {
            name: plan.name.clone(),
            legend: plan.name.clone(),
            style: line_style(i),
            segments: split_at_gaps(points),
        });
    }
    chart.subtitle =
        format!("{source} · each plan's monthly cost at that month's active users ÷ its messages");
    chart.description = format!(
        "Cost per message month by month for {} plans, at each month's active users.",
        c.plans.len()
    );
    chart
}
