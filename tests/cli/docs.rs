//! The docs, checked: every relative link and image in README.md,
//! ARCHITECTURE.md, output/README.md and docs/*.md leads to a file (an
//! `#anchor` to one of its headings); no command they give writes into the
//! repository outside what .gitignore ignores, unless it is one of the pinned
//! commands that regenerate tests/golden/ (`committed::REGENERATE`, which the
//! golden tests run and compare); and the README's commands, run in a copy of
//! the repository, succeed, print what the README shows, and leave every file
//! git sees as it was.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use crate::committed::{REGENERATE, rccost_args};

/// A Markdown file of the repository: its path from the root and its text.
struct Doc {
    path: PathBuf,
    text: String,
}

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// README.md, ARCHITECTURE.md, output/README.md and every docs/*.md under
/// `root`.
fn docs_under(root: &Path) -> Vec<Doc> {
    let mut paths = vec![
        PathBuf::from("README.md"),
        PathBuf::from("ARCHITECTURE.md"),
        PathBuf::from("output/README.md"),
    ];
    if let Ok(entries) = fs::read_dir(root.join("docs")) {
        let mut names: Vec<PathBuf> = entries
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .map(|p| p.strip_prefix(root).unwrap().to_path_buf())
            .collect();
        names.sort();
        paths.extend(names);
    }
    paths
        .into_iter()
        .filter(|p| root.join(p).is_file())
        .map(|path| Doc {
            text: fs::read_to_string(root.join(&path)).expect("a readable Markdown file"),
            path,
        })
        .collect()
}

fn markdown(text: &str) -> Parser<'_> {
    Parser::new_ext(text, Options::ENABLE_TABLES)
}

fn line_at(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// The destinations of the links and images of a Markdown text (code spans
/// and code blocks hold none), with their lines.
fn links(text: &str) -> Vec<(usize, String)> {
    markdown(text)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some((line_at(text, range.start), dest_url.to_string()))
            }
            _ => None,
        })
        .collect()
}

/// The anchors GitHub gives a file's headings: lower case, letters, digits,
/// `-` and `_` kept, spaces made `-`, the rest dropped; a repeated heading
/// gets `-1`, `-2`, ….
fn anchors(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut bases: Vec<String> = Vec::new();
    let mut heading: Option<String> = None;
    for event in markdown(text) {
        match (event, heading.as_mut()) {
            (Event::Start(Tag::Heading { .. }), _) => heading = Some(String::new()),
            (Event::Text(t) | Event::Code(t), Some(h)) => h.push_str(&t),
            (Event::End(TagEnd::Heading(_)), Some(h)) => {
                let slug: String = h
                    .to_lowercase()
                    .chars()
                    .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
                    .map(|c| if c == ' ' { '-' } else { c })
                    .collect();
                let seen = bases.iter().filter(|s| **s == slug).count();
                bases.push(slug.clone());
                out.push(if seen == 0 {
                    slug
                } else {
                    format!("{slug}-{seen}")
                });
                heading = None;
            }
            _ => {}
        }
    }
    out
}

