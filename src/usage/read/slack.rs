//! Slack exports: the `.zip` or the unpacked folder (`channel/YYYY-MM-DD.json`
//! arrays, `users.json` for the member count).

use std::borrow::Cow;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::value::RawValue;

use super::record::{Batch, EXPECTED, Kind, Malformed, ReadError, bad_record, hash};
use crate::usage::time::parse_slack_ts;

#[derive(Deserialize)]
struct SlackMessage<'a> {
    #[serde(borrow, default)]
    ts: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    subtype: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    user: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    bot_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    username: Option<Cow<'a, str>>,
}

/// A Slack day file (`channel/YYYY-MM-DD.json`), a JSON array of messages.
fn slack_day(
    text: &[u8],
    channel: &str,
    file: &str,
    strict: bool,
    batch: &mut Batch,
    bad: &mut Vec<Malformed>,
) -> Result<(), ReadError> {
    let values: Vec<&RawValue> = match serde_json::from_slice(text) {
        Ok(v) => v,
        Err(e) => {
            let why = format!("not a JSON array of messages: {e}");
            return bad_record(bad, strict, file, e.line() as u64, why);
        }
    };
    for (i, raw) in values.iter().enumerate() {
        if let Err(why) = slack_message(raw.get(), channel, batch) {
            // Numbered by place in the array; a skipped one also says so in words.
            let line = i as u64 + 1;
            let why = if strict {
                why
            } else {
                format!("message {line}: {why}")
            };
            bad_record(bad, strict, file, line, why)?;
        }
    }
    Ok(())
}

/// One message of a day file, counted by its subtype.
fn slack_message(json: &str, channel: &str, batch: &mut Batch) -> Result<(), String> {
    let m = serde_json::from_str::<SlackMessage>(json).map_err(|e| e.to_string())?;
    let ts_text = m.ts.as_deref().ok_or("no `ts`")?;
    let ts = parse_slack_ts(ts_text)
        .ok_or_else(|| format!("`ts` {ts_text:?} is not a Slack timestamp"))?;
    let kind = match m.subtype.as_deref() {
        // Edits and deletions are not new messages.
        Some("message_changed" | "message_deleted") => return Ok(()),
        Some("bot_message") => Kind::Bot,
        _ if m.bot_id.is_some() && m.user.is_none() => Kind::Bot,
        None | Some("file_share" | "me_message" | "thread_broadcast") => Kind::User,
        Some(_) => Kind::System,
    };
    let user = m.user.as_deref().or(m.username.as_deref());
    batch.push(ts, user, kind, Some(hash(&["slack", channel, ts_text])));
    Ok(())
}

/// `channel/YYYY-MM-DD.json` → the channel, for a day file's path inside an export.
fn slack_channel(path: &str) -> Option<&str> {
    let (dir, name) = path.trim_end_matches('/').rsplit_once('/')?;
    let day = name.strip_suffix(".json")?;
    let ok = day.len() == 10 && day.as_bytes()[4] == b'-' && day.as_bytes()[7] == b'-';
    ok.then(|| dir.rsplit('/').next().unwrap_or(dir))
}

/// Member names from `users.json` (for cost at "all users seen").
fn slack_members(text: &[u8]) -> Option<usize> {
    let users: Vec<serde_json::Value> = serde_json::from_slice(text).ok()?;
    Some(
        users
            .iter()
            .filter(|u| {
                !u["deleted"].as_bool().unwrap_or(false) && !u["is_bot"].as_bool().unwrap_or(false)
            })
            .count(),
    )
}

/// Whether a folder looks like an unpacked Slack export: `users.json` or
/// `channels.json` at the top, or a day file in a folder below it.
pub(super) fn looks_like_export(dir: &Path) -> bool {
    let top = ["users.json", "channels.json", "org_users.json"];
    if top.iter().any(|name| dir.join(name).is_file()) {
        return true;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries
        .flatten()
        .filter(|e| e.path().is_dir())
        .any(|channel| {
            std::fs::read_dir(channel.path()).is_ok_and(|days| {
                days.flatten().any(|day| {
                    let name = day.file_name().to_string_lossy().into_owned();
                    slack_channel(&format!("/c/{name}")).is_some()
                })
            })
        })
}

/// The most one file of an export may hold (unpacked): Slack's day files and
/// `users.json` are a few megabytes at most, so more is a broken or hostile
/// export (a zip bomb), refused before it fills memory.
const MAX_FILE: u64 = 256 << 20;

fn too_big() -> String {
    format!(
        "holds more than {} MB unpacked; a Slack day file or users.json is a few MB at most",
        MAX_FILE >> 20
    )
}

/// Reads a Slack export, a folder or a `.zip`, in the order of its file names.
pub(super) fn read_slack(
    path: &Path,
    strict: bool,
    bad: &mut Vec<Malformed>,
    sink: &mut dyn FnMut(Batch),
    members: &mut Option<usize>,
) -> Result<(), ReadError> {
    let mut export = Export {
        strict,
        bad,
        sink,
        members,
        batch: Batch::default(),
    };
    if path.is_dir() {
        read_folder(path, &mut export)?;
    } else {
        read_zip(path, &mut export)?;
    }
    (export.sink)(export.batch);
    Ok(())
}

/// Where the files of an export go: day files into batches for `sink`, the
/// member count into `members`.
struct Export<'a> {
    strict: bool,
    bad: &'a mut Vec<Malformed>,
    sink: &'a mut dyn FnMut(Batch),
    members: &'a mut Option<usize>,
    batch: Batch,
}

