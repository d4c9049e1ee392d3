//! The words of `rccost usage`: the summary it prints, and the notes on the
//! prices behind cost per message.

use std::path::{Path, PathBuf};

use crate::units::count::{group_thousands, plural};
use crate::usage::aggregate::{By, Usage, iso};
use crate::usage::cost::{CostPerMessage, LaterPrices, PartMonth};
use crate::usage::read::Malformed;

/// How many malformed records the summary shows.
const SHOW_MALFORMED: usize = 5;

/// A period's name, as in "messages per week".
pub fn period_name(by: By) -> &'static str {
    match by {
        By::Day => "day",
        By::Week => "week",
        By::Month => "month",
    }
}

/// Why nothing was written when no period has a message.
pub fn nothing_to_count(u: &Usage) -> String {
    let why = if u.outside > 0 {
        format!("all {} messages are outside --from/--to", u.outside)
    } else {
        "no messages were found".to_string()
    };
    format!("nothing to count: {why} (no file was written)")
}

/// Why an input whose every record is malformed stops the run: how many were
/// skipped, and the first few.
pub fn all_malformed(input: &Path, malformed: &[Malformed]) -> String {
    let mut text = format!(
        "{}: nothing to count: {} skipped and no message left (no file was written); {}:",
        input.display(),
        plural(malformed.len() as u64, "malformed record"),
        if malformed.len() > SHOW_MALFORMED {
            "the first are"
        } else if malformed.len() == 1 {
            "it is"
        } else {
            "they are"
        },
    );
    for m in malformed.iter().take(SHOW_MALFORMED) {
        text += &format!("\n  {}:{}: {}", m.file, m.line, m.why);
    }
    text
}

/// Why a pipe (or another stream) is not read, and what to give instead.
pub fn not_a_file(input: &Path) -> String {
    format!(
        "{}: a pipe or a device, not a file: usage reads files and folders (it looks at an \
         input's first bytes to know its format, then reads it from the start); save the \
         stream to a file first, or give the file itself (gzip'ed exports and backups are \
         read as they are: rccost usage export.json.gz)",
        input.display()
    )
}

/// A `Wrote <path>` line per file.
pub fn wrote(files: &[(PathBuf, Vec<u8>)]) -> String {
    files
        .iter()
        .map(|(path, _)| format!("Wrote {}\n", path.display()))
        .collect()
}

/// What was counted, what was left out, and the first malformed records.
pub fn summary(u: &Usage, by: By, malformed: &[Malformed]) -> String {
    let mut text = counted(u, by);
    if u.duplicates > 0 {
        text += &format!(
            "{} (same id in more than one input) counted once.\n",
            plural(u.duplicates, "duplicate message")
        );
    }
    if u.outside > 0 {
        text += &format!(
            "{} outside --from/--to left out.\n",
            plural(u.outside, "message")
        );
    }
    text + &skipped(malformed)
}

/// Messages by kind, senders, the span of days and of periods.
fn counted(u: &Usage, by: By) -> String {
    let t = u.totals();
    let mut text = format!(
        "\n{} ({} system, {} bot) from {}",
        plural(t.messages, "user message"),
        group_thousands(&t.system_messages.to_string()),
        group_thousands(&t.bot_messages.to_string()),
        plural(u.senders as u64, "sender"),
    );
    if let Some((first, last)) = u.days {
        text += &format!(", {} to {}", iso(first), iso(last));
    }
    if let Some(first) = u.rows.first() {
        text += &format!(
            "; {} from {}",
            plural(u.rows.len() as u64, period_name(by)),
            iso(first.period_start)
        );
    }
    text + ".\n"
}

/// How many records were skipped, and the first few of them.
fn skipped(malformed: &[Malformed]) -> String {
    if malformed.is_empty() {
        return String::new();
    }
    let shown = if malformed.len() == 1 {
        "it is"
    } else if malformed.len() <= SHOW_MALFORMED {
        "they are"
    } else {
        "the first are"
    };
    let mut text = format!(
        "{} skipped (--strict stops at the first); {shown}:\n",
        plural(malformed.len() as u64, "malformed record")
    );
    for m in malformed.iter().take(SHOW_MALFORMED) {
        text += &format!("  {}:{}: {}\n", m.file, m.line, m.why);
    }
    text
}

/// Where cost per message was written, then a line per note.
pub fn cost_summary(c: &CostPerMessage, csv: &Path) -> String {
    let mut text = format!(
        "Cost per message for {} plans: {}\n",
        c.plans.len(),
        csv.display()
    );
    for note in cost_notes(c) {
        text += &format!("{note}\n");
    }
    text
}

