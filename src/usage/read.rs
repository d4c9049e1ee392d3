//! Reading chat exports: every supported format reduces to a stream of
//! [`Message`]s. Format detection looks at the content, not the file name.
//!
//! Rocket.Chat `mongoexport` files (one document per line) are read in
//! chunks, split at line ends and parsed on every core; the `--jsonArray` form,
//! Slack exports and CSV are read as streams. Memory does not grow with the
//! input: only a chunk is held at a time.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::value::RawValue;

use super::time::{parse_iso_ms, parse_slack_ts};

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
    pub format: Option<Format>,
    pub strict: bool,
    pub time_column: Option<String>,
    pub user_column: Option<String>,
    pub channel_column: Option<String>,
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

// ---- Rocket.Chat documents -------------------------------------------------

#[derive(Deserialize)]
struct RcDoc<'a> {
    #[serde(rename = "_id", borrow, default)]
    id: Option<&'a RawValue>,
    #[serde(borrow, default)]
    ts: Option<&'a RawValue>,
    #[serde(borrow, default)]
    t: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    u: Option<RcUser<'a>>,
    #[serde(rename = "_hidden", default)]
    hidden: Option<bool>,
    #[serde(borrow, default)]
    bot: Option<&'a RawValue>,
    // Rocket.Chat's own JSON export: {msg, username, ts, type?}
    #[serde(borrow, default)]
    username: Option<Cow<'a, str>>,
    #[serde(rename = "type", borrow, default)]
    kind: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct RcUser<'a> {
    #[serde(borrow, default)]
    username: Option<Cow<'a, str>>,
}

/// Every date form mongoexport and Rocket.Chat write: `{"$date":"…Z"}`,
/// `{"$date":{"$numberLong":"…"}}`, `{"$date":"…+0000"}`, `{"$date":<ms>}`,
/// and a plain ISO string. Read by hand: this runs once per message.
fn rc_date(raw: &str) -> Result<i64, String> {
    let text = raw.trim();
    let bad = || format!("`ts` {text} is not a date");
    let quoted = |s: &str| -> Option<String> {
        let inner = s.strip_prefix('"')?;
        let end = inner.find('"')?;
        Some(inner[..end].to_string())
    };
    if text.starts_with('"') {
        let s = quoted(text).ok_or_else(bad)?;
        return parse_iso_ms(&s).ok_or_else(bad);
    }
    let rest = text.strip_prefix('{').ok_or_else(bad)?.trim_start();
    let rest = rest.strip_prefix("\"$date\"").ok_or_else(bad)?.trim_start();
    let value = rest.strip_prefix(':').ok_or_else(bad)?.trim_start();
    match value.as_bytes().first() {
        Some(b'"') => parse_iso_ms(&quoted(value).ok_or_else(bad)?).ok_or_else(bad),
        Some(b'{') => {
            let inner = value[1..]
                .trim_start()
                .strip_prefix("\"$numberLong\"")
                .ok_or_else(bad)?
                .trim_start();
            let inner = inner.strip_prefix(':').ok_or_else(bad)?.trim_start();
            quoted(inner).and_then(|s| s.parse().ok()).ok_or_else(bad)
        }
        Some(b'-' | b'0'..=b'9') => {
            let end = value
                .find(|c: char| !(c.is_ascii_digit() || c == '-'))
                .unwrap_or(value.len());
            value[..end].parse().map_err(|_| bad())
        }
        _ => Err(bad()),
    }
}

fn rc_line(line: &[u8], batch: &mut Batch) -> Result<(), String> {
    use super::scan::{fields, text};
    let f = fields(line)?;
    let ts_raw = f.ts.ok_or("no `ts` field")?;
    let ts = rc_date(std::str::from_utf8(ts_raw).map_err(|_| "`ts` is not text".to_string())?)?;
    if f.hidden {
        return Ok(()); // an earlier version of an edited message
    }
    let t = f.t.or(f.kind).and_then(text);
    let user = f.username.and_then(text);
    let key = f.id.map(|id| hash_bytes(&[b"rc", id]));
    classify(ts, t.as_deref(), f.bot, user.as_deref(), key, batch);
    Ok(())
}

fn rc_doc(doc: RcDoc<'_>, batch: &mut Batch) -> Result<(), String> {
    let ts = rc_date(doc.ts.ok_or("no `ts` field")?.get())?;
    if doc.hidden == Some(true) {
        return Ok(()); // an earlier version of an edited message
    }
    let t = doc.t.as_deref().or(doc.kind.as_deref());
    let bot = doc
        .bot
        .is_some_and(|b| !matches!(b.get(), "false" | "null"));
    let user = doc
        .u
        .as_ref()
        .and_then(|u| u.username.as_deref())
        .or(doc.username.as_deref());
    classify(
        ts,
        t,
        bot,
        user,
        doc.id.map(|id| hash_bytes(&[b"rc", id.get().as_bytes()])),
        batch,
    );
    Ok(())
}

