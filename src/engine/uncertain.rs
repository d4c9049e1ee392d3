//! The comparison when some inputs are ranges: Monte Carlo draws of every
//! uncertain input, each draw a set of the usual exact piecewise curves, so that
//! cost, break-even and cheapest work on each draw as they do on the exact
//! figures. Inputs are shared where the world shares them: one admin rate per
//! draw for every model, one draw per included part's amount (two models on one
//! host move together), one exchange rate per currency pair, one draw for
//! ranges that share a name (see `pricing::uncertain`).
//!
//! The exact figures (every range at its likely value) are the comparison's
//! own; this only adds how far each could be from them. Nothing scans team
//! sizes: figures over draws come from the curves' pieces.

pub mod odds;

mod chances;
mod ranks;
pub mod sensitivity;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::OnceLock;

use rust_decimal::Decimal;

use super::Assumptions;
use super::breakeven::LimitError;
use super::curve::Curve;
use crate::pricing::model::{Component, Kind, Model};
use crate::pricing::sizing::AmountIn;
use crate::pricing::uncertain::{Input, Measure};
use crate::units::random::Random;
use odds::{BeatsAll, PairOdds, Ranked};

/// Draws taken unless `--samples` says otherwise.
pub const DEFAULT_SAMPLES: u32 = 2000;
/// The seed unless `--seed` says otherwise: fixed, so a run repeats exactly.
pub const DEFAULT_SEED: u64 = 2016;
/// How to sample: how many draws, from which seed. What is drawn (the admin
/// rate among them) is in the assumptions and the models.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sampling {
    pub samples: u32,
    pub seed: u64,
}

impl Default for Sampling {
    /// The default draws and seed.
    fn default() -> Sampling {
        Sampling {
            samples: DEFAULT_SAMPLES,
            seed: DEFAULT_SEED,
        }
    }
}

/// P5, P50 and P95 of a figure over the draws: the smallest amount at or below
/// which at least 5 %, 50 %, 95 % of the draws lie.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quantiles {
    pub p5: Decimal,
    pub p50: Decimal,
    pub p95: Decimal,
}

/// Every compared model's curve in every draw, and the figures over the draws.
#[derive(Clone, Debug)]
pub struct Uncertainty {
    pub samples: u32,
    pub seed: u64,
    /// The uncertain inputs in use, the admin rate first, then as the models
    /// (in id order) use them.
    pub inputs: Vec<Input>,
    /// What was compared, as the comparison holds it.
    models: Vec<Model>,
    exact: Vec<Curve>,
    assumptions: Assumptions,
    rate: Input,
    from: u64,
    to: u64,
    /// `draws[i][d]`: model i's curve in draw d; empty for a model that no
    /// uncertain input moves (its exact curve stands for every draw).
    draws: Vec<Vec<Curve>>,
    beats_all: OnceLock<Result<Vec<BeatsAll>, LimitError>>,
    /// `ranks[i]`: where model i's draws keep their order, once asked for.
    ranks: Vec<OnceLock<Vec<Ranked>>>,
    /// `pairs[a · models + b]`: models a and b over the draws, once asked for.
    pairs: Vec<OnceLock<Result<PairOdds, LimitError>>>,
}

impl Uncertainty {
    /// The draws for models compared with these exact `curves` over
    /// `from..=to`; `None` when no input in use is a range (then every output
    /// stays exact).
    pub fn of(
        models: &[Model],
        curves: &[Curve],
        a: &Assumptions,
        (from, to): (u64, u64),
        s: &Sampling,
    ) -> Option<Uncertainty> {
        let currency = models.first().map_or("USD", |m| m.currency.as_str());
        let rate = rate_input(a, currency);
        let inputs = inputs_in_use(models, a, &rate);
        if inputs.is_empty() {
            return None;
        }
        let index: HashMap<&str, usize> = inputs
            .iter()
            .enumerate()
            .map(|(k, i)| (i.id.as_str(), k))
            .collect();
        let mut random = Random::seeded(s.seed);
        let units: Vec<Vec<f64>> = (0..s.samples)
            .map(|_| inputs.iter().map(|_| random.unit()).collect())
            .collect();
        let draws = models
            .iter()
            .map(|m| {
                if !model_inputs(m, a, &rate).any(|i| index.contains_key(i.id.as_str())) {
                    return Vec::new();
                }
                let recipe = Recipe::new(m, a);
                let draw = |u: &Vec<f64>| {
                    recipe.curve(&rate, &|i: &Input| match index.get(i.id.as_str()) {
                        Some(&k) => i.spread.quantile(u[k]),
                        None => i.spread.likely(),
                    })
                };
                units.iter().map(draw).collect()
            })
            .collect();
        Some(Uncertainty {
            samples: s.samples,
            seed: s.seed,
            inputs,
            models: models.to_vec(),
            exact: curves.to_vec(),
            assumptions: *a,
            rate,
            from,
            to,
            draws,
            beats_all: OnceLock::new(),
            ranks: vec![OnceLock::new(); models.len()],
            pairs: vec![OnceLock::new(); models.len() * models.len()],
        })
    }

