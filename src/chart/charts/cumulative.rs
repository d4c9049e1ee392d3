//! Total paid month by month for one team, with the month each self-hosted
//! set-up is paid back (figures from [`crate::engine::payback`]).

use rust_decimal::prelude::ToPrimitive;

use super::cost::cut_above_focus;
use super::focus::{Focus, View, in_focus, legend_in_focus};
use crate::chart::line::{Axes, LineChart, Marker, Series, Unit};
use crate::engine::compare::Comparison;
use crate::engine::payback::{Payback, Verdict, payback};
use crate::units::count::users;
use crate::units::money;

/// How far above the lines in colour the axis ends when a callout needs room.
const HEADROOM: f64 = 2.0;

/// At most this many paid-back set-ups share the callout.
const MAX_PAID_BACK: usize = 6;

/// The chart in the default view.
pub fn cumulative(c: &Comparison, team: u64) -> LineChart {
    cumulative_in(c, team, &View::default())
}

/// Total paid after each month of the horizon by a team of `team`: a self-hosted
/// set-up is a lump in month 0, then every month adds the recurring cost. The
/// models in focus are in colour, labelled at their ends; the rest in grey.
pub fn cumulative_in(c: &Comparison, team: u64, view: &View) -> LineChart {
    // The focus only fails where the break-evens do; then every model is in colour.
    let focus = Focus::of(c, view).unwrap_or_else(|_| Focus::of(c, &all(view)).expect("all"));
    let p = payback(c, team);
    let months = p.months;
    let axes = Axes {
        x_title: "Months from the start",
        y_title: format!("Total paid ({})", c.currency),
        x: (0, months),
        x_unit: Unit::Months,
        y_unit: Unit::Money,
    };
    let title = format!("What a team of {team} pays over {months} months");
    let mut chart = LineChart::blank(&c.currency, "cumulative-cost", &title, axes);
    chart.series = in_focus(total_lines(c, &p, &focus));
    chart.markers.extend(paid_back_callout(c, &p));
    // The totals run together at the last month: a legend, not end labels.
    legend_in_focus(&mut chart);
    chart.footer = footer(c, &p);
    chart.subtitle = format!(
        "{} · {} · set-up in month 0 · admin time at {}/h",
        c.source.capitalized(),
        users(team),
        money::display(c.assumptions.hourly_rate(), &c.currency)
    );
    // The y axis ends above the lines in colour, as on the cost chart: grey
    // totals many times theirs would squash the answer into the bottom. With
    // room for the callout of set-ups paid back, which tells several in one.
    let headroom = if chart.markers.is_empty() {
        1.08
    } else {
        HEADROOM
    };
    let mut chart = cut_above_focus(chart, headroom);
    chart.description = describe(c, &p, chart.footer.as_deref());
    chart.alt = payback_alt(c, &p);
    chart
}

/// "Total paid by a team of 15 over 36 months: Microsoft Teams Essentials, the
/// cheapest hosted plan, comes to $2,160.00; …".
fn payback_alt(c: &Comparison, p: &Payback) -> String {
    let months = p.months;
    let mut text = format!("Total paid by a team of {} over {months} months", p.team);
    let total = |i: usize| {
        p.outlays[i]
            .as_ref()
            .map(|o| money::display(o.after(months), &c.currency))
    };
    if let Some((h, sum)) = p.against.and_then(|h| Some((h, total(h)?))) {
        text += &format!(
            ": {}, the cheapest hosted plan, comes to {sum}",
            c.models[h].name
        );
    }
    let verdict = p.verdicts.iter().find_map(|v| match *v {
        Verdict::AheadFromStart { model, .. } => Some(format!(
            "{} is ahead from the start ({})",
            c.models[model].name,
            total(model)?
        )),
        Verdict::PaidBack { model, month } => Some(format!(
            "{} pays back its set-up in month {month} ({} in all)",
            c.models[model].name,
            total(model)?
        )),
        Verdict::NotWithin { .. } => None,
    });
    match verdict {
        Some(v) => format!("{text}; {v}."),
        None if p.against.is_some() && p.verdicts.is_empty() => {
            format!("{text}; no self-hosted plan costs less each month for this team.")
        }
        None if p.against.is_some() => {
            format!("{text}; no self-hosted plan pays back its set-up within {months} months.")
        }
        None => format!("{text}."),
    }
}

