//! A comparison: the chosen models, their cost curves over a team-size range,
//! and the break-evens between them. Every view (table, CSV, JSON, chart)
//! reads from this one value.

use rust_decimal::Decimal;

use super::Assumptions;
use super::breakeven::{Analysis, Crossing, LimitError, Pair, analyse, cheapest_at};
use super::curve::Curve;
use super::uncertain::{Sampling, Uncertainty};
use crate::pricing::Source;
use crate::pricing::model::{Component, Model};
use crate::pricing::offer::{Applied, Audience};
use crate::units::date::Date;
use crate::units::range::UserRange;

/// A price in use that is more than a year old.
#[derive(Clone, Debug)]
pub struct Stale<'a> {
    pub model: &'a Model,
    pub label: &'a str,
    /// The part (`include`) the price comes from, if any.
    pub part: Option<&'a str>,
    pub date: &'a str,
}

/// One crossing and the pair of models it belongs to.
#[derive(Clone, Copy, Debug)]
pub struct PairCrossing<'a> {
    pub pair: &'a Pair,
    pub crossing: &'a Crossing,
}

/// The span a cost covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Month,
    Year,
    /// The whole horizon: set-up once plus every month.
    Horizon,
}

/// How old a price may be before the output flags it.
pub const STALE_AFTER_MONTHS: u32 = 12;

/// Why a model is not compared (worded by `text::notes::left_out_reason`).
#[derive(Clone, Debug, PartialEq)]
pub enum LeftOut {
    /// A feature limit, as its file states it.
    Limited(String),
    /// Its licence is sold by quote and no quote prices it.
    AwaitsQuote,
    /// No price is in force on this date.
    NoPrice(Date),
}

#[derive(Clone, Debug)]
pub struct Comparison {
    /// Where the models came from (a bundled scenario, or the user's files).
    pub source: Source,
    pub currency: String,
    pub assumptions: Assumptions,
    /// Sorted by id; curves[i] belongs to models[i].
    pub models: Vec<Model>,
    pub curves: Vec<Curve>,
    pub range: UserRange,
    /// Models not compared, and why (a feature limit, or no price on the date).
    pub left_out: Vec<(Model, LeftOut)>,
    /// Models whose licence is sold by quote and has no price: not compared;
    /// each with its cost curve without the licence (see `quote`).
    pub quote_only: Vec<(Model, Curve)>,
    /// Ids of the user's models that replace a bundled model of the same id
    /// (`--scenario NAME --pricing PATH`); see [`Comparison::replacing`].
    pub replaced: Vec<String>,
    /// The offers asked for (`--offer`) and what they did to each model that
    /// has one; see [`Comparison::with_offers`].
    pub offers: Option<(Audience, Vec<Applied>)>,
    /// The exchange rates the amounts rest on when they were converted into
    /// another currency (`pricing::rates::convert`); empty otherwise, and then
    /// no output mentions rates.
    pub exchange_rates: Vec<crate::pricing::rates::Rate>,
    /// Break-evens over the whole span `range.from..=range.to`, whatever its step;
    /// an error only for block prices that tie periodically over a huge span, which
    /// costs tables and CSV do not need.
    analysis: Result<Analysis, LimitError>,
    /// The draws when some input in use is a range (see [`Comparison::sampled`]).
    uncertainty: Option<Uncertainty>,
}

