//! Reading chat exports: every supported format reduces to a stream of
//! [`Message`]s. The format is detected from the content (magic numbers
//! first, then what the text looks like), not from the file name.
//!
//! Rocket.Chat `mongoexport` files (one document per line) and mongodump BSON
//! are read in chunks, split at record boundaries and parsed on every core;
//! gzip'ed inputs are unpacked as they are read and tar archives read as they
//! stream by; the `--jsonArray` form, Slack exports and CSV are read as
//! streams. Memory does not grow with the input: only a few chunks are held
//! at a time.

use std::path::Path;

const MONGOEXPORT_HINT: &str = "export the collection as JSON instead:\n  \
     mongoexport --uri=\"mongodb://localhost:27017/rocketchat\" --collection=rocketchat_message --out=messages.json";

/// What an input holds and how it is packed, as detected from its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detected {
    /// A mongoexport (lines or `--jsonArray`) or Rocket.Chat's JSON room export.
    RocketchatJson {
        gzip: bool,
    },
    Slack,
    Csv,
    /// mongodump's `rocketchat_message.bson`.
    Bson {
        gzip: bool,
    },
    /// A folder with the dump of the message collection somewhere below it.
    DumpFolder,
    Tar {
        gzip: bool,
    },
    /// `mongodump --archive`.
    Archive {
        gzip: bool,
    },
}

/// Bytes of a file looked at to detect its format.
const HEAD: usize = 8192;

/// Decides the format of `path` from its content, or from `o.format` where
/// the user named it.
pub fn detect(path: &Path, o: &Options) -> Result<Detected, ReadError> {
    if path.is_dir() {
        return detect_folder(path, o.format);
    }
    let head = input::head(path, false, HEAD)?;
    let looks = looks(&head);
    let gzip = looks == Looks::Gzip;
    match o.format {
        Some(Format::Mongoexport | Format::RocketchatExport) => {
            return Ok(Detected::RocketchatJson { gzip });
        }
        Some(Format::Slack) => return Ok(Detected::Slack),
        Some(Format::Csv) => return Ok(Detected::Csv),
        Some(Format::Mongodump) | None => {}
    }
    let detected = match looks {
        Looks::Gzip => detect_gzip(path, o),
        other => detect_plain(path, other, &head, o),
    };
    match (o.format, detected) {
        (Some(Format::Mongodump), Ok(Detected::RocketchatJson { .. } | Detected::Csv) | Err(_)) => {
            Ok(Detected::Bson { gzip })
        }
        (_, detected) => detected,
    }
}

/// A folder: a mongodump (if the message collection's dump is in it or below
/// it) or a Slack export.
fn detect_folder(path: &Path, format: Option<Format>) -> Result<Detected, ReadError> {
    if format == Some(Format::Slack) {
        return Ok(Detected::Slack);
    }
    if !mongodump::find_in_folder(path).is_empty() || format == Some(Format::Mongodump) {
        return Ok(Detected::DumpFolder);
    }
    if slack::looks_like_export(path) || format.is_some() {
        return Ok(Detected::Slack);
    }
    Err(ReadError::Input(format!(
        "{}: a folder that holds neither a Slack export (channel folders of YYYY-MM-DD.json files, \
         users.json, channels.json) nor a mongodump (rocketchat_message.bson in it or in the folders \
         below); {EXPECTED}",
        path.display()
    )))
}

/// A file that is not gzip'ed, by what its first bytes look like.
fn detect_plain(
    path: &Path,
    looks: Looks,
    head: &[u8],
    o: &Options,
) -> Result<Detected, ReadError> {
    let file = path.display();
    match looks {
        Looks::Zip => Ok(Detected::Slack),
        Looks::Tar => Ok(Detected::Tar { gzip: false }),
        Looks::MongodumpArchive => Ok(Detected::Archive { gzip: false }),
        Looks::Bson => Ok(Detected::Bson { gzip: false }),
        Looks::Text => detect_text(path, head, o),
        Looks::Empty => Err(ReadError::Input(format!("{file} is empty; {EXPECTED}"))),
        Looks::Other(what, todo) => Err(ReadError::Input(format!(
            "{file} is {what}, not a format rccost reads; {todo}. {EXPECTED}"
        ))),
        Looks::Binary | Looks::Gzip => Err(ReadError::Input(format!(
            "{file} is binary data (it starts with the bytes {}) in no format rccost knows; {EXPECTED}",
            hex_start(head)
        ))),
    }
}

