use std::str::FromStr;

use rust_decimal::Decimal;

use super::*;
use crate::engine::curve::Curve;
use crate::pricing::model::{Billing, Shape};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn share(text: &str) -> Concurrency {
    Concurrency::parse(text).unwrap()
}

/// ⌈s·n⌉ by brute force: the least whole c with c ≥ s·n.
pub(crate) fn naive_concurrent(s: Decimal, n: u64) -> u64 {
    let exact = s * Decimal::from(n);
    let mut c = 0;
    while Decimal::from(c) < exact {
        c += 1;
    }
    c
}

#[test]
fn reads_shares_and_percentages() {
    assert_eq!(share("0.25"), share("25%"));
    assert_eq!(share(" 12.5% ").share(), d("0.125"));
    assert_eq!(share("1").share(), Decimal::ONE);
    assert_eq!(share("0.0001").share(), d("0.0001"));
    assert_eq!(Concurrency::default(), share("0.25"));
    assert_eq!(share("0.125").to_string(), "12.5%");
    for bad in ["0", "-0.1", "1.01", "0.00001", "abc", "", "150%", "25%%"] {
        let e = Concurrency::parse(bad).unwrap_err();
        assert!(e.contains("more than 0 and at most 1"), "{bad}: {e}");
    }
}

#[test]
fn team_sizes_and_concurrent_users_map_both_ways_exactly() {
    // A quarter online: 4 people per concurrent user.
    let q = share("0.25");
    assert_eq!(q.concurrent(1), 1);
    assert_eq!(q.concurrent(4), 1);
    assert_eq!(q.concurrent(5), 2);
    assert_eq!(q.concurrent(2000), 500);
    assert_eq!(q.first_team_with(500), 1997);
    assert_eq!(q.first_team_with(1), 1);
    assert_eq!(q.last_team_within(300), 1200);
    // A third online (0.3333): shares that are not a whole fraction of a user.
    for text in ["0.3333", "0.3", "0.07", "1", "0.0001"] {
        let s = share(text);
        for n in 1..=3000u64 {
            assert_eq!(
                s.concurrent(n),
                naive_concurrent(s.share(), n),
                "{text} at {n}"
            );
        }
        for c in 1..=400u64 {
            let first = s.first_team_with(c);
            assert!(s.concurrent(first) >= c, "{text}: {c}");
            assert!(first == 1 || s.concurrent(first - 1) < c, "{text}: {c}");
            let last = s.last_team_within(c);
            assert!(
                s.concurrent(last) <= c && s.concurrent(last + 1) > c,
                "{text}: {c}"
            );
        }
    }
    // Huge teams do not overflow: the answer saturates at the open end.
    assert_eq!(share("0.0001").first_team_with(u64::MAX), INF);
    assert_eq!(
        share("1").concurrent(1_000_000_000_000_000_000),
        1_000_000_000_000_000_000
    );
}

fn row(from: Threshold, each: &str, count: Count) -> SizeRow {
    SizeRow {
        from,
        each: d(each),
        count,
        label: None,
    }
}

fn users(n: u64) -> Threshold {
    Threshold {
        users: Some(n),
        concurrent: None,
    }
}

fn concurrent(n: u64) -> Threshold {
    Threshold {
        users: None,
        concurrent: Some(n),
    }
}

/// The cost of a sized deployment at n, by brute force from its rows (the
/// break-even property test prices its deployments with it too).
pub(crate) fn naive(sized: &Sized, s: Concurrency, n: u64) -> Option<Decimal> {
    let c = naive_concurrent(s.share(), n);
    let reached =
        |t: &Threshold| t.users.is_some_and(|u| n >= u) || t.concurrent.is_some_and(|k| c >= k);
    if sized.max.users.is_some_and(|u| n > u) || sized.max.concurrent.is_some_and(|k| c > k) {
        return None;
    }
    let row = sized.rows.iter().rev().find(|r| reached(&r.from))?;
    let count = match row.count {
        Count::Fixed(k) => k,
        Count::Per { basis, size, min } => {
            let of = if basis == Basis::Users { n } else { c };
            let mut parts = 0;
            while parts * size < of {
                parts += 1;
            }
            parts.max(min)
        }
    };
    Some(row.each * Decimal::from(count))
}

