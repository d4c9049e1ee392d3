//! A Rocket.Chat `mongodump` in the shapes a self-hoster keeps it: one
//! `rocketchat_message.bson` (or `.bson.gz`, as `--gzip` writes it), the dump
//! folder or any folder above it, a `.tar` / `.tar.gz` of that folder (read as
//! it streams: nothing is unpacked to disk), or one `--archive` file, plain or
//! gzip'ed. Only the `rocketchat_message` collection is read; the others are
//! stepped over.

use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::bson::{DOCUMENTS, declared_len, document_chunks, plausible_len};
use super::chunks::{Bytes, CHUNK, Chunk, Out, Spares, parse_all};
use super::input::{self, Counted};
use super::record::{Batch, Malformed, Mode, ReadError};
use super::sniff::ARCHIVE_MAGIC;

/// The collection Rocket.Chat keeps its messages in.
pub(super) const MESSAGES: &str = "rocketchat_message";

/// Whether a file name is that of the message collection's dump, and gzip'ed.
pub(super) fn message_dump(name: &str) -> Option<bool> {
    match name.strip_prefix(MESSAGES)? {
        ".bson" => Some(false),
        ".bson.gz" => Some(true),
        _ => None,
    }
}

/// Folders looked into below a folder given as input.
const DEPTH: usize = 6;

/// The message collection's dumps under `dir` (up to six folders down; links
/// are not followed), in name order.
pub(super) fn find_in_folder(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), 0)];
    while let Some((folder, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let name = entry.file_name();
            if kind.is_dir() && depth < DEPTH {
                stack.push((entry.path(), depth + 1));
            } else if kind.is_file() && message_dump(&name.to_string_lossy()).is_some() {
                found.push(entry.path());
            }
        }
    }
    found.sort();
    found
}

/// Reads one stream of BSON documents (a file, a tar entry) into `out`.
fn read_documents(
    reader: &mut dyn Read,
    read_so_far: &dyn Fn() -> u64,
    out: &mut Out<'_>,
) -> Result<(), ReadError> {
    let file = out.file.clone();
    let mut next = document_chunks(reader, read_so_far, &file);
    parse_all(DOCUMENTS, &mut next, out)
}

/// A `.bson` file (gunzipped as it is read if `gzip`).
pub(super) fn read_bson_file(
    path: &Path,
    gzip: bool,
    mode: Mode,
    bad: &mut Vec<Malformed>,
    sink: &mut dyn FnMut(Batch),
) -> Result<(), ReadError> {
    let mut opened = input::open(path, gzip)?;
    let count = std::rc::Rc::clone(&opened.read_so_far);
    let mut out = Out {
        file: path.display().to_string(),
        mode,
        bad,
        sink,
    };
    read_documents(&mut opened.reader, &move || count.get(), &mut out)
}

/// A folder that holds the dump of the message collection somewhere below it
/// (exactly one: two dumps in one folder are two inputs to give).
pub(super) fn read_dump_folder(
    dir: &Path,
    mode: Mode,
    bad: &mut Vec<Malformed>,
    sink: &mut dyn FnMut(Batch),
) -> Result<(), ReadError> {
    let found = find_in_folder(dir);
    match &found[..] {
        [one] => {
            let name = one.file_name().unwrap_or_default().to_string_lossy();
            let gzip = message_dump(&name) == Some(true);
            read_bson_file(one, gzip, mode, bad, sink)
        }
        [] => Err(ReadError::Input(format!(
            "{}: no {MESSAGES}.bson or {MESSAGES}.bson.gz in it or in the {DEPTH} folders below",
            dir.display()
        ))),
        many => Err(several_dumps(&dir.display().to_string(), many)),
    }
}

fn several_dumps(input: &str, found: &[impl AsRef<Path>]) -> ReadError {
    let list: Vec<String> = found
        .iter()
        .map(|p| p.as_ref().display().to_string())
        .collect();
    ReadError::Input(format!(
        "{input} holds {} dumps of {MESSAGES} ({}); give the one to count, or each as an input of \
         its own (messages in more than one are counted once)",
        found.len(),
        list.join(", ")
    ))
}

