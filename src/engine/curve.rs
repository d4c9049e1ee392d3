//! A model's monthly cost as a piecewise function of team size n.
//!
//! Each piece covers a run of team sizes and is either unavailable or
//! `base + slope·n + Σ price·⌈n·num / den⌉`. The ⌈n·num / den⌉ terms ("stairs")
//! keep licence blocks (⌈n / block⌉) and parts counted by concurrent users
//! (⌈s·n / k⌉, see `concurrency`) exact without one piece per block, so a curve
//! has a handful of pieces whatever the range: break-even and charts work from
//! these pieces and never scan team sizes one by one.

use rust_decimal::Decimal;

use super::Assumptions;
use super::concurrency::Concurrency;
use crate::pricing::model::{Billing, Component, Model, Shape, Step, Tier};
use crate::pricing::sizing::{AmountIn, Basis, Count, SizeRow, Sized};

/// The open end of the last piece.
pub const INF: u64 = super::concurrency::INF;

/// `price · ⌈n·num / den⌉`: `num` = 1 for a block of `den` users; for one part
/// per k concurrent users at a share p/q online, num/den = p/(q·k). Kept reduced,
/// so that equal stairs are equal.
#[derive(Clone, Debug, PartialEq)]
pub struct Stair {
    num: u128,
    den: u128,
    pub price: Decimal,
}

impl Stair {
    pub fn new(num: u128, den: u128, price: Decimal) -> Stair {
        let g = gcd(num, den);
        Stair {
            num: num / g,
            den: den / g,
            price,
        }
    }

    /// A licence block: `price` for every `block` users, rounded up.
    pub fn block(block: u64, price: Decimal) -> Stair {
        Stair::new(1, u128::from(block), price)
    }

    /// ⌈n·num / den⌉.
    pub fn count(&self, n: u64) -> u128 {
        (u128::from(n) * self.num).div_ceil(self.den)
    }

    /// Team sizes per step of the stair, num/den of them a user (for the band
    /// the stair keeps a difference in): the slope is `price · num / den`.
    pub fn slope(&self) -> Decimal {
        self.price * to_decimal(self.num) / to_decimal(self.den)
    }

    /// How far above its slope line the stair can go: price·(den − 1)/den.
    pub fn spread(&self) -> Decimal {
        self.price * (to_decimal(self.den) - Decimal::ONE) / to_decimal(self.den)
    }

    /// The first team size with the same count as `n`.
    pub fn first_with_count_of(&self, n: u64) -> u64 {
        let j = self.count(n);
        if j == 0 {
            return 0;
        }
        saturate((j - 1) * self.den / self.num + 1)
    }

    /// The last team size with the same count as `n`.
    pub fn last_with_count_of(&self, n: u64) -> u64 {
        saturate(self.count(n).saturating_mul(self.den) / self.num)
    }

    fn same_step(&self, other: &Stair) -> bool {
        self.num == other.num && self.den == other.den
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

fn saturate(v: u128) -> u64 {
    u64::try_from(v).unwrap_or(INF)
}

/// A count as a decimal (counts beyond 10^28 do not occur: n ≤ 10^18).
fn to_decimal(v: u128) -> Decimal {
    Decimal::from_i128_with_scale(v.min(10u128.pow(28)) as i128, 0)
}

/// `base + slope·n + Σ stairs`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Linear {
    pub base: Decimal,
    pub slope: Decimal,
    pub stairs: Vec<Stair>,
}

impl Linear {
    pub fn constant(base: Decimal) -> Self {
        Linear {
            base,
            ..Default::default()
        }
    }

    pub fn at(&self, n: u64) -> Decimal {
        self.base + self.slope * Decimal::from(n) + self.stairs_at(n)
    }

    /// The stairs alone at `n`: Σ price·⌈n·num / den⌉.
    pub fn stairs_at(&self, n: u64) -> Decimal {
        self.stairs
            .iter()
            .map(|s| s.price * to_decimal(s.count(n)))
            .sum()
    }

