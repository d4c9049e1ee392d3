use std::str::FromStr;

use rust_decimal::Decimal;

use super::*;
use crate::pricing::model::{Confidence, SeatPrice, Shape, Step, Tier};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

const HEAD: &str = r#"version = 1
id = "demo"
name = "Demo plan"
kind = "hosted"
currency = "USD"
as_of = 2026-07-01
sources = ["https://example.org/pricing"]
"#;

fn parse(components: &str) -> Result<Model, Vec<Diagnostic>> {
    parse_model(&format!("{HEAD}{components}"), "demo.toml")
}

fn shape(components: &str) -> Shape {
    let model = parse(components).unwrap_or_else(|e| panic!("{e:?}"));
    model.components[0].shape.clone()
}

/// The messages, each as "line:column: message".
fn problems(text: &str) -> Vec<String> {
    parse_model(text, "bad.toml")
        .unwrap_err()
        .into_iter()
        .map(|d| {
            assert_eq!(d.file, "bad.toml");
            format!("{}:{}: {}", d.line, d.column, d.message)
        })
        .collect()
}

#[test]
fn reads_a_whole_model() {
    let model = parse(
        "notes = \"n\"\n[[component]]\ntype = \"per-seat\"\nlabel = \"Seat\"\nper_user_annual = 6.67\nper_user_monthly = 8\nsource = \"s\"\nas_of = \"2016-08\"\nconfidence = \"secondary\"\n",
    )
    .unwrap();
    assert_eq!(model.id, "demo");
    assert_eq!(model.kind, Kind::Hosted);
    assert_eq!(model.as_of, "2026-07-01");
    assert_eq!(model.notes.as_deref(), Some("n"));
    let c = &model.components[0];
    assert_eq!(c.label.as_deref(), Some("Seat"));
    assert_eq!(c.as_of.as_deref(), Some("2016-08"));
    assert_eq!(c.confidence, Some(Confidence::Secondary));
    assert_eq!(
        c.shape,
        Shape::PerSeat {
            price: SeatPrice {
                annual: Some(d("6.67")),
                monthly: Some(d("8"))
            },
            min_seats: 1,
            max_seats: None
        }
    );
}

#[test]
fn every_unit_of_a_flat_price() {
    // A float is taken exactly as written, not through binary floating point.
    assert_eq!(
        shape("[[component]]\ntype = \"flat\"\nper_hour = 0.0104\n"),
        Shape::Flat {
            per_month: d("7.592")
        }
    );
    assert_eq!(
        shape("[[component]]\ntype = \"flat\"\nper_hour = 0.005\nhours_per_month = 720\n"),
        Shape::Flat {
            per_month: d("3.6")
        }
    );
    assert_eq!(
        shape("[[component]]\ntype = \"flat\"\nper_year = 120\n"),
        Shape::Flat { per_month: d("10") }
    );
    assert_eq!(
        shape("[[component]]\ntype = \"flat\"\nper_month = \"9.99\"\n"),
        Shape::Flat {
            per_month: d("9.99")
        }
    );
}

#[test]
fn every_other_shape() {
    assert_eq!(
        shape(
            "[[component]]\ntype = \"free-seats\"\nfree_seats = 5\nper_user_monthly = 2\nmax_seats = 100\n"
        ),
        Shape::FreeSeats {
            free_seats: 5,
            price: SeatPrice {
                annual: None,
                monthly: Some(d("2"))
            },
            max_seats: Some(100)
        }
    );
    assert_eq!(
        shape("[[component]]\ntype = \"free-plan\"\nmax_users = 50\n"),
        Shape::FreePlan { max_users: 50 }
    );
    assert_eq!(
        shape(
            "[[component]]\ntype = \"tiers\"\n[[component.tier]]\nup_to = 10\nper_month = 5\n[[component.tier]]\nup_to = 25\nper_year = 1800\n"
        ),
        Shape::Tiers(vec![
            Tier {
                up_to: 10,
                per_month: d("5")
            },
            Tier {
                up_to: 25,
                per_month: d("150")
            }
        ])
    );
    assert_eq!(
        shape("[[component]]\ntype = \"blocks\"\nblock_size = 25\nper_year = 1800\n"),
        Shape::Blocks {
            block_size: 25,
            per_month: d("150")
        }
    );
    assert_eq!(
        shape(
            "[[component]]\ntype = \"steps\"\n[[component.step]]\nfrom = 1\nper_hour = 0.0208\n[[component.step]]\nfrom = 201\nper_month = 30\n"
        ),
        Shape::Steps {
            steps: vec![
                Step {
                    from: 1,
                    per_month: d("15.184")
                },
                Step {
                    from: 201,
                    per_month: d("30")
                }
            ],
            max_users: None
        }
    );
}

