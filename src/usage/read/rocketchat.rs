//! Rocket.Chat: `mongoexport` of `rocketchat_message` (one document per line,
//! or the `--jsonArray` form) and Rocket.Chat's own JSON room export.

use std::borrow::Cow;
use std::io::BufReader;
use std::path::Path;

use serde::Deserialize;
use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::chunks::{Out, Records, line_boundary, line_chunks, mapped_line_chunks, parse_all};
use super::input;
use super::record::{Batch, Id, Malformed, Mode, ReadError, id_key, rocketchat_kind};
use crate::usage::time::{in_range, parse_iso_bytes};

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
/// and a plain ISO string. Read by hand, as bytes: this runs once per message.
fn rc_date(raw: &[u8], dates: &mut Dates) -> Result<i64, String> {
    let text = raw.trim_ascii();
    // Nearly every date of a mongoexport: {"$date":"…Z"}.
    if let Some(ms) = text
        .strip_prefix(br#"{"$date":""#)
        .and_then(|t| t.strip_suffix(br#""}"#))
        .and_then(|iso| dates.utc(iso))
    {
        return Ok(ms);
    }
    let bad = || format!("`ts` {} is not a date", String::from_utf8_lossy(text));
    /// What a string that starts `value` holds, up to its closing quote.
    fn quoted(value: &[u8]) -> Option<&[u8]> {
        let inner = value.strip_prefix(b"\"")?;
        Some(&inner[..memchr::memchr(b'"', inner)?])
    }
    if text.first() == Some(&b'"') {
        return quoted(text).and_then(parse_iso_bytes).ok_or_else(bad);
    }
    /// What follows `prefix` (white space around it skipped).
    fn after<'a>(rest: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
        Some(
            rest.trim_ascii_start()
                .strip_prefix(prefix)?
                .trim_ascii_start(),
        )
    }
    let rest = after(text, b"{").ok_or_else(bad)?;
    let rest = after(rest, b"\"$date\"").ok_or_else(bad)?;
    let value = after(rest, b":").ok_or_else(bad)?;
    match value.first() {
        Some(b'"') => quoted(value).and_then(parse_iso_bytes).ok_or_else(bad),
        Some(b'{') => {
            let inner = after(&value[1..], b"\"$numberLong\"").ok_or_else(bad)?;
            let inner = after(inner, b":").ok_or_else(bad)?;
            quoted(inner).and_then(number).ok_or_else(bad)
        }
        Some(b'-' | b'0'..=b'9') => {
            let end = value
                .iter()
                .position(|c| !(c.is_ascii_digit() || *c == b'-'))
                .unwrap_or(value.len());
            number(&value[..end]).ok_or_else(bad)
        }
        _ => Err(bad()),
    }
}

/// Reads the dates mongoexport writes, `2016-08-12T19:30:00.000Z` (or with
/// no fraction), at their fixed places, the day worked out once for a run of
/// messages on one date (an export comes in date order). Any other form is
/// left to `parse_iso_bytes`.
struct Dates {
    date: [u8; 10],
    days: i64,
}

impl Dates {
    fn new() -> Self {
        Dates {
            date: [0; 10],
            days: 0,
        }
    }

    fn utc(&mut self, iso: &[u8]) -> Option<i64> {
        let (date, time) = iso.split_at_checked(10)?;
        let millis = match time {
            [b'T', _, _, b':', _, _, b':', _, _, b'Z'] => 0,
            [b'T', _, _, b':', _, _, b':', _, _, b'.', a, b, c, b'Z'] => {
                i64::from(digit(*a)?) * 100 + i64::from(digit(*b)?) * 10 + i64::from(digit(*c)?)
            }
            _ => return None,
        };
        let two =
            |at: usize| Some(i64::from(digit(time[at])?) * 10 + i64::from(digit(time[at + 1])?));
        let (hour, minute, second) = (two(1)?, two(4)?, two(7)?);
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        if date != self.date {
            self.days = civil_days(date)?;
            self.date.copy_from_slice(date);
        }
        Some(((self.days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis)
    }
}

fn digit(c: u8) -> Option<u8> {
    c.is_ascii_digit().then(|| c - b'0')
}

/// Days since 1970 of `YYYY-MM-DD`.
fn civil_days(date: &[u8]) -> Option<i64> {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *date else {
        return None;
    };
    let number = |ds: &[u8]| {
        ds.iter()
            .try_fold(0i64, |n, &c| Some(n * 10 + i64::from(digit(c)?)))
    };
    let (year, month, day) = (
        number(&[y1, y2, y3, y4])?,
        number(&[m1, m2])?,
        number(&[d1, d2])?,
    );
    let valid = (1..=12).contains(&month) && (1..=31).contains(&day);
    valid.then(|| crate::units::date::days_from_civil(year, month, day))
}

/// An integer written in ASCII digits.
fn number(digits: &[u8]) -> Option<i64> {
    std::str::from_utf8(digits)
        .ok()?
        .parse()
        .ok()
        .and_then(in_range)
}

/// What a JSON string slice (quotes included) holds, as bytes: borrowed
/// unless it has escapes. `None` if it is not a string.
fn string_bytes(raw: &[u8]) -> Option<Cow<'_, [u8]>> {
    let inner = raw.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    if !inner.contains(&b'\\') {
        return Some(Cow::Borrowed(inner));
    }
    crate::usage::scan::text(raw).map(|t| Cow::Owned(t.into_owned().into_bytes()))
}

fn rc_line(line: &[u8], keys: bool, dates: &mut Dates, batch: &mut Batch) -> Result<(), String> {
    let f = crate::usage::scan::fields(line)?;
    let ts = rc_date(f.ts.ok_or("no `ts` field")?, dates)?;
    if f.hidden {
        return Ok(()); // an earlier version of an edited message
    }
    let t = f.t.or(f.kind).and_then(string_bytes);
    let user = f.username.and_then(string_bytes);
    let key = f.id.filter(|_| keys).map(json_id_key);
    let kind = rocketchat_kind(t.as_deref(), f.bot);
    batch.push_bytes(ts, user.as_deref(), kind, key);
    Ok(())
}

fn rc_doc(doc: RcDoc<'_>, batch: &mut Batch) -> Result<(), String> {
    let ts = rc_date(
        doc.ts.ok_or("no `ts` field")?.get().as_bytes(),
        &mut Dates::new(),
    )?;
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
    let key = doc.id.map(|id| json_id_key(id.get().as_bytes()));
    batch.push(ts, user, rocketchat_kind(t.map(str::as_bytes), bot), key);
    Ok(())
}

/// The key of a JSON `_id` by the value it holds: `"…"`, `{"$oid":"…"}`,
/// `{"$numberLong":"…"}`, `{"$numberInt":"…"}` or a number, as a BSON dump's
/// `_id` of the same value is keyed.
fn json_id_key(raw: &[u8]) -> u64 {
    use crate::usage::scan::{object, text};
    let id = match raw.first() {
        Some(b'"') => match text(raw) {
            Some(t) => return id_key(Id::Text(t.as_bytes())),
            None => Id::Other(raw),
        },
        Some(b'{') => match object(raw).ok().as_deref() {
            Some([(b"$oid", hex)]) => text(hex)
                .and_then(|h| object_id(&h))
                .map_or(Id::Other(raw), Id::Oid),
            Some([(b"$numberLong" | b"$numberInt", n)]) => text(n)
                .and_then(|n| n.parse().ok())
                .map_or(Id::Other(raw), Id::Int),
            _ => Id::Other(raw),
        },
        _ => std::str::from_utf8(raw)
            .ok()
            .and_then(|n| n.parse().ok())
            .map_or(Id::Other(raw), Id::Int),
    };
    id_key(id)
}

/// The 12 bytes of an ObjectId written as 24 hex digits.
fn object_id(hex: &str) -> Option<[u8; 12]> {
    let hex = hex.as_bytes();
    if hex.len() != 24 {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut bytes = [0u8; 12];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = digit(hex[2 * i])? << 4 | digit(hex[2 * i + 1])?;
    }
    Some(bytes)
}

/// Parses the lines of `data`. Bad lines are returned with their line number
/// counted from 1 at the start of `data`; with `strict`, parsing stops at the first.
/// Also returns how many lines `data` holds.
fn rc_lines(data: &[u8], mode: Mode) -> (Batch, Vec<(u64, String)>, u64) {
    let mut batch = Batch::of_bytes(data.len() as u64);
    // A mongoexport line takes a couple of hundred bytes.
    batch.messages.reserve(data.len() / 160);
    let mut bad = Vec::new();
    let mut dates = Dates::new();
    let mut line_no = 0u64;
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', data).chain(std::iter::once(data.len()));
    for end in ends {
        let line = &data[start..end];
        start = end + 1;
        line_no += 1;
        let trimmed = line.strip_suffix(b"\r").unwrap_or(line);
        if !trimmed.iter().all(u8::is_ascii_whitespace)
            && let Err(why) = rc_line(trimmed, mode.keys, &mut dates, &mut batch)
        {
            bad.push((line_no, why));
            if mode.strict {
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

/// How mongoexport lines are parsed and split.
const LINES: Records = Records {
    parse: rc_lines,
    boundary: line_boundary,
    unit: None,
};

/// A Rocket.Chat file (gzip'ed if `gzip`): a `--jsonArray` export when it
/// starts with `[`, else one document per line.
pub(super) fn read_rocketchat(
    path: &Path,
    gzip: bool,
    mode: Mode,
    bad: &mut Vec<Malformed>,
    sink: &mut dyn FnMut(Batch),
) -> Result<(), ReadError> {
    let file = path.display().to_string();
    let array = first_char(&input::head(path, gzip, 64)?) == Some('[');
    let mut opened = input::open(path, gzip)?;
    let mut out = Out {
        file,
        mode,
        bad,
        sink,
    };
    if array {
        return read_array(opened, out);
    }
    if let Some(map) = input::map(path, gzip) {
        return parse_all(LINES, &mut mapped_line_chunks(map), &mut out);
    }
    let count = std::rc::Rc::clone(&opened.read_so_far);
    let read_so_far = move || count.get();
    let file = out.file.clone();
    let mut next = line_chunks(&mut opened.reader, &read_so_far, &file);
    parse_all(LINES, &mut next, &mut out)
}

/// The first character after white space.
fn first_char(head: &[u8]) -> Option<char> {
    String::from_utf8_lossy(head).trim_start().chars().next()
}

/// A `--jsonArray` export: one JSON array, read element by element.
fn read_array(mut opened: input::Opened, out: Out<'_>) -> Result<(), ReadError> {
    let mut elements = Elements {
        batch: Batch::default(),
        out,
        index: 0,
        failed: None,
    };
    let mut de = serde_json::Deserializer::from_reader(BufReader::with_capacity(
        1 << 20,
        &mut *opened.reader,
    ));
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
    last.bytes = opened.bytes();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_date_reader_agrees_with_the_general_one() {
        let forms = [
            "2016-08-12T19:30:00.000Z",
            "2016-08-12T19:30:00Z",
            "2016-08-12T19:30:59.999Z",
            "1969-12-31T23:59:59.999Z",
            "2016-02-29T00:00:00.001Z",
            "2016-13-12T19:30:00.000Z",
            "2016-08-32T19:30:00.000Z",
            "2016-08-12T24:30:00.000Z",
            "2016-08-12T19:60:00.000Z",
            "2016-08-12T19:30:00.0a0Z",
            "2016-0x-12T19:30:00.000Z",
            "2016/08/12T19:30:00.000Z",
        ];
        let mut dates = Dates::new();
        for form in forms {
            let quick = dates.utc(form.as_bytes());
            assert_eq!(quick, parse_iso_bytes(form.as_bytes()), "{form}");
            // Through the cache a second time.
            assert_eq!(dates.utc(form.as_bytes()), quick, "{form}");
        }
        // Forms the quick reader leaves to the general one.
        for form in ["2016-08-12T19:30:00.5Z", "2016-08-12T21:30:00.000+02:00"] {
            assert_eq!(dates.utc(form.as_bytes()), None, "{form}");
            let wrapped = format!("{{\"$date\":\"{form}\"}}");
            assert_eq!(
                rc_date(wrapped.as_bytes(), &mut dates).ok(),
                parse_iso_bytes(form.as_bytes())
            );
        }
    }
}