    fn plus(&self, other: &Linear) -> Linear {
        let mut stairs = self.stairs.clone();
        for stair in &other.stairs {
            match stairs.iter_mut().find(|s| s.same_step(stair)) {
                Some(s) => s.price += stair.price,
                None => stairs.push(stair.clone()),
            }
        }
        stairs.retain(|s| !s.price.is_zero());
        stairs.sort_by_key(|s| (s.den, s.num));
        Linear {
            base: self.base + other.base,
            slope: self.slope + other.slope,
            stairs,
        }
    }

    /// `self − other`, the difference whose sign says which is cheaper.
    pub fn minus(&self, other: &Linear) -> Linear {
        let negated = Linear {
            base: -other.base,
            slope: -other.slope,
            stairs: other
                .stairs
                .iter()
                .map(|s| Stair {
                    price: -s.price,
                    ..s.clone()
                })
                .collect(),
        };
        self.plus(&negated)
    }
}

/// Team sizes `from..=to`; `cost` is `None` where the plan cannot serve them.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    pub from: u64,
    pub to: u64,
    pub cost: Option<Linear>,
}

/// Pieces in order, covering 1..=INF without gaps.
#[derive(Clone, Debug, PartialEq)]
pub struct Curve {
    pieces: Vec<Piece>,
}

impl Curve {
    /// Builds a curve from pieces that start at 1 and follow each other.
    fn from_pieces(pieces: Vec<Piece>) -> Curve {
        debug_assert_eq!(pieces.first().map(|p| p.from), Some(1));
        debug_assert_eq!(pieces.last().map(|p| p.to), Some(INF));
        let mut merged: Vec<Piece> = Vec::with_capacity(pieces.len());
        for piece in pieces.into_iter().filter(|p| p.from <= p.to) {
            match merged.last_mut() {
                Some(last) if last.cost == piece.cost => last.to = piece.to,
                _ => merged.push(piece),
            }
        }
        Curve { pieces: merged }
    }

    pub fn constant(amount: Decimal) -> Curve {
        Curve::from_pieces(vec![Piece {
            from: 1,
            to: INF,
            cost: Some(Linear::constant(amount)),
        }])
    }

    /// The model's monthly cost under the given assumptions: the components in
    /// force on `as_of`, admin time at the admin rate, and the one-off set-up
    /// spread evenly over the horizon. `None` when no price applies on that date.
    pub fn of_model(model: &Model, a: &Assumptions) -> Option<Curve> {
        let recurring = Curve::recurring(model, a)?;
        let spread = a.setup_total(model) / Decimal::from(a.horizon_months.max(1));
        Some(recurring.plus(&Curve::constant(spread)))
    }

    /// The monthly cost without the set-up spread (for a cumulative view, which
    /// shows the set-up once, in month 0).
    pub fn recurring(model: &Model, a: &Assumptions) -> Option<Curve> {
        let valid: Vec<_> = model
            .components
            .iter()
            .filter(|c| c.valid_on(a.as_of))
            .collect();
        if valid.is_empty() {
            return None;
        }
        let admin = Curve::constant(model.admin_hours() * a.hourly_rate());
        Some(
            valid
                .iter()
                .map(|c| Curve::of_component(c, a))
                .fold(admin, |sum, c| sum.plus(&c)),
        )
    }

    /// One component's monthly cost: its amounts as money, or as admin hours at
    /// the admin rate.
    pub fn of_component(c: &Component, a: &Assumptions) -> Curve {
        let curve = match c.amount_in {
            AmountIn::Money => Curve::of_shape_at(&c.shape, a.billing, a.concurrency),
            AmountIn::AdminHours => Curve::of_shape_at(
                &c.shape.clone().scaled(a.hourly_rate()),
                a.billing,
                a.concurrency,
            ),
        };
        curve.in_band(c.band)
    }

    /// The curve over the team sizes of `band` (inclusive), costing nothing and
    /// serving everyone outside them: a price an offer sets for some sizes.
    pub fn in_band(self, band: Option<(u64, u64)>) -> Curve {
        let Some((from, to)) = band else {
            return self;
        };
        let mut pieces = Vec::new();
        if from > 1 {
            pieces.push(Piece::fixed(1, from - 1, Decimal::ZERO));
        }
        for p in self.pieces.iter().filter(|p| p.to >= from && p.from <= to) {
            pieces.push(Piece {
                from: p.from.max(from),
                to: p.to.min(to),
                cost: p.cost.clone(),
            });
        }
        if to < INF {
            pieces.push(Piece::fixed(to + 1, INF, Decimal::ZERO));
        }
        Curve::from_pieces(pieces)
    }

