//! The command line's words for the library's typed errors: each names the
//! option that fixes it (`--users`, `--models`, `--quote`, …), which only the
//! command line knows. The library below says what went wrong as data.

use std::fmt;

use crate::engine::breakeven::{LimitError, MAX_CROSSINGS, STEP_BUDGET};
use crate::engine::quote::QuoteError;
use crate::pricing::load::{LoadError, Which};

impl fmt::Display for LimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LimitError::TooManyCrossings { a, b, from, to } => write!(
                f,
                "{a} and {b} keep crossing every few users (licence blocks whose average price per user is \
                 the same): more than {MAX_CROSSINGS} crossings or {STEP_BUDGET} blocks to walk between \
                 {from} and {to} users; narrow --users"
            ),
        }
    }
}

impl fmt::Display for QuoteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuoteError::NoModel {
                quote,
                sold_by_quote,
            } => {
                let ids = if sold_by_quote.is_empty() {
                    "none".to_string()
                } else {
                    sold_by_quote.join(", ")
                };
                write!(
                    f,
                    "--quote {}={}: no model has the id {}; licences sold by quote: {ids}",
                    quote.id, quote.per_user_month, quote.id
                )
            }
            QuoteError::Priced { quote } => write!(
                f,
                "--quote {}={}: {} has a price of its own; --quote prices licences sold by quote",
                quote.id, quote.per_user_month, quote.id
            ),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Invalid(problems) => {
                let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
                write!(f, "{}", lines.join("\n"))
            }
            LoadError::NoScenario { name, known } => write!(
                f,
                "--scenario: no bundled scenario named '{name}'; bundled scenarios: {}",
                known.join(", ")
            ),
            LoadError::UnknownId { which, id, known } => {
                let flag = match which {
                    Which::Only => "--models",
                    Which::Exclude => "--exclude",
                };
                write!(f, "{flag}: no model with id '{id}'; known ids: {known}")
            }
            LoadError::Part { id, known } => write!(
                f,
                "--models: '{id}' is a part (hosting that other models include), not a plan to compare; known ids: {known}"
            ),
            LoadError::Limited { id, limit } => write!(
                f,
                "--models: '{id}' is not comparable ({limit}); add --include-limited to compare it anyway"
            ),
            LoadError::NothingLeft => write!(
                f,
                "every model was excluded or is feature-limited; nothing is left to compare (see --include-limited)"
            ),
            LoadError::Currencies(list) => write!(
                f,
                "the models compared use different currencies: {}; compare models of one currency (choose with --models or --exclude)",
                list.join(", ")
            ),
            LoadError::Other(message) => write!(f, "{message}"),
        }
    }
}

#[cfg(feature = "usage")]
impl fmt::Display for crate::usage::read::ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::usage::read::{Column, EXPECTED, ReadError};
        match self {
            ReadError::Input(said) => write!(f, "{said}"),
            ReadError::Strict { file, line, why } => write!(
                f,
                "{file}:{line}: {why} (--strict stops at the first bad record)"
            ),
            ReadError::NoColumn {
                column,
                file,
                name,
                columns,
            } => {
                let flag = match column {
                    Column::Time => "--time-column",
                    Column::User => "--user-column",
                    Column::Channel => "--channel-column",
                };
                let columns = columns.join(", ");
                write!(
                    f,
                    "{flag}: {file} has no column '{name}'; its columns: {columns}"
                )
            }
            ReadError::NoTimeColumn { file } => write!(
                f,
                "{file}: no timestamp column (looked for ts, timestamp, time, date); name it with --time-column"
            ),
            ReadError::Unread {
                file,
                first_line,
                time_names,
            } => write!(
                f,
                "{file}: text, but not a format rccost reads: its first line \"{first_line}\" is neither JSON nor \
                 a CSV header with a timestamp column ({time_names}; --time-column names another); {EXPECTED}"
            ),
        }
    }
}

/// No rate joins the models' currency and `--currency`'s: the pair, the date,
/// and the two ways to give one.
pub fn missing_rate(e: &crate::pricing::rates::MissingRate) -> String {
    let (from, to, on) = (&e.from, &e.to, e.on);
    let later = match e.later.first() {
        Some(first) => format!(
            " (the rates of the scenario start on {first}: --as-of {first} or later uses them)"
        ),
        None => String::new(),
    };
    format!(
        "--currency {to}: no exchange rate {to}/{from} on or before {on}{later}; \
         give one with --rate {to}/{from}=RATE (1 {to} in {from}), or a [[rate]] in a rates \
         file added with --pricing (see docs/currencies.md)"
    )
}
