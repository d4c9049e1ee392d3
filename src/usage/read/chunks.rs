//! Reading a big input on every core. The main thread reads chunks of whole
//! records (the lines of a mongoexport, the documents of a BSON dump) while one
//! long-lived parser per core parses its piece of the chunk before; batches are
//! handed on in input order. Memory is a few chunks, whatever the input's size.

use std::io::Read;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use super::record::{Batch, Malformed, ReadError, bad_record};

/// What a parser makes of a piece of a chunk: its messages, its bad records
/// (numbered from 1 at the piece's start) and how many records it held.
pub(super) type Parsed = (Batch, Vec<(u64, String)>, u64);

/// How one kind of record is parsed and where a chunk of them may be split.
#[derive(Clone, Copy)]
pub(super) struct Records {
    /// Parses whole records; with `strict`, stops at the first bad one.
    pub parse: fn(&[u8], bool) -> Parsed,
    /// The first record boundary at or after `at` in a chunk of whole records.
    pub boundary: fn(&[u8], usize) -> usize,
    /// What a bad record's number counts, when it is not a line: "document".
    pub unit: Option<&'static str>,
}

/// Bytes read and parsed at a time.
pub(super) const CHUNK: usize = 16 << 20;

/// Whole records, the bytes of the input they took (compressed bytes for a
/// compressed input: the progress bar counts the file) and, at the end of an
/// input that stops inside a record, why that record could not be read.
#[derive(Default)]
pub(super) struct Chunk {
    pub data: Vec<u8>,
    pub input_bytes: u64,
    pub cut_off: Option<String>,
}

/// Where a reader puts what it reads: batches to `sink`, bad records to `bad`
/// (with `strict`, the first stops reading).
pub(super) struct Out<'a> {
    pub file: String,
    pub strict: bool,
    pub bad: &'a mut Vec<Malformed>,
    pub sink: &'a mut dyn FnMut(Batch),
}

impl Out<'_> {
    pub(super) fn bad_record(&mut self, number: u64, why: String) -> Result<(), ReadError> {
        bad_record(self.bad, self.strict, &self.file, number, why)
    }
}

/// A source of chunks: `Ok(None)` at the end of the input.
pub(super) type NextChunk<'a> = dyn FnMut() -> Result<Option<Chunk>, ReadError> + 'a;

/// Parses every chunk `next` gives on every core, handing the batches to
/// `out` in input order while the next chunk is read.
pub(super) fn parse_all(
    records: Records,
    next: &mut NextChunk<'_>,
    out: &mut Out<'_>,
) -> Result<(), ReadError> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 8);
    let parsers = Parsers::start(threads, out.strict, records);
    // The number of the first record not yet handed over.
    let mut number = 1;
    let mut pending = Pending::default();
    loop {
        let chunk = next()?;
        let at_end = chunk.is_none();
        let started = chunk.map(|c| parsers.dispatch(c)).unwrap_or_default();
        // While this chunk is parsed, hand over the one before.
        let previous = std::mem::replace(&mut pending, started);
        parsers.deliver(previous, out, &mut number)?;
        if at_end {
            return Ok(());
        }
    }
}

/// A chunk being parsed: which parsers have a piece of it, in input order.
#[derive(Default)]
struct Pending {
    workers: Vec<usize>,
    input_bytes: u64,
    cut_off: Option<String>,
}

/// A piece of a chunk to parse: the chunk, and where the piece starts and ends.
type Job = (Arc<Vec<u8>>, usize, usize);

/// One long-lived parser per core, fed through channels (threads started per
/// chunk would each leave memory behind in the allocator). Dropping it ends them.
struct Parsers {
    jobs: Vec<Sender<Job>>,
    results: Vec<Receiver<Parsed>>,
    boundary: fn(&[u8], usize) -> usize,
    unit: Option<&'static str>,
}

impl Parsers {
    fn start(threads: usize, strict: bool, records: Records) -> Self {
        let parse = records.parse;
        let (jobs, results) = (0..threads)
            .map(|_| {
                let (job_tx, job_rx) = channel::<Job>();
                let (result_tx, result_rx) = channel::<Parsed>();
                std::thread::spawn(move || {
                    for (data, start, end) in job_rx {
                        if result_tx.send(parse(&data[start..end], strict)).is_err() {
                            break;
                        }
                    }
                });
                (job_tx, result_rx)
            })
            .unzip();
        Parsers {
            jobs,
            results,
            boundary: records.boundary,
            unit: records.unit,
        }
    }

