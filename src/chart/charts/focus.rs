//! How the charts of one run put the answer first: the models the engine
//! highlights ([`crate::engine::focus`]) in their own colour, the rest in grey
//! behind them, and a label at the end of each highlighted line instead of a
//! legend when there are few enough to label.

use crate::chart::line::{LineChart, Marker, Series, merge_identical};
use crate::chart::theme::{CONTEXT, CONTEXT_STYLE, LineStyle, model_styles};
use crate::engine::breakeven::LimitError;
use crate::engine::compare::Comparison;
use crate::engine::focus::highlighted;
use crate::pricing::model::Kind;

/// Up to this many highlighted lines are labelled at their ends; more get a legend.
pub const MAX_END_LABELS: usize = 6;

/// What the user asked of the charts of a run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct View {
    pub log_x: bool,
    pub log_y: bool,
    /// Every model in colour (`--all-models`).
    pub all_models: bool,
    /// Models named with `--models`: always highlighted.
    pub named: Vec<String>,
}

impl View {
    /// The default view, with or without a log cost axis; log x comes with log
    /// y for ranges over two decades.
    pub fn new(log_y: bool, log_x: bool, range: (u64, u64)) -> View {
        let decades = range.1 as f64 / range.0.max(1) as f64;
        View {
            log_x: log_x || (log_y && decades > 100.0),
            log_y,
            ..View::default()
        }
    }
}

/// The models of a run in focus, and the one style each model keeps on every chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Focus {
    /// `highlighted[i]`: model i is drawn in colour.
    pub highlighted: Vec<bool>,
    /// The style of model i wherever it is drawn in colour.
    pub styles: Vec<LineStyle>,
}

impl Focus {
    pub fn of(c: &Comparison, view: &View) -> Result<Focus, LimitError> {
        let chosen = highlighted(c, &view.named, view.all_models)?;
        let mut marks = vec![false; c.models.len()];
        chosen.iter().for_each(|&i| marks[i] = true);
        Ok(Focus {
            highlighted: marks,
            styles: model_styles(c.models.len(), &colour_order(c, &chosen)),
        })
    }

    /// Whether some models are drawn as grey context.
    pub fn has_context(&self) -> bool {
        self.highlighted.iter().any(|h| !h)
    }

    /// The style model i is drawn in on a chart that greys out the rest.
    pub fn style(&self, i: usize) -> LineStyle {
        if self.highlighted[i] {
            self.styles[i]
        } else {
            CONTEXT_STYLE
        }
    }
}

/// Every model, in the order they take the run's colours: the highlighted
/// ones, then the self-hosted ones (each has its own break-even chart and
/// line in the probability chart), then the hosted plans, so the models most
/// charts draw in colour are the ones sure to have a colour of their own.
fn colour_order(c: &Comparison, chosen: &[usize]) -> Vec<usize> {
    let rest = |kind: Kind| {
        (0..c.models.len()).filter(move |&i| c.models[i].kind == kind && !chosen.contains(&i))
    };
    chosen
        .iter()
        .copied()
        .chain(rest(Kind::SelfHosted))
        .chain(rest(Kind::Hosted))
        .collect()
}

/// Whether a series is drawn as context.
pub fn is_context(s: &Series) -> bool {
    s.style.colour == CONTEXT
}

/// The series with identical lines merged (a highlighted model first, so its
/// style wins), context lines first so the highlighted ones are drawn over them.
pub(super) fn in_focus(series: Vec<(Series, Option<String>)>) -> Vec<Series> {
    let (highlighted, grey): (Vec<_>, Vec<_>) =
        series.into_iter().partition(|(s, _)| !is_context(s));
    let first: Vec<_> = highlighted.into_iter().chain(grey).collect();
    let (context, shown): (Vec<Series>, Vec<Series>) =
        merge_identical(first).into_iter().partition(is_context);
    context.into_iter().chain(shown).collect()
}

/// A label at the end of each highlighted line, `value` wording its last point
/// (the value, the team size), and a legend only for the grey lines; with no
/// grey lines, or too many lines to label, the legend of old.
pub(super) fn label_ends(chart: &mut LineChart, value: impl Fn(f64, u64) -> String) {
    let shown: Vec<&Series> = chart
        .series
        .iter()
        .filter(|s| !is_context(s) && !s.segments.is_empty())
        .collect();
    // With every model in colour (a handful, or --all-models) the legend stays:
    // lines close together leave end labels no room off the other lines.
    let context = chart.series.iter().filter(|s| is_context(s)).count();
    if shown.len() > MAX_END_LABELS || context == 0 {
        return;
    }
    let top = chart.y_bounds().1;
    let mut ends = Vec::new();
    for s in shown {
        let points: Vec<(u64, f64)> = s.segments.iter().flatten().copied().collect();
        let Some(&(x, y)) = points.last() else {
            continue;
        };
        // A line that ends above the top is labelled where it leaves the plot.
        let (at, toward) = match points.iter().rposition(|p| p.1 <= top) {
            Some(k) if y > top => (points[k], points.get(k + 1).copied()),
            _ => ((x, y), Some((x, y))),
        };
        let mut lines = vec![s.legend.clone()];
        if y <= top {
            lines.push(value(y, x));
        }
        ends.push(Marker {
            x: at.0,
            y: at.1,
            toward,
            lines,
            dot: false,
            also: Vec::new(),
        });
    }
    chart.legend = Some(vec![context_entry(context)]);
    chart.markers.extend(ends);
}

/// The legend entry of the grey lines.
fn context_entry(count: usize) -> (String, LineStyle) {
    (crate::text::hint::grey_lines(count), CONTEXT_STYLE)
}

/// A legend of the lines in colour and one entry for the grey ones, for charts
/// whose lines end too close together to be labelled there.
pub(super) fn legend_in_focus(chart: &mut LineChart) {
    let context = chart.series.iter().filter(|s| is_context(s)).count();
    if context == 0 {
        return;
    }
    let mut legend: Vec<(String, LineStyle)> = chart
        .series
        .iter()
        .filter(|s| !is_context(s))
        .map(|s| (s.legend.clone(), s.style))
        .collect();
    legend.push(context_entry(context));
    chart.legend = Some(legend);
}