/// `a/b/../c` as `a/c`; `None` when the path leaves `root`'s tree.
fn normalise(relative: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for part in relative.components() {
        match part {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// Every link or image of `docs` that leads nowhere, as `file:line: why`.
fn broken_links(root: &Path, docs: &[Doc]) -> Vec<String> {
    let mut problems = Vec::new();
    for doc in docs {
        for (line, dest) in links(&doc.text) {
            let (file, anchor) = dest.split_once('#').unwrap_or((&dest, ""));
            if file.contains(':') {
                continue; // https:, mailto:
            }
            let here = format!("{}:{line}: link to `{dest}`", doc.path.display());
            let target = if file.is_empty() {
                Some(doc.path.clone())
            } else {
                normalise(&doc.path.parent().unwrap().join(file))
            };
            let Some(target) = target else {
                problems.push(format!("{here} leaves the repository"));
                continue;
            };
            if !root.join(&target).exists() {
                problems.push(format!("{here}: no such file"));
            } else if !anchor.is_empty() {
                let text = fs::read_to_string(root.join(&target)).unwrap_or_default();
                if !anchors(&text).iter().any(|a| a == anchor) {
                    problems.push(format!(
                        "{here}: no heading #{anchor} in {}",
                        target.display()
                    ));
                }
            }
        }
    }
    problems
}

/// A command the docs give: where, the shell line, and the output they show
/// under it (the lines after a `$ ` line of a `text` block).
struct Documented {
    line: usize,
    command: String,
    shown: Vec<String>,
}

/// The shell commands a Markdown text gives: each line of a `sh` block (a
/// trailing `\` joins the next), each `$ ` line of a `text` block, and each
/// code span that starts with `rccost ` or `cargo run`.
fn commands(text: &str) -> Vec<Documented> {
    let mut out = Vec::new();
    // In a code block: whether it is shell, its first line, its text so far.
    let mut block: Option<(bool, usize, String)> = None;
    for (event, range) in markdown(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let (lang, fence) = match &kind {
                    CodeBlockKind::Fenced(lang) => (lang.to_string(), 1),
                    CodeBlockKind::Indented => (String::new(), 0),
                };
                let shell = matches!(lang.as_str(), "sh" | "bash" | "console");
                let first = line_at(text, range.start) + fence;
                block = (shell || lang == "text").then_some((shell, first, String::new()));
            }
            Event::Text(body) if block.is_some() => {
                block.as_mut().unwrap().2.push_str(&body);
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((shell, first, body)) = block.take() {
                    out.extend(block_commands(&body, shell, first));
                }
            }
            Event::Code(span) if span.starts_with("rccost ") || span.starts_with("cargo run") => {
                out.push(Documented {
                    line: line_at(text, range.start),
                    command: span.to_string(),
                    shown: Vec::new(),
                });
            }
            _ => {}
        }
    }
    out
}

fn block_commands(body: &str, shell: bool, first: usize) -> Vec<Documented> {
    let mut out: Vec<Documented> = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (i, line) in body.lines().enumerate() {
        let line = match (pending.is_some(), shell, line.strip_prefix("$ ")) {
            (false, false, None) => {
                if let Some(last) = out.last_mut() {
                    last.shown.push(line.to_string());
                }
                continue;
            }
            (false, false, Some(command)) => command,
            _ => line,
        };
        let (start, mut joined) = pending.take().unwrap_or((first + i, String::new()));
        match line.strip_suffix('\\') {
            Some(head) => {
                joined.push_str(head);
                pending = Some((start, joined));
            }
            None => {
                joined.push_str(line);
                out.push(Documented {
                    line: start,
                    command: joined,
                    shown: Vec::new(),
                });
            }
        }
    }
    out
}

/// The simple commands of a shell line: split at `&&`, `||`, `;` and `|`
/// outside quotes (a comment ends the line).
fn simple_commands(line: &str) -> Vec<Vec<String>> {
    let mut pieces = Vec::new();
    let (mut piece, mut quote) = (String::new(), None);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quote) {
            ('\'' | '"', None) => quote = Some(c),
            (q, Some(open)) if q == open => quote = None,
            ('#', None) if piece.is_empty() || piece.ends_with(' ') => break,
            (';' | '|' | '&', None) => {
                if chars.peek() == Some(&c) {
                    chars.next();
                }
                pieces.push(std::mem::take(&mut piece));
                continue;
            }
            _ => {}
        }
        piece.push(c);
    }
    pieces.push(piece);
    pieces
        .iter()
        .filter_map(|p| shlex::split(p))
        .map(|words| {
            // A synopsis writes optional parts in brackets: `[--out DIR]`.
            let words = words.into_iter().map(|w| w.replace(['[', ']'], ""));
            words.filter(|w| !w.is_empty()).collect()
        })
        .collect()
}

