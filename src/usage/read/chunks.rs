//! Reading a big input on every core. The main thread reads chunks of whole
//! records (the lines of a mongoexport, the documents of a BSON dump) while one
//! long-lived parser per core parses its piece of the chunk before; batches are
//! handed on in input order. Memory is a few chunks, whatever the input's size:
//! the chunks' buffers go round and round (a fresh 16 MB buffer per chunk cost
//! more in page faults and zeroing than the parsing of a fifth of it), and
//! grow from 64 KiB to 4 MiB as the input goes on.

use std::io::Read;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use super::record::{Batch, Malformed, Mode, ReadError, bad_record};

/// What a parser makes of a piece of a chunk: its messages, its bad records
/// (numbered from 1 at the piece's start) and how many records it held.
pub(super) type Parsed = (Batch, Vec<(u64, String)>, u64);

/// How one kind of record is parsed and where a chunk of them may be split.
#[derive(Clone, Copy)]
pub(super) struct Records {
    /// Parses whole records; under `strict`, stops at the first bad one.
    pub parse: fn(&[u8], Mode) -> Parsed,
    /// The first record boundary at or after `at` in a chunk of whole records.
    pub boundary: fn(&[u8], usize) -> usize,
    /// What a bad record's number counts, when it is not a line: "document".
    pub unit: Option<&'static str>,
}

/// Bytes read and parsed at a time, at most: 4 MiB chunks took 5% less CPU
/// than 16 MiB ones on a 2,000,000-message mongoexport and 22% less on its
/// BSON (a third fewer page faults: the batches' vectors are reused), 1 MiB
/// ones more again.
pub(super) const CHUNK: usize = 4 << 20;

/// The first chunk's bytes; each next one holds as much as was read before
/// it, up to [`CHUNK`].
const FIRST_CHUNK: usize = 64 << 10;

/// Whole records (`data[..len]`: the buffer beyond is spare room), the bytes
/// of the input they took (compressed bytes for a compressed input: the
/// progress bar counts the file) and, at the end of an input that stops inside
/// a record, why that record could not be read.
#[derive(Default)]
pub(super) struct Chunk {
    pub data: Bytes,
    pub len: usize,
    pub input_bytes: u64,
    pub cut_off: Option<String>,
}

/// A chunk's bytes: a buffer of its own (handed on to the next chunk once
/// parsed), or a stretch of a file mapped into memory.
pub(super) enum Bytes {
    Owned(Vec<u8>),
    Mapped(Arc<memmap2::Mmap>, std::ops::Range<usize>),
}

impl Default for Bytes {
    fn default() -> Self {
        Bytes::Owned(Vec::new())
    }
}

impl std::ops::Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Owned(buffer) => buffer,
            Bytes::Mapped(map, range) => &map[range.clone()],
        }
    }
}

/// Lets go of the pages of a mapped file's chunk once it is parsed. They stay
/// in the system's page cache; only this process stops holding them, so that
/// its memory stays a few chunks as with buffers (it held the whole file, 530
/// MB for a 486 MB export, without this).
fn let_go(map: &memmap2::Mmap, range: std::ops::Range<usize>) {
    #[cfg(unix)]
    // SAFETY: the map is a read-only map of a file: a page let go of is read
    // again from the file, unchanged, by whoever touches it next (the next
    // chunk may share the last page), so no byte anyone reads ever changes.
    let _ = unsafe {
        map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, range.start, range.len())
    };
}

/// Buffers of chunks already parsed, for the next chunks.
pub(super) type Spares = Vec<Vec<u8>>;

/// Where a reader puts what it reads: batches to `sink`, bad records to `bad`
/// (with `strict`, the first stops reading).
pub(super) struct Out<'a> {
    pub file: String,
    pub mode: Mode,
    pub bad: &'a mut Vec<Malformed>,
    pub sink: &'a mut dyn FnMut(Batch),
}

impl Out<'_> {
    pub(super) fn bad_record(&mut self, number: u64, why: String) -> Result<(), ReadError> {
        bad_record(self.bad, self.mode.strict, &self.file, number, why)
    }
}

/// A source of chunks, given buffers to reuse: `Ok(None)` at the end of the input.
pub(super) type NextChunk<'a> = dyn FnMut(&mut Spares) -> Result<Option<Chunk>, ReadError> + 'a;

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
    let parsers = Parsers::start(threads, out.mode, records);
    // The number of the first record not yet handed over.
    let mut number = 1;
    let mut pending = Pending::default();
    let mut spares = Spares::new();
    loop {
        let chunk = next(&mut spares)?;
        let at_end = chunk.is_none();
        let started = chunk.map(|c| parsers.dispatch(c)).unwrap_or_default();
        // While this chunk is parsed, hand over the one before.
        let previous = std::mem::replace(&mut pending, started);
        spares.extend(parsers.deliver(previous, out, &mut number)?);
        if at_end {
            return Ok(());
        }
    }
}

