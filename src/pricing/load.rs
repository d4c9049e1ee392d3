//! Where models come from: the bundled scenarios or `--pricing` files and
//! folders; then which of them are compared (`--models`, `--exclude`).

use std::fs;
use std::path::{Path, PathBuf};

use super::bundled;
use super::model::{BUNDLED_MARK, Model};
use super::rates::Rate;
use super::schema::rates::{is_rates, parse_rates};
use super::schema::{Diagnostic, Identity, identity, parse_model_with};

/// Why models could not be loaded or chosen: typed, so that the command line
/// words each in its own options (`cmd::words`).
#[derive(Debug)]
pub enum LoadError {
    /// Problems inside pricing files, each with its file, line and column.
    Invalid(Vec<Diagnostic>),
    /// No bundled scenario has this name.
    NoScenario {
        name: String,
        known: Vec<&'static str>,
    },
    /// An id among those to compare (`Which::Only`) or to leave out that no
    /// model has; `known`: the ids that could be named.
    UnknownId {
        which: Which,
        id: String,
        known: String,
    },
    /// A part named among the models to compare.
    Part { id: String, known: String },
    /// A feature-limited plan named to compare while those are set aside.
    Limited { id: String, limit: String },
    /// Nothing is left once the models are chosen.
    NothingLeft,
    /// The models chosen price in several currencies: "id (USD)" each.
    Currencies(Vec<String>),
    /// A file or folder that cannot be read.
    Other(String),
}

impl std::error::Error for LoadError {}

/// Which list of ids a [`select`] problem is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    /// The models to compare.
    Only,
    /// The models to leave out.
    Exclude,
}

/// Reads every model of a bundled scenario.
pub fn bundled_scenario(name: &str) -> Result<Vec<Model>, LoadError> {
    parse_all(bundled_texts(name)?)
}

/// Reads every model and rate of a bundled scenario.
pub fn bundled_loaded(name: &str) -> Result<Loaded, LoadError> {
    let (models, rates) = parse_texts(bundled_texts(name)?)?;
    Ok(Loaded {
        models,
        rates,
        ..Loaded::default()
    })
}

/// (name, text) of every file of a bundled scenario.
fn bundled_texts(name: &str) -> Result<Vec<(String, String)>, LoadError> {
    let files: Vec<_> = bundled::FILES
        .iter()
        .filter(|f| f.scenario == name)
        .collect();
    if files.is_empty() {
        return Err(LoadError::NoScenario {
            name: name.to_string(),
            known: bundled::scenarios(),
        });
    }
    let texts = files.iter().map(|f| {
        (
            format!("pricing/{}/{}{BUNDLED_MARK}", f.scenario, f.name),
            f.text.to_string(),
        )
    });
    Ok(texts.collect())
}

/// Models read from a bundled scenario and the user's files together, and the ids
/// of the user's models that took the place of a bundled one.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub models: Vec<Model>,
    /// Ids (sorted) whose bundled model was replaced by the user's file of that id.
    pub replaced: Vec<String>,
    /// The `[[rate]]`s of the rates files among them, in the order read (the
    /// scenario's first, then the user's).
    pub rates: Vec<Rate>,
}

/// Reads a bundled scenario and the user's files as one set: the user's models may
/// include the scenario's parts, and a user's model with the id of a bundled one
/// replaces it (two of the user's own files with one id are still an error).
pub fn scenario_with(name: &str, user: &[PathBuf]) -> Result<Loaded, LoadError> {
    bundled_texts(name)?;
    texts_loaded(Some(name), file_texts(user)?)
}

/// Reads the user's files given as (name, text) pairs, on their own or over the
/// bundled scenario `over`, as [`paths_loaded`] and [`scenario_with`] read them
/// from disk: the explorer's page carries the texts, not the files, and its
/// engine loads them here, so that its figures and its errors (each naming
/// name:line:col) are the command line's.
pub fn texts_loaded(over: Option<&str>, user: Vec<(String, String)>) -> Result<Loaded, LoadError> {
    let Some(name) = over else {
        let (models, rates) = parse_texts(user)?;
        return Ok(Loaded {
            models,
            rates,
            ..Loaded::default()
        });
    };
    let bundled = bundled_texts(name)?;
    let theirs: Vec<String> = user
        .iter()
        .filter_map(|(_, t)| identity(t).id)
        .map(|(id, _)| id)
        .collect();
    let mut replaced = Vec::new();
    let mut texts: Vec<(String, String)> = Vec::new();
    for (file, text) in bundled {
        match identity(&text).id {
            Some((id, _)) if theirs.contains(&id) => replaced.push(id),
            _ => texts.push((file, text)),
        }
    }
    replaced.sort();
    replaced.dedup();
    texts.extend(user);
    let (models, rates) = parse_texts(texts)?;
    Ok(Loaded {
        models,
        replaced,
        rates,
    })
}

