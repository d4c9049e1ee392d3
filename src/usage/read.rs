//! Reading chat exports: every supported format reduces to a stream of
//! [`Message`]s. Format detection looks at the content, not the file name.
//!
//! Rocket.Chat `mongoexport` files (one document per line) are read in
//! chunks, split at line ends and parsed on every core; the `--jsonArray` form,
//! Slack exports and CSV are read as streams. Memory does not grow with the
//! input: only a chunk is held at a time.

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// What a message counts as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    User = 0,
    System = 1,
    Bot = 2,
}

/// A message reduced to what usage needs; `user` indexes [`Batch::users`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Message {
    pub ts_ms: i64,
    pub user: u32,
    pub kind: Kind,
    /// For de-duplication across overlapping inputs: a hash of the Rocket.Chat
    /// `_id`, or of the Slack channel and `ts`.
    pub key: Option<u64>,
}

/// No sender (system messages without one).
pub const NO_USER: u32 = u32::MAX;

/// Messages read from one chunk, with their own small table of sender names.
#[derive(Debug, Default)]
pub struct Batch {
    pub messages: Vec<Message>,
    pub users: Vec<String>,
    index: HashMap<String, u32, std::hash::BuildHasherDefault<FastHasher>>,
    pub bytes: u64,
}

impl Batch {
    fn user(&mut self, name: Option<&str>) -> u32 {
        let Some(name) = name.filter(|n| !n.is_empty()) else {
            return NO_USER;
        };
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.users.len() as u32;
        self.users.push(name.to_string());
        self.index.insert(name.to_string(), i);
        i
    }

    fn push(&mut self, ts_ms: i64, user: Option<&str>, kind: Kind, key: Option<u64>) {
        let user = self.user(user);
        self.messages.push(Message {
            ts_ms,
            user,
            kind,
            key,
        });
    }
}

/// A quick hasher for sender names (looked up once per message).
#[derive(Default)]
pub struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = hash_bytes(&[&self.0.to_le_bytes(), bytes]);
    }
}

/// A line (or record) that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Malformed {
    pub file: String,
    pub line: u64,
    pub why: String,
}

/// A record that could not be read: with `strict`, the error that stops
/// reading; otherwise noted in `bad` and skipped.
fn bad_record(
    bad: &mut Vec<Malformed>,
    strict: bool,
    file: &str,
    line: u64,
    why: String,
) -> Result<(), ReadError> {
    let file = file.to_string();
    if strict {
        return Err(ReadError::Strict { file, line, why });
    }
    bad.push(Malformed { file, line, why });
    Ok(())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Rocket.Chat `mongoexport` of rocketchat_message (one document per line, or --jsonArray)
    Mongoexport,
    /// Rocket.Chat's own JSON room export ({msg, username, ts, type?} per line)
    RocketchatExport,
    /// A Slack workspace export (the .zip or the unpacked folder)
    Slack,
    /// A CSV with a timestamp column
    Csv,
}

/// How to read one input.
#[derive(Clone, Debug)]
pub struct Options {
    /// Detected from the content when not given.
    pub format: Option<Format>,
    /// CSV: the columns named on the command line (else the usual names are tried).
    pub time_column: Option<String>,
    pub user_column: Option<String>,
    pub channel_column: Option<String>,
    /// Stop at the first malformed record.
    pub strict: bool,
}

/// What went wrong with an input as a whole.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Input(String),
    #[error("{file}:{line}: {why} (--strict stops at the first bad record)")]
    Strict {
        file: String,
        line: u64,
        why: String,
    },
}

/// A fast 64-bit hash of the parts (not for adversaries: it only spots the same
/// message in two exports).
fn hash(parts: &[&str]) -> u64 {
    hash_bytes(&parts.iter().map(|p| p.as_bytes()).collect::<Vec<_>>())
}

fn hash_bytes(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0x9E37_79B9_7F4A_7C15;
    for part in parts {
        for chunk in part.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            h = (h ^ u64::from_le_bytes(word))
                .wrapping_mul(0xFF51_AFD7_ED55_8CCD)
                .rotate_left(29);
        }
        h = (h ^ part.len() as u64).wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    }
    h ^ (h >> 33)
}

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
mod rocketchat;
mod slack;

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