impl Export<'_> {
    /// A day file of `bytes` bytes in the input (`file` names it in messages).
    fn day(&mut self, text: &[u8], channel: &str, file: &str, bytes: u64) -> Result<(), ReadError> {
        self.batch.bytes += bytes;
        slack_day(text, channel, file, self.strict, &mut self.batch, self.bad)?;
        if self.batch.messages.len() >= 1 << 18 {
            (self.sink)(std::mem::take(&mut self.batch));
        }
        Ok(())
    }
}

/// An unpacked export: `users.json` at the top, day files in channel folders;
/// only those files are read.
fn read_folder(path: &Path, export: &mut Export<'_>) -> Result<(), ReadError> {
    let mut files: Vec<PathBuf> = Vec::new();
    walk(path, &mut files)
        .map_err(|e| ReadError::Input(format!("cannot list {}: {e}", path.display())))?;
    files.sort();
    for file in files {
        let rel = file
            .strip_prefix(path)
            .unwrap_or(&file)
            .to_string_lossy()
            .replace('\\', "/");
        let read = || {
            if std::fs::metadata(&file).is_ok_and(|m| m.len() > MAX_FILE) {
                return Err(ReadError::Input(format!(
                    "{}: {}",
                    file.display(),
                    too_big()
                )));
            }
            std::fs::read(&file)
                .map_err(|e| ReadError::Input(format!("cannot read {}: {e}", file.display())))
        };
        if rel == "users.json" || rel == "org_users.json" {
            *export.members = slack_members(&read()?);
        } else if let Some(channel) = slack_channel(&format!("/{rel}")) {
            let text = read()?;
            let name = file.display().to_string();
            export.day(&text, channel, &name, text.len() as u64)?;
        }
    }
    Ok(())
}

/// A `.zip` export: every entry is unpacked; `users.json` in any folder.
fn read_zip(path: &Path, export: &mut Export<'_>) -> Result<(), ReadError> {
    let f = File::open(path)
        .map_err(|e| ReadError::Input(format!("cannot read {}: {e}", path.display())))?;
    let mut zip = zip::ZipArchive::new(f)
        .map_err(|e| ReadError::Input(format!("{}: not a readable zip: {e}", path.display())))?;
    let mut names: Vec<String> = zip.file_names().map(String::from).collect();
    names.sort();
    if !names
        .iter()
        .any(|n| slack_channel(&format!("/{n}")).is_some())
    {
        return Err(not_slack_zip(path, &names));
    }
    for name in names {
        let entry_error = |e: &dyn std::fmt::Display| {
            ReadError::Input(format!("{}: {name}: {e}", path.display()))
        };
        let base = name.rsplit('/').next().unwrap_or(&name);
        let members = base == "users.json" || base == "org_users.json";
        let rooted = format!("/{name}");
        let channel = slack_channel(&rooted);
        if !members && channel.is_none() {
            continue; // not unpacked: only day files and users.json are read
        }
        let mut entry = zip.by_name(&name).map_err(|e| entry_error(&e))?;
        if entry.size() > MAX_FILE {
            return Err(entry_error(&too_big()));
        }
        // The size in the header may lie; what is unpacked is bounded.
        let mut text = Vec::with_capacity(entry.size().min(1 << 20) as usize);
        (&mut entry)
            .take(MAX_FILE + 1)
            .read_to_end(&mut text)
            .map_err(|e| entry_error(&e))?;
        if text.len() as u64 > MAX_FILE {
            return Err(entry_error(&too_big()));
        }
        if members {
            *export.members = slack_members(&text);
        } else if let Some(channel) = channel {
            let file = format!("{}:{name}", path.display());
            export.day(&text, channel, &file, entry.compressed_size())?;
        }
    }
    Ok(())
}

/// Why a `.zip` with no day files is not read, from the names it holds.
fn not_slack_zip(path: &Path, names: &[String]) -> ReadError {
    let what = if names.iter().any(|n| n == "[Content_Types].xml") {
        "an Office document (.xlsx, .docx, …), not a Slack export; save the sheet as CSV"
            .to_string()
    } else if names.is_empty() {
        "an empty zip".to_string()
    } else {
        let shown: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
        format!(
            "a zip without Slack day files (channel/YYYY-MM-DD.json); it holds {}{}",
            shown.join(", "),
            if names.len() > 5 { ", …" } else { "" }
        )
    };
    ReadError::Input(format!("{} is {what}; {EXPECTED}", path.display()))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}
