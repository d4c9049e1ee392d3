//! Reading single values (text, ids, dates, amounts, counts), each problem
//! reported at its span.

use std::str::FromStr;

use rust_decimal::Decimal;
use toml::de::DeValue;

use super::{MAX_AMOUNT, Reader, Value};
use crate::units::range::MAX_USERS;

impl Reader<'_> {
    pub(super) fn flag(&mut self, v: &Value<'_>, key: &str) -> Option<bool> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                self.problem(
                    v.span(),
                    format!("`{key}` must be true or false, not {}", describe(other)),
                );
                None
            }
        }
    }

    /// A list of model ids, e.g. `include = ["host-aws"]`.
    pub(super) fn ids(&mut self, v: &Value<'_>) -> Option<Vec<String>> {
        let items = self.array(
            v,
            "`include` must be a list of model ids, e.g. [\"host-aws\"]",
        )?;
        self.each(items, |r, item| r.id(item))
    }

    pub(super) fn text(&mut self, v: &Value<'_>, key: &str) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) if !s.trim().is_empty() => Some(s.to_string()),
            DeValue::String(_) => {
                self.problem(v.span(), format!("`{key}` is empty"));
                None
            }
            other => {
                self.problem(
                    v.span(),
                    format!(
                        "`{key}` must be a string in quotes, not {}",
                        describe(other)
                    ),
                );
                None
            }
        }
    }

    pub(super) fn id(&mut self, v: &Value<'_>) -> Option<String> {
        let id = self.text(v, "id")?;
        let ok = id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !id.starts_with('-');
        if ok {
            Some(id)
        } else {
            self.problem(v.span(), format!("`id` \"{id}\" may hold only lower-case letters, digits and '-' (it is used on the command line and in CSV)"));
            None
        }
    }

    pub(super) fn sources(&mut self, v: &Value<'_>) -> Option<Vec<String>> {
        let items = self.array(
            v,
            "`sources` must be a list of strings, e.g. [\"https://…\"]",
        )?;
        if items.is_empty() {
            self.problem(
                v.span(),
                "`sources` is empty: say where the prices come from",
            );
            return None;
        }
        self.each(items, |r, item| r.text(item, "sources"))
    }

    /// The items of a TOML list; `None`, reported with `message`, when `v` is
    /// something else.
    pub(super) fn array<'v, 'i>(
        &mut self,
        v: &'v Value<'i>,
        message: &str,
    ) -> Option<&'v [Value<'i>]> {
        match v.get_ref() {
            DeValue::Array(items) => Some(items),
            _ => {
                self.problem(v.span(), message);
                None
            }
        }
    }

    /// Every item read with `read`, all of them even after a bad one so that each
    /// problem is reported; `None` if any was bad.
    pub(super) fn each<T>(
        &mut self,
        items: &[Value<'_>],
        mut read: impl FnMut(&mut Self, &Value<'_>) -> Option<T>,
    ) -> Option<Vec<T>> {
        let read: Vec<Option<T>> = items.iter().map(|item| read(self, item)).collect();
        read.into_iter().collect()
    }

    /// A date as a TOML date (`2016-08-13`) or a string "2016-08-13", "2016-08" or
    /// "2016" (as precise as the source is).
    pub(super) fn date(&mut self, v: &Value<'_>, key: &str) -> Option<String> {
        let text = match v.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
            DeValue::String(s) => s.to_string(),
            other => {
                self.problem(
                    v.span(),
                    format!(
                        "`{key}` must be a date such as 2016-08-13, not {}",
                        describe(other)
                    ),
                );
                return None;
            }
        };
        let shaped = text.len() >= 4
            && text.chars().all(|c| c.is_ascii_digit() || c == '-')
            && text.split('-').count() <= 3;
        if is_date(&text) {
            Some(text)
        } else if shaped && text.split('-').map(str::len).eq([4, 2, 2]) {
            self.problem(v.span(), format!("`{key}` {text} is not a real date"));
            None
        } else {
            self.problem(
                v.span(),
                format!("`{key}` \"{text}\" is not a date in the form YYYY-MM-DD, YYYY-MM or YYYY"),
            );
            None
        }
    }

    /// A non-negative amount: an integer, a float (taken exactly as written), or a
    /// numeric string.
    pub(super) fn amount(&mut self, v: &Value<'_>, key: &str) -> Option<Decimal> {
        let text = match v.get_ref() {
            DeValue::Integer(i) if i.radix() == 10 => i.as_str().replace('_', ""),
            DeValue::Float(f) => f.as_str().replace('_', ""),
            DeValue::String(s) => s.trim().to_string(),
            other => {
                self.problem(
                    v.span(),
                    format!(
                        "`{key}` must be a number such as 6.67, not {}",
                        describe(other)
                    ),
                );
                return None;
            }
        };
        let numeric = !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_digit() || ".-+eE".contains(c));
        match Decimal::from_str(&text).or_else(|_| Decimal::from_scientific(&text)) {
            Ok(d) if d.is_sign_negative() && !d.is_zero() => {
                self.problem(
                    v.span(),
                    if key == "exchange_rate" {
                        format!("`{key}` is negative ({text}); it must be more than 0")
                    } else {
                        format!("`{key}` is negative ({text}); it must be 0 or more")
                    },
                );
                None
            }
            Ok(d) if d > MAX_AMOUNT => {
                self.problem(
                    v.span(),
                    format!(
                        "`{key}` ({text}) is too large: rccost accepts amounts up to {MAX_AMOUNT}"
                    ),
                );
                None
            }
            Ok(d) => Some(d.normalize()),
            Err(_) if numeric => {
                self.problem(v.span(), format!("`{key}` ({text}) is too large or too precise: rccost accepts amounts up to {MAX_AMOUNT}, with at most 28 digits"));
                None
            }
            Err(_) => {
                self.problem(v.span(), format!("`{key}` \"{text}\" is not a number"));
                None
            }
        }
    }

    /// Hours billed in a month: more than 0, at most 744 (31 days × 24 h).
    pub(super) fn hours(&mut self, v: &Value<'_>) -> Option<Decimal> {
        let hours = self.amount(v, "hours_per_month")?;
        if hours.is_zero() || hours > Decimal::from(744) {
            self.problem(
                v.span(),
                format!(
                    "`hours_per_month` is {hours}; a month has more than 0 and at most 744 hours"
                ),
            );
            return None;
        }
        Some(hours)
    }

    /// A whole number of users ≥ `min` (and at most 10^18).
    pub(super) fn count(&mut self, v: &Value<'_>, key: &str, min: u64) -> Option<u64> {
        let DeValue::Integer(i) = v.get_ref() else {
            self.problem(
                v.span(),
                format!(
                    "`{key}` must be a whole number of users, not {}",
                    describe(v.get_ref())
                ),
            );
            return None;
        };
        let digits = i.as_str().replace('_', "");
        match i64::from_str_radix(&digits, i.radix()) {
            Ok(n) if n < min as i64 => {
                self.problem(
                    v.span(),
                    format!("`{key}` is {n}; it must be at least {min}"),
                );
                None
            }
            Ok(n) if n as u64 <= MAX_USERS => Some(n as u64),
            _ => {
                self.problem(
                    v.span(),
                    format!("`{key}` ({digits}) is too large: team sizes go up to {MAX_USERS}"),
                );
                None
            }
        }
    }
}

pub(super) fn describe(v: &DeValue<'_>) -> String {
    match v {
        DeValue::String(s) => format!("the string \"{s}\""),
        DeValue::Integer(i) => format!("the number {}", i.as_str()),
        DeValue::Float(f) => format!("the number {}", f.as_str()),
        DeValue::Boolean(b) => format!("`{b}`"),
        DeValue::Datetime(d) => format!("the date {d}"),
        DeValue::Array(_) => "a list".into(),
        DeValue::Table(_) => "a table".into(),
    }
}

pub(super) fn is_date(text: &str) -> bool {
    crate::units::date::Date::parse(text).is_some()
}
