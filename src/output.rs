//! The one place that writes results: whole files via a temporary file and a
//! rename (a failure never leaves a half-written file or damages an earlier
//! one), or standard output for `-`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Where an output goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Stdout,
    File(PathBuf),
}

impl Target {
    /// `-` is standard output; anything else a file path.
    pub fn parse(text: &str) -> Target {
        if text == "-" {
            Target::Stdout
        } else {
            Target::File(PathBuf::from(text))
        }
    }
}

pub fn write(target: &Target, bytes: &[u8]) -> Result<()> {
    match target {
        Target::Stdout => stdout(bytes),
        Target::File(path) => write_file(path, bytes),
    }
}

/// Writes to standard output; a reader that went away (`| head`) is not an error.
pub fn stdout(bytes: &[u8]) -> Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes).and_then(|_| out.flush()).map_err(|e| {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Error::BrokenPipe
        } else {
            Error::Output(format!("cannot write to standard output: {e}"))
        }
    })
}

/// Writes `bytes` to `path` atomically, creating its folder if needed.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    check_file_name(path)?;
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if path.is_dir() {
        return Err(Error::Output(format!(
            "cannot write {}: it is a folder",
            path.display()
        )));
    }
    // A device or a pipe (/dev/null, a FIFO) is written into, never replaced.
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
    {
        return write_into(path, bytes);
    }
    if let Some(blocker) = folder
        .ancestors()
        .find(|p| p.exists())
        .filter(|p| !p.is_dir())
    {
        return Err(Error::Output(format!(
            "cannot write {}: {} is a file, not a folder",
            path.display(),
            blocker.display()
        )));
    }
    replace_atomically(path, &folder, bytes)
}

/// Refuses a name that is empty or ends in a separator, before anything is made.
fn check_file_name(path: &Path) -> Result<()> {
    let text = path.as_os_str().to_string_lossy();
    if text.is_empty() {
        return Err(Error::Input(
            "the output file name is empty; give a path, or - for standard output".into(),
        ));
    }
    if text.ends_with(std::path::MAIN_SEPARATOR) {
        return Err(Error::Input(format!(
            "{text} ends in '{}', so it names a folder; give a file name, e.g. {text}costs.csv",
            std::path::MAIN_SEPARATOR
        )));
    }
    Ok(())
}

/// "cannot write PATH: WHAT: ERROR".
fn failure(path: &Path, what: &str, e: &dyn std::fmt::Display) -> Error {
    Error::Output(format!("cannot write {}: {what}: {e}", path.display()))
}

/// Writes into a device or a pipe as it is.
fn write_into(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|e| failure(path, "cannot open it", &e))?;
    f.write_all(bytes)
        .and_then(|_| f.flush())
        .map_err(|e| failure(path, "writing failed", &e))
}

/// A temporary file beside the target, renamed over it once whole: a reader
/// never sees half a file, and a failure leaves the old one in place.
fn replace_atomically(path: &Path, folder: &Path, bytes: &[u8]) -> Result<()> {
    let fail = |what: &str, e: &dyn std::fmt::Display| failure(path, what, e);
    std::fs::create_dir_all(folder).map_err(|e| {
        fail(
            &format!("cannot create the folder {}", folder.display()),
            &e,
        )
    })?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".rccost-").suffix(".tmp");
    // A temporary file is private (0600) by default; the result is an ordinary file.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut temp = builder
        .tempfile_in(folder)
        .map_err(|e| fail("cannot create a temporary file beside it", &e))?;
    temp.write_all(bytes)
        .and_then(|_| temp.flush())
        .map_err(|e| fail("writing failed", &e))?;
    temp.persist(path)
        .map_err(|e| fail("cannot move the finished file into place", &e.error))?;
    Ok(())
}

/// Writes several files, each atomically; all are rendered before any is written.
/// If one fails, the message says which ones were already replaced.
pub fn write_files(files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    for (i, (path, bytes)) in files.iter().enumerate() {
        if let Err(error) = write_file(path, bytes) {
            let done: Vec<String> = files[..i]
                .iter()
                .map(|(p, _)| p.display().to_string())
                .collect();
            if done.is_empty() {
                return Err(error);
            }
            return Err(Error::Output(format!(
                "{error} (already written: {})",
                done.join(", ")
            )));
        }
    }
    Ok(())
}

/// The paths among `files` that exist already (a file, a folder or anything else).
pub fn existing(files: &[(PathBuf, Vec<u8>)]) -> Vec<PathBuf> {
    files
        .iter()
        .filter(|(path, _)| std::fs::symlink_metadata(path).is_ok())
        .map(|(path, _)| path.clone())
        .collect()
}
