//! What changed between two comparisons, "then" and "now" (two scenarios, two
//! sets of files, or one at two dates): the prices that differ, plan by plan
//! and part by part; the plans that appeared or went; each self-hosted model's
//! answer on both sides; and both sides' headline curves for a chart. Pure:
//! the two comparisons are made by the caller under one set of assumptions.

use rust_decimal::Decimal;

use super::breakeven::LimitError;
use super::compare::Comparison;
use super::headline::{Headline, Verdict};
use crate::pricing::model::{Component, Kind, Model};

/// Both comparisons and what differs between them.
#[derive(Debug)]
pub struct Diff<'a> {
    pub then: &'a Comparison,
    pub now: &'a Comparison,
    /// Plans, then parts, by id: every one whose prices in force differ.
    pub prices: Vec<PriceChange<'a>>,
    /// Plans only now / only then (parts left out), by id.
    pub appeared: Vec<&'a Model>,
    pub went: Vec<&'a Model>,
    /// Every self-hosted model of either side, in now's order of answers, then
    /// those that went.
    pub headlines: Vec<HeadlineChange>,
    /// The self-hosted model that pays first on each side ("the break-even").
    pub best: (Option<Best>, Option<Best>),
}

/// A plan's or a part's prices that differ.
#[derive(Debug)]
pub struct PriceChange<'a> {
    /// The plan's or the part's id.
    pub id: &'a str,
    /// The plan's name (a part has only its id).
    pub name: &'a str,
    pub part: bool,
    /// (then, now) per price: `None` where there is no such price on that side.
    pub components: Vec<(Option<&'a Component>, Option<&'a Component>)>,
    /// The plan's own hours and set-up money that differ: (which, then, now).
    pub terms: Vec<(Term, Decimal, Decimal)>,
    /// A plan compared on both sides: its monthly cost at the range's end,
    /// then and now (`None`: it cannot serve that size).
    pub at_end: Option<(Option<Decimal>, Option<Decimal>)>,
}

/// What a plan states besides its prices that the costs depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Term {
    /// Admin hours a month (costed at the admin rate).
    AdminHours,
    /// One-off set-up hours.
    SetupHours,
    /// One-off set-up money.
    SetupCost,
}

/// The terms of a plan on both sides that differ.
fn terms(then: &Model, now: &Model) -> Vec<(Term, Decimal, Decimal)> {
    [
        (Term::AdminHours, then.admin_hours(), now.admin_hours()),
        (Term::SetupHours, then.setup_hours(), now.setup_hours()),
        (Term::SetupCost, then.setup_cost, now.setup_cost),
    ]
    .into_iter()
    .filter(|(_, a, b)| a != b)
    .collect()
}

/// One self-hosted model's answer on each side (`None`: not compared there).
#[derive(Clone, Debug, PartialEq)]
pub struct HeadlineChange {
    pub model: String,
    pub then: Option<Headline>,
    pub now: Option<Headline>,
}

/// The first team size from which a self-hosted model costs no more than every
/// hosted plan, and up to which size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Best {
    pub model: String,
    pub from: u64,
    pub to: u64,
}

/// A side's two headline curves over sampled team sizes: the self-hosted
/// model that pays first (else the cheapest self-hosted at the range's end)
/// and, at each size, the cheapest hosted plan that can serve it.
#[derive(Clone, Debug, PartialEq)]
pub struct HeadlineCurves {
    pub self_hosted: Option<String>,
    pub own: Vec<(u64, Option<Decimal>)>,
    pub hosted: Vec<(u64, Option<Decimal>)>,
    pub best: Option<Best>,
}

/// At most this many team sizes per headline curve (wide ranges are sampled).
pub const CURVE_POINTS: u64 = 400;

impl<'a> Diff<'a> {
    /// Compares `then` with `now`, which should share a currency and a range.
    pub fn new(then: &'a Comparison, now: &'a Comparison) -> Result<Diff<'a>, LimitError> {
        let (old, new) = (plans(then), plans(now));
        let appeared = only_in(&new, &old);
        let went = only_in(&old, &new);
        let mut prices: Vec<PriceChange<'a>> = Vec::new();
        for m in &old {
            if let Some(n) = new.iter().find(|n| n.id == m.id) {
                let pairs = changed(own(then, m), own(now, n));
                let terms = terms(m, n);
                if !pairs.is_empty() || !terms.is_empty() {
                    let at_end = both_compared(then, now, &m.id);
                    prices.push(PriceChange {
                        id: &m.id,
                        name: &n.name,
                        part: false,
                        components: pairs,
                        terms,
                        at_end,
                    });
                }
            }
        }
        prices.extend(part_changes(then, now));
        let best = (best(then)?, best(now)?);
        Ok(Diff {
            then,
            now,
            prices,
            appeared,
            went,
            headlines: headline_changes(then, now)?,
            best,
        })
    }

    /// Then's and now's headline curves.
    pub fn curves(&self) -> Result<(HeadlineCurves, HeadlineCurves), LimitError> {
        Ok((curves(self.then)?, curves(self.now)?))
    }
}