    /// Whether some uncertain input moves model `i`'s cost.
    pub fn moves(&self, i: usize) -> bool {
        !self.draws[i].is_empty()
    }

    /// Model `i`'s curve in draw `d`.
    fn curve(&self, i: usize, d: usize) -> &Curve {
        self.draws[i].get(d).unwrap_or(&self.exact[i])
    }

    /// P5, P50 and P95 of model `i`'s monthly cost at `n` users (all three the
    /// exact figure when nothing moves it); `None` where it cannot serve `n`.
    pub fn monthly(&self, i: usize, n: u64) -> Option<Quantiles> {
        if !self.moves(i) {
            let v = self.exact[i].at(n)?;
            return Some(Quantiles {
                p5: v,
                p50: v,
                p95: v,
            });
        }
        let ranked = self.ranked(i);
        let stretch = &ranked[ranked.partition_point(|r| r.to < n).min(ranked.len() - 1)];
        if let Some([p5, p50, p95]) = stretch.picks {
            let at = |d: usize| self.draws[i][d].at(n);
            return Some(Quantiles {
                p5: at(p5)?,
                p50: at(p50)?,
                p95: at(p95)?,
            });
        }
        let mut values: Vec<Decimal> = self.draws[i].iter().filter_map(|c| c.at(n)).collect();
        if values.is_empty() {
            return None;
        }
        Some(Quantiles {
            p5: odds::quantile(&mut values, 5),
            p50: odds::quantile(&mut values, 50),
            p95: odds::quantile(&mut values, 95),
        })
    }

    /// Model `i`'s curve with each input at `value(input)`.
    fn curve_with(&self, i: usize, value: &impl Fn(&Input) -> Decimal) -> Curve {
        Recipe::new(&self.models[i], &self.assumptions).curve(&self.rate, value)
    }

    /// Whether input `id` moves model `i`'s cost.
    fn touches(&self, i: usize, id: &str) -> bool {
        model_inputs(&self.models[i], &self.assumptions, &self.rate).any(|x| x.id == id)
    }

    /// The error of block prices that tie too often to walk, naming the models.
    fn too_many(&self, models: &[usize]) -> LimitError {
        let id = |k: usize| {
            models
                .get(k)
                .map_or("the hosted plans", |&i| &self.models[i].id)
        };
        LimitError::TooManyCrossings {
            a: id(0).to_string(),
            b: if models.len() > 1 {
                id(1).to_string()
            } else {
                "the hosted plans".to_string()
            },
            from: self.from,
            to: self.to,
        }
    }

    /// Indices of the compared models of `kind`.
    fn of_kind(&self, kind: Kind) -> Vec<usize> {
        (0..self.models.len())
            .filter(|&i| self.models[i].kind == kind)
            .collect()
    }
}

/// The admin rate as an input (exact when it is one number), named as the
/// assumptions say.
fn rate_input(a: &Assumptions, currency: &str) -> Input {
    Input {
        id: a.names.admin_rate.id.into(),
        label: a.names.admin_rate.label.into(),
        spread: a.admin_rate,
        measure: Measure::PerHour(currency.into()),
        source: None,
    }
}

