//! A CSV with a timestamp column and optional user and channel columns.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use super::{Batch, Kind, Malformed, Options, ReadError};
use crate::usage::time::parse_iso_ms;

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

pub(super) fn read_csv(
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
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(input);
    // As written (for messages), and lower-cased (for matching names).
    let written: Vec<String> = reader
        .headers()
        .map_err(|e| ReadError::Input(format!("{file}: cannot read the CSV header: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let headers: Vec<String> = written.iter().map(|h| h.to_lowercase()).collect();
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
                        written.join(", ")
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
    let mut record = ::csv::StringRecord::new();
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
