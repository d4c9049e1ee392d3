use std::str::FromStr;

use rust_decimal::Decimal;

use super::*;
use crate::pricing::model::{SeatPrice, Shape};
use crate::pricing::schema::parse_model;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

const SEAT: &str = r#"
version = 1
id = "chat"
name = "Chat"
kind = "hosted"
currency = "USD"
as_of = "2026"
sources = ["https://example.com"]

[[component]]
type = "per-seat"
per_user_annual = 8
max_seats = 400
"#;

const FREE_TO_250: &str = r#"
[[offer]]
for = ["nonprofit", "opensource"]
max_users = 250
conditions = "free up to 250"
source = "https://example.com/np"
as_of = "2025"
confidence = "verified"

[[offer.component]]
type = "flat"
per_month = 0

[[offer]]
for = ["nonprofit"]
from = 251
percent_off = 85
conditions = "85% off above"
source = "https://example.com/np"
as_of = "2025"
confidence = "verified"
"#;

fn model(offers: &str) -> Model {
    parse_model(&format!("{SEAT}{offers}"), "chat.toml").unwrap()
}

#[test]
fn the_gaps_are_the_sizes_no_offer_covers() {
    assert_eq!(gaps(&mut []), [(1, u64::MAX)]);
    assert_eq!(gaps(&mut [(1, 250)]), [(251, u64::MAX)]);
    assert_eq!(gaps(&mut [(251, u64::MAX), (1, 250)]), []);
    assert_eq!(gaps(&mut [(10, 20)]), [(1, 9), (21, u64::MAX)]);
}

#[test]
fn offers_are_read_from_the_file() {
    let m = model(FREE_TO_250);
    assert_eq!(m.offers.len(), 2);
    let first = &m.offers[0];
    assert_eq!(first.audiences, [Audience::Nonprofit, Audience::OpenSource]);
    assert_eq!((first.from, first.max_users), (1, Some(250)));
    assert!(matches!(&first.deal, Deal::Price(c) if c.len() == 1));
    assert_eq!(m.offers[1].deal, Deal::PercentOff(d("85")));
    assert_eq!((m.offers[1].from, m.offers[1].max_users), (251, None));
}

#[test]
fn a_capped_offer_bands_its_price_and_the_list_price_above() {
    let (models, applied) = apply(vec![model(FREE_TO_250)], Audience::Nonprofit);
    assert_eq!(applied.len(), 1);
    let c = &models[0].components;
    // Both offer rows cover every size: no list-price band is left.
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].band, Some((1, 250)));
    assert_eq!(c[0].shape, Shape::Flat { per_month: d("0") });
    assert_eq!(c[0].source.as_deref(), Some("https://example.com/np"));
    assert_eq!(c[1].band, Some((251, u64::MAX)));
    // 15 % of $8 is what is left after 85 % off.
    assert_eq!(
        c[1].shape,
        Shape::PerSeat {
            price: SeatPrice {
                annual: Some(d("1.20")),
                monthly: None
            },
            min_seats: 1,
            max_seats: Some(400),
        }
    );
    // For open source only the first row applies: list price from 251 users.
    let (models, _) = apply(vec![model(FREE_TO_250)], Audience::OpenSource);
    let bands: Vec<_> = models[0].components.iter().map(|c| c.band).collect();
    assert_eq!(bands, [Some((251, u64::MAX)), Some((1, 250))]);
    // Education has no offer: the model is unchanged.
    let (models, applied) = apply(vec![model(FREE_TO_250)], Audience::Education);
    assert!(applied.is_empty());
    assert_eq!(models[0], model(FREE_TO_250));
}

#[test]
fn one_off_amounts_go_to_the_set_up_cost() {
    let offer = r#"
[[offer]]
for = ["new-customer"]
credit = 240
one_off = 10
conditions = "$20 a month off for 12 months"
source = "https://example.com/promo"
as_of = "2026"
confidence = "verified"
"#;
    let (models, _) = apply(vec![model(offer)], Audience::NewCustomer);
    assert_eq!(models[0].setup_cost, d("-230"));
    // The list price stays, at every size.
    assert_eq!(models[0].components.len(), 1);
    assert_eq!(models[0].components[0].band, Some((1, u64::MAX)));
}

#[test]
fn bad_offers_are_reported_where_they_are() {
    let bad = r#"
[[offer]]
for = ["charity"]
max_users = 5
from = 10
percent_off = 120
condition = "typo"
source = "https://example.com"
as_of = "2026"
confidence = "verified"

[[offer]]
for = ["education"]
conditions = "nothing changes"
source = "https://example.com"
as_of = "2026"
confidence = "sure"
"#;
    let text = format!("{SEAT}{bad}");
    let problems: Vec<String> = parse_model(&text, "chat.toml")
        .unwrap_err()
        .iter()
        .map(|p| p.to_string())
        .collect();
    let line = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let expect = [
        format!("chat.toml:{}:8: `for` names \"charity\"", line("charity")),
        format!(
            "chat.toml:{}:13: `max_users` (5) is below `from` (10)",
            line("max_users = 5")
        ),
        format!(
            "chat.toml:{}:15: `percent_off` is 120; it must be at most 100",
            line("percent_off")
        ),
        format!(
            "chat.toml:{}:1: unknown key `condition` in an [[offer]] (did you mean `conditions`?)",
            line("condition =")
        ),
        format!("chat.toml:{}:14: `confidence` \"sure\"", line("\"sure\"")),
    ];
    for e in &expect {
        assert!(
            problems.iter().any(|p| p.starts_with(e.as_str())),
            "{e} in {problems:#?}"
        );
    }
    // The first offer also lacks `conditions`.
    assert!(
        problems
            .iter()
            .any(|p| p.contains("an [[offer]] is missing the key `conditions`")),
        "{problems:#?}"
    );
}
