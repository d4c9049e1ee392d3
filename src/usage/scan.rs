//! A minimal JSON scanner for one Rocket.Chat document per line: it walks the
//! top-level object once, keeps the few fields usage needs as byte slices, and
//! skips everything else (message text above all) without decoding it. This
//! is the hot loop of `rccost usage`; serde_json would validate and decode
//! every string of every message.

/// The fields of a Rocket.Chat message that usage reads, as raw JSON slices.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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

/// The first `"` or `\\` at or after `from`, eight bytes at a time as one
/// word: a byte that equals the one looked for is zero in `word ^ pattern`,
/// and `(x - 0x01…) & !x & 0x80…` sets the high bit of the zero bytes (maybe
/// of bytes above one too: the lowest set bit is always a true match). On
/// these short strings (keys, ids, names, dates) it beats a vectorised search,
/// whose set-up costs more than the scan.
#[inline]
fn special(b: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while i + 8 <= b.len() {
        let word = u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
        let quote = word ^ (ONES * u64::from(b'"'));
        let slash = word ^ (ONES * u64::from(b'\\'));
        let found = (quote.wrapping_sub(ONES) & !quote | slash.wrapping_sub(ONES) & !slash) & HIGH;
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b.get(i..)?
        .iter()
        .position(|&c| c == b'"' || c == b'\\')
        .map(|k| i + k)
}

/// What to do with each key of an object (it must consume the value).
type OnField<'f, 'a> = dyn FnMut(&'a [u8], &mut Scanner<'a>) -> Result<(), String> + 'f;

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
        loop {
            match special(self.b, self.i) {
                Some(k) if self.b[k] == b'\\' => self.i = k + 2,
                Some(k) => {
                    self.i = k + 1;
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

/// Scans one document: a quick walk that only says whether the line is
/// well formed, and for a broken line a careful one that says what is wrong.
pub fn fields(line: &[u8]) -> Result<Fields<'_>, String> {
    match (Quick { b: line, i: 0 }).document() {
        Some(f) => Ok(f),
        None => careful_fields(line),
    }
}

/// The walk of [`fields`] with an error that says where a line is broken.
fn careful_fields(line: &[u8]) -> Result<Fields<'_>, String> {
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

/// The hot path: the walk of the careful [`Scanner`] with no error messages
/// (`None` for any problem) and no callbacks, keys matched by length first.
struct Quick<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Quick<'a> {
    #[inline]
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// Steps over `c` (after white space).
    #[inline]
    fn eat(&mut self, c: u8) -> Option<()> {
        self.ws();
        (self.peek()? == c).then(|| self.i += 1)
    }

    /// A string from its opening quote: its slice, quotes included.
    #[inline(always)]
    fn string(&mut self) -> Option<&'a [u8]> {
        let start = self.i;
        let mut from = self.i + 1;
        loop {
            let k = special(self.b, from)?;
            if self.b[k] == b'\\' {
                from = k + 2;
            } else {
                self.i = k + 1;
                return Some(&self.b[start..self.i]);
            }
        }
    }

    /// An object or array from its opening bracket, strings stepped over whole.
    fn nested(&mut self) -> Option<&'a [u8]> {
        let start = self.i;
        let mut depth = 0usize;
        loop {
            match self.peek()? {
                b'"' => {
                    self.string()?;
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        self.i += 1;
                        return Some(&self.b[start..self.i]);
                    }
                }
                _ => {}
            }
            self.i += 1;
        }
    }

    /// Any value (after white space): its slice.
    #[inline]
    fn value(&mut self) -> Option<&'a [u8]> {
        self.ws();
        match self.peek()? {
            b'"' => self.string(),
            b'{' | b'[' => self.nested(),
            _ => {
                let start = self.i;
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n')
                ) {
                    self.i += 1;
                }
                (self.i > start).then(|| &self.b[start..self.i])
            }
        }
    }

    /// The next key of an object and its colon; `None` also at the object's end.
    #[inline]
    fn key(&mut self) -> Option<&'a [u8]> {
        self.ws();
        if self.peek()? != b'"' {
            return None;
        }
        let key = self.string()?;
        self.eat(b':')?;
        Some(&key[1..key.len() - 1])
    }

    /// After a value: true at `,` (another key follows), false at `}`.
    #[inline]
    fn more(&mut self) -> Option<bool> {
        self.ws();
        let c = self.peek()?;
        self.i += 1;
        match c {
            b',' => Some(true),
            b'}' => Some(false),
            _ => None,
        }
    }

    fn document(&mut self) -> Option<Fields<'a>> {
        let mut f = Fields::default();
        self.eat(b'{')?;
        self.ws();
        if self.peek()? == b'}' {
            self.i += 1;
        } else {
            loop {
                let key = self.key()?;
                self.field(key, &mut f)?;
                if !self.more()? {
                    break;
                }
            }
        }
        self.ws();
        (self.i == self.b.len()).then_some(f)
    }

    /// One top-level field: kept if usage reads it, else stepped over.
    #[inline]
    fn field(&mut self, key: &[u8], f: &mut Fields<'a>) -> Option<()> {
        // Slice patterns: byte compares, not a call to memcmp per key.
        match key {
            [b'_', b'i', b'd'] => f.id = Some(self.value()?),
            [b't', b's'] => f.ts = Some(self.value()?),
            [b't'] => f.t = Some(self.value()?),
            [b'u'] => {
                self.ws();
                if self.peek()? == b'{' {
                    self.user(f)?;
                } else {
                    self.value()?;
                }
            }
            [b't', b'y', b'p', b'e'] => f.kind = Some(self.value()?),
            [b'u', b's', b'e', b'r', b'n', b'a', b'm', b'e'] => f.username = Some(self.value()?),
            [b'_', b'h', b'i', b'd', b'd', b'e', b'n'] => f.hidden = self.value()? == b"true",
            [b'b', b'o', b't'] => f.bot = !matches!(self.value()?, b"false" | b"null"),
            _ => {
                self.value()?;
            }
        }
        Some(())
    }

    /// The `u` object: its `username`.
    fn user(&mut self, f: &mut Fields<'a>) -> Option<()> {
        self.i += 1;
        self.ws();
        if self.peek()? == b'}' {
            self.i += 1;
            return Some(());
        }
        loop {
            let key = self.key()?;
            let value = self.value()?;
            if let [b'u', b's', b'e', b'r', b'n', b'a', b'm', b'e'] = key {
                f.username = Some(value);
            }
            if !self.more()? {
                return Some(());
            }
        }
    }
}

