//! The two views for hidden costs: total paid month by month for one team
//! (where a set-up cost is paid back), and the break-even team size as the
//! admin rate grows (how the answer depends on what your time is worth).

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::cost::{
    CostChart, Marker, Metric, Series, Unit, merge_identical, split_at_gaps, with_note,
};
use super::theme::{INK_LIKE, LIGHT, LineStyle, line_style};
use crate::engine::breakeven::analyse;
use crate::engine::compare::Comparison;
use crate::engine::curve::Curve;
use crate::engine::{Assumptions, breakeven};
use crate::pricing::model::Kind;
use crate::units::count::users;
use crate::units::money;

/// The admin rates the break-even map covers, in whole currency units an hour.
pub const MAP_RATES: std::ops::RangeInclusive<u64> = 0..=150;

/// Axis titles and units of a chart.
pub(crate) struct Axes<'a> {
    pub x_title: &'a str,
    pub y_title: String,
    pub x: (u64, u64),
    pub x_unit: Unit,
    pub y_unit: Unit,
}

fn base(c: &Comparison, stem: &str, title: &str, axes: Axes<'_>) -> CostChart {
    blank(&c.currency, stem, title, axes)
}

/// An empty chart with these axes.
pub(crate) fn blank(currency: &str, stem: &str, title: &str, axes: Axes<'_>) -> CostChart {
    CostChart {
        stem: stem.into(),
        metric: Metric::PerMonth,
        palette: LIGHT,
        x_title: axes.x_title.into(),
        y_title: axes.y_title,
        x_unit: axes.x_unit,
        y_unit: axes.y_unit,
        title: title.into(),
        subtitle: String::new(),
        footer: None,
        description: String::new(),
        x_from: axes.x.0,
        x_to: axes.x.1,
        x_ticks: None,
        series: Vec::new(),
        legend: None,
        markers: Vec::new(),
        log_y: false,
        y_cap: None,
        secondary: None,
        currency: currency.to_string(),
    }
}

