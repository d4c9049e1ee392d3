//! mongodump's BSON: `rocketchat_message.bson` holds the collection's
//! documents back to back, each starting with its length (int32,
//! little-endian). Each document's fields are walked by hand: the few usage
//! needs are read, the message text and everything else stepped over. (The
//! `bson` crate reads mongodump's archive headers, where speed does not matter.)

use std::io::Read;

use super::chunks::{Bytes, Chunk, Parsed, Records, Spares, buffer_for, read_full};
use super::record::{Batch, Id, Mode, ReadError, id_key, rocketchat_kind};
use crate::usage::time::{in_range, parse_iso_bytes};

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
/// mongoexport line. Its fields are walked by hand ([`Elements`]): the `bson`
/// crate checks every key as UTF-8 and took half the time of a run.
pub(super) fn message(bytes: &[u8], keys: bool, batch: &mut Batch) -> Result<(), String> {
    let mut ts = None;
    let (mut t, mut user, mut key) = (None, None, None);
    let (mut hidden, mut bot) = (false, false);
    for element in Elements::of(bytes)? {
        let (name, kind, value) = element?;
        match name {
            b"_id" if keys => key = Some(bson_id_key(kind, value)),
            b"ts" => ts = Some(date(kind, value)?),
            b"t" => t = string(kind, value),
            b"u" if kind == EMBEDDED => user = username(value)?,
            b"_hidden" => hidden = kind == BOOLEAN && value == [1],
            b"bot" => bot = !(kind == NULL || kind == BOOLEAN && value == [0]),
            _ => {}
        }
    }
    let ts = ts.ok_or("no `ts` field")?;
    if hidden {
        return Ok(()); // an earlier version of an edited message
    }
    batch.push_bytes(ts, user, rocketchat_kind(t, bot), key);
    Ok(())
}

// The element types read here (bsonspec.org).
const DOUBLE: u8 = 0x01;
const STRING: u8 = 0x02;
const EMBEDDED: u8 = 0x03;
const OBJECT_ID: u8 = 0x07;
const BOOLEAN: u8 = 0x08;
const DATETIME: u8 = 0x09;
const NULL: u8 = 0x0a;
const INT32: u8 = 0x10;
const INT64: u8 = 0x12;

/// The elements of one document: (name, type, value bytes), each checked to
/// lie within the document.
struct Elements<'a> {
    doc: &'a [u8],
    at: usize,
}

impl<'a> Elements<'a> {
    fn of(doc: &'a [u8]) -> Result<Self, String> {
        let fits = declared_len(doc) == Some(doc.len()) && doc.len() >= 5;
        if !fits || doc[doc.len() - 1] != 0 {
            return Err("not a BSON document (its length or closing zero is wrong)".into());
        }
        Ok(Elements { doc, at: 4 })
    }

    fn element(&mut self) -> Result<(&'a [u8], u8, &'a [u8]), String> {
        let doc = self.doc;
        let broken = |why: &str| format!("a broken field at byte {} ({why})", self.at);
        let kind = doc[self.at];
        let name_at = self.at + 1;
        let name_len =
            memchr::memchr(0, &doc[name_at..]).ok_or_else(|| broken("no end to its name"))?;
        let value_at = name_at + name_len + 1;
        let rest = &doc[value_at.min(doc.len())..];
        let len = value_len(kind, rest).ok_or_else(|| broken(&format!("type {kind:#04x}")))?;
        if len > rest.len() {
            return Err(broken("it runs past the end of the document"));
        }
        self.at = value_at + len;
        Ok((&doc[name_at..name_at + name_len], kind, &rest[..len]))
    }
}

impl<'a> Iterator for Elements<'a> {
    type Item = Result<(&'a [u8], u8, &'a [u8]), String>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.at >= self.doc.len() - 1 {
            return None;
        }
        let element = self.element();
        if element.is_err() {
            self.at = self.doc.len(); // nothing after a broken field can be read
        }
        Some(element)
    }
}

/// The bytes of a value of type `kind` at the start of `rest` (`None`: an
/// unknown type or a length no value can have).
fn value_len(kind: u8, rest: &[u8]) -> Option<usize> {
    let int = |at: usize| -> Option<usize> {
        let n = i32::from_le_bytes(rest.get(at..at + 4)?.try_into().ok()?);
        usize::try_from(n).ok()
    };
    let cstring = |at: usize| Some(memchr::memchr(0, rest.get(at..)?)? + 1);
    Some(match kind {
        NULL | 0x06 | 0x7f | 0xff => 0,
        BOOLEAN => 1,
        INT32 => 4,
        DOUBLE | DATETIME | 0x11 | INT64 => 8,
        OBJECT_ID => 12,
        0x13 => 16,
        // string, JavaScript, symbol: a length, then that many bytes (the last zero)
        STRING | 0x0d | 0x0e => 4 + int(0).filter(|&n| n >= 1)?,
        // document, array, code with scope: a length that counts itself
        EMBEDDED | 0x04 | 0x0f => int(0).filter(|&n| n >= 5)?,
        0x05 => 5 + int(0)?,
        0x0b => {
            let pattern = cstring(0)?;
            pattern + cstring(pattern)?
        }
        0x0c => 4 + int(0).filter(|&n| n >= 1)? + 12,
        _ => return None,
    })
}

/// A string value's bytes (without its length and closing zero).
fn string(kind: u8, value: &[u8]) -> Option<&[u8]> {
    (kind == STRING && value.len() >= 5).then(|| &value[4..value.len() - 1])
}