/// The arguments given to rccost by a simple command, if it runs rccost
/// (`rccost …`, `target/release/rccost …`, `cargo run [--release] -- …`).
fn rccost_words(words: &[String]) -> Option<Vec<String>> {
    let program = words.iter().position(|w| !w.contains('='))?;
    let words = &words[program..];
    if words[0] == "cargo" && words.get(1).is_some_and(|w| w == "run") {
        let dashes = words.iter().position(|w| w == "--")?;
        return Some(words[dashes + 1..].to_vec());
    }
    (Path::new(&words[0]).file_name()? == "rccost").then(|| words[1..].to_vec())
}

/// The value of `--name VALUE` or `--name=VALUE`.
fn option<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    let eq = format!("{name}=");
    args.iter().enumerate().find_map(|(i, a)| {
        if a == name {
            args.get(i + 1).map(String::as_str)
        } else {
            a.strip_prefix(&eq)
        }
    })
}

/// The files a run of rccost with `args` writes, one for each place it writes
/// into: its `--out` (or the command's default) — for a folder, a file the
/// command writes there —, `init`'s folder with the README.md it writes, and
/// any `>` redirection of the shell command. `-` (standard output) is none,
/// and so is a synopsis's placeholder (`--out DIR`): the reader's own choice.
fn written_files(args: &[String], redirects: &[String]) -> Vec<String> {
    let mut out: Vec<String> = redirects.to_vec();
    let Some(command) = args.iter().find(|a| !a.starts_with('-')) else {
        return out;
    };
    let (default, file) = match command.as_str() {
        "plot" => ("output", Some("cost-per-month.svg")),
        "usage" => ("output", Some("usage.csv")),
        "report" => ("output/report", Some("costs.csv")),
        "explore" => ("output/explore", Some("index.html")),
        "export" => ("output/costs.csv", None),
        "init" => {
            let dir = init_folder(args).filter(|d| !is_placeholder(d));
            out.extend(dir.map(|dir| format!("{dir}/README.md")));
            return out;
        }
        _ => return out,
    };
    let place = option(args, "--out").unwrap_or(default);
    if place != "-" && !is_placeholder(place) {
        out.push(match file {
            Some(file) => format!("{place}/{file}"),
            None => place.to_string(),
        });
    }
    out
}

/// A synopsis's stand-in for a path: `DIR`, `FILE`, `OUT_DIR`.
fn is_placeholder(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_ascii_uppercase() || c == '_')
}

/// The folder `rccost init` is given: its first word that is no option (nor
/// `--scenario`'s value).
fn init_folder(args: &[String]) -> Option<String> {
    let mut words = args.iter().skip_while(|a| *a != "init").skip(1);
    while let Some(word) = words.next() {
        if word == "--scenario" {
            words.next();
        } else if !word.starts_with('-') {
            return Some(word.clone());
        }
    }
    None
}

/// The words of a simple command without its redirections, and the files
/// they write to (`> file`, `>file`, `>> file`, `2> file`).
fn split_redirects(words: &[String]) -> (Vec<String>, Vec<String>) {
    let (mut kept, mut targets) = (Vec::new(), Vec::new());
    let mut words = words.iter();
    while let Some(word) = words.next() {
        let rest = word.trim_start_matches(|c: char| c.is_ascii_digit());
        match rest.strip_prefix('>').map(|r| r.trim_start_matches('>')) {
            Some("") => targets.extend(words.next().cloned()),
            Some(file) => targets.push(file.to_string()),
            None => kept.push(word.clone()),
        }
    }
    (kept, targets)
}

/// The repository's .gitignore, as git reads it.
fn gitignore(root: &Path) -> Gitignore {
    let mut builder = GitignoreBuilder::new(root);
    if let Some(error) = builder.add(root.join(".gitignore")) {
        panic!("{}/.gitignore: {error}", root.display());
    }
    builder.build().expect("a .gitignore whose patterns build")
}

