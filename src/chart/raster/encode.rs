//! PNG bytes from RGBA rows as they are drawn: each row Sub-filtered (each
//! byte less the one of the pixel to its left) straight into 8-bit RGB (the
//! page is opaque, so alpha is dropped) and fed to a fast deflate as it comes
//! (`deflate`) that writes straight after the PNG's header chunks (the png
//! crate's), so the image is never copied.

use super::deflate::Deflate;

/// The compressed rows of one image, as they come, after its header.
pub(super) struct Rows {
    /// The file so far: the header chunks, then the IDAT chunk being written.
    deflate: Deflate,
    /// Where the IDAT chunk's data begins in the file.
    data: usize,
    /// The IEND chunk that closes the file.
    end: Vec<u8>,
}

/// PNG's Sub filter, the one every row uses: charts are long runs of flat
/// colour, which it turns into runs of zeros that the deflate codes in a
/// few bits (the adaptive filter saved a fifth of the size for twice the time).
const SUB: u8 = 1;

impl Rows {
    /// An image of `size` with `title` and `description` as iTXt chunks.
    pub(super) fn new(size: (u32, u32), title: &str, description: &str) -> Result<Rows, String> {
        let (width, height) = size;
        let failed = |e: png::EncodingError| format!("encoding the PNG failed: {e}");
        // The png crate writes the signature, IHDR and iTXt chunks and, with no
        // image yet, IEND, which moves to the end.
        let raw = (1 + 3 * width as usize) * height as usize;
        let mut file = Vec::with_capacity(raw / 12 + title.len() + description.len());
        let mut encoder = png::Encoder::new(&mut file, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        for (key, text) in [("Title", title), ("Description", description)] {
            encoder
                .add_itxt_chunk(key.into(), text.into())
                .map_err(failed)?;
        }
        encoder
            .write_header()
            .map_err(failed)?
            .finish()
            .map_err(failed)?;
        let end = file.split_off(file.len() - IEND_LEN);
        // The IDAT chunk: its length, filled in at the end, and its type.
        file.extend_from_slice(&[0, 0, 0, 0]);
        file.extend_from_slice(b"IDAT");
        let data = file.len();
        Ok(Rows {
            deflate: Deflate::after(file),
            data,
            end,
        })
    }

    /// Adds `rgba`, whole rows of `width` pixels, top row first.
    pub(super) fn add(&mut self, rgba: &[u8], width: u32) {
        for pixels in rgba.chunks_exact(4 * width as usize) {
            sub_rgb(pixels, &mut self.deflate);
        }
    }

    /// The PNG: the IDAT chunk's length and checksum filled in, IEND after it.
    pub(super) fn finish(self) -> Result<Vec<u8>, String> {
        let mut file = self.deflate.finish();
        let length = u32::try_from(file.len() - self.data)
            .ok()
            .filter(|&n| n <= i32::MAX as u32)
            .ok_or("encoding the PNG failed: the image is too large for one chunk")?;
        file[self.data - 8..self.data - 4].copy_from_slice(&length.to_be_bytes());
        let crc = crc32fast::hash(&file[self.data - 4..]);
        file.extend_from_slice(&crc.to_be_bytes());
        file.extend_from_slice(&self.end);
        Ok(file)
    }
}

/// The IEND chunk: a zero length, its type and its checksum.
const IEND_LEN: usize = 12;

/// One row of RGBA pixels Sub-filtered into RGB and deflated, the filter byte
/// first: pixels that repeat the one to their left (most of a chart) are
/// zeros at the cost of a comparison, the others packed to RGB four at a time.
fn sub_rgb(rgba: &[u8], deflate: &mut Deflate) {
    deflate.bytes(&[SUB]);
    let mut row = Row {
        deflate,
        left: 0,
        twice: 0,
        flat: 0,
    };
    // Sixteen pixels at a time where they all repeat the one before them:
    // one vectorised comparison of eight words.
    let (blocks, rest) = rgba.as_chunks::<64>();
    for block in blocks {
        let words = block.as_chunks::<8>().0;
        let twice = row.twice;
        if words
            .iter()
            .fold(0, |any, w| any | (u64::from_le_bytes(*w) ^ twice))
            == 0
        {
            row.flat += 48;
            continue;
        }
        block.as_chunks::<16>().0.iter().for_each(|px| row.four(px));
    }
    let (quads, rest) = rest.as_chunks::<16>();
    quads.iter().for_each(|px| row.four(px));
    if row.flat > 0 {
        row.deflate.zeros(row.flat);
    }
    let mut left = row.left;
    for px in rest.chunks_exact(4) {
        let [r, g, b, _] = left.to_le_bytes();
        row.deflate.bytes(&[
            px[0].wrapping_sub(r),
            px[1].wrapping_sub(g),
            px[2].wrapping_sub(b),
        ]);
        left = u32::from_le_bytes([px[0], px[1], px[2], px[3]]);
    }
}

/// A row being filtered: the pixel to the left (and it twice over as one
/// 64-bit word), and the zeros of groups like it not yet told to the stream.
struct Row<'a> {
    deflate: &'a mut Deflate,
    left: u32,
    twice: u64,
    flat: u32,
}

