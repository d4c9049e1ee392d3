//! Sampling checked against figures worked by hand.

use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::*;
use crate::engine::compare::Comparison;
use crate::pricing::Source;
use crate::pricing::load::{bundled_scenario, parse_all, select};
use crate::pricing::uncertain::{InputNames, Named};
use crate::units::date::Date;
use crate::units::uncertain::Spread;

/// The names the command line gives the admin rate and hours, as the
/// sensitivity ranking shows them.
const CLI_NAMES: InputNames = InputNames {
    admin_rate: Named {
        id: "--admin-rate",
        label: "Admin rate (--admin-rate)",
    },
    admin_hours: Named {
        id: "--admin-hours",
        label: "Admin hours a month (--admin-hours)",
    },
};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn file(id: &str, kind: &str, rest: &str) -> (String, String) {
    let text = format!(
        "version = 1\nid = \"{id}\"\nname = \"{id}\"\nkind = \"{kind}\"\ncurrency = \"USD\"\n\
         as_of = 2026-01-01\nsources = [\"by hand\"]\n{rest}"
    );
    (format!("{id}.toml"), text)
}

/// The models of `files`, compared over `range` at admin rate `rate`, sampled.
fn sampled(
    files: Vec<(String, String)>,
    range: &str,
    rate: &str,
    samples: u32,
    seed: u64,
) -> Comparison {
    let models = parse_all(files).unwrap_or_else(|e| panic!("{e}"));
    let chosen = select(models, &[], &[], false).unwrap();
    let rate: Spread = rate.parse().unwrap();
    let mut a = Assumptions::on(Date::parse("2026-06-01").unwrap());
    a.admin_rate = rate;
    a.names = CLI_NAMES;
    Comparison::new(
        Source::Bundled("test".into()),
        chosen.models,
        chosen.limited,
        range.parse().unwrap(),
        a,
    )
    .sampled(&Sampling { samples, seed })
}

/// A $10 flat self-hosted plan against a seat price uniform on [1, 3].
fn flat_against_seats(samples: u32, seed: u64) -> Comparison {
    sampled(
        vec![
            file(
                "flat",
                "self-hosted",
                "admin_hours_per_month = 0\nsetup_hours = 0\n[[component]]\ntype = \"flat\"\nper_month = 10\n",
            ),
            file(
                "seats",
                "hosted",
                "[[component]]\ntype = \"per-seat\"\nper_user_annual = { low = 1, high = 3 }\n",
            ),
        ],
        "1..20",
        "0",
        samples,
        seed,
    )
}

/// Four standard deviations of a share estimated from `samples` draws, plus
/// one draw's worth: a sampled share further from the truth than this is a bug.
fn tolerance(p: f64, samples: u32) -> f64 {
    4.0 * (p * (1.0 - p) / f64::from(samples)).sqrt() + 1.0 / f64::from(samples)
}

/// At n users the flat plan costs no more when 10 ≤ price·n, that is when the
/// price is at least 10/n: probability (3 − 10/n)/2 for n in 4..10, 0 below
/// (10/3 > 3) and 1 from 10 (every price is at least 1).
fn by_hand(n: u64) -> f64 {
    ((3.0 - 10.0 / n as f64) / 2.0).clamp(0.0, 1.0)
}