/// A chunk being parsed: which parsers have a piece of it, in input order.
#[derive(Default)]
struct Pending {
    data: Option<Arc<Bytes>>,
    workers: Vec<usize>,
    input_bytes: u64,
    cut_off: Option<String>,
}

/// A piece of a chunk to parse: the chunk, and where the piece starts and ends.
type Job = (Arc<Bytes>, usize, usize);

/// One long-lived parser per core, fed through channels (threads started per
/// chunk would each leave memory behind in the allocator). Dropping it ends them.
struct Parsers {
    jobs: Vec<Sender<Job>>,
    results: Vec<Receiver<Parsed>>,
    boundary: fn(&[u8], usize) -> usize,
    unit: Option<&'static str>,
}

impl Parsers {
    fn start(threads: usize, mode: Mode, records: Records) -> Self {
        let parse = records.parse;
        let (jobs, results) = (0..threads)
            .map(|_| {
                let (job_tx, job_rx) = channel::<Job>();
                let (result_tx, result_rx) = channel::<Parsed>();
                std::thread::spawn(move || {
                    for (data, start, end) in job_rx {
                        let parsed = parse(&data[start..end], mode);
                        // Let go of the chunk first: its buffer is then free to reuse.
                        drop(data);
                        if result_tx.send(parsed).is_err() {
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
        let len = chunk.len;
        let data = Arc::new(chunk.data);
        let threads = self.jobs.len();
        let mut workers = Vec::with_capacity(threads);
        let mut start = 0;
        for (k, job) in self.jobs.iter().enumerate() {
            let end = if k + 1 == threads {
                len
            } else {
                (self.boundary)(&data[..len], (len * (k + 1) / threads).max(start))
            };
            if end > start {
                job.send((Arc::clone(&data), start, end))
                    .expect("a parser thread stopped");
                workers.push(k);
            }
            start = end;
        }
        Pending {
            data: Some(data),
            workers,
            input_bytes: chunk.input_bytes,
            cut_off: chunk.cut_off,
        }
    }

    /// Hands over a chunk's results in input order; bad records are numbered
    /// from `number`, the chunk's first record. Gives back the chunk's buffer.
    fn deliver(
        &self,
        pending: Pending,
        out: &mut Out<'_>,
        number: &mut u64,
    ) -> Result<Option<Vec<u8>>, ReadError> {
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
        Ok(match pending.data.and_then(|d| Arc::try_unwrap(d).ok()) {
            Some(Bytes::Owned(buffer)) => Some(buffer),
            Some(Bytes::Mapped(map, range)) => {
                let_go(&map, range);
                None
            }
            None => None,
        })
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

/// Reads into `buf` until it is full or the input ends; how many bytes it read.
pub(super) fn read_full(
    input: &mut dyn Read,
    buf: &mut [u8],
    file: &str,
) -> Result<usize, ReadError> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(ReadError::Input(format!("cannot read {file}: {e}"))),
        }
    }
    Ok(filled)
}

/// A buffer for the next chunk: a spare one, or a new one, starting with
/// `carry` (what the last chunk left of a record). It holds as much as was
/// read before it (`read` bytes), from [`FIRST_CHUNK`] up to [`CHUNK`]: a
/// small input never has megabytes filled with zeros that it does not need.
pub(super) fn buffer_for(spares: &mut Spares, carry: &[u8], read: u64) -> Vec<u8> {
    let mut buf = spares.pop().unwrap_or_default();
    let grown = usize::try_from(read)
        .unwrap_or(CHUNK)
        .clamp(FIRST_CHUNK, CHUNK);
    let size = grown.max(2 * carry.len());
    if buf.len() < size {
        buf.resize(size, 0);
    }
    buf[..carry.len()].copy_from_slice(carry);
    buf
}

/// Chunks of whole lines from `input`; `read_so_far` tells how many bytes of
/// the file have been read (for the progress bar).
pub(super) fn line_chunks<'a>(
    input: &'a mut dyn Read,
    read_so_far: &'a dyn Fn() -> u64,
    file: &'a str,
) -> impl FnMut(&mut Spares) -> Result<Option<Chunk>, ReadError> + 'a {
    // What the last chunk left after its last line end.
    let mut carry: Vec<u8> = Vec::new();
    let mut done = false;
    let mut counted = 0;
    move |spares| {
        if done {
            return Ok(None);
        }
        let mut buf = buffer_for(spares, &carry, counted);
        let mut filled = carry.len();
        let cut = loop {
            let start = filled;
            filled += read_full(input, &mut buf[start..], file)?;
            if filled < buf.len() {
                done = true;
                break filled;
            }
            match memchr::memrchr(b'\n', &buf[..filled]) {
                Some(i) => break i + 1,
                // A line longer than any message: keep its start, which then reads
                // as one malformed record, and drop the rest unread into memory.
                None if buf.len() >= MAX_LINE => {
                    filled = KEPT_OF_LONG_LINE;
                    match skip_to_line_end(input, file)? {
                        Some(after) => {
                            buf[filled..filled + after.len()].copy_from_slice(&after);
                            filled += after.len();
                        }
                        None => {
                            done = true;
                            break filled;
                        }
                    }
                }
                // A line longer than the buffer: make room.
                None => buf.resize(2 * buf.len(), 0),
            }
        };
        carry.clear();
        carry.extend_from_slice(&buf[cut..filled]);
        let total = read_so_far();
        Ok(Some(Chunk {
            data: Bytes::Owned(buf),
            len: cut,
            input_bytes: total - std::mem::replace(&mut counted, total),
            cut_off: None,
        }))
    }
}

/// Chunks of whole lines of a file mapped into memory: the parsers read the
/// file's pages where the system keeps them, with none of the copying that
/// reading it into buffers took (a tenth of `usage`'s CPU on a 486 MB
/// mongoexport). Chunks end at a line end as [`line_chunks`]'s do, and a line
/// of [`MAX_LINE`] bytes or more is kept, as there, as its first
/// [`KEPT_OF_LONG_LINE`] bytes.
pub(super) fn mapped_line_chunks(
    map: Arc<memmap2::Mmap>,
) -> impl FnMut(&mut Spares) -> Result<Option<Chunk>, ReadError> {
    let mut at = 0;
    move |_| {
        let (start, len) = (at, map.len());
        if start >= len {
            return Ok(None);
        }
        let limit = (start + CHUNK).min(len);
        let (end, kept) = match memchr::memrchr(b'\n', &map[start..limit]) {
            _ if limit == len => (len, start..len),
            Some(i) => (start + i + 1, start..start + i + 1),
            None => one_long_line(&map, start, limit),
        };
        at = end;
        Ok(Some(Chunk {
            len: kept.len(),
            data: Bytes::Mapped(Arc::clone(&map), kept),
            input_bytes: (end - start) as u64,
            cut_off: None,
        }))
    }
}

/// A line from `start` with no end before `searched`: where it ends, and what
/// of it is parsed (the whole line, or its first [`KEPT_OF_LONG_LINE`] bytes
/// if it is [`MAX_LINE`] long or more). Its pages are let go of as they are
/// searched, so a line of hundreds of megabytes never stays in memory.
fn one_long_line(
    map: &memmap2::Mmap,
    start: usize,
    mut searched: usize,
) -> (usize, std::ops::Range<usize>) {
    let len = map.len();
    let end = loop {
        let piece = searched..(searched + CHUNK).min(len);
        if let Some(i) = memchr::memchr(b'\n', &map[piece.clone()]) {
            break piece.start + i + 1;
        }
        let_go(map, piece.clone());
        if piece.end == len {
            break len;
        }
        searched = piece.end;
    };
    let line = end - start - usize::from(map[end - 1] == b'\n');
    if line < MAX_LINE {
        return (end, start..end);
    }
    let kept = start..start + KEPT_OF_LONG_LINE;
    let_go(map, kept.end..end);
    (end, kept)
}

/// The longest line read whole (no message comes near it); a longer one keeps
/// its first [`KEPT_OF_LONG_LINE`] bytes and counts as one malformed record.
const MAX_LINE: usize = 64 << 20;
const KEPT_OF_LONG_LINE: usize = 1024;

/// Reads `input` up to and with the next line end; returns what follows it in
/// the last block read (at most 1 MB), or `None` when the input ends first.
fn skip_to_line_end(input: &mut dyn Read, file: &str) -> Result<Option<Vec<u8>>, ReadError> {
    let mut block = vec![0u8; 1 << 20];
    loop {
        let n = read_full(input, &mut block, file)?;
        if let Some(i) = memchr::memchr(b'\n', &block[..n]) {
            block.truncate(n);
            return Ok(Some(block.split_off(i)));
        }
        if n < block.len() {
            return Ok(None);
        }
    }
}

/// The end of the line that holds byte `at` (a split point between lines).
pub(super) fn line_boundary(data: &[u8], at: usize) -> usize {
    memchr::memchr(b'\n', &data[at..]).map_or(data.len(), |i| at + i + 1)
}
