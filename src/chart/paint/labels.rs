//! Callouts on a chart: markers that fall together share one, and their boxes
//! are placed as a whole so that none covers another, a leader or a data line.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use plotters::coord::Shift;
use plotters::prelude::*;

use super::layout::{BoxKind, Layout, Leader, Rect, Room, Spot, places};
use crate::chart::backend::{ChartBackend, Group, GroupTo};
use crate::chart::font::{DrawResult, bold, font, measure};
use crate::chart::theme;

/// Markers whose points fall within `within` pixels of each other share one
/// label.
fn merge_close(markers: Vec<Label>, within: f64) -> Vec<Label> {
    let mut merged: Vec<Label> = Vec::new();
    for marker in markers {
        let close = merged.iter_mut().find(|l| {
            l.dot == marker.dot
                && (l.at.0 - marker.at.0).abs() <= within
                && (l.at.1 - marker.at.1).abs() <= within
        });
        match close {
            Some(label) => {
                // The label speaks for this marker too: its point keeps its dot.
                if marker.dot {
                    label.also.push(marker.at);
                }
                label.lines.extend(marker.lines);
                label.also.extend(marker.also);
            }
            None => merged.push(marker),
        }
    }
    merged
}

/// A callout: its text, the point its leader goes to, and more dotted points it
/// speaks for (in pixels).
#[derive(Clone)]
pub(super) struct Label {
    pub(super) at: (f64, f64),
    /// Its lines, each with whether it is in bold (a heading).
    pub(super) lines: Vec<(String, bool)>,
    pub(super) dot: bool,
    pub(super) also: Vec<(f64, f64)>,
}

impl Label {
    /// Every point that gets a dot.
    fn dots(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        self.dot
            .then_some(self.at)
            .into_iter()
            .chain(self.also.iter().copied())
    }
}

/// How labels look at one scale: the fonts of their lines, the padding inside
/// their boxes and the colours, worked out once for all of them.
struct Look {
    regular: FontDesc<'static>,
    heading: FontDesc<'static>,
    pad: f64,
    scale: f64,
    palette: theme::Palette,
}

impl Look {
    fn new(scale: f64, palette: theme::Palette) -> Look {
        Look {
            regular: font(theme::NOTE_SIZE, scale),
            heading: bold(theme::NOTE_SIZE, scale),
            pad: 4.0 * scale,
            scale,
            palette,
        }
    }

    /// A length at 1× in pixels at this scale.
    fn s(&self, v: f64) -> f64 {
        v * self.scale
    }

    /// A heading line is bold, the others regular.
    fn style(&self, heading: bool) -> FontDesc<'static> {
        if heading {
            self.heading.clone()
        } else {
            self.regular.clone()
        }
    }
}

/// A label's measured box: the height of each of its lines and the size of the
/// whole box, padding included.
struct LabelBox {
    line_h: f64,
    size: (f64, f64),
}

/// Each label's box goes where it meets no other box or leader, crossing as few
/// data lines as it can, near its point; then the dots are drawn on top.
/// Markers within 12 pixels (at 1×) share a label (on a range of thousands of
/// users, the early break-evens coincide), unless that label finds no place
/// and they each find one of their own (on a phone's short plot).
pub(super) fn draw_labels<DB: ChartBackend>(
    root: &DrawingArea<DB, Shift>,
    markers: Vec<Label>,
    pixel_lines: &[Vec<(f64, f64)>],
    plot_rect: Rect,
    scale: f64,
    layout: &mut Layout,
    p: theme::Palette,
) -> DrawResult<(), DB> {
    let look = Look::new(scale, p);
    let room = (pixel_lines, plot_rect, &*layout);
    let merged = merge_close(markers.clone(), look.s(12.0));
    let (mut fitted, mut unwrapped) = (fit(root, &merged, &look, room)?, &merged);
    if fitted.dropped_lines() > 0 && merged.len() < markers.len() {
        let apart = fit(root, &markers, &look, room)?;
        if apart.dropped_lines() < fitted.dropped_lines() {
            (fitted, unwrapped) = (apart, &markers);
        }
    }
    let Fitted {
        labels,
        boxes,
        spots,
    } = fitted;
    for ((label, label_box), spot) in labels.iter().zip(&boxes).zip(spots) {
        let Some(spot) = spot else {
            layout.dropped_labels += 1;
            continue;
        };
        layout.label_line_crossings += spot.crossings;
        layout.leader_line_crossings += spot.leader_crossings;
        draw_callout(root, label, label_box, &spot, &look)?;
        layout
            .boxes
            .push((BoxKind::Label, spot.rect.scaled(1.0 / scale)));
    }
    // The dots' hover text is the labels' lines as written, not as wrapped.
    draw_dots(root, unwrapped, &look)
}