fn is_ignored(gitignore: &Gitignore, path: &Path, is_dir: bool) -> bool {
    gitignore
        .matched_path_or_any_parents(path, is_dir)
        .is_ignore()
}

/// Whether writing `file` (as a command gives it, run from the repository's
/// root as `cargo run` is) would show in `git status`: it lies inside the tree
/// and .gitignore does not ignore it.
fn shows_in_git_status(gitignore: &Gitignore, file: &str) -> bool {
    if file.starts_with(['/', '~', '$']) {
        return false;
    }
    match normalise(Path::new(file)) {
        None => false, // outside the tree
        Some(path) => !is_ignored(gitignore, &path, false),
    }
}

/// Every documented command that would write into the repository where git
/// sees it and is not one of `pinned` (as arguments to rccost), as
/// `file:line: why`.
fn unpinned_writes(root: &Path, docs: &[Doc], pinned: &[Vec<String>]) -> Vec<String> {
    let gitignore = gitignore(root);
    let mut problems = Vec::new();
    for doc in docs {
        for documented in commands(&doc.text) {
            for words in simple_commands(&documented.command) {
                let (words, redirects) = split_redirects(&words);
                let Some(args) = rccost_words(&words) else {
                    continue;
                };
                if pinned.contains(&args) {
                    continue;
                }
                for file in written_files(&args, &redirects) {
                    if shows_in_git_status(&gitignore, &file) {
                        problems.push(format!(
                            "{}:{}: `{}` writes {file}, which git would see; \
                             write into output/ or outside the repository, or make it one of committed::REGENERATE",
                            doc.path.display(),
                            documented.line,
                            documented.command
                        ));
                    }
                }
            }
        }
    }
    problems
}

fn pinned() -> Vec<Vec<String>> {
    REGENERATE.iter().map(|c| rccost_args(c)).collect()
}

/// The files under `root` that git would list (every file .gitignore does not
/// ignore; `.git` left out), with their bytes.
fn visible_files(root: &Path, gitignore: &Gitignore) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut folders = vec![PathBuf::new()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(root.join(&folder)).expect("a readable folder") {
            let entry = entry.expect("a directory entry");
            let path = folder.join(entry.file_name());
            let is_dir = entry.file_type().expect("a file type").is_dir();
            if path == Path::new(".git") || is_ignored(gitignore, &path, is_dir) {
                continue;
            }
            if is_dir {
                folders.push(path);
            } else {
                let bytes = fs::read(root.join(&path)).expect("a readable file");
                files.insert(path, bytes);
            }
        }
    }
    files
}

