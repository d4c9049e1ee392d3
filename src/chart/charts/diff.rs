//! "What changed": both sides' headline curves on one chart (figures from
//! [`crate::engine::diff`]): the self-hosted model that pays first and the
//! cheapest hosted plan at each size, then dashed and now solid, with each
//! side's break-even marked. `report` can put it on a page as it is.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::chart::line::{Axes, LineChart, Marker, Series, Unit, split_at_gaps};
use crate::chart::theme::LineStyle;
use crate::engine::breakeven::LimitError;
use crate::engine::compare::Comparison;
use crate::engine::diff::{Diff, HeadlineCurves};
use crate::text::diff as words;
use crate::text::sentences::cash;
use crate::units::count::users;
use crate::units::money;

/// The file name of the chart, without its extension.
pub const STEM: &str = "what-changed";

/// The series colours: the self-hosted line and the hosted one.
const OWN: usize = 0;
const HOSTED: usize = 1;
/// Then's lines are dashed, now's solid.
const DASHED: Option<(f64, f64)> = Some((9.0, 5.0));

/// The chart of a diff: four lines (two a side) and a marker per break-even.
pub fn what_changed(d: &Diff<'_>) -> Result<LineChart, LimitError> {
    let (then, now) = d.curves()?;
    let c = d.now;
    let axes = Axes {
        x_title: "Team size (users)",
        y_title: format!("Cost per month ({})", c.currency),
        x: c.span(),
        x_unit: Unit::Users,
        y_unit: Unit::Money,
    };
    let mut chart = LineChart::blank(
        &c.currency,
        STEM,
        "What changed: self-hosting against hosted plans",
        axes,
    );
    for (when, side, curves, dash) in [("Then", d.then, &then, DASHED), ("Now", d.now, &now, None)]
    {
        chart.series.extend(lines(when, side, curves, dash));
        chart.markers.extend(marker(when, side, curves));
    }
    chart.series = unchanged_once(chart.series);
    if let [a, b] = chart.markers.as_slice()
        && (a.x, a.y) == (b.x, b.y)
    {
        let lines = vec![
            b.lines[0].replacen("Now", "Then and now", 1),
            b.lines[1].clone(),
        ];
        chart.markers = vec![Marker { lines, ..b.clone() }];
    }
    let rate = c.assumptions.hourly_rate();
    let admin = if rate.is_zero() {
        "admin time not counted".to_string()
    } else if rate.fract().is_zero() {
        let prefix = money::currency_prefix(&c.currency);
        format!("admin time at {prefix}{}/h", rate.trunc())
    } else {
        format!("admin time at {}/h", money::display(rate, &c.currency))
    };
    chart.subtitle = format!(
        "Then: {} · now: {} · {admin}",
        words::side(d.then),
        words::side(d.now)
    );
    let moved = words::moved_sentence(d);
    chart.description = std::iter::once(moved.clone())
        .chain(words::headline_lines(d))
        .collect::<Vec<_>>()
        .join(" ");
    chart.alt = moved;
    Ok(chart)
}

/// A side's self-hosted line and its cheapest-hosted line.
fn lines(
    when: &str,
    c: &Comparison,
    curves: &HeadlineCurves,
    dash: Option<(f64, f64)>,
) -> Vec<Series> {
    let mut out = Vec::new();
    if let Some(id) = &curves.self_hosted {
        let name = format!("{when}: {}", c.name(id));
        out.push(series(name, &curves.own, OWN, dash, Some(id.clone())));
    }
    let name = format!("{when}: cheapest hosted plan");
    out.push(series(name, &curves.hosted, HOSTED, dash, None));
    out
}

fn series(
    name: String,
    points: &[(u64, Option<Decimal>)],
    colour: usize,
    dash: Option<(f64, f64)>,
    model: Option<String>,
) -> Series {
    let segments = split_at_gaps(points.iter().map(|&(n, v)| (n, v.and_then(|v| v.to_f64()))));
    Series {
        legend: name.clone(),
        hover: name.clone(),
        name,
        style: LineStyle { colour, dash },
        segments,
        model,
    }
}

/// "Then: from 2 users" at the side's break-even, on its self-hosted line.
fn marker(when: &str, c: &Comparison, curves: &HeadlineCurves) -> Option<Marker> {
    let best = curves.best.as_ref()?;
    let own = c.monthly_of(&best.model, best.from)?;
    Some(Marker {
        x: best.from,
        y: own.to_f64()?,
        toward: None,
        lines: vec![
            format!("{when}: from {}", users(best.from)),
            format!("{} a month", cash(c, own)),
        ],
        dot: true,
        also: Vec::new(),
    })
}

/// A line that did not change is drawn once, solid, as "Then and now: …"
/// (dashed under solid, then's line would be hidden and its legend entry lie).
fn unchanged_once(series: Vec<Series>) -> Vec<Series> {
    let mut out: Vec<Series> = Vec::new();
    for s in series {
        let same = |o: &Series| {
            o.segments == s.segments
                && o.name.strip_prefix("Then: ") == s.name.strip_prefix("Now: ")
        };
        match out.iter().position(same) {
            Some(i) => {
                let name = s.name.replacen("Now", "Then and now", 1);
                out[i] = Series {
                    legend: name.clone(),
                    hover: name.clone(),
                    name,
                    ..s
                };
            }
            None => out.push(s),
        }
    }
    out
}