/// Labels wrapped, measured and placed (`None`: no place found).
#[derive(Default)]
struct Fitted {
    labels: Vec<Label>,
    boxes: Vec<LabelBox>,
    spots: Vec<Option<Spot>>,
}

impl Fitted {
    /// The lines of the labels left out: what a reader would miss.
    fn dropped_lines(&self) -> usize {
        let labels = self.labels.iter().zip(&self.spots);
        labels
            .filter(|(_, s)| s.is_none())
            .map(|(l, _)| l.lines.len())
            .sum()
    }
}

/// Times a label that found no place is wrapped narrower and all are placed again.
const NARROWER_TRIES: usize = 4;

/// The labels wrapped to the plot's width and placed. A label with no place
/// (a phone's plot is short and narrow) is wrapped narrower, taller, to fit
/// beside its point, and all are placed again; the arrangement leaving out
/// the fewest labels wins. A chart that places every label is searched once.
fn fit<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    labels: &[Label],
    look: &Look,
    (pixel_lines, plot_rect, layout): (&[Vec<(f64, f64)>], Rect, &Layout),
) -> DrawResult<Fitted, DB> {
    // A line wider than the plot (on a phone) wraps, keeping its weight.
    let widest = plot_rect.x1 - plot_rect.x0 - look.s(12.0) - 2.0 * look.pad;
    let mut widths = vec![widest; labels.len()];
    let mut best: Option<Fitted> = None;
    let dropped = |spots: &[Option<Spot>]| spots.iter().filter(|s| s.is_none()).count();
    for _ in 0..NARROWER_TRIES {
        let wrapped = wrap_labels(root, labels, look, &widths)?;
        let taken = taken_space(layout, &wrapped, look.scale);
        let boxes = measure_labels(root, &wrapped, look)?;
        let spots = arrange(
            &wrapped,
            &boxes,
            &taken,
            pixel_lines,
            &plot_rect.grow(-look.s(2.0)),
            look.s(12.0),
        );
        for (width, spot) in widths.iter_mut().zip(&spots) {
            if spot.is_none() {
                *width *= 0.7;
            }
        }
        if best
            .as_ref()
            .is_none_or(|b| dropped(&spots) < dropped(&b.spots))
        {
            best = Some(Fitted {
                labels: wrapped,
                boxes,
                spots,
            });
        }
        if best.as_ref().is_some_and(|b| dropped(&b.spots) == 0) {
            break;
        }
    }
    Ok(best.unwrap_or_default())
}

/// The labels with every line wider than its label's width broken at spaces.
fn wrap_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    labels: &[Label],
    look: &Look,
    widths: &[f64],
) -> DrawResult<Vec<Label>, DB> {
    let mut out = Vec::with_capacity(labels.len());
    for (label, &width) in labels.iter().zip(widths) {
        let mut lines = Vec::new();
        for (text, heading) in &label.lines {
            for part in super::page::wrap(root, text, &look.style(*heading), width)? {
                lines.push((part, *heading));
            }
        }
        out.push(Label {
            at: label.at,
            lines,
            dot: label.dot,
            also: label.also.clone(),
        });
    }
    Ok(out)
}