/// Rocket.Chat's rule: no `t` (or `t = "e2e"`, an encrypted message) is a user
/// message, unless a bot sent it; any other `t` is a system message.
fn classify(
    ts: i64,
    t: Option<&str>,
    bot: bool,
    user: Option<&str>,
    key: Option<u64>,
    batch: &mut Batch,
) {
    let kind = match t {
        None | Some("e2e") if bot => Kind::Bot,
        None | Some("e2e") => Kind::User,
        Some(_) => Kind::System,
    };
    batch.push(ts, user, kind, key);
}

/// Parses the lines of `data`. Bad lines are returned with their line number
/// counted from 1 at the start of `data`; with `strict`, parsing stops at the first.
/// Also returns how many lines `data` holds.
fn rc_lines(data: &[u8], strict: bool) -> (Batch, Vec<(u64, String)>, u64) {
    let mut batch = Batch {
        bytes: data.len() as u64,
        ..Default::default()
    };
    let mut bad = Vec::new();
    let mut line_no = 0u64;
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', data).chain(std::iter::once(data.len()));
    for end in ends {
        let line = &data[start..end];
        start = end + 1;
        line_no += 1;
        let trimmed = line.strip_suffix(b"\r").unwrap_or(line);
        if !trimmed.iter().all(u8::is_ascii_whitespace)
            && let Err(why) = rc_line(trimmed, &mut batch)
        {
            bad.push((line_no, why));
            if strict {
                break;
            }
        }
    }
    // `split` yields one more (empty) piece after a final newline.
    let lines = if data.ends_with(b"\n") {
        line_no - 1
    } else {
        line_no
    };
    (batch, bad, lines)
}

type Parsed = (Batch, Vec<(u64, String)>, u64);

/// Reads a file of one document per line in chunks of whole lines. Each chunk is
/// parsed on every core while the main thread reads the next chunk and hands
/// the previous one's batches to `sink`, in file order.
fn read_lines(
    path: &Path,
    strict: bool,
    bad: &mut Vec<Malformed>,
    sink: &mut dyn FnMut(Batch),
) -> Result<(), ReadError> {
    use std::sync::Arc;
    const CHUNK: usize = 16 << 20;
    let file = path.display().to_string();
    let mut f =
        File::open(path).map_err(|e| ReadError::Input(format!("cannot read {file}: {e}")))?;
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 8);
    let mut carry: Vec<u8> = Vec::new();
    let mut line_no = 1u64;
    // One long-lived parser per core, fed through channels (threads started per
    // chunk would each leave memory behind in the allocator).
    let (jobs, results): (Vec<_>, Vec<_>) = (0..threads)
        .map(|_| {
            let (job_tx, job_rx) = std::sync::mpsc::channel::<(Arc<Vec<u8>>, usize, usize)>();
            let (result_tx, result_rx) = std::sync::mpsc::channel::<Parsed>();
            std::thread::spawn(move || {
                for (data, start, end) in job_rx {
                    if result_tx.send(rc_lines(&data[start..end], strict)).is_err() {
                        break;
                    }
                }
            });
            (job_tx, result_rx)
        })
        .unzip();
    let mut pending: Vec<usize> = Vec::new();
    // Hands over a finished chunk's results, in file order.
    let mut deliver = |workers: Vec<usize>, line_no: &mut u64| -> Result<(), ReadError> {
        for w in workers {
            let (batch, found, lines) = results[w].recv().expect("a parser thread stopped");
            for (rel, why) in found {
                let line = *line_no + rel - 1;
                if strict {
                    return Err(ReadError::Strict {
                        file: file.clone(),
                        line,
                        why,
                    });
                }
                bad.push(Malformed {
                    file: file.clone(),
                    line,
                    why,
                });
            }
            *line_no += lines;
            sink(batch);
        }
        Ok(())
    };
    loop {
        let mut at_end = false;
        while carry.len() < CHUNK {
            let start = carry.len();
            carry.resize(start + (CHUNK - start).max(1 << 20), 0);
            let n = f
                .read(&mut carry[start..])
                .map_err(|e| ReadError::Input(format!("cannot read {file}: {e}")))?;
            carry.truncate(start + n);
            if n == 0 {
                at_end = true;
                break;
            }
        }
        // Whole lines only; the rest waits for the next chunk (or ends the file).
        let cut = if at_end {
            carry.len()
        } else {
            carry
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(carry.len(), |i| i + 1)
        };
        let rest = carry[cut..].to_vec();
        carry.truncate(cut);
        let data = Arc::new(std::mem::replace(&mut carry, rest));
        let mut started = Vec::with_capacity(threads);
        let mut start = 0;
        for (k, job) in jobs.iter().enumerate() {
            let target = (data.len() * (k + 1) / threads).max(start);
            let end = if k + 1 == threads {
                data.len()
            } else {
                memchr::memchr(b'\n', &data[target..]).map_or(data.len(), |i| target + i + 1)
            };
            if end > start {
                job.send((Arc::clone(&data), start, end))
                    .expect("a parser thread stopped");
                started.push(k);
            }
            start = end;
        }
        // While this chunk is parsed, hand over the previous one.
        deliver(std::mem::replace(&mut pending, started), &mut line_no)?;
        if at_end {
            break;
        }
    }
    deliver(pending, &mut line_no)
}

