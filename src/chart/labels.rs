//! Callouts on a chart: markers that fall together share one, and their boxes
//! are placed as a whole so that none covers another, a leader or a data line.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::font::{DrawResult, bold, font, measure};
use super::layout::{BoxKind, Layout, Leader, Rect, Spot, places};
use super::theme;

/// Markers whose points fall within `within` pixels of each other share one
/// label (on a range of thousands of users, the early break-evens coincide).
pub(super) fn merge_close(markers: Vec<Label>, within: f64) -> Vec<Label> {
    let mut merged: Vec<Label> = Vec::new();
    for marker in markers {
        let close = merged.iter_mut().find(|l| {
            l.dot == marker.dot
                && (l.at.0 - marker.at.0).abs() <= within
                && (l.at.1 - marker.at.1).abs() <= within
        });
        match close {
            Some(label) => {
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
pub(super) struct Label {
    pub(super) at: (f64, f64),
    pub(super) lines: Vec<String>,
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

/// Each label's box goes where it meets no other box or leader, crossing as few
/// data lines as it can, near its point; then the dots are drawn on top.
pub(super) fn draw_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    labels: &[Label],
    pixel_lines: &[Vec<(f64, f64)>],
    plot_rect: Rect,
    scale: f64,
    layout: &mut Layout,
    p: theme::Palette,
) -> DrawResult<(), DB> {
    let s = |v: f64| v * scale;
    let mut taken: Vec<Rect> = layout
        .boxes
        .iter()
        .filter(|(k, _)| *k != BoxKind::Plot)
        .map(|(_, r)| r.scaled(scale))
        .collect();
    taken.extend(
        labels
            .iter()
            .flat_map(Label::dots)
            .map(|(x, y)| Rect::new(x, y, 0.0, 0.0).grow(s(theme::MARKER_RADIUS + 2.0))),
    );
    let (regular, heading) = (font(theme::NOTE_SIZE, scale), bold(theme::NOTE_SIZE, scale));
    // A label's first line, and every other line after it for merged labels, is bold.
    let style = |i: usize| {
        if i.is_multiple_of(2) {
            heading.clone()
        } else {
            regular.clone()
        }
    };
    let pad = s(4.0);
    // (line height, box size) of each label.
    let mut boxes = Vec::with_capacity(labels.len());
    for label in labels {
        let mut sizes = Vec::with_capacity(label.lines.len());
        for (i, line) in label.lines.iter().enumerate() {
            sizes.push(measure(root, line, &style(i))?);
        }
        let line_h = sizes.iter().map(|m| m.1).fold(0.0, f64::max) + s(2.0);
        let w = sizes.iter().map(|m| m.0).fold(0.0, f64::max) + 2.0 * pad;
        let h = line_h * label.lines.len() as f64 + 2.0 * pad - s(2.0);
        boxes.push((line_h, (w, h)));
    }
    let placed = arrange(
        labels,
        &boxes,
        &taken,
        pixel_lines,
        &plot_rect.grow(-s(2.0)),
        s(12.0),
    );
    for ((label, (line_h, _)), spot) in labels.iter().zip(&boxes).zip(placed) {
        let Some(Spot {
            rect,
            leader,
            crossings,
            ..
        }) = spot
        else {
            layout.dropped_labels += 1;
            continue;
        };
        layout.label_line_crossings += crossings;
        if let Some((from, to)) = leader {
            let path = vec![(from.0 as i32, from.1 as i32), (to.0 as i32, to.1 as i32)];
            root.draw(&PathElement::new(
                path,
                p.label_border.stroke_width(s(1.0) as u32),
            ))?;
        }
        let corners = [
            (rect.x0 as i32, rect.y0 as i32),
            (rect.x1 as i32, rect.y1 as i32),
        ];
        root.draw(&Rectangle::new(corners, p.background.mix(0.93).filled()))?;
        root.draw(&Rectangle::new(
            corners,
            p.label_border.stroke_width(s(1.0) as u32),
        ))?;
        for (i, line) in label.lines.iter().enumerate() {
            let at = (
                (rect.x0 + pad) as i32,
                (rect.y0 + pad + line_h * i as f64) as i32,
            );
            root.draw_text(line, &style(i).color(&p.ink), at)?;
        }
        layout
            .boxes
            .push((BoxKind::Label, rect.scaled(1.0 / scale)));
    }
    for (x, y) in labels.iter().flat_map(Label::dots) {
        let at = (x as i32, y as i32);
        root.draw(&Circle::new(
            at,
            s(theme::MARKER_RADIUS) as i32,
            p.background.filled(),
        ))?;
        root.draw(&Circle::new(
            at,
            s(theme::MARKER_RADIUS) as i32,
            p.ink.stroke_width(s(1.6) as u32),
        ))?;
    }
    Ok(())
}

/// Alternatives tried for each label, and `places` searches allowed per chart.
const ALTERNATIVES: usize = 4;
const SEARCH_BUDGET: usize = 200;

/// What an arrangement of labels costs: labels dropped, then line segments
/// crossed, then the sum of the places' scores (leader tangles and lengths).
#[derive(Clone, Copy, PartialEq, PartialOrd)]
struct Cost(usize, usize, f64);

/// Places the labels in order. Taking each label's best place in turn can box in
/// a later one (an early box leaves its leader nowhere to go), so the next-best
/// places of each label are tried too, depth first within a budget, and the
/// cheapest arrangement wins; the first one tried is that greedy one.
fn arrange(
    labels: &[Label],
    boxes: &[(f64, (f64, f64))],
    taken: &[Rect],
    lines: &[Vec<(f64, f64)>],
    bounds: &Rect,
    gap: f64,
) -> Vec<Option<Spot>> {
    struct Search<'a> {
        labels: &'a [Label],
        boxes: &'a [(f64, (f64, f64))],
        lines: &'a [Vec<(f64, f64)>],
        bounds: &'a Rect,
        gap: f64,
        budget: usize,
        best: Option<(Cost, Vec<Option<Spot>>)>,
    }
    fn cost(spots: &[Option<Spot>]) -> Cost {
        let placed = spots.iter().flatten();
        Cost(
            spots.iter().filter(|s| s.is_none()).count(),
            placed.clone().map(|s| s.crossings).sum(),
            placed.map(|s| s.score).sum(),
        )
    }
    fn go(
        s: &mut Search,
        taken: &mut Vec<Rect>,
        leaders: &mut Vec<Leader>,
        spots: &mut Vec<Option<Spot>>,
    ) {
        let so_far = cost(spots);
        if s.best.as_ref().is_some_and(|(c, _)| *c <= so_far) {
            return;
        }
        let i = spots.len();
        if i == s.labels.len() {
            s.best = Some((so_far, spots.clone()));
            return;
        }
        s.budget = s.budget.saturating_sub(1);
        let (at, size) = (s.labels[i].at, s.boxes[i].1);
        let options = places(
            at,
            size,
            s.bounds,
            taken,
            s.lines,
            leaders,
            s.gap,
            ALTERNATIVES,
        );
        if options.is_empty() {
            spots.push(None);
            go(s, taken, leaders, spots);
            spots.pop();
            return;
        }
        for (n, spot) in options.into_iter().enumerate() {
            // The first choice always, so an arrangement is always found.
            if n > 0 && s.budget == 0 {
                break;
            }
            taken.push(spot.rect);
            let had_leader = spot.leader.is_some();
            leaders.extend(spot.leader);
            spots.push(Some(spot));
            go(s, taken, leaders, spots);
            spots.pop();
            taken.pop();
            if had_leader {
                leaders.pop();
            }
        }
    }
    let mut search = Search {
        labels,
        boxes,
        lines,
        bounds,
        gap,
        budget: SEARCH_BUDGET,
        best: None,
    };
    go(
        &mut search,
        &mut taken.to_vec(),
        &mut Vec::new(),
        &mut Vec::new(),
    );
    search.best.map(|(_, spots)| spots).unwrap_or_default()
}