/// What labels must keep clear of, in pixels at `scale`: the text already on
/// the chart (not the plot itself, labels go inside it) and every dot.
fn taken_space(layout: &Layout, labels: &[Label], scale: f64) -> Vec<Rect> {
    let mut taken: Vec<Rect> = layout.text_boxes().map(|r| r.scaled(scale)).collect();
    taken.extend(
        labels
            .iter()
            .flat_map(Label::dots)
            .map(|(x, y)| Rect::new(x, y, 0.0, 0.0).grow((theme::MARKER_RADIUS + 2.0) * scale)),
    );
    taken
}

/// The box of each label: as wide as its widest line, as tall as its lines.
fn measure_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    labels: &[Label],
    look: &Look,
) -> DrawResult<Vec<LabelBox>, DB> {
    let mut boxes = Vec::with_capacity(labels.len());
    for label in labels {
        let mut sizes = Vec::with_capacity(label.lines.len());
        for line in &label.lines {
            sizes.push(measure(root, &line.0, &look.style(line.1))?);
        }
        let line_h = sizes.iter().map(|m| m.1).fold(0.0, f64::max) + look.s(2.0);
        let w = sizes.iter().map(|m| m.0).fold(0.0, f64::max) + 2.0 * look.pad;
        let h = line_h * label.lines.len() as f64 + 2.0 * look.pad - look.s(2.0);
        boxes.push(LabelBox {
            line_h,
            size: (w, h),
        });
    }
    Ok(boxes)
}

/// One placed label: its leader, its box (filled, framed) and its lines.
fn draw_callout<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    label: &Label,
    label_box: &LabelBox,
    spot: &Spot,
    look: &Look,
) -> DrawResult<(), DB> {
    let (p, rect) = (look.palette, spot.rect);
    if let Some((from, to)) = spot.leader {
        let path = vec![(from.0 as i32, from.1 as i32), (to.0 as i32, to.1 as i32)];
        root.draw(&PathElement::new(
            path,
            p.label_border.stroke_width(look.s(1.0) as u32),
        ))?;
    }
    let corners = [
        (rect.x0 as i32, rect.y0 as i32),
        (rect.x1 as i32, rect.y1 as i32),
    ];
    root.draw(&Rectangle::new(corners, p.background.mix(0.93).filled()))?;
    root.draw(&Rectangle::new(
        corners,
        p.label_border.stroke_width(look.s(1.0) as u32),
    ))?;
    for (i, line) in label.lines.iter().enumerate() {
        let at = (
            (rect.x0 + look.pad) as i32,
            (rect.y0 + look.pad + label_box.line_h * i as f64) as i32,
        );
        root.draw_text(&line.0, &look.style(line.1).color(&p.ink), at)?;
    }
    Ok(())
}

/// The dots, last, so no box or leader covers one: a ring in ink on the page colour.
fn draw_dots<DB: ChartBackend>(
    root: &DrawingArea<DB, Shift>,
    labels: &[Label],
    look: &Look,
) -> DrawResult<(), DB> {
    for label in labels.iter().filter(|l| l.dots().next().is_some()) {
        // A label's dots are one thing, named on hover by its words.
        root.draw(&GroupTo(Some(Group {
            class: "marker",
            model: None,
            title: (label.lines.iter().map(|l| l.0.as_str()))
                .collect::<Vec<_>>()
                .join(" — "),
        })))?;
        for (x, y) in label.dots() {
            dot(root, (x, y), look)?;
        }
        root.draw(&GroupTo(None))?;
    }
    Ok(())
}

/// One marker: a ring on the page's colour.
fn dot<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    (x, y): (f64, f64),
    look: &Look,
) -> DrawResult<(), DB> {
    let (p, at) = (look.palette, (x as i32, y as i32));
    let radius = look.s(theme::MARKER_RADIUS) as i32;
    root.draw(&Circle::new(at, radius, p.background.filled()))?;
    root.draw(&Circle::new(
        at,
        radius,
        p.ink.stroke_width(look.s(1.6) as u32),
    ))?;
    Ok(())
}

