//! The pricing model as the engine sees it: checked, with every price already
//! turned into an exact amount per month. The TOML form lives in `schema.rs`.

use rust_decimal::Decimal;
use serde::Serialize;

use super::sizing::{AmountIn, Sized, Threshold};
use super::uncertain::{ModelRanges, Uncertain};
use crate::units::date::Date;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    SelfHosted,
    #[default]
    Hosted,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::SelfHosted => "self-hosted",
            Kind::Hosted => "hosted",
        }
    }
}

/// How sure we are of a figure; see `../shared/pricing-facts.md` for the labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    Verified,
    Secondary,
    Unverified,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Verified => "verified",
            Confidence::Secondary => "secondary",
            Confidence::Unverified => "unverified",
        }
    }
}

/// Which billing term a per-seat price is taken from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Billing {
    #[default]
    Annual,
    Monthly,
}

impl Billing {
    pub fn as_str(self) -> &'static str {
        match self {
            Billing::Annual => "annual",
            Billing::Monthly => "monthly",
        }
    }
}

/// A price per user per month under each billing term the vendor offers.
#[derive(Clone, Debug, PartialEq)]
pub struct SeatPrice {
    pub annual: Option<Decimal>,
    pub monthly: Option<Decimal>,
}

impl SeatPrice {
    /// The price under `billing`, or under the only term the plan has.
    pub fn under(&self, billing: Billing) -> Decimal {
        let (wanted, other) = match billing {
            Billing::Annual => (self.annual, self.monthly),
            Billing::Monthly => (self.monthly, self.annual),
        };
        wanted.or(other).unwrap_or_default()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Tier {
    /// The largest team size this tier serves.
    pub up_to: u64,
    pub per_month: Decimal,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// The first team size this band applies to.
    pub from: u64,
    pub per_month: Decimal,
}

/// One cost component; see the README's schema table for what each shape means.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// A fixed amount every month.
    Flat { per_month: Decimal },
    /// price × max(n, min_seats); unavailable above `max_seats`.
    PerSeat {
        price: SeatPrice,
        min_seats: u64,
        max_seats: Option<u64>,
    },
    /// The first `free_seats` cost nothing, each further seat is charged.
    FreeSeats {
        free_seats: u64,
        price: SeatPrice,
        max_seats: Option<u64>,
    },
    /// $0 up to `max_users`; unavailable above.
    FreePlan { max_users: u64 },
    /// The smallest tier that covers n is bought; unavailable above the largest.
    Tiers(Vec<Tier>),
    /// ⌈n / block_size⌉ blocks.
    Blocks { block_size: u64, per_month: Decimal },
    /// An amount by band of team size; the first band starts at 1 user;
    /// unavailable above `max_users`.
    Steps {
        steps: Vec<Step>,
        max_users: Option<u64>,
    },
    /// A deployment that grows with the team (see `sizing`).
    Sized(Sized),
    /// A licence sold by quote: no price until `--quote` gives one (then it is
    /// a per-seat price); at least `min_seats` are bought, at most `max_seats` served.
    Quote {
        min_seats: u64,
        max_seats: Option<u64>,
    },
}

impl Default for Shape {
    fn default() -> Self {
        Shape::Flat {
            per_month: Decimal::ZERO,
        }
    }
}

impl Shape {
    /// The same shape with every amount multiplied by `factor` (a currency conversion).
    pub fn scaled(self, factor: Decimal) -> Shape {
        let seat = |p: SeatPrice| SeatPrice {
            annual: p.annual.map(|a| a * factor),
            monthly: p.monthly.map(|m| m * factor),
        };
        match self {
            Shape::Flat { per_month } => Shape::Flat {
                per_month: per_month * factor,
            },
            Shape::PerSeat {
                price,
                min_seats,
                max_seats,
            } => Shape::PerSeat {
                price: seat(price),
                min_seats,
                max_seats,
            },
            Shape::FreeSeats {
                free_seats,
                price,
                max_seats,
            } => Shape::FreeSeats {
                free_seats,
                price: seat(price),
                max_seats,
            },
            Shape::FreePlan { max_users } => Shape::FreePlan { max_users },
            Shape::Tiers(tiers) => Shape::Tiers(
                tiers
                    .into_iter()
                    .map(|t| Tier {
                        per_month: t.per_month * factor,
                        ..t
                    })
                    .collect(),
            ),
            Shape::Blocks {
                block_size,
                per_month,
            } => Shape::Blocks {
                block_size,
                per_month: per_month * factor,
            },
            Shape::Steps { steps, max_users } => Shape::Steps {
                steps: steps
                    .into_iter()
                    .map(|s| Step {
                        per_month: s.per_month * factor,
                        ..s
                    })
                    .collect(),
                max_users,
            },
            Shape::Sized(sized) => Shape::Sized(sized.scaled(factor)),
            quote @ Shape::Quote { .. } => quote,
        }
    }
}

/// A price quoted in another currency, converted at a dated rate.
#[derive(Clone, Debug, PartialEq)]
pub struct Conversion {
    /// The currency the vendor quotes (e.g. EUR); amounts in the file are in it.
    pub currency: String,
    /// Units of the model's currency per unit of `currency`.
    pub rate: Decimal,
    pub as_of: String,
    pub source: String,
    /// The amounts as the vendor quotes them, before the rate: `--currency` in
    /// the quoted currency takes them as they are (no round trip), another
    /// currency converts them once from here (`pricing::rates::convert`).
    pub quoted: Shape,
    /// The ranges among `quoted`, without the rate.
    pub quoted_uncertain: Vec<Uncertain>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Component {
    pub label: Option<String>,
    /// Amounts already converted to the model's currency.
    pub shape: Shape,
    pub source: Option<String>,
    pub as_of: Option<String>,
    pub confidence: Option<Confidence>,
    /// The dates between which this price applies (inclusive); `None`: open-ended.
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    pub conversion: Option<Conversion>,
    /// The model this component was included from (`include = [...]`), if any.
    pub included_from: Option<String>,
    /// Money, or admin hours costed at the admin rate.
    pub amount_in: AmountIn,
    /// The amounts of `shape` that are ranges (`shape` holds their likely values).
    pub uncertain: Vec<Uncertain>,
    /// The team sizes (inclusive) this price applies to, set by an offer that
    /// prices some sizes and leaves the list price to the others; it costs
    /// nothing, and stops no one, outside them. `None`: every size.
    pub band: Option<(u64, u64)>,
}

impl Component {
    /// Whether the price applies on `date`.
    pub fn valid_on(&self, date: Date) -> bool {
        let parse = |d: &Option<String>| d.as_deref().and_then(Date::parse);
        parse(&self.valid_from).is_none_or(|from| from <= date)
            && parse(&self.valid_until).is_none_or(|until| date <= until)
    }

