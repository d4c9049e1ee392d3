//! Cost per message: each plan's monthly bill at a month's active users (and at
//! all members, when a Slack `users.json` gave them), divided by the month's
//! messages, with what a reader must know about the prices behind it.

use rust_decimal::Decimal;

use super::aggregate::{By, Day, Row, Usage, next_period};
use crate::engine::Assumptions;
use crate::engine::compare::Comparison;
use crate::engine::curve::Curve;
use crate::pricing::Source;
use crate::pricing::model::Model;
use crate::units::date::Date;
use crate::units::range::UserRange;

/// Cost per message of every plan, month by month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CostPerMessage {
    /// The usage of each month priced (start, active users, messages).
    pub months: Vec<Row>,
    pub plans: Vec<PlanCosts>,
    /// Members counted in a Slack `users.json`, if one was read.
    pub members: Option<usize>,
    /// First or last months a whole month's bill is divided over part of a month.
    pub part_months: Vec<PartMonth>,
    pub later_prices: Option<LaterPrices>,
    pub currency: String,
    /// The rates the amounts were converted at (`--currency`); empty otherwise.
    pub exchange_rates: Vec<crate::pricing::rates::Rate>,
    /// Plans left out because their licence is sold by quote and none was
    /// given: their infrastructure alone is no price for a message.
    pub awaiting_quote: Vec<String>,
}

/// One plan, month by month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanCosts {
    pub id: String,
    pub name: String,
    /// Months in which the plan had no price in force.
    pub unpriced_months: u64,
    /// One per month of [`CostPerMessage::months`], in order.
    pub months: Vec<MonthCost>,
}

/// One plan's figures for one month of [`CostPerMessage::months`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthCost {
    /// The month's bill at its active users (`None`: no price in force, or nobody wrote).
    pub monthly_cost: Option<Decimal>,
    /// `monthly_cost` ÷ messages (`None` also when there were no messages).
    pub per_message: Option<Decimal>,
    /// The bill at every member ÷ messages.
    pub per_message_members: Option<Decimal>,
}

/// A month the data covers only in part: it starts on `from` and/or ends on `to`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartMonth {
    pub month: Day,
    pub from: Option<Day>,
    pub to: Option<Day>,
}

/// Prices whose dates come after the first month yet are used for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaterPrices {
    /// The plans they belong to, by id.
    pub models: Vec<String>,
    /// The first month's start.
    pub after: Day,
    pub oldest: String,
    pub newest: String,
}

/// Cost per message of each of `models` (one currency, as `pricing::load::select`
/// gives them) over the months of `monthly`; `on` states the assumptions with
/// the prices in force on a date (each month uses its own start's prices).
pub fn cost_per_message(
    source: Source,
    models: &[Model],
    monthly: &Usage,
    members: Option<usize>,
    on: &dyn Fn(Date) -> Assumptions,
) -> CostPerMessage {
    let currency = models[0].currency.clone();
    let (awaiting, priced): (Vec<&Model>, Vec<&Model>) =
        models.iter().partition(|m| m.awaits_quote());
    CostPerMessage {
        months: monthly.rows.clone(),
        plans: priced
            .into_iter()
            .map(|m| plan_costs(m, monthly, members, on))
            .collect(),
        awaiting_quote: awaiting.iter().map(|m| m.name.clone()).collect(),
        members,
        part_months: part_months(monthly),
        later_prices: later_prices(source, models, monthly, on),
        currency,
        exchange_rates: Vec::new(),
    }
}

fn date(day: Day) -> Date {
    Date::from_days(i64::from(day))
}

/// One plan priced month by month at the prices in force on each month's start.
fn plan_costs(
    m: &Model,
    monthly: &Usage,
    members: Option<usize>,
    on: &dyn Fn(Date) -> Assumptions,
) -> PlanCosts {
    let mut unpriced_months = 0;
    let months = monthly
        .rows
        .iter()
        .map(|r| {
            let curve = Curve::of_model(m, &on(date(r.period_start)));
            if curve.is_none() {
                unpriced_months += 1;
            }
            month_cost(curve.as_ref(), r, members)
        })
        .collect();
    PlanCosts {
        id: m.id.clone(),
        name: m.name.clone(),
        unpriced_months,
        months,
    }
}

