//! Rocket.Chat: `mongoexport` of `rocketchat_message` (one document per line,
//! or the `--jsonArray` form) and Rocket.Chat's own JSON room export.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use serde::Deserialize;
use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::record::{Batch, Kind, Malformed, ReadError, bad_record, hash_bytes};
use crate::usage::time::{in_range, parse_iso_ms};

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
            quoted(inner)
                .and_then(|s| s.parse().ok())
                .and_then(in_range)
                .ok_or_else(bad)
        }
        Some(b'-' | b'0'..=b'9') => {
            let end = value
                .find(|c: char| !(c.is_ascii_digit() || c == '-'))
                .unwrap_or(value.len());
            value[..end].parse().ok().and_then(in_range).ok_or_else(bad)
        }
        _ => Err(bad()),
    }
}

fn rc_line(line: &[u8], batch: &mut Batch) -> Result<(), String> {
    use crate::usage::scan::{fields, text};
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
    let mut batch = Batch::of_bytes(data.len() as u64);
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

/// A piece of a chunk to parse: the chunk, and where the piece starts and ends.
type Job = (Arc<Vec<u8>>, usize, usize);

/// Bytes read and parsed at a time.
const CHUNK: usize = 16 << 20;

/// A Rocket.Chat file: a `--jsonArray` export when it starts with `[`, else
/// one document per line.
pub(super) fn read_rocketchat(
    path: &Path,
    strict: bool,
    bad: &mut Vec<Malformed>,
    sink: &mut dyn FnMut(Batch),
) -> Result<(), ReadError> {
    let file = path.display().to_string();
    let f = File::open(path).map_err(|e| ReadError::Input(format!("cannot read {file}: {e}")))?;
    let out = Out {
        file,
        strict,
        bad,
        sink,
    };
    if first_char(path) == Some('[') {
        read_array(f, out)
    } else {
        read_lines(f, out)
    }
}

/// The first character after white space (`None` if the file cannot be read).
fn first_char(path: &Path) -> Option<char> {
    let mut head = [0u8; 64];
    let n = File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    String::from_utf8_lossy(&head[..n])
        .trim_start()
        .chars()
        .next()
}

/// Where a reader puts what it reads: batches to `sink`, bad records to `bad`
/// (with `strict`, the first stops reading).
struct Out<'a> {
    file: String,
    strict: bool,
    bad: &'a mut Vec<Malformed>,
    sink: &'a mut dyn FnMut(Batch),
}

impl Out<'_> {
    fn bad_record(&mut self, line: u64, why: String) -> Result<(), ReadError> {
        bad_record(self.bad, self.strict, &self.file, line, why)
    }
}

/// Reads a file of one document per line in chunks of whole lines. Each chunk is
/// parsed on every core while the main thread reads the next chunk and hands
/// the previous one's batches to `sink`, in file order.
fn read_lines(mut f: File, mut out: Out<'_>) -> Result<(), ReadError> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 8);
    let parsers = Parsers::start(threads, out.strict);
    // The number of the first line not yet handed over.
    let mut line_no = 1;
    let mut carry: Vec<u8> = Vec::new();
    let mut pending: Vec<usize> = Vec::new();
    loop {
        let at_end = fill(&mut f, &mut carry, &out.file)?;
        if !at_end && memchr::memchr(b'\n', &carry).is_none() {
            // A line longer than a whole chunk is no message: one bad line, skipped.
            parsers.deliver(std::mem::take(&mut pending), &mut out, &mut line_no)?;
            let why = format!(
                "the line is longer than {} MB, more than any message",
                CHUNK >> 20
            );
            out.bad_record(line_no, why)?;
            line_no += 1;
            if skip_line(&mut f, &mut carry, &out.file)? {
                break;
            }
            continue;
        }
        let started = parsers.dispatch(whole_lines(&mut carry, at_end));
        // While this chunk is parsed, hand over the previous one.
        let previous = std::mem::replace(&mut pending, started);
        parsers.deliver(previous, &mut out, &mut line_no)?;
        if at_end {
            break;
        }
    }
    parsers.deliver(pending, &mut out, &mut line_no)
}

