//! The shape of the code, checked: imports only point down the layers, no two
//! files import each other, and functions fit a screen. These rules are what
//! keep each kind of change in one room (see ARCHITECTURE.md); a test keeps
//! them from eroding one import at a time.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module's layer: a module may use its own files and those of
/// lower layers only. Modules on one layer (chart and export) never use each other.
const LAYERS: &[(&str, u32)] = &[
    ("units", 0),
    ("pricing", 1),
    ("engine", 2),
    ("usage", 3),
    ("text", 4),
    ("error", 4),
    ("chart", 5),
    ("export", 5),
    ("report", 6),
    ("output", 6),
    ("cli", 7),
    ("cmd", 8),
];

/// Functions longer than this must be rare and say why they stay whole.
const LONG_FUNCTION: usize = 80;
const MAX_LONG_FUNCTIONS: usize = 3;

type ModPath = Vec<String>;

/// Every source file of the library, by module path (`lib.rs` is the root).
fn modules() -> BTreeMap<ModPath, PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src/ is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path
                .strip_prefix(&src)
                .expect("under src/")
                .with_extension("");
            let mut parts: ModPath = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
                parts.pop();
            }
            if parts != ["main"] {
                out.insert(parts, path);
            }
        }
    }
    out
}

/// The text of a file without comments, string contents and inline test modules.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("a readable source file");
    let text = match text.find("#[cfg(test)]\nmod tests {") {
        Some(i) => &text[..i],
        None => &text[..],
    };
    text.lines().map(|line| strip_line(line) + "\n").collect()
}

/// One line without its comment and with string and char literals emptied
/// (their braces and `crate::` words are not code). Strings that run over
/// several lines are rare in src/ and stay balanced.
fn strip_line(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        if ch == '/' && chars.get(i + 1) == Some(&'/') {
            break;
        }
        if ch == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            i += 1;
            continue;
        }
        // 'x' or '\n': a char literal (a lifetime such as 'a has no closing quote).
        if ch == '\'' {
            let len = if chars.get(i + 1) == Some(&'\\') {
                4
            } else {
                3
            };
            if chars.get(i + len - 1) == Some(&'\'') {
                out.push_str("' '");
                i += len;
                continue;
            }
        }
        out.push(ch);
        i += 1;
    }
    out
}

/// The paths a file names: `crate::a::b`, `super::a`, `self::a`, the items of
/// `use x::{a, b::c}` groups, and `use child::` for its own `mod child;`.
fn references(code: &str) -> Vec<(String, Vec<String>)> {
    let tokens: Vec<&str> = code
        .split(|c: char| {
            !(c.is_alphanumeric() || c == '_' || c == ':' || c == '{' || c == '}' || c == ',')
        })
        .filter(|t| !t.is_empty())
        .collect();
    let children: BTreeSet<&str> = code
        .lines()
        .filter_map(|l| {
            let l = l
                .trim()
                .trim_start_matches("pub ")
                .trim_start_matches("pub(crate) ");
            l.strip_prefix("mod ")?.strip_suffix(';')
        })
        .collect();
    let mut out = Vec::new();
    for statement in use_statements(code) {
        for full in expand(&statement) {
            let mut parts: Vec<String> = full.split("::").map(str::to_string).collect();
            let head = parts.remove(0);
            if ["crate", "super", "self"].contains(&head.as_str()) {
                out.push((head, parts));
            } else if children.contains(head.as_str()) {
                parts.insert(0, head);
                out.push(("self".into(), parts));
            }
        }
    }
    for token in tokens {
        for head in ["crate::", "super::", "self::"] {
            if let Some(at) = token.find(head) {
                let rest = &token[at + head.len()..];
                // `a::{b, c}` is a use group, read whole by `use_statements`.
                if rest.contains('{') {
                    continue;
                }
                let parts: Vec<String> = rest
                    .split("::")
                    .take_while(|p| !p.is_empty() && !p.contains(['}', ',']))
                    .map(str::to_string)
                    .collect();
                out.push((head.trim_end_matches("::").to_string(), parts));
            }
        }
    }
    out
}

