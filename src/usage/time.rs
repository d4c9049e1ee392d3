//! Timestamps as chat exports write them, parsed by hand (this is the hot
//! path: one call per message), and days since 1970 for bucketing.

/// Milliseconds since 1970-01-01T00:00:00Z from an ISO-8601 / RFC 3339 time:
/// `2016-08-12T19:30:00.000Z`, `…+0000`, `…+02:00`, with or without
/// fractions, `T` or a space between date and time; as spreadsheets write
/// it, the seconds may be left out (`2016-08-12 19:30`, `…19:30+02:00`). A
/// time with no zone is taken as UTC.
pub fn parse_iso_ms(text: &str) -> Option<i64> {
    parse_iso_bytes(text.as_bytes())
}

/// [`parse_iso_ms`] of text as bytes (a JSON export's, not yet checked as UTF-8).
pub fn parse_iso_bytes(b: &[u8]) -> Option<i64> {
    if b.len() < 16 {
        return None;
    }
    if b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b' ') || b[13] != b':' {
        return None;
    }
    let (year, month, day) = (digits(b, 0, 4)?, digits(b, 5, 2)?, digits(b, 8, 2)?);
    let (hour, minute) = (digits(b, 11, 2)?, digits(b, 14, 2)?);
    let (second, after) = if b.get(16) == Some(&b':') {
        (digits(b, 17, 2)?, 19)
    } else {
        (0, 16)
    };
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let (millis, zone) = if after == 19 {
        fraction_ms(b, 19)
    } else {
        (0, 16)
    };
    let offset_min = offset_minutes(b, zone)?;
    let days = crate::units::date::days_from_civil(year, month, day);
    Some(((days * 24 + hour) * 60 + minute - offset_min) * 60_000 + second * 1000 + millis)
}

/// Milliseconds since 1970 from `text` read with a chrono strftime `format`
/// (`--time-format`, e.g. `%d/%m/%Y %H:%M`): with a zone if the format has
/// one (`%z`), else as a UTC time, else (a format of only a date) as UTC
/// midnight. `None` when the text does not match the format.
pub fn parse_with_format(text: &str, format: &str) -> Option<i64> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime};
    if let Ok(t) = DateTime::parse_from_str(text, format) {
        return in_range(t.timestamp_millis());
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
        return in_range(t.and_utc().timestamp_millis());
    }
    NaiveDate::parse_from_str(text, format)
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|t| in_range(t.and_utc().timestamp_millis()))
}

/// Whether `format` is a strftime format chrono can read with (for checking
/// `--time-format` before any input is read).
pub fn valid_format(format: &str) -> bool {
    use chrono::format::{Item, StrftimeItems};
    !format.is_empty() && !StrftimeItems::new(format).any(|i| matches!(i, Item::Error))
}

/// The number written in `len` ASCII digits from `from` (`None`: not all digits).
#[inline]
fn digits(b: &[u8], from: usize, len: usize) -> Option<i64> {
    let mut v = 0i64;
    for &c in b.get(from..from + len)? {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + i64::from(c - b'0');
    }
    Some(v)
}

/// Milliseconds from the fraction of a second that may start at `i` (`.5`,
/// `.500`, `.500123`: digits past the third are dropped), and where it ends.
#[inline]
fn fraction_ms(b: &[u8], mut i: usize) -> (i64, usize) {
    let mut millis = 0i64;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            if i - start < 3 {
                millis = millis * 10 + i64::from(b[i] - b'0');
            }
            i += 1;
        }
        for _ in (i - start).min(3)..3 {
            millis *= 10;
        }
    }
    (millis, i)
}

/// The zone's offset from UTC in minutes, from `i` on: nothing (taken as
/// UTC), `Z`, `+hh:mm` or `+hhmm`.
#[inline]
fn offset_minutes(b: &[u8], i: usize) -> Option<i64> {
    match b.get(i) {
        None => Some(0), // no zone: taken as UTC
        Some(b'Z') | Some(b'z') => Some(0),
        Some(&sign @ (b'+' | b'-')) => {
            let hh = digits(b, i + 1, 2)?;
            let mm = if b.get(i + 3) == Some(&b':') {
                digits(b, i + 4, 2)?
            } else {
                digits(b, i + 3, 2)?
            };
            let m = hh * 60 + mm;
            Some(if sign == b'-' { -m } else { m })
        }
        _ => None,
    }
}

/// Slack's `ts`: `"1471030200.000200"` (seconds, then a uniqueness suffix).
pub fn parse_slack_ts(text: &str) -> Option<i64> {
    let secs = text.split('.').next()?;
    secs.parse::<i64>()
        .ok()
        .and_then(|s| s.checked_mul(1000))
        .and_then(in_range)
}

/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z in milliseconds since 1970.
const FIRST_MS: i64 = -62_167_219_200_000;
const LAST_MS: i64 = 253_402_300_799_999;

