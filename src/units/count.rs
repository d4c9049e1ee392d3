//! Counts in words and digits: `1 user`, `30 users`, `1,234,567`.

/// `1 user`, `30 users`, `10,000 users`.
pub fn users(n: u64) -> String {
    if n == 1 {
        "1 user".into()
    } else {
        format!("{} users", group_thousands(&n.to_string()))
    }
}

/// `1234567` → `1,234,567`.
pub fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// "1 model", "2 models", "1,000 messages".
pub fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{} {word}s", group_thousands(&n.to_string()))
    }
}
