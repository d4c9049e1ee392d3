//! What every reader hands on: messages in batches, the records it had to
//! skip, and its errors. Kept apart from `read.rs`, which picks the reader, so
//! the readers and their dispatcher never import each other.

use std::collections::HashMap;

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
    index: HashMap<Box<[u8]>, u32, std::hash::BuildHasherDefault<FastHasher>>,
    pub bytes: u64,
}

impl Batch {
    /// An empty batch for `bytes` of input.
    pub(super) fn of_bytes(bytes: u64) -> Batch {
        Batch {
            bytes,
            ..Default::default()
        }
    }

    /// The batch's number for a sender, from the name's bytes (read as UTF-8
    /// once per new name, not once per message).
    fn user(&mut self, name: Option<&[u8]>) -> u32 {
        let Some(name) = name.filter(|n| !n.is_empty()) else {
            return NO_USER;
        };
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.users.len() as u32;
        self.users.push(String::from_utf8_lossy(name).into_owned());
        self.index.insert(name.into(), i);
        i
    }

    pub(super) fn push(&mut self, ts_ms: i64, user: Option<&str>, kind: Kind, key: Option<u64>) {
        self.push_bytes(ts_ms, user.map(str::as_bytes), kind, key);
    }

    pub(super) fn push_bytes(
        &mut self,
        ts_ms: i64,
        user: Option<&[u8]>,
        kind: Kind,
        key: Option<u64>,
    ) {
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
    /// The length a slice's hash starts with, mixed in by one multiply.
    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0 ^ n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A line (or record) that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Malformed {
    pub file: String,
    pub line: u64,
    pub why: Why,
}

/// Why a record could not be read (worded by `text::usage`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// In the reader's words.
    Said(String),
    /// A CSV time cell that does not match the time format given for it.
    NotInFormat {
        column: String,
        cell: String,
        format: String,
    },
}

impl From<String> for Why {
    fn from(said: String) -> Why {
        Why::Said(said)
    }
}

/// A record that could not be read: with `strict`, the error that stops
/// reading; otherwise noted in `bad` and skipped.
pub(super) fn bad_record(
    bad: &mut Vec<Malformed>,
    strict: bool,
    file: &str,
    line: u64,
    why: impl Into<Why>,
) -> Result<(), ReadError> {
    let (file, why) = (file.to_string(), why.into());
    if strict {
        return Err(ReadError::Strict { file, line, why });
    }
    bad.push(Malformed { file, line, why });
    Ok(())
}

/// An input's format (given, else detected from the content).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Rocket.Chat `mongoexport` of rocketchat_message (one document per line, or --jsonArray; may be gzip'ed)
    Mongoexport,
    /// A Rocket.Chat `mongodump`: rocketchat_message.bson[.gz], the dump folder, a .tar/.tar.gz of it, or an --archive file
    Mongodump,
    /// Rocket.Chat's own JSON room export ({msg, username, ts, type?} per line)
    RocketchatExport,
    /// A Slack workspace export (the .zip or the unpacked folder)
    Slack,
    /// A CSV with a timestamp column
    Csv,
}

/// What every input may be, for the error that says an input is none of them.
pub const EXPECTED: &str = "expected a Rocket.Chat mongoexport of rocketchat_message (JSON, one \
     document per line or --jsonArray, or that gzip'ed: .json.gz), a mongodump of Rocket.Chat's \
     database (rocketchat_message.bson or .bson.gz, the dump folder or a folder above it, a .tar, \
     .tar.gz or .tgz of it, or a mongodump --archive file, plain or gzip'ed), a Rocket.Chat JSON \
     room export, a Slack export (.zip or folder), or a CSV with a timestamp column";

/// What a reader needs to know of the options as it parses: whether the
/// first bad record stops it, and whether messages need their de-duplication
/// key (only when there is more than one input; the key costs a hash a message).
#[derive(Clone, Copy, Debug)]
pub(super) struct Mode {
    pub strict: bool,
    pub keys: bool,
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
    /// CSV: the timestamp column's chrono strftime format (else ISO 8601 or
    /// epoch seconds/milliseconds are read).
    pub time_format: Option<String>,
    /// Stop at the first malformed record.
    pub strict: bool,
    /// Whether messages are keyed for de-duplication (more than one input).
    pub keys: bool,
}

impl Options {
    pub(super) fn mode(&self) -> Mode {
        Mode {
            strict: self.strict,
            keys: self.keys,
        }
    }
}

/// What went wrong with an input as a whole (worded by `cmd::words`, which
/// names the options that help).
#[derive(Debug)]
pub enum ReadError {
    /// In the reader's words.
    Input(String),
    /// The first bad record, when the first stops reading.
    Strict { file: String, line: u64, why: Why },
    /// A CSV column named on the command line that the header lacks.
    NoColumn {
        column: Column,
        file: String,
        name: String,
        columns: Vec<String>,
    },
    /// A CSV without a timestamp column under any of the usual names.
    NoTimeColumn { file: String },
    /// Text that is neither JSON nor a CSV header with a timestamp column:
    /// its first line (cut short, with "…"), and the usual time column names.
    Unread {
        file: String,
        first_line: String,
        time_names: String,
    },
}

impl std::error::Error for ReadError {}

/// A CSV column the command line may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Time,
    User,
    Channel,
}

/// A Rocket.Chat `_id` as the value it holds, whatever form an export wrote it
/// in: the same message read from a BSON dump and from a mongoexport (relaxed or
/// canonical) has one key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Id<'a> {
    Text(&'a [u8]),
    Oid([u8; 12]),
    Int(i64),
    /// Any other type, as the export wrote it: such ids match only within one
    /// kind of export.
    Other(&'a [u8]),
}

/// The de-duplication key of a Rocket.Chat message.
pub(super) fn id_key(id: Id<'_>) -> u64 {
    match id {
        Id::Text(text) => hash_bytes(&[b"rc-s", text]),
        Id::Oid(bytes) => hash_bytes(&[b"rc-o", &bytes]),
        Id::Int(n) => hash_bytes(&[b"rc-i", &n.to_le_bytes()]),
        Id::Other(raw) => hash_bytes(&[b"rc-x", raw]),
    }
}

/// Rocket.Chat's rule: no `t` (or `t = "e2e"`, an encrypted message) is a user
/// message, unless a bot sent it; any other `t` is a system message.
pub(super) fn rocketchat_kind(t: Option<&[u8]>, bot: bool) -> Kind {
    match t {
        None | Some(b"e2e") if bot => Kind::Bot,
        None | Some(b"e2e") => Kind::User,
        Some(_) => Kind::System,
    }
}

/// A fast 64-bit hash of the parts (not for adversaries: it only spots the same
/// message in two exports).
pub(super) fn hash(parts: &[&str]) -> u64 {
    hash_bytes(&parts.iter().map(|p| p.as_bytes()).collect::<Vec<_>>())
}

pub(super) fn hash_bytes(parts: &[&[u8]]) -> u64 {
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
