//! mongodump's BSON: `rocketchat_message.bson` holds the collection's
//! documents back to back, each starting with its length (int32,
//! little-endian). Each document is read with the `bson` crate's raw
//! documents, which decode only the fields asked for: the message text and
//! everything else is stepped over.

use std::io::Read;

use bson::raw::{RawBsonRef, RawDocument};

use super::chunks::{Chunk, Parsed, Records, Spares, buffer_for, read_full};
use super::record::{Batch, Id, Mode, ReadError, id_key, rocketchat_kind};
use crate::usage::time::parse_iso_ms;

/// The most bytes a stored document takes: MongoDB's 16 MiB limit, and the
/// 16 KiB more it allows its own internal documents.
pub(super) const MAX_DOCUMENT: usize = 16 * 1024 * 1024 + 16 * 1024;

/// How BSON documents back to back are parsed and split.
pub(super) const DOCUMENTS: Records = Records {
    parse: parse_documents,
    boundary: document_boundary,
    unit: Some("document"),
};

/// The length the document at the start of `bytes` declares, if four bytes are there.
pub(super) fn declared_len(bytes: &[u8]) -> Option<usize> {
    let len = bytes.get(..4)?;
    Some(u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize)
}

/// Whether a declared length can be that of a document (5 bytes at least:
/// the length and the closing zero).
pub(super) fn plausible_len(len: usize) -> bool {
    (5..=MAX_DOCUMENT).contains(&len)
}

/// Parses whole documents back to back; bad ones are numbered from 1.
fn parse_documents(data: &[u8], mode: Mode) -> Parsed {
    let mut batch = Batch::of_bytes(0);
    let mut bad = Vec::new();
    let mut number = 0u64;
    let mut at = 0;
    while let Some(len) = declared_len(&data[at..]) {
        number += 1;
        if let Err(why) = message(&data[at..at + len], mode.keys, &mut batch) {
            bad.push((number, why));
            if mode.strict {
                break;
            }
        }
        at += len;
    }
    (batch, bad, number)
}

/// The end of the document that holds byte `at` (a split point between documents).
fn document_boundary(data: &[u8], at: usize) -> usize {
    let mut end = 0;
    while end < at {
        match declared_len(&data[end..]) {
            Some(len) => end += len,
            None => return data.len(),
        }
    }
    end
}

/// One `rocketchat_message` document: counted by the same rules as a
/// mongoexport line.
pub(super) fn message(bytes: &[u8], keys: bool, batch: &mut Batch) -> Result<(), String> {
    let doc = RawDocument::from_bytes(bytes).map_err(|e| format!("not a BSON document ({e})"))?;
    let mut ts = None;
    let (mut t, mut user, mut key) = (None, None, None);
    let (mut hidden, mut bot) = (false, false);
    for element in doc.iter_elements() {
        let element = element.map_err(|e| format!("a broken field ({e})"))?;
        let value = || element.value().map_err(|e| format!("a broken field ({e})"));
        match element.key().as_str() {
            "_id" if keys => key = Some(bson_id_key(value()?)),
            "ts" => ts = Some(date(value()?)?),
            "t" => t = value()?.as_str(),
            "u" => {
                user = value()?
                    .as_document()
                    .and_then(|u| u.get_str("username").ok())
            }
            "_hidden" => hidden = value()?.as_bool() == Some(true),
            "bot" => bot = !matches!(value()?, RawBsonRef::Null | RawBsonRef::Boolean(false)),
            _ => {}
        }
    }
    let ts = ts.ok_or("no `ts` field")?;
    if hidden {
        return Ok(()); // an earlier version of an edited message
    }
    batch.push(ts, user, rocketchat_kind(t.map(str::as_bytes), bot), key);
    Ok(())
}

/// Milliseconds since 1970 from a BSON date, or from an ISO string (as some
/// imports store it).
fn date(value: RawBsonRef<'_>) -> Result<i64, String> {
    match value {
        RawBsonRef::DateTime(d) => Ok(d.timestamp_millis()),
        RawBsonRef::String(s) => parse_iso_ms(s).ok_or_else(|| format!("`ts` {s:?} is not a date")),
        other => Err(format!(
            "`ts` is a BSON {:?}, not a date",
            other.element_type()
        )),
    }
}

