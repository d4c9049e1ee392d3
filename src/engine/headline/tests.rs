//! Headlines against figures worked by hand from the bundled TOML prices.

use rust_decimal::Decimal;

use super::*;
use crate::engine::Assumptions;
use crate::pricing::{Source, load};
use crate::units::date::Date;
use crate::units::money::round_cents;
use crate::units::range::UserRange;

fn compare(scenario: &str, to: u64, rate: i64, as_of: &str) -> Comparison {
    let models = load::bundled_scenario(scenario).unwrap();
    let chosen = load::select(models, &[], &[], false).unwrap();
    let mut a = Assumptions::on(Date::parse(as_of).unwrap());
    a = a.at_rate(Decimal::from(rate));
    Comparison::new(
        Source::Bundled(scenario.into()),
        chosen.models,
        chosen.limited,
        UserRange::new(1, to, 1).unwrap(),
        a,
    )
}

fn headline<'a>(all: &'a [Headline], id: &str) -> &'a Headline {
    all.iter().find(|h| h.model == id).expect("a headline")
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn blog_2016_rocketchat_ties_hipchat_plus_at_5_and_beats_every_hosted_plan_from_there() {
    let c = compare("blog-2016", 30, 0, "2016-08-15");
    let all = c.headlines().unwrap();
    // $10 flat against HipChat Plus at $2 a user: 10 = 2 × 5; Slack at $6.67 a
    // user is beaten from 2 users (10 < 13.34), so HipChat Plus is the last to fall.
    assert_eq!(
        headline(&all, "rocketchat-selfhosted").verdict,
        Verdict::BeatsAll {
            from: 5,
            to: 30,
            rival: Some(Rival {
                id: "hipchat-plus".into(),
                from: 5,
                cost: dec("10"),
                own: dec("10"),
            }),
        }
    );
    assert!(headline(&all, "rocketchat-selfhosted").max_users.is_none());
}

#[test]
fn blog_2016_hipchat_server_never_beats_hipchat_plus_and_stops_at_25() {
    let c = compare("blog-2016", 30, 0, "2016-08-15");
    let all = c.headlines().unwrap();
    let h = headline(&all, "hipchat-server");
    // $150 a month against $2 a user would need 75 users; it serves 25. Against
    // Slack at $6.67: 150 / 6.67 = 22.49, so from 23 users (153.41).
    assert_eq!(h.max_users, Some(25));
    assert_eq!(
        h.verdict,
        Verdict::Never {
            best: Some(Rival {
                id: "slack-standard".into(),
                from: 23,
                cost: dec("6.67") * dec("23"),
                own: dec("150"),
            })
        }
    );
}

#[test]
fn current_at_60_an_hour_hetzner_beats_teams_essentials_from_27() {
    let c = compare("current", 100, 60, "2026-11-25");
    let all = c.headlines().unwrap();
    // A CX23 ordered now €5.49 + IPv4 €0.50 + 40 GB of snapshots at €0.0143 =
    // €6.562 × 1.1780 = $7.730036; + 1.5 h × $60 + 6 h × $60 / 36 = $107.73 against
    // 27 × $4 = $108 (and 26 × $4 = $104 just before).
    let vm = (dec("5.49") + dec("0.50") + dec("40") * dec("0.0143")) * dec("1.1780");
    let own = round_cents(vm + dec("1.5") * dec("60") + dec("6") * dec("60") / dec("36"));
    assert_eq!(own, dec("107.73"));
    let Verdict::BeatsAll { from, to, rival } =
        &headline(&all, "rocketchat-community-hetzner").verdict
    else {
        panic!("{all:?}");
    };
    assert_eq!((*from, *to), (27, 100));
    let rival = rival.as_ref().unwrap();
    assert_eq!(rival.id, "teams-essentials");
    assert_eq!(rival.cost, dec("27") * dec("4"));
    assert_eq!(round_cents(rival.own), own);
}

#[test]
fn current_starter_beats_every_hosted_plan_only_until_it_stops_at_50() {
    let c = compare("current", 100, 60, "2026-11-25");
    let all = c.headlines().unwrap();
    let h = headline(&all, "rocketchat-starter-aws");
    assert_eq!(h.max_users, Some(50));
    // $20.034 AWS VM + $90 + $10 = $120.03 against 30 × $4 = $120, 31 × $4 = $124.
    let Verdict::BeatsAll { from, to, rival } = &h.verdict else {
        panic!("{h:?}");
    };
    assert_eq!((*from, *to), (31, 50));
    assert_eq!(rival.as_ref().unwrap().id, "teams-essentials");
    assert_eq!(c.stops(), vec![("rocketchat-starter-aws", 50)]);
}

#[test]
fn current_mattermost_never_beats_every_hosted_plan_at_best_slack_business_plus() {
    let c = compare("current", 100, 60, "2026-11-25");
    let all = c.headlines().unwrap();
    let Verdict::Never { best: Some(best) } = &headline(&all, "mattermost-professional").verdict
    else {
        panic!("{all:?}");
    };
    // $370.03 against 25 × $15 = $375 at 25 (24 × $15 = $360 is less).
    assert_eq!((best.id.as_str(), best.from), ("slack-business-plus", 25));
    assert_eq!(best.cost, dec("375"));
}

#[test]
fn beats_from_the_start_has_no_rival_and_no_hosted_plan_is_said() {
    let blog = compare("blog-2016", 30, 0, "2016-08-15");
    let c = compare_only(&blog, &["rocketchat-selfhosted", "slack-standard"], 2);
    let all = c.headlines().unwrap();
    assert_eq!(
        headline(&all, "rocketchat-selfhosted").verdict,
        Verdict::BeatsAll {
            from: 2,
            to: 30,
            rival: None
        }
    );
    let c = compare_only(&blog, &["rocketchat-selfhosted", "hipchat-server"], 1);
    let all = c.headlines().unwrap();
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(|h| h.verdict == Verdict::NoHosted));
}

fn compare_only(c: &Comparison, ids: &[&str], from: u64) -> Comparison {
    let models = c
        .models
        .iter()
        .filter(|m| ids.contains(&m.id.as_str()))
        .cloned()
        .collect();
    Comparison::new(
        c.source.clone(),
        models,
        Vec::new(),
        UserRange::new(from, c.range.to, 1).unwrap(),
        c.assumptions,
    )
}

#[test]
fn a_crossing_three_cents_apart_at_18_users_is_a_near_tie() {
    let c = compare("current", 100, 60, "2026-11-25");
    let groups = c.crossing_groups().unwrap();
    // Rocket.Chat on AWS $120.03 against Zulip Cloud 18 × $6.67 = $120.06.
    let g = groups
        .iter()
        .find(|g| g.losers == ["zulip-cloud-standard"] && g.first.crossing.users == 18)
        .unwrap();
    assert!(g.near_tie);
    assert_eq!(
        g.winners,
        ["rocketchat-community-aws", "rocketchat-starter-aws"]
    );
    // Hetzner against Slack Pro at 15: $105.17 against $108.75 is not.
    assert!(
        groups
            .iter()
            .any(|g| g.first.crossing.users == 15 && !g.near_tie)
    );
    // Google Workspace and Microsoft 365 at one price: one group.
    assert!(groups.iter().any(|g| g.losers
        == ["google-workspace-business-starter", "m365-business-basic"]
        && g.winners == ["rocketchat-community-hetzner"]));
    // No group is only about Rocket.Chat Starter stopping at 50.
    assert!(groups.iter().all(|g| g.first.crossing.users != 51));
}
