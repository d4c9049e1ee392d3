use std::str::FromStr;

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;
use crate::engine::Assumptions;
use crate::pricing::model::{Component, Model, SeatPrice, Shape, Step, Tier};
use crate::pricing::sizing::{Basis, Count, SizeRow, Sized, Threshold};
use crate::units::date::Date;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn model(id: &str, shapes: Vec<Shape>) -> Model {
    Model {
        id: id.into(),
        name: id.into(),
        as_of: "2016-01-01".into(),
        components: shapes
            .into_iter()
            .map(|shape| Component {
                shape,
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

fn curve(m: &Model) -> Curve {
    Curve::of_model(m, &Assumptions::on(Date::parse("2016-01-01").unwrap())).unwrap()
}

fn seat(price: &str) -> Shape {
    Shape::PerSeat {
        price: SeatPrice {
            annual: Some(d(price)),
            monthly: None,
        },
        min_seats: 1,
        max_seats: None,
    }
}

fn run(models: &[Model], from: u64, to: u64) -> Analysis {
    let curves: Vec<Curve> = models.iter().map(curve).collect();
    let refs: Vec<(&str, &Curve)> = models
        .iter()
        .map(|m| m.id.as_str())
        .zip(curves.iter())
        .collect();
    analyse(&refs, from, to).unwrap()
}

fn blog() -> Vec<Model> {
    vec![
        model(
            "rocketchat-selfhosted",
            vec![Shape::Flat { per_month: d("10") }],
        ),
        model("slack-standard", vec![seat("6.67")]),
        model("hipchat-plus", vec![seat("2")]),
        model(
            "hipchat-server",
            vec![Shape::Tiers(vec![Tier {
                up_to: 25,
                per_month: d("1800") / Decimal::from(12),
            }])],
        ),
    ]
}

fn pair<'a>(analysis: &'a Analysis, a: &str, b: &str) -> &'a Pair {
    analysis
        .pairs
        .iter()
        .find(|p| p.a == a && p.b == b)
        .unwrap()
}

#[test]
fn flat_against_two_per_user_ties_at_five() {
    let a = run(
        &[
            model("flat", vec![Shape::Flat { per_month: d("10") }]),
            model("seat", vec![seat("2")]),
        ],
        1,
        30,
    );
    let p = pair(&a, "flat", "seat");
    assert_eq!(p.cheaper_at_start.as_deref(), Some("seat"));
    assert_eq!(
        p.crossings,
        vec![Crossing {
            users: 5,
            cheaper_from_here: "flat".into(),
            tie: true,
            exact: Some(d("5")),
            cause: Cause::Price
        }]
    );
}

#[test]
fn flat_against_slack_crosses_at_two() {
    let a = run(
        &[
            model("flat", vec![Shape::Flat { per_month: d("10") }]),
            model("seat", vec![seat("6.67")]),
        ],
        1,
        30,
    );
    let p = pair(&a, "flat", "seat");
    assert_eq!(p.crossings.len(), 1);
    let c = &p.crossings[0];
    assert_eq!((c.users, c.tie, c.cause), (2, false, Cause::Price));
    assert_eq!(c.cheaper_from_here, "flat");
    let exact = c.exact.unwrap();
    assert!(exact > d("1.4992") && exact < d("1.4993"), "{exact}");
}

#[test]
fn blog_scenario() {
    let a = run(&blog(), 1, 30);
    assert_eq!(
        a.cheapest,
        vec![
            Stretch {
                from: 1,
                to: 4,
                models: vec!["hipchat-plus".into()]
            },
            Stretch {
                from: 5,
                to: 5,
                models: vec!["hipchat-plus".into(), "rocketchat-selfhosted".into()]
            },
            Stretch {
                from: 6,
                to: 30,
                models: vec!["rocketchat-selfhosted".into()]
            },
        ]
    );
    let ids: Vec<(&str, &str)> = a
        .pairs
        .iter()
        .map(|p| (p.a.as_str(), p.b.as_str()))
        .collect();
    assert_eq!(
        ids,
        vec![
            ("hipchat-plus", "hipchat-server"),
            ("hipchat-plus", "rocketchat-selfhosted"),
            ("hipchat-plus", "slack-standard"),
            ("hipchat-server", "rocketchat-selfhosted"),
            ("hipchat-server", "slack-standard"),
            ("rocketchat-selfhosted", "slack-standard"),
        ]
    );
    // Slack passes HipChat Server's $150 at 23 users (22 × 6.67 = 146.74, 23 × 6.67 =
    // 153.41); from 26 the server licence no longer covers the team.
    let p = pair(&a, "hipchat-server", "slack-standard");
    assert_eq!(p.cheaper_at_start.as_deref(), Some("slack-standard"));
    let got: Vec<(u64, &str, Cause)> = p
        .crossings
        .iter()
        .map(|c| (c.users, c.cheaper_from_here.as_str(), c.cause))
        .collect();
    assert_eq!(
        got,
        vec![
            (23, "hipchat-server", Cause::Price),
            (26, "slack-standard", Cause::Unavailable)
        ]
    );
    assert!(
        pair(&a, "hipchat-plus", "hipchat-server")
            .crossings
            .is_empty()
    );
}

#[test]
fn a_billion_times_larger_range_is_no_slower_to_describe() {
    let mut models = blog();
    models.push(model(
        "blocks",
        vec![Shape::Blocks {
            block_size: 25,
            per_month: d("100"),
        }],
    ));
    let a = run(&models, 1, 1_000_000_000_000_000);
    let last = a.cheapest.last().unwrap();
    assert_eq!(last.to, 1_000_000_000_000_000);
    assert_eq!(last.models, vec!["rocketchat-selfhosted".to_string()]);
    // $100 per block of 25 (= $4/user on average) against Slack at $6.67/user.
    let p = pair(&a, "blocks", "slack-standard");
    let got: Vec<u64> = p.crossings.iter().map(|c| c.users).collect();
    // Slack is cheaper up to 14 users (14 × 6.67 = 93.38 < 100; 15 × 6.67 = 100.05),
    // the blocks at 15–25, Slack again at 26–29 (29 × 6.67 = 193.43 < 200), and the
    // blocks from 30 on: at the first size of block k Slack costs 166.75k − 160.08,
    // more than 100k once k ≥ 3.
    assert_eq!(got, vec![15, 26, 30]);
    let brute = brute_force(&models[4..], &models[1..2], 1, 2000);
    assert_eq!(got, brute.0);
}

#[test]
fn periodic_ties_are_refused_with_a_clear_error() {
    let models = [
        model(
            "blocks",
            vec![Shape::Blocks {
                block_size: 25,
                per_month: d("150"),
            }],
        ),
        model("seat", vec![seat("6")]),
    ];
    let curves: Vec<Curve> = models.iter().map(curve).collect();
    let refs = [("blocks", &curves[0]), ("seat", &curves[1])];
    // Equal at 25, 50, 75, 100 (tie crossings); per-seat cheaper again at 26, 51, 76.
    let users: Vec<u64> = analyse(&refs, 1, 100).unwrap().pairs[0]
        .crossings
        .iter()
        .map(|c| c.users)
        .collect();
    assert_eq!(users, vec![25, 26, 50, 51, 75, 76, 100]);
    let err = analyse(&refs, 1, 1_000_000_000_000).unwrap_err();
    assert!(err.to_string().contains("narrow --users"));
}

// ---- an independent brute force: per-team-size costs straight from the shapes ----

fn naive_shape(shape: &Shape, n: u64) -> Option<Decimal> {
    match shape {
        Shape::Flat { per_month } => Some(*per_month),
        Shape::PerSeat {
            price,
            min_seats,
            max_seats,
        } => {
            if max_seats.is_some_and(|m| n > m) {
                None
            } else {
                Some(price.annual.unwrap() * Decimal::from(n.max(*min_seats)))
            }
        }
        Shape::FreeSeats {
            free_seats,
            price,
            max_seats,
        } => {
            if max_seats.is_some_and(|m| n > m) {
                None
            } else {
                Some(price.annual.unwrap() * Decimal::from(n.saturating_sub(*free_seats)))
            }
        }
        Shape::FreePlan { max_users } => (n <= *max_users).then_some(Decimal::ZERO),
        Shape::Tiers(tiers) => tiers.iter().find(|t| n <= t.up_to).map(|t| t.per_month),
        Shape::Blocks {
            block_size,
            per_month,
        } => {
            let mut blocks = 0u64;
            while blocks * block_size < n {
                blocks += 1;
            }
            Some(*per_month * Decimal::from(blocks))
        }
        Shape::Steps { steps, max_users } => {
            if max_users.is_some_and(|m| n > m) {
                None
            } else {
                steps
                    .iter()
                    .rev()
                    .find(|s| s.from <= n)
                    .map(|s| s.per_month)
            }
        }
        Shape::Sized(sized) => {
            let quarter = crate::engine::concurrency::Concurrency::default();
            crate::engine::concurrency::tests::naive(sized, quarter, n)
        }
        Shape::Quote { max_seats, .. } => {
            (max_seats.is_none_or(|m| n <= m)).then_some(Decimal::ZERO)
        }
    }
}

/// Deployments that grow: a first row at one user, later rows from a team size
/// or a number of concurrent users, parts fixed or counted, an optional cap.
fn sized_shape() -> impl Strategy<Value = Shape> {
    let count = prop_oneof![
        (1u64..4).prop_map(Count::Fixed),
        (1u64..12, 0u64..3).prop_map(|(size, min)| Count::Per {
            basis: Basis::Concurrent,
            size,
            min
        }),
        (1u64..12, 0u64..3).prop_map(|(size, min)| Count::Per {
            basis: Basis::Users,
            size,
            min
        }),
    ];
    let rows = proptest::collection::vec((1u64..40, any::<bool>(), price(), count), 1..4);
    let cap = (
        proptest::option::of(20u64..200),
        proptest::option::of(5u64..50),
    );
    (rows, cap).prop_map(|(raw, (max_users, max_concurrent))| {
        let (mut users, mut concurrent) = (1, 1);
        let rows = raw
            .into_iter()
            .enumerate()
            .map(|(i, (gap, by_users, each, count))| {
                let from = if i == 0 {
                    Threshold {
                        users: Some(1),
                        concurrent: None,
                    }
                } else if by_users {
                    users += gap;
                    Threshold {
                        users: Some(users),
                        concurrent: None,
                    }
                } else {
                    concurrent += gap / 3 + 1;
                    Threshold {
                        users: None,
                        concurrent: Some(concurrent),
                    }
                };
                SizeRow {
                    from,
                    each,
                    count,
                    label: None,
                }
            })
            .collect();
        Shape::Sized(Sized {
            rows,
            max: Threshold {
                users: max_users,
                concurrent: max_concurrent,
            },
        })
    })
}

fn naive(m: &Model, n: u64) -> Option<Decimal> {
    m.components.iter().map(|c| naive_shape(&c.shape, n)).sum()
}

/// Crossings of one pair by scanning every team size, and the cheapest set per size.
fn brute_force(a: &[Model], b: &[Model], from: u64, to: u64) -> (Vec<u64>, Option<String>) {
    #[derive(PartialEq, Clone, Copy)]
    enum S {
        A,
        B,
        Tie,
        None,
    }
    let state = |n| match (naive(&a[0], n), naive(&b[0], n)) {
        (Some(x), Some(y)) if x < y => S::A,
        (Some(x), Some(y)) if x > y => S::B,
        (Some(_), Some(_)) => S::Tie,
        (Some(_), None) => S::A,
        (None, Some(_)) => S::B,
        (None, None) => S::None,
    };
    let first = state(from);
    let mut claimed = if matches!(first, S::A | S::B) {
        Some(first)
    } else {
        None
    };
    let start = claimed.map(|s| {
        if s == S::A {
            a[0].id.clone()
        } else {
            b[0].id.clone()
        }
    });
    let mut users = Vec::new();
    let mut prev = first;
    for n in from + 1..=to {
        let cur = state(n);
        if matches!(cur, S::A | S::B) && claimed != Some(cur) {
            users.push(n);
            claimed = Some(cur);
        } else if cur == S::Tie && matches!(prev, S::A | S::B) {
            users.push(n);
            claimed = Some(if prev == S::A { S::B } else { S::A });
        }
        prev = cur;
    }
    (users, start)
}

fn brute_cheapest(models: &[Model], from: u64, to: u64) -> Vec<Stretch> {
    let mut out: Vec<Stretch> = Vec::new();
    for n in from..=to {
        let costs: Vec<(String, Decimal)> = models
            .iter()
            .filter_map(|m| naive(m, n).map(|c| (m.id.clone(), c)))
            .collect();
        let min = costs.iter().map(|c| c.1).min();
        let mut ids: Vec<String> = costs
            .into_iter()
            .filter(|c| Some(c.1) == min)
            .map(|c| c.0)
            .collect();
        ids.sort();
        match out.last_mut() {
            Some(last) if last.models == ids => last.to = n,
            _ => out.push(Stretch {
                from: n,
                to: n,
                models: ids,
            }),
        }
    }
    out
}

fn price() -> impl Strategy<Value = Decimal> + Clone {
    (0i64..3000).prop_map(|cents| Decimal::new(cents, 2))
}

fn shape() -> impl Strategy<Value = Shape> {
    let seat_price = || {
        price().prop_map(|p| SeatPrice {
            annual: Some(p),
            monthly: None,
        })
    };
    prop_oneof![
        price().prop_map(|per_month| Shape::Flat { per_month }),
        (seat_price(), 1u64..20, proptest::option::of(20u64..80)).prop_map(
            |(price, min_seats, max_seats)| {
                Shape::PerSeat {
                    price,
                    min_seats,
                    max_seats,
                }
            }
        ),
        (seat_price(), 0u64..15, proptest::option::of(15u64..90)).prop_map(
            |(price, free_seats, max_seats)| Shape::FreeSeats {
                free_seats,
                price,
                max_seats
            }
        ),
        (1u64..90).prop_map(|max_users| Shape::FreePlan { max_users }),
        proptest::collection::vec((1u64..30, price()), 1..4).prop_map(|raw| {
            let mut up_to = 0;
            Shape::Tiers(
                raw.into_iter()
                    .map(|(gap, p)| {
                        up_to += gap;
                        Tier {
                            up_to,
                            per_month: p * Decimal::from(4),
                        }
                    })
                    .collect(),
            )
        }),
        (1u64..12, price()).prop_map(|(block_size, per_month)| Shape::Blocks {
            block_size,
            per_month
        }),
        (
            proptest::collection::vec((1u64..40, price()), 1..4),
            proptest::option::of(0u64..60)
        )
            .prop_map(|(raw, extra)| {
                let mut from = 1;
                let steps: Vec<Step> = raw
                    .into_iter()
                    .enumerate()
                    .map(|(i, (gap, p))| {
                        if i > 0 {
                            from += gap;
                        }
                        Step {
                            from,
                            per_month: p * Decimal::from(3),
                        }
                    })
                    .collect();
                Shape::Steps {
                    max_users: extra.map(|e| from + e),
                    steps,
                }
            }),
        sized_shape(),
    ]
}

fn models() -> impl Strategy<Value = Vec<Model>> {
    proptest::collection::vec(proptest::collection::vec(shape(), 1..4), 2..5).prop_map(|all| {
        all.into_iter()
            .enumerate()
            .map(|(i, shapes)| model(&format!("m{i}"), shapes))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn matches_a_brute_force_scan(models in models(), from in 1u64..20, len in 0u64..150) {
        let to = from + len;
        let curves: Vec<Curve> = models.iter().map(curve).collect();
        for (m, c) in models.iter().zip(&curves) {
            for n in from..=to {
                prop_assert_eq!(c.at(n), naive(m, n), "cost of {} at {}", m.id, n);
            }
        }
        let analysis = run(&models, from, to);
        prop_assert_eq!(&analysis.cheapest, &brute_cheapest(&models, from, to));
        for p in &analysis.pairs {
            let a = models.iter().position(|m| m.id == p.a).unwrap();
            let b = models.iter().position(|m| m.id == p.b).unwrap();
            let (users, start) = brute_force(&models[a..=a], &models[b..=b], from, to);
            let got: Vec<u64> = p.crossings.iter().map(|c| c.users).collect();
            prop_assert_eq!(&got, &users, "{} vs {}", p.a, p.b);
            prop_assert_eq!(&p.cheaper_at_start, &start);
            for c in &p.crossings {
                let (x, y) = (naive(&models[a], c.users), naive(&models[b], c.users));
                prop_assert_eq!(c.tie, x.is_some() && x == y);
                if let Some(exact) = c.exact {
                    prop_assert!(exact_is_in_place(&models[a], &models[b], c.users, exact), "{:?}", c);
                }
            }
        }
    }
}

/// Found by CI's proptest run: free seats against blocks whose average seat
/// price is lower, so the two cross back and forth on the block stairs.
#[test]
fn lines_meeting_at_a_tie_on_block_stairs() {
    let models = vec![
        model(
            "m0",
            vec![Shape::FreeSeats {
                free_seats: 10,
                price: SeatPrice {
                    annual: Some(d("9.08")),
                    monthly: None,
                },
                max_seats: None,
            }],
        ),
        model(
            "m1",
            vec![Shape::Blocks {
                block_size: 4,
                per_month: d("27.24"),
            }],
        ),
    ];
    let analysis = run(&models, 1, 50);
    let p = pair(&analysis, "m0", "m1");
    let (users, _) = brute_force(&models[0..1], &models[1..2], 1, 50);
    let got: Vec<u64> = p.crossings.iter().map(|c| c.users).collect();
    assert_eq!(got, users);
    // m1 is cheaper at 47–48, both cost $354.12 at 49 (m1's 13th block starts
    // there), m1 is cheaper again from 50: the lines meet at the tie, not after it.
    let at_50 = p.crossings.iter().find(|c| c.users == 50).unwrap();
    assert_eq!(at_50.exact, Some(d("49")));
    let at_49 = p.crossings.iter().find(|c| c.users == 49).unwrap();
    assert!(at_49.tie);
    for c in &p.crossings {
        if let Some(exact) = c.exact {
            assert!(
                exact_is_in_place(&models[0], &models[1], c.users, exact),
                "{c:?}"
            );
        }
    }
}

/// Where the cost lines meet: between the last size before the crossing and the
/// crossing itself, or at the size just before it when the two cost the same
/// there (a tie from which one of them pulls ahead).
fn exact_is_in_place(a: &Model, b: &Model, users: u64, exact: Decimal) -> bool {
    let before = Decimal::from(users - 1);
    (exact > before && exact <= Decimal::from(users))
        || (exact == before
            && naive(a, users - 1).is_some()
            && naive(a, users - 1) == naive(b, users - 1))
}

/// A slope so small that the root does not fit in a decimal (a seat at 10^-27,
/// found by a user trial) means no crossing in range, not a panic.
#[test]
fn a_vanishing_slope_puts_the_root_out_of_range() {
    let models = [
        model("flat", vec![Shape::Flat { per_month: d("10") }]),
        model("tiny", vec![seat("0.000000000000000000000000001")]),
    ];
    let a = run(&models, 1, 1_000_000_000_000_000_000);
    let p = pair(&a, "flat", "tiny");
    assert!(p.crossings.is_empty());
    assert_eq!(p.cheaper_at_start.as_deref(), Some("tiny"));
    // And a seat price a hair above the flat amount per user still crosses exactly.
    let models = [
        model("flat", vec![Shape::Flat { per_month: d("10") }]),
        model("seat", vec![seat("0.0000000001")]),
    ];
    let a = run(&models, 1, 1_000_000_000_000_000_000);
    let p = pair(&a, "flat", "seat");
    let c = &p.crossings[0];
    // 10 / 10^-10 = 10^11 users: equal there, flat no more expensive from then on.
    assert_eq!((c.users, c.tie), (100_000_000_000, true));
}