/// What a reader must know about the prices: plans with no price in some
/// months, part months, and prices used before their date.
pub fn cost_notes(c: &CostPerMessage) -> Vec<String> {
    let mut notes: Vec<String> = c
        .plans
        .iter()
        .filter(|p| p.unpriced_months > 0)
        .map(|p| {
            format!(
                "{}: no price in force in {} of {} (its cells are empty).",
                p.id,
                p.unpriced_months,
                plural(p.months.len() as u64, "month")
            )
        })
        .collect();
    notes.splice(
        0..0,
        super::notes::rates_note_in(&c.currency, &c.exchange_rates),
    );
    if !c.part_months.is_empty() {
        let months: Vec<String> = c.part_months.iter().map(part_month).collect();
        notes.push(format!(
            "Part months: {}; their cost per message divides a whole month's bill by part of a month's messages.",
            months.join(", ")
        ));
    }
    notes.extend(c.later_prices.as_ref().map(later_prices));
    notes.extend(awaiting_quote(&c.awaiting_quote));
    notes
}

/// Plans left out of cost per message because their licence is sold by quote.
pub fn awaiting_quote(names: &[String]) -> Option<String> {
    (!names.is_empty()).then(|| {
        format!(
            "Left out, licence sold by quote (no price to divide): {}.",
            names.join(", ")
        )
    })
}

/// `2026-03 (from 2026-03-25)`, `… (to …)` or `… (… to …)`.
fn part_month(p: &PartMonth) -> String {
    let month = &iso(p.month)[..7];
    match (p.from, p.to) {
        (Some(from), Some(to)) => format!("{month} ({} to {})", iso(from), iso(to)),
        (Some(from), None) => format!("{month} (from {})", iso(from)),
        (None, Some(to)) => format!("{month} (to {})", iso(to)),
        (None, None) => month.to_string(),
    }
}

fn later_prices(l: &LaterPrices) -> String {
    format!(
        "Prices seen only after {} ({} to {}) are used for the months before them \
         as if already in force, for {}.",
        iso(l.after),
        l.oldest,
        l.newest,
        l.models.join(", ")
    )
}

/// The note on end periods the data covers in part: "The first month (from
/// 2020-11-05) and the last (to 2026-06-29) are counted in part."
pub fn part_periods(u: &Usage, by: By, paler: bool) -> Option<String> {
    let part = u.partial(by);
    let (first, last) = u.days?;
    let name = period_name(by);
    let ends = match (part.first, part.last) {
        (true, true) if u.rows.len() == 1 => {
            format!("The only {name} ({} to {})", iso(first), iso(last))
        }
        (true, true) => format!(
            "The first {name} (from {}) and the last (to {})",
            iso(first),
            iso(last)
        ),
        (true, false) => format!("The first {name} (from {})", iso(first)),
        (false, true) => format!("The last {name} (to {})", iso(last)),
        (false, false) => return None,
    };
    let are = if part.first && part.last && u.rows.len() > 1 {
        "are"
    } else {
        "is"
    };
    let drawn = if paler { " (paler)" } else { "" };
    Some(format!("{ends} {are} counted in part{drawn}."))
}

/// "Axis cut at 40: 12 days above it, the most 98, on 2022-05-03."
pub fn above_axis(cap: &str, above: usize, by: By, most: (u64, String)) -> String {
    format!(
        "Axis cut at {cap}: {} above it, the most {}, {} {}.",
        plural(above as u64, period_name(by)),
        group_thousands(&most.0.to_string()),
        match by {
            By::Day => "on",
            By::Week => "in the week of",
            By::Month => "in",
        },
        most.1
    )
}

/// Plans left out of cost per message: no price in force in any month.
pub fn unpriced_plans(names: &[String]) -> Option<String> {
    match names {
        [] => None,
        [one] => Some(format!("Left out: {one} (no price in force in any month).")),
        more => Some(format!(
            "Left out, no price in force in any month: {}.",
            more.join(", ")
        )),
    }
}

/// "Microsoft 365 Business Basic: no price in force in 16 of 68 months (no line there)."
pub fn unpriced_months(name: &str, unpriced: u64, months: usize) -> String {
    format!(
        "{name}: no price in force in {unpriced} of {} (no line there).",
        plural(months as u64, "month")
    )
}

impl std::fmt::Display for crate::usage::read::Why {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::usage::read::Why;
        match self {
            Why::Said(said) => write!(f, "{said}"),
            Why::NotInFormat {
                column,
                cell,
                format,
            } => write!(
                f,
                "`{column}` value {cell:?} does not match --time-format {format:?}"
            ),
        }
    }
}
