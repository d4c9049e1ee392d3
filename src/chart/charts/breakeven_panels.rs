//! The break-even map as small multiples, when one chart of every self-hosted
//! model against every hosted plan would have too many lines to read: an
//! overview (each self-hosted model against the cheapest hosted plan at each
//! size, as its headline says it) and one panel per self-hosted model (that
//! model against each hosted plan, in the plan's colour of the run's other
//! charts). The answer at the run's admin rate is marked on each.

use super::breakeven_map::{describe, full_map, map_axes, nothing_to_map, run_colours, run_focus};
use super::focus::{Focus, View};
use crate::chart::line::{LineChart, Marker, Series, merge_identical, money_tick, nice_ceiling};
use crate::chart::line::{split_at_gaps, with_note};
use crate::chart::theme::LineStyle;
use crate::engine::compare::Comparison;
use crate::engine::headline::Verdict;
use crate::engine::sweep::{BreakEvenSweep, MAP_RATES, break_even_map};
use crate::pricing::model::Model;
use crate::text::headline::{headline_sentence, short_headline};
use crate::text::sentences::join_and;
use crate::units::count::users;

/// Up to this many lines, the whole map is one readable chart.
pub const MAX_LINES: usize = 8;

/// The break-even map of a run: one chart when its lines are few (or there is
/// one self-hosted model), else the overview `breakeven-map` and then
/// `breakeven-map-<id>` for each self-hosted model, in the comparison's order.
pub fn breakeven_maps_in(c: &Comparison, view: &View) -> Vec<LineChart> {
    let sweep = break_even_map(c);
    let full = full_map(c, view, &sweep);
    let drawn = full
        .series
        .iter()
        .filter(|s| !s.segments.is_empty())
        .count();
    if drawn <= MAX_LINES || sweep.self_hosted.len() < 2 || nothing_to_map(&sweep).is_some() {
        return vec![full];
    }
    let focus = run_focus(c, view);
    let mut charts = vec![overview(c, &sweep, &focus)];
    charts.extend((0..sweep.self_hosted.len()).map(|j| panel(c, &sweep, &focus, j)));
    charts
}

/// The colour of each of `models` (comparison indices): its own for the run,
/// the one it has on every other chart (grey there or not).
fn colours_of(focus: &Focus, models: &[usize]) -> Vec<usize> {
    run_colours(&focus.styles, models)
}

/// The admin rate whose answer is marked: the run's own, when it is a whole
/// amount on the map.
fn marked_rate(c: &Comparison) -> Option<u64> {
    let rate = c.assumptions.hourly_rate();
    let whole: u64 = rate.trunc().try_into().ok()?;
    (rate.fract().is_zero() && MAP_RATES.contains(&whole)).then_some(whole)
}

/// "$60/h".
fn per_hour(c: &Comparison, rate: u64) -> String {
    format!("{}/h", money_tick(rate as f64, &c.currency, false))
}

/// A chart of the map's axes with these lines (merged where identical), the y
/// axis just above them; returns the names of the lines with nothing to draw.
fn chart_of(
    c: &Comparison,
    stem: &str,
    title: &str,
    lines: Vec<Series>,
) -> (LineChart, Vec<String>) {
    let x_title = format!("Admin time ({} per hour)", c.currency);
    let mut chart = LineChart::blank(&c.currency, stem, title, map_axes(&x_title));
    let (drawn, empty): (Vec<Series>, Vec<Series>) =
        lines.into_iter().partition(|s| !s.segments.is_empty());
    let merged = merge_identical(drawn.into_iter().map(|s| (s, None)).collect());
    let (series, notes) = fold_covered(merged, &c.currency);
    chart.series = series;
    chart.footer = (!notes.is_empty()).then(|| notes.join(" "));
    let max = chart
        .series
        .iter()
        .flat_map(|s| s.segments.iter().flatten().map(|p| p.1))
        .fold(0.0f64, f64::max);
    chart.y_cap = Some(
        nice_ceiling(max.max(1.0) * 1.08)
            .max(5.0)
            .min(c.range.to as f64),
    );
    (chart, empty.into_iter().map(|s| s.name).collect())
}

/// What a browser shows over a line of the map: "Slack Pro: at $0/h from 2
/// users, at $75/h from 30, at $150/h from 58" (a gap: "no break-even").
fn breakeven_hover(
    name: &str,
    currency: &str,
    sweep: &BreakEvenSweep,
    sizes: &[Option<u64>],
) -> String {
    let rates = &sweep.rates;
    let picks = [0, rates.len() / 2, rates.len().saturating_sub(1)];
    let mut said: Vec<String> = Vec::new();
    for k in picks {
        let (Some(rate), Some(size)) = (rates.get(k), sizes.get(k)) else {
            continue;
        };
        let text = match size {
            Some(n) => format!(
                "at {}/h from {}",
                money_tick(*rate as f64, currency, false),
                users(*n)
            ),
            None => format!(
                "at {}/h no break-even",
                money_tick(*rate as f64, currency, false)
            ),
        };
        if !said.contains(&text) {
            said.push(text);
        }
    }
    format!("{name}: {}", said.join(", "))
}

