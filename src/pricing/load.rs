//! Where models come from: the bundled scenarios or `--pricing` files and
//! folders; then which of them are compared (`--models`, `--exclude`).

use std::fs;
use std::path::{Path, PathBuf};

use super::bundled;
use super::model::Model;
use super::schema::{Diagnostic, parse_model};

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
        let text = fs::read_to_string(&file).map_err(|e| {
            LoadError::Other(format!("--pricing: cannot read {}: {e}", file.display()))
        })?;
        texts.push((file.display().to_string(), text));
    }
    parse_all(texts)
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) -> Result<(), LoadError> {
    let meta = fs::metadata(path)
        .map_err(|e| LoadError::Other(format!("--pricing: cannot open {}: {e}", path.display())))?;
    if meta.is_file() {
        files.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = fs::read_dir(path)
        .and_then(|dir| dir.map(|e| e.map(|e| e.path())).collect())
        .map_err(|e| LoadError::Other(format!("--pricing: cannot list {}: {e}", path.display())))?;
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
            "--pricing: no .toml files in {}",
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
            Ok(model) => {
                if let Some(first) = models.iter().find(|m| m.id == model.id) {
                    let offset = id_offset(text);
                    problems.push(Diagnostic::at(
                        name,
                        text,
                        offset,
                        format!(
                            "id \"{}\" is already used by {}; every model needs its own id",
                            model.id, first.origin
                        ),
                    ));
                } else {
                    models.push(model);
                }
            }
            Err(mut found) => problems.append(&mut found),
        }
    }
    if problems.is_empty() {
        Ok(models)
    } else {
        Err(LoadError::Invalid(problems))
    }
}

/// Byte offset of the `id = …` line, for the duplicate-id message.
fn id_offset(text: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("id") && line.contains('=') {
            return offset + (line.len() - line.trim_start().len());
        }
        offset += line.len();
    }
    0
}

/// Keeps the models named by `only` (all when empty) minus those in `exclude`,
/// sorted by id, and checks that they share one currency.
pub fn select(
    models: Vec<Model>,
    only: &[String],
    exclude: &[String],
) -> Result<Vec<Model>, LoadError> {
    let trim = |ids: &[String]| {
        ids.iter()
            .map(|id| id.trim().to_string())
            .filter(|id| !id.is_empty())
            .collect::<Vec<_>>()
    };
    let (only, exclude) = (&trim(only)[..], &trim(exclude)[..]);
    let known = || {
        models
            .iter()
            .map(|m| m.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (flag, ids) in [("--models", only), ("--exclude", exclude)] {
        if let Some(bad) = ids.iter().find(|id| !models.iter().any(|m| &m.id == *id)) {
            return Err(LoadError::Other(format!(
                "{flag}: no model with id '{bad}'; known ids: {}",
                known()
            )));
        }
    }
    let mut chosen: Vec<Model> = models
        .into_iter()
        .filter(|m| only.is_empty() || only.contains(&m.id))
        .filter(|m| !exclude.contains(&m.id))
        .collect();
    if chosen.is_empty() {
        return Err(LoadError::Other(
            "--exclude: every model was excluded; nothing is left to compare".into(),
        ));
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
    Ok(chosen)
}