    /// Splits a chunk at record boundaries into one piece per parser and
    /// sends each off.
    fn dispatch(&self, chunk: Chunk) -> Pending {
        let data = Arc::new(chunk.data);
        let threads = self.jobs.len();
        let mut workers = Vec::with_capacity(threads);
        let mut start = 0;
        for (k, job) in self.jobs.iter().enumerate() {
            let end = if k + 1 == threads {
                data.len()
            } else {
                (self.boundary)(&data, (data.len() * (k + 1) / threads).max(start))
            };
            if end > start {
                job.send((Arc::clone(&data), start, end))
                    .expect("a parser thread stopped");
                workers.push(k);
            }
            start = end;
        }
        Pending {
            workers,
            input_bytes: chunk.input_bytes,
            cut_off: chunk.cut_off,
        }
    }

    /// Hands over a chunk's results in input order; bad records are numbered
    /// from `number`, the chunk's first record.
    fn deliver(
        &self,
        pending: Pending,
        out: &mut Out<'_>,
        number: &mut u64,
    ) -> Result<(), ReadError> {
        let mut input_bytes = pending.input_bytes;
        for w in pending.workers {
            let (mut batch, found, records) =
                self.results[w].recv().expect("a parser thread stopped");
            for (rel, why) in found {
                self.bad_record(out, *number + rel - 1, why)?;
            }
            *number += records;
            batch.bytes = std::mem::take(&mut input_bytes);
            (out.sink)(batch);
        }
        if let Some(why) = pending.cut_off {
            self.bad_record(out, *number, why)?;
            *number += 1;
        }
        if input_bytes > 0 {
            // A chunk with no records still moves the progress bar on.
            (out.sink)(Batch::of_bytes(input_bytes));
        }
        Ok(())
    }
}

impl Parsers {
    /// Notes bad record `number`, saying what it counts when not a line.
    fn bad_record(&self, out: &mut Out<'_>, number: u64, why: String) -> Result<(), ReadError> {
        let why = match self.unit {
            Some(unit) => format!("{unit} {number}: {why}"),
            None => why,
        };
        out.bad_record(number, why)
    }
}

/// Reads from `input` until `buf` holds `CHUNK` bytes or the input ends (true).
pub(super) fn fill(input: &mut dyn Read, buf: &mut Vec<u8>, file: &str) -> Result<bool, ReadError> {
    while buf.len() < CHUNK {
        let start = buf.len();
        buf.resize(start + (CHUNK - start).max(1 << 20), 0);
        let n = loop {
            match input.read(&mut buf[start..]) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                r => break r,
            }
        };
        let n = n.map_err(|e| ReadError::Input(format!("cannot read {file}: {e}")))?;
        buf.truncate(start + n);
        if n == 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Chunks of whole lines from `input`; `read_so_far` tells how many bytes of
/// the file have been read (for the progress bar).
pub(super) fn line_chunks<'a>(
    input: &'a mut dyn Read,
    read_so_far: &'a dyn Fn() -> u64,
    file: &'a str,
) -> impl FnMut() -> Result<Option<Chunk>, ReadError> + 'a {
    let mut carry: Vec<u8> = Vec::new();
    let mut done = false;
    let mut counted = 0;
    move || {
        if done {
            return Ok(None);
        }
        done = fill(input, &mut carry, file)?;
        let cut = if done {
            carry.len()
        } else {
            memchr::memrchr(b'\n', &carry).map_or(carry.len(), |i| i + 1)
        };
        let rest = carry[cut..].to_vec();
        carry.truncate(cut);
        let total = read_so_far();
        let input_bytes = total - std::mem::replace(&mut counted, total);
        Ok(Some(Chunk {
            data: std::mem::replace(&mut carry, rest),
            input_bytes,
            cut_off: None,
        }))
    }
}

/// The end of the line that holds byte `at` (a split point between lines).
pub(super) fn line_boundary(data: &[u8], at: usize) -> usize {
    memchr::memchr(b'\n', &data[at..]).map_or(data.len(), |i| at + i + 1)
}
