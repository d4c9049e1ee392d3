//! Where models come from: the bundled scenarios or `--pricing` files and
//! folders; then which of them are compared (`--models`, `--exclude`).

use std::fs;
use std::path::{Path, PathBuf};

use super::bundled;
use super::model::Model;
use super::schema::{Diagnostic, Identity, identity, parse_model};

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// Problems inside pricing files, each with its file, line and column.
    #[error("{}", .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Diagnostic>),
    #[error("{0}")]
    Other(String),
}

/// Reads every model of a bundled scenario.
pub fn bundled_scenario(name: &str) -> Result<Vec<Model>, LoadError> {
    let files: Vec<_> = bundled::FILES
        .iter()
        .filter(|f| f.scenario == name)
        .collect();
    if files.is_empty() {
        return Err(LoadError::Other(format!(
            "--scenario: no bundled scenario named '{name}'; bundled scenarios: {}",
            bundled::scenarios().join(", ")
        )));
    }
    let texts = files.iter().map(|f| {
        (
            format!("pricing/{}/{} (bundled)", f.scenario, f.name),
            f.text.to_string(),
        )
    });
    parse_all(texts.collect())
}

/// Reads every model from files and folders (a folder: all `*.toml` in it and
/// below, in name order).
pub fn paths(paths: &[PathBuf]) -> Result<Vec<Model>, LoadError> {
    let mut files = Vec::new();
    for path in paths {
        collect(path, &mut files)?;
    }
    // The same file named twice (or through a folder and by name) is read once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    let mut texts = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file)
            .map_err(|e| LoadError::Other(format!("cannot read {}: {e}", file.display())))?;
        texts.push((file.display().to_string(), text));
    }
    parse_all(texts)
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) -> Result<(), LoadError> {
    let meta = fs::metadata(path)
        .map_err(|e| LoadError::Other(format!("cannot open {}: {e}", path.display())))?;
    if meta.is_file() {
        files.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = fs::read_dir(path)
        .and_then(|dir| dir.map(|e| e.map(|e| e.path())).collect())
        .map_err(|e| LoadError::Other(format!("cannot list {}: {e}", path.display())))?;
    entries.sort();
    let before = files.len();
    for entry in entries {
        if entry.is_dir()
            || entry
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("toml"))
        {
            collect(&entry, files)?;
        }
    }
    if files.len() == before {
        return Err(LoadError::Other(format!(
            "no .toml files in {}",
            path.display()
        )));
    }
    Ok(())
}

/// Parses (name, text) pairs; reports every problem in every file, and ids used twice.
pub fn parse_all(texts: Vec<(String, String)>) -> Result<Vec<Model>, LoadError> {
    let mut models: Vec<Model> = Vec::new();
    let mut problems = Vec::new();
    for (name, text) in &texts {
        match parse_model(text, name) {
            Ok(model) => models.push(model),
            Err(mut found) => problems.append(&mut found),
        }
    }
    // Ids used twice and includes that name no model, across every file (even
    // those with other problems).
    let identities: Vec<(&String, &String, Identity)> =
        texts.iter().map(|(n, t)| (n, t, identity(t))).collect();
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for (name, text, who) in &identities {
        if let Some((id, offset)) = &who.id {
            match seen.iter().find(|(known, _)| known == id) {
                Some((_, first)) => problems.push(Diagnostic::at(
                    name,
                    text,
                    *offset,
                    format!("id \"{id}\" is already used by {first}; every model needs its own id"),
                )),
                None => seen.push((id, name)),
            }
        }
    }
    for (name, text, who) in &identities {
        for (id, offset) in &who.include {
            if !seen.iter().any(|(known, _)| known == id) {
                problems.push(Diagnostic::at(
                    name,
                    text,
                    *offset,
                    format!("`include` names \"{id}\", but no model has that id"),
                ));
            }
        }
    }
    if problems.is_empty() {
        resolve_includes(&mut models, &texts, &mut problems);
    }
    if problems.is_empty() {
        Ok(models)
    } else {
        problems.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        Err(LoadError::Invalid(problems))
    }
}

