//! Where a comparison's models come from: a bundled scenario or the user's own
//! files. Titles and notes say it in words through `Display`.

use std::fmt;
use std::path::PathBuf;

use super::bundled::DEFAULT_SCENARIO;
use super::load::{self, LoadError, Loaded};
use super::model::Model;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A scenario shipped in the binary (a folder under `pricing/`).
    Bundled(String),
    /// `--pricing` files and folders, as the user named them, on their own or
    /// `over` a bundled scenario (`--scenario NAME --pricing PATH...`).
    Files {
        paths: Vec<PathBuf>,
        over: Option<String>,
    },
}

impl Source {
    /// `--scenario NAME`, `--pricing PATH...` or both (the default scenario when neither).
    pub fn new(scenario: Option<&str>, pricing: &[PathBuf]) -> Source {
        if pricing.is_empty() {
            Source::Bundled(scenario.unwrap_or(DEFAULT_SCENARIO).to_string())
        } else {
            Source::Files {
                paths: pricing.to_vec(),
                over: scenario.map(str::to_string),
            }
        }
    }

    /// Every model this source holds.
    pub fn load(&self) -> Result<Vec<Model>, LoadError> {
        Ok(self.loaded()?.models)
    }

    /// Every model this source holds, and which bundled ones the user's files replaced.
    pub fn loaded(&self) -> Result<Loaded, LoadError> {
        match self {
            Source::Bundled(name) => load::bundled_loaded(name),
            Source::Files { paths, over: None } => load::paths_loaded(paths),
            Source::Files {
                paths,
                over: Some(name),
            } => load::scenario_with(name, paths),
        }
    }

    /// The same source naming the files its `models` were read from, in the
    /// order read, instead of the folders given: a title then says "with
    /// my-plan.toml", not "with my". A bundled source stays as it is.
    pub fn naming_files(self, models: &[Model]) -> Source {
        let Source::Files { paths, over } = self else {
            return self;
        };
        let mut files: Vec<PathBuf> = Vec::new();
        for m in models.iter().filter(|m| !m.is_bundled()) {
            let file = PathBuf::from(&m.origin);
            if !files.contains(&file) {
                files.push(file);
            }
        }
        let paths = if files.is_empty() { paths } else { files };
        Source::Files { paths, over }
    }

    /// Whether every model comes from the user's own files.
    pub fn only_files(&self) -> bool {
        matches!(self, Source::Files { over: None, .. })
    }

    /// The same words with a capital first letter, for the start of a subtitle.
    pub fn capitalized(&self) -> String {
        let text = self.to_string();
        let mut chars = text.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }

    /// The files and folders by name, without the folders they are in
    /// (`my-plans`, `extra.toml`): what a published page may show.
    pub fn file_names(&self) -> Vec<String> {
        match self {
            Source::Bundled(_) => Vec::new(),
            Source::Files { paths, .. } => paths
                .iter()
                .map(|p| {
                    p.file_name()
                        .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into())
                })
                .collect(),
        }
    }
}

/// "scenario current", "pricing from my-plans, extra.toml", or "scenario current
/// with my-plan.toml": files and folders by name only, so no local path ends up on
/// a published page.
impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Bundled(name) => write!(f, "scenario {name}"),
            Source::Files { over: None, .. } => {
                write!(f, "pricing from {}", self.file_names().join(", "))
            }
            Source::Files {
                over: Some(name), ..
            } => write!(f, "scenario {name} with {}", self.file_names().join(", ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_named_without_their_folders() {
        let s = Source::new(
            None,
            &["my/".into(), "/home/me/src/plans/extra.toml".into()],
        );
        assert_eq!(s.to_string(), "pricing from my, extra.toml");
        assert_eq!(s.capitalized(), "Pricing from my, extra.toml");
    }

    #[test]
    fn files_over_a_scenario_say_both() {
        let s = Source::new(Some("current"), &["my/my-plan.toml".into()]);
        assert_eq!(s.to_string(), "scenario current with my-plan.toml");
        assert!(!s.only_files());
        assert!(Source::new(None, &["a.toml".into()]).only_files());
    }
}
