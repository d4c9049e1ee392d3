//! The break-even team size as the admin rate grows (how the answer depends on
//! what your time is worth), from [`crate::engine::sweep`]. Colour: the hosted
//! plan; dash pattern: the self-hosted model.

use super::focus::{Focus, View};
use crate::chart::line::{Axes, LineChart, Series, Unit, split_at_gaps, with_note};
use crate::chart::theme::LineStyle;
use crate::engine::compare::Comparison;
use crate::engine::sweep::{BreakEvenSweep, MAP_RATES, break_even_map};
use crate::text::headline::short_headline;
use crate::text::sentences::join_and;
use crate::units::count::users;

/// Dash patterns for the self-hosted models, in order.
const DASHES: [Option<(f64, f64)>; 6] = [
    None,
    Some((9.0, 5.0)),
    Some((2.5, 4.0)),
    Some((14.0, 4.0)),
    Some((5.0, 9.0)),
    Some((1.5, 2.5)),
];

/// The drawn runs of one line, split where it has a gap.
type Segments = Vec<Vec<(u64, f64)>>;

/// For each self-hosted model against each hosted plan: the smallest team size
/// (within the --users range) from which self-hosting is no more expensive, as
/// the admin rate goes from 0 to 150 an hour.
pub fn breakeven_map(c: &Comparison) -> LineChart {
    breakeven_map_in(c, &View::default())
}

/// The map with each hosted plan in its colour of the run's other charts.
pub fn breakeven_map_in(c: &Comparison, view: &View) -> LineChart {
    full_map(c, view, &break_even_map(c))
}

/// The run's focus: which models its other charts highlight and each model's
/// style there (every model in colour when the focus cannot be found).
pub(super) fn run_focus(c: &Comparison, view: &View) -> Focus {
    let all = View {
        all_models: true,
        ..view.clone()
    };
    Focus::of(c, view)
        .or_else(|_| Focus::of(c, &all))
        .unwrap_or(Focus {
            highlighted: Vec::new(),
            styles: Vec::new(),
        })
}

/// The map's axes over [`MAP_RATES`]; `x_title` is kept by the caller.
pub(super) fn map_axes(x_title: &str) -> Axes<'_> {
    Axes {
        x_title,
        y_title: "Break-even team size (users)".into(),
        x: (*MAP_RATES.start(), *MAP_RATES.end()),
        x_unit: Unit::Money,
        y_unit: Unit::Users,
    }
}

/// Every self-hosted model against every hosted plan in one chart, from `sweep`.
pub(super) fn full_map(c: &Comparison, view: &View, sweep: &BreakEvenSweep) -> LineChart {
    let (from, to) = c.span();
    let x_title = format!("Admin time ({} per hour)", c.currency);
    let title = "From how many users self-hosting pays";
    let mut chart = LineChart::blank(&c.currency, "breakeven-map", title, map_axes(&x_title));
    let map = Map::new(c, sweep, run_focus(c, view).styles);
    let (legend, series, same) = map.lines();
    chart.legend = Some(legend);
    chart.series = series;
    chart.footer = map.coincidences(&same);
    chart.y_cap = Some(to as f64);
    chart.subtitle = format!(
        "{} · colour: hosted plan · line pattern: self-hosted model · gaps: no break-even in {from}–{to} users",
        c.source.capitalized()
    );
    let cur = crate::units::money::currency_prefix(&c.currency);
    chart.description = format!(
        "Break-even team size of each self-hosted model against each hosted plan as admin time goes from {cur}0 to {cur}150 an hour, searched from {from} to {to} users. {}",
        summary(c, sweep).join(" ")
    )
    .trim_end()
    .to_string();
    chart.alt = format!(
        "From how many users each self-hosted model costs no more than each hosted plan, as admin time goes from {cur}0 to {cur}150 an hour. {}",
        short_headline(c).ok().flatten().unwrap_or_default()
    )
    .trim_end()
    .to_string();
    if let Some(why) = nothing_to_map(sweep) {
        say_why(&mut chart, c, why);
    }
    chart
}

/// A map with nothing to draw says why in every place words go.
pub(super) fn say_why(chart: &mut LineChart, c: &Comparison, why: String) {
    chart.alt = why.clone();
    chart.subtitle = c.source.capitalized();
    chart.footer = Some(why.clone());
    chart.description = why;
}