/// A gzip'ed file, by what its unpacked start looks like.
fn detect_gzip(path: &Path, o: &Options) -> Result<Detected, ReadError> {
    let file = path.display();
    let inner = input::head(path, true, HEAD)?;
    match looks(&inner) {
        Looks::Tar => Ok(Detected::Tar { gzip: true }),
        Looks::MongodumpArchive => Ok(Detected::Archive { gzip: true }),
        Looks::Bson => Ok(Detected::Bson { gzip: true }),
        Looks::Text => match detect_text(path, &inner, o)? {
            Detected::RocketchatJson { .. } => Ok(Detected::RocketchatJson { gzip: true }),
            _ => Err(ReadError::Input(format!(
                "{file} is a gzip'ed CSV; unpack it first (gunzip -k {file})"
            ))),
        },
        Looks::Empty => Err(ReadError::Input(format!(
            "{file} is gzip'ed, but holds nothing (or cannot be unpacked); {EXPECTED}"
        ))),
        Looks::Other(what, _) => Err(ReadError::Input(format!(
            "{file} is gzip'ed {what}, not a format rccost reads; {EXPECTED}"
        ))),
        Looks::Zip | Looks::Gzip | Looks::Binary => Err(ReadError::Input(format!(
            "{file} is gzip'ed binary data (it unpacks to the bytes {}) in no format rccost knows; {EXPECTED}",
            hex_start(&inner)
        ))),
    }
}

/// Text: JSON (a mongoexport or Rocket.Chat's export), mongo shell output
/// (refused with what to run instead), or a CSV whose header has a timestamp
/// column.
fn detect_text(path: &Path, head: &[u8], o: &Options) -> Result<Detected, ReadError> {
    let text = String::from_utf8_lossy(head);
    let first = text.trim_start_matches('\u{feff}').trim_start();
    if text.contains("ISODate(") || text.contains("ObjectId(") || text.contains("NumberLong(") {
        return Err(ReadError::Input(format!(
            "{} looks like mongo shell output (ISODate(...) is not JSON); {MONGOEXPORT_HINT}",
            path.display()
        )));
    }
    if first.starts_with(['[', '{']) {
        return Ok(Detected::RocketchatJson { gzip: false });
    }
    let header = first.lines().next().unwrap_or("");
    if csv_has_time_column(header, o) {
        return Ok(Detected::Csv);
    }
    let shown: String = header.chars().take(60).collect();
    let cut = if shown.len() < header.len() {
        "…"
    } else {
        ""
    };
    Err(ReadError::Unread {
        file: path.display().to_string(),
        first_line: format!("{shown}{cut}"),
        time_names: TIME_NAMES.join(", "),
    })
}

mod bson;
mod chunks;
mod csv;
mod input;
mod mongodump;
mod record;
mod rocketchat;
mod slack;
mod sniff;

pub use record::{
    Batch, Column, EXPECTED, FastHasher, Format, Kind, Malformed, Message, NO_USER, Options,
    ReadError, Why,
};

use self::csv::{TIME_NAMES, csv_has_time_column, read_csv};
use rocketchat::read_rocketchat;
use slack::read_slack;
use sniff::{Looks, hex_start, looks};

/// Reads one input in its format (detected unless given), calling `sink` for
/// each batch. Returns the Slack member count when a `users.json` gave one.
pub fn read(
    path: &Path,
    o: &Options,
    bad: &mut Vec<Malformed>,
    sink: &mut dyn FnMut(Batch),
) -> Result<Option<usize>, ReadError> {
    let mut members = None;
    let mode = o.mode();
    match detect(path, o)? {
        Detected::RocketchatJson { gzip } => read_rocketchat(path, gzip, mode, bad, sink)?,
        Detected::Slack => read_slack(path, o.strict, bad, sink, &mut members)?,
        Detected::Csv => read_csv(path, o, bad, sink)?,
        Detected::Bson { gzip } => mongodump::read_bson_file(path, gzip, mode, bad, sink)?,
        Detected::DumpFolder => mongodump::read_dump_folder(path, mode, bad, sink)?,
        Detected::Tar { gzip } => mongodump::read_tar(path, gzip, mode, bad, sink)?,
        Detected::Archive { gzip } => mongodump::read_archive(path, gzip, mode, bad, sink)?,
    }
    Ok(members)
}
