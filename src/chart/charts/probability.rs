//! How sure the answer is, as charts, when some inputs are ranges: the share
//! of draws in which each self-hosted model costs no more than every hosted
//! plan against team size ([`probability_chart`], from
//! [`crate::engine::uncertain`]'s figures), and the P5–P95 bands shaded behind
//! the monthly cost lines ([`cost_bands`]).

use rust_decimal::prelude::ToPrimitive;

use super::focus::{Focus, View};
use crate::chart::line::{Axes, Band, LineChart, Marker, Series, Unit, split_at_gaps};
use crate::chart::theme::{CONTEXT, LineStyle};
use crate::engine::breakeven::LimitError;
use crate::engine::compare::Comparison;
use crate::engine::uncertain::odds::{BeatsAll, Chance};
use crate::text::odds;
use crate::units::count::{group_thousands, users};

/// Ranges longer than this are drawn at samples plus both sides of every step.
const MAX_POINTS: u64 = 2000;
/// Markers for the 50 % and 90 % points go on at most this many lines.
const MAX_MARKED: usize = 3;

/// The P5–P95 band of each model in colour that some range moves, at `sizes`
/// (on a log axis only where both ends are above 0); none when nothing is sampled.
pub fn cost_bands(c: &Comparison, focus: &Focus, sizes: &[u64], log_y: bool) -> Vec<Band> {
    let Some(u) = c.uncertainty() else {
        return Vec::new();
    };
    let mut bands: Vec<Band> = Vec::new();
    for i in (0..c.models.len()).filter(|&i| focus.highlighted[i] && u.moves(i)) {
        let points = sizes.iter().map(|&n| {
            let q = u
                .monthly(i, n)
                .and_then(|q| Some((q.p5.to_f64()?, q.p95.to_f64()?)));
            (n, q.filter(|(lo, _)| !log_y || *lo > 0.0))
        });
        let mut segments: Vec<Vec<(u64, f64, f64)>> = Vec::new();
        let mut open = false;
        for (n, q) in points {
            match q {
                Some((lo, hi)) if open => segments.last_mut().expect("open").push((n, lo, hi)),
                Some((lo, hi)) => {
                    segments.push(vec![(n, lo, hi)]);
                    open = true;
                }
                None => open = false,
            }
        }
        // Models at one price on one host share a band: it is shaded once.
        if !bands.iter().any(|b| b.segments == segments) {
            bands.push(Band {
                style: focus.style(i),
                label: String::new(),
                segments,
            });
        }
    }
    bands
}

/// The share of draws in which each self-hosted model costs no more than every
/// hosted plan, against team size, with its 50 % and 90 % points labelled
/// ("90 % sure from 41 users"); `None` when nothing is sampled or no hosted
/// plan is compared.
pub fn probability_chart(c: &Comparison, view: &View) -> Result<Option<LineChart>, LimitError> {
    let Some(u) = c.uncertainty() else {
        return Ok(None);
    };
    let all = u.beats_all()?;
    if all.is_empty() {
        return Ok(None);
    }
    let focus = Focus::of(c, view)?;
    let sizes = sizes(c, all);
    let (from, to) = c.span();
    let axes = Axes {
        x_title: "Team size (users)",
        y_title: "Draws in which it costs no more".into(),
        x: (from, to),
        x_unit: Unit::Users,
        y_unit: Unit::Share,
    };
    let title = "How sure is it that self-hosting costs no more?";
    let mut chart = LineChart::blank(&c.currency, "probability", title, axes);
    chart.subtitle = format!(
        "Share of {} draws in which each self-hosted model costs no more than every hosted plan · {}",
        group_thousands(&u.samples.to_string()),
        c.source.capitalized()
    );
    let mut series: Vec<Series> = [50, 90]
        .map(|pct| guide(pct, from, to))
        .into_iter()
        .collect();
    for b in all {
        let line = sizes
            .iter()
            .map(|&n| (n, c.monthly(b.model, n).map(|_| b.chance.at(n))));
        let name = c.models[b.model].name.clone();
        series.push(Series {
            name: name.clone(),
            legend: name,
            style: focus.styles[b.model],
            segments: split_at_gaps(line),
            model: Some(c.models[b.model].id.clone()),
            hover: name_with_odds(&c.models[b.model].name, &b.chance, &sizes),
        });
    }
    chart.legend = Some(
        series
            .iter()
            .filter(|s| s.style.colour != CONTEXT)
            .map(|s| (s.legend.clone(), s.style))
            .collect(),
    );
    chart.series = series;
    chart.markers = sure_markers(c, all, &focus);
    chart.y_cap = Some(1.0);
    chart.log_x = view.log_x;
    chart.footer = Some(format!(
        "Dashed: 50 % and 90 % of the draws (seed {}). Ranges: {}.",
        u.seed,
        odds::ranges_in_words(c).unwrap_or_default()
    ));
    chart.description = describe(c, all);
    chart.alt = alt(c, all);
    Ok(Some(chart))
}

