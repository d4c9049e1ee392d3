//! Where a comparison's models come from: a bundled scenario or the user's own
//! files. Titles and notes say it in words through `Display`.

use std::fmt;
use std::path::PathBuf;

use super::bundled::DEFAULT_SCENARIO;
use super::load::{self, LoadError};
use super::model::Model;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A scenario shipped in the binary (a folder under `pricing/`).
    Bundled(String),
    /// `--pricing` files and folders, as the user named them.
    Files(Vec<PathBuf>),
}

impl Source {
    /// `--scenario NAME` or `--pricing PATH...` (the default scenario when neither).
    pub fn new(scenario: Option<&str>, pricing: &[PathBuf]) -> Source {
        if pricing.is_empty() {
            Source::Bundled(scenario.unwrap_or(DEFAULT_SCENARIO).to_string())
        } else {
            Source::Files(pricing.to_vec())
        }
    }

    /// Every model this source holds.
    pub fn load(&self) -> Result<Vec<Model>, LoadError> {
        match self {
            Source::Bundled(name) => load::bundled_scenario(name),
            Source::Files(paths) => load::paths(paths),
        }
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
}

/// "scenario current", or "pricing from my-plans, extra.toml" (a path is not a
/// scenario).
impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Bundled(name) => write!(f, "scenario {name}"),
            Source::Files(paths) => {
                let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                write!(f, "pricing from {}", names.join(", "))
            }
        }
    }
}