/// Seeking a counted file: the count follows the position, so a skipped tar
/// entry moves the progress bar on.
impl<R: Seek> Seek for Counted<R> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let at = self.inner.seek(to)?;
        self.count.set(at);
        Ok(at)
    }
}

/// A `.tar` or `.tar.gz` / `.tgz`: the entries are read as the archive
/// streams by; the one named `rocketchat_message.bson[.gz]` is counted.
pub(super) fn read_tar(
    path: &Path,
    gzip: bool,
    mode: Mode,
    bad: &mut Vec<Malformed>,
    sink: &mut dyn FnMut(Batch),
) -> Result<(), ReadError> {
    let mut out = Out {
        file: path.display().to_string(),
        mode,
        bad,
        sink,
    };
    let tar_error = |e: std::io::Error| {
        ReadError::Input(format!(
            "{}: not a readable tar archive: {e}",
            path.display()
        ))
    };
    if gzip {
        let opened = input::open(path, true)?;
        let count = std::rc::Rc::clone(&opened.read_so_far);
        let mut archive = tar::Archive::new(opened.reader);
        let entries = archive.entries().map_err(tar_error)?;
        tar_entries(path, entries, &move || count.get(), &mut out)
    } else {
        let file = std::fs::File::open(path)
            .map_err(|e| ReadError::Input(format!("cannot read {}: {e}", path.display())))?;
        let count = std::rc::Rc::new(std::cell::Cell::new(0));
        let counted = Counted {
            inner: file,
            count: std::rc::Rc::clone(&count),
        };
        let mut archive = tar::Archive::new(counted);
        let entries = archive.entries_with_seek().map_err(tar_error)?;
        tar_entries(path, entries, &move || count.get(), &mut out)
    }
}

/// Counts the message collection among a tar's entries; every other entry is
/// stepped over. Two dumps of it in one archive are an error.
fn tar_entries<R: Read>(
    path: &Path,
    entries: tar::Entries<'_, R>,
    read_so_far: &dyn Fn() -> u64,
    out: &mut Out<'_>,
) -> Result<(), ReadError> {
    let mut found: Vec<String> = Vec::new();
    let mut collections: Vec<String> = Vec::new();
    for entry in entries {
        let mut entry = entry.map_err(|e| {
            ReadError::Input(format!("{}: a broken tar entry: {e}", path.display()))
        })?;
        let name = entry
            .path()
            .map_or(String::new(), |p| p.to_string_lossy().into_owned());
        let base = name.rsplit('/').next().unwrap_or(&name).to_string();
        let file = entry.header().entry_type().is_file();
        match message_dump(&base) {
            Some(gzip) if file => {
                if !found.is_empty() {
                    found.push(name);
                    return Err(several_dumps(&path.display().to_string(), &found));
                }
                out.file = format!("{}:{name}", path.display());
                if gzip {
                    let mut unzipped = flate2::read::MultiGzDecoder::new(&mut entry);
                    read_documents(&mut unzipped, read_so_far, out)?;
                } else {
                    read_documents(&mut entry, read_so_far, out)?;
                }
                found.push(name);
            }
            _ if file && (base.ends_with(".bson") || base.ends_with(".bson.gz")) => {
                collections.push(base);
            }
            _ => {}
        }
    }
    if found.is_empty() {
        return Err(ReadError::Input(no_messages_in(
            &path.display().to_string(),
            "tar archive",
            &collections,
        )));
    }
    Ok(())
}