/// Alternatives tried for each label, and `places` searches allowed per chart.
const ALTERNATIVES: usize = 4;
const SEARCH_BUDGET: usize = 200;

/// What an arrangement of labels costs, compared field by field in this order:
/// labels dropped, then line segments crossed by boxes, then by leaders, then the sum of the places'
/// scores (leader tangles and lengths).
#[derive(Clone, Copy, PartialEq, PartialOrd)]
struct Cost {
    dropped: usize,
    crossings: usize,
    leader_crossings: usize,
    score: f64,
}

impl Cost {
    fn of(spots: &[Option<Spot>]) -> Cost {
        let placed = spots.iter().flatten();
        Cost {
            dropped: spots.iter().filter(|s| s.is_none()).count(),
            crossings: placed.clone().map(|s| s.crossings).sum(),
            leader_crossings: placed.clone().map(|s| s.leader_crossings).sum(),
            score: placed.map(|s| s.score).sum(),
        }
    }
}

/// The cheapest arrangement found so far.
struct Arrangement {
    cost: Cost,
    spots: Vec<Option<Spot>>,
}

/// Places the labels in order. Taking each label's best place in turn can box in
/// a later one (an early box leaves its leader nowhere to go), so the next-best
/// places of each label are tried too, depth first within a budget, and the
/// cheapest arrangement wins; the first one tried is that greedy one.
fn arrange(
    labels: &[Label],
    boxes: &[LabelBox],
    taken: &[Rect],
    lines: &[Vec<(f64, f64)>],
    bounds: &Rect,
    gap: f64,
) -> Vec<Option<Spot>> {
    // What the search reads: each label's point and box size, the space taken,
    // the data lines, the bounds and the gap.
    let mut key: Vec<u64> = vec![labels.len() as u64, taken.len() as u64, lines.len() as u64];
    let points = labels
        .iter()
        .map(|l| l.at)
        .chain(boxes.iter().map(|b| b.size));
    let rects = taken.iter().chain([bounds]);
    key.extend(points.flat_map(|(x, y)| [x, y]).map(f64::to_bits));
    key.extend(
        rects
            .flat_map(|r| [r.x0, r.y0, r.x1, r.y1])
            .map(f64::to_bits),
    );
    for line in lines {
        key.push(line.len() as u64);
        key.extend(line.iter().flat_map(|&(x, y)| [x, y]).map(f64::to_bits));
    }
    key.push(gap.to_bits());
    let found = arranged().lock().ok().and_then(|a| a.get(&key).cloned());
    if let Some(spots) = found {
        return spots;
    }
    let spots = search(labels, boxes, taken, lines, bounds, gap);
    if let Ok(mut arranged) = arranged().lock() {
        // Bounded, for a page that redraws for ever (the browser's).
        if arranged.len() > 1_000 {
            arranged.clear();
        }
        arranged.insert(key, spots.clone());
    }
    spots
}

/// The arrangements found so far in this process, by all that their search
/// read. The SVG and the PNG of a chart place the same labels among the same
/// lines (one layout, on one grid): the second takes the first's places
/// instead of searching again. The search depends on its key alone, so which
/// came first never changes a chart.
fn arranged() -> &'static Mutex<Arranged> {
    static ARRANGED: OnceLock<Mutex<Arranged>> = OnceLock::new();
    ARRANGED.get_or_init(Mutex::default)
}

/// Arrangements by the numbers their search read.
type Arranged = HashMap<Vec<u64>, Vec<Option<Spot>>>;