    /// One component's monthly cost under `billing`, piece by piece, with the
    /// default share of users online at once.
    pub fn of_shape(shape: &Shape, billing: Billing) -> Curve {
        Curve::of_shape_at(shape, billing, Concurrency::default())
    }

    /// One component's monthly cost under `billing` with `share` of the team
    /// online at once, piece by piece. A licence sold by quote costs nothing
    /// here (the comparison prices it, or answers with a ceiling).
    pub fn of_shape_at(shape: &Shape, billing: Billing, share: Concurrency) -> Curve {
        let pieces = match shape {
            Shape::Flat { per_month } => vec![Piece::fixed(1, INF, *per_month)],
            Shape::PerSeat {
                price,
                min_seats,
                max_seats,
            } => per_seat_pieces(price.under(billing), *min_seats, *max_seats),
            Shape::FreeSeats {
                free_seats,
                price,
                max_seats,
            } => free_seat_pieces(*free_seats, price.under(billing), *max_seats),
            Shape::FreePlan { max_users } => vec![
                Piece::fixed(1, *max_users, Decimal::ZERO),
                Piece::closed(max_users + 1),
            ],
            Shape::Tiers(tiers) => tier_pieces(tiers),
            Shape::Blocks {
                block_size,
                per_month,
            } => {
                let stair = Stair::block(*block_size, *per_month);
                let cost = Linear {
                    stairs: vec![stair],
                    ..Default::default()
                };
                vec![Piece {
                    from: 1,
                    to: INF,
                    cost: Some(cost),
                }]
            }
            Shape::Steps { steps, max_users } => step_pieces(steps, *max_users),
            Shape::Sized(sized) => sized_pieces(sized, share),
            Shape::Quote { max_seats, .. } => {
                let max = max_seats.unwrap_or(INF);
                capped(vec![Piece::fixed(1, max, Decimal::ZERO)], max)
            }
        };
        Curve::from_pieces(pieces)
    }

    /// The pointwise sum: a team size is unavailable if either part is.
    pub fn plus(&self, other: &Curve) -> Curve {
        let pieces = Overlap::new(self, other)
            .map(|(from, to, a, b)| {
                let cost = match (&a.cost, &b.cost) {
                    (Some(x), Some(y)) => Some(x.plus(y)),
                    _ => None,
                };
                Piece { from, to, cost }
            })
            .collect();
        Curve::from_pieces(pieces)
    }

    /// Each of `parts` (from, to, curve) over its own team sizes, in order, and
    /// unavailable outside them: the cheapest of several curves, say, from the
    /// stretches where each is cheapest.
    pub fn spliced(parts: &[(u64, u64, &Curve)]) -> Curve {
        let mut pieces = Vec::new();
        let mut next = 1;
        for &(from, to, curve) in parts {
            if from > next {
                pieces.push(Piece {
                    from: next,
                    to: from - 1,
                    cost: None,
                });
            }
            for p in curve.pieces.iter().filter(|p| p.to >= from && p.from <= to) {
                pieces.push(Piece {
                    from: p.from.max(from),
                    to: p.to.min(to),
                    cost: p.cost.clone(),
                });
            }
            next = to.saturating_add(1);
        }
        if pieces.last().is_none_or(|p| p.to < INF) {
            pieces.push(Piece::closed(next));
        }
        Curve::from_pieces(pieces)
    }

    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// The piece that holds team size `n`.
    pub fn piece_at(&self, n: u64) -> &Piece {
        let i = self.pieces.partition_point(|p| p.to < n);
        &self.pieces[i.min(self.pieces.len() - 1)]
    }

    /// The largest team size the plan can serve (`None`: no limit). Every shape is
    /// unavailable only above some size, so this one number says where it serves.
    pub fn max_users(&self) -> Option<u64> {
        self.pieces
            .iter()
            .find(|p| p.cost.is_none())
            .map(|p| p.from - 1)
    }

