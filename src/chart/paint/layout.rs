//! Rectangles and label placement: every piece of text on a chart gets a
//! measured box, and a label is put where its box meets no other box, stays
//! inside the plot, and crosses as few data lines as possible.

/// An axis-aligned box in pixels, `x0 < x1`, `y0 < y1` (y grows downwards).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect {
            x0: x,
            y0: y,
            x1: x + w,
            y1: y + h,
        }
    }

    /// True when the two boxes share some area (touching edges do not count).
    pub fn intersects(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    pub fn inside(&self, outer: &Rect) -> bool {
        self.x0 >= outer.x0 && self.y0 >= outer.y0 && self.x1 <= outer.x1 && self.y1 <= outer.y1
    }

    pub fn grow(&self, by: f64) -> Rect {
        Rect {
            x0: self.x0 - by,
            y0: self.y0 - by,
            x1: self.x1 + by,
            y1: self.y1 + by,
        }
    }

    pub fn scaled(&self, factor: f64) -> Rect {
        Rect {
            x0: self.x0 * factor,
            y0: self.y0 * factor,
            x1: self.x1 * factor,
            y1: self.y1 * factor,
        }
    }

    /// Whether the segment p–q passes through the box. Most segments a label
    /// search tries lie wholly to one side of the box: told by comparisons
    /// alone, before the clipping.
    pub fn meets_segment(&self, p: (f64, f64), q: (f64, f64)) -> bool {
        let beside = p.0.max(q.0) < self.x0
            || p.0.min(q.0) > self.x1
            || p.1.max(q.1) < self.y0
            || p.1.min(q.1) > self.y1;
        !beside && self.clip_segment(p, q).is_some()
    }

    /// The part of the segment p–q inside the box (Liang–Barsky clipping).
    pub fn clip_segment(&self, p: (f64, f64), q: (f64, f64)) -> Option<((f64, f64), (f64, f64))> {
        let (dx, dy) = (q.0 - p.0, q.1 - p.1);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (edge_p, edge_q) in [
            (-dx, p.0 - self.x0),
            (dx, self.x1 - p.0),
            (-dy, p.1 - self.y0),
            (dy, self.y1 - p.1),
        ] {
            if edge_p == 0.0 {
                if edge_q < 0.0 {
                    return None;
                }
            } else {
                let t = edge_q / edge_p;
                if edge_p < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
                if t0 > t1 {
                    return None;
                }
            }
        }
        Some((
            (p.0 + t0 * dx, p.1 + t0 * dy),
            (p.0 + t1 * dx, p.1 + t1 * dy),
        ))
    }

    /// A polyline cut to the box: the runs of it that lie inside.
    pub fn clip_polyline(&self, points: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
        if points.len() == 1 {
            return if self.grow(0.5).contains(points[0]) {
                vec![points.to_vec()]
            } else {
                Vec::new()
            };
        }
        let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut open = false;
        for w in points.windows(2) {
            match self.clip_segment(w[0], w[1]) {
                Some((a, b)) => {
                    if !open || a != w[0] {
                        runs.push(vec![a]);
                    }
                    runs.last_mut().expect("a run is open").push(b);
                    open = b == w[1];
                }
                None => open = false,
            }
        }
        runs
    }

    pub fn contains(&self, p: (f64, f64)) -> bool {
        p.0 >= self.x0 && p.0 <= self.x1 && p.1 >= self.y0 && p.1 <= self.y1
    }
}

/// Drops points that lie within `tolerance` pixels of the line through their
/// neighbours (Ramer–Douglas–Peucker), so thousands of samples along a straight
/// cost line become one clean stroke instead of a jagged one.
pub fn simplify(points: &[(f64, f64)], tolerance: f64) -> Vec<(f64, f64)> {
    if points.len() < 3 {
        return points.to_vec();
    }
    let mut keep = vec![false; points.len()];
    keep[0] = true;
    keep[points.len() - 1] = true;
    let mut stack = vec![(0, points.len() - 1)];
    while let Some((first, last)) = stack.pop() {
        let (a, b) = (points[first], points[last]);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let length = (dx * dx + dy * dy).sqrt();
        let distance = |p: (f64, f64)| {
            if length == 0.0 {
                ((p.0 - a.0).powi(2) + (p.1 - a.1).powi(2)).sqrt()
            } else {
                ((p.0 - a.0) * dy - (p.1 - a.1) * dx).abs() / length
            }
        };
        let farthest = (first + 1..last)
            .map(|i| (distance(points[i]), i))
            .fold((0.0, first), |m, x| if x.0 > m.0 { x } else { m });
        if farthest.0 > tolerance {
            keep[farthest.1] = true;
            stack.push((first, farthest.1));
            stack.push((farthest.1, last));
        }
    }
    points
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(p, _)| *p)
        .collect()
}