/// A solid line through the sizes of one sweep row.
fn line(
    model: &Model,
    colour: usize,
    sizes: &[Option<u64>],
    (sweep, currency): (&BreakEvenSweep, &str),
) -> Series {
    let points = sweep.rates.iter().zip(sizes);
    Series {
        name: model.name.clone(),
        legend: model.name.clone(),
        style: LineStyle { colour, dash: None },
        segments: split_at_gaps(points.map(|(&rate, n)| (rate, n.map(|n| n as f64)))),
        model: Some(model.id.clone()),
        hover: breakeven_hover(&model.name, currency, sweep, sizes),
    }
}

/// "from 2 users at $0/h, 27 at $60/h and 64 at $150/h"-like words for one row.
fn along(c: &Comparison, sizes: impl Fn(u64) -> Option<u64>) -> String {
    let at = |r: u64| format!("{} at {}", describe(sizes(r)), per_hour(c, r));
    let mut rates = vec![0, 60, 150];
    rates.extend(marked_rate(c).filter(|r| !rates.contains(r)));
    rates.sort_unstable();
    let words: Vec<String> = rates.into_iter().map(at).collect();
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    join_and(&refs)
}

/// Each self-hosted model against the cheapest hosted plan at each size.
fn overview(c: &Comparison, sweep: &BreakEvenSweep, focus: &Focus) -> LineChart {
    let colours = colours_of(focus, &sweep.self_hosted);
    let lines: Vec<Series> = (0..sweep.self_hosted.len())
        .map(|j| {
            let model = &c.models[sweep.self_hosted[j]];
            line(model, colours[j], &sweep.beats_all[j], (sweep, &c.currency))
        })
        .collect();
    let title = "From how many users self-hosting pays";
    let (mut chart, never) = chart_of(c, "breakeven-map", title, lines);
    let (from, to) = c.span();
    chart.subtitle = format!(
        "{} · each self-hosted model against every hosted plan (the cheapest at each size) · gaps: not cheapest in {from}–{to} users",
        c.source.capitalized()
    );
    let mut notes: Vec<String> = chart.footer.take().into_iter().collect();
    if !never.is_empty() {
        let names: Vec<&str> = never.iter().map(String::as_str).collect();
        let cur = crate::units::money::currency_prefix(&c.currency);
        notes.push(format!(
            "{} never cost less than every hosted plan in {from}–{to} users at {cur}0–150/h; the charts per model show the plans they do beat.",
            join_and(&names)
        ));
    }
    chart.footer = (!notes.is_empty()).then(|| notes.join(" "));
    if let Some(r) = marked_rate(c) {
        chart.markers = answers_at(c, &chart.series, r);
    }
    let rows: Vec<String> = (0..sweep.self_hosted.len())
        .map(|j| {
            let name = &c.models[sweep.self_hosted[j]].name;
            let words = along(c, |r| sweep.beats_all_at(j, r));
            format!("{name} against every hosted plan: {words}.")
        })
        .collect();
    let cur = crate::units::money::currency_prefix(&c.currency);
    chart.description = format!(
        "From which team size each self-hosted model costs no more than every hosted plan as admin time goes from {cur}0 to {cur}150 an hour, searched from {from} to {to} users. {}",
        rows.join(" ")
    );
    chart.alt = short_headline(c).ok().flatten().unwrap_or_else(|| {
        "From which team size each self-hosted model costs no more than every hosted plan, by admin rate.".into()
    });
    chart
}

/// A line that lies wholly on a longer one would hide it or be hidden: it is
/// folded into the longer one's legend ("A (= B up to $107/h)") and told once.
fn fold_covered(series: Vec<Series>, currency: &str) -> (Vec<Series>, Vec<String>) {
    let points = |s: &Series| -> Vec<(u64, f64)> { s.segments.iter().flatten().copied().collect() };
    let mut kept: Vec<Series> = Vec::new();
    let mut notes = Vec::new();
    let covered = |i: usize| {
        let mine = points(&series[i]);
        (0..series.len()).find(|&k| {
            let theirs = points(&series[k]);
            k != i && theirs.len() > mine.len() && mine.iter().all(|p| theirs.contains(p))
        })
    };
    let under: Vec<Option<usize>> = (0..series.len()).map(covered).collect();
    for (i, s) in series.iter().enumerate() {
        let mut s = s.clone();
        for (t, _) in under.iter().enumerate().filter(|(_, u)| **u == Some(i)) {
            let last = points(&series[t]).last().map_or(0, |p| p.0);
            let upto = money_tick(last as f64, currency, false);
            s.legend = with_note(&s.legend, &format!("= {} up to {upto}/h", series[t].legend));
            notes.push(format!(
                "{} has the same break-evens as {} wherever it has one (up to {upto}/h), drawn once.",
                series[t].legend, series[i].legend
            ));
        }
        if under[i].is_none() {
            kept.push(s);
        }
    }
    (kept, notes)
}