    /// Monthly cost at `n` users, `None` where the plan cannot serve them.
    pub fn at(&self, n: u64) -> Option<Decimal> {
        self.piece_at(n).cost.as_ref().map(|c| c.at(n))
    }
}

impl Piece {
    /// The same amount whatever the team size in `from..=to`.
    pub(super) fn fixed(from: u64, to: u64, amount: Decimal) -> Piece {
        Piece {
            from,
            to,
            cost: Some(Linear::constant(amount)),
        }
    }

    /// Every team size from `from` on, which the plan cannot serve.
    pub(super) fn closed(from: u64) -> Piece {
        Piece {
            from,
            to: INF,
            cost: None,
        }
    }
}

/// `pieces`, then unavailable above `max` when the plan has a largest size.
fn capped(mut pieces: Vec<Piece>, max: u64) -> Vec<Piece> {
    if max < INF {
        pieces.push(Piece::closed(max + 1));
    }
    pieces
}

/// `price` a seat, at least `min_seats` of them paid, at most `max_seats` served.
fn per_seat_pieces(price: Decimal, min_seats: u64, max_seats: Option<u64>) -> Vec<Piece> {
    let min = min_seats.max(1);
    let max = max_seats.unwrap_or(INF);
    let slope = Linear {
        slope: price,
        ..Default::default()
    };
    let pieces = vec![
        Piece::fixed(1, min - 1, price * Decimal::from(min)),
        Piece {
            from: min,
            to: max,
            cost: Some(slope),
        },
    ];
    capped(pieces, max)
}

/// Nothing for the first `free_seats`, then `price` for each further seat.
fn free_seat_pieces(free_seats: u64, price: Decimal, max_seats: Option<u64>) -> Vec<Piece> {
    let max = max_seats.unwrap_or(INF);
    let charged = Linear {
        base: -price * Decimal::from(free_seats),
        slope: price,
        stairs: vec![],
    };
    let pieces = vec![
        Piece::fixed(1, free_seats.min(max), Decimal::ZERO),
        Piece {
            from: free_seats + 1,
            to: max,
            cost: Some(charged),
        },
    ];
    capped(pieces, max)
}

/// Each tier's amount up to its size; unavailable above the largest.
fn tier_pieces(tiers: &[Tier]) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut from = 1;
    for tier in tiers {
        pieces.push(Piece::fixed(from, tier.up_to, tier.per_month));
        from = tier.up_to + 1;
    }
    pieces.push(Piece::closed(from));
    pieces
}

/// Each step's amount until the next step starts, up to `max_users`.
fn step_pieces(steps: &[Step], max_users: Option<u64>) -> Vec<Piece> {
    let max = max_users.unwrap_or(INF);
    let pieces = steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let to = steps.get(i + 1).map_or(INF, |next| next.from - 1);
            Piece::fixed(s.from, to.min(max), s.per_month)
        })
        .collect();
    capped(pieces, max)
}

/// A deployment's monthly cost, piece by piece: each row from where it is
/// reached until a later row is (a larger row reached first overtakes the ones
/// before it), unavailable above its cap.
pub fn sized_pieces(sized: &Sized, share: Concurrency) -> Vec<Piece> {
    let starts: Vec<u64> = sized.rows.iter().map(|r| share.start_of(&r.from)).collect();
    let cap = share.end_of(&sized.max);
    let mut pieces = Vec::new();
    for (i, row) in sized.rows.iter().enumerate() {
        let next = starts[i + 1..].iter().copied().min().unwrap_or(INF);
        let before_next = if next == INF { INF } else { next - 1 };
        let (from, to) = (starts[i], before_next.min(cap));
        if from <= to {
            pieces.extend(row_pieces(row, from, to, share));
        }
    }
    if cap < INF {
        pieces.push(Piece::closed(cap + 1));
    }
    pieces
}