/// The key of an `_id` by its value, so a string or an ObjectId matches the
/// same id in a mongoexport.
fn bson_id_key(value: RawBsonRef<'_>) -> u64 {
    match value {
        RawBsonRef::String(s) => id_key(Id::Text(s.as_bytes())),
        RawBsonRef::ObjectId(oid) => id_key(Id::ObjectId(oid.bytes())),
        RawBsonRef::Int32(n) => id_key(Id::Int(i64::from(n))),
        RawBsonRef::Int64(n) => id_key(Id::Int(n)),
        other => id_key(Id::Other(format!("{other:?}").as_bytes())),
    }
}

/// Chunks of whole documents from `input`; `read_so_far` tells how many
/// bytes of the file have been read (for the progress bar). A damaged length
/// stops reading with an error that says where; a last document the input
/// ends inside is a malformed record.
pub(super) fn document_chunks<'a>(
    input: &'a mut dyn Read,
    read_so_far: &'a dyn Fn() -> u64,
    file: &'a str,
) -> impl FnMut(&mut Spares) -> Result<Option<Chunk>, ReadError> + 'a {
    // What the last chunk left of a document.
    let mut carry: Vec<u8> = Vec::new();
    let mut done = false;
    let (mut counted, mut documents, mut offset) = (0u64, 0u64, 0u64);
    move |spares| {
        if done {
            return Ok(None);
        }
        let mut buf = buffer_for(spares, &carry);
        let mut filled = carry.len();
        let cut = loop {
            let start = filled;
            filled += read_full(input, &mut buf[start..], file)?;
            done = filled < buf.len();
            let cut = whole_documents(&buf[..filled])
                .map_err(|(at, len, n)| damaged(file, documents + n, offset + at as u64, len))?;
            if done || cut.end > 0 {
                break cut;
            }
            // A document longer than the buffer: make room for it.
            buf.resize(cut.next_len.max(filled), 0);
        };
        documents += cut.count;
        offset += cut.end as u64;
        let rest = &buf[cut.end..filled];
        let cut_off = (done && !rest.is_empty()).then(|| cut_off(rest));
        carry.clear();
        carry.extend_from_slice(rest);
        let total = read_so_far();
        Ok(Some(Chunk {
            data: buf,
            len: cut.end,
            input_bytes: total - std::mem::replace(&mut counted, total),
            cut_off,
        }))
    }
}

/// Where the whole documents at the start of a buffer end.
struct Cut {
    end: usize,
    count: u64,
    /// The declared length of the document after them (0 if not known yet).
    next_len: usize,
}

/// The whole documents at the start of `data`, or the offset, length and
/// number (from 1) of one whose declared length no document can have.
fn whole_documents(data: &[u8]) -> Result<Cut, (usize, usize, u64)> {
    let (mut end, mut count) = (0, 0);
    while let Some(len) = declared_len(&data[end..]) {
        if !plausible_len(len) {
            return Err((end, len, count + 1));
        }
        if end + len > data.len() {
            return Ok(Cut {
                end,
                count,
                next_len: len,
            });
        }
        end += len;
        count += 1;
    }
    Ok(Cut {
        end,
        count,
        next_len: 0,
    })
}

fn damaged(file: &str, number: u64, offset: u64, len: usize) -> ReadError {
    ReadError::Input(format!(
        "{file}: document {number} (at byte {offset}) declares a length of {len} bytes, which no \
         BSON document has: the file is damaged from there on (the documents before it were read; \
         a damaged dump cannot be read past that point)"
    ))
}

/// Why the bytes an input ends with are not a document.
fn cut_off(rest: &[u8]) -> String {
    match declared_len(rest) {
        Some(len) => format!(
            "the file ends inside it ({} of its {len} bytes; cut off?)",
            rest.len()
        ),
        None => format!("the file ends with {} stray byte(s) (cut off?)", rest.len()),
    }
}