    /// Whether the price applies at `n` users (see `band`).
    pub fn serves(&self, n: u64) -> bool {
        self.band.is_none_or(|(from, to)| from <= n && n <= to)
    }
}

/// Admin hours a month assumed for a self-hosted model that does not say: the
/// middle of the 1–2 h/month that TCO write-ups give for a simple single-VM
/// deployment (OSSAlt 2026: "Medium (Mattermost, Cal.com) 1-2 hours").
/// How a bundled model's origin ends: `pricing/current/slack.toml (bundled)`.
pub const BUNDLED_MARK: &str = " (bundled)";

pub const DEFAULT_ADMIN_HOURS: Decimal = Decimal::from_parts(15, 0, 0, false, 1);
/// One-off set-up hours assumed for a self-hosted model that does not say: the
/// middle of a 4–8 h estimate (unverified; no source gives a figure).
pub const DEFAULT_SETUP_HOURS: Decimal = Decimal::from_parts(6, 0, 0, false, 0);

#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub currency: String,
    pub as_of: String,
    pub sources: Vec<String>,
    pub notes: Option<String>,
    pub components: Vec<Component>,
    /// False for plans with feature limits that make them a different product
    /// (e.g. 90 days of history): left out of "cheapest" and break-even by default.
    pub comparable: bool,
    /// The feature limit, in words, when not comparable.
    pub limit: Option<String>,
    /// A building block (e.g. a VM with disk and backups) that other models
    /// include; never compared on its own.
    pub part: bool,
    /// Ids of models whose components this one adds (resolved when loading).
    pub include: Vec<String>,
    pub admin_hours_per_month: Option<Decimal>,
    pub setup_hours: Option<Decimal>,
    /// One-off money spent to set up (besides the hours).
    pub setup_cost: Decimal,
    /// Where the model was read from, for messages: a file's path, or
    /// `pricing/SCENARIO/FILE (bundled)` (see [`Model::is_bundled`]).
    pub origin: String,
    /// What starts to apply at some size without changing the price.
    pub caveats: Vec<Caveat>,
    /// Admin hours, set-up hours or set-up cost given as ranges (the fields
    /// above hold their likely values).
    pub ranges: ModelRanges,
    /// Offers for nonprofits, schools, open-source projects or new customers
    /// (`[[offer]]`), applied only when asked for.
    pub offers: Vec<Offer>,
}

impl Default for Model {
    /// An empty, comparable, hosted model in USD (for building models in code).
    fn default() -> Self {
        Model {
            id: String::new(),
            name: String::new(),
            kind: Kind::Hosted,
            currency: "USD".into(),
            as_of: String::new(),
            sources: Vec::new(),
            notes: None,
            components: Vec::new(),
            comparable: true,
            limit: None,
            part: false,
            include: Vec::new(),
            admin_hours_per_month: None,
            setup_hours: None,
            setup_cost: Decimal::ZERO,
            origin: String::new(),
            caveats: Vec::new(),
            ranges: ModelRanges::default(),
            offers: Vec::new(),
        }
    }
}

impl Model {
    /// Whether the model comes with rccost (a bundled scenario's file), not
    /// from the user's own `--pricing` files.
    pub fn is_bundled(&self) -> bool {
        self.origin.ends_with(BUNDLED_MARK)
    }

