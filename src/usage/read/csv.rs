//! A CSV with a timestamp column and optional user and channel columns.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use super::record::{Batch, Column, Kind, Malformed, Options, ReadError, Why, bad_record};
use crate::usage::time::{in_range, parse_iso_ms, parse_with_format};

/// The separator of a CSV header line: a comma, or the semicolon or tab that
/// spreadsheets in many locales write, whichever the line holds most of
/// (outside quotes).
pub(super) fn csv_delimiter(header: &str) -> Option<u8> {
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

/// Whether a header line makes a CSV rccost can count: one whose cells
/// name a timestamp column, or any when `--time-column` names it (a wrong name
/// is then reported with the columns there are).
pub(super) fn csv_has_time_column(header: &str, o: &Options) -> bool {
    if o.time_column.is_some() {
        return true;
    }
    let delimiter = csv_delimiter(header).unwrap_or(b',');
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(header.as_bytes());
    let mut cells = ::csv::StringRecord::new();
    matches!(reader.read_record(&mut cells), Ok(true))
        && cells
            .iter()
            .any(|cell| TIME_NAMES.contains(&cell.trim().to_lowercase().as_str()))
}

/// Reads a CSV record by record: a message per row with a readable
/// timestamp, every message a user message.
pub(super) fn read_csv(
    path: &Path,
    o: &Options,
    bad: &mut Vec<Malformed>,
    sink: &mut dyn FnMut(Batch),
) -> Result<(), ReadError> {
    let file = path.display().to_string();
    let mut reader = open(path, &file)?;
    let columns = Columns::find(&mut reader, o, &file)?;
    let mut batch = Batch::default();
    let mut record = ::csv::StringRecord::new();
    let mut line = 1u64;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(ReadError::Input(format!("{file}: {e}"))),
        }
        line = record.position().map_or(line + 1, |p| p.line());
        let cell = record.get(columns.time).unwrap_or("").trim();
        let ts = match &o.time_format {
            Some(format) => parse_with_format(cell, format),
            None => csv_ts(cell),
        };
        match ts {
            Some(ts) => {
                let user = columns.user.and_then(|u| record.get(u));
                batch.push(ts, user, Kind::User, None);
            }
            None => {
                let why = match &o.time_format {
                    Some(f) => Why::NotInFormat {
                        column: columns.time_name.clone(),
                        cell: cell.to_string(),
                        format: f.clone(),
                    },
                    None => {
                        format!("`{}` value {cell:?} is not a timestamp", columns.time_name).into()
                    }
                };
                bad_record(bad, o.strict, &file, line, why)?;
            }
        }
        if batch.messages.len() >= 1 << 20 {
            sink(std::mem::take(&mut batch));
        }
    }
    sink(batch);
    Ok(())
}

/// A reader for `path` with the separator its first line uses.
fn open(path: &Path, file: &str) -> Result<::csv::Reader<Input>, ReadError> {
    let f = File::open(path).map_err(|e| ReadError::Input(format!("cannot read {file}: {e}")))?;
    let mut input = BufReader::new(LineLimit {
        inner: f,
        since_newline: 0,
    });
    let delimiter = input
        .fill_buf()
        .ok()
        .and_then(|head| {
            let head = String::from_utf8_lossy(head);
            csv_delimiter(head.trim_start_matches('\u{feff}').lines().next()?)
        })
        .unwrap_or(b',');
    Ok(::csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(input))
}

/// What the CSV reader reads from: the file, line length checked.
type Input = BufReader<LineLimit<File>>;

/// The longest line read: the CSV reader holds a record whole, so one
/// endless line (a wrong file, a broken export) would fill memory.
const MAX_LINE: usize = 16 << 20;

/// A reader that fails once a line runs past [`MAX_LINE`] bytes.
struct LineLimit<R> {
    inner: R,
    since_newline: usize,
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        match memchr::memrchr(b'\n', &buf[..n]) {
            Some(i) => self.since_newline = n - i - 1,
            None => self.since_newline += n,
        }
        if self.since_newline > MAX_LINE {
            return Err(std::io::Error::other(format!(
                "a line is longer than {} MB; a CSV of messages has short lines",
                MAX_LINE >> 20
            )));
        }
        Ok(n)
    }
}

/// Milliseconds from an ISO time, or from epoch seconds or milliseconds.
fn csv_ts(cell: &str) -> Option<i64> {
    parse_iso_ms(cell).or_else(|| {
        cell.split('.')
            .next()
            .and_then(|s| s.parse::<i64>().ok())
            .and_then(|v| {
                if v.unsigned_abs() >= 100_000_000_000 {
                    in_range(v)
                } else {
                    in_range(v * 1000)
                }
            })
    })
}

/// The names a column is looked for by (lower-cased) when no flag names it.
pub(super) const TIME_NAMES: &[&str] = &[
    "ts",
    "timestamp",
    "time",
    "date",
    "datetime",
    "created_at",
    "sent_at",
];
const USER_NAMES: &[&str] = &["user", "username", "sender", "author", "user_id"];
const CHANNEL_NAMES: &[&str] = &["channel", "room", "rid", "channel_id"];

/// The columns read: the timestamp (and its name, lower-cased, for messages)
/// and the sender, if any.
struct Columns {
    time: usize,
    time_name: String,
    user: Option<usize>,
}

impl Columns {
    /// The columns named on the command line, or else the usual names.
    fn find(
        reader: &mut ::csv::Reader<Input>,
        o: &Options,
        file: &str,
    ) -> Result<Columns, ReadError> {
        let header = Header::read(reader, file)?;
        let time = header
            .find(&o.time_column, TIME_NAMES, Column::Time)?
            .ok_or_else(|| ReadError::NoTimeColumn {
                file: file.to_string(),
            })?;
        let user = header.find(&o.user_column, USER_NAMES, Column::User)?;
        // Looked up so a wrong channel column is reported; counts do not need it.
        let _channel = header.find(&o.channel_column, CHANNEL_NAMES, Column::Channel)?;
        Ok(Columns {
            time,
            time_name: header.lower[time].clone(),
            user,
        })
    }
}

/// The header line: as written (for messages), and lower-cased (for matching names).
struct Header<'f> {
    file: &'f str,
    written: Vec<String>,
    lower: Vec<String>,
}

impl<'f> Header<'f> {
    fn read(reader: &mut ::csv::Reader<Input>, file: &'f str) -> Result<Self, ReadError> {
        let written: Vec<String> = reader
            .headers()
            .map_err(|e| ReadError::Input(format!("{file}: cannot read the CSV header: {e}")))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        let lower = written.iter().map(|h| h.to_lowercase()).collect();
        Ok(Header {
            file,
            written,
            lower,
        })
    }

    /// The `column` `wanted` (given by name; an error if there is none), or
    /// else the first named one of `guesses`.
    fn find(
        &self,
        wanted: &Option<String>,
        guesses: &[&str],
        column: Column,
    ) -> Result<Option<usize>, ReadError> {
        let Some(name) = wanted else {
            return Ok(self
                .lower
                .iter()
                .position(|h| guesses.contains(&h.as_str())));
        };
        match self.lower.iter().position(|h| *h == name.to_lowercase()) {
            Some(i) => Ok(Some(i)),
            None => Err(ReadError::NoColumn {
                column,
                file: self.file.to_string(),
                name: name.clone(),
                columns: self.written.clone(),
            }),
        }
    }
}