/// Every plan of a comparison, compared or not (parts are not plans), by id.
fn plans(c: &Comparison) -> Vec<&Model> {
    let mut all: Vec<&Model> = c
        .models
        .iter()
        .chain(c.left_out.iter().map(|(m, _)| m))
        .collect();
    all.sort_by(|a, b| a.id.cmp(&b.id));
    all.dedup_by(|a, b| a.id == b.id);
    all
}

fn only_in<'a>(these: &[&'a Model], others: &[&'a Model]) -> Vec<&'a Model> {
    these
        .iter()
        .filter(|m| !others.iter().any(|o| o.id == m.id))
        .copied()
        .collect()
}

/// A plan's own prices in force on the comparison's date (not its parts').
fn own<'a>(c: &Comparison, m: &'a Model) -> Vec<&'a Component> {
    m.components
        .iter()
        .filter(|x| x.included_from.is_none() && x.valid_on(c.assumptions.as_of))
        .collect()
}

/// The prices of each part in force on the comparison's date, by part id, as
/// the first plan including it has them.
fn parts(c: &Comparison) -> Vec<(&str, Vec<&Component>)> {
    // (part, the plan its prices are taken from, the prices)
    let mut found: Vec<(&str, &str, Vec<&Component>)> = Vec::new();
    for m in plans(c) {
        for x in m
            .components
            .iter()
            .filter(|x| x.valid_on(c.assumptions.as_of))
        {
            let Some(part) = x.included_from.as_deref() else {
                continue;
            };
            match found.iter_mut().find(|(id, _, _)| *id == part) {
                Some((_, from, list)) if *from == m.id => list.push(x),
                Some(_) => {}
                None => found.push((part, &m.id, vec![x])),
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(b.0));
    found.into_iter().map(|(id, _, list)| (id, list)).collect()
}

/// The parts used on both sides whose prices differ.
fn part_changes<'a>(then: &'a Comparison, now: &'a Comparison) -> Vec<PriceChange<'a>> {
    let new = parts(now);
    parts(then)
        .into_iter()
        .filter_map(|(id, old)| {
            let (_, list) = new.iter().find(|(n, _)| *n == id)?;
            let pairs = changed(old, list.clone());
            (!pairs.is_empty()).then_some(PriceChange {
                id,
                name: id,
                part: true,
                components: pairs,
                terms: Vec::new(),
                at_end: None,
            })
        })
        .collect()
}

/// Prices paired by label, the rest in order; only the pairs that differ
/// (a price on one side only is a pair with one side empty).
fn changed<'a>(
    old: Vec<&'a Component>,
    new: Vec<&'a Component>,
) -> Vec<(Option<&'a Component>, Option<&'a Component>)> {
    let mut left: Vec<Option<&Component>> = new.into_iter().map(Some).collect();
    let mut pairs: Vec<(Option<&Component>, Option<&Component>)> = Vec::new();
    let mut unpaired: Vec<&Component> = Vec::new();
    for o in old {
        let same_label = left
            .iter()
            .position(|n| n.is_some_and(|n| n.label.is_some() && n.label == o.label));
        match same_label {
            Some(i) => pairs.push((Some(o), left[i].take())),
            None => unpaired.push(o),
        }
    }
    let mut rest = left.into_iter().flatten();
    for o in unpaired {
        pairs.push((Some(o), rest.next()));
    }
    pairs.extend(rest.map(|n| (None, Some(n))));
    pairs.retain(|pair| match pair {
        (Some(o), Some(n)) => o.shape != n.shape || o.amount_in != n.amount_in,
        _ => true,
    });
    pairs
}

/// A plan's monthly cost at the range's end on both sides, if compared on both.
fn both_compared(
    then: &Comparison,
    now: &Comparison,
    id: &str,
) -> Option<(Option<Decimal>, Option<Decimal>)> {
    let (a, b) = (then.index(id)?, now.index(id)?);
    Some((then.monthly(a, then.range.to), now.monthly(b, now.range.to)))
}

/// Every self-hosted model's answer on each side.
fn headline_changes(
    then: &Comparison,
    now: &Comparison,
) -> Result<Vec<HeadlineChange>, LimitError> {
    let (old, new) = (then.headlines()?, now.headlines()?);
    let mut out: Vec<HeadlineChange> = new
        .iter()
        .map(|h| HeadlineChange {
            model: h.model.clone(),
            then: old.iter().find(|o| o.model == h.model).cloned(),
            now: Some(h.clone()),
        })
        .collect();
    out.extend(
        old.iter()
            .filter(|o| !new.iter().any(|h| h.model == o.model))
            .map(|o| HeadlineChange {
                model: o.model.clone(),
                then: Some(o.clone()),
                now: None,
            }),
    );
    Ok(out)
}

/// The self-hosted model that costs no more than every hosted plan from the
/// smallest team size (the headlines come best first).
pub fn best(c: &Comparison) -> Result<Option<Best>, LimitError> {
    Ok(c.headlines()?.into_iter().find_map(|h| match h.verdict {
        Verdict::BeatsAll { from, to, .. } => Some(Best {
            model: h.model,
            from,
            to,
        }),
        Verdict::Never { .. } | Verdict::NoHosted => None,
    }))
}

/// The team sizes a headline curve is drawn at: every size of a short span,
/// else [`CURVE_POINTS`] spread evenly, with both ends and `extra`.
fn sizes(from: u64, to: u64, extra: Option<u64>) -> Vec<u64> {
    let span = to - from;
    let mut out: Vec<u64> = if span < CURVE_POINTS {
        (from..=to).collect()
    } else {
        (0..=CURVE_POINTS)
            .map(|k| from + ((u128::from(span) * u128::from(k)) / u128::from(CURVE_POINTS)) as u64)
            .collect()
    };
    out.extend(extra.filter(|n| (from..=to).contains(n)));
    out.sort_unstable();
    out.dedup();
    out
}

/// One side's headline curves over its span.
pub fn curves(c: &Comparison) -> Result<HeadlineCurves, LimitError> {
    let best = best(c)?;
    let (from, to) = c.span();
    let self_hosted = best.as_ref().map(|b| b.model.clone()).or_else(|| {
        c.models
            .iter()
            .filter(|m| m.kind == Kind::SelfHosted)
            .filter_map(|m| c.monthly_of(&m.id, to).map(|v| (v, m.id.clone())))
            .min()
            .map(|(_, id)| id)
    });
    let sizes = sizes(from, to, best.as_ref().map(|b| b.from));
    let hosted: Vec<usize> = (0..c.models.len())
        .filter(|&i| c.models[i].kind == Kind::Hosted)
        .collect();
    let cheapest = |n: u64| hosted.iter().filter_map(|&i| c.monthly(i, n)).min();
    Ok(HeadlineCurves {
        own: sizes
            .iter()
            .map(|&n| (n, self_hosted.as_deref().and_then(|id| c.monthly_of(id, n))))
            .collect(),
        hosted: sizes.iter().map(|&n| (n, cheapest(n))).collect(),
        self_hosted,
        best,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::model::Shape;

    fn flat(label: &str, per_month: i64) -> Component {
        Component {
            label: Some(label.into()),
            shape: Shape::Flat {
                per_month: Decimal::from(per_month),
            },
            ..Component::default()
        }
    }

    #[test]
    fn prices_pair_by_label_then_in_order() {
        let (a, b, c) = (flat("VM", 10), flat("disk", 2), flat("old", 1));
        let (a2, b2, d) = (flat("VM", 12), flat("disk", 2), flat("new", 3));
        let pairs = changed(vec![&a, &b, &c], vec![&d, &b2, &a2]);
        // The VM by label; the disk is the same; "old" and "new" in order.
        assert_eq!(pairs.len(), 2);
        assert_eq!(pairs[0].0.unwrap().label.as_deref(), Some("VM"));
        assert_eq!(pairs[0].1.unwrap().shape, a2.shape);
        assert_eq!(pairs[1].0.unwrap().label.as_deref(), Some("old"));
        assert_eq!(pairs[1].1.unwrap().label.as_deref(), Some("new"));
    }

    #[test]
    fn a_price_on_one_side_only_is_a_change() {
        let (a, b) = (flat("VM", 10), flat("IPv4", 1));
        let pairs = changed(vec![&a], vec![&a, &b]);
        assert_eq!(pairs.len(), 1);
        assert!(pairs[0].0.is_none());
        assert_eq!(pairs[0].1.unwrap().label.as_deref(), Some("IPv4"));
    }

    #[test]
    fn wide_spans_are_sampled_with_their_ends() {
        let s = sizes(1, 1_000_000, Some(27));
        assert_eq!(s.first(), Some(&1));
        assert_eq!(s.last(), Some(&1_000_000));
        assert!(s.contains(&27));
        assert!(s.len() as u64 <= CURVE_POINTS + 2);
        assert_eq!(sizes(1, 30, None), (1..=30).collect::<Vec<_>>());
    }
}
