//! PNG bytes from RGBA rows as they are drawn: each row Sub-filtered (each
//! byte less the one of the pixel to its left) straight into 8-bit RGB (the
//! page is opaque, so alpha is dropped) and fed to a fast deflate as it comes;
//! the png crate writes the chunks around the image data.

use std::io;

use fdeflate::Compressor;

/// The compressed rows of one image, as they come.
pub(super) struct Rows {
    deflate: Compressor<Vec<u8>>,
    /// One filtered row: the filter byte, then 3 bytes a pixel.
    row: Vec<u8>,
}

/// PNG's Sub filter, the one every row uses: charts are long runs of flat
/// colour, which it turns into runs of zeros that the deflate codes in a
/// few bits (the adaptive filter saved a fifth of the size for twice the time).
const SUB: u8 = 1;

impl Rows {
    pub(super) fn new(width: u32, height: u32) -> io::Result<Rows> {
        let raw = (1 + 3 * width as usize) * height as usize;
        Ok(Rows {
            deflate: Compressor::new(Vec::with_capacity(raw / 16))?,
            row: vec![0; 1 + 3 * width as usize],
        })
    }

    /// Adds `rgba`, whole rows of `width` pixels, top row first.
    pub(super) fn add(&mut self, rgba: &[u8], width: u32) -> io::Result<()> {
        for pixels in rgba.chunks_exact(4 * width as usize) {
            sub_rgb(pixels, &mut self.row);
            self.deflate.write_data(&self.row)?;
        }
        Ok(())
    }

    /// The PNG: header, `title` and `description` as iTXt, the image data.
    pub(super) fn finish(
        self,
        (width, height): (u32, u32),
        title: &str,
        description: &str,
    ) -> Result<Vec<u8>, String> {
        let failed = |e: &dyn std::fmt::Display| format!("encoding the PNG failed: {e}");
        let data = self.deflate.finish().map_err(|e| failed(&e))?;
        let mut out = Vec::with_capacity(data.len() + title.len() + description.len() + 256);
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        for (key, text) in [("Title", title), ("Description", description)] {
            encoder
                .add_itxt_chunk(key.into(), text.into())
                .map_err(|e| failed(&e))?;
        }
        let mut writer = encoder.write_header().map_err(|e| failed(&e))?;
        writer
            .write_chunk(png::chunk::IDAT, &data)
            .map_err(|e| failed(&e))?;
        writer.finish().map_err(|e| failed(&e))?;
        Ok(out)
    }
}

/// One row of RGBA pixels as a Sub-filtered RGB row in `row` (filter byte
/// first): each pixel's three bytes less its left neighbour's, the four bytes
/// of a pixel subtracted at once.
fn sub_rgb(rgba: &[u8], row: &mut [u8]) {
    row[0] = SUB;
    let mut left = 0u32;
    for (px, out) in rgba.chunks_exact(4).zip(row[1..].chunks_exact_mut(3)) {
        let p = u32::from_le_bytes([px[0], px[1], px[2], px[3]]);
        let d = byte_sub(p, left).to_le_bytes();
        out.copy_from_slice(&d[..3]);
        left = p;
    }
}

/// `a − b` in each of the four bytes separately (wrapping, no borrow between bytes).
fn byte_sub(a: u32, b: u32) -> u32 {
    const HIGH: u32 = 0x8080_8080;
    ((a | HIGH).wrapping_sub(b & !HIGH)) ^ ((a ^ !b) & HIGH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_sub_wraps_each_byte_alone() {
        for (a, b) in [
            (0u8, 1u8),
            (255, 0),
            (0, 255),
            (128, 127),
            (127, 128),
            (7, 7),
        ] {
            let packed = byte_sub(
                u32::from_le_bytes([a, 1, a, 0]),
                u32::from_le_bytes([b, 2, 0, b]),
            );
            let want = [a.wrapping_sub(b), 255, a, 0u8.wrapping_sub(b)];
            assert_eq!(packed.to_le_bytes(), want, "{a} - {b}");
        }
    }

    #[test]
    fn rows_are_sub_filtered_rgb() {
        let rgba = [10, 20, 30, 255, 15, 20, 25, 255, 15, 20, 25, 255];
        let mut row = vec![0; 1 + 3 * 3];
        sub_rgb(&rgba, &mut row);
        assert_eq!(row, [SUB, 10, 20, 30, 5, 0, 251, 0, 0, 0]);
    }
}
