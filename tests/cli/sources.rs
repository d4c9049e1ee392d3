//! Every bundled price can be checked by a reader: each source of `pricing/`
//! gives an address (a URL or a site's domain), every price a date, and none
//! points at a licence-crack or warez site (a figure from one cannot be trusted,
//! and citing one sends readers there).

use std::fs;
use std::path::Path;

/// Sites that sell or hand out cracked licences; never a source of a price.
const CRACK_SITES: [&str; 6] = [
    "docrack",
    "crack",
    "keygen",
    "warez",
    "nulled",
    "serial-key",
];

/// The one source without an address: the 2016 write-up that scenario
/// `blog-2016` reproduces, whose address is not known.
const THE_WRITE_UP: &str = "The 2016 write-up \"Running a Rocket.Chat Server\"";

/// Whether `text` names where to read it: a URL, or a domain such as
/// `docs.cnap.tech` or `github.com/owner/repo`.
fn has_address(text: &str) -> bool {
    text.contains("http://")
        || text.contains("https://")
        || text
            .split(|c: char| c.is_whitespace() || "(),;:\"".contains(c))
            .any(|word| {
                let host = word.split('/').next().unwrap_or_default();
                let labels: Vec<&str> = host.split('.').collect();
                labels.len() >= 2
                    && labels.iter().all(|l| {
                        !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    })
                    && labels.last().is_some_and(|tld| {
                        tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_lowercase())
                    })
            })
}

/// The `[[rate]]`s of an exchange-rates file (`rates.toml`), which holds no
/// prices: each rate is dated by its day and sourced on its own.
fn rates_of(doc: &toml::Table) -> Option<&Vec<toml::Value>> {
    doc.get("rate").and_then(|r| r.as_array())
}

fn files() -> Vec<(String, toml::Table)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("pricing");
    let mut out = Vec::new();
    for scenario in fs::read_dir(&root).unwrap() {
        for file in fs::read_dir(scenario.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                let text = fs::read_to_string(&path).unwrap();
                let name = path.strip_prefix(&root).unwrap().display().to_string();
                out.push((name, text.parse::<toml::Table>().unwrap()));
            }
        }
    }
    assert!(
        out.len() > 20,
        "the bundled pricing files are found: {}",
        out.len()
    );
    out
}

/// Every string anywhere in `value`, with the key it sits under.
fn strings<'v>(key: &str, value: &'v toml::Value, out: &mut Vec<(String, &'v str)>) {
    match value {
        toml::Value::String(s) => out.push((key.to_string(), s)),
        toml::Value::Array(items) => items.iter().for_each(|v| strings(key, v, out)),
        toml::Value::Table(t) => t.iter().for_each(|(k, v)| strings(k, v, out)),
        toml::Value::Integer(_)
        | toml::Value::Float(_)
        | toml::Value::Boolean(_)
        | toml::Value::Datetime(_) => {}
    }
}

#[test]
fn every_source_has_an_address_and_none_is_a_crack_site() {
    let mut problems = Vec::new();
    for (name, doc) in files() {
        if let Some(rates) = rates_of(&doc) {
            for r in rates {
                let source = r.get("source").and_then(|s| s.as_str()).unwrap_or_default();
                if !has_address(source) {
                    problems.push(format!("{name}: rate without an address: {source}"));
                }
            }
            continue;
        }
        let sources = doc["sources"].as_array().unwrap();
        for s in sources.iter().map(|s| s.as_str().unwrap()) {
            if !has_address(s) && !s.starts_with(THE_WRITE_UP) {
                problems.push(format!("{name}: source without an address: {s}"));
            }
        }
        let whole = toml::Value::Table(doc.clone());
        let mut all = Vec::new();
        strings("", &whole, &mut all);
        for (key, s) in all {
            let lower = s.to_lowercase();
            if let Some(site) = CRACK_SITES.iter().find(|c| lower.contains(*c)) {
                problems.push(format!("{name}: `{key}` names a crack site ({site}): {s}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every price is dated: the file's `as_of`, and each component's own `as_of`
/// (a component without one would take the file's date, which may be another
/// price's) and confidence.
#[test]
fn every_price_has_a_date_and_a_confidence() {
    let mut problems = Vec::new();
    for (name, doc) in files() {
        if let Some(rates) = rates_of(&doc) {
            for (i, r) in rates.iter().enumerate() {
                if r.get("as_of").and_then(|d| d.as_datetime()).is_none() {
                    problems.push(format!("{name}: rate {} has no as_of", i + 1));
                }
            }
            continue;
        }
        if doc.get("as_of").and_then(|d| d.as_str()).is_none() {
            problems.push(format!("{name}: no as_of"));
        }
        for (i, c) in doc["component"].as_array().unwrap().iter().enumerate() {
            for key in ["as_of", "confidence", "source"] {
                if c.get(key).is_none() {
                    problems.push(format!("{name}: component {} has no {key}", i + 1));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_address_check_tells_addresses_from_words() {
    assert!(has_address("https://docs.hetzner.com/cloud/"));
    assert!(has_address("techsenselabs.com (read 2026)"));
    assert!(has_address("github.com/vane/ecb-fx data/2026"));
    assert!(!has_address(
        "AWS blog: Identify and optimize public IPv4 address usage"
    ));
    assert!(!has_address(
        "a third-party note, checked 2026-09-30. Nothing else."
    ));
}
