use crate::cli::{Format, TableArgs};
use crate::error::Result;
use crate::export::Data;
use crate::export::table::TextTable;
use crate::output;

pub fn run(args: &TableArgs) -> Result<()> {
    let width = args.width.map(usize::from).or_else(terminal_width);
    let table = TextTable {
        all: args.all,
        per: args.per.into(),
        width,
        explain: args.explain,
    };
    if args.all {
        super::listable(&args.models.users, "a table with --all")?;
    }
    let exporter = super::exporter(Data::Table(table), args.format)?;
    let comparison = super::compare(&args.models)?;
    output::stdout(&exporter.serialize(&comparison)?)?;
    if args.format == Format::Text {
        super::unless_quiet(&args.quiet, &super::scenario_note(&comparison))?;
    }
    Ok(())
}

/// The terminal's width in columns.
#[cfg(not(target_arch = "wasm32"))]
fn terminal_width() -> Option<usize> {
    terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| usize::from(w.0))
}

/// No terminal in a WebAssembly build (the library compiled for `explore`'s page).
#[cfg(target_arch = "wasm32")]
fn terminal_width() -> Option<usize> {
    None
}