/// What a box on a chart holds, so tests can check that none overlap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoxKind {
    Title,
    Subtitle,
    Legend,
    /// A break-even label inside the plot.
    Label,
    /// A note under the plot.
    Footer,
    /// An axis's title written across (the y axis's on a phone, above the plot).
    AxisTitle,
    /// The plotting area itself (labels must stay inside it).
    Plot,
}

/// The boxes a chart drew, in SVG pixels (800 × 500) whatever the output scale.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub boxes: Vec<(BoxKind, Rect)>,
    /// Labels that found no free place and were left out (their markers stay).
    pub dropped_labels: usize,
    /// Data-line segments that pass through (or touch) a label's box: zero unless
    /// the plot has no clear place for a label.
    pub label_line_crossings: usize,
    /// Data-line segments crossed by a label's leader (away from its point).
    pub leader_line_crossings: usize,
}

impl Layout {
    /// The same boxes, every length times `factor` (a layout drawn zoomed).
    pub fn scaled(mut self, factor: f64) -> Layout {
        for (_, rect) in &mut self.boxes {
            *rect = rect.scaled(factor);
        }
        self
    }

    /// The plot area, where the lines are drawn.
    pub fn plot(&self) -> Option<Rect> {
        self.boxes
            .iter()
            .find(|(k, _)| *k == BoxKind::Plot)
            .map(|(_, r)| *r)
    }

    /// Every box of text (all but the plot area).
    pub fn text_boxes(&self) -> impl Iterator<Item = &Rect> {
        self.boxes
            .iter()
            .filter(|(k, _)| *k != BoxKind::Plot)
            .map(|(_, r)| r)
    }

    /// Pairs of text boxes that overlap (should always be empty).
    pub fn overlaps(&self) -> Vec<(Rect, Rect)> {
        let text: Vec<&Rect> = self.text_boxes().collect();
        let mut found = Vec::new();
        for (i, a) in text.iter().enumerate() {
            for b in &text[i + 1..] {
                if a.intersects(b) {
                    found.push((**a, **b));
                }
            }
        }
        found
    }
}

/// A straight line from a point to its label.
pub type Leader = ((f64, f64), (f64, f64));

/// What a label's box must keep clear of, and where it may go: one value for
/// the search to hand on, instead of the same five arguments at every call.
#[derive(Clone, Copy)]
pub struct Room<'a> {
    /// The box stays inside these.
    pub bounds: &'a Rect,
    /// Boxes already on the chart (text, dots, earlier labels).
    pub taken: &'a [Rect],
    /// The data lines, in pixels: crossing them costs.
    pub lines: &'a [Vec<(f64, f64)>],
    /// Earlier labels' leaders, kept clear of.
    pub leaders: &'a [Leader],
    /// The space kept between a label and what it avoids.
    pub gap: f64,
}

/// Finds a place for a `size` box near `anchor`: inside `bounds`, clear of the
/// `taken` boxes and of earlier `leaders`, with its own leader crossing no box;
/// among those, the one crossing fewest data `lines`, then the closest. Returns
/// the box, its leader (none when the box sits right by the point) and the
/// number of line segments it crosses.
pub fn place(
    anchor: (f64, f64),
    size: (f64, f64),
    bounds: &Rect,
    taken: &[Rect],
    lines: &[Vec<(f64, f64)>],
    leaders: &[Leader],
    gap: f64,
) -> Option<Spot> {
    let room = Room {
        bounds,
        taken,
        lines,
        leaders,
        gap,
    };
    places(anchor, size, &room, 1).pop()
}

/// Where a label goes.
#[derive(Clone, Debug)]
pub struct Spot {
    pub rect: Rect,
    /// None when the box sits right by its point.
    pub leader: Option<Leader>,
    /// Data-line segments the box crosses or touches.
    pub crossings: usize,
    /// Data-line segments its leader crosses (away from its own point).
    pub leader_crossings: usize,
    /// Lower is better: crossings, then leaders crossing leaders, then leader length.
    pub score: f64,
}