/// The uncertain inputs that move some model's cost, each once.
fn inputs_in_use(models: &[Model], a: &Assumptions, rate: &Input) -> Vec<Input> {
    let mut found: Vec<Input> = Vec::new();
    for input in models.iter().flat_map(|m| model_inputs(m, a, rate)) {
        if !input.spread.is_exact() && !found.iter().any(|f| f.id == input.id) {
            found.push(input.clone());
        }
    }
    found
}

/// The inputs that can move model `m`'s cost: its ranges in force on the date,
/// its admin and set-up hours only when the admin rate can be more than 0, and
/// the admin rate only when it has hours to pay.
fn model_inputs<'a>(
    m: &'a Model,
    a: &Assumptions,
    rate: &'a Input,
) -> impl Iterator<Item = &'a Input> {
    let priced_hours = rate.spread.high > Decimal::ZERO;
    let takes_time = [
        (m.admin_hours(), &m.ranges.admin_hours),
        (m.setup_hours(), &m.ranges.setup_hours),
    ]
    .iter()
    .any(|(exact, range)| {
        *exact > Decimal::ZERO
            || range
                .as_ref()
                .is_some_and(|r| r.spread.high > Decimal::ZERO)
    }) || m
        .components
        .iter()
        .any(|c| c.amount_in == AmountIn::AdminHours && c.valid_on(a.as_of));
    let as_of = a.as_of;
    let hours = [&m.ranges.admin_hours, &m.ranges.setup_hours]
        .into_iter()
        .flatten()
        .filter(move |_| priced_hours);
    let components = m
        .components
        .iter()
        .filter(move |c| c.valid_on(as_of))
        .flat_map(|c| c.uncertain.iter().flat_map(|u| u.amount.inputs()));
    std::iter::once(rate)
        .filter(move |_| takes_time)
        .chain(hours)
        .chain(m.ranges.setup_cost.iter())
        .chain(components)
}

/// How one model's curve is put together from its inputs: its exact
/// components summed once, the others rebuilt for each draw.
struct Recipe<'a> {
    model: &'a Model,
    horizon: u32,
    billing: crate::pricing::model::Billing,
    concurrency: crate::engine::concurrency::Concurrency,
    fixed: Curve,
    /// Components with a range, and those stated in admin hours (which move
    /// with the admin rate).
    drawn: Vec<&'a Component>,
}

impl<'a> Recipe<'a> {
    fn new(model: &'a Model, a: &Assumptions) -> Recipe<'a> {
        let valid = model.components.iter().filter(|c| c.valid_on(a.as_of));
        let (drawn, exact): (Vec<&Component>, Vec<&Component>) =
            valid.partition(|c| !c.uncertain.is_empty() || c.amount_in == AmountIn::AdminHours);
        let fixed = exact
            .iter()
            .map(|c| Curve::of_shape_at(&c.shape, a.billing, a.concurrency).in_band(c.band))
            .fold(Curve::constant(Decimal::ZERO), |sum, c| sum.plus(&c));
        Recipe {
            model,
            horizon: a.horizon_months.max(1),
            billing: a.billing,
            concurrency: a.concurrency,
            fixed,
            drawn,
        }
    }

    /// The monthly cost curve with each input at `value(input)`, built as
    /// [`Curve::of_model`] builds it: components, admin time at the rate, and
    /// the set-up spread over the horizon.
    fn curve(&self, rate: &Input, value: &impl Fn(&Input) -> Decimal) -> Curve {
        let m = self.model;
        let rate = value(rate);
        let mut curve = self.fixed.clone();
        for c in &self.drawn {
            let mut shape = c.shape.clone();
            for u in &c.uncertain {
                shape.set(u.slot, u.amount.value(value));
            }
            if c.amount_in == AmountIn::AdminHours {
                shape = shape.scaled(rate);
            }
            let drawn = Curve::of_shape_at(&shape, self.billing, self.concurrency);
            curve = curve.plus(&drawn.in_band(c.band));
        }
        let or = |range: &Option<Input>, exact: Decimal| range.as_ref().map_or(exact, value);
        let admin = or(&m.ranges.admin_hours, m.admin_hours()) * rate;
        let setup = or(&m.ranges.setup_hours, m.setup_hours()) * rate
            + or(&m.ranges.setup_cost, m.setup_cost);
        curve.plus(&Curve::constant(
            admin + setup / Decimal::from(self.horizon),
        ))
    }
}
