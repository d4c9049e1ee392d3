//! Which models a chart puts first. With many models compared, the answer is
//! carried by a few: the cheapest self-hosted model and the cheapest hosted
//! plan at some team size in the range (and any model the user named). The
//! charts draw those in colour and the rest as context; this is where the
//! choice is made, so every view agrees on it.

use super::breakeven::{LimitError, analyse};
use super::compare::Comparison;
use super::curve::Curve;
use crate::pricing::model::Kind;

/// Up to this many models, every one is drawn in colour: nothing needs greying out.
pub const ALL_UP_TO: usize = 5;

/// Indices (in the comparison's order) of the models to highlight: all of them
/// when `all`, when at most [`ALL_UP_TO`] are compared, or when the prices are
/// the user's own files; otherwise each model that is the cheapest of its kind
/// (self-hosted or hosted) at some team size in the range, the `named` ids, and
/// the plans of the user's own files added to a bundled scenario (the reader
/// added them to see them).
pub fn highlighted(c: &Comparison, named: &[String], all: bool) -> Result<Vec<usize>, LimitError> {
    let every: Vec<usize> = (0..c.models.len()).collect();
    if all || c.models.len() <= ALL_UP_TO || c.source.only_files() {
        return Ok(every);
    }
    let mut keep = vec![false; c.models.len()];
    for kind in [Kind::SelfHosted, Kind::Hosted] {
        for i in cheapest_of_kind(c, kind)? {
            keep[i] = true;
        }
    }
    for (i, m) in c.models.iter().enumerate() {
        if named.iter().any(|id| id.trim() == m.id) || !m.is_bundled() {
            keep[i] = true;
        }
    }
    Ok(every.into_iter().filter(|&i| keep[i]).collect())
}

/// Models of `kind` that are the cheapest of that kind at some size in the range.
fn cheapest_of_kind(c: &Comparison, kind: Kind) -> Result<Vec<usize>, LimitError> {
    let of_kind: Vec<(&str, &Curve)> = c
        .models
        .iter()
        .zip(&c.curves)
        .filter(|(m, _)| m.kind == kind)
        .map(|(m, curve)| (m.id.as_str(), curve))
        .collect();
    if of_kind.is_empty() {
        return Ok(Vec::new());
    }
    let (from, to) = c.span();
    let a = analyse(&of_kind, from, to)?;
    let mut found: Vec<usize> = a
        .cheapest
        .iter()
        .flat_map(|s| s.models.iter())
        .filter_map(|id| c.index(id))
        .collect();
    found.sort_unstable();
    found.dedup();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Assumptions;
    use crate::pricing::{Source, load};
    use crate::units::date::Date;
    use rust_decimal::Decimal;

    fn current(range: &str, rate: u32) -> Comparison {
        let models = load::bundled_scenario("current").unwrap();
        let selection = load::select(models, &[], &[], false).unwrap();
        let mut a = Assumptions::on(Date::parse("2026-11-25").unwrap());
        a = a.at_rate(Decimal::from(rate));
        Comparison::new(
            Source::Bundled("current".into()),
            selection.models,
            selection.limited,
            range.parse().unwrap(),
            a,
        )
    }

    fn ids(c: &Comparison, named: &[&str]) -> Vec<String> {
        let named: Vec<String> = named.iter().map(|s| s.to_string()).collect();
        let found = highlighted(c, &named, false).unwrap();
        found.iter().map(|&i| c.models[i].id.clone()).collect()
    }

    #[test]
    fn the_cheapest_of_each_kind_is_highlighted() {
        // 1..100 at $60/h: Rocket.Chat on Hetzner is $105.17 a month at any size,
        // $14.86 below Rocket.Chat on AWS ($120.03) and far below the rest; among
        // hosted plans Teams Essentials' $4 a seat undercuts Zulip Cloud ($6.67),
        // Google Workspace and Microsoft 365 ($7) and Slack Pro ($7.25) at every size.
        let c = current("1..100", 60);
        assert_eq!(c.models.len(), 11);
        assert_eq!(
            ids(&c, &[]),
            ["rocketchat-community-hetzner", "teams-essentials"]
        );
        // A named model joins them.
        assert_eq!(
            ids(&c, &["slack-pro"]),
            [
                "rocketchat-community-hetzner",
                "slack-pro",
                "teams-essentials"
            ]
        );
        // 1..10,000: Teams Essentials stops at 300 users and Rocket.Chat on Hetzner
        // at 400 (100 concurrent at a quarter online); Rocket.Chat on AWS, one
        // t4g.xlarge, is the cheapest self-hosted model from 401 to 1,000; past
        // them Zulip Cloud Standard ($6.67 a seat, below $7 and $7.25) and Zulip's
        // self-hosted Business plan take over.
        let wide = current("1..10000", 60);
        assert_eq!(
            ids(&wide, &[]),
            [
                "rocketchat-community-aws",
                "rocketchat-community-hetzner",
                "teams-essentials",
                "zulip-cloud-standard",
                "zulip-selfhosted-business"
            ]
        );
        // --all-models, or a handful of models: every one.
        assert_eq!(highlighted(&c, &[], true).unwrap().len(), 11);
    }
}
