//! Which input decides the answer for one team size, as a tornado chart: one
//! bar per uncertain input from the cost difference (cheapest self-hosted
//! minus cheapest hosted) with that input at its low bound to the difference
//! at its high bound, the others at their likely values; widest on top. The
//! figures are [`crate::engine::uncertain::sensitivity`]'s.

use rust_decimal::prelude::ToPrimitive;

use crate::chart::line::{Axes, Bar, Bars, LineChart, Unit};
use crate::chart::theme::LineStyle;
use crate::engine::breakeven::LimitError;
use crate::engine::compare::Comparison;
use crate::engine::uncertain::sensitivity::Sensitivity;
use crate::text::odds;
use crate::units::count::users;
use crate::units::money;

/// The tornado for `team` users; `None` when nothing is sampled, or no model
/// of each kind serves that many.
pub fn sensitivity_chart(c: &Comparison, team: u64) -> Result<Option<LineChart>, LimitError> {
    let Some(u) = c.uncertainty() else {
        return Ok(None);
    };
    let Some(s) = u.sensitivity(team)? else {
        return Ok(None);
    };
    let f = |d: rust_decimal::Decimal| d.to_f64().unwrap_or(0.0);
    let (own, hosted) = (&c.models[s.self_hosted].name, &c.models[s.hosted].name);
    let axes = Axes {
        x_title: "",
        y_title: String::new(),
        x: c.span(),
        x_unit: Unit::Money,
        y_unit: Unit::Money,
    };
    let title = format!("Which input decides the answer at {}?", users(team));
    let mut chart = LineChart::blank(&c.currency, "sensitivity", &title, axes);
    chart.subtitle = format!(
        "{own} against {hosted} · each range at its low and high bound, the others at their likely values"
    );
    chart.bars = Some(Bars {
        rows: s
            .swings
            .iter()
            .map(|w| Bar {
                label: odds::without_option(&w.input.label).to_string(),
                low: f(w.low.difference),
                high: f(w.high.difference),
                low_label: w.input.says(w.input.spread.low),
                high_label: w.input.says(w.input.spread.high),
            })
            .collect(),
        centre: f(s.likely.difference),
        centre_label: format!("likely: {}", odds::difference(c, &s.likely)),
        x_title: format!(
            "Self-hosted minus hosted, a month at {} ({})",
            users(team),
            c.currency
        ),
    });
    let bound = |colour| LineStyle { colour, dash: None };
    chart.legend = Some(vec![
        ("Input at its low bound".into(), bound(0)),
        ("Input at its high bound".into(), bound(1)),
    ]);
    chart.footer = Some(break_even_note(c, &s));
    chart.description = odds::sensitivity_in_words(c, &s).join(" ");
    chart.alt = alt(c, &s);
    Ok(Some(chart))
}

/// "Break-even at the likely values: 27 users; with the admin rate at $30/h
/// from 14, at $120/h from 52." for the widest swing.
fn break_even_note(c: &Comparison, s: &Sensitivity) -> String {
    let mut text = format!(
        "Break-even at the likely values: {}",
        odds::break_even(c, &s.likely)
    );
    if let Some(w) = s.swings.first() {
        text += &format!(
            "; with {} at {}: {}, at {}: {}",
            w.input.label,
            w.input.says(w.input.spread.low),
            odds::break_even(c, &w.low),
            w.input.says(w.input.spread.high),
            odds::break_even(c, &w.high)
        );
    }
    text + "."
}

/// "At 40 users the admin rate moves the answer most: Rocket.Chat … costs
/// $104.83 a month less than … at $30/h and $45.17 more at $120/h."
fn alt(c: &Comparison, s: &Sensitivity) -> String {
    let (own, hosted) = (&c.models[s.self_hosted].name, &c.models[s.hosted].name);
    let Some(w) = s.swings.first() else {
        return String::new();
    };
    format!(
        "At {} {} moves the answer most: {own} costs {} than {hosted} at {} and {} at {} (a swing of {}).",
        users(s.team),
        w.input.label,
        odds::difference(c, &w.low).replace(" a month", ""),
        w.input.says(w.input.spread.low),
        odds::difference(c, &w.high).replace(" a month", ""),
        w.input.says(w.input.spread.high),
        money::display(w.width(), &c.currency)
    )
}