/// A `--jsonArray` export: one JSON array, read element by element.
fn read_array(
    path: &Path,
    strict: bool,
    bad: &mut Vec<Malformed>,
    sink: &mut dyn FnMut(Batch),
) -> Result<(), ReadError> {
    use serde::de::{DeserializeSeed, SeqAccess, Visitor};
    let file = path.display().to_string();
    let f = File::open(path).map_err(|e| ReadError::Input(format!("cannot read {file}: {e}")))?;
    let bytes = f.metadata().map_or(0, |m| m.len());

    struct Elements<'s> {
        batch: Batch,
        sink: &'s mut dyn FnMut(Batch),
        bad: &'s mut Vec<Malformed>,
        file: &'s str,
        strict: bool,
        index: u64,
        failed: Option<ReadError>,
    }
    impl<'de> Visitor<'de> for &mut Elements<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON array of messages")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            while let Some(value) = seq.next_element::<Box<RawValue>>()? {
                self.index += 1;
                let parsed = serde_json::from_str::<RcDoc>(value.get())
                    .map_err(|e| e.to_string())
                    .and_then(|d| rc_doc(d, &mut self.batch));
                if let Err(why) = parsed {
                    if self.strict {
                        self.failed = Some(ReadError::Strict {
                            file: self.file.into(),
                            line: self.index,
                            why,
                        });
                        return Ok(());
                    }
                    self.bad.push(Malformed {
                        file: self.file.into(),
                        line: self.index,
                        why,
                    });
                }
                if self.batch.messages.len() >= 1 << 20 {
                    (self.sink)(std::mem::take(&mut self.batch));
                }
            }
            Ok(())
        }
    }
    impl<'de> DeserializeSeed<'de> for &mut Elements<'_> {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_seq(self)
        }
    }
    let mut elements = Elements {
        batch: Batch::default(),
        sink,
        bad,
        file: &file,
        strict,
        index: 0,
        failed: None,
    };
    let mut de = serde_json::Deserializer::from_reader(BufReader::with_capacity(1 << 20, f));
    (&mut elements)
        .deserialize(&mut de)
        .map_err(|e| ReadError::Input(format!("{file}: the JSON array ends early or is broken ({e}); the {} elements before were read", elements.index)))?;
    if let Some(e) = elements.failed {
        return Err(e);
    }
    let mut last = std::mem::take(&mut elements.batch);
    last.bytes = bytes;
    (elements.sink)(last);
    Ok(())
}

// ---- Slack -----------------------------------------------------------------

#[derive(Deserialize)]
struct SlackMessage<'a> {
    #[serde(borrow, default)]
    ts: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    subtype: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    user: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    bot_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    username: Option<Cow<'a, str>>,
}

