//! Pricing models: the checked model (`model`), its TOML form (`schema`), and
//! where the files come from (`load`, `bundled`).

pub mod bundled;
pub mod load;
pub mod model;
pub mod offer;
pub mod ranged;
pub mod rates;
pub mod schema;
pub mod sizing;
pub mod source;
pub mod uncertain;

pub use source::Source;
