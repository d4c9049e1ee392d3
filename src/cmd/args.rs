//! The command line, parsed by clap, with a hint where a format is asked for
//! in another command's words: `--json` or `--csv` as a flag, or `--format=JSON`.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, Parser};

use crate::cli::Cli;

/// Parses `args` (the program name first); an error about a format says which
/// `--format` to use instead.
pub fn parse(args: Vec<OsString>) -> Result<Cli, clap::Error> {
    Cli::try_parse_from(&args).map_err(|e| with_format_hint(e, &args))
}

/// `e` with a tip when it is about a format: "use --format json" when the
/// command writes it, else which formats the command writes.
fn with_format_hint(mut e: clap::Error, args: &[OsString]) -> clap::Error {
    let Some(wanted) = asked_format(&e) else {
        return e;
    };
    let Some(name) = args.iter().skip(1).find_map(|a| {
        let a = a.to_str()?;
        (!a.starts_with('-')).then_some(a)
    }) else {
        return e;
    };
    let command = Cli::command();
    let Some(format) = command
        .find_subcommand(name)
        .and_then(|s| s.get_arguments().find(|a| a.get_id() == "format"))
    else {
        return e;
    };
    let writes: Vec<String> = format
        .get_possible_values()
        .iter()
        .map(|v| v.get_name().to_string())
        .collect();
    let tip = if writes.contains(&wanted) {
        format!("use --format {wanted}")
    } else if is_format(&wanted) {
        format!("{name} writes --format {}", writes.join(" or "))
    } else {
        return e;
    };
    e.insert(
        ContextKind::Suggested,
        ContextValue::StyledStrs(vec![tip.into()]),
    );
    e
}

/// The format an unknown flag (`--csv`, `--json=1`) or a wrong `--format`
/// value (`JSON`, `markdown`) stands for, in `--format`'s spelling.
fn asked_format(e: &clap::Error) -> Option<String> {
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.as_str()),
        _ => None,
    };
    let word = match e.kind() {
        ErrorKind::UnknownArgument => {
            let flag = text(ContextKind::InvalidArg)?.strip_prefix("--")?;
            flag.split('=').next()?
        }
        ErrorKind::InvalidValue if text(ContextKind::InvalidArg)?.starts_with("--format") => {
            text(ContextKind::InvalidValue)?
        }
        _ => return None,
    };
    let word = word.trim().to_ascii_lowercase();
    Some(
        match word.as_str() {
            "markdown" => "md",
            "txt" => "text",
            other => other,
        }
        .to_string(),
    )
}

/// Whether `word` is one of the formats some command writes.
fn is_format(word: &str) -> bool {
    use clap::ValueEnum;
    crate::cli::Format::from_str(word, false).is_ok()
}
