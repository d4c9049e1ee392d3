//! The parts of the terminal table below the costs: for each model whose
//! licence is sold by quote, its cost without the licence and the highest quote
//! against each hosted plan; and with `--explain`, what each self-hosted
//! deployment holds at each size shown.

use super::grid::{Grid, wrap};
use crate::engine::compare::Comparison;
use crate::engine::explain::parts;
use crate::pricing::model::{Kind, Model};
use crate::text::sizing::part_line;
use crate::units::count::group_thousands;
use crate::units::money;

/// One grid per quote-only model, with a line saying how to read it.
pub fn quote_tables(c: &Comparison, rows: &[u64], width: Option<usize>) -> String {
    let hosted: Vec<&Model> = c.models.iter().filter(|m| m.kind == Kind::Hosted).collect();
    let mut out = String::new();
    for (m, _) in &c.quote_only {
        out.push('\n');
        out += &wrap(
            &format!(
                "{} ({}): licence sold by quote, not compared. Without the licence a month, then the highest quote a user a month at which it costs no more than each hosted plan (none: it costs more even with a free licence; — : unavailable):",
                m.name, m.id
            ),
            width,
        );
        let mut header = vec!["users".to_string(), "no licence".to_string()];
        header.extend(hosted.iter().map(|h| h.id.clone()));
        let body = rows
            .iter()
            .map(|&n| {
                let answer = c.quote_answers(n).into_iter().find(|a| a.model == m.id);
                let mut line = vec![group_thousands(&n.to_string())];
                let own = answer.as_ref().and_then(|a| a.without_licence);
                line.push(own.map_or("—".into(), |v| money::display(v, &c.currency)));
                for h in &hosted {
                    let ceiling = answer.as_ref().and_then(|a| a.against(&h.id));
                    line.push(match ceiling {
                        None => "—".into(),
                        Some(x) => x
                            .highest_cents()
                            .map_or("none".into(), |q| money::display(q, &c.currency)),
                    });
                }
                line
            })
            .collect();
        out += &Grid { header, body }.render(width);
    }
    out
}

/// `--explain`: per self-hosted model (compared or answered by quote) and size
/// shown, the parts in use, how many of each and what they cost a month.
pub fn explained(c: &Comparison, rows: &[u64], width: Option<usize>) -> String {
    let a = &c.assumptions;
    let models = c
        .models
        .iter()
        .filter(|m| m.kind == Kind::SelfHosted)
        .chain(c.quote_only.iter().map(|(m, _)| m));
    let mut out = format!(
        "\nWhat each self-hosted deployment holds (a month; {} of the team online at once):\n",
        a.concurrency
    );
    for m in models {
        out += &format!("\n{} ({}):\n", m.name, m.id);
        for &n in rows {
            let at = format!(
                "{} ({} concurrent)",
                group_thousands(&n.to_string()),
                group_thousands(&a.concurrency.concurrent(n).to_string())
            );
            let line = match parts(m, a, n) {
                None => format!("{at}: cannot serve this size"),
                Some(list) => {
                    let lines: Vec<String> = list
                        .iter()
                        .filter(|p| !p.monthly.is_zero() || p.hours.is_some())
                        .map(|p| part_line(p, &c.currency))
                        .collect();
                    format!("{at}: {}", lines.join("; "))
                }
            };
            out += &wrap(&line, width);
        }
    }
    out
}
