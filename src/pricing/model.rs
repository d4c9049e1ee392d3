//! The pricing model as the engine sees it: checked, with every price already
//! turned into an exact amount per month. The TOML form lives in `schema.rs`.

use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    SelfHosted,
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
    /// An amount by band of team size; the first band starts at 1 user.
    Steps(Vec<Step>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Component {
    pub label: Option<String>,
    pub shape: Shape,
    pub source: Option<String>,
    pub as_of: Option<String>,
    pub confidence: Option<Confidence>,
}

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
    /// Where the model was read from, for messages.
    pub origin: String,
}