/// Adds the components of every included model (`include = [...]`, followed
/// through nested includes), reporting ids that name no model, includes that
/// go round in a circle, and included models in another currency.
fn resolve_includes(
    models: &mut [Model],
    texts: &[(String, String)],
    problems: &mut Vec<Diagnostic>,
) {
    let at = |model: &Model, needle: &str, message: String| {
        let text = texts
            .iter()
            .find(|(name, _)| *name == model.origin)
            .map_or("", |(_, t)| t.as_str());
        let offset = text
            .find("include")
            .and_then(|i| text[i..].find(needle).map(|j| i + j))
            .unwrap_or(0);
        Diagnostic::at(&model.origin, text, offset, message)
    };
    let snapshot: Vec<Model> = models.to_vec();
    let find = |id: &str| snapshot.iter().find(|m| m.id == id);
    for model in models.iter_mut() {
        let mut stack: Vec<(String, Vec<String>)> = model
            .include
            .iter()
            .map(|id| (id.clone(), vec![model.id.clone()]))
            .collect();
        while let Some((id, path)) = stack.pop() {
            let Some(included) = find(&id) else {
                let known: Vec<&str> = snapshot
                    .iter()
                    .filter(|m| m.part)
                    .map(|m| m.id.as_str())
                    .collect();
                let hint = if known.is_empty() {
                    String::new()
                } else {
                    format!("; parts loaded: {}", known.join(", "))
                };
                problems.push(at(
                    model,
                    &format!("\"{id}\""),
                    format!("`include` names \"{id}\", but no model has that id{hint}"),
                ));
                continue;
            };
            if path.contains(&id) {
                problems.push(at(
                    model,
                    &format!("\"{}\"", path[1.min(path.len() - 1)]),
                    format!(
                        "`include` goes round in a circle: {} → {id}",
                        path.join(" → ")
                    ),
                ));
                continue;
            }
            if included.currency != model.currency {
                problems.push(at(model, &format!("\"{id}\""), format!(
                    "\"{id}\" is priced in {} but \"{}\" in {}: give the part a `price_currency` and `exchange_rate` instead",
                    included.currency, model.id, model.currency
                )));
                continue;
            }
            model
                .components
                .extend(included.components.iter().cloned().map(|mut c| {
                    c.included_from.get_or_insert_with(|| id.clone());
                    c
                }));
            let deeper = [path.clone(), vec![id.clone()]].concat();
            stack.extend(
                included
                    .include
                    .iter()
                    .map(|next| (next.clone(), deeper.clone())),
            );
        }
    }
}

/// The models to compare, and the feature-limited ones set aside.
#[derive(Debug)]
pub struct Selection {
    pub models: Vec<Model>,
    pub limited: Vec<Model>,
}

/// Keeps the models named by `only` (all when empty) minus those in `exclude`
/// and minus parts, sorted by id, and checks that they share one currency.
/// Plans with feature limits are set aside unless `include_limited`.
pub fn select(
    models: Vec<Model>,
    only: &[String],
    exclude: &[String],
    include_limited: bool,
) -> Result<Selection, LoadError> {
    let trim = |ids: &[String]| {
        ids.iter()
            .map(|id| id.trim().to_string())
            .filter(|id| !id.is_empty())
            .collect::<Vec<_>>()
    };
    let (only, exclude) = (&trim(only)[..], &trim(exclude)[..]);
    let comparable_ids = || {
        models
            .iter()
            .filter(|m| !m.part)
            .map(|m| m.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (flag, ids) in [("--models", only), ("--exclude", exclude)] {
        for id in ids {
            match models.iter().find(|m| &m.id == id) {
                None => {
                    return Err(LoadError::Other(format!(
                        "{flag}: no model with id '{id}'; known ids: {}",
                        comparable_ids()
                    )));
                }
                Some(m) if m.part && flag == "--models" => {
                    return Err(LoadError::Other(format!(
                        "--models: '{id}' is a part (hosting that other models include), not a plan to compare; known ids: {}",
                        comparable_ids()
                    )));
                }
                Some(m) if !m.comparable && !include_limited && flag == "--models" => {
                    return Err(LoadError::Other(format!(
                        "--models: '{id}' is not comparable ({}); add --include-limited to compare it anyway",
                        m.limit.as_deref().unwrap_or("feature limits")
                    )));
                }
                Some(_) => {}
            }
        }
    }
    let (chosen, limited): (Vec<Model>, Vec<Model>) = models
        .into_iter()
        .filter(|m| !m.part)
        .filter(|m| only.is_empty() || only.contains(&m.id))
        .filter(|m| !exclude.contains(&m.id))
        .partition(|m| m.comparable || include_limited);
    let mut chosen = chosen;
    if chosen.is_empty() {
        return Err(LoadError::Other("every model was excluded or is feature-limited; nothing is left to compare (see --include-limited)".into()));
    }
    chosen.sort_by(|a, b| a.id.cmp(&b.id));
    let currency = &chosen[0].currency;
    if chosen.iter().any(|m| &m.currency != currency) {
        let list: Vec<String> = chosen
            .iter()
            .map(|m| format!("{} ({})", m.id, m.currency))
            .collect();
        return Err(LoadError::Other(format!(
            "the models compared use different currencies: {}; compare models of one currency (choose with --models or --exclude)",
            list.join(", ")
        )));
    }
    Ok(Selection {
        models: chosen,
        limited,
    })
}
