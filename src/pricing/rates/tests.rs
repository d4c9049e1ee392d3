use std::str::FromStr;

use rust_decimal::Decimal;

use super::*;
use crate::pricing::load::parse_all;
use crate::pricing::model::Shape;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn day(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn rate(pair: &str, value: &str, as_of: Option<&str>) -> Rate {
    let (base, quote) = pair.split_once('/').unwrap();
    Rate {
        base: base.into(),
        quote: quote.into(),
        rate: d(value),
        as_of: as_of.map(day),
        source: "test".into(),
    }
}

fn ecb() -> Rates {
    Rates {
        given: Vec::new(),
        dated: vec![
            rate("EUR/USD", "1.1780", Some("2026-04-15")),
            rate("EUR/USD", "1.1699", Some("2026-08-21")),
            rate("EUR/GBP", "0.8567", Some("2026-08-21")),
        ],
    }
}

#[test]
fn the_newest_rate_on_or_before_the_date_is_taken_either_way_round() {
    let r = ecb();
    let (f, taken) = r.factor("EUR", "USD", day("2026-12-01")).unwrap();
    assert_eq!(f, d("1.1699"));
    assert_eq!(taken[0].as_of, Some(day("2026-08-21")));
    let (f, _) = r.factor("EUR", "USD", day("2026-05-01")).unwrap();
    assert_eq!(f, d("1.1780"));
    let (f, _) = r.factor("USD", "EUR", day("2026-12-01")).unwrap();
    assert_eq!(f, Decimal::ONE / d("1.1699"));
}

#[test]
fn a_cross_rate_goes_through_the_common_currency() {
    let (f, taken) = ecb().factor("USD", "GBP", day("2026-12-01")).unwrap();
    assert_eq!(f, Decimal::ONE / d("1.1699") * d("0.8567"));
    assert_eq!(taken.len(), 2);
}

#[test]
fn a_given_rate_goes_first_and_a_missing_one_names_the_pair_and_later_dates() {
    let mut r = ecb();
    r.given.push(rate("EUR/USD", "1.5", None));
    assert_eq!(
        r.factor("USD", "EUR", day("2000-01-01")).unwrap().0,
        Decimal::ONE / d("1.5")
    );
    let e = ecb().factor("USD", "EUR", day("2026-01-01")).unwrap_err();
    assert_eq!((e.from.as_str(), e.to.as_str()), ("USD", "EUR"));
    assert_eq!(e.later, vec![day("2026-04-15"), day("2026-08-21")]);
    assert!(ecb().factor("USD", "JPY", day("2026-12-01")).is_err());
}

const HOST: &str = "version = 1\nid = \"host\"\nname = \"Host\"\nkind = \"self-hosted\"\ncurrency = \"USD\"\n\
as_of = \"2026-04-15\"\nsources = [\"s\"]\npart = false\n[[component]]\ntype = \"flat\"\nper_month = 3.99\n\
price_currency = \"EUR\"\nexchange_rate = 1.1780\nexchange_rate_as_of = 2026-04-15\n\
exchange_rate_source = \"ECB\"\n[[component]]\ntype = \"flat\"\nper_month = 10\nsetup_cost = 0\n\
[[component]]\ntype = \"flat\"\nper_month = 2\namount_in = \"admin-hours\"\n";

#[test]
fn euro_prices_stay_as_quoted_and_dollar_prices_are_divided_once() {
    let text = HOST.replace("setup_cost = 0\n", "");
    let models = parse_all(vec![("h.toml".into(), text)]).unwrap();
    let before = &models[0].components;
    assert_eq!(
        before[0].shape,
        Shape::Flat {
            per_month: d("3.99") * d("1.1780")
        }
    );
    let out = convert(models.clone(), "EUR", &ecb(), day("2026-12-01")).unwrap();
    let m = &out.models[0];
    assert_eq!(m.currency, "EUR");
    assert_eq!(
        m.components[0].shape,
        Shape::Flat {
            per_month: d("3.99")
        }
    );
    assert_eq!(m.components[0].conversion, None);
    assert_eq!(
        m.components[1].shape,
        Shape::Flat {
            per_month: d("10") * (Decimal::ONE / d("1.1699"))
        }
    );
    assert_eq!(
        out.rates,
        vec![rate("EUR/USD", "1.1699", Some("2026-08-21"))]
    );
    // Admin hours are hours: costed at the admin rate, never converted.
    assert_eq!(m.components[2].shape, Shape::Flat { per_month: d("2") });
    // In GBP the euro price goes straight to pounds, not through dollars.
    let gbp = convert(models.clone(), "GBP", &ecb(), day("2026-12-01")).unwrap();
    assert_eq!(
        gbp.models[0].components[0].shape,
        Shape::Flat {
            per_month: d("3.99") * d("0.8567")
        }
    );
    // In USD nothing moves, and the file's own rate is the one said.
    let usd = convert(models.clone(), "USD", &ecb(), day("2026-12-01")).unwrap();
    assert_eq!(usd.models, models);
    assert_eq!(usd.rates[0].rate, d("1.1780"));
}

/// One set of rates per scenario: every price a bundled file converts at a
/// rate of its own is converted at one of the scenario's `[[rate]]`s, the
/// same pair, day and figure (so `--currency` and the default agree on them).
#[test]
fn every_bundled_file_rate_is_one_of_the_scenarios_rates() {
    for scenario in crate::pricing::bundled::scenarios() {
        let loaded = crate::pricing::load::bundled_loaded(scenario).unwrap();
        for m in &loaded.models {
            for conv in m.components.iter().filter_map(|c| c.conversion.as_ref()) {
                let known = loaded.rates.iter().any(|r| {
                    r.base == conv.currency
                        && r.quote == m.currency
                        && r.rate == conv.rate
                        && r.as_of == Date::parse(&conv.as_of)
                });
                assert!(
                    known,
                    "{}: {} at {} of {} is not in pricing/{scenario}/rates.toml",
                    m.id, conv.currency, conv.rate, conv.as_of
                );
            }
        }
    }
}

#[test]
fn a_set_up_cost_and_its_range_are_converted_and_said_in_the_new_currency() {
    let text = HOST.replace("setup_cost = 0\n", "").replace(
        "part = false\n",
        "part = false\nsetup_cost = { low = 100, likely = 150, high = 200 }\n",
    );
    let models = parse_all(vec![("h.toml".into(), text)]).unwrap();
    let out = convert(models, "EUR", &ecb(), day("2026-12-01")).unwrap();
    let m = &out.models[0];
    let f = Decimal::ONE / d("1.1699");
    assert_eq!(m.setup_cost, d("150") * f);
    let input = m.ranges.setup_cost.as_ref().unwrap();
    assert_eq!(
        (input.spread.low, input.spread.high),
        (d("100") * f, d("200") * f)
    );
    assert_eq!(
        input.measure,
        crate::pricing::uncertain::Measure::Money("EUR".into())
    );
}