/// A month's bill (nobody to bill is no bill) and its share per message.
fn month_cost(curve: Option<&Curve>, r: &Row, members: Option<usize>) -> MonthCost {
    let cost_at = |n: u64| curve.and_then(|c| if n == 0 { None } else { c.at(n) });
    let per_message = |cost: Option<Decimal>| {
        cost.filter(|_| r.messages > 0)
            .map(|c| c / Decimal::from(r.messages))
    };
    let monthly_cost = cost_at(r.active_users);
    MonthCost {
        monthly_cost,
        per_message: per_message(monthly_cost),
        per_message_members: per_message(members.and_then(|n| cost_at(n as u64))),
    }
}

/// A month the data covers only in part still gets a whole month's bill: the
/// first month when the data starts after its first day, the last when it ends
/// before its last day (one entry when they are the same month).
fn part_months(monthly: &Usage) -> Vec<PartMonth> {
    let (Some((first_day, last_day)), Some(first), Some(last)) =
        (monthly.days, monthly.rows.first(), monthly.rows.last())
    else {
        return Vec::new();
    };
    let from = (first_day > first.period_start).then_some(first_day);
    let last_end = next_period(last.period_start, By::Month) - 1;
    let to = (last_day < last_end).then_some(last_day);
    let parts = if first.period_start == last.period_start {
        vec![PartMonth {
            month: first.period_start,
            from,
            to,
        }]
    } else {
        let first = PartMonth {
            month: first.period_start,
            from,
            to: None,
        };
        let last = PartMonth {
            month: last.period_start,
            from: None,
            to,
        };
        vec![first, last]
    };
    parts
        .into_iter()
        .filter(|p| p.from.is_some() || p.to.is_some())
        .collect()
}

/// Prices dated after the first month that are used for it as if already in
/// force (they carry no `valid_from` to say otherwise).
fn later_prices(
    source: Source,
    models: &[Model],
    monthly: &Usage,
    on: &dyn Fn(Date) -> Assumptions,
) -> Option<LaterPrices> {
    let first = monthly.rows.first()?;
    let c = Comparison::new(
        source,
        models.to_vec(),
        Vec::new(),
        UserRange::new(1, 1, 1).expect("a valid range"),
        on(date(first.period_start)),
    );
    let later = c.later();
    let mut ids: Vec<String> = later.iter().map(|st| st.model.id.clone()).collect();
    ids.dedup();
    let dates = later.iter().map(|st| st.date);
    let (oldest, newest) = (dates.clone().min()?, dates.max()?);
    Some(LaterPrices {
        models: ids,
        after: first.period_start,
        oldest: oldest.to_string(),
        newest: newest.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::date::days_from_civil;

    fn day(y: i64, m: i64, d: i64) -> Day {
        days_from_civil(y, m, d) as Day
    }

    /// Monthly usage whose messages fall from `first` to `last`.
    fn monthly(starts: &[Day], first: Day, last: Day) -> Usage {
        let row = |&period_start: &Day| Row {
            period_start,
            messages: 1,
            system_messages: 0,
            bot_messages: 0,
            active_users: 1,
            active_users_28d: 1,
        };
        Usage {
            rows: starts.iter().map(row).collect(),
            days: Some((first, last)),
            ..Default::default()
        }
    }

    #[test]
    fn part_months_are_the_first_and_last_when_cut_short() {
        let (march, april) = (day(2026, 3, 1), day(2026, 4, 1));
        let whole = monthly(&[march, april], march, day(2026, 4, 30));
        assert_eq!(part_months(&whole), vec![]);
        let both = monthly(&[march, april], day(2026, 3, 25), day(2026, 4, 10));
        assert_eq!(
            part_months(&both),
            vec![
                PartMonth {
                    month: march,
                    from: Some(day(2026, 3, 25)),
                    to: None
                },
                PartMonth {
                    month: april,
                    from: None,
                    to: Some(day(2026, 4, 10))
                },
            ]
        );
        // One month cut at both ends is one entry.
        let one = monthly(&[march], day(2026, 3, 14), day(2026, 3, 14));
        assert_eq!(
            part_months(&one),
            vec![PartMonth {
                month: march,
                from: Some(day(2026, 3, 14)),
                to: Some(day(2026, 3, 14))
            }]
        );
    }
}
