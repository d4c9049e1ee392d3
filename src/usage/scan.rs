//! A minimal JSON scanner for one Rocket.Chat document per line: it walks the
//! top-level object once, keeps the few fields usage needs as byte slices, and
//! skips everything else (message text above all) without decoding it. This
//! is the hot loop of `rccost usage`; serde_json would validate and decode
//! every string of every message.

/// The fields of a Rocket.Chat message that usage reads, as raw JSON slices.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Fields<'a> {
    pub id: Option<&'a [u8]>,
    pub ts: Option<&'a [u8]>,
    pub t: Option<&'a [u8]>,
    pub kind: Option<&'a [u8]>,
    /// `u.username`, or a top-level `username` (Rocket.Chat's own export).
    pub username: Option<&'a [u8]>,
    pub hidden: bool,
    pub bot: bool,
}

/// What to do with each key of an object (it must consume the value).
type OnField<'f, 'a> = dyn FnMut(&[u8], &mut Scanner<'a>) -> Result<(), String> + 'f;

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Scanner<'a> {
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\r' | b'\n') {
            self.i += 1;
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), String> {
        self.ws();
        if self.b.get(self.i) == Some(&c) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected '{}'", c as char)))
        }
    }

    fn error(&self, what: &str) -> String {
        if self.i >= self.b.len() {
            "the document ends early (a cut-off line?)".to_string()
        } else {
            format!("not a JSON document: {what} at column {}", self.i + 1)
        }
    }

    /// A string starting at the current `"`: its slice with the quotes.
    fn string(&mut self) -> Result<&'a [u8], String> {
        let start = self.i;
        self.i += 1;
        // Keys and ids are short: look at the first bytes one by one before
        // setting up a vectorised search.
        let short = self.b.len().min(self.i + 24);
        while self.i < short {
            match self.b[self.i] {
                b'"' => {
                    self.i += 1;
                    return Ok(&self.b[start..self.i]);
                }
                b'\\' => break,
                _ => self.i += 1,
            }
        }
        loop {
            // An escape as the last byte steps past the end: nothing is left.
            let rest = self.b.get(self.i..).unwrap_or_default();
            match memchr::memchr2(b'"', b'\\', rest) {
                Some(k) if self.b[self.i + k] == b'\\' => self.i += k + 2,
                Some(k) => {
                    self.i += k + 1;
                    return Ok(&self.b[start..self.i]);
                }
                None => {
                    self.i = self.b.len();
                    return Err(self.error("unterminated string"));
                }
            }
        }
    }

    /// Any value: its slice.
    fn value(&mut self) -> Result<&'a [u8], String> {
        self.ws();
        let start = self.i;
        match self.b.get(self.i) {
            Some(b'"') => self.string(),
            Some(b'{' | b'[') => {
                let mut depth = 0usize;
                while self.i < self.b.len() {
                    match self.b[self.i] {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.i += 1;
                                return Ok(&self.b[start..self.i]);
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
                Err(self.error("unclosed object"))
            }
            Some(_) => {
                while self.i < self.b.len()
                    && !matches!(
                        self.b[self.i],
                        b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n'
                    )
                {
                    self.i += 1;
                }
                if self.i == start {
                    Err(self.error("a value is missing"))
                } else {
                    Ok(&self.b[start..self.i])
                }
            }
            None => Err(self.error("a value is missing")),
        }
    }

    /// Walks an object, calling `field(key, scanner)` for each key; `field` must
    /// consume the value.
    fn object(&mut self, field: &mut OnField<'_, 'a>) -> Result<(), String> {
        self.expect(b'{')?;
        self.ws();
        if self.b.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(());
        }
        loop {
            self.ws();
            if self.b.get(self.i) != Some(&b'"') {
                return Err(self.error("expected a key"));
            }
            let key = self.string()?;
            self.expect(b':')?;
            field(&key[1..key.len() - 1], self)?;
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return Err(self.error("expected ',' or '}'")),
            }
        }
    }
}

/// Scans one document.
pub fn fields(line: &[u8]) -> Result<Fields<'_>, String> {
    let mut s = Scanner { b: line, i: 0 };
    let mut f = Fields::default();
    s.object(&mut |key, s| {
        match key {
            b"_id" => f.id = Some(s.value()?),
            b"ts" => f.ts = Some(s.value()?),
            b"t" => f.t = Some(s.value()?),
            b"type" => f.kind = Some(s.value()?),
            b"username" => f.username = Some(s.value()?),
            b"_hidden" => f.hidden = s.value()? == b"true",
            b"bot" => f.bot = !matches!(s.value()?, b"false" | b"null"),
            b"u" => {
                s.ws();
                if s.b.get(s.i) == Some(&b'{') {
                    s.object(&mut |k, s| {
                        let v = s.value()?;
                        if k == b"username" {
                            f.username = Some(v);
                        }
                        Ok(())
                    })?;
                } else {
                    s.value()?;
                }
            }
            _ => {
                s.value()?;
            }
        }
        Ok(())
    })?;
    s.ws();
    if s.i < line.len() {
        return Err(s.error("extra text after the document"));
    }
    Ok(f)
}

/// The text of a JSON string slice (with its quotes), decoding escapes if any.
pub fn text(raw: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    let inner = raw.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    if !inner.contains(&b'\\') {
        return std::str::from_utf8(inner)
            .ok()
            .map(std::borrow::Cow::Borrowed);
    }
    serde_json::from_slice::<String>(raw)
        .ok()
        .map(std::borrow::Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_fields_and_skips_the_rest() {
        let line = br#"{"_id":"m1","msg":"a \"t\":\"x\" {[ trap","ts":{"$date":"2016-08-12T19:30:00.000Z"},"u":{"_id":"a","username":"alice"},"attachments":[{"t":"nested"}],"t":"uj","bot":{"i":"x"},"_hidden":true}"#;
        let f = fields(line).unwrap();
        assert_eq!(f.id, Some(&b"\"m1\""[..]));
        assert_eq!(f.ts, Some(&br#"{"$date":"2016-08-12T19:30:00.000Z"}"#[..]));
        assert_eq!(f.t, Some(&b"\"uj\""[..]));
        assert_eq!(f.username, Some(&b"\"alice\""[..]));
        assert!(f.hidden && f.bot);
        assert_eq!(text(br#""a\"b""#).as_deref(), Some("a\"b"));
    }

    #[test]
    fn broken_lines_are_errors() {
        assert!(fields(b"not json").is_err());
        assert!(
            fields(br#"{"_id":"m1","ts":{"$date":"2016-"#)
                .unwrap_err()
                .contains("ends early")
        );
        assert!(fields(br#"{"_id":"m1"} trailing"#).is_err());
        // Found by the fuzzer: an escape as the very last byte of a line.
        let cut = br#"{"_id":"m1","msg":"a long text that ends in an escape "#;
        assert!(fields(cut).unwrap_err().contains("ends early"));
    }
}
