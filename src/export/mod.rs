//! Output formats: each turns a [`Comparison`] into bytes; `output` writes them.

pub mod csv;
pub mod json;
pub mod sentences;
pub mod table;

use crate::engine::compare::Comparison;

/// One output format.
pub trait Exporter {
    fn serialize(&self, comparison: &Comparison) -> Vec<u8>;
}