/// The moment when it lies in the years an ISO date can write (0000 to 9999),
/// the moments every reader accepts: an epoch number far beyond them is not a
/// date, and would stretch the periods counted over millions of years.
pub fn in_range(ms: i64) -> Option<i64> {
    (FIRST_MS..=LAST_MS).contains(&ms).then_some(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: i64 = 1_471_030_200_000; // 2016-08-12T19:30:00Z

    #[test]
    fn every_iso_form() {
        assert_eq!(parse_iso_ms("2016-08-12T19:30:00.000Z"), Some(MS));
        assert_eq!(parse_iso_ms("2016-08-12T19:30:00Z"), Some(MS));
        assert_eq!(parse_iso_ms("2016-08-12T19:30:00.000+0000"), Some(MS));
        assert_eq!(parse_iso_ms("2016-08-12T21:30:00.000+02:00"), Some(MS));
        assert_eq!(parse_iso_ms("2016-08-12T14:30:00-0500"), Some(MS));
        assert_eq!(parse_iso_ms("2016-08-12 19:30:00"), Some(MS));
        assert_eq!(parse_iso_ms("2016-08-12T19:30:00.5Z"), Some(MS + 500));
        assert_eq!(parse_iso_ms("1969-12-31T23:59:59.999Z"), Some(-1));
        assert_eq!(parse_iso_ms("2016-13-12T19:30:00Z"), None);
        assert_eq!(parse_iso_ms("yesterday"), None);
    }

    #[test]
    fn spreadsheet_forms() {
        // 2024-01-02 is day 19724 since 1970: 19724 * 86_400_000 = 1_704_153_600_000,
        // plus 11 h = 39_600_000.
        const ELEVEN: i64 = 1_704_193_200_000;
        assert_eq!(parse_iso_ms("2024-01-02 11:00"), Some(ELEVEN));
        assert_eq!(parse_iso_ms("2024-01-02T11:00"), Some(ELEVEN));
        assert_eq!(parse_iso_ms("2024-01-02 11:00:00"), Some(ELEVEN));
        assert_eq!(parse_iso_ms("2024-01-02 11:00:30"), Some(ELEVEN + 30_000));
        assert_eq!(
            parse_iso_ms("2024-01-02 11:00:30.25"),
            Some(ELEVEN + 30_250)
        );
        assert_eq!(parse_iso_ms("2024-01-02 11:00Z"), Some(ELEVEN));
        assert_eq!(parse_iso_ms("2024-01-02 11:00:00Z"), Some(ELEVEN));
        // 13:00 at +02:00 is 11:00 UTC; 05:30 at -0530 is 11:00 UTC.
        assert_eq!(parse_iso_ms("2024-01-02 13:00+02:00"), Some(ELEVEN));
        assert_eq!(parse_iso_ms("2024-01-02 13:00+0200"), Some(ELEVEN));
        assert_eq!(parse_iso_ms("2024-01-02 05:30-0530"), Some(ELEVEN));
        assert_eq!(parse_iso_ms("2024-01-02 13:00:00+02:00"), Some(ELEVEN));
        // 01:00 at +02:00 is the day before, 23:00 UTC.
        assert_eq!(
            parse_iso_ms("2024-01-02 01:00+02:00"),
            Some(1_704_153_600_000 - 3_600_000)
        );
        assert_eq!(parse_iso_ms("2024-01-02 11"), None);
        assert_eq!(parse_iso_ms("2024-01-02 11:0"), None);
        assert_eq!(parse_iso_ms("2024-01-02 11:00 x"), None);
        assert_eq!(parse_iso_ms("2024-01-02 24:00"), None);
        assert_eq!(parse_iso_ms("2024-01-02 11:00+2"), None);
    }

    #[test]
    fn with_a_format() {
        const ELEVEN: i64 = 1_704_193_200_000; // 2024-01-02 11:00 UTC
        assert_eq!(
            parse_with_format("02/01/2024 11:00", "%d/%m/%Y %H:%M"),
            Some(ELEVEN)
        );
        assert_eq!(
            parse_with_format("02/01/2024 13:00 +0200", "%d/%m/%Y %H:%M %z"),
            Some(ELEVEN)
        );
        assert_eq!(
            parse_with_format("02.01.2024", "%d.%m.%Y"),
            Some(1_704_153_600_000)
        );
        assert_eq!(
            parse_with_format("2024-01-02 11:00", "%d/%m/%Y %H:%M"),
            None
        );
        assert_eq!(
            parse_with_format("32/01/2024 11:00", "%d/%m/%Y %H:%M"),
            None
        );
        assert!(valid_format("%d/%m/%Y %H:%M"));
        assert!(!valid_format("%d/%m/%Y %Q"));
        assert!(!valid_format(""));
    }

    #[test]
    fn slack_ts() {
        assert_eq!(parse_slack_ts("1471030200.000200"), Some(MS));
        assert_eq!(parse_slack_ts("x"), None);
        // Found by the fuzzer: seconds that overflow, or lie past the year 9999.
        assert_eq!(parse_slack_ts("9223372036854775807.1"), None);
        assert_eq!(parse_slack_ts("253402300800"), None);
        assert_eq!(parse_slack_ts("253402300799"), Some(253_402_300_799_000));
        assert_eq!(parse_iso_ms("9999-12-31T23:59:59.999Z"), in_range(LAST_MS));
        assert_eq!(parse_iso_ms("0000-01-01T00:00:00Z"), in_range(FIRST_MS));
    }
}