#[test]
fn a_deployment_steps_at_whichever_size_comes_first_and_counts_parts_exactly() {
    // Rocket.Chat's single server: t4g.small; t4g.medium from 201 users or 51
    // concurrent; t4g.xlarge from 501 users or 101 concurrent; at most 1,000
    // users or 300 concurrent.
    let server = Sized {
        rows: vec![
            row(users(1), "12.264", Count::Fixed(1)),
            row(
                Threshold {
                    users: Some(201),
                    concurrent: Some(51),
                },
                "24.528",
                Count::Fixed(1),
            ),
            row(
                Threshold {
                    users: Some(501),
                    concurrent: Some(101),
                },
                "98.112",
                Count::Fixed(1),
            ),
        ],
        max: Threshold {
            users: Some(1000),
            concurrent: Some(300),
        },
    };
    // Two app nodes below 500 concurrent, then one per 500 concurrent (at least 2).
    let nodes = Sized {
        rows: vec![
            row(users(1), "52.925", Count::Fixed(2)),
            row(
                concurrent(500),
                "105.85",
                Count::Per {
                    basis: Basis::Concurrent,
                    size: 500,
                    min: 2,
                },
            ),
        ],
        max: concurrent(5000),
    };
    // Per user and per concurrent user (block 1), and a block of 3,000 concurrent.
    let counted = Sized {
        rows: vec![row(
            users(1),
            "0.02",
            Count::Per {
                basis: Basis::Concurrent,
                size: 1,
                min: 0,
            },
        )],
        max: Threshold::default(),
    };
    let lcu = Sized {
        rows: vec![row(
            users(1),
            "5.84",
            Count::Per {
                basis: Basis::Concurrent,
                size: 3000,
                min: 0,
            },
        )],
        max: Threshold::default(),
    };
    for text in ["0.25", "0.1", "0.3333", "0.07", "1"] {
        let s = share(text);
        for sized in [&server, &nodes, &counted, &lcu] {
            let curve = Curve::of_shape_at(&Shape::Sized(sized.clone()), Billing::Annual, s);
            for n in (1..=25_000u64)
                .step_by(7)
                .chain([1997, 1996, 4000, 4001, 1200, 1201])
            {
                assert_eq!(curve.at(n), naive(sized, s, n), "{text} at {n}");
            }
            // A handful of pieces, whatever the range.
            assert!(curve.pieces().len() <= 6, "{text}: {:?}", curve.pieces());
        }
    }
    // Hand-worked at a quarter online: the medium server from 201 users (both
    // measures), the large one from 401 (101 concurrent before 501 users), and
    // the 1,000-user cap before the 300-concurrent one (1,200).
    let q = share("0.25");
    let at = |sized: &Sized, n| {
        Curve::of_shape_at(&Shape::Sized(sized.clone()), Billing::Annual, q).at(n)
    };
    assert_eq!(at(&server, 200), Some(d("12.264")));
    assert_eq!(at(&server, 201), Some(d("24.528")));
    assert_eq!(at(&server, 400), Some(d("24.528")));
    assert_eq!(at(&server, 401), Some(d("98.112")));
    assert_eq!(at(&server, 1000), Some(d("98.112")));
    assert_eq!(at(&server, 1001), None);
    // Two c7g.large to 1,996 users (499 concurrent), two c7g.xlarge from 1,997,
    // a third node from 4,001 users (1,001 concurrent), none above 20,000.
    assert_eq!(at(&nodes, 1996), Some(d("105.85")));
    assert_eq!(at(&nodes, 1997), Some(d("211.70")));
    assert_eq!(at(&nodes, 4000), Some(d("211.70")));
    assert_eq!(at(&nodes, 4001), Some(d("317.55")));
    assert_eq!(at(&nodes, 20_000), Some(d("1058.50")));
    assert_eq!(at(&nodes, 20_001), None);
    // $0.02 per concurrent user: 2,000 users, 500 concurrent, $10.
    assert_eq!(at(&counted, 2000), Some(d("10.00")));
    assert_eq!(at(&counted, 2001), Some(d("10.02")));
    assert_eq!(at(&lcu, 12_000), Some(d("5.84")));
    assert_eq!(at(&lcu, 12_001), Some(d("11.68")));
}

#[test]
fn a_larger_row_reached_first_overtakes_the_rows_before_it() {
    // At 10% online, "from 101 concurrent" (1,001 users) comes after "from 501
    // users" of the next row, so the middle row never applies.
    let sized = Sized {
        rows: vec![
            row(users(1), "1", Count::Fixed(1)),
            row(concurrent(101), "2", Count::Fixed(1)),
            row(users(501), "3", Count::Fixed(1)),
        ],
        max: Threshold::default(),
    };
    let s = share("0.1");
    let curve = Curve::of_shape_at(&Shape::Sized(sized.clone()), Billing::Annual, s);
    assert_eq!(curve.at(500), Some(d("1")));
    assert_eq!(curve.at(501), Some(d("3")));
    assert_eq!(curve.at(2000), Some(d("3")));
    assert_eq!(s.row_at(&sized, 2000).map(|r| r.each), Some(d("3")));
}
