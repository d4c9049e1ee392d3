//! Deployments that grow with the team, as the checked model holds them: servers
//! that step up by team size or by concurrent users (whichever the vendor states,
//! and whichever comes first), counted parts (one app node per 500 concurrent
//! users), licences sold by quote, and caveats that start at some size.
//!
//! The share of users online at once is an assumption of the comparison
//! (`engine::concurrency`), not of the file: the file states sizes in the terms
//! the vendor uses, and the engine turns them into team sizes.

use rust_decimal::Decimal;

/// What a count or a size is stated in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// Registered users (the team size).
    Users,
    /// Users online at the same time.
    Concurrent,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Users => "users",
            Basis::Concurrent => "concurrent users",
        }
    }
}

/// A size stated by team size, by concurrent users, or both; where both are
/// given the first one reached counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Threshold {
    pub users: Option<u64>,
    pub concurrent: Option<u64>,
}

/// How many of a row's part are in use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    /// Always this many (e.g. the three members of a replica set).
    Fixed(u64),
    /// One per `size` users or concurrent users, rounded up, at least `min`.
    Per { basis: Basis, size: u64, min: u64 },
}

/// One row of a deployment that grows: from its threshold on (until a later
/// row's threshold is reached) `count` parts at `each` a month.
#[derive(Clone, Debug, PartialEq)]
pub struct SizeRow {
    pub from: Threshold,
    /// The amount per part per month (or admin hours, see `Component::amount_in`).
    pub each: Decimal,
    pub count: Count,
    /// What is in use, e.g. "3 × m7g.large (2 vCPU, 8 GiB)".
    pub label: Option<String>,
}

/// Rows in the order of the file (each a larger deployment than the one
/// before), and the largest team the deployment serves, by either measure.
#[derive(Clone, Debug, PartialEq)]
pub struct Sized {
    pub rows: Vec<SizeRow>,
    pub max: Threshold,
}

impl Sized {
    /// The same deployment with every amount multiplied by `factor`.
    pub fn scaled(mut self, factor: Decimal) -> Sized {
        for row in &mut self.rows {
            row.each *= factor;
        }
        self
    }

    /// Whether any size is stated in concurrent users.
    pub fn uses_concurrency(&self) -> bool {
        self.max.concurrent.is_some()
            || self.rows.iter().any(|r| r.from.concurrent.is_some())
            || self.rows.iter().any(|r| {
                matches!(
                    r.count,
                    Count::Per {
                        basis: Basis::Concurrent,
                        ..
                    }
                )
            })
    }
}

/// What a component's amounts are in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AmountIn {
    #[default]
    Money,
    /// Hours of admin time a month, costed at `--admin-rate`: upkeep that grows
    /// with the deployment (two hours a month per server, say).
    AdminHours,
}