/// One row over team sizes `from..=to`: `count × each`, the count fixed, or
/// constant at its least until the stair of ⌈n / size⌉ or ⌈s·n / size⌉ passes it.
fn row_pieces(row: &SizeRow, from: u64, to: u64, share: Concurrency) -> Vec<Piece> {
    let (basis, size, min) = match row.count {
        Count::Fixed(k) => return vec![Piece::fixed(from, to, row.each * Decimal::from(k))],
        Count::Per { basis, size, min } => (basis, size, min),
    };
    if row.each.is_zero() {
        return vec![Piece::fixed(from, to, Decimal::ZERO)];
    }
    // The last team size at which the least count still holds.
    let (last_at_min, stair) = match basis {
        Basis::Users => (
            min.saturating_mul(size),
            Stair::new(1, u128::from(size), row.each),
        ),
        Basis::Concurrent => (share.last_team_within(min.saturating_mul(size)), {
            let (num, den) = share.per_concurrent(size);
            Stair::new(num, den, row.each)
        }),
    };
    let mut pieces = Vec::new();
    if from <= last_at_min {
        pieces.push(Piece::fixed(
            from,
            to.min(last_at_min),
            row.each * Decimal::from(min),
        ));
    }
    let stair_from = from.max(last_at_min.saturating_add(1));
    if stair_from <= to {
        pieces.push(Piece {
            from: stair_from,
            to,
            cost: Some(Linear {
                stairs: vec![stair],
                ..Default::default()
            }),
        });
    }
    pieces
}

/// Walks two curves together: each item is a run of team sizes over which both
/// stay in one piece.
pub struct Overlap<'a> {
    a: &'a [Piece],
    b: &'a [Piece],
    next: u64,
    done: bool,
}

impl<'a> Overlap<'a> {
    pub fn new(a: &'a Curve, b: &'a Curve) -> Self {
        Overlap {
            a: &a.pieces,
            b: &b.pieces,
            next: 1,
            done: false,
        }
    }
}

impl<'a> Iterator for Overlap<'a> {
    type Item = (u64, u64, &'a Piece, &'a Piece);

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        while self.a[0].to < self.next {
            self.a = &self.a[1..];
        }
        while self.b[0].to < self.next {
            self.b = &self.b[1..];
        }
        let (pa, pb) = (&self.a[0], &self.b[0]);
        let from = self.next;
        let to = pa.to.min(pb.to);
        if to == INF {
            self.done = true;
        } else {
            self.next = to + 1;
        }
        Some((from, to, pa, pb))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::model::SeatPrice;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn seat(annual: &str, monthly: Option<&str>) -> SeatPrice {
        SeatPrice {
            annual: Some(d(annual)),
            monthly: monthly.map(d),
        }
    }

    fn cost(shape: &Shape, n: u64) -> Option<Decimal> {
        Curve::of_shape(shape, Billing::Annual).at(n)
    }

    #[test]
    fn a_band_prices_its_sizes_and_frees_the_others() {
        // $2 a seat up to 400 seats, priced only for 251–300 users by an offer.
        let shape = Shape::PerSeat {
            price: seat("2", None),
            min_seats: 1,
            max_seats: Some(400),
        };
        let banded = Curve::of_shape(&shape, Billing::Annual).in_band(Some((251, 300)));
        assert_eq!(banded.at(1), Some(d("0")));
        assert_eq!(banded.at(250), Some(d("0")));
        assert_eq!(banded.at(251), Some(d("502")));
        assert_eq!(banded.at(300), Some(d("600")));
        assert_eq!(banded.at(301), Some(d("0")));
        // Unavailable above the plan's own cap inside the band, available outside it.
        let open = Curve::of_shape(&shape, Billing::Annual).in_band(Some((251, INF)));
        assert_eq!(open.at(400), Some(d("800")));
        assert_eq!(open.at(401), None);
        let whole = Curve::of_shape(&shape, Billing::Annual);
        assert_eq!(whole.clone().in_band(None), whole);
    }

    #[test]
    fn flat() {
        let shape = Shape::Flat {
            per_month: d("0.013") * Decimal::from(730),
        };
        assert_eq!(cost(&shape, 1), Some(d("9.49")));
        assert_eq!(cost(&shape, 1_000_000), Some(d("9.49")));
    }