impl Comparison {
    /// `models` must share one currency (see `pricing::load::select`); `limited`
    /// are the feature-limited plans left out of the comparison.
    /// With `assumptions.admin_hours`, every self-hosted model takes those
    /// hours instead of its file's.
    pub fn new(
        source: Source,
        mut models: Vec<Model>,
        limited: Vec<Model>,
        range: UserRange,
        assumptions: Assumptions,
    ) -> Self {
        if let Some(hours) = assumptions.admin_hours {
            let name = assumptions.names.admin_hours;
            crate::pricing::ranged::with_admin_hours(&mut models, hours, name);
        }
        let mut left_out: Vec<(Model, LeftOut)> = limited
            .into_iter()
            .map(|m| {
                (
                    m.clone(),
                    LeftOut::Limited(m.limit.clone().unwrap_or_default()),
                )
            })
            .collect();
        let mut priced: Vec<(Model, Curve)> = Vec::new();
        let mut quote_only: Vec<(Model, Curve)> = Vec::new();
        for m in models {
            match Curve::of_model(&m, &assumptions) {
                Some(curve) if m.awaits_quote() => {
                    left_out.push((m.clone(), LeftOut::AwaitsQuote));
                    quote_only.push((m, curve));
                }
                Some(curve) => priced.push((m, curve)),
                None => left_out.push((m, LeftOut::NoPrice(assumptions.as_of))),
            }
        }
        quote_only.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        priced.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        left_out.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        let (models, curves): (Vec<Model>, Vec<Curve>) = priced.into_iter().unzip();
        let refs: Vec<(&str, &Curve)> = models.iter().map(|m| m.id.as_str()).zip(&curves).collect();
        let analysis = analyse(&refs, range.from, range.to);
        let currency = models
            .first()
            .or(quote_only.first().map(|(m, _)| m))
            .map(|m| m.currency.clone())
            .unwrap_or_default();
        Comparison {
            source,
            currency,
            assumptions,
            models,
            curves,
            range,
            left_out,
            quote_only,
            replaced: Vec::new(),
            offers: None,
            exchange_rates: Vec::new(),
            analysis,
            uncertainty: None,
        }
    }

    /// The same comparison, saying which offers its models were priced with
    /// (they are already in the models: see `pricing::offer::apply`).
    pub fn with_offers(mut self, offers: Option<(Audience, Vec<Applied>)>) -> Self {
        self.offers = offers;
        self
    }

    /// The same comparison with the draws of its uncertain inputs, when some
    /// input in use is a range; otherwise unchanged, and every output exact.
    pub fn sampled(mut self, sampling: &Sampling) -> Self {
        self.uncertainty = Uncertainty::of(
            &self.models,
            &self.curves,
            &self.assumptions,
            self.span(),
            sampling,
        );
        self
    }

    /// The team sizes every break-even, chart and sweep covers: from the start
    /// of the range to its end, whatever its step.
    pub fn span(&self) -> (u64, u64) {
        (self.range.from, self.range.to)
    }

    /// The draws, when some input in use is a range.
    pub fn uncertainty(&self) -> Option<&Uncertainty> {
        self.uncertainty.as_ref()
    }

    /// The same comparison, noting that the user's models `ids` replace bundled ones.
    pub fn replacing(mut self, ids: Vec<String>) -> Self {
        self.replaced = ids;
        self
    }

    /// The same comparison, its amounts resting on `rates` (said in every output).
    pub fn at_rates(mut self, rates: Vec<crate::pricing::rates::Rate>) -> Self {
        self.exchange_rates = rates;
        self
    }

    /// The break-evens and cheapest stretches over the whole span.
    pub fn analysis(&self) -> Result<&Analysis, LimitError> {
        self.analysis.as_ref().map_err(Clone::clone)
    }

    /// Monthly cost of model `i` at `n` users (`None`: unavailable), set-up spread
    /// over the horizon and admin time included.
    pub fn monthly(&self, i: usize, n: u64) -> Option<Decimal> {
        self.curves[i].at(n)
    }

    /// Cost per user per month of model `i` at `n` users, unrounded.
    pub fn per_user(&self, i: usize, n: u64) -> Option<Decimal> {
        self.monthly(i, n).map(|c| c / Decimal::from(n))
    }

    /// Twelve months of the monthly figure.
    pub fn yearly(&self, i: usize, n: u64) -> Option<Decimal> {
        self.monthly(i, n).map(|c| c * Decimal::from(12))
    }

    /// The whole horizon: the set-up once plus every month's recurring cost
    /// (the same as the monthly figure × the horizon, since the set-up is spread).
    pub fn horizon_total(&self, i: usize, n: u64) -> Option<Decimal> {
        self.monthly(i, n)
            .map(|c| c * Decimal::from(self.assumptions.horizon_months.max(1)))
    }

