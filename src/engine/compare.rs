//! A comparison: the chosen models, their cost curves over a team-size range,
//! and the break-evens between them. Every view (table, CSV, JSON, chart)
//! reads from this one value.

use rust_decimal::Decimal;

use super::breakeven::{Analysis, LimitError, analyse, cheapest_at};
use super::curve::Curve;
use super::range::UserRange;
use crate::pricing::model::{Billing, Model};

#[derive(Clone, Debug)]
pub struct Comparison {
    /// A short name for where the models came from ("blog-2016", or the paths).
    pub scenario: String,
    pub currency: String,
    pub billing: Billing,
    /// Sorted by id; curves[i] belongs to models[i].
    pub models: Vec<Model>,
    pub curves: Vec<Curve>,
    pub range: UserRange,
    /// Break-evens over the whole span `range.from..=range.to`, whatever its step;
    /// an error only for block prices that tie periodically over a huge span, which
    /// costs tables and CSV do not need.
    analysis: Result<Analysis, LimitError>,
}

impl Comparison {
    /// `models` must share one currency (see `pricing::load::select`).
    pub fn new(
        scenario: String,
        mut models: Vec<Model>,
        range: UserRange,
        billing: Billing,
    ) -> Self {
        models.sort_by(|a, b| a.id.cmp(&b.id));
        let curves: Vec<Curve> = models.iter().map(|m| Curve::of_model(m, billing)).collect();
        let refs: Vec<(&str, &Curve)> = models.iter().map(|m| m.id.as_str()).zip(&curves).collect();
        let analysis = analyse(&refs, range.from, range.to);
        let currency = models
            .first()
            .map(|m| m.currency.clone())
            .unwrap_or_default();
        Comparison {
            scenario,
            currency,
            billing,
            models,
            curves,
            range,
            analysis,
        }
    }

    /// The break-evens and cheapest stretches over the whole span.
    pub fn analysis(&self) -> Result<&Analysis, LimitError> {
        self.analysis.as_ref().map_err(Clone::clone)
    }

    /// Monthly cost of model `i` at `n` users (`None`: unavailable).
    pub fn monthly(&self, i: usize, n: u64) -> Option<Decimal> {
        self.curves[i].at(n)
    }

    /// Cost per user per month of model `i` at `n` users, unrounded.
    pub fn per_user(&self, i: usize, n: u64) -> Option<Decimal> {
        self.monthly(i, n).map(|c| c / Decimal::from(n))
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

    /// Monthly cost of the model with this id at `n` users.
    pub fn monthly_of(&self, id: &str, n: u64) -> Option<Decimal> {
        self.models
            .iter()
            .position(|m| m.id == id)
            .and_then(|i| self.monthly(i, n))
    }

    /// The largest team size the model can serve, `None` when it has no limit.
    pub fn max_users(&self, id: &str) -> Option<u64> {
        self.models
            .iter()
            .position(|m| m.id == id)
            .and_then(|i| self.curves[i].max_users())
    }

    pub fn model(&self, id: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.id == id)
    }

    /// The model's display name, or the id itself if unknown.
    pub fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.model(id).map_or(id, |m| m.name.as_str())
    }

    /// The dates the prices applied, oldest to newest ("2016" or "2016 to 2016-08-13").
    pub fn price_dates(&self) -> String {
        let mut dates: Vec<&str> = self.models.iter().map(|m| m.as_of.as_str()).collect();
        dates.sort();
        match (dates.first(), dates.last()) {
            (Some(a), Some(b)) if a == b => a.to_string(),
            (Some(a), Some(b)) => format!("{a} to {b}"),
            _ => String::new(),
        }
    }
}