/// What `git status` would say between two listings: files gone, changed, new.
fn status(before: &BTreeMap<PathBuf, Vec<u8>>, after: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<String> {
    let gone = before
        .keys()
        .filter(|p| !after.contains_key(*p))
        .map(|p| format!("deleted: {}", p.display()));
    let changed = after
        .iter()
        .filter_map(|(path, bytes)| match before.get(path) {
            None => Some(format!("new: {}", path.display())),
            Some(old) if old != bytes => Some(format!("modified: {}", path.display())),
            Some(_) => None,
        });
    gone.chain(changed).collect()
}

/// `~` and `~/…` as the shell reads them, with `home` as the home folder.
fn expand_home(word: &str, home: &Path) -> PathBuf {
    match word.strip_prefix('~') {
        Some("") => home.to_path_buf(),
        Some(rest) if rest.starts_with('/') => home.join(&rest[1..]),
        _ => PathBuf::from(word),
    }
}

/// `cargo test` is this very run; `cargo install` builds a release binary for
/// minutes and puts it in ~/.cargo/bin, outside the clone (its build folder,
/// `target/`, is ignored).
fn is_skipped(words: &[String]) -> bool {
    let set_up =
        words.first().is_some_and(|w| w == "rustup") && words.get(1).is_some_and(|w| w == "target");
    set_up
        || words.first().is_some_and(|w| w == "cargo")
            && words.get(1).is_some_and(|w| w == "test" || w == "install")
}

/// Runs one simple command of the README in `clone` with `home` as the home
/// folder; `None` when it succeeded and printed every line the README shows
/// under it (`…` stands for lines left out).
fn run_one(documented: &Documented, words: &[String], clone: &Path, home: &Path) -> Option<String> {
    if is_skipped(words) {
        return None;
    }
    let (words, redirects) = split_redirects(words);
    let Some(args) = rccost_words(&words) else {
        return Some("is a command this test neither runs nor knows to skip".into());
    };
    if !redirects.is_empty() {
        return Some("redirects its output, which this test does not follow".into());
    }
    let args = args.iter().map(|a| expand_home(a, home));
    let out = crate::rccost(clone)
        .env("HOME", home)
        .args(args)
        .output()
        .expect("rccost runs");
    if !out.status.success() {
        return Some(format!("fails: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let printed = String::from_utf8_lossy(&out.stdout);
    let missing: Vec<&String> = documented
        .shown
        .iter()
        .filter(|line| line.trim() != "…" && !printed.lines().any(|p| p == line.as_str()))
        .collect();
    (!missing.is_empty()).then(|| format!("does not print {missing:#?}"))
}

/// Runs the README's commands in a copy of the files git sees under `root`,
/// as a newcomer would in a fresh clone, and returns every problem: a command
/// that fails or does not print what the README shows, and every file the
/// commands changed where git sees it.
fn run_readme_in_a_clone(root: &Path) -> Vec<String> {
    let gitignore = gitignore(root);
    let before = visible_files(root, &gitignore);
    let (clone, home) = (crate::temp(), crate::temp());
    for (path, bytes) in &before {
        let path = clone.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    let readme = fs::read_to_string(root.join("README.md")).expect("README.md");
    let mut problems = Vec::new();
    for documented in commands(&readme) {
        for words in simple_commands(&documented.command) {
            if let Some(problem) = run_one(&documented, &words, clone.path(), home.path()) {
                let (line, command) = (documented.line, &documented.command);
                problems.push(format!("README.md:{line}: `{command}` {problem}"));
            }
        }
    }
    problems.extend(status(&before, &visible_files(clone.path(), &gitignore)));
    problems
}

#[test]
fn every_link_in_the_docs_resolves() {
    let root = repository();
    let docs = docs_under(&root);
    assert!(docs.len() >= 11, "README.md, ARCHITECTURE.md and docs/*.md");
    let count: usize = docs.iter().map(|d| links(&d.text).len()).sum();
    assert!(count >= 40, "the docs link to each other: {count} links");
    let problems = broken_links(&root, &docs);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_documented_command_writes_where_git_sees_it() {
    let root = repository();
    let docs = docs_under(&root);
    let count: usize = docs.iter().map(|d| commands(&d.text).len()).sum();
    assert!(count >= 40, "the docs give commands: {count} found");
    let problems = unpinned_writes(&root, &docs, &pinned());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Issue 18: run in a clone, every command of the README leaves `git status`
/// clean; and they all work, printing what the README shows.
#[test]
fn the_readme_commands_leave_a_clone_clean() {
    let root = repository();
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    let given = commands(&readme);
    assert!(
        given.len() >= 8,
        "the README gives commands: {}",
        given.len()
    );
    let problems = run_readme_in_a_clone(&root);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Issue 18: a README a newcomer reads, opening with the two commands.
#[test]
fn the_readme_is_short_and_opens_with_the_two_commands() {
    let readme = fs::read_to_string(repository().join("README.md")).unwrap();
    let lines = readme.lines().count();
    assert!(
        lines <= 250,
        "README.md has {lines} lines; the reference goes in docs/"
    );
    let first: Vec<String> = commands(&readme)
        .into_iter()
        .take(2)
        .map(|c| c.command)
        .collect();
    assert!(
        first[0].starts_with("cargo run --release -- plot --users 1..30 "),
        "{first:?}"
    );
    assert!(first[1].starts_with("cargo test "), "{first:?}");
}

/// The regeneration instructions are the commands the golden tests run, so
/// following them reproduces tests/golden/ byte for byte; and git sees the
/// golden files but not what the other commands write into output/.
#[test]
fn the_docs_give_the_commands_that_regenerate_the_golden_files() {
    let root = repository();
    let testing = fs::read_to_string(root.join("docs/testing.md")).unwrap();
    let given: Vec<String> = commands(&testing).into_iter().map(|c| c.command).collect();
    for command in REGENERATE {
        assert!(
            given.iter().any(|g| g.trim() == command),
            "docs/testing.md gives `{command}` in a sh block"
        );
    }
    let gitignore = gitignore(&root);
    assert!(is_ignored(
        &gitignore,
        Path::new("output/cost-per-month.png"),
        false
    ));
    assert!(is_ignored(
        &gitignore,
        Path::new("output/report/report.md"),
        false
    ));
    assert!(!is_ignored(
        &gitignore,
        Path::new("output/README.md"),
        false
    ));
    assert!(!is_ignored(
        &gitignore,
        Path::new("tests/golden/costs.csv"),
        false
    ));
}

/// A fake repository to try the checks on: .gitignore as the real one,
/// output/README.md, docs/guide.md, a committed costs.csv and `readme`.
fn fake_repository(readme: &str) -> tempfile::TempDir {
    let dir = crate::temp();
    let root = dir.path();
    for folder in ["docs", "output", "pricing/current", "tests/golden"] {
        fs::create_dir_all(root.join(folder)).unwrap();
    }
    let ignore = "/target\n/output/*\n!/output/README.md\n";
    fs::write(root.join(".gitignore"), ignore).unwrap();
    fs::write(root.join("output/README.md"), "# output/\n").unwrap();
    fs::write(
        root.join("docs/guide.md"),
        "# The guide\n\n## Hidden costs\n",
    )
    .unwrap();
    fs::write(root.join("chart.png"), "").unwrap();
    fs::write(root.join("costs.csv"), "kept\n").unwrap();
    fs::write(root.join("README.md"), readme).unwrap();
    dir
}

/// The checks find what is wrong: broken links, and commands that write
/// where git sees it.
#[test]
fn the_checks_fail_on_broken_links_and_unpinned_writes() {
    let readme = "# Title\n\n\
        [guide](docs/guide.md) [costs](docs/guide.md#hidden-costs) [top](#title)\n\
        ![chart](chart.png) [site](https://example.com/x.md) `[not a link](gone.md)`\n\
        [gone](docs/gone.md) ![missing](missing.png) [bad anchor](docs/guide.md#hidden-cost)\n\
        [elsewhere](docs/reliability.md) [out](../elsewhere.md)\n\n\
        ```sh\n\
        rccost plot --users 1..30\n\
        rccost export --users 1..30 --out -\n\
        rccost usage messages.json --out usage\n\
        cargo run --release -- plot --users 1..30 --out tests/golden   # not pinned\n\
        rccost init pricing/current --force\n\
        mkdir -p x && rccost man > docs/rccost.1\n\
        rccost export --users 1..30 \\\n  --out=pricing/current/costs.csv\n\
        rccost init output --force\n\
        rccost report --out ~/post && rccost plot --out ../elsewhere\n\
        rccost plot --out output/current && rccost export --out output/report/x.csv && rccost init DIR && rccost report [--out DIR]\n\
        ```\n\n\
        ```text\n$ rccost report --out tests/golden/report\nrccost plot --out docs\n```\n\n\
        Pinned: `cargo run --release -- plot --users 1..30 --as-of 2026-11-25 --out tests/golden`\n";
    let dir = fake_repository(readme);
    let root = dir.path();
    let docs = docs_under(root);
    assert_eq!(docs.len(), 3, "README.md, output/README.md, docs/guide.md");

    let links = broken_links(root, &docs);
    let expected = [
        "README.md:5: link to `docs/gone.md`: no such file",
        "README.md:5: link to `missing.png`: no such file",
        "README.md:5: link to `docs/guide.md#hidden-cost`: no heading #hidden-cost in docs/guide.md",
        "README.md:6: link to `docs/reliability.md`: no such file",
        "README.md:6: link to `../elsewhere.md` leaves the repository",
    ];
    assert_eq!(links, expected);

    let writes = unpinned_writes(root, &docs, &pinned());
    let lines: Vec<&str> = writes
        .iter()
        .map(|w| w.split(": `").next().unwrap())
        .collect();
    let expected = [
        "README.md:11",
        "README.md:12",
        "README.md:13",
        "README.md:14",
        "README.md:15",
        "README.md:17",
        "README.md:23",
    ];
    assert_eq!(lines, expected, "{writes:#?}");
    assert!(
        writes[0].contains("writes usage/usage.csv"),
        "{}",
        writes[0]
    );
    assert!(writes[3].contains("writes docs/rccost.1"), "{}", writes[3]);
    assert!(writes[4].contains("writes pricing/current/costs.csv"));
    assert!(
        writes[5].contains("writes output/README.md"),
        "{}",
        writes[5]
    );
}

/// The clone check finds what is wrong: a command that fails, one it does not
/// know, output the README shows but rccost does not print, and files changed
/// or added where git sees them (but not in output/).
#[test]
fn the_clone_check_fails_on_changed_files_and_wrong_commands() {
    let readme = "# Title\n\n\
        ```sh\n\
        rccost export --users 1..3 --out output/x.csv\n\
        rccost export --users 1..3 --out costs.csv\n\
        rccost plot --users 1..3 --format svg --out docs\n\
        make all\n\
        rccost plot --users 0..3\n\
        cargo test\n\
        ```\n\n\
        ```text\n\
        $ rccost breakeven --users 1..30\n\
        …\n\
        \x20 From 23 users on, HipChat Server (licence only) is cheaper than Slack Standard ($150.00 against $153.41 a month at 23; the two cost lines cross at 22.49 users).\n\
        A line rccost never prints.\n\
        ```\n";
    let dir = fake_repository(readme);
    let problems = run_readme_in_a_clone(dir.path());
    let heads: Vec<&str> = problems
        .iter()
        .map(|p| p.split(['`', '\n']).next().unwrap().trim_end())
        .collect();
    assert_eq!(
        heads,
        [
            "README.md:7:",
            "README.md:8:",
            "README.md:13:",
            "modified: costs.csv",
            "new: docs/breakeven-map.svg",
            "new: docs/cost-per-month.svg",
            "new: docs/cost-per-user.svg",
            "new: docs/cumulative-cost.svg",
        ],
        "{problems:#?}"
    );
    assert!(problems[0].contains("neither runs nor knows to skip"));
    assert!(problems[1].contains("fails: "), "{}", problems[1]);
    assert!(
        problems[2].contains("A line rccost never prints."),
        "{}",
        problems[2]
    );
    assert!(!problems[2].contains("From 23 users on"), "{}", problems[2]);
}

#[test]
fn headings_get_github_anchors() {
    let text = "# rccost\n## How sure is \"from 27 users\"?\n### `table --format json` and `export --format json`\n## Notes\n## Notes\n";
    assert_eq!(
        anchors(text),
        [
            "rccost",
            "how-sure-is-from-27-users",
            "table---format-json-and-export---format-json",
            "notes",
            "notes-1"
        ]
    );
}