#[test]
fn a_flat_plan_against_a_uniform_seat_price() {
    let samples = 4000;
    let c = flat_against_seats(samples, 7);
    let u = c.uncertainty().expect("the seat price is a range");
    let (flat, seats) = (c.index("flat").unwrap(), c.index("seats").unwrap());
    let pair = u
        .pair(flat, seats)
        .unwrap()
        .expect("the seat plan moves")
        .clone();
    let beats = &u.beats_all().unwrap()[0];
    assert_eq!(beats.model, flat);
    for n in 1..=20 {
        let want = by_hand(n);
        for got in [pair.a.at(n), beats.chance.at(n)] {
            assert!(
                (got - want).abs() <= tolerance(want, samples),
                "at {n}: {got} against {want}"
            );
        }
        // The seat plan costs no more where the price is at most 10/n.
        assert!((pair.b.at(n) - (1.0 - want)).abs() <= tolerance(want, samples));
    }
    assert_eq!(pair.a.at(3), 0.0);
    assert_eq!(pair.a.at(10), 1.0);
    // The first crossing is ⌈10/price⌉: P(≤ n) = (3 − 10/n)/2, so 25 % of the
    // draws cross at 4, 50 % by 5 (exactly: 5 or 6 in a sample), 87.5 % by 8,
    // 94.4 % by 9; all by 10.
    let odds = &pair.first_crossing;
    assert_eq!(odds.quantile(10), Some(4));
    assert!(matches!(odds.quantile(50), Some(5 | 6)));
    assert_eq!(odds.quantile(90), Some(9));
    assert_eq!(odds.never(), 0.0);
    assert_eq!(beats.from.quantile(90), Some(9));
}

#[test]
fn the_same_seed_gives_the_same_draws_and_another_seed_others() {
    let a = flat_against_seats(500, 11);
    let b = flat_against_seats(500, 11);
    let c = flat_against_seats(500, 12);
    let figures = |x: &Comparison| {
        let u = x.uncertainty().unwrap();
        let seats = x.index("seats").unwrap();
        (
            (1..=20).map(|n| u.monthly(seats, n)).collect::<Vec<_>>(),
            u.beats_all().unwrap().to_vec(),
        )
    };
    assert_eq!(figures(&a), figures(&b));
    assert_ne!(figures(&a), figures(&c));
}

#[test]
fn nothing_uncertain_means_no_draws() {
    let models = bundled_scenario("blog-2016").unwrap();
    let chosen = select(models, &[], &[], false).unwrap();
    let at = |rate: &str| {
        let mut a = Assumptions::on(Date::parse("2026-06-01").unwrap());
        a.admin_rate = rate.parse().unwrap();
        Comparison::new(
            Source::Bundled("blog-2016".into()),
            chosen.models.clone(),
            chosen.limited.clone(),
            "1..30".parse().unwrap(),
            a,
        )
        .sampled(&Sampling::default())
    };
    assert!(at("0").uncertainty().is_none());
    // Admin hours that are ranges cost nothing at an admin rate of exactly 0.
    let hours = flat_against_seats(10, 1);
    assert!(
        hours
            .uncertainty()
            .unwrap()
            .inputs
            .iter()
            .all(|i| i.id != CLI_NAMES.admin_rate.id)
    );
    // A range for the admin rate moves the self-hosted model only.
    let rated = at("30..60..120");
    let u = rated.uncertainty().unwrap();
    assert_eq!(u.inputs.len(), 1);
    assert!(u.moves(rated.index("rocketchat-selfhosted").unwrap()));
    assert!(!u.moves(rated.index("slack-standard").unwrap()));
}

/// P5, P50 and P95 of the triangle (0.5, 1.5, 3), F(1.5) = 0.4:
/// 0.5 + √(0.05·2.5·1) = 0.85355, 3 − √(0.5·2.5·1.5) = 1.63075,
/// 3 − √(0.05·2.5·1.5) = 2.56699; mean (0.5 + 1.5 + 3)/3 = 5/3.
#[test]
fn a_triangular_input_has_the_mean_and_quantiles_of_its_formula() {
    let samples = 20_000;
    let c = sampled(
        vec![file(
            "vm",
            "hosted",
            "[[component]]\ntype = \"flat\"\nper_month = { low = 0.5, likely = 1.5, high = 3 }\n",
        )],
        "1..5",
        "0",
        samples,
        3,
    );
    let u = c.uncertainty().unwrap();
    let q = u.monthly(0, 1).unwrap();
    let f = |v: Decimal| v.to_f64().unwrap();
    // A quantile's standard error is √(p(1 − p)/N) over the density there
    // (0.283, 0.730, 0.231 at the three points); four of them.
    for (got, want, density, p) in [
        (q.p5, 0.853553, 0.283, 0.05),
        (q.p50, 1.630749, 0.730, 0.5),
        (q.p95, 2.566987, 0.231, 0.05),
    ] {
        let allowed = 4.0 * (p * (1.0 - p) / f64::from(samples)).sqrt() / density;
        assert!((f(got) - want).abs() <= allowed, "{got} against {want}");
    }
    let mean: f64 =
        u.draws[0].iter().map(|c| f(c.at(1).unwrap())).sum::<f64>() / f64::from(samples);
    // The triangle's variance: (a² + b² + c² − ab − ac − bc)/18 = 0.38194.
    let allowed = 4.0 * (0.38194f64 / f64::from(samples)).sqrt();
    assert!((mean - 5.0 / 3.0).abs() <= allowed, "mean {mean}");
    // The exact figure stays the likely value.
    assert_eq!(c.monthly(0, 1), Some(d("1.5")));
}