/// Total paid after each month of the horizon by a team of `team`: a self-hosted
/// set-up is a lump in month 0, then every month adds the recurring cost.
pub fn cumulative(c: &Comparison, team: u64) -> CostChart {
    let a = &c.assumptions;
    let months = u64::from(a.horizon_months);
    let axes = Axes {
        x_title: "Months from the start",
        y_title: format!("Total paid ({})", c.currency),
        x: (0, months),
        x_unit: Unit::Months,
        y_unit: Unit::Money,
    };
    let mut chart = base(
        c,
        "cumulative-cost",
        &format!("What a team of {team} pays over {months} months"),
        axes,
    );
    // (id, name, kind, set-up lump, recurring monthly cost) for every model that serves the team.
    let mut plans = Vec::new();
    let mut series = Vec::new();
    for (i, m) in c.models.iter().enumerate() {
        let recurring = Curve::recurring(m, a).and_then(|curve| curve.at(team));
        let mut note = None;
        let mut segments = Vec::new();
        match recurring {
            Some(monthly) => {
                let lump = a.setup_total(m);
                let point = |k: u64| {
                    (
                        k,
                        (lump + monthly * Decimal::from(k)).to_f64().unwrap_or(0.0),
                    )
                };
                segments.push((0..=months).map(point).collect());
                plans.push((m.id.clone(), m.name.clone(), m.kind, lump, monthly));
            }
            None => note = Some(format!("cannot serve {}", users(team))),
        }
        let line = Series {
            name: m.name.clone(),
            legend: m.name.clone(),
            style: line_style(i),
            segments,
        };
        series.push((line, note));
    }
    chart.series = merge_identical(series);
    // For each self-hosted plan that costs less each month than the hosted plan
    // that is cheapest for this team: the month its set-up is paid back (or that
    // it is ahead from the start).
    let cheapest_hosted = plans
        .iter()
        .filter(|p| p.2 == Kind::Hosted)
        .min_by_key(|p| p.4);
    let mut lines = Vec::new();
    // (month, y, name) of every set-up paid back within the horizon.
    let mut paid: Vec<(u64, f64, &str)> = Vec::new();
    if let Some((_, hosted_name, _, hosted_lump, hosted_monthly)) = cheapest_hosted {
        for (_, name, kind, lump, monthly) in &plans {
            if *kind != Kind::SelfHosted || monthly >= hosted_monthly {
                continue;
            }
            if lump <= hosted_lump {
                let why = if lump.is_zero() {
                    "it has no set-up cost to pay back"
                } else {
                    "its set-up costs no more than the hosted plan's"
                };
                lines.push(format!(
                    "{name} costs less than {hosted_name} from the start: {why}."
                ));
                continue;
            }
            let month = (*lump - *hosted_lump)
                .checked_div(*hosted_monthly - *monthly)
                .and_then(|m| m.ceil().to_u64())
                .unwrap_or(u64::MAX);
            if month <= months {
                let y = (*lump + *monthly * Decimal::from(month))
                    .to_f64()
                    .unwrap_or(0.0);
                paid.push((month, y, name));
                lines.push(format!(
                    "{name} pays back its set-up against {hosted_name} in month {month}."
                ));
            } else {
                lines.push(format!("{name} does not pay back its set-up against {hosted_name} within {months} months."));
            }
        }
    }
    // One callout for all of them, pointing at the first; the others get a dot.
    // Separate callouts for points a month apart would block each other's leaders.
    paid.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.cmp(b.2)));
    paid.truncate(6);
    if let Some(&(month, y, _)) = paid.first() {
        chart.markers.push(Marker {
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
        });
    }
    if !lines.is_empty() {
        chart.footer = Some(lines.join(" "));
    } else if cheapest_hosted.is_some() {
        chart.footer = Some(format!(
            "No self-hosted set-up is paid back within {months} months: none costs less each month than the cheapest hosted plan for {}.",
            users(team)
        ));
    }
    chart.subtitle = format!(
        "{} · {} · set-up in month 0 · admin time at {}/h",
        c.source.capitalized(),
        users(team),
        money::display(a.admin_rate, &c.currency)
    );
    let totals: Vec<String> = plans
        .iter()
        .map(|(_, name, _, lump, monthly)| {
            let total = *lump + *monthly * Decimal::from(months);
            format!(
                "{name} costs {} over {months} months",
                money::display(total, &c.currency)
            )
        })
        .collect();
    chart.description = format!(
        "Total paid month by month over {months} months by a team of {team}. {}. {}",
        totals.join("; "),
        chart.footer.as_deref().unwrap_or_default()
    )
    .trim_end()
    .to_string();
    chart
}