/// A Slack day file (`channel/YYYY-MM-DD.json`), a JSON array of messages.
fn slack_day(
    text: &[u8],
    channel: &str,
    file: &str,
    strict: bool,
    batch: &mut Batch,
    bad: &mut Vec<Malformed>,
) -> Result<(), ReadError> {
    let values: Vec<&RawValue> = match serde_json::from_slice(text) {
        Ok(v) => v,
        Err(e) => {
            let why = format!("not a JSON array of messages: {e}");
            if strict {
                return Err(ReadError::Strict {
                    file: file.into(),
                    line: e.line() as u64,
                    why,
                });
            }
            bad.push(Malformed {
                file: file.into(),
                line: e.line() as u64,
                why,
            });
            return Ok(());
        }
    };
    for (i, raw) in values.iter().enumerate() {
        let parsed = serde_json::from_str::<SlackMessage>(raw.get())
            .map_err(|e| e.to_string())
            .and_then(|m| {
                let ts_text = m.ts.as_deref().ok_or("no `ts`")?;
                let ts = parse_slack_ts(ts_text)
                    .ok_or_else(|| format!("`ts` {ts_text:?} is not a Slack timestamp"))?;
                let kind = match m.subtype.as_deref() {
                    // Edits and deletions are not new messages.
                    Some("message_changed" | "message_deleted") => return Ok(()),
                    Some("bot_message") => Kind::Bot,
                    _ if m.bot_id.is_some() && m.user.is_none() => Kind::Bot,
                    None | Some("file_share" | "me_message" | "thread_broadcast") => Kind::User,
                    Some(_) => Kind::System,
                };
                let user = m.user.as_deref().or(m.username.as_deref());
                batch.push(ts, user, kind, Some(hash(&["slack", channel, ts_text])));
                Ok(())
            });
        if let Err(why) = parsed {
            if strict {
                return Err(ReadError::Strict {
                    file: file.into(),
                    line: i as u64 + 1,
                    why,
                });
            }
            bad.push(Malformed {
                file: file.into(),
                line: i as u64 + 1,
                why: format!("message {}: {why}", i + 1),
            });
        }
    }
    Ok(())
}

/// `channel/YYYY-MM-DD.json` → the channel, for a day file's path inside an export.
fn slack_channel(path: &str) -> Option<&str> {
    let (dir, name) = path.trim_end_matches('/').rsplit_once('/')?;
    let day = name.strip_suffix(".json")?;
    let ok = day.len() == 10 && day.as_bytes()[4] == b'-' && day.as_bytes()[7] == b'-';
    ok.then(|| dir.rsplit('/').next().unwrap_or(dir))
}

/// Member names from `users.json` (for cost at "all users seen").
fn slack_members(text: &[u8]) -> Option<usize> {
    let users: Vec<serde_json::Value> = serde_json::from_slice(text).ok()?;
    Some(
        users
            .iter()
            .filter(|u| {
                !u["deleted"].as_bool().unwrap_or(false) && !u["is_bot"].as_bool().unwrap_or(false)
            })
            .count(),
    )
}

fn read_slack(
    path: &Path,
    strict: bool,
    bad: &mut Vec<Malformed>,
    sink: &mut dyn FnMut(Batch),
    members: &mut Option<usize>,
) -> Result<(), ReadError> {
    let mut batch = Batch::default();
    let flush = |batch: &mut Batch, sink: &mut dyn FnMut(Batch)| {
        if batch.messages.len() >= 1 << 18 {
            sink(std::mem::take(batch));
        }
    };
    if path.is_dir() {
        let mut files: Vec<PathBuf> = Vec::new();
        walk(path, &mut files)
            .map_err(|e| ReadError::Input(format!("cannot list {}: {e}", path.display())))?;
        files.sort();
        for file in files {
            let rel = file
                .strip_prefix(path)
                .unwrap_or(&file)
                .to_string_lossy()
                .replace('\\', "/");
            let read = || {
                std::fs::read(&file)
                    .map_err(|e| ReadError::Input(format!("cannot read {}: {e}", file.display())))
            };
            if rel == "users.json" || rel == "org_users.json" {
                *members = slack_members(&read()?);
            } else if let Some(channel) = slack_channel(&format!("/{rel}")) {
                let text = read()?;
                batch.bytes += text.len() as u64;
                slack_day(
                    &text,
                    channel,
                    &file.display().to_string(),
                    strict,
                    &mut batch,
                    bad,
                )?;
                flush(&mut batch, sink);
            }
        }
    } else {
        let f = File::open(path)
            .map_err(|e| ReadError::Input(format!("cannot read {}: {e}", path.display())))?;
        let mut zip = zip::ZipArchive::new(f).map_err(|e| {
            ReadError::Input(format!("{}: not a readable zip: {e}", path.display()))
        })?;
        let mut names: Vec<String> = zip.file_names().map(String::from).collect();
        names.sort();
        for name in names {
            let mut entry = zip
                .by_name(&name)
                .map_err(|e| ReadError::Input(format!("{}: {name}: {e}", path.display())))?;
            let mut text = Vec::with_capacity(entry.size() as usize);
            entry
                .read_to_end(&mut text)
                .map_err(|e| ReadError::Input(format!("{}: {name}: {e}", path.display())))?;
            let base = name.rsplit('/').next().unwrap_or(&name);
            if base == "users.json" || base == "org_users.json" {
                *members = slack_members(&text);
            } else if let Some(channel) = slack_channel(&format!("/{name}")) {
                batch.bytes += entry.compressed_size();
                slack_day(
                    &text,
                    channel,
                    &format!("{}:{name}", path.display()),
                    strict,
                    &mut batch,
                    bad,
                )?;
                flush(&mut batch, sink);
            }
        }
    }
    sink(batch);
    Ok(())
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

// ---- CSV -------------------------------------------------------------------

/// The separator of a CSV header line: a comma, or the semicolon or tab that
/// spreadsheets in many locales write, whichever the line holds most of
/// (outside quotes).
fn csv_delimiter(header: &str) -> Option<u8> {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in header.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(c) = counts.iter_mut().find(|(d, _)| *d == b) {
            c.1 += 1;
        }
    }
    counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(_, n)| *n)
        .map(|(d, _)| *d)
}