/// Two models on one host whose price is a range: in every draw their costs
/// differ by exactly what their own components differ by, though the host's
/// price moves both; so do two hosts priced in euros at one uncertain rate.
#[test]
fn models_that_share_a_part_or_a_rate_move_together() {
    let host = file(
        "host",
        "self-hosted",
        "part = true\n[[component]]\ntype = \"flat\"\nper_month = { low = 10, high = 30 }\n",
    );
    let euro = |id: &str, price: &str| {
        file(
            id,
            "hosted",
            &format!(
                "[[component]]\ntype = \"flat\"\nper_month = {price}\nprice_currency = \"EUR\"\n\
                 exchange_rate = {{ low = 1, high = 1.4 }}\nexchange_rate_as_of = 2026-01-01\nexchange_rate_source = \"ECB\"\n"
            ),
        )
    };
    let on_host = |id: &str, own: &str| {
        file(
            id,
            "self-hosted",
            &format!(
                "include = [\"host\"]\nadmin_hours_per_month = 0\nsetup_hours = 0\n[[component]]\ntype = \"flat\"\nper_month = {own}\n"
            ),
        )
    };
    let c = sampled(
        vec![
            host,
            on_host("a", "5"),
            on_host("b", "7"),
            euro("e1", "10"),
            euro("e2", "20"),
        ],
        "1..10",
        "0",
        300,
        5,
    );
    let u = c.uncertainty().unwrap();
    assert_eq!(
        u.inputs.len(),
        2,
        "one host price, one EUR→USD rate: {:?}",
        u.inputs
    );
    let i = |id: &str| c.index(id).unwrap();
    let costs =
        |m: usize| -> Vec<Decimal> { (0..300).map(|k| u.curve(m, k).at(5).unwrap()).collect() };
    let (a, b, e1, e2) = (costs(i("a")), costs(i("b")), costs(i("e1")), costs(i("e2")));
    assert!(a.iter().min() < a.iter().max(), "the host's price moves");
    assert!(a.iter().zip(&b).all(|(x, y)| y - x == d("2")));
    assert!(e1.iter().min() < e1.iter().max(), "the rate moves");
    assert!(e1.iter().zip(&e2).all(|(x, y)| *y == x * d("2")));
    let pair = u.pair(i("a"), i("b")).unwrap().unwrap();
    assert_eq!(pair.a.steps, [(1, 300)], "a is the cheaper in every draw");
}