/// The paths of every `use` statement (from a line starting with `use` to its
/// `;`), without white space.
fn use_statements(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in code.lines() {
        let trimmed = line.trim_start();
        if current.is_none() {
            let rest = ["use ", "pub use ", "pub(crate) use ", "pub(super) use "]
                .iter()
                .find_map(|p| trimmed.strip_prefix(p));
            current = rest.map(str::to_string);
        } else if let Some(text) = current.as_mut() {
            text.push_str(trimmed);
        }
        if let Some(text) = current.take_if(|t| t.contains(';')) {
            let path = text.split(';').next().unwrap_or_default();
            out.push(path.split_whitespace().collect());
        }
    }
    out
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`.
fn expand(path: &str) -> Vec<String> {
    let Some(open) = path.find('{') else {
        return vec![path.trim_end_matches("::").to_string()];
    };
    let prefix = &path[..open];
    let inner = &path[open + 1..path.rfind('}').unwrap_or(path.len())];
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, ch) in inner.char_indices() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .filter(|i| !i.is_empty())
        .flat_map(|i| expand(&format!("{prefix}{i}")))
        .collect()
}

/// File-level imports: (importing module, imported module).
fn edges(modules: &BTreeMap<ModPath, PathBuf>) -> BTreeSet<(ModPath, ModPath)> {
    let mut edges = BTreeSet::new();
    for (module, path) in modules {
        for (head, parts) in references(&code(path)) {
            let mut full: ModPath = match head.as_str() {
                "crate" => Vec::new(),
                "super" => module[..module.len().saturating_sub(1)].to_vec(),
                _ => module.clone(),
            };
            let mut parts = parts.as_slice();
            while let Some(("super", rest)) = parts.split_first().map(|(h, r)| (h.as_str(), r)) {
                full.pop();
                parts = rest;
            }
            full.extend(parts.iter().cloned());
            let target = (0..=full.len())
                .rev()
                .map(|k| full[..k].to_vec())
                .find(|prefix| modules.contains_key(prefix));
            if let Some(target) = target
                && !target.is_empty()
                && target != *module
            {
                edges.insert((module.clone(), target));
            }
        }
    }
    edges
}

fn layer(module: &ModPath) -> u32 {
    let top = module.first().map_or("", String::as_str);
    LAYERS
        .iter()
        .find(|(name, _)| *name == top)
        .map(|(_, layer)| *layer)
        .unwrap_or_else(|| panic!("src/{top} has no layer in tests/cli/architecture.rs"))
}

#[test]
fn imports_point_down_the_layers_and_never_both_ways() {
    let modules = modules();
    let edges = edges(&modules);
    assert!(
        edges.len() > 100,
        "the import scan found too little: {edges:?}"
    );
    let name = |m: &ModPath| m.join("::");
    let mut problems = Vec::new();
    for (from, to) in &edges {
        if from.first() != to.first() && layer(from) <= layer(to) {
            problems.push(format!(
                "{} uses {}, a layer at or above it",
                name(from),
                name(to)
            ));
        }
        if from < to && edges.contains(&(to.clone(), from.clone())) {
            problems.push(format!("{} and {} import each other", name(from), name(to)));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The rooms of `chart`, in layers of their own: the builders (`charts/`) and
/// the painter (`paint/`) never use each other, the PNG backend (`raster/`)
/// knows neither, and the chart as data (`line`, `theme`, `font`) none of them.
/// `render` (and `chart`'s own `mod.rs`) puts them together.
const CHART_ROOMS: &[(&str, u32)] = &[
    ("line", 0),
    ("theme", 0),
    ("font", 0),
    ("backend", 0),
    ("raster", 1),
    ("svg", 1),
    ("paint", 2),
    ("charts", 2),
    ("render", 3),
];

fn chart_room(module: &ModPath) -> u32 {
    let Some(room) = module.get(1) else {
        return 3; // chart/mod.rs
    };
    CHART_ROOMS
        .iter()
        .find(|(name, _)| name == room)
        .map(|(_, layer)| *layer)
        .unwrap_or_else(|| panic!("src/chart/{room} has no room in tests/cli/architecture.rs"))
}

#[test]
fn chart_rooms_point_down() {
    let modules = modules();
    let chart = |m: &ModPath| m.first().is_some_and(|top| top == "chart");
    let mut seen = 0;
    let mut problems = Vec::new();
    for (from, to) in edges(&modules) {
        if !chart(&from) || !chart(&to) || from.get(1) == to.get(1) {
            continue;
        }
        seen += 1;
        let (high, low) = (chart_room(&from), chart_room(&to));
        // The chart as data is one room in three files (`line` names `theme`'s colours).
        if high < low || (high == low && high > 0) {
            problems.push(format!(
                "{} uses {}, a room of chart at or above it",
                from.join("::"),
                to.join("::")
            ));
        }
    }
    assert!(
        seen > 20,
        "the import scan found too few edges in chart: {seen}"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_import_scan_sees_groups_super_and_children() {
    let code = "mod child;\nuse crate::units::{money, date::Date};\nuse super::theme;\nuse child::Thing;\n\
                fn f() { crate::text::notes::notes(c); }\n";
    let mut found: Vec<String> = references(code)
        .into_iter()
        .map(|(head, parts)| format!("{head}::{}", parts.join("::")))
        .collect();
    found.sort();
    found.dedup();
    assert_eq!(
        found,
        [
            "crate::text::notes::notes",
            "crate::units::date::Date",
            "crate::units::money",
            "self::child::Thing",
            "super::theme"
        ]
    );
}

/// (file, function, lines) of every function over `limit` lines.
fn long_functions(limit: usize) -> Vec<(String, String, usize)> {
    let mut found = Vec::new();
    // Test files hold long tables of cases; the rule is for the program.
    for path in modules().values().filter(|p| !p.ends_with("tests.rs")) {
        let text = code(path);
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            let signature = [
                "fn ",
                "pub fn ",
                "pub(crate) fn ",
                "pub(super) fn ",
                "const fn ",
            ]
            .iter()
            .find_map(|p| trimmed.strip_prefix(p));
            let Some(signature) = signature else { continue };
            let mut depth = 0i32;
            let mut opened = false;
            let mut end = i;
            for (j, l) in lines.iter().enumerate().skip(i) {
                for ch in l.chars() {
                    match ch {
                        '{' => {
                            depth += 1;
                            opened = true;
                        }
                        '}' => depth -= 1,
                        _ => {}
                    }
                }
                end = j;
                if (opened && depth <= 0) || (!opened && l.trim_end().ends_with(';')) {
                    break;
                }
            }
            let length = end - i + 1;
            if length > limit {
                let fn_name = signature.split(['(', '<']).next().unwrap_or("").to_string();
                let file = path.display().to_string();
                found.push((file, fn_name, length));
            }
        }
    }
    found
}

#[test]
fn at_most_three_functions_are_longer_than_a_screen() {
    let long = long_functions(LONG_FUNCTION);
    assert!(
        long.len() <= MAX_LONG_FUNCTIONS,
        "functions over {LONG_FUNCTION} lines (split them into named steps): {long:#?}"
    );
    // The scan itself: a function of known length is measured as such.
    assert!(
        long_functions(5).iter().any(|(_, f, _)| f == "run"),
        "the length scan found no function at all"
    );
}

/// A file's text without its comments and its inline test module, strings
/// kept (the words a program prints are what the next check reads).
fn program_text(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("a readable source file");
    let text = match text.find("#[cfg(test)]\nmod tests {") {
        Some(i) => &text[..i],
        None => &text[..],
    };
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .map(|line| line.to_string() + "\n")
        .collect()
}

/// The modules that word the command line: its declaration, the commands and
/// the sentences every view shares. The rest says what it found as data.
fn words_the_command_line(module: &ModPath) -> bool {
    module
        .first()
        .is_some_and(|m| ["cli", "cmd", "text"].contains(&m.as_str()))
}

#[test]
fn the_command_line_is_named_only_where_it_is_worded() {
    use clap::CommandFactory;
    let cli = rccost::cli::Cli::command();
    let options: BTreeSet<String> = cli
        .get_subcommands()
        .flat_map(|s| s.get_arguments())
        .filter_map(|a| a.get_long())
        .map(|long| format!("--{long}"))
        .collect();
    assert!(options.contains("--admin-rate") && options.contains("--users"));
    let mut found = Vec::new();
    for (module, path) in modules() {
        if words_the_command_line(&module) || path.ends_with("tests.rs") {
            continue;
        }
        let text = program_text(&path);
        for option in &options {
            // `--out=dump` is mongodump's; rccost's options stand alone.
            let named = text.match_indices(option.as_str()).any(|(i, _)| {
                let next = text[i + option.len()..].chars().next();
                !next.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '=')
            });
            if named {
                found.push(format!("{} names {option}", path.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "below cli/cmd/text, errors carry data and the command line words them: {found:#?}"
    );
}

#[test]
fn clap_stays_in_the_command_line() {
    let mut found = Vec::new();
    for (module, path) in modules() {
        if module
            .first()
            .is_some_and(|m| ["cli", "cmd"].contains(&m.as_str()))
        {
            continue;
        }
        if code(&path).contains("clap") {
            found.push(path.display().to_string());
        }
    }
    assert!(found.is_empty(), "clap used below cli: {found:?}");
}