/// Why an archive or dump has nothing to count: the collections it holds.
fn no_messages_in(input: &str, what: &str, collections: &[String]) -> String {
    let holds = if collections.is_empty() {
        "no mongodump collections at all".to_string()
    } else {
        let shown: Vec<&str> = collections.iter().take(8).map(String::as_str).collect();
        let more = collections.len().saturating_sub(shown.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!("only {}{more}", shown.join(", "))
    };
    format!(
        "{input}: a {what} without the {MESSAGES} collection (it holds {holds}); make the dump of \
         Rocket.Chat's database: mongodump --db=rocketchat --out=dump"
    )
}

/// A `mongodump --archive` file (gzip'ed if `gzip`), read by its published
/// format (mongo-tools' `common/archive/spec.md`): a magic number, then blocks
/// of a header document, body documents and a terminator. The first block's
/// bodies name the collections; later blocks hold their documents, interleaved.
pub(super) fn read_archive(
    path: &Path,
    gzip: bool,
    mode: Mode,
    bad: &mut Vec<Malformed>,
    sink: &mut dyn FnMut(Batch),
) -> Result<(), ReadError> {
    let opened = input::open(path, gzip)?;
    let count = std::rc::Rc::clone(&opened.read_so_far);
    let mut demux = Demux {
        input: BufReader::with_capacity(1 << 20, opened.reader),
        file: path.display().to_string(),
        offset: 0,
        db: String::new(),
        in_block: false,
        in_messages: false,
        finished: false,
        doc: Vec::new(),
    };
    demux.prelude()?;
    let mut out = Out {
        file: format!("{}:{}.{MESSAGES}", demux.file, demux.db),
        mode,
        bad,
        sink,
    };
    let mut counted = 0;
    let mut next = |spares: &mut Spares| -> Result<Option<Chunk>, ReadError> {
        let Some(mut chunk) = demux.next_chunk(spares.pop().unwrap_or_default())? else {
            return Ok(None);
        };
        let total = count.get();
        chunk.input_bytes = total - std::mem::replace(&mut counted, total);
        Ok(Some(chunk))
    };
    parse_all(DOCUMENTS, &mut next, &mut out)
}

/// One item of an archive: a document (in `Demux::doc`), or the terminator
/// that ends a block.
enum Item {
    Document,
    Terminator,
    /// The archive ends here: at a block's start (its proper end, if every
    /// collection's end mark has passed) or, with why, inside a document.
    End(Option<String>),
}

/// Reads an archive block by block, keeping the message collection's documents.
struct Demux<R> {
    input: BufReader<R>,
    file: String,
    /// Bytes of the (unpacked) archive read so far.
    offset: u64,
    /// The database whose `rocketchat_message` is read.
    db: String,
    in_block: bool,
    in_messages: bool,
    finished: bool,
    /// The document last read.
    doc: Vec<u8>,
}

impl<R: Read> Demux<R> {
    /// The magic number and the first block: which database holds the messages.
    fn prelude(&mut self) -> Result<(), ReadError> {
        let mut magic = [0u8; 4];
        if self.up_to(&mut magic)? < 4 || magic != ARCHIVE_MAGIC {
            return Err(self.damaged("it does not start with mongodump's archive magic number"));
        }
        match self.item()? {
            Item::Document => {}
            Item::End(Some(why)) => return Err(self.damaged(&why)),
            _ => return Err(self.damaged("the archive header is missing")),
        }
        let (mut collections, mut dbs) = (Vec::new(), Vec::new());
        loop {
            match self.item()? {
                Item::Document => {}
                Item::Terminator => break,
                Item::End(_) => {
                    return Err(self.damaged("it ends inside its list of collections"));
                }
            }
            let (db, collection) = namespace(&self.doc).map_err(|why| self.damaged(&why))?;
            if collection == MESSAGES {
                dbs.push(db.clone());
            }
            collections.push(format!("{db}.{collection}"));
        }
        match &dbs[..] {
            [db] => {
                self.db = db.clone();
                Ok(())
            }
            [] => Err(ReadError::Input(no_messages_in(
                &self.file,
                "mongodump archive",
                &collections,
            ))),
            _ => Err(ReadError::Input(format!(
                "{}: a mongodump archive of {} databases with a {MESSAGES} collection ({}); \
                 dump the one to count: mongodump --db=NAME --archive=FILE",
                self.file,
                dbs.len(),
                dbs.join(", ")
            ))),
        }
    }

    /// Up to a chunk of the message collection's documents; `None` once its
    /// end mark has passed (the rest of the archive is not read).
    fn next_chunk(&mut self, mut buffer: Vec<u8>) -> Result<Option<Chunk>, ReadError> {
        if self.finished {
            return Ok(None);
        }
        buffer.clear();
        let mut chunk = Chunk::default();
        while buffer.len() < CHUNK && !self.finished {
            match self.item()? {
                Item::Document if self.in_block => {
                    if self.in_messages {
                        buffer.extend_from_slice(&self.doc);
                    }
                }
                Item::Document => self.block()?,
                Item::Terminator if self.in_block => self.in_block = false,
                Item::Terminator => return Err(self.damaged("two terminators in a row")),
                Item::End(why) => {
                    self.finished = true;
                    chunk.cut_off = Some(why.unwrap_or_else(|| {
                        format!("the archive ends before the end mark of {MESSAGES} (cut off?)")
                    }));
                }
            }
        }
        chunk.len = buffer.len();
        chunk.data = Bytes::Owned(buffer);
        Ok(Some(chunk))
    }

    /// A block's header (in `doc`): whose documents follow, or the end mark of one.
    fn block(&mut self) -> Result<(), ReadError> {
        let (db, collection) = namespace(&self.doc).map_err(|why| self.damaged(&why))?;
        let ours = db == self.db && collection == MESSAGES;
        if ours && eof(&self.doc) {
            self.finished = true;
            return Ok(());
        }
        self.in_block = true;
        self.in_messages = ours;
        Ok(())
    }

    /// The next document (into `doc`) or terminator.
    fn item(&mut self) -> Result<Item, ReadError> {
        let mut len = [0u8; 4];
        let got = self.up_to(&mut len)?;
        if got == 0 && !self.in_block {
            return Ok(Item::End(None));
        }
        if got < 4 {
            return Ok(Item::End(Some(format!(
                "the archive ends inside a block of {MESSAGES} (cut off?)"
            ))));
        }
        if len == [0xff; 4] {
            return Ok(Item::Terminator);
        }
        let size = declared_len(&len).unwrap_or(0);
        if !plausible_len(size) {
            return Err(self.damaged(&format!("a document declares a length of {size} bytes")));
        }
        self.doc.clear();
        self.doc.extend_from_slice(&len);
        self.doc.resize(size, 0);
        let mut doc = std::mem::take(&mut self.doc);
        let got = self.up_to(&mut doc[4..]);
        self.doc = doc;
        let got = got? + 4;
        if got < size {
            return Ok(Item::End(Some(format!(
                "the archive ends inside a document ({got} of its {size} bytes; cut off?)"
            ))));
        }
        Ok(Item::Document)
    }

    /// Fills `buf` as far as the archive goes; how many bytes it got.
    fn up_to(&mut self, buf: &mut [u8]) -> Result<usize, ReadError> {
        let mut got = 0;
        while got < buf.len() {
            match self.input.read(&mut buf[got..]) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    return Err(ReadError::Input(format!("cannot read {}: {e}", self.file)));
                }
            }
        }
        self.offset += got as u64;
        Ok(got)
    }

    fn damaged(&self, why: &str) -> ReadError {
        ReadError::Input(format!(
            "{}: not a readable mongodump archive at byte {}: {why}",
            self.file, self.offset
        ))
    }
}

/// `db` and `collection` of an archive's header or metadata document.
fn namespace(doc: &[u8]) -> Result<(String, String), String> {
    let doc = bson::raw::RawDocument::from_bytes(doc)
        .map_err(|e| format!("a broken header document ({e})"))?;
    let field = |key: &str| {
        doc.get_str(key)
            .map(str::to_string)
            .map_err(|_| format!("a header document without `{key}`"))
    };
    Ok((field("db")?, field("collection")?))
}

/// Whether a block header is a collection's end mark.
fn eof(header: &[u8]) -> bool {
    bson::raw::RawDocument::from_bytes(header)
        .ok()
        .and_then(|d| d.get_bool("EOF").ok())
        .unwrap_or(false)
}