/// A $5 VM with admin hours 1–2–4 a month at an admin rate of 20–40–60 an hour,
/// against $4 a seat, for 10 users. At the likely values: 5 + 2·40 = $85
/// against $40, $45 more; break-even ⌈85/4⌉ = 22. Hours at 1: 5 + 40 = 45,
/// $5 more, from 12; at 4: 5 + 160 = 165, $125 more, from 42 (a swing of $120).
/// The rate at 20: $45, $5 more, from 12; at 60: $125, $85 more, from 32 ($80).
#[test]
fn sensitivity_by_hand() {
    let c = sampled(
        vec![
            file(
                "vm",
                "self-hosted",
                "admin_hours_per_month = { low = 1, likely = 2, high = 4 }\nsetup_hours = 0\n\
                 [[component]]\ntype = \"flat\"\nper_month = 5\n",
            ),
            file(
                "seat",
                "hosted",
                "[[component]]\ntype = \"per-seat\"\nper_user_annual = 4\n",
            ),
        ],
        "1..100",
        "20..40..60",
        50,
        1,
    );
    let s = c.uncertainty().unwrap().sensitivity(10).unwrap().unwrap();
    assert_eq!(
        (s.self_hosted, s.hosted),
        (c.index("vm").unwrap(), c.index("seat").unwrap())
    );
    let outcome = |difference: &str, from: u64| sensitivity::Outcome {
        difference: d(difference),
        break_even: Some(from),
    };
    assert_eq!(s.likely, outcome("45", 22));
    let got: Vec<(&str, sensitivity::Outcome, sensitivity::Outcome, Decimal)> = s
        .swings
        .iter()
        .map(|w| (w.input.label.as_str(), w.low, w.high, w.width()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "vm: admin hours a month",
                outcome("5", 12),
                outcome("125", 42),
                d("120")
            ),
            (
                "Admin rate (--admin-rate)",
                outcome("5", 12),
                outcome("85", 32),
                d("80")
            ),
        ]
    );
}

/// Every input at its likely value builds the comparison's own curve, for every
/// model of today's scenario with admin time priced.
#[test]
fn the_likely_values_rebuild_the_exact_curves() {
    let models = bundled_scenario("current").unwrap();
    let chosen = select(models, &[], &[], false).unwrap();
    let mut a = Assumptions::on(Date::parse("2026-11-25").unwrap());
    a = a.at_rate(d("60"));
    let rate = rate_input(&a, "USD");
    for m in &chosen.models {
        let exact = Curve::of_model(m, &a).unwrap();
        let rebuilt = Recipe::new(m, &a).curve(&rate, &|i: &Input| i.spread.likely());
        assert_eq!(rebuilt, exact, "{}", m.id);
    }
}

/// The percentiles found from the draws' order (fixed costs uncertain) are
/// those of evaluating and sorting every draw, at every size of today's
/// scenario and of a seat price that is a range (where the order changes).
#[test]
fn percentiles_from_the_order_are_those_of_every_draw() {
    let by_sorting = |u: &Uncertainty, i: usize, n: u64| {
        let mut v: Vec<Decimal> = u.draws[i].iter().filter_map(|c| c.at(n)).collect();
        (!v.is_empty()).then(|| Quantiles {
            p5: odds::quantile(&mut v, 5),
            p50: odds::quantile(&mut v, 50),
            p95: odds::quantile(&mut v, 95),
        })
    };
    let models = bundled_scenario("current").unwrap();
    let chosen = select(models, &[], &[], false).unwrap();
    let mut a = Assumptions::on(Date::parse("2026-11-25").unwrap());
    a.admin_rate = "30..60..120".parse().unwrap();
    let today = Comparison::new(
        Source::Bundled("current".into()),
        chosen.models,
        chosen.limited,
        "1..600".parse().unwrap(),
        a,
    )
    .sampled(&Sampling::default());
    let seats = flat_against_seats(500, 3);
    for c in [&today, &seats] {
        let u = c.uncertainty().unwrap();
        for i in (0..c.models.len()).filter(|&i| u.moves(i)) {
            for n in (1..=600).step_by(7).chain([200, 201, 500, 501]) {
                assert_eq!(
                    u.monthly(i, n),
                    by_sorting(u, i, n),
                    "{} at {n}",
                    c.models[i].id
                );
            }
        }
    }
    // Today's fixed costs keep their order wherever the model serves (up to 400
    // users); a seat price that is a range does not.
    let hetzner = today.index("rocketchat-community-hetzner").unwrap();
    let ranked = today.uncertainty().unwrap().ranked(hetzner);
    assert!(
        ranked
            .iter()
            .filter(|r| r.from <= 400)
            .all(|r| r.picks.is_some()),
        "{ranked:?}"
    );
    let s = seats.index("seats").unwrap();
    assert!(seats.uncertainty().unwrap().ranked(s)[0].picks.is_none());
}
