//! The CSVs of `rccost usage`: `usage.csv` (one row per period) and
//! `cost-per-message.csv` (one row per plan and month). RFC 4180 quoting and
//! `\n` line ends like [`super::csv`]; money with two decimals, costs per
//! message with four (rounded half-up); empty cells where there is no figure.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::units::money;
use crate::usage::aggregate::{Usage, iso};
use crate::usage::cost::CostPerMessage;

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>) -> Vec<u8> {
    // Writing into a Vec cannot fail.
    w.into_inner().expect("in memory")
}

/// `period_start,messages,system_messages,bot_messages,active_users,active_users_28d`.
pub fn usage(u: &Usage) -> Vec<u8> {
    let mut w = writer();
    w.write_record([
        "period_start",
        "messages",
        "system_messages",
        "bot_messages",
        "active_users",
        "active_users_28d",
    ])
    .expect("in memory");
    for r in &u.rows {
        let cells = [
            iso(r.period_start),
            r.messages.to_string(),
            r.system_messages.to_string(),
            r.bot_messages.to_string(),
            r.active_users.to_string(),
            r.active_users_28d.to_string(),
        ];
        w.write_record(&cells).expect("in memory");
    }
    finish(w)
}

/// A cost per message: four decimals, half-up.
fn per_message(v: Option<Decimal>) -> String {
    v.map(|v| {
        format!(
            "{:.4}",
            v.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
        )
    })
    .unwrap_or_default()
}

/// One row per plan and month, plan by plan: `month,model,active_users,messages,
/// monthly_cost,cost_per_message,members,cost_per_message_members,currency`.
pub fn cost_per_message(c: &CostPerMessage) -> Vec<u8> {
    let mut w = writer();
    w.write_record([
        "month",
        "model",
        "active_users",
        "messages",
        "monthly_cost",
        "cost_per_message",
        "members",
        "cost_per_message_members",
        "currency",
    ])
    .expect("in memory");
    let members = c.members.map(|n| n.to_string()).unwrap_or_default();
    for plan in &c.plans {
        for (r, m) in c.months.iter().zip(&plan.months) {
            w.write_record([
                iso(r.period_start),
                plan.id.clone(),
                r.active_users.to_string(),
                r.messages.to_string(),
                m.monthly_cost.map(money::plain).unwrap_or_default(),
                per_message(m.per_message),
                members.clone(),
                per_message(m.per_message_members),
                c.currency.clone(),
            ])
            .expect("in memory");
        }
    }
    finish(w)
}