#[test]
fn unknown_keys_are_reported_where_they_are() {
    let text = format!("{HEAD}[[component]]\ntype = \"per-seat\"\nper_user_anual = 6.67\n");
    let found = problems(&text);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with("8:1: a component of type \"per-seat\" needs `per_user_annual`"),
        "{found:?}"
    );
    assert!(
        found[1].starts_with("10:1: unknown key `per_user_anual`"),
        "{found:?}"
    );
    assert!(
        found[1].contains("did you mean `per_user_annual`?"),
        "{found:?}"
    );

    // A key that exists, but not for this shape.
    let found = problems(&format!(
        "{HEAD}[[component]]\ntype = \"flat\"\nper_month = 10\nmax_users = 5\n"
    ));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("11:1: unknown key `max_users` in a component of type \"flat\"; allowed keys: type, label,"), "{found:?}");
    assert!(
        found[0].ends_with("per_month, per_year, per_hour, hours_per_month, quantity"),
        "{found:?}"
    );
}

#[test]
fn every_problem_in_a_file_at_once() {
    let text = r#"version = 2
id = "Bad Id"
name = "x"
kind = "cloud"
currency = "usd"
as_of = "2016-13-01"
sources = []
colour = "red"

[[component]]
type = "per-seat"
per_user_annual = -6.67
min_seats = 30
max_seats = 10

[[component]]
type = "tiers"
[[component.tier]]
up_to = 25
per_year = 1800
[[component.tier]]
up_to = 10
per_year = "lots"
"#;
    let found = problems(text);
    let expected = [
        "1:11: `version` must be 1",
        "2:6: `id` \"Bad Id\" may hold only lower-case letters",
        "4:8: `kind` is \"cloud\"; use \"self-hosted\" or \"hosted\"",
        "5:12: `currency` \"usd\" is not an ISO 4217 code",
        "6:9: `as_of` 2016-13-01 is not a real date",
        "7:11: `sources` is empty",
        "8:1: unknown key `colour` in a model file",
        "12:19: `per_user_annual` is negative (-6.67)",
        "14:13: `max_seats` (10) is below `min_seats` (30)",
        "22:9: `up_to` = 10 must be larger than the previous tier's 25",
        "23:12: `per_year` \"lots\" is not a number",
    ];
    for want in expected {
        assert!(
            found.iter().any(|f| f.starts_with(want)),
            "missing {want:?} in {found:#?}"
        );
    }
}

#[test]
fn broken_toml_names_line_and_column() {
    let found = problems("version = 1\nid = \"x\nname = \"y\"\n");
    assert_eq!(found.len(), 1);
    assert!(found[0].starts_with("2:"), "{found:?}");
    assert!(found[0].contains("not valid TOML"), "{found:?}");
}

#[test]
fn missing_keys_and_components() {
    let found = problems("version = 1\nid = \"x\"\n");
    for key in ["name", "kind", "currency", "as_of", "sources", "component"] {
        assert!(
            found
                .iter()
                .any(|f| f.contains(&format!("missing the key `{key}`"))),
            "{key}: {found:?}"
        );
    }
    let found = problems(&format!(
        "{HEAD}[[component]]\ntype = \"steps\"\n[[component.step]]\nfrom = 5\nper_month = 1\n"
    ));
    assert!(
        found[0].contains("the first step must start at `from = 1`"),
        "{found:?}"
    );
}