/// Up to `k` places as [`place`] ranks them, best first, none overlapping a
/// better one: the alternatives a search over several labels can fall back on.
pub fn places(anchor: (f64, f64), size: (f64, f64), room: &Room, k: usize) -> Vec<Spot> {
    let mut scored: Vec<Spot> = candidates(anchor, size, room.bounds, room.gap)
        .into_iter()
        .filter_map(|rect| spot(rect, anchor, room))
        .collect();
    if scored.is_empty() {
        // A crowded plot (a phone's) can have room between the rows and
        // columns of the coarse grid: look again, finer. Only for a label
        // that would otherwise be dropped, so every placed label stays put.
        scored = grid(size, room.bounds, room.gap / 4.0)
            .filter_map(|rect| spot(rect, anchor, room))
            .collect();
    }
    // Stable: among equal scores the first candidate generated wins.
    scored.sort_by(|a, b| a.score.total_cmp(&b.score));
    apart(scored, k)
}

/// Boxes to try, in order of preference on a tie: rings of eight places around
/// the anchor, ever farther out, then a grid over the whole of `bounds` so a
/// label still finds room when everything near its point is taken.
fn candidates(anchor: (f64, f64), (w, h): (f64, f64), bounds: &Rect, gap: f64) -> Vec<Rect> {
    let (ax, ay) = anchor;
    let mut candidates = Vec::new();
    for reach in [0.6, 1.2, 2.0, 3.0, 4.5, 6.5, 9.0, 12.0, 16.0, 21.0, 28.0] {
        let d = gap * reach;
        for (x, y) in [
            (ax + d, ay - d - h),
            (ax - d - w, ay - d - h),
            (ax + d, ay + d),
            (ax - d - w, ay + d),
            (ax - w / 2.0, ay - d - h),
            (ax - w / 2.0, ay + d),
            (ax + d, ay - h / 2.0),
            (ax - d - w, ay - h / 2.0),
        ] {
            candidates.push(Rect::new(x, y, w, h));
        }
    }
    candidates.extend(grid((w, h), bounds, gap * 1.5));
    candidates
}

/// Boxes of `(w, h)` inside `bounds` every `step` pixels across and down, row by row.
fn grid((w, h): (f64, f64), bounds: &Rect, step: f64) -> impl Iterator<Item = Rect> + '_ {
    let rows = std::iter::successors(Some(bounds.y0), move |y| Some(y + step));
    rows.take_while(move |y| y + h <= bounds.y1)
        .flat_map(move |y| {
            let columns = std::iter::successors(Some(bounds.x0), move |x| Some(x + step));
            columns
                .take_while(move |x| x + w <= bounds.x1)
                .map(move |x| Rect::new(x, y, w, h))
        })
}

/// `rect` as a place for the label of `anchor`, scored; none when it leaves
/// the bounds, meets a taken box or a leader, or its own leader would cross a
/// box other than the one holding the anchor's dot.
fn spot(rect: Rect, anchor: (f64, f64), room: &Room) -> Option<Spot> {
    let (ax, ay) = anchor;
    let gap = room.gap;
    if !rect.inside(room.bounds)
        || room
            .taken
            .iter()
            .any(|t| t.grow(gap / 3.0).intersects(&rect))
    {
        return None;
    }
    if room
        .leaders
        .iter()
        .any(|(p, q)| rect.grow(gap / 4.0).meets_segment(*p, *q))
    {
        return None;
    }
    let near = (ax.clamp(rect.x0, rect.x1), ay.clamp(rect.y0, rect.y1));
    let length = ((near.0 - ax).powi(2) + (near.1 - ay).powi(2)).sqrt();
    let leader = (length > gap * 0.5).then_some((anchor, near));
    if let Some((p, q)) = leader
        && room
            .taken
            .iter()
            .any(|t| !t.contains(anchor) && t.meets_segment(p, q))
    {
        return None;
    }
    let crossings = segments_met(rect.grow(gap / 4.0), room.lines);
    let leader_crossings = leader.map_or(0, |l| lines_crossed(l, room.lines, gap / 2.0));
    let tangles = leader.map_or(0, |(p, q)| {
        room.leaders
            .iter()
            .filter(|l| segments_cross((p, q), **l))
            .count()
    });
    let score = crossings as f64 * 1000.0
        + leader_crossings as f64 * 500.0
        + tangles as f64 * 300.0
        + length / gap * 10.0;
    Some(Spot {
        rect,
        leader,
        crossings,
        leader_crossings,
        score,
    })
}

/// Data-line segments that meet `clearance` (a label's box grown a little:
/// lines just outside the box count too, a label should not touch a line).
fn segments_met(clearance: Rect, lines: &[Vec<(f64, f64)>]) -> usize {
    lines
        .iter()
        .map(|line| {
            line.windows(2)
                .filter(|s| clearance.meets_segment(s[0], s[1]))
                .count()
        })
        .sum()
}