/// Tops `carry` up to a chunk from `f`; true when the file has ended.
fn fill(f: &mut File, carry: &mut Vec<u8>, file: &str) -> Result<bool, ReadError> {
    while carry.len() < CHUNK {
        let start = carry.len();
        carry.resize(start + (CHUNK - start).max(1 << 20), 0);
        let n = f
            .read(&mut carry[start..])
            .map_err(|e| ReadError::Input(format!("cannot read {file}: {e}")))?;
        carry.truncate(start + n);
        if n == 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Drops the rest of an over-long line, up to and with its line end, from
/// `carry` and `f`; true when the file ends first.
fn skip_line(f: &mut File, carry: &mut Vec<u8>, file: &str) -> Result<bool, ReadError> {
    loop {
        if let Some(i) = memchr::memchr(b'\n', carry) {
            carry.drain(..=i);
            return Ok(false);
        }
        carry.clear();
        carry.resize(1 << 20, 0);
        let n = f
            .read(carry)
            .map_err(|e| ReadError::Input(format!("cannot read {file}: {e}")))?;
        carry.truncate(n);
        if n == 0 {
            return Ok(true);
        }
    }
}

/// Whole lines only: takes `carry` up to its last line end (all of it at the
/// end of the file) and leaves the rest in it for the next chunk.
fn whole_lines(carry: &mut Vec<u8>, at_end: bool) -> Arc<Vec<u8>> {
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
    Arc::new(std::mem::replace(carry, rest))
}

/// One long-lived parser per core, fed through channels (threads started per
/// chunk would each leave memory behind in the allocator). Dropping it ends them.
struct Parsers {
    jobs: Vec<Sender<Job>>,
    results: Vec<Receiver<Parsed>>,
}

impl Parsers {
    fn start(threads: usize, strict: bool) -> Self {
        let (jobs, results) = (0..threads)
            .map(|_| {
                let (job_tx, job_rx) = channel::<Job>();
                let (result_tx, result_rx) = channel::<Parsed>();
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
        Parsers { jobs, results }
    }

    /// Splits `data` at line ends into one piece per parser and sends each off;
    /// returns the parsers that got a piece, in file order.
    fn dispatch(&self, data: Arc<Vec<u8>>) -> Vec<usize> {
        let threads = self.jobs.len();
        let mut started = Vec::with_capacity(threads);
        let mut start = 0;
        for (k, job) in self.jobs.iter().enumerate() {
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
        started
    }

    /// Hands over the results of `workers` (a chunk's parsers), in file order;
    /// bad lines are numbered from `line_no`, the chunk's first line.
    fn deliver(
        &self,
        workers: Vec<usize>,
        out: &mut Out<'_>,
        line_no: &mut u64,
    ) -> Result<(), ReadError> {
        for w in workers {
            let (batch, found, lines) = self.results[w].recv().expect("a parser thread stopped");
            for (rel, why) in found {
                out.bad_record(*line_no + rel - 1, why)?;
            }
            *line_no += lines;
            (out.sink)(batch);
        }
        Ok(())
    }
}

/// A `--jsonArray` export: one JSON array, read element by element.
fn read_array(f: File, out: Out<'_>) -> Result<(), ReadError> {
    let bytes = f.metadata().map_or(0, |m| m.len());
    let mut elements = Elements {
        batch: Batch::default(),
        out,
        index: 0,
        failed: None,
    };
    let mut de = serde_json::Deserializer::from_reader(BufReader::with_capacity(1 << 20, f));
    (&mut elements).deserialize(&mut de).map_err(|e| {
        ReadError::Input(format!(
            "{}: the JSON array ends early or is broken ({e}); the {} elements before were read",
            elements.out.file, elements.index
        ))
    })?;
    if let Some(e) = elements.failed {
        return Err(e);
    }
    let mut last = std::mem::take(&mut elements.batch);
    last.bytes = bytes;
    (elements.out.sink)(last);
    Ok(())
}

/// The elements of a `--jsonArray` export, parsed as the array is read.
struct Elements<'s> {
    batch: Batch,
    out: Out<'s>,
    /// Elements read so far (the number of a bad one, counted from 1).
    index: u64,
    /// What stopped reading under --strict.
    failed: Option<ReadError>,
}

impl Elements<'_> {
    /// Reads one element; false when --strict stops at it.
    fn element(&mut self, json: &str) -> bool {
        self.index += 1;
        let parsed = serde_json::from_str::<RcDoc>(json)
            .map_err(|e| e.to_string())
            .and_then(|d| rc_doc(d, &mut self.batch));
        if let Err(why) = parsed
            && let Err(e) = self.out.bad_record(self.index, why)
        {
            self.failed = Some(e);
            return false;
        }
        if self.batch.messages.len() >= 1 << 20 {
            (self.out.sink)(std::mem::take(&mut self.batch));
        }
        true
    }
}

impl<'de> Visitor<'de> for &mut Elements<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON array of messages")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(value) = seq.next_element::<Box<RawValue>>()? {
            if !self.element(value.get()) {
                return Ok(());
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