#[test]
fn every_bundled_file_is_valid() {
    for f in crate::pricing::bundled::FILES {
        if super::rates::is_rates(f.text) {
            let rates =
                super::rates::parse_rates(f.text, f.name).unwrap_or_else(|e| panic!("{e:?}"));
            assert_eq!(f.name, "rates.toml", "a scenario's rates are in rates.toml");
            assert!(
                rates
                    .iter()
                    .all(|r| r.as_of.is_some() && !r.source.is_empty())
            );
            continue;
        }
        let model = parse_model(f.text, f.name).unwrap_or_else(|e| panic!("{}: {e:?}", f.name));
        assert_eq!(
            format!("{}.toml", model.id),
            f.name,
            "file names follow the model id"
        );
        for c in &model.components {
            assert!(
                c.source.is_some() && c.as_of.is_some() && c.confidence.is_some(),
                "{}: every component is sourced",
                f.name
            );
        }
    }
}

#[test]
fn limits_and_precise_messages() {
    let found = problems(&format!(
        "{HEAD}[[component]]\ntype = \"per-seat\"\nper_user_monthly = 1000000000000000\nmin_seats = 18446744073709551615\n\
         [[component]]\ntype = \"flat\"\nper_hour = 1\nhours_per_month = 0\nas_of = \"2099-02-30\"\n\
         [[component]]\ntype = \"steps\"\n[[component.step]]\nfrom = 2\nper_month = 1\n[[component.step]]\nfrom = 2\nper_month = 2\n"
    ));
    let expected = [
        "10:20: `per_user_monthly` (1000000000000000) is too large",
        "11:13: `min_seats` (18446744073709551615) is too large",
        "15:19: `hours_per_month` is 0; a month has more than 0 and at most 744 hours",
        "16:9: `as_of` 2099-02-30 is not a real date",
        "20:8: the first step must start at `from = 1`, not 2",
        "23:8: `from` = 2 must be larger than the previous step's 2",
    ];
    for want in expected {
        assert!(
            found.iter().any(|f| f.starts_with(want)),
            "missing {want:?} in {found:#?}"
        );
    }
}

/// A problem in a component's price does not hide the problems after it (found
/// by a user trial: only the first was reported).
#[test]
fn a_bad_price_does_not_hide_the_other_problems_of_its_component() {
    let text = format!(
        "{HEAD}
[[component]]
type = \"per-seat\"
per_user_annual = \"six\"
valid_from = \"2026-02-30\"
price_currency = \"EUR\"
exchange_rate = -1
exchange_rate_as_of = \"yesterday\"
exchange_rate_source = \"ECB\"
"
    );
    assert_eq!(
        problems(&text),
        [
            "11:19: `per_user_annual` \"six\" is not a number",
            "12:14: `valid_from` 2026-02-30 is not a real date",
            "14:17: `exchange_rate` is negative (-1); it must be more than 0",
            "15:23: `exchange_rate_as_of` \"yesterday\" is not a date in the form YYYY-MM-DD, YYYY-MM or YYYY",
        ]
    );
    // A rate beside the model's own currency would be silently ignored: refused.
    let same = format!(
        "{HEAD}
[[component]]
type = \"flat\"
per_month = 5
price_currency = \"USD\"
exchange_rate = 1.2
"
    );
    assert_eq!(
        problems(&same),
        [
            "13:17: `price_currency` is the model's own currency (USD), so `exchange_rate` would be ignored: remove `price_currency` and the `exchange_rate` keys"
        ]
    );
}

