//! The one place that writes results: whole files via a temporary file and a
//! rename (a failure never leaves a half-written file or damages an earlier
//! one), or standard output for `-`. The temporary files being written are
//! listed, so that a signal (Ctrl-C, SIGTERM) can remove them before the
//! process ends: a process ended by a signal runs no destructors.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

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
    let staged = stage(path, bytes)?;
    commit(vec![staged])
}

/// Writes several files, each whole: every one is first written beside its
/// target, then all are moved into place together, so an error or a signal
/// before that leaves every earlier file as it was. If moving one fails, the
/// message says which ones were already replaced.
pub fn write_files(files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    let mut staged = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        match stage(path, bytes) {
            Ok(s) => staged.push(s),
            Err(error) => {
                staged.into_iter().for_each(Staged::discard);
                return Err(error);
            }
        }
    }
    commit(staged)
}

/// [`write_files`] for files made one at a time, possibly on several threads:
/// each is written beside its target as soon as it is made (so writing one
/// overlaps with making the next), and [`Batch::commit`] moves them all into
/// place together, in the order of their numbers. A batch dropped without a
/// commit removes what it wrote.
#[derive(Default)]
pub struct Batch {
    staged: Mutex<Vec<(usize, Result<Staged>)>>,
}

impl Batch {
    /// Writes file number `index` beside `path`; an error waits for the commit.
    pub fn stage(&self, index: usize, path: &Path, bytes: &[u8]) {
        let staged = stage(path, bytes);
        let mut all = self.staged.lock().unwrap_or_else(PoisonError::into_inner);
        all.push((index, staged));
    }

    /// Moves every staged file into place, or, if one could not be written,
    /// removes them all and returns that error (the first one by number).
    pub fn commit(self) -> Result<()> {
        let mut all =
            std::mem::take(&mut *self.staged.lock().unwrap_or_else(PoisonError::into_inner));
        all.sort_by_key(|(i, _)| *i);
        let mut staged = Vec::with_capacity(all.len());
        let mut first_error = None;
        for (_, s) in all {
            match s {
                Ok(s) => staged.push(s),
                Err(e) => first_error = first_error.or(Some(e)),
            }
        }
        if let Some(error) = first_error {
            staged.into_iter().for_each(Staged::discard);
            return Err(error);
        }
        commit(staged)
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        let all = std::mem::take(
            self.staged
                .get_mut()
                .unwrap_or_else(PoisonError::into_inner),
        );
        all.into_iter()
            .filter_map(|(_, s)| s.ok())
            .for_each(Staged::discard);
    }
}

/// The temporary files being written (their paths), removed by a signal.
static WRITING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn writing() -> MutexGuard<'static, Vec<PathBuf>> {
    WRITING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes every temporary file being written and stops any other from being
/// started or moved into place, for a signal handler that then ends the
/// process. Files already moved into place stay: each is whole.
pub fn remove_temporary_files() {
    let writing = writing();
    for path in writing.iter() {
        let _ = std::fs::remove_file(path);
    }
    // Held until the process ends: the writer waits instead of renaming.
    std::mem::forget(writing);
}

/// Tests only: pause this many milliseconds half-way through each temporary
/// file, so that a test can send a signal while one is half-written.
const PAUSE: &str = "RCCOST_TEST_PAUSE_WRITES_MS";

/// A file written beside its target and not yet in place, or a device or pipe
/// to write into (never replaced) once the files are in place.
enum Staged {
    Temp {
        path: PathBuf,
        temp: tempfile::NamedTempFile,
    },
    Device {
        path: PathBuf,
        bytes: Vec<u8>,
    },
}

impl Staged {
    /// Removes the temporary file, which will not be used.
    fn discard(self) {
        if let Staged::Temp { temp, .. } = self {
            let temp_path = temp.path().to_path_buf();
            drop(temp); // deletes it
            writing().retain(|p| *p != temp_path);
        }
    }
}

/// Refuses, before anything is made, a path that cannot be written: no name,
/// a name that ends in a separator, a folder, or a file where a folder on the
/// way should be. Commands call it on their first output before they draw or
/// read anything, so a typo in `--out` costs nothing.
pub fn check(path: &Path) -> Result<()> {
    check_file_name(path)?;
    if path.is_dir() {
        return Err(Error::Output(format!(
            "cannot write {}: it is a folder",
            path.display()
        )));
    }
    if let Some(blocker) = folder_of(path)
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
    Ok(())
}