/// Reads every model from files and folders (a folder: all `*.toml` in it and
/// below, in name order).
pub fn paths(paths: &[PathBuf]) -> Result<Vec<Model>, LoadError> {
    parse_all(file_texts(paths)?)
}

/// Reads every model and rate from files and folders.
pub fn paths_loaded(paths: &[PathBuf]) -> Result<Loaded, LoadError> {
    texts_loaded(None, file_texts(paths)?)
}

/// The largest pricing file read (the bundled ones are a few KB).
const MAX_FILE: u64 = 1 << 20;

/// (name, text) of every file the paths name, each file once.
pub fn file_texts(paths: &[PathBuf]) -> Result<Vec<(String, String)>, LoadError> {
    let mut files = Vec::new();
    for path in paths {
        collect(path, &mut files)?;
    }
    // The same file named twice (or through a folder and by name) is read once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    let mut texts = Vec::new();
    for file in files {
        if fs::metadata(&file).is_ok_and(|m| m.len() > MAX_FILE) {
            return Err(LoadError::Other(format!(
                "{} is larger than {} MB; a pricing file is a few KB: is it the right file?",
                file.display(),
                MAX_FILE >> 20
            )));
        }
        let text = fs::read_to_string(&file)
            .map_err(|e| LoadError::Other(format!("cannot read {}: {e}", file.display())))?;
        texts.push((file.display().to_string(), text));
    }
    Ok(texts)
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
    Ok(parse_texts(texts)?.0)
}

/// Parses models and rates files alike (a rates file holds `[[rate]]` tables
/// and no model), every problem of every file reported together.
fn parse_texts(texts: Vec<(String, String)>) -> Result<(Vec<Model>, Vec<Rate>), LoadError> {
    let (rate_files, texts): (Vec<_>, Vec<_>) =
        texts.into_iter().partition(|(_, text)| is_rates(text));
    let mut rates = Vec::new();
    let mut problems = Vec::new();
    for (name, text) in &rate_files {
        match parse_rates(text, name) {
            Ok(mut found) => rates.append(&mut found),
            Err(mut found) => problems.append(&mut found),
        }
    }
    let models = parse_models(&texts, problems, &rates)?;
    Ok((models, rates))
}

/// The models of `texts`, or every problem in them and in `problems`.
fn parse_models(
    texts: &[(String, String)],
    mut problems: Vec<Diagnostic>,
    rates: &[Rate],
) -> Result<Vec<Model>, LoadError> {
    let mut models: Vec<Model> = Vec::new();
    for (name, text) in texts {
        match parse_model_with(text, name, rates) {
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
        resolve_includes(&mut models, texts, &mut problems);
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
    let snapshot: Vec<Model> = models.to_vec();
    for model in models.iter_mut() {
        let mut pending: Vec<Pending> = model
            .include
            .iter()
            .map(|id| Pending {
                id: id.clone(),
                path: vec![model.id.clone()],
            })
            .collect();
        while let Some(next) = pending.pop() {
            let part = match included(&snapshot, model, &next) {
                Ok(part) => part,
                Err(misfit) => {
                    problems.push(include_problem(texts, model, misfit));
                    continue;
                }
            };
            model
                .components
                .extend(part.components.iter().cloned().map(|mut c| {
                    c.included_from.get_or_insert_with(|| next.id.clone());
                    c
                }));
            let deeper = [next.path.clone(), vec![next.id.clone()]].concat();
            pending.extend(part.include.iter().map(|id| Pending {
                id: id.clone(),
                path: deeper.clone(),
            }));
        }
    }
}

/// An include still to follow: the id it names and the models that led to it,
/// so that an include that comes back round is told from a part used twice.
struct Pending {
    id: String,
    path: Vec<String>,
}

/// Why an include cannot be followed: the message, and the text (`needle`) to
/// point at in the model's `include` list.
struct Misfit {
    needle: String,
    message: String,
}

/// The model that `next` names, when `model` can take its components: it
/// exists, does not lead back round, and is priced in the same currency.
fn included<'m>(models: &'m [Model], model: &Model, next: &Pending) -> Result<&'m Model, Misfit> {
    let id = &next.id;
    let Some(part) = models.iter().find(|m| &m.id == id) else {
        let known: Vec<&str> = models
            .iter()
            .filter(|m| m.part)
            .map(|m| m.id.as_str())
            .collect();
        let hint = if known.is_empty() {
            String::new()
        } else {
            format!("; parts loaded: {}", known.join(", "))
        };
        return Err(Misfit {
            needle: format!("\"{id}\""),
            message: format!("`include` names \"{id}\", but no model has that id{hint}"),
        });
    };
    let path = &next.path;
    if path.contains(id) {
        return Err(Misfit {
            needle: format!("\"{}\"", path[1.min(path.len() - 1)]),
            message: format!(
                "`include` goes round in a circle: {} → {id}",
                path.join(" → ")
            ),
        });
    }
    if part.currency != model.currency {
        return Err(Misfit {
            needle: format!("\"{id}\""),
            message: format!(
                "\"{id}\" is priced in {} but \"{}\" in {}: give the part a `price_currency` and `exchange_rate` instead",
                part.currency, model.id, model.currency
            ),
        });
    }
    Ok(part)
}