impl Row<'_> {
    /// Four pixels: twelve zeros if they repeat the one to their left, else
    /// packed to RGB and subtracted as 128-bit words.
    fn four(&mut self, px: &[u8; 16]) {
        let four = u128::from_le_bytes(*px);
        let (a, b) = (four as u64, (four >> 64) as u64);
        if a == self.twice && b == self.twice {
            self.flat += 12;
            return;
        }
        if self.flat > 0 {
            self.deflate.zeros(std::mem::take(&mut self.flat));
        }
        let rgb = pack_rgb(four);
        let before = ((rgb << 24) | (self.left & 0xFF_FFFF) as u128) & ((1 << 96) - 1);
        self.deflate.twelve(&byte_sub(rgb, before).to_le_bytes());
        self.left = (b >> 32) as u32;
        self.twice = self.left as u64 * 0x1_0000_0001;
    }
}

/// Four RGBA pixels as twelve RGB bytes, the low 96 bits of the word.
fn pack_rgb(four: u128) -> u128 {
    const LOW: u64 = 0xFF_FFFF;
    const HIGH: u64 = 0xFFFF_FF00_0000;
    let (a, b) = (four as u64, (four >> 64) as u64);
    let (a, b) = ((a & LOW) | ((a >> 8) & HIGH), (b & LOW) | ((b >> 8) & HIGH));
    (a | (b << 48)) as u128 | (((b >> 16) as u128) << 64)
}

/// `a − b` in each byte alone (wrapping, no borrow from one byte to the next).
fn byte_sub(a: u128, b: u128) -> u128 {
    const HIGH: u128 = u128::from_le_bytes([0x80; 16]);
    ((a | HIGH).wrapping_sub(b & !HIGH)) ^ ((a ^ !b) & HIGH)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each byte less the one three before it, the filter byte first: what
    /// the PNG specification's Sub filter says, byte by byte.
    fn by_the_book(rgba: &[u8]) -> Vec<u8> {
        let rgb: Vec<u8> = rgba
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        let sub = (0..rgb.len()).map(|i| rgb[i].wrapping_sub(if i < 3 { 0 } else { rgb[i - 3] }));
        std::iter::once(SUB).chain(sub).collect()
    }

    #[test]
    fn rows_are_sub_filtered_rgb_in_the_stream() {
        // Runs of one colour (whole groups of four and broken ones), changes
        // of alpha alone, wrapping differences, a width not a multiple of four.
        let mut seed = 7u32;
        let mut next = move || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (seed >> 16) as u8
        };
        for width in [1, 3, 4, 5, 8, 13, 64, 203, 1600] {
            let mut rgba = Vec::new();
            let mut px = [255, 255, 255, 255];
            for i in 0..width {
                // Pixels 20 to 99 all alike: whole groups of sixteen at once.
                match next() % 6 {
                    _ if (20..100).contains(&i) => {}
                    0 => px = [next(), next(), next(), 255],
                    1 => px[3] = next(),
                    _ => {}
                }
                rgba.extend_from_slice(&px);
            }
            // Filtered and deflated, then inflated by fdeflate (which checks
            // the Adler-32): the filtered row as the book has it.
            let mut deflate = Deflate::after(Vec::new());
            sub_rgb(&rgba, &mut deflate);
            let back = fdeflate::decompress_to_vec(&deflate.finish()).unwrap();
            assert_eq!(back, by_the_book(&rgba), "width {width}");
        }
    }
}