/// One labelled dot per point where lines meet the marked rate (lines on the
/// same point share it).
fn answers_at(c: &Comparison, series: &[Series], rate: u64) -> Vec<Marker> {
    let mut markers: Vec<Marker> = Vec::new();
    for s in series {
        let Some(&(_, y)) = s.segments.iter().flatten().find(|p| p.0 == rate) else {
            continue;
        };
        if let Some(m) = markers.iter_mut().find(|m| m.y == y) {
            m.lines.push(s.legend.clone());
            continue;
        }
        markers.push(Marker {
            x: rate,
            y,
            toward: None,
            lines: vec![
                format!("At {}: from {}", per_hour(c, rate), users(y as u64)),
                s.legend.clone(),
            ],
            dot: true,
            also: Vec::new(),
        });
    }
    markers
}

/// Self-hosted model j against each hosted plan.
fn panel(c: &Comparison, sweep: &BreakEvenSweep, focus: &Focus, j: usize) -> LineChart {
    let model = &c.models[sweep.self_hosted[j]];
    let colours = colours_of(focus, &sweep.hosted);
    let lines: Vec<Series> = sweep
        .hosted
        .iter()
        .enumerate()
        .map(|(k, &h)| {
            line(
                &c.models[h],
                colours[k],
                &sweep.break_even[j][k],
                (sweep, &c.currency),
            )
        })
        .collect();
    let title = format!("From how many users {} pays", model.name);
    let stem = format!("breakeven-map-{}", model.id);
    let (mut chart, never) = chart_of(c, &stem, &title, lines);
    let (from, to) = c.span();
    chart.subtitle = format!(
        "{} · {} against each hosted plan · gaps: no break-even in {from}–{to} users",
        c.source.capitalized(),
        model.name
    );
    chart.footer = panel_footer(c, j, sweep, chart.footer.take(), &never);
    let headline = c
        .headlines()
        .ok()
        .and_then(|all| all.into_iter().find(|h| h.model == model.id));
    if let (Some(r), Some(h)) = (marked_rate(c), &headline) {
        chart.markers.extend(answer_marker(c, &h.verdict, r));
    }
    let answer = headline.as_ref().and_then(|h| headline_sentence(c, h));
    let rows: Vec<String> = (0..sweep.hosted.len())
        .map(|k| {
            let words = along(c, |r| sweep.at(j, k, r));
            format!("Against {}: {words}.", c.models[sweep.hosted[k]].name)
        })
        .collect();
    let cur = crate::units::money::currency_prefix(&c.currency);
    chart.description = format!(
        "From which team size {} costs no more than each hosted plan as admin time goes from {cur}0 to {cur}150 an hour, searched from {from} to {to} users. {} {}",
        model.name,
        answer.clone().unwrap_or_default(),
        rows.join(" ")
    )
    .replace("  ", " ");
    chart.alt = answer.unwrap_or_else(|| with_note(&title, "no hosted plan to beat"));
    chart
}

/// The panel's footer: lines folded into others, the plans never beaten, and
/// where the model stops serving.
fn panel_footer(
    c: &Comparison,
    j: usize,
    sweep: &BreakEvenSweep,
    folded: Option<String>,
    never: &[String],
) -> Option<String> {
    let model = &c.models[sweep.self_hosted[j]];
    let (from, to) = c.span();
    let mut notes: Vec<String> = folded.into_iter().collect();
    if !never.is_empty() {
        let names: Vec<&str> = never.iter().map(String::as_str).collect();
        let cur = crate::units::money::currency_prefix(&c.currency);
        notes.push(format!(
            "No break-even against {} in {from}–{to} users at any rate from {cur}0 to {cur}150 an hour.",
            join_and(&names)
        ));
    }
    if let Some(max) = c.max_users(&model.id).filter(|&m| m < to) {
        notes.push(format!("{} serves up to {}.", model.name, users(max)));
    }
    (!notes.is_empty()).then(|| notes.join(" "))
}

/// The panel's answer at `rate`: from which size the model beats every hosted
/// plan, or, when it never does, the cheapest plan it beats.
fn answer_marker(c: &Comparison, verdict: &Verdict, rate: u64) -> Option<Marker> {
    let at = per_hour(c, rate);
    let (y, lines) = match verdict {
        Verdict::BeatsAll { from, .. } => (
            *from,
            vec![
                format!("At {at}: from {} on,", users(*from)),
                "below every hosted plan".to_string(),
            ],
        ),
        Verdict::Never { best: Some(best) } => (
            best.from,
            vec![
                format!("At {at}: never below every plan;"),
                format!("below {} from {}", c.name(&best.id), users(best.from)),
            ],
        ),
        _ => return None,
    };
    Some(Marker {
        x: rate,
        y: y as f64,
        toward: None,
        lines,
        dot: true,
        also: Vec::new(),
    })
}