/// The folder `path` goes into (`.` for a bare file name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Checks `path` and writes `bytes` into a temporary file beside it.
fn stage(path: &Path, bytes: &[u8]) -> Result<Staged> {
    check(path)?;
    // A device or a pipe (/dev/null, a FIFO) is written into, never replaced.
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
    {
        return Ok(Staged::Device {
            path: path.to_path_buf(),
            bytes: bytes.to_vec(),
        });
    }
    let temp = temporary_file(path, &folder_of(path), bytes)?;
    Ok(Staged::Temp {
        path: path.to_path_buf(),
        temp,
    })
}

/// Moves the staged files into place (a signal waits until all are), then
/// writes into the devices.
fn commit(staged: Vec<Staged>) -> Result<()> {
    let mut done: Vec<PathBuf> = Vec::new();
    let mut devices = Vec::new();
    let mut staged = staged.into_iter();
    {
        let mut writing = writing();
        while let Some(s) = staged.next() {
            let (path, temp) = match s {
                Staged::Temp { path, temp } => (path, temp),
                Staged::Device { path, bytes } => {
                    devices.push((path, bytes));
                    continue;
                }
            };
            let temp_path = temp.path().to_path_buf();
            let moved = temp.persist(&path);
            writing.retain(|p| *p != temp_path);
            if let Err(e) = moved {
                drop(writing);
                staged.for_each(Staged::discard);
                let error = failure(&path, "cannot move the finished file into place", &e.error);
                return Err(already_written(error, &done));
            }
            done.push(path);
        }
    }
    for (path, bytes) in devices {
        write_into(&path, &bytes).map_err(|e| already_written(e, &done))?;
        done.push(path);
    }
    Ok(())
}

/// The error, saying which files were already replaced, if any.
fn already_written(error: Error, done: &[PathBuf]) -> Error {
    if done.is_empty() {
        return error;
    }
    let done: Vec<String> = done.iter().map(|p| p.display().to_string()).collect();
    Error::Output(format!("{error} (already written: {})", done.join(", ")))
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

/// A temporary file beside the target holding `bytes`, listed in [`WRITING`]
/// from the moment it exists: a reader never sees half a file, and a failure
/// or a signal leaves the old one in place.
fn temporary_file(path: &Path, folder: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile> {
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
    let mut temp = {
        let mut writing = writing();
        let temp = builder
            .tempfile_in(folder)
            .map_err(|e| fail("cannot create a temporary file beside it", &e))?;
        writing.push(temp.path().to_path_buf());
        temp
    };
    preallocate(temp.as_file(), bytes.len());
    let pause = std::env::var(PAUSE).ok().and_then(|ms| ms.parse().ok());
    let half = if pause.is_some() {
        bytes.len() / 2
    } else {
        bytes.len()
    };
    let written = temp.write_all(&bytes[..half]).and_then(|_| {
        if let Some(ms) = pause {
            temp.flush()?;
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
        temp.write_all(&bytes[half..])?;
        temp.flush()
    });
    if let Err(e) = written {
        Staged::Temp {
            path: path.to_path_buf(),
            temp,
        }
        .discard();
        return Err(fail("writing failed", &e));
    }
    Ok(temp)
}

/// The paths among `files` that exist already (a file, a folder or anything else).
pub fn existing(files: &[(PathBuf, Vec<u8>)]) -> Vec<PathBuf> {
    files
        .iter()
        .filter(|(path, _)| std::fs::symlink_metadata(path).is_ok())
        .map(|(path, _)| path.clone())
        .collect()
}

/// Reserves the file's disk space before it is written. ext4 otherwise
/// allocates a file's blocks only when it writes it out, and moving a file
/// over an existing one makes it do that before the move returns (so that a
/// crash cannot leave an empty file): a millisecond for `plot`'s eight files,
/// each moved one after another. With the blocks reserved the move has
/// nothing to wait for. Where reserving is not supported, nothing happens.
#[cfg(target_os = "linux")]
fn preallocate(file: &std::fs::File, len: usize) {
    use std::os::fd::AsRawFd;
    let Ok(len) = libc::off_t::try_from(len) else {
        return;
    };
    if len > 0 {
        // SAFETY: a system call on a descriptor this function borrows; it
        // only reserves space. Its failure is harmless: the file is then
        // written as it would have been.
        unsafe {
            libc::fallocate(file.as_raw_fd(), 0, 0, len);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn preallocate(_file: &std::fs::File, _len: usize) {}
