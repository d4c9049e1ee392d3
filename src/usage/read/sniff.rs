//! What the first bytes of a file say it is: magic numbers first (gzip, tar,
//! zip, mongodump's archive, BSON), then known kinds rccost does not read
//! (other compressions, images, documents), then text or binary.

use super::bson::{declared_len, plausible_len};

/// What a file's first bytes look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Looks {
    Empty,
    Gzip,
    Zip,
    Tar,
    /// `mongodump --archive`: its magic number, then BSON documents.
    MongodumpArchive,
    /// BSON documents back to back.
    Bson,
    /// Something rccost recognises but does not read, in words, with what to do.
    Other(&'static str, &'static str),
    Text,
    Binary,
}

/// mongodump's archive starts with 0x8199e26d, little-endian.
pub(super) const ARCHIVE_MAGIC: [u8; 4] = [0x6d, 0xe2, 0x99, 0x81];

/// Magic numbers of files rccost does not read: what they are and what to do.
const OTHERS: &[(&[u8], &str, &str)] = &[
    (
        b"\xfd7zXZ\x00",
        "compressed with xz",
        "unpack it first (xz -d)",
    ),
    (
        b"\x28\xb5\x2f\xfd",
        "compressed with zstd",
        "unpack it first (zstd -d)",
    ),
    (b"BZh", "compressed with bzip2", "unpack it first (bunzip2)"),
    (
        b"\x04\x22\x4d\x18",
        "compressed with lz4",
        "unpack it first (lz4 -d)",
    ),
    (
        b"\x1f\x9d",
        "compressed with Unix compress (.Z)",
        "unpack it first (uncompress)",
    ),
    (
        b"7z\xbc\xaf\x27\x1c",
        "a 7-Zip archive",
        "unpack it first (7z x)",
    ),
    (
        b"Rar!\x1a\x07",
        "a RAR archive",
        "unpack it first (unrar x)",
    ),
    (
        b"\x89PNG\r\n\x1a\n",
        "an image (PNG)",
        "give the chat export itself",
    ),
    (
        b"\xff\xd8\xff",
        "an image (JPEG)",
        "give the chat export itself",
    ),
    (b"GIF8", "an image (GIF)", "give the chat export itself"),
    (b"%PDF", "a PDF document", "give the chat export itself"),
    (
        b"\x7fELF",
        "a program (ELF executable)",
        "give the chat export itself",
    ),
    (
        b"SQLite format 3\x00",
        "an SQLite database",
        "export the messages as CSV",
    ),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Office document (.xls/.doc)",
        "save the sheet as CSV",
    ),
    (
        b"\xff\xfe",
        "UTF-16 text",
        "save it as UTF-8 (a spreadsheet's \"CSV UTF-8\")",
    ),
    (
        b"\xfe\xff",
        "UTF-16 text",
        "save it as UTF-8 (a spreadsheet's \"CSV UTF-8\")",
    ),
];

/// What `head`, the first bytes of a file (at least a few KB when the file
/// has them), looks like.
pub(super) fn looks(head: &[u8]) -> Looks {
    if head.is_empty() {
        return Looks::Empty;
    }
    if head.starts_with(b"\x1f\x8b") {
        return Looks::Gzip;
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Looks::Zip;
    }
    if head.get(257..262) == Some(b"ustar") {
        return Looks::Tar;
    }
    if head.starts_with(&ARCHIVE_MAGIC) {
        return Looks::MongodumpArchive;
    }
    if let Some((_, what, todo)) = OTHERS.iter().find(|(magic, ..)| head.starts_with(magic)) {
        return Looks::Other(what, todo);
    }
    if is_text(head) {
        return Looks::Text;
    }
    if is_bson(head) {
        return Looks::Bson;
    }
    Looks::Binary
}

/// UTF-8 (a character cut at the end of `head` allowed) with no NUL or other
/// control characters but tab, line ends and form feed.
fn is_text(head: &[u8]) -> bool {
    let valid = match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && head.len() - e.valid_up_to() < 4,
    };
    valid
        && !head
            .iter()
            .any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
}

/// A BSON document: a plausible length, a known element type, a key that
/// ends with a zero, and (when the head holds it all) a closing zero.
fn is_bson(head: &[u8]) -> bool {
    let Some(len) = declared_len(head).filter(|&len| plausible_len(len)) else {
        return false;
    };
    let element = head.get(4).copied().unwrap_or(0);
    let known = matches!(element, 0x01..=0x13 | 0x7f | 0xff);
    let key_ends = head.iter().skip(5).take(64).any(|&b| b == 0);
    let closed = head.get(len - 1).is_none_or(|&b| b == 0);
    known && key_ends && closed
}

/// The first bytes in hex, for a file that looks like nothing known.
pub(super) fn hex_start(head: &[u8]) -> String {
    head.iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers_first() {
        assert_eq!(looks(b""), Looks::Empty);
        assert_eq!(looks(b"\x1f\x8b\x08\x00rest"), Looks::Gzip);
        assert_eq!(looks(b"PK\x03\x04rest"), Looks::Zip);
        let mut tar = vec![0u8; 512];
        tar[257..262].copy_from_slice(b"ustar");
        assert_eq!(looks(&tar), Looks::Tar);
        assert_eq!(
            looks(b"\x6d\xe2\x99\x81\x05\x00\x00\x00\x00"),
            Looks::MongodumpArchive
        );
        assert!(matches!(
            looks(b"\x89PNG\r\n\x1a\n...."),
            Looks::Other("an image (PNG)", _)
        ));
        assert!(matches!(
            looks(b"\xfd7zXZ\x00..."),
            Looks::Other("compressed with xz", _)
        ));
    }

    #[test]
    fn bson_text_and_binary() {
        // {_id: "m1"}: 17 bytes.
        let doc = b"\x11\x00\x00\x00\x02_id\x00\x03\x00\x00\x00m1\x00\x00";
        assert_eq!(looks(doc), Looks::Bson);
        assert_eq!(looks(b"ts,user\n2016-08-12T19:30:00Z,alice\n"), Looks::Text);
        // A UTF-8 character cut by the end of the head is still text.
        assert_eq!(looks("caf\u{e9}".as_bytes()[..4].as_ref()), Looks::Text);
        assert_eq!(looks(b"\x00\x01\x02\x03\x04\x05"), Looks::Binary);
        assert_eq!(hex_start(b"\x00\x01\xff"), "00 01 ff");
    }
}
