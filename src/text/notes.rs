//! The sentences every view adds under its figures: what was assumed, which
//! plans were left out and why, and which prices are old.

use crate::engine::compare::{Comparison, STALE_AFTER_MONTHS, Stale};
use crate::pricing::model::Kind;
use crate::units::money;

/// Lines of plain text (no trailing newline), possibly none.
pub fn notes(c: &Comparison) -> Vec<String> {
    let a = &c.assumptions;
    let mut out = Vec::new();
    // Self-hosted models, and any hosted plan whose file gives it admin time.
    let self_hosted: Vec<_> = c
        .models
        .iter()
        .filter(|m| {
            m.kind == Kind::SelfHosted || !m.admin_hours().is_zero() || !m.setup_hours().is_zero()
        })
        .collect();
    if !self_hosted.is_empty() {
        let rate = money::display(a.admin_rate, &c.currency);
        let each = |m: &&crate::pricing::model::Model| {
            (m.admin_hours().normalize(), m.setup_hours().normalize())
        };
        let first = each(&self_hosted[0]);
        let uniform = self_hosted
            .iter()
            .all(|m| m.kind == Kind::SelfHosted && each(m) == first);
        let hours = if uniform {
            format!(
                "each self-hosted plan takes {} h a month and {} h to set up",
                first.0, first.1
            )
        } else {
            let list: Vec<String> = self_hosted
                .iter()
                .map(|m| {
                    format!(
                        "{} {} h a month, {} h to set up",
                        m.id,
                        each(m).0,
                        each(m).1
                    )
                })
                .collect();
            list.join("; ")
        };
        if a.admin_rate.is_zero() {
            out.push(format!(
                "Admin time is not counted (--admin-rate 0; {hours})."
            ));
        } else {
            out.push(format!("Admin time at {rate} an hour ({hours}); one-off set-up costs spread over {} months.", a.horizon_months));
        }
    }
    let labelled: Vec<String> = c
        .models
        .iter()
        .filter_map(|m| m.billing_terms(a.as_of).map(|t| format!("{} ({t})", m.id)))
        .collect();
    if !labelled.is_empty() {
        out.push(format!(
            "Billing: {} where a plan offers both; {}.",
            a.billing.as_str(),
            labelled.join(", ")
        ));
    }
    for (m, why) in &c.left_out {
        if m.comparable {
            out.push(format!("Not compared: {} — {why}.", m.name));
        } else {
            out.push(format!(
                "Not compared: {} — {why} (add --include-limited to compare it).",
                m.name
            ));
        }
    }
    let old = grouped(c.stale());
    if !old.is_empty() {
        out.push(format!(
            "Prices more than {STALE_AFTER_MONTHS} months older than {}: {old} — check them before relying on the figures.",
            a.as_of
        ));
    }
    let later = grouped(c.later());
    if !later.is_empty() {
        out.push(format!(
            "Prices seen only after {}: {later} — what applied on {} is not known; they are used as if already in force.",
            a.as_of, a.as_of
        ));
    }
    out
}

/// Dated prices, each named once: a part's price lists the plans that include it.
fn grouped(prices: Vec<Stale<'_>>) -> String {
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for st in &prices {
        let what = match st.part {
            Some(part) => format!("{} in {part} ({})", st.label, st.date),
            None => format!("{} of {} ({})", st.label, st.model.id, st.date),
        };
        match groups.iter_mut().find(|g| g.0 == what) {
            Some(g) => g.1.push(&st.model.id),
            None => groups.push((what, vec![&st.model.id])),
        }
    }
    groups
        .iter()
        .map(|(what, ids)| {
            if what.contains(" in ") {
                format!("{what}, used by {}", ids.join(", "))
            } else {
                what.clone()
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}
