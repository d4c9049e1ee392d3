//! Opening an input file: as it is, or gunzipped as it is read, counting the
//! bytes taken from the file (the progress bar's measure, compressed or not).

use std::cell::Cell;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::rc::Rc;

use super::record::ReadError;

/// A file being read, and how many of its bytes have been read so far.
pub(super) struct Opened {
    pub reader: Box<dyn Read>,
    pub read_so_far: Rc<Cell<u64>>,
}

impl Opened {
    /// Bytes of the file read so far.
    pub fn bytes(&self) -> u64 {
        self.read_so_far.get()
    }
}

/// Counts the bytes read through it.
pub(super) struct Counted<R> {
    pub inner: R,
    pub count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// `path` opened for reading, gunzipped if `gzip` (every member of the file:
/// `pigz` and concatenated files write several).
pub(super) fn open(path: &Path, gzip: bool) -> Result<Opened, ReadError> {
    let file = File::open(path)
        .map_err(|e| ReadError::Input(format!("cannot read {}: {e}", path.display())))?;
    Ok(wrap(file, gzip))
}

/// Any reader counted, and gunzipped if `gzip`.
pub(super) fn wrap<R: Read + 'static>(inner: R, gzip: bool) -> Opened {
    let count = Rc::new(Cell::new(0));
    let counted = Counted {
        inner,
        count: Rc::clone(&count),
    };
    let reader: Box<dyn Read> = if gzip {
        Box::new(flate2::read::MultiGzDecoder::new(BufReader::with_capacity(
            1 << 20,
            counted,
        )))
    } else {
        Box::new(counted)
    };
    Opened {
        reader,
        read_so_far: count,
    }
}

/// `path` mapped into memory, when it is a plain file (not gzipped, not
/// empty) that can be: its lines are then parsed where the system keeps the
/// file's pages instead of being copied into buffers first. `None` (read it)
/// for anything else, a pipe for one.
///
/// A file mapped is read as it is on disk while it is read: one cut shorter by
/// another program meanwhile ends the process (SIGBUS), as it does ripgrep's,
/// which maps files the same way. An export is not written while it is counted.
pub(super) fn map(path: &Path, gzip: bool) -> Option<std::sync::Arc<memmap2::Mmap>> {
    if gzip {
        return None;
    }
    let file = File::open(path).ok()?;
    let metadata = file.metadata().ok()?;
    if !metadata.is_file() || metadata.len() == 0 {
        return None;
    }
    // SAFETY: the map is only read, and lives as long as the chunks that
    // borrow it (an Arc each). See above for a file changed while mapped.
    let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    #[cfg(unix)]
    let _ = map.advise(memmap2::Advice::Sequential);
    Some(std::sync::Arc::new(map))
}

/// Up to `limit` bytes from the start of `path` (gunzipped if `gzip`): what
/// detection looks at. A gzip stream that is broken early gives what it gave.
pub(super) fn head(path: &Path, gzip: bool, limit: usize) -> Result<Vec<u8>, ReadError> {
    let mut opened = open(path, gzip)?;
    let mut head = Vec::with_capacity(limit);
    let result = (&mut opened.reader)
        .take(limit as u64)
        .read_to_end(&mut head);
    match result {
        Ok(_) => Ok(head),
        Err(_) if gzip => Ok(head),
        Err(e) => Err(ReadError::Input(format!(
            "cannot read {}: {e}",
            path.display()
        ))),
    }
}