    /// Admin hours a month: as the file says, else the default for self-hosted models.
    pub fn admin_hours(&self) -> Decimal {
        self.stated_or_default(self.admin_hours_per_month, DEFAULT_ADMIN_HOURS)
    }

    /// One-off set-up hours: as the file says, else the default for self-hosted models.
    pub fn setup_hours(&self) -> Decimal {
        self.stated_or_default(self.setup_hours, DEFAULT_SETUP_HOURS)
    }

    /// Hours the file states, else `default` for a self-hosted model and none for
    /// a hosted plan, whose vendor does the running.
    fn stated_or_default(&self, stated: Option<Decimal>, default: Decimal) -> Decimal {
        stated.unwrap_or(if self.kind == Kind::SelfHosted {
            default
        } else {
            Decimal::ZERO
        })
    }

    /// The lowest confidence among the components (`None` if any does not say).
    pub fn confidence(&self) -> Option<Confidence> {
        // A price that does not say is not vouched for: the model is then "unstated".
        let stated: Option<Vec<Confidence>> =
            self.components.iter().map(|c| c.confidence).collect();
        stated?.into_iter().max_by_key(|c| *c as u8)
    }

    /// "annual only" / "monthly only" when every per-seat price in force on
    /// `date` has one term.
    pub fn billing_terms(&self, date: Date) -> Option<&'static str> {
        let prices: Vec<&SeatPrice> = self
            .components
            .iter()
            .filter(|c| c.valid_on(date))
            .filter_map(|c| match &c.shape {
                Shape::PerSeat { price, .. } | Shape::FreeSeats { price, .. } => Some(price),
                Shape::Flat { .. }
                | Shape::FreePlan { .. }
                | Shape::Tiers(_)
                | Shape::Blocks { .. }
                | Shape::Steps { .. }
                | Shape::Sized(_)
                | Shape::Quote { .. } => None,
            })
            .collect();
        if prices.is_empty() {
            None
        } else if prices.iter().all(|p| p.monthly.is_none()) {
            Some("annual only")
        } else if prices.iter().all(|p| p.annual.is_none()) {
            Some("monthly only")
        } else {
            None
        }
    }
}

