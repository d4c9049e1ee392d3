//! Reading the keys of a table: unknown ones (with a spelling hint), required
//! ones and optional ones, each problem reported at its span.

use std::ops::Range;

use toml::de::DeTable;

use super::{Reader, Value};

impl Reader<'_> {
    /// Reports every key of `table` not in `allowed`, suggesting the closest one.
    pub(super) fn known_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], context: &str) {
        for key in table.keys() {
            let name = key.get_ref().as_ref();
            if allowed.contains(&name) {
                continue;
            }
            let hint = closest(name, allowed)
                .map(|k| format!(" (did you mean `{k}`?)"))
                .unwrap_or_default();
            let message = format!(
                "unknown key `{name}` in {context}{hint}; allowed keys: {}",
                once_each(allowed).join(", ")
            );
            self.problem(key.span(), message);
        }
    }

    /// The value of a key `context` cannot do without, reported at the table
    /// (`span`) when missing.
    pub(super) fn required<'t, 'i>(
        &mut self,
        table: &'t DeTable<'i>,
        span: &Range<usize>,
        key: &str,
        context: &str,
    ) -> Option<&'t Value<'i>> {
        let value = table.get(key);
        if value.is_none() {
            self.problem(
                span.clone(),
                format!("{context} is missing the key `{key}`"),
            );
        }
        value
    }

    /// A required key read with `read`: `None` when missing or wrong (both reported).
    pub(super) fn read_required<T>(
        &mut self,
        table: &DeTable<'_>,
        span: &Range<usize>,
        key: &str,
        context: &str,
        read: impl FnOnce(&mut Self, &Value<'_>, &str) -> Option<T>,
    ) -> Option<T> {
        let value = self.required(table, span, key, context)?;
        read(self, value, key)
    }

    /// An optional key read with `read`: `Ok(None)` when absent and `Err` when
    /// given but wrong (already reported), so that a wrong value is never taken
    /// for a missing one and replaced by the default.
    pub(super) fn optional<T>(
        &mut self,
        table: &DeTable<'_>,
        key: &str,
        read: impl FnOnce(&mut Self, &Value<'_>, &str) -> Option<T>,
    ) -> Result<Option<T>, ()> {
        table
            .get(key)
            .map(|v| read(self, v, key).ok_or(()))
            .transpose()
    }

    /// An optional key that nothing else depends on: `None` when absent or wrong
    /// (a wrong one is reported, which already stops the model being built).
    pub(super) fn optional_or_none<T>(
        &mut self,
        table: &DeTable<'_>,
        key: &str,
        read: impl FnOnce(&mut Self, &Value<'_>, &str) -> Option<T>,
    ) -> Option<T> {
        self.optional(table, key, read).ok().flatten()
    }
}

/// The names in their first order, each once (shapes share keys such as `per_month`).
pub(super) fn once_each<'k>(names: &[&'k str]) -> Vec<&'k str> {
    let mut out: Vec<&str> = Vec::with_capacity(names.len());
    for name in names {
        if !out.contains(name) {
            out.push(name);
        }
    }
    out
}

/// " (did you mean \"per-seat\"?)" for a value close to one of `allowed`, or nothing.
pub(super) fn value_hint(value: &str, allowed: &[&str]) -> String {
    closest(value, allowed)
        .map(|v| format!(" (did you mean \"{v}\"?)"))
        .unwrap_or_default()
}

/// Values as a message lists them: "a", "b" or "c".
pub(super) fn alternatives(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// Keys as a message lists them: `a`, `b`, `c`.
pub(super) fn quoted(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The allowed key closest to a misspelt one, if any is close; a key the typo
/// begins (`per_user` → `per_user_annual`) counts as close.
pub(super) fn closest<'k>(name: &str, allowed: &[&'k str]) -> Option<&'k str> {
    allowed
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4) || (name.len() >= 4 && k.starts_with(name)))
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