/// The same view with every model in colour.
fn all(view: &View) -> View {
    View {
        all_models: true,
        ..view.clone()
    }
}

/// Each model's running total, or a note that it cannot serve the team.
fn total_lines(c: &Comparison, p: &Payback, focus: &Focus) -> Vec<(Series, Option<String>)> {
    c.models
        .iter()
        .zip(&p.outlays)
        .enumerate()
        .map(|(i, (m, outlay))| {
            let segments = match outlay {
                Some(o) => {
                    let point = |k: u64| (k, o.after(k).to_f64().unwrap_or(0.0));
                    vec![(0..=p.months).map(point).collect()]
                }
                None => Vec::new(),
            };
            let note = outlay
                .is_none()
                .then(|| format!("cannot serve {}", users(p.team)));
            let line = Series {
                name: m.name.clone(),
                legend: m.name.clone(),
                style: focus.style(i),
                segments,
                model: Some(m.id.clone()),
                hover: m.name.clone(),
            };
            (line, note)
        })
        .collect()
}

/// One callout for every set-up paid back, pointing at the first; the others
/// get a dot. Separate callouts for points a month apart would block each
/// other's leaders.
fn paid_back_callout(c: &Comparison, p: &Payback) -> Option<Marker> {
    // (month, y, name) of every set-up paid back within the horizon.
    let mut paid: Vec<(u64, f64, &str)> = p
        .verdicts
        .iter()
        .filter_map(|v| match *v {
            Verdict::PaidBack { model, month } => {
                let total = p.outlays[model]?.after(month);
                Some((
                    month,
                    total.to_f64().unwrap_or(0.0),
                    c.models[model].name.as_str(),
                ))
            }
            _ => None,
        })
        .collect();
    paid.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.cmp(b.2)));
    paid.truncate(MAX_PAID_BACK);
    let &(month, y, _) = paid.first()?;
    Some(Marker {
        x: month,
        y,
        toward: None,
        lines: paid
            .iter()
            .flat_map(|(month, _, name)| {
                [
                    format!("Month {month}: {name}"),
                    "has paid back its set-up".into(),
                ]
            })
            .collect(),
        dot: true,
        also: paid[1..].iter().map(|&(m, y, _)| (m, y)).collect(),
    })
}

/// A sentence per self-hosted plan that costs less each month than the hosted
/// plan the team would buy, or why none does.
fn footer(c: &Comparison, p: &Payback) -> Option<String> {
    let hosted_name = &c.models[p.against?].name;
    let months = p.months;
    let lines: Vec<String> = p
        .verdicts
        .iter()
        .map(|v| match *v {
            Verdict::AheadFromStart { model, no_setup } => {
                let why = if no_setup {
                    "it has no set-up cost to pay back"
                } else {
                    "its set-up costs no more than the hosted plan's"
                };
                let name = &c.models[model].name;
                format!("{name} costs less than {hosted_name} from the start: {why}.")
            }
            Verdict::PaidBack { model, month } => format!(
                "{} pays back its set-up against {hosted_name} in month {month}.",
                c.models[model].name
            ),
            Verdict::NotWithin { model } => format!(
                "{} does not pay back its set-up against {hosted_name} within {months} months.",
                c.models[model].name
            ),
        })
        .collect();
    Some(if lines.is_empty() {
        format!(
            "No self-hosted set-up is paid back within {months} months: none costs less each month than the cheapest hosted plan for {}.",
            users(p.team)
        )
    } else {
        lines.join(" ")
    })
}

/// The alt text: every plan's total over the horizon, then the footer's verdicts.
fn describe(c: &Comparison, p: &Payback, footer: Option<&str>) -> String {
    let months = p.months;
    let totals: Vec<String> = c
        .models
        .iter()
        .zip(&p.outlays)
        .filter_map(|(m, o)| {
            let total = money::display(o.as_ref()?.after(months), &c.currency);
            Some(format!("{} costs {total} over {months} months", m.name))
        })
        .collect();
    format!(
        "Total paid month by month over {months} months by a team of {}. {}. {}",
        p.team,
        totals.join("; "),
        footer.unwrap_or_default()
    )
    .trim_end()
    .to_string()
}
