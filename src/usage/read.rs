//! Reading chat exports: every supported format reduces to a stream of
//! [`Message`]s. Format detection looks at the content, not the file name.
//!
//! Rocket.Chat `mongoexport` files (one document per line) are read in
//! chunks, split at line ends and parsed on every core; the `--jsonArray` form,
//! Slack exports and CSV are read as streams. Memory does not grow with the
//! input: only a chunk is held at a time.

use std::fs::File;
use std::io::Read;
use std::path::Path;

const MONGOEXPORT_HINT: &str = "export the collection as JSON instead:\n  \
     mongoexport --uri=\"mongodb://localhost:27017/rocketchat\" --collection=rocketchat_message --out=messages.json";

/// Decides the format of `path` from its content.
pub fn detect(path: &Path) -> Result<Format, ReadError> {
    if path.is_dir() {
        return Ok(Format::Slack);
    }
    let mut head = vec![0u8; 4096];
    let n = File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| ReadError::Input(format!("cannot read {}: {e}", path.display())))?;
    head.truncate(n);
    if head.starts_with(b"PK\x03\x04") {
        return Ok(Format::Slack);
    }
    let text = String::from_utf8_lossy(&head);
    let first = text.trim_start_matches('\u{feff}').trim_start();
    if head.len() >= 5 && !first.starts_with(['{', '[']) && is_bson(&head) {
        return Err(ReadError::Input(format!(
            "{} looks like a mongodump BSON file, which rccost does not read; {MONGOEXPORT_HINT}",
            path.display()
        )));
    }
    if text.contains("ISODate(") || text.contains("ObjectId(") || text.contains("NumberLong(") {
        return Err(ReadError::Input(format!(
            "{} looks like mongo shell output (ISODate(...) is not JSON); {MONGOEXPORT_HINT}",
            path.display()
        )));
    }
    if first.starts_with('[') {
        return Ok(Format::Mongoexport);
    }
    if first.starts_with('{') {
        let line = first.lines().next().unwrap_or("");
        if line.contains("\"$date\"") || line.contains("\"_id\"") || line.contains("\"rid\"") {
            return Ok(Format::Mongoexport);
        }
        if line.contains("\"username\"") && line.contains("\"ts\"") {
            return Ok(Format::RocketchatExport);
        }
        return Ok(Format::Mongoexport);
    }
    if first.lines().next().and_then(csv_delimiter).is_some() {
        return Ok(Format::Csv);
    }
    Err(ReadError::Input(format!(
        "{}: not a format rccost reads; expected a Rocket.Chat mongoexport (JSON, one document per line \
         or --jsonArray), a Rocket.Chat JSON room export, a Slack export (.zip or folder), or a CSV with a \
         timestamp column",
        path.display()
    )))
}

/// A BSON document starts with its length (int32, little-endian) and a type byte.
fn is_bson(head: &[u8]) -> bool {
    let len = u32::from_le_bytes([head[0], head[1], head[2], head[3]]);
    (5..16 * 1024 * 1024).contains(&len) && matches!(head[4], 0x01..=0x13 | 0x7f | 0xff)
}

mod csv;
mod record;
mod rocketchat;
mod slack;

pub use record::{
    Batch, FastHasher, Format, Kind, Malformed, Message, NO_USER, Options, ReadError,
};

use self::csv::{csv_delimiter, read_csv};
use rocketchat::read_rocketchat;
use slack::read_slack;

/// Reads one input in its format (detected unless given), calling `sink` for
/// each batch. Returns the Slack member count when a `users.json` gave one.
pub fn read(
    path: &Path,
    o: &Options,
    bad: &mut Vec<Malformed>,
    sink: &mut dyn FnMut(Batch),
) -> Result<Option<usize>, ReadError> {
    let format = match o.format {
        Some(f) => f,
        None => detect(path)?,
    };
    let mut members = None;
    match format {
        Format::Mongoexport | Format::RocketchatExport => {
            read_rocketchat(path, o.strict, bad, sink)?
        }
        Format::Slack => read_slack(path, o.strict, bad, sink, &mut members)?,
        Format::Csv => read_csv(path, o, bad, sink)?,
    }
    Ok(members)
}
