//! The figures of a model that are ranges rather than numbers: which inputs
//! they are, how each amount of a shape is made of them, and how a model's
//! shapes look when every input takes a given value. The exact figures (each
//! range at its likely value) stay in the model itself, so everything that does
//! not sample reads the model as before.

use rust_decimal::Decimal;

use crate::units::money;
use crate::units::uncertain::Spread;

/// What a range measures, so that its bounds can be said in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Measure {
    /// An amount in this currency.
    Money(String),
    /// An amount an hour in this currency.
    PerHour(String),
    Hours,
    /// A count or a rate: a plain number.
    Plain,
}

/// What an input given outside the pricing files is called in every output
/// (its id in JSON, its label in charts and sentences): the caller's words,
/// so the command line names its own options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Named {
    pub id: &'static str,
    pub label: &'static str,
}

/// The names of the inputs a comparison takes besides the pricing files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InputNames {
    pub admin_rate: Named,
    pub admin_hours: Named,
}

impl Default for InputNames {
    /// Plain names, for callers other than the command line.
    fn default() -> Self {
        InputNames {
            admin_rate: Named {
                id: "admin-rate",
                label: "Admin rate",
            },
            admin_hours: Named {
                id: "admin-hours",
                label: "Admin hours a month",
            },
        }
    }
}

impl InputNames {
    /// Whether `id` is one of these inputs rather than a pricing file's range.
    pub fn given(&self, id: &str) -> bool {
        id == self.admin_rate.id || id == self.admin_hours.id
    }
}

/// One uncertain input: a range in a pricing file, or the admin rate or admin
/// hours given as one (named by [`InputNames`]). Inputs with the same `id` take the same draw
/// (the same quantile of each one's own spread): a part included by two models,
/// an exchange rate, ranges that share a `name`.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    pub id: String,
    /// What the sensitivity ranking calls it.
    pub label: String,
    pub spread: Spread,
    pub measure: Measure,
    pub source: Option<String>,
}

impl Input {
    /// A bound of the input in words: "$30/h", "0.5 h", "€3.99", "1.1".
    pub fn says(&self, value: Decimal) -> String {
        let amount = |currency: &str| {
            let text = money::display(value, currency);
            // Prices under a dollar keep their digits: $0.0168 an hour.
            if value < Decimal::ONE && value.round_dp(2) != value {
                format!("{}{}", money::currency_prefix(currency), value.normalize())
            } else {
                text.strip_suffix(".00")
                    .map_or(text.clone(), str::to_string)
            }
        };
        match &self.measure {
            Measure::Money(c) => amount(c),
            Measure::PerHour(c) => format!("{}/h", amount(c)),
            Measure::Hours => format!("{} h", value.normalize()),
            Measure::Plain => value.normalize().to_string(),
        }
    }
}

/// One factor of an amount.
#[derive(Clone, Debug, PartialEq)]
pub enum Factor {
    Exact(Decimal),
    Drawn(Input),
    /// Divides the product: a yearly price is a twelfth a month.
    Per(Decimal),
}

/// An amount as the product of its factors (a price × a quantity × an exchange
/// rate …). `exact` is the product at the likely values; `factors` is empty
/// when every factor is exact.
#[derive(Clone, Debug, PartialEq)]
pub struct Product {
    pub exact: Decimal,
    pub factors: Vec<Factor>,
}

impl Product {
    pub fn exact(value: Decimal) -> Product {
        Product {
            exact: value,
            factors: Vec::new(),
        }
    }

    pub fn drawn(input: Input) -> Product {
        Product {
            exact: input.spread.likely(),
            factors: vec![Factor::Drawn(input)],
        }
    }

    pub fn is_exact(&self) -> bool {
        self.factors.is_empty()
    }

    /// `self × other`.
    pub fn times(self, other: Product) -> Product {
        if self.is_exact() && other.is_exact() {
            return Product::exact(self.exact * other.exact);
        }
        let terms = |p: Product| {
            if p.is_exact() {
                vec![Factor::Exact(p.exact)]
            } else {
                p.factors
            }
        };
        Product {
            exact: self.exact * other.exact,
            factors: [terms(self), terms(other)].concat(),
        }
    }

    /// `self / divisor` (a yearly price a month), divided exactly when exact.
    pub fn per(mut self, divisor: Decimal) -> Product {
        self.exact /= divisor;
        if !self.is_exact() {
            self.factors.push(Factor::Per(divisor));
        }
        self
    }

    /// The product when each drawn input takes `value(input)`.
    pub fn value(&self, value: &impl Fn(&Input) -> Decimal) -> Decimal {
        if self.is_exact() {
            return self.exact;
        }
        self.factors
            .iter()
            .fold(Decimal::ONE, |product, f| match f {
                Factor::Exact(d) => product * d,
                Factor::Drawn(input) => product * value(input),
                Factor::Per(d) => product / d,
            })
    }

    /// The drawn inputs among the factors.
    pub fn inputs(&self) -> impl Iterator<Item = &Input> {
        self.factors.iter().filter_map(|f| match f {
            Factor::Drawn(input) => Some(input),
            Factor::Exact(_) | Factor::Per(_) => None,
        })
    }
}

/// Which amount of a shape a product stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// A flat amount, or a block's price.
    Amount,
    SeatAnnual,
    SeatMonthly,
    /// The amount of the i-th tier or step.
    Band(usize),
}

/// An amount of a component's shape that depends on uncertain inputs.
#[derive(Clone, Debug, PartialEq)]
pub struct Uncertain {
    pub slot: Slot,
    pub amount: Product,
}

/// A model's own ranges: admin hours, set-up hours and set-up cost.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ModelRanges {
    pub admin_hours: Option<Input>,
    pub setup_hours: Option<Input>,
    pub setup_cost: Option<Input>,
}

impl ModelRanges {
    pub fn inputs(&self) -> impl Iterator<Item = &Input> {
        [&self.admin_hours, &self.setup_hours, &self.setup_cost]
            .into_iter()
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn input(id: &str, low: &str, high: &str) -> Input {
        Input {
            id: id.into(),
            label: id.into(),
            spread: Spread::new(d(low), None, d(high)).unwrap(),
            measure: Measure::Plain,
            source: None,
        }
    }

    #[test]
    fn a_product_multiplies_exact_and_drawn_factors() {
        // $0.01 a GB × 40 GB × a rate of 1.1 to 1.3 (likely 1.2).
        let p = Product::exact(d("0.01"))
            .times(Product::exact(d("40")))
            .times(Product::drawn(input("rate", "1.1", "1.3")));
        assert_eq!(p.exact, d("0.48"));
        assert_eq!(p.value(&|_| d("1.3")), d("0.52"));
        assert_eq!(p.inputs().count(), 1);
        let q = Product::exact(d("2")).times(Product::exact(d("3")));
        assert!(q.is_exact());
        assert_eq!(q.value(&|_| d("100")), d("6"));
    }

    #[test]
    fn bounds_in_words() {
        let mut i = input("x", "0.5", "3");
        i.measure = Measure::Hours;
        assert_eq!(i.says(d("0.5")), "0.5 h");
        i.measure = Measure::PerHour("USD".into());
        assert_eq!(i.says(d("30")), "$30/h");
        assert_eq!(i.says(d("0.0168")), "$0.0168/h");
        i.measure = Measure::Money("EUR".into());
        assert_eq!(i.says(d("3.99")), "€3.99");
        assert_eq!(i.says(d("1234.5")), "€1,234.50");
    }
}