/// The problem placed at the misfit's text after the `include` key of the
/// model's file (the start of the file when it cannot be found).
fn include_problem(texts: &[(String, String)], model: &Model, misfit: Misfit) -> Diagnostic {
    let text = texts
        .iter()
        .find(|(name, _)| *name == model.origin)
        .map_or("", |(_, t)| t.as_str());
    let offset = text
        .find("include")
        .and_then(|i| text[i..].find(&misfit.needle).map(|j| i + j))
        .unwrap_or(0);
    Diagnostic::at(&model.origin, text, offset, misfit.message)
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
    let (only, exclude) = (trimmed(only), trimmed(exclude));
    check_named(&models, Which::Only, &only, include_limited)?;
    check_named(&models, Which::Exclude, &exclude, include_limited)?;
    let (mut chosen, limited): (Vec<Model>, Vec<Model>) = models
        .into_iter()
        .filter(|m| !m.part)
        .filter(|m| only.is_empty() || only.contains(&m.id))
        .filter(|m| !exclude.contains(&m.id))
        .partition(|m| m.comparable || include_limited);
    if chosen.is_empty() {
        return Err(LoadError::NothingLeft);
    }
    chosen.sort_by(|a, b| a.id.cmp(&b.id));
    one_currency(&chosen)?;
    Ok(Selection {
        models: chosen,
        limited,
    })
}

/// The ids as given, without surrounding blanks or empty entries.
fn trimmed(ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| id.trim().to_string())
        .filter(|id| !id.is_empty())
        .collect()
}

/// Checks that every id in `which` list names a model (and, among those to
/// compare, one that can be compared), so that a mistyped id is never
/// silently ignored.
fn check_named(
    models: &[Model],
    which: Which,
    ids: &[String],
    include_limited: bool,
) -> Result<(), LoadError> {
    let only = which == Which::Only;
    for id in ids {
        let id = id.clone();
        match models.iter().find(|m| m.id == id) {
            None => {
                let known = comparable_ids(models);
                return Err(LoadError::UnknownId { which, id, known });
            }
            Some(m) if m.part && only => {
                let known = comparable_ids(models);
                return Err(LoadError::Part { id, known });
            }
            Some(m) if !m.comparable && !include_limited && only => {
                let limit = m.limit.as_deref().unwrap_or("feature limits").to_string();
                return Err(LoadError::Limited { id, limit });
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// The ids a message offers when an id names no plan: every model but the parts.
fn comparable_ids(models: &[Model]) -> String {
    models
        .iter()
        .filter(|m| !m.part)
        .map(|m| m.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks that the chosen models share one currency, since their costs are
/// compared as plain amounts.
fn one_currency(chosen: &[Model]) -> Result<(), LoadError> {
    let currency = &chosen[0].currency;
    if chosen.iter().any(|m| &m.currency != currency) {
        let list: Vec<String> = chosen
            .iter()
            .map(|m| format!("{} ({})", m.id, m.currency))
            .collect();
        return Err(LoadError::Currencies(list));
    }
    Ok(())
}