/// Nothing to map without both kinds: say so rather than draw an empty chart
/// whose subtitle blames the range.
pub(super) fn nothing_to_map(sweep: &BreakEvenSweep) -> Option<String> {
    let missing = match (sweep.self_hosted.is_empty(), sweep.hosted.is_empty()) {
        (true, true) => "neither a self-hosted model nor a hosted plan",
        (true, false) => "no self-hosted model",
        (false, true) => "no hosted plan",
        (false, false) => return None,
    };
    Some(crate::text::hint::nothing_to_map(missing))
}

/// "A against B: from 27 users at $0/h, … at $60/h, … at $150/h." per line.
fn summary(c: &Comparison, sweep: &BreakEvenSweep) -> Vec<String> {
    let mut out = Vec::new();
    let cur = crate::units::money::currency_prefix(&c.currency);
    for (j, &s) in sweep.self_hosted.iter().enumerate() {
        for (k, &h) in sweep.hosted.iter().enumerate() {
            out.push(format!(
                "{} against {}: {} at {cur}0/h, {} at {cur}60/h, {} at {cur}150/h.",
                c.models[s].name,
                c.models[h].name,
                describe(sweep.at(j, k, 0)),
                describe(sweep.at(j, k, 60)),
                describe(sweep.at(j, k, 150))
            ));
        }
    }
    out
}

/// "from 27 users" or "no break-even".
pub(super) fn describe(n: Option<u64>) -> String {
    n.map_or("no break-even".into(), |n| format!("from {}", users(n)))
}

/// The colour each of `models` (comparison indices) is drawn in: its own for
/// the run (`styles`, one per model, see [`super::focus::Focus`]), so a colour
/// means the same plan on every chart of the run.
pub(super) fn run_colours(styles: &[LineStyle], models: &[usize]) -> Vec<usize> {
    models
        .iter()
        .map(|&i| styles.get(i).map_or(0, |s| s.colour))
        .collect()
}

/// A line left out because it is drawn already: (j, k) is the same as the drawn
/// line of self-hosted model `as_j` against hosted plan `as_k`.
#[derive(Clone, Copy)]
struct Same {
    j: usize,
    k: usize,
    as_j: usize,
    as_k: usize,
}

/// The map's lines and which of them coincide.
struct Map<'a> {
    c: &'a Comparison,
    sweep: &'a BreakEvenSweep,
    /// `lines[j][k]`: self-hosted model j against hosted plan k, as drawn.
    lines: Vec<Vec<Segments>>,
    /// A hosted plan whose every line is an earlier plan's shares its colour.
    hosted_twin: Vec<Option<usize>>,
    /// A self-hosted model whose every line is an earlier model's shares its pattern.
    self_twin: Vec<Option<usize>>,
    /// Each model's style on the run's other charts.
    styles: Vec<LineStyle>,
}

impl<'a> Map<'a> {
    fn new(c: &'a Comparison, sweep: &'a BreakEvenSweep, styles: Vec<LineStyle>) -> Self {
        let lines: Vec<Vec<Segments>> = sweep
            .break_even
            .iter()
            .map(|row| {
                row.iter()
                    .map(|sizes| {
                        let points = sweep.rates.iter().zip(sizes);
                        split_at_gaps(points.map(|(&rate, n)| (rate, n.map(|n| n as f64))))
                    })
                    .collect()
            })
            .collect();
        // Lines that coincide would blend into a pattern of their own, so each is
        // drawn once. Twins need a line to share: models with no break-even at all
        // are not "equal".
        let hosted_twin: Vec<Option<usize>> = (0..sweep.hosted.len())
            .map(|k| {
                (0..k).find(|&k1| {
                    lines.iter().all(|row| row[k] == row[k1])
                        && lines.iter().any(|row| !row[k].is_empty())
                })
            })
            .collect();
        let self_twin: Vec<Option<usize>> = (0..sweep.self_hosted.len())
            .map(|j| {
                (0..j).find(|&j1| {
                    (0..sweep.hosted.len())
                        .all(|k| hosted_twin[k].is_some() || lines[j][k] == lines[j1][k])
                        && lines[j].iter().any(|l| !l.is_empty())
                })
            })
            .collect();
        Map {
            c,
            sweep,
            lines,
            hosted_twin,
            self_twin,
            styles,
        }
    }

    fn name(&self, model: usize) -> &str {
        self.c.models[model].name.as_str()
    }