/// Data-line segments a leader crosses, leaving out the first `skip` pixels
/// from its point (where the line it labels, and any crossing there, meet it).
fn lines_crossed(leader: Leader, lines: &[Vec<(f64, f64)>], skip: f64) -> usize {
    let ((px, py), q) = leader;
    let length = ((q.0 - px).powi(2) + (q.1 - py).powi(2)).sqrt();
    if length <= skip {
        return 0;
    }
    let t = skip / length;
    let start = (px + (q.0 - px) * t, py + (q.1 - py) * t);
    lines
        .iter()
        .map(|line| {
            line.windows(2)
                .filter(|s| segments_cross((start, q), (s[0], s[1])))
                .count()
        })
        .sum()
}

/// The first `k` of the `scored` places (best first) that overlap no better
/// one, so the alternatives really are different places.
fn apart(scored: Vec<Spot>, k: usize) -> Vec<Spot> {
    let mut chosen: Vec<Spot> = Vec::new();
    for spot in scored {
        if chosen.len() == k {
            break;
        }
        if chosen.iter().all(|c| !c.rect.intersects(&spot.rect)) {
            chosen.push(spot);
        }
    }
    chosen
}

/// Whether two segments cross (touching at an end does not count).
fn segments_cross(a: Leader, b: Leader) -> bool {
    let orient = |p: (f64, f64), q: (f64, f64), r: (f64, f64)| {
        (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0)
    };
    let (d1, d2) = (orient(b.0, b.1, a.0), orient(b.0, b.1, a.1));
    let (d3, d4) = (orient(a.0, a.1, b.0), orient(a.0, a.1, b.1));
    d1 * d2 < 0.0 && d3 * d4 < 0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_meet_boxes() {
        let r = Rect::new(10.0, 10.0, 10.0, 10.0);
        assert!(r.meets_segment((0.0, 15.0), (30.0, 15.0)));
        assert!(r.meets_segment((12.0, 12.0), (13.0, 13.0)));
        assert!(!r.meets_segment((0.0, 0.0), (30.0, 5.0)));
        assert!(!r.meets_segment((0.0, 25.0), (30.0, 25.0)));
    }

    #[test]
    fn polylines_are_cut_to_the_box() {
        let r = Rect::new(0.0, 0.0, 10.0, 10.0);
        let runs = r.clip_polyline(&[
            (-5.0, 5.0),
            (5.0, 5.0),
            (5.0, 20.0),
            (8.0, 20.0),
            (8.0, 5.0),
        ]);
        assert_eq!(
            runs,
            vec![
                vec![(0.0, 5.0), (5.0, 5.0), (5.0, 10.0)],
                vec![(8.0, 10.0), (8.0, 5.0)]
            ]
        );
    }

    #[test]
    fn straight_runs_simplify_to_their_ends() {
        let line: Vec<(f64, f64)> = (0..100).map(|i| (i as f64, 2.0 * i as f64)).collect();
        assert_eq!(simplify(&line, 0.5), vec![(0.0, 0.0), (99.0, 198.0)]);
        let bent = [(0.0, 0.0), (5.0, 0.0), (10.0, 0.0), (10.0, 5.0)];
        assert_eq!(
            simplify(&bent, 0.5),
            vec![(0.0, 0.0), (10.0, 0.0), (10.0, 5.0)]
        );
    }

    #[test]
    fn labels_avoid_taken_space_and_lines() {
        let bounds = Rect::new(0.0, 0.0, 400.0, 300.0);
        let taken = [Rect::new(100.0, 50.0, 200.0, 60.0)];
        let line = vec![vec![(0.0, 200.0), (400.0, 200.0)]];
        let Spot { rect: r, .. } = place(
            (200.0, 150.0),
            (80.0, 20.0),
            &bounds,
            &taken,
            &line,
            &[],
            10.0,
        )
        .unwrap();
        assert!(r.inside(&bounds));
        assert!(!r.intersects(&taken[0]));
        assert!(!r.meets_segment((0.0, 200.0), (400.0, 200.0)));
        // No room at all: no place.
        assert!(place((5.0, 5.0), (500.0, 20.0), &bounds, &[], &[], &[], 10.0).is_none());
        // An earlier leader is kept clear, and leaders do not cross labels.
        let leader = ((0.0, 0.0), (400.0, 300.0));
        let Spot {
            rect: r,
            leader: own,
            ..
        } = place(
            (300.0, 50.0),
            (60.0, 20.0),
            &bounds,
            &[],
            &[],
            &[leader],
            10.0,
        )
        .unwrap();
        assert!(!r.grow(2.0).meets_segment(leader.0, leader.1));
        assert!(own.is_none_or(|l| !segments_cross(l, leader)));
    }
}