/// For each self-hosted model against each hosted plan: the smallest team size
/// (within the --users range) from which self-hosting is no more expensive, as
/// the admin rate goes from 0 to 150 an hour. Colour: the hosted plan; dash
/// pattern: the self-hosted model.
pub fn breakeven_map(c: &Comparison) -> CostChart {
    let (from, to) = (c.range.from, c.range.to);
    let x_title = format!("Admin time ({} per hour)", c.currency);
    let axes = Axes {
        x_title: &x_title,
        y_title: "Break-even team size (users)".into(),
        x: (*MAP_RATES.start(), *MAP_RATES.end()),
        x_unit: Unit::Money,
        y_unit: Unit::Users,
    };
    let mut chart = base(
        c,
        "breakeven-map",
        "From how many users self-hosting pays",
        axes,
    );
    let self_hosted: Vec<usize> = (0..c.models.len())
        .filter(|&i| c.models[i].kind == Kind::SelfHosted)
        .collect();
    let hosted: Vec<usize> = (0..c.models.len())
        .filter(|&i| c.models[i].kind == Kind::Hosted)
        .collect();
    let dashes = [
        None,
        Some((9.0, 5.0)),
        Some((2.5, 4.0)),
        Some((14.0, 4.0)),
        Some((5.0, 9.0)),
        Some((1.5, 2.5)),
    ];
    // Every line first: lines[j][k] for self-hosted model j against hosted plan k.
    let mut summary = Vec::new();
    let mut lines: Vec<Vec<Segments>> = Vec::new();
    for &s in &self_hosted {
        let mut row = Vec::new();
        for &h in &hosted {
            let points: Vec<(u64, Option<f64>)> = MAP_RATES
                .map(|rate| {
                    (
                        rate,
                        break_even_at(c, s, h, Decimal::from(rate)).map(|n| n as f64),
                    )
                })
                .collect();
            let at = |rate: u64| points.iter().find(|p| p.0 == rate).and_then(|p| p.1);
            summary.push(format!(
                "{} against {}: {} at $0/h, {} at $60/h, {} at $150/h.",
                c.models[s].name,
                c.models[h].name,
                describe(at(0)),
                describe(at(60)),
                describe(at(150))
            ));
            row.push(split_at_gaps(points.into_iter()));
        }
        lines.push(row);
    }
    // Lines that coincide would blend into a pattern of their own, so each is drawn
    // once: a hosted plan whose every line is another's (same price) shares that
    // plan's colour and legend entry; likewise a self-hosted model's line pattern.
    // Twins need a line to share: models with no break-even at all are not "equal".
    let hosted_twin: Vec<Option<usize>> = (0..hosted.len())
        .map(|k| {
            (0..k).find(|&k1| {
                lines.iter().all(|row| row[k] == row[k1])
                    && lines.iter().any(|row| !row[k].is_empty())
            })
        })
        .collect();
    let self_twin: Vec<Option<usize>> = (0..self_hosted.len())
        .map(|j| {
            (0..j).find(|&j1| {
                (0..hosted.len()).all(|k| hosted_twin[k].is_some() || lines[j][k] == lines[j1][k])
                    && lines[j].iter().any(|l| !l.is_empty())
            })
        })
        .collect();
    let with_twins = |first: usize, twins: &[Option<usize>], ids: &[usize]| {
        let mut names = vec![c.models[ids[first]].name.clone()];
        names.extend(
            (0..twins.len())
                .filter(|&t| twins[t] == Some(first))
                .map(|t| c.models[ids[t]].name.clone()),
        );
        names.join(" = ")
    };
    let hosted_drawn: Vec<usize> = (0..hosted.len())
        .filter(|&k| hosted_twin[k].is_none())
        .collect();
    let self_drawn: Vec<usize> = (0..self_hosted.len())
        .filter(|&j| self_twin[j].is_none())
        .collect();
    // Each hosted plan keeps its colour from the cost charts where no other hosted
    // plan here has it (past eight models, plans share colours and differ by dash,
    // which on this chart marks the self-hosted model); otherwise a free colour.
    let own: Vec<usize> = hosted_drawn
        .iter()
        .map(|&k| line_style(hosted[k]).colour)
        .collect();
    // The ink-like colour is left out: the legend draws the line patterns in ink.
    let mut colours: Vec<Option<usize>> = (0..own.len())
        .map(|n| (!own[..n].contains(&own[n]) && own[n] != INK_LIKE).then_some(own[n]))
        .collect();
    for n in 0..colours.len() {
        if colours[n].is_none() {
            let free = (0..8).find(|c| *c != INK_LIKE && !colours.contains(&Some(*c)));
            colours[n] = Some(free.unwrap_or(own[n]));
        }
    }
    let colours: Vec<usize> = colours.into_iter().flatten().collect();
    let mut legend: Vec<(String, LineStyle)> = hosted_drawn
        .iter()
        .zip(&colours)
        .map(|(&k, &colour)| {
            let style = LineStyle { colour, dash: None };
            (with_twins(k, &hosted_twin, &hosted), style)
        })
        .collect();
    // (j, k) of each series drawn, and (j, k, drawn j', drawn k') of each line
    // left out because it is the same as one already drawn.
    let mut drawn: Vec<(usize, usize)> = Vec::new();
    let mut same: Vec<(usize, usize, usize, usize)> = Vec::new();
    for (m, &j) in self_drawn.iter().enumerate() {
        let dash = dashes[m % dashes.len()];
        let style = LineStyle {
            colour: usize::MAX,
            dash,
        };
        legend.push((
            with_note(&with_twins(j, &self_twin, &self_hosted), "line pattern"),
            style,
        ));
        for (&k, &colour) in hosted_drawn.iter().zip(&colours) {
            let segments = lines[j][k].clone();
            let name = format!(
                "{} vs {}",
                c.models[self_hosted[j]].name, c.models[hosted[k]].name
            );
            match chart
                .series
                .iter()
                .position(|x| x.segments == segments && !segments.is_empty())
            {
                Some(first) => same.push((j, k, drawn[first].0, drawn[first].1)),
                None => {
                    drawn.push((j, k));
                    chart.series.push(Series {
                        name: name.clone(),
                        legend: name,
                        style: LineStyle { colour, dash },
                        segments,
                    });
                }
            }
        }
    }
    chart.legend = Some(legend);
    let name = |i: usize| c.models[i].name.as_str();
    let mut notes = Vec::new();
    // "X has the same lines as Y against A and B", then any other coincidence.
    let mut told = vec![false; same.len()];
    for (i, &(j, _, j1, _)) in same.iter().enumerate() {
        if told[i] {
            continue;
        }
        let group: Vec<usize> = (i..same.len())
            .filter(|&g| !told[g] && same[g].0 == j && same[g].2 == j1 && same[g].1 == same[g].3)
            .collect();
        if group.is_empty() {
            let (_, k, _, k1) = same[i];
            notes.push(format!(
                "{} against {} is the line of {} against {}.",
                name(self_hosted[j]),
                name(hosted[k]),
                name(self_hosted[j1]),
                name(hosted[k1])
            ));
            told[i] = true;
            continue;
        }
        let against: Vec<&str> = group.iter().map(|&g| name(hosted[same[g].1])).collect();
        notes.push(format!(
            "{} has the same break-evens as {} against {}, drawn once.",
            name(self_hosted[j]),
            name(self_hosted[j1]),
            list(&against)
        ));
        for g in group {
            told[g] = true;
        }
    }
    if !notes.is_empty() {
        chart.footer = Some(notes.join(" "));
    }
    chart.y_cap = Some(to as f64);
    chart.subtitle = format!(
        "{} · colour: hosted plan · line pattern: self-hosted model · gaps: no break-even in {from}–{to} users",
        c.source.capitalized()
    );
    chart.description = format!(
        "Break-even team size of each self-hosted model against each hosted plan as admin time goes from $0 to $150 an hour, searched from {from} to {to} users. {}",
        summary.join(" ")
    )
    .trim_end()
    .to_string();
    // Nothing to map without both kinds: say so rather than draw an empty chart
    // whose subtitle blames the range.
    let missing = match (self_hosted.is_empty(), hosted.is_empty()) {
        (true, true) => Some("neither a self-hosted model nor a hosted plan"),
        (true, false) => Some("no self-hosted model"),
        (false, true) => Some("no hosted plan"),
        (false, false) => None,
    };
    if let Some(missing) = missing {
        let why = format!(
            "Nothing to map: the models compared include {missing} (see --models and --exclude)."
        );
        chart.subtitle = c.source.capitalized();
        chart.footer = Some(why.clone());
        chart.description = why;
    }
    chart
}