#[test]
fn a_key_cut_short_is_matched_to_the_keys_it_begins() {
    use super::keys::closest;
    let allowed = ["per_user_annual", "per_user_monthly", "min_seats"];
    assert_eq!(closest("per_user", &allowed), Some("per_user_annual"));
    assert_eq!(closest("min_seat", &allowed), Some("min_seats"));
    assert_eq!(closest("colour", &allowed), None);
}

#[test]
fn a_model_is_only_as_sure_as_its_least_sure_price() {
    let both = parse(
        "[[component]]\ntype = \"flat\"\nper_month = 5\nconfidence = \"verified\"\n\n\
         [[component]]\ntype = \"flat\"\nper_month = 1\nconfidence = \"secondary\"\n",
    )
    .unwrap();
    assert_eq!(both.confidence(), Some(Confidence::Secondary));
    // One price that does not say makes the whole model "unstated".
    let one = parse(
        "[[component]]\ntype = \"flat\"\nper_month = 5\nconfidence = \"verified\"\n\n\
         [[component]]\ntype = \"flat\"\nper_month = 1\n",
    )
    .unwrap();
    assert_eq!(one.confidence(), None);
}

#[test]
fn enum_values_get_a_did_you_mean() {
    // A component type: the closest one, and each allowed key listed once.
    let found = problems(&format!(
        "{HEAD}[[component]]\ntype = \"per_seat\"\nper_user_annual = 5\nper_mnth = 1\n"
    ));
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(
        found[0],
        "9:8: unknown component type \"per_seat\" (did you mean \"per-seat\"?); use one of: \
flat, per-seat, free-seats, free-plan, tiers, blocks, steps, sized, quote"
    );
    assert!(
        found[1].starts_with("11:1: unknown key `per_mnth` in a [[component]] (did you mean `per_month`?); allowed keys: type,"),
        "{found:?}"
    );
    let listed: Vec<&str> = found[1]
        .split("allowed keys: ")
        .nth(1)
        .unwrap()
        .split(", ")
        .collect();
    let mut once = listed.clone();
    once.sort();
    once.dedup();
    assert_eq!(once.len(), listed.len(), "each key once: {listed:?}");
    assert!(
        listed.contains(&"per_month") && listed.contains(&"max_users"),
        "{listed:?}"
    );

    // A type too far from any gets the list alone.
    let found = problems(&format!("{HEAD}[[component]]\ntype = \"zzz\"\n"));
    assert!(
        found[0].starts_with("9:8: unknown component type \"zzz\"; use one of: flat,"),
        "{found:?}"
    );

    // `kind` and `confidence`.
    let text = HEAD.replace("kind = \"hosted\"", "kind = \"selfhosted\"")
        + "[[component]]\ntype = \"flat\"\nper_month = 1\nconfidence = \"verifed\"\n";
    let found = problems(&text);
    assert_eq!(
        found,
        [
            "4:8: `kind` is \"selfhosted\"; use \"self-hosted\" or \"hosted\" (did you mean \"self-hosted\"?)",
            "11:14: `confidence` \"verifed\" must be \"verified\", \"secondary\" or \"unverified\" (did you mean \"verified\"?)",
        ]
    );
}

