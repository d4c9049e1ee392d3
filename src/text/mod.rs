//! The words that several views share: break-even sentences, the notes under
//! every figure, and how prices read. Below both `chart` and `export`, so the
//! charts' descriptions and the exports say the same thing.

pub mod dates;
pub mod diff;
pub mod headline;
pub mod hint;
pub mod init;
pub mod notes;
pub mod odds;
pub mod offers;
pub mod price;
pub mod sentences;
pub mod sizing;
pub mod summary;
#[cfg(feature = "usage")]
pub mod usage;