    #[test]
    fn per_seat_with_minimum_maximum_and_billing_terms() {
        let shape = Shape::PerSeat {
            price: seat("6.67", Some("8")),
            min_seats: 1,
            max_seats: None,
        };
        assert_eq!(cost(&shape, 15), Some(d("100.05")));
        let monthly = Curve::of_shape(&shape, Billing::Monthly);
        assert_eq!(monthly.at(15), Some(d("120")));

        // Zulip-style: 25 seats minimum; Teams-style: at most 300.
        let shape = Shape::PerSeat {
            price: seat("6.67", None),
            min_seats: 25,
            max_seats: Some(300),
        };
        assert_eq!(cost(&shape, 1), Some(d("166.75")));
        assert_eq!(cost(&shape, 24), Some(d("166.75")));
        assert_eq!(cost(&shape, 25), Some(d("166.75")));
        assert_eq!(cost(&shape, 26), Some(d("173.42")));
        assert_eq!(cost(&shape, 300), Some(d("2001")));
        assert_eq!(cost(&shape, 301), None);
        // A plan with only an annual price uses it under monthly billing too.
        assert_eq!(
            Curve::of_shape(&shape, Billing::Monthly).at(30),
            Some(d("200.10"))
        );
    }

    #[test]
    fn free_seats_then_charged() {
        let shape = Shape::FreeSeats {
            free_seats: 5,
            price: seat("2", None),
            max_seats: None,
        };
        assert_eq!(cost(&shape, 1), Some(d("0")));
        assert_eq!(cost(&shape, 5), Some(d("0")));
        assert_eq!(cost(&shape, 6), Some(d("2")));
        assert_eq!(cost(&shape, 15), Some(d("20")));
    }

    #[test]
    fn free_plan_with_cap() {
        let shape = Shape::FreePlan { max_users: 50 };
        assert_eq!(cost(&shape, 50), Some(d("0")));
        assert_eq!(cost(&shape, 51), None);
    }

    #[test]
    fn tiers_buy_the_smallest_that_covers() {
        let shape = Shape::Tiers(vec![
            Tier {
                up_to: 10,
                per_month: d("10") / Decimal::from(12),
            },
            Tier {
                up_to: 25,
                per_month: d("1800") / Decimal::from(12),
            },
            Tier {
                up_to: 50,
                per_month: d("3300") / Decimal::from(12),
            },
        ]);
        assert_eq!(
            cost(&shape, 10).map(|c| c * Decimal::from(12)),
            Some(d("10"))
        );
        assert_eq!(cost(&shape, 11), Some(d("150")));
        assert_eq!(cost(&shape, 25), Some(d("150")));
        assert_eq!(cost(&shape, 26), Some(d("275")));
        assert_eq!(cost(&shape, 51), None);
    }

    #[test]
    fn blocks_round_up() {
        let shape = Shape::Blocks {
            block_size: 25,
            per_month: d("150"),
        };
        assert_eq!(cost(&shape, 1), Some(d("150")));
        assert_eq!(cost(&shape, 25), Some(d("150")));
        assert_eq!(cost(&shape, 26), Some(d("300")));
        assert_eq!(cost(&shape, 1_000_000_000_000), Some(d("6000000000000")));
        assert_eq!(Curve::of_shape(&shape, Billing::Annual).pieces().len(), 1);
    }

    #[test]
    fn steps_by_band() {
        let steps = vec![
            Step {
                from: 1,
                per_month: d("15.18"),
            },
            Step {
                from: 201,
                per_month: d("30.37"),
            },
        ];
        let shape = Shape::Steps {
            steps,
            max_users: Some(500),
        };
        assert_eq!(cost(&shape, 200), Some(d("15.18")));
        assert_eq!(cost(&shape, 201), Some(d("30.37")));
        assert_eq!(cost(&shape, 500), Some(d("30.37")));
        assert_eq!(cost(&shape, 501), None);
    }

    #[test]
    fn sums_components_and_unavailability() {
        let a = Curve::of_shape(&Shape::Flat { per_month: d("10") }, Billing::Annual);
        let b = Curve::of_shape(
            &Shape::PerSeat {
                price: seat("2", None),
                min_seats: 1,
                max_seats: Some(25),
            },
            Billing::Annual,
        );
        let sum = a.plus(&b);
        assert_eq!(sum.at(5), Some(d("20")));
        assert_eq!(sum.at(25), Some(d("60")));
        assert_eq!(sum.at(26), None);
        assert_eq!(sum.pieces().len(), 2);
    }
}