#[test]
fn reads_deployments_that_grow_quotes_admin_hours_and_caveats() {
    use crate::pricing::sizing::{AmountIn, Basis, Count, SizeRow, Sized, Threshold};
    let model = parse(
        r#"[[caveat]]
from_concurrent = 201
text = "status stops"
source = "s"
confidence = "verified"

[[component]]
type = "sized"
max_users = 1000
max_concurrent = 5000
amount_in = "admin-hours"
[[component.step]]
from = 1
label = "two"
per_hour = 0.0725
units = 2
[[component.step]]
from = 2001
from_concurrent = 500
per_month = 0.08
quantity = 40
per_concurrent = 500
min_units = 2

[[component]]
type = "quote"
min_seats = 51
max_seats = 500
"#,
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(model.caveats.len(), 1);
    assert_eq!(model.caveats[0].from.concurrent, Some(201));
    assert_eq!(model.caveats[0].confidence, Some(Confidence::Verified));
    assert_eq!(model.components[0].amount_in, AmountIn::AdminHours);
    assert_eq!(
        model.components[0].shape,
        Shape::Sized(Sized {
            rows: vec![
                SizeRow {
                    from: Threshold {
                        users: Some(1),
                        concurrent: None
                    },
                    each: d("52.925"),
                    count: Count::Fixed(2),
                    label: Some("two".into()),
                },
                SizeRow {
                    from: Threshold {
                        users: Some(2001),
                        concurrent: Some(500)
                    },
                    each: d("3.20"),
                    count: Count::Per {
                        basis: Basis::Concurrent,
                        size: 500,
                        min: 2
                    },
                    label: None,
                },
            ],
            max: Threshold {
                users: Some(1000),
                concurrent: Some(5000)
            },
        })
    );
    assert_eq!(
        model.components[1].shape,
        Shape::Quote {
            min_seats: 51,
            max_seats: Some(500)
        }
    );
    assert!(model.awaits_quote());
    assert!(model.uses_concurrency());
    let priced = model.with_quote(d("4.5"), "a quote".into());
    assert!(!priced.awaits_quote());
}

#[test]
fn deployments_that_grow_report_every_problem_at_its_place() {
    let found = problems(&format!(
        r#"{HEAD}[[caveat]]
from = 5

[[component]]
type = "sized"
amount_in = "hours"
[[component.step]]
from = 2
per_month = 1
[[component.step]]
from_concurrent = 10
per_month = 1
units = 2
per_concurrent = 5
[[component.step]]
from_concurrent = 10
per_month = 1
min_units = 1
[[component.step]]
per_month = 1

[[component]]
type = "quote"
min_seats = 51
max_seats = 50
"#
    ));
    assert_eq!(
        found,
        [
            "8:1: a [[caveat]] is missing the key `text`",
            "13:13: `amount_in` \"hours\" must be \"money\" or \"admin-hours\"",
            "15:8: the first step must start at one user: `from = 1` (or `from_concurrent = 1`)",
            "21:18: a step counts its parts one way: `units`, `per_users` or `per_concurrent`, not several",
            "23:19: `from_concurrent` = 10 must be larger than an earlier step's 10: list steps from the smallest deployment up",
            "25:13: `min_units` goes with `per_users` or `per_concurrent`",
            "26:1: a [[component.step]] of a \"sized\" component needs `from` (a team size), `from_concurrent` (concurrent users), or both",
            "32:13: `max_seats` (50) is below `min_seats` (51)",
        ]
    );
}

#[test]
fn a_rates_file_reports_every_problem_at_its_place() {
    let text = "version = 1\n[[rate]]\npair = \"EUR-USD\"\nrate = 0\nas_of = \"2026-08\"\nsource = \"ECB\"\n\
                [[rate]]\npair = \"EUR/USD\"\nrate = 1.1\nas_of = 2026-08-21\nsource = \"ECB\"\nfrom = 1\n\
                [[rate]]\npair = \"EUR/USD\"\nrate = 1.2\nas_of = 2026-08-21\nsource = \"ECB\"\n";
    assert!(super::rates::is_rates(text));
    let found: Vec<String> = super::rates::parse_rates(text, "r.toml")
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        found,
        [
            "r.toml:3:8: `pair` \"EUR-USD\" is not a pair such as EUR/USD (1 EUR in USD)",
            "r.toml:4:8: `rate` must be more than 0",
            "r.toml:5:9: `as_of` 2026-08 must be a day, YYYY-MM-DD: a rate is fixed daily",
            "r.toml:12:1: unknown key `from` in a [[rate]]; allowed keys: pair, rate, as_of, source",
            "r.toml:13:1: EUR/USD is given twice for 2026-08-21: keep one",
        ]
    );
}