/// A dashed grey line across the chart at `pct` %.
/// What a browser shows over a model's line: "Rocket.Chat Community on
/// Hetzner: costs no more in 4 % of the draws at 20 users, 61 % at 30, …".
fn name_with_odds(name: &str, chance: &Chance, sizes: &[u64]) -> String {
    let (Some(&from), Some(&to)) = (sizes.first(), sizes.last()) else {
        return name.to_string();
    };
    let figures: Vec<String> = crate::chart::line::hover_sizes(from, to)
        .into_iter()
        .enumerate()
        .map(|(k, n)| {
            let pct = (chance.at(n) * 100.0).round();
            match k {
                0 => format!("costs no more in {pct} % of the draws at {}", users(n)),
                _ => format!("{pct} % at {}", group_thousands(&n.to_string())),
            }
        })
        .collect();
    format!("{name}: {}", figures.join(", "))
}

fn guide(pct: u32, from: u64, to: u64) -> Series {
    let share = f64::from(pct) / 100.0;
    Series {
        name: format!("{pct} %"),
        legend: format!("{pct} % of the draws"),
        style: LineStyle {
            colour: CONTEXT,
            dash: Some((5.0, 4.0)),
        },
        segments: vec![vec![(from, share), (to, share)]],
        model: None,
        hover: String::new(),
    }
}

/// Every size for short ranges; else samples plus both sides of every step.
fn sizes(c: &Comparison, all: &[BeatsAll]) -> Vec<u64> {
    let (from, to) = c.span();
    if to - from < MAX_POINTS {
        return (from..=to).collect();
    }
    let mut sizes: Vec<u64> = (0..=1500u64)
        .map(|k| from + ((to - from) as f64 * k as f64 / 1500.0).round() as u64)
        .collect();
    for b in all {
        for &(n, _) in &b.chance.steps {
            sizes.extend([n.saturating_sub(1).max(from), n]);
        }
    }
    sizes.push(to);
    sizes.sort_unstable();
    sizes.dedup();
    sizes
}

/// The 50 % and 90 % points of the models in colour (the first few), each
/// with its model and "90 % sure from 41 users".
fn sure_markers(c: &Comparison, all: &[BeatsAll], focus: &Focus) -> Vec<Marker> {
    let mut marked: Vec<&BeatsAll> = all.iter().filter(|b| focus.highlighted[b.model]).collect();
    if marked.is_empty() {
        marked = all.iter().collect();
    }
    let mut out = Vec::new();
    for b in marked.into_iter().take(MAX_MARKED) {
        for pct in [50, 90] {
            let (Some(words), Some((n, _))) = (odds::sure(c, b, pct), b.chance.sure(pct)) else {
                continue;
            };
            out.push(Marker {
                x: n,
                y: b.chance.at(n),
                toward: None,
                lines: vec![format!("{}:", c.models[b.model].name), words],
                dot: true,
                also: Vec::new(),
            });
        }
    }
    out
}

/// Per self-hosted model, where it is 50 % and 90 % sure, in words.
fn describe(c: &Comparison, all: &[BeatsAll]) -> String {
    let u = c.uncertainty().expect("only drawn when sampled");
    let mut text = format!(
        "The share of {} draws of the uncertain inputs in which each self-hosted model costs no more than every hosted plan, against team size, {} to {}. ",
        group_thousands(&u.samples.to_string()),
        group_thousands(&c.range.from.to_string()),
        users(c.range.to)
    );
    for b in all {
        text += &model_words(c, b);
        text.push(' ');
    }
    text.trim_end().to_string()
}

/// "Rocket.Chat Community on Hetzner: 50 % sure from 31 users, 90 % sure from 41 users."
fn model_words(c: &Comparison, b: &BeatsAll) -> String {
    let name = &c.models[b.model].name;
    let sure: Vec<String> = [50, 90]
        .iter()
        .filter_map(|&p| odds::sure(c, b, p))
        .collect();
    let best = b.chance.steps.iter().map(|s| s.1).max().unwrap_or(0);
    if best == 0 {
        format!("{name}: in none of the draws.")
    } else if sure.is_empty() {
        let share = odds::percent(f64::from(best) / f64::from(b.chance.samples.max(1)));
        format!("{name}: at most {share} of the draws at any size.")
    } else {
        format!("{name}: {}.", sure.join(", "))
    }
}

/// The first model that is 50 % sure somewhere (the best answer first).
fn alt(c: &Comparison, all: &[BeatsAll]) -> String {
    let lead = format!(
        "Chance that self-hosting costs no more than every hosted plan, {}–{} users.",
        group_thousands(&c.range.from.to_string()),
        group_thousands(&c.range.to.to_string())
    );
    let best = c
        .headlines()
        .ok()
        .and_then(|hs| {
            hs.iter()
                .filter_map(|h| all.iter().find(|b| c.models[b.model].id == h.model))
                .find(|b| b.chance.sure(50).is_some())
                .map(|b| model_words(c, b))
        })
        .unwrap_or_default();
    format!("{lead} {best}").trim_end().to_string()
}