    /// "A = B": a drawn model and the twins it stands for.
    fn with_twins(&self, first: usize, twins: &[Option<usize>], ids: &[usize]) -> String {
        let mut names = vec![self.name(ids[first])];
        names.extend(
            (0..twins.len())
                .filter(|&t| twins[t] == Some(first))
                .map(|t| self.name(ids[t])),
        );
        names.join(" = ")
    }

    /// The colour of each hosted plan drawn (see [`run_colours`]).
    fn colours(&self, hosted_drawn: &[usize]) -> Vec<usize> {
        let models: Vec<usize> = hosted_drawn.iter().map(|&k| self.sweep.hosted[k]).collect();
        run_colours(&self.styles, &models)
    }

    /// The legend (colours, then patterns), the series drawn, and the lines left
    /// out because they are the same as one already drawn.
    fn lines(&self) -> (Vec<(String, LineStyle)>, Vec<Series>, Vec<Same>) {
        let sweep = self.sweep;
        let hosted_drawn: Vec<usize> = (0..sweep.hosted.len())
            .filter(|&k| self.hosted_twin[k].is_none())
            .collect();
        let self_drawn: Vec<usize> = (0..sweep.self_hosted.len())
            .filter(|&j| self.self_twin[j].is_none())
            .collect();
        let colours = self.colours(&hosted_drawn);
        let mut legend: Vec<(String, LineStyle)> = hosted_drawn
            .iter()
            .zip(&colours)
            .map(|(&k, &colour)| {
                let style = LineStyle { colour, dash: None };
                (self.with_twins(k, &self.hosted_twin, &sweep.hosted), style)
            })
            .collect();
        let mut series: Vec<Series> = Vec::new();
        let mut drawn: Vec<(usize, usize)> = Vec::new();
        let mut same: Vec<Same> = Vec::new();
        for (m, &j) in self_drawn.iter().enumerate() {
            let dash = DASHES[m % DASHES.len()];
            let pattern = self.with_twins(j, &self.self_twin, &sweep.self_hosted);
            let style = LineStyle {
                colour: usize::MAX,
                dash,
            };
            legend.push((with_note(&pattern, "line pattern"), style));
            for (&k, &colour) in hosted_drawn.iter().zip(&colours) {
                let segments = self.lines[j][k].clone();
                let first = series
                    .iter()
                    .position(|x| x.segments == segments && !segments.is_empty());
                if let Some(first) = first {
                    let (as_j, as_k) = drawn[first];
                    same.push(Same { j, k, as_j, as_k });
                    continue;
                }
                let name = format!(
                    "{} vs {}",
                    self.name(sweep.self_hosted[j]),
                    self.name(sweep.hosted[k])
                );
                drawn.push((j, k));
                series.push(Series {
                    name: name.clone(),
                    legend: name.clone(),
                    style: LineStyle { colour, dash },
                    segments,
                    model: Some(self.c.models[sweep.hosted[k]].id.clone()),
                    hover: name,
                });
            }
        }
        (legend, series, same)
    }

    /// "X has the same break-evens as Y against A and B, drawn once.", then any
    /// other coincidence, line by line.
    fn coincidences(&self, same: &[Same]) -> Option<String> {
        let (self_hosted, hosted) = (&self.sweep.self_hosted, &self.sweep.hosted);
        let mut notes = Vec::new();
        let mut told = vec![false; same.len()];
        for (i, s) in same.iter().enumerate() {
            if told[i] {
                continue;
            }
            let group: Vec<usize> = (i..same.len())
                .filter(|&g| {
                    !told[g]
                        && same[g].j == s.j
                        && same[g].as_j == s.as_j
                        && same[g].k == same[g].as_k
                })
                .collect();
            if group.is_empty() {
                notes.push(format!(
                    "{} against {} is the line of {} against {}.",
                    self.name(self_hosted[s.j]),
                    self.name(hosted[s.k]),
                    self.name(self_hosted[s.as_j]),
                    self.name(hosted[s.as_k])
                ));
                told[i] = true;
                continue;
            }
            let against: Vec<&str> = group
                .iter()
                .map(|&g| self.name(hosted[same[g].k]))
                .collect();
            notes.push(format!(
                "{} has the same break-evens as {} against {}, drawn once.",
                self.name(self_hosted[s.j]),
                self.name(self_hosted[s.as_j]),
                join_and(&against)
            ));
            for g in group {
                told[g] = true;
            }
        }
        (!notes.is_empty()).then(|| notes.join(" "))
    }
}
