//! Where the prices come from, said where a person looks: the default
//! scenario's note under a printed summary, and an unknown `--models` or
//! `--exclude` id answered with the scenario's ids and the bundled scenarios
//! that have it. Also the other words of the views that point to an option
//! (the charts and exports below name none themselves).

use crate::pricing::Source;
use crate::pricing::bundled::{self, DEFAULT_SCENARIO};
use crate::pricing::load;
use crate::pricing::model::Model;

/// Scenario blog-2016 has the write-up's prices: say so, and where today's are.
pub fn scenario_note(source: &Source) -> Option<String> {
    match source {
        Source::Bundled(name) if name == "blog-2016" => Some(
            "Prices: scenario blog-2016, those of the 2016 write-up; --scenario current has today's.\n"
                .into(),
        ),
        _ => None,
    }
}

/// The message for the first id given with `flag` that names no model of
/// `models`, or `None` when every id names one.
pub fn unknown_id(models: &[Model], source: &Source, flag: &str, ids: &[String]) -> Option<String> {
    let id = ids
        .iter()
        .map(|id| id.trim())
        .find(|id| !id.is_empty() && !models.iter().any(|m| m.id == *id))?;
    let known: Vec<&str> = models
        .iter()
        .filter(|m| !m.part)
        .map(|m| m.id.as_str())
        .collect();
    let mut text = format!(
        "{flag}: no model '{id}' in {source} (its ids: {})",
        known.join(", ")
    );
    let elsewhere = scenarios_with(id, source);
    if !elsewhere.is_empty() {
        let names: Vec<String> = elsewhere.iter().map(|s| format!("scenario {s}")).collect();
        let verb = if elsewhere.len() == 1 { "has" } else { "have" };
        text += &format!("; {} {verb} it", names.join(" and "));
        text += &match source {
            Source::Bundled(name) if name == DEFAULT_SCENARIO => {
                format!(": add --scenario {}", elsewhere[0])
            }
            Source::Bundled(_) => format!(": use --scenario {} instead", elsewhere[0]),
            Source::Files { .. } => String::new(),
        };
    }
    Some(text)
}

/// The bundled scenarios other than `source` with a plan (not a part) of this id.
fn scenarios_with(id: &str, source: &Source) -> Vec<&'static str> {
    bundled::scenarios()
        .into_iter()
        .filter(|s| !matches!(source, Source::Bundled(name) if name == s))
        .filter(|s| {
            load::bundled_scenario(s)
                .is_ok_and(|models| models.iter().any(|m| m.id == id && !m.part))
        })
        .collect()
}

/// The legend entry of `count` plans drawn in grey.
pub fn grey_lines(count: usize) -> String {
    let others = if count == 1 { "plan" } else { "plans" };
    // No option named: a chart is read by people who never ran the command.
    format!("{count} other {others} compared, in grey")
}

/// Why the break-even map is empty: the models compared include `missing`.
pub fn nothing_to_map(missing: &str) -> String {
    format!("Nothing to map: the models compared include {missing} (see --models and --exclude).")
}

/// The catalog's "compared" cell of a licence sold by quote.
pub const BY_QUOTE: &str = "by quote: --quote ID=PRICE, else the highest quote that pays";

/// The table title's note when it shows `shown` of `total` sizes.
pub fn sizes_shown(shown: usize, total: u64) -> String {
    format!("; {shown} of {total} team sizes shown, --all for every one")
}