/// Something that starts to apply at some size and changes what the plan is,
/// without changing its price (Rocket.Chat Community's presence cap).
#[derive(Clone, Debug, PartialEq)]
pub struct Caveat {
    pub from: Threshold,
    pub text: String,
    pub source: Option<String>,
    pub confidence: Option<Confidence>,
}

impl Model {
    /// Whether the licence is sold by quote and no price has been given for it:
    /// such a model is not compared; its infrastructure is, against a ceiling.
    pub fn awaits_quote(&self) -> bool {
        self.components
            .iter()
            .any(|c| matches!(c.shape, Shape::Quote { .. }))
    }

    /// The model with its licence sold by quote priced at `per_user_month` (the
    /// same under either billing term), `source` saying where the price comes
    /// from: from then on it is compared like any other.
    pub fn with_quote(&self, per_user_month: Decimal, source: String) -> super::model::Model {
        let mut model = self.clone();
        for c in &mut model.components {
            if let Shape::Quote {
                min_seats,
                max_seats,
            } = c.shape
            {
                c.shape = Shape::PerSeat {
                    price: SeatPrice {
                        annual: Some(per_user_month),
                        monthly: Some(per_user_month),
                    },
                    min_seats,
                    max_seats,
                };
                c.source = Some(source.clone());
                c.confidence = None;
            }
        }
        model
    }

    /// Whether any size of the model (its parts included) is stated in
    /// concurrent users, so that the share online at once changes its cost.
    pub fn uses_concurrency(&self) -> bool {
        self.components.iter().any(|c| match &c.shape {
            Shape::Sized(s) => s.uses_concurrency(),
            Shape::Flat { .. }
            | Shape::PerSeat { .. }
            | Shape::FreeSeats { .. }
            | Shape::FreePlan { .. }
            | Shape::Tiers(_)
            | Shape::Blocks { .. }
            | Shape::Steps { .. }
            | Shape::Quote { .. } => false,
        }) || self.caveats.iter().any(|c| c.from.concurrent.is_some())
    }
}

/// Who an offer is for: the kinds a reader can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    Nonprofit,
    Education,
    OpenSource,
    /// A promotion open to any new customer.
    NewCustomer,
}

impl Audience {
    pub const ALL: [Audience; 4] = [
        Audience::Nonprofit,
        Audience::Education,
        Audience::OpenSource,
        Audience::NewCustomer,
    ];

    /// The name the files (`for = [...]`) and the outputs use.
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Nonprofit => "nonprofit",
            Audience::Education => "education",
            Audience::OpenSource => "opensource",
            Audience::NewCustomer => "new-customer",
        }
    }

    pub fn parse(name: &str) -> Option<Audience> {
        Audience::ALL.into_iter().find(|a| a.as_str() == name)
    }
}

/// What an offer does to the price while it applies.
#[derive(Clone, Debug, PartialEq)]
pub enum Deal {
    /// These components replace the model's own.
    Price(Vec<Component>),
    /// This share (0–100 %) off the model's own components.
    PercentOff(Decimal),
    /// Only the one-off amounts below; the list price stays.
    OneOff,
}

/// One `[[offer]]` of a pricing file.
#[derive(Clone, Debug, PartialEq)]
pub struct Offer {
    pub audiences: Vec<Audience>,
    /// The team sizes it applies to (inclusive); outside them, the list price.
    pub from: u64,
    pub max_users: Option<u64>,
    pub deal: Deal,
    /// Paid once (Mattermost's $250 licence for three years).
    pub one_off: Decimal,
    /// Taken off once (Zulip's $20 a month off for the first 12 months: $240).
    pub credit: Decimal,
    /// Who qualifies and what the offer gives, in the vendor's terms.
    pub conditions: String,
    pub source: String,
    pub as_of: String,
    pub confidence: Confidence,
}