/// The drawn runs of one line, split where it has a gap.
type Segments = Vec<Vec<(u64, f64)>>;

/// "A", "A and B", "A, B and C".
fn list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn describe(n: Option<f64>) -> String {
    n.map_or("no break-even".into(), |n| {
        format!("from {}", users(n as u64))
    })
}

/// The smallest team size in the range from which self-hosted model `s` is no
/// more expensive than hosted plan `h` at this admin rate.
fn break_even_at(c: &Comparison, s: usize, h: usize, rate: Decimal) -> Option<u64> {
    let a = Assumptions {
        admin_rate: rate,
        ..c.assumptions
    };
    let (sc, hc) = (
        Curve::of_model(&c.models[s], &a)?,
        Curve::of_model(&c.models[h], &a)?,
    );
    let (sid, hid) = (c.models[s].id.as_str(), c.models[h].id.as_str());
    let result = analyse(&[(sid, &sc), (hid, &hc)], c.range.from, c.range.to).ok()?;
    let pair: &breakeven::Pair = result.pairs.first()?;
    if pair.cheaper_at_start.as_deref() == Some(sid)
        || (pair.cheaper_at_start.is_none() && sc.at(c.range.from).is_some())
    {
        return Some(c.range.from);
    }
    pair.crossings
        .iter()
        .find(|x| x.cheaper_from_here == sid)
        .map(|x| x.users)
}