/// A key (without its quotes) and its raw value.
pub type Pair<'a> = (&'a [u8], &'a [u8]);

/// The keys and raw values of one JSON object, such as `{"$oid":"…"}`.
pub fn object(raw: &[u8]) -> Result<Vec<Pair<'_>>, String> {
    let mut s = Scanner { b: raw, i: 0 };
    let mut pairs = Vec::new();
    s.object(&mut |key, s| {
        let value = s.value()?;
        pairs.push((key, value));
        Ok(())
    })?;
    Ok(pairs)
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
    fn special_bytes_are_found_where_a_byte_by_byte_search_finds_them() {
        // Quotes and backslashes at every offset of the eight-byte words, bytes
        // with the high bit set and just below the ones looked for around them.
        let text = "ab\"c\\de\u{e9}f!#[\"\"0123456789ab\\cdefghijklmnop\"q";
        let bytes = text.as_bytes();
        for start in 0..bytes.len() {
            for end in start..=bytes.len() {
                let b = &bytes[..end];
                let naive = (start..end).find(|&i| b[i] == b'"' || b[i] == b'\\');
                assert_eq!(special(b, start), naive, "{start}..{end}");
            }
        }
        assert_eq!(special(b"ab", 5), None);
    }

    #[test]
    fn the_quick_walk_agrees_with_the_careful_one() {
        let lines: [&[u8]; 14] = [
            br#"{"_id":"m1","msg":"a \"t\":\"x\" {[ trap","ts":{"$date":"2016-08-12T19:30:00.000Z"},"u":{"_id":"a","username":"alice"},"t":"uj","bot":{"i":"x"},"_hidden":true}"#,
            br#" { "_id" : {"$oid":"57ae2b3c1d41c8a1b2c3d4e5"} , "ts" : 1471030200000 , "u" : { } , "bot" : null } "#,
            br#"{"username":"User_2","ts":"2016-08-13T08:00:00Z","type":"uj","msg":"\\"}"#,
            br#"{"u":"not an object","username":"x","u":{"username":"y"},"tags":[1,{"a":[]},"]"]}"#,
            br#"{"mentions":[],"urls":[{"url":"http://x/?a={b}"}],"ts":{"$date":{"$numberLong":"-5"}}}"#,
            br#"{}"#,
            br#"{"a":tru e}"#,
            br#"{"a":1,}"#,
            br#"{"a" 1}"#,
            br#"{"a":"cut"#,
            br#"{"a":{"b":1}"#,
            br#"{"a":1} x"#,
            br#"["not","an","object"]"#,
            b"",
        ];
        for line in lines {
            let quick = (Quick { b: line, i: 0 }).document();
            let careful = careful_fields(line);
            assert_eq!(
                quick,
                careful.clone().ok(),
                "{}",
                String::from_utf8_lossy(line)
            );
            assert_eq!(fields(line), careful);
        }
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
    }
}
