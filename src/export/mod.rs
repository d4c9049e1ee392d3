//! Output formats: each turns a [`Comparison`] into bytes; `output` writes them.
//! [`exporter`] is the one registry: what a command writes ([`Data`]) and the
//! format asked for ([`Format`], which the CLI's `--format` maps onto) give the
//! exporter, one small file per format, as hyperfine's `ExportType` does.

pub mod breakeven_text;
pub mod catalog;
pub mod csv;
pub mod diff;
mod grid;
pub mod json;
pub mod odds_json;
pub mod offers_json;
mod quote_table;
pub mod table;
#[cfg(feature = "usage")]
pub mod usage_csv;

use crate::engine::compare::Comparison;
use crate::error::Result;
use crate::units::range::{TooLong, UserRange};

/// Formats that list every team size refuse ranges longer than this (a range of
/// a trillion sizes would not fit in memory or on disk); use a step instead.
pub const MAX_LISTED_SIZES: u64 = 1_000_000;

/// Whether `range` is short enough to list size by size.
pub fn listable(range: &UserRange) -> std::result::Result<(), TooLong> {
    range.listable(MAX_LISTED_SIZES)
}

/// The guard of the exporters that list every size.
fn check_listed(c: &Comparison) -> Result<()> {
    listable(&c.range).map_err(crate::error::Error::TooLong)
}

/// One output format.
pub trait Exporter {
    fn serialize(&self, comparison: &Comparison) -> Result<Vec<u8>>;
}

/// Every format rccost writes, whatever writes it: the exporters here write
/// the data formats, `chart::render` the pictures, `report` the pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Sentences and tables for a terminal.
    Text,
    Csv,
    Json,
    Markdown,
    Html,
    Png,
    Svg,
}

impl Format {
    /// The file name extension for this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Png => "png",
            Format::Svg => "svg",
        }
    }
}

/// What a command writes, whatever the format.
pub enum Data {
    /// `export`: every team size and model; in CSV one row per size and model,
    /// or with `wide` one column per model (`totals` adds yearly and horizon
    /// columns to the long form).
    Costs {
        wide: bool,
        totals: bool,
        style: csv::Style,
    },
    /// `table`: the sizes the table shows.
    Table(table::TextTable),
    /// `breakeven`: the crossings and cheapest stretches.
    Breakeven,
}

/// A format that some data is not written in, with those it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unsupported {
    pub format: Format,
    pub supported: &'static [Format],
}

impl Data {
    /// The formats this data is written in, the default first.
    pub fn formats(&self) -> &'static [Format] {
        match self {
            Data::Costs { .. } => &[Format::Csv, Format::Json],
            Data::Table(_) | Data::Breakeven => &[Format::Text, Format::Json],
        }
    }
}

/// The exporter of `data` in `format`: the one place that maps a format to
/// the code that writes it.
pub fn exporter(data: Data, format: Format) -> std::result::Result<Box<dyn Exporter>, Unsupported> {
    let unsupported = Unsupported {
        format,
        supported: data.formats(),
    };
    Ok(match (data, format) {
        (
            Data::Costs {
                wide: true, style, ..
            },
            Format::Csv,
        ) => Box::new(csv::CsvWide { style }),
        (Data::Costs { totals, style, .. }, Format::Csv) => {
            Box::new(csv::CsvLong { totals, style })
        }
        (Data::Costs { .. }, Format::Json) => Box::new(json::CostsJson { shown: None }),
        (Data::Table(table), Format::Text) => Box::new(table),
        (Data::Table(table), Format::Json) => Box::new(json::CostsJson { shown: Some(table) }),
        (Data::Breakeven, Format::Text) => Box::new(breakeven_text::BreakevenText),
        (Data::Breakeven, Format::Json) => Box::new(json::BreakevenJson),
        _ => return Err(unsupported),
    })
}

/// One output format of `rccost diff`: what changed between two comparisons.
pub trait DiffExporter {
    fn serialize(&self, diff: &crate::engine::diff::Diff<'_>) -> Result<Vec<u8>>;
}

/// The formats `diff` writes as data (its chart is `chart::render`'s).
pub const DIFF_FORMATS: &[Format] = &[Format::Text, Format::Json];

/// The exporter of a diff in `format`: the registry's arm for two comparisons.
pub fn diff_exporter(format: Format) -> std::result::Result<Box<dyn DiffExporter>, Unsupported> {
    match format {
        Format::Text => Ok(Box::new(diff::DiffText)),
        Format::Json => Ok(Box::new(diff::DiffJson)),
        Format::Csv | Format::Markdown | Format::Html | Format::Png | Format::Svg => {
            Err(Unsupported {
                format,
                supported: DIFF_FORMATS,
            })
        }
    }
}