/// The search of [`arrange`], run.
fn search(
    labels: &[Label],
    boxes: &[LabelBox],
    taken: &[Rect],
    lines: &[Vec<(f64, f64)>],
    bounds: &Rect,
    gap: f64,
) -> Vec<Option<Spot>> {
    let mut search = Search {
        labels,
        boxes,
        lines,
        bounds,
        gap,
        budget: SEARCH_BUDGET,
        best: None,
        taken: taken.to_vec(),
        leaders: Vec::new(),
        spots: Vec::new(),
    };
    search.go();
    search.best.map(|b| b.spots).unwrap_or_default()
}

/// The depth-first search of [`arrange`]: what stays fixed, the budget left,
/// the best arrangement so far, and the boxes, leaders and places of the
/// labels placed on the current path.
struct Search<'a> {
    labels: &'a [Label],
    boxes: &'a [LabelBox],
    lines: &'a [Vec<(f64, f64)>],
    bounds: &'a Rect,
    gap: f64,
    budget: usize,
    best: Option<Arrangement>,
    taken: Vec<Rect>,
    leaders: Vec<Leader>,
    spots: Vec<Option<Spot>>,
}

impl Search<'_> {
    /// Places the next label every way worth trying (or drops it when it has
    /// no place), giving up on a path as soon as it costs more than the best.
    fn go(&mut self) {
        let so_far = Cost::of(&self.spots);
        if self.best.as_ref().is_some_and(|b| b.cost <= so_far) {
            return;
        }
        let i = self.spots.len();
        if i == self.labels.len() {
            self.best = Some(Arrangement {
                cost: so_far,
                spots: self.spots.clone(),
            });
            return;
        }
        self.budget = self.budget.saturating_sub(1);
        let room = Room {
            bounds: self.bounds,
            taken: &self.taken,
            lines: self.lines,
            leaders: &self.leaders,
            gap: self.gap,
        };
        let options = places(self.labels[i].at, self.boxes[i].size, &room, ALTERNATIVES);
        if options.is_empty() {
            self.spots.push(None);
            self.go();
            self.spots.pop();
            return;
        }
        for (n, spot) in options.into_iter().enumerate() {
            // The first choice always, so an arrangement is always found.
            if n > 0 && self.budget == 0 {
                break;
            }
            self.go_with(spot);
        }
    }

    /// Searches on with the next label at `spot`, then takes it back.
    fn go_with(&mut self, spot: Spot) {
        self.taken.push(spot.rect);
        let had_leader = spot.leader.is_some();
        self.leaders.extend(spot.leader);
        self.spots.push(Some(spot));
        self.go();
        self.spots.pop();
        self.taken.pop();
        if had_leader {
            self.leaders.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(at: (f64, f64)) -> Label {
        Label {
            at,
            lines: vec![("Slack Pro".to_string(), false)],
            dot: true,
            also: Vec::new(),
        }
    }

    /// An arrangement taken from those found before is the one the search
    /// finds for the same labels, and a label moved is searched afresh.
    #[test]
    fn an_arrangement_found_before_is_the_one_searched() {
        let lines = [
            vec![(0.0, 400.0), (800.0, 100.0)],
            vec![(0.0, 300.0), (800.0, 300.0)],
        ];
        let bounds = Rect::new(0.0, 0.0, 800.0, 500.0);
        let boxes = || [(90.0, 30.0), (120.0, 44.0)].map(|size| LabelBox { line_h: 14.0, size });
        for shift in [0.0, 0.0, 7.5, 7.5, 0.0] {
            let labels = [label((300.0 + shift, 287.5)), label((310.0, 300.0))];
            let taken = [Rect::new(10.0, 10.0, 200.0, 20.0)];
            let args = (
                &labels[..],
                &boxes()[..],
                &taken[..],
                &lines[..],
                &bounds,
                12.0,
            );
            let found = arrange(args.0, args.1, args.2, args.3, args.4, args.5);
            let searched = search(args.0, args.1, args.2, args.3, args.4, args.5);
            assert_eq!(
                format!("{found:?}"),
                format!("{searched:?}"),
                "shift {shift}"
            );
            assert!(found.iter().all(Option::is_some));
        }
    }
}