    /// The cost of model `i` at `n` users over `period`.
    pub fn cost(&self, i: usize, n: u64, period: Period) -> Option<Decimal> {
        match period {
            Period::Month => self.monthly(i, n),
            Period::Year => self.yearly(i, n),
            Period::Horizon => self.horizon_total(i, n),
        }
    }

    /// Every crossing of every pair, by team size (pairs in id order among equals):
    /// the order the terminal and the report tell them in.
    pub fn crossings_by_size(&self) -> Result<Vec<PairCrossing<'_>>, LimitError> {
        let a = self.analysis()?;
        let mut all: Vec<PairCrossing<'_>> = a
            .pairs
            .iter()
            .flat_map(|pair| {
                pair.crossings
                    .iter()
                    .map(move |crossing| PairCrossing { pair, crossing })
            })
            .collect();
        all.sort_by_key(|x| x.crossing.users);
        Ok(all)
    }

    /// Monthly cost of the model with this id at `n` users.
    pub fn monthly_of(&self, id: &str, n: u64) -> Option<Decimal> {
        self.index(id).and_then(|i| self.monthly(i, n))
    }

    pub fn index(&self, id: &str) -> Option<usize> {
        self.models.iter().position(|m| m.id == id)
    }

    /// Ids of the cheapest models at `n`.
    pub fn cheapest_at(&self, n: u64) -> Vec<String> {
        let refs: Vec<(&str, &Curve)> = self
            .models
            .iter()
            .map(|m| m.id.as_str())
            .zip(&self.curves)
            .collect();
        cheapest_at(&refs, n)
    }

    /// The largest team size the model can serve, `None` when it has no limit.
    pub fn max_users(&self, id: &str) -> Option<u64> {
        self.index(id).and_then(|i| self.curves[i].max_users())
    }

    pub fn model(&self, id: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.id == id)
    }

    /// The model's display name, or the id itself if unknown.
    pub fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.model(id).map_or(id, |m| m.name.as_str())
    }

    /// The oldest and the newest date of the prices in use, as the files give
    /// them (`2016`, `2020-12`, `2026-09-30`); `None` when no price is dated.
    pub fn price_dates(&self) -> Option<(&str, &str)> {
        let mut dates: Vec<&str> = Vec::new();
        for m in &self.models {
            for c in m
                .components
                .iter()
                .filter(|c| c.valid_on(self.assumptions.as_of))
            {
                dates.push(c.as_of.as_deref().unwrap_or(&m.as_of));
            }
        }
        dates.sort();
        Some((dates.first()?, dates.last()?))
    }

    /// Prices in use that are more than a year older than the as-of date:
    /// (model, component label, the part it comes from, its date).
    pub fn stale(&self) -> Vec<Stale<'_>> {
        let limit = self.assumptions.as_of.months_before(STALE_AFTER_MONTHS);
        self.dated(|_, date| date < limit)
    }

    /// Prices in use that were only seen after the as-of date and carry no
    /// `valid_from`: what applied on that date is not known, so the figures
    /// assume today's price was already in force.
    pub fn later(&self) -> Vec<Stale<'_>> {
        let as_of = self.assumptions.as_of;
        self.dated(|c, date| date > as_of && c.valid_from.is_none())
    }

    fn dated(&self, keep: impl Fn(&Component, Date) -> bool) -> Vec<Stale<'_>> {
        let mut found = Vec::new();
        // A price an offer limits to some sizes is in use only if they are compared.
        let (from, to) = self.span();
        let compared = |c: &Component| c.band.is_none_or(|(f, t)| f <= to && from <= t);
        for m in &self.models {
            for c in m
                .components
                .iter()
                .filter(|c| c.valid_on(self.assumptions.as_of) && compared(c))
            {
                let date = c.as_of.as_deref().unwrap_or(&m.as_of);
                if Date::parse(date).is_some_and(|d| keep(c, d)) {
                    found.push(Stale {
                        model: m,
                        label: c.label.as_deref().unwrap_or("price"),
                        part: c.included_from.as_deref(),
                        date,
                    });
                }
            }
        }
        found
    }
}