/// `username` of the embedded `u` document.
fn username(u: &[u8]) -> Result<Option<&[u8]>, String> {
    for element in Elements::of(u)? {
        let (name, kind, value) = element?;
        if name == b"username" {
            return Ok(string(kind, value));
        }
    }
    Ok(None)
}

/// Milliseconds since 1970 from a BSON date, or from an ISO string (as some
/// imports store it). A date outside the years 0000 to 9999 is not taken (as
/// in a mongoexport): it would stretch the periods counted over millions of years.
fn date(kind: u8, value: &[u8]) -> Result<i64, String> {
    match kind {
        DATETIME => {
            let ms = i64::from_le_bytes(value.try_into().expect("8 bytes"));
            in_range(ms).ok_or_else(|| {
                format!("`ts` {ms} ms since 1970 is not a date in the years 0000 to 9999")
            })
        }
        STRING => {
            let text = string(kind, value).unwrap_or_default();
            parse_iso_bytes(text)
                .ok_or_else(|| format!("`ts` {:?} is not a date", String::from_utf8_lossy(text)))
        }
        other => Err(format!("`ts` is of BSON type {other:#04x}, not a date")),
    }
}

/// The key of an `_id` by its value, so a string or an ObjectId matches the
/// same id in a mongoexport.
fn bson_id_key(kind: u8, value: &[u8]) -> u64 {
    let id = match kind {
        STRING => string(kind, value).map_or(Id::Other(value), Id::Text),
        OBJECT_ID => Id::Oid(value.try_into().expect("12 bytes")),
        INT32 => Id::Int(i64::from(i32::from_le_bytes(
            value.try_into().expect("4 bytes"),
        ))),
        INT64 => Id::Int(i64::from_le_bytes(value.try_into().expect("8 bytes"))),
        _ => Id::Other(value),
    };
    id_key(id)
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
        let mut buf = buffer_for(spares, &carry, counted);
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
            data: Bytes::Owned(buf),
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

#[cfg(test)]
mod tests {
    use super::*;
    use bson::{RawBson, rawdoc};

    /// A document with a field of every BSON type before the ones read: each
    /// must be stepped over by its right length for `ts` and `u` to be found.
    #[test]
    fn every_type_is_stepped_over() {
        let regex = bson::Regex {
            pattern: "^a.*".to_string().try_into().unwrap(),
            options: "i".to_string().try_into().unwrap(),
        };
        let code = bson::raw::RawJavaScriptCodeWithScope {
            code: "f()".into(),
            scope: rawdoc! { "x": 1 },
        };
        let binary = bson::Binary {
            subtype: bson::spec::BinarySubtype::Generic,
            bytes: vec![1, 2, 3],
        };
        let doc = rawdoc! {
            "double": 1.5, "text": "héllo", "doc": { "a": [1, "b"] }, "array": [1, 2],
            "binary": binary, "undefined": RawBson::Undefined,
            "oid": bson::oid::ObjectId::parse_str("57ae2b3c1d41c8a1b2c3d4e5").unwrap(),
            "flag": false, "null": RawBson::Null, "regex": RawBson::RegularExpression(regex),
            "js": RawBson::JavaScriptCode("1+1".into()), "symbol": RawBson::Symbol("s".into()),
            "scoped": RawBson::JavaScriptCodeWithScope(code), "int": 7,
            "stamp": bson::Timestamp { time: 1, increment: 2 }, "long": 8i64,
            "decimal": bson::Decimal128::from_bytes([0; 16]),
            "min": RawBson::MinKey, "max": RawBson::MaxKey,
            "_id": 42i64, "ts": bson::DateTime::from_millis(1_471_030_200_000),
            "u": { "_id": "a", "username": "alice" }, "t": "e2e", "bot": false,
        };
        let mut batch = Batch::default();
        message(doc.as_bytes(), true, &mut batch).unwrap();
        assert_eq!(batch.messages.len(), 1);
        let m = batch.messages[0];
        assert_eq!(m.ts_ms, 1_471_030_200_000);
        assert_eq!(m.kind, crate::usage::read::Kind::User);
        assert_eq!(batch.users, ["alice"]);
        assert_eq!(m.key, Some(id_key(Id::Int(42))));
    }

    #[test]
    fn broken_documents_say_what_is_wrong() {
        let mut batch = Batch::default();
        let doc = rawdoc! { "_id": "m1", "msg": "hi" };
        let mut bytes = doc.into_bytes();
        assert_eq!(
            message(&bytes, true, &mut batch),
            Err("no `ts` field".into())
        );
        // The string's length now runs past the end of the document.
        let at = bytes.len() - 8;
        bytes[at] = 0x7f;
        assert!(
            message(&bytes, true, &mut batch)
                .unwrap_err()
                .contains("runs past the end of the document")
        );
        let last = bytes.len() - 1;
        bytes[last] = 1;
        assert!(
            message(&bytes, true, &mut batch)
                .unwrap_err()
                .contains("closing zero")
        );
        // Found by the fuzzer: a date 292 million years out laid out billions of days.
        let doc = rawdoc! { "ts": bson::DateTime::from_millis(i64::MAX) };
        assert_eq!(
            message(doc.as_bytes(), true, &mut batch),
            Err(
                "`ts` 9223372036854775807 ms since 1970 is not a date in the years 0000 to 9999"
                    .into()
            )
        );
        let doc = rawdoc! { "ts": 5 };
        assert_eq!(
            message(doc.as_bytes(), true, &mut batch),
            Err("`ts` is of BSON type 0x10, not a date".into())
        );
        assert!(batch.messages.is_empty());
    }
}