fn read_csv(
    path: &Path,
    o: &Options,
    bad: &mut Vec<Malformed>,
    sink: &mut dyn FnMut(Batch),
) -> Result<(), ReadError> {
    let file = path.display().to_string();
    let f = File::open(path).map_err(|e| ReadError::Input(format!("cannot read {file}: {e}")))?;
    let mut input = BufReader::new(f);
    let delimiter = input
        .fill_buf()
        .ok()
        .and_then(|head| {
            let head = String::from_utf8_lossy(head);
            csv_delimiter(head.trim_start_matches('\u{feff}').lines().next()?)
        })
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(input);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| ReadError::Input(format!("{file}: cannot read the CSV header: {e}")))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let find = |wanted: &Option<String>,
                guesses: &[&str],
                flag: &str|
     -> Result<Option<usize>, ReadError> {
        match wanted {
            Some(name) => headers
                .iter()
                .position(|h| *h == name.to_lowercase())
                .map(Some)
                .ok_or_else(|| {
                    ReadError::Input(format!(
                        "{flag}: {file} has no column '{name}'; its columns: {}",
                        headers.join(", ")
                    ))
                }),
            None => Ok(headers.iter().position(|h| guesses.contains(&h.as_str()))),
        }
    };
    let time = find(&o.time_column, &["ts", "timestamp", "time", "date", "datetime", "created_at", "sent_at"], "--time-column")?
        .ok_or_else(|| ReadError::Input(format!("{file}: no timestamp column (looked for ts, timestamp, time, date); name it with --time-column")))?;
    let user = find(
        &o.user_column,
        &["user", "username", "sender", "author", "user_id"],
        "--user-column",
    )?;
    // Looked up so a wrong --channel-column is reported; counts do not need it.
    let _channel = find(
        &o.channel_column,
        &["channel", "room", "rid", "channel_id"],
        "--channel-column",
    )?;
    let mut batch = Batch::default();
    let mut record = csv::StringRecord::new();
    let mut line = 1u64;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(ReadError::Input(format!("{file}: {e}"))),
        }
        line = record.position().map_or(line + 1, |p| p.line());
        let cell = record.get(time).unwrap_or("").trim();
        let ts = parse_iso_ms(cell).or_else(|| {
            // Epoch seconds or milliseconds.
            cell.split('.')
                .next()
                .and_then(|s| s.parse::<i64>().ok())
                .map(|v| {
                    if v.abs() >= 100_000_000_000 {
                        v
                    } else {
                        v * 1000
                    }
                })
        });
        match ts {
            Some(ts) => {
                batch.push(ts, user.and_then(|u| record.get(u)), Kind::User, None);
            }
            None => {
                let why = format!("`{}` value {cell:?} is not a timestamp", headers[time]);
                if o.strict {
                    return Err(ReadError::Strict { file, line, why });
                }
                bad.push(Malformed {
                    file: file.clone(),
                    line,
                    why,
                });
            }
        }
        if batch.messages.len() >= 1 << 20 {
            sink(std::mem::take(&mut batch));
        }
    }
    sink(batch);
    Ok(())
}

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
            let first = {
                let mut head = [0u8; 64];
                let n = File::open(path)
                    .and_then(|mut f| f.read(&mut head))
                    .unwrap_or(0);
                String::from_utf8_lossy(&head[..n])
                    .trim_start()
                    .chars()
                    .next()
            };
            if first == Some('[') {
                read_array(path, o.strict, bad, sink)?;
            } else {
                read_lines(path, o.strict, bad, sink)?;
            }
        }
        Format::Slack => read_slack(path, o.strict, bad, sink, &mut members)?,
        Format::Csv => read_csv(path, o, bad, sink)?,
    }
    Ok(members)
}
