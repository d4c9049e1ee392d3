//! PNG bytes from RGBA rows as they are drawn: each row Sub-filtered (each
//! byte less the one of the pixel to its left) straight into 8-bit RGB (the
//! page is opaque, so alpha is dropped) and fed to a fast deflate as it comes
//! (`deflate`); the png crate writes the chunks around the image data.

use super::deflate::Deflate;

/// The compressed rows of one image, as they come.
pub(super) struct Rows {
    deflate: Deflate,
    /// One row packed to RGB, and the same filtered: the filter byte first.
    rgb: Vec<u8>,
    row: Vec<u8>,
}

/// PNG's Sub filter, the one every row uses: charts are long runs of flat
/// colour, which it turns into runs of zeros that the deflate codes in a
/// few bits (the adaptive filter saved a fifth of the size for twice the time).
const SUB: u8 = 1;

impl Rows {
    pub(super) fn new(width: u32, height: u32) -> Rows {
        let raw = (1 + 3 * width as usize) * height as usize;
        Rows {
            deflate: Deflate::new(raw / 16),
            rgb: vec![0; 3 * width as usize],
            row: vec![0; 1 + 3 * width as usize],
        }
    }

    /// Adds `rgba`, whole rows of `width` pixels, top row first.
    pub(super) fn add(&mut self, rgba: &[u8], width: u32) {
        for pixels in rgba.chunks_exact(4 * width as usize) {
            sub_rgb(pixels, &mut self.rgb, &mut self.row);
            self.deflate.write(&self.row);
        }
    }

    /// The PNG: header, `title` and `description` as iTXt, the image data.
    pub(super) fn finish(
        self,
        (width, height): (u32, u32),
        title: &str,
        description: &str,
    ) -> Result<Vec<u8>, String> {
        let failed = |e: &dyn std::fmt::Display| format!("encoding the PNG failed: {e}");
        let data = self.deflate.finish();
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
/// first), through `rgb`, the row packed: packing takes whole words and the
/// subtraction whole vectors, which a byte at a time took twice as long.
fn sub_rgb(rgba: &[u8], rgb: &mut [u8], row: &mut [u8]) {
    pack_rgb(rgba, rgb);
    row[0] = SUB;
    let out = &mut row[1..];
    out[..3].copy_from_slice(&rgb[..3]);
    for ((d, x), left) in out[3..].iter_mut().zip(&rgb[3..]).zip(rgb.iter()) {
        *d = x.wrapping_sub(*left);
    }
}

/// RGBA pixels as RGB, four at a time as two 64-bit words.
fn pack_rgb(rgba: &[u8], rgb: &mut [u8]) {
    const LOW: u64 = 0xFF_FFFF;
    const HIGH: u64 = 0xFFFF_FF00_0000;
    let (quads, rest) = rgba.as_chunks::<16>();
    let (out, tail) = rgb.as_chunks_mut::<12>();
    for (px, o) in quads.iter().zip(out) {
        let both = u128::from_le_bytes(*px);
        let (a, b) = (both as u64, (both >> 64) as u64);
        let (a, b) = ((a & LOW) | ((a >> 8) & HIGH), (b & LOW) | ((b >> 8) & HIGH));
        let packed = (a | (b << 48)) as u128 | (((b >> 16) as u128) << 64);
        o.copy_from_slice(&packed.to_le_bytes()[..12]);
    }
    for (px, o) in rest.chunks_exact(4).zip(tail.chunks_exact_mut(3)) {
        o.copy_from_slice(&px[..3]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_sub_filtered_rgb() {
        // Five pixels: one group of four packed by words, one left over.
        let px = [
            [10, 20, 30],
            [15, 20, 25],
            [15, 20, 25],
            [0, 255, 1],
            [200, 100, 50],
        ];
        let rgba: Vec<u8> = px.iter().flat_map(|p| [p[0], p[1], p[2], 255]).collect();
        let (mut rgb, mut row) = (vec![0; 15], vec![0; 16]);
        sub_rgb(&rgba, &mut rgb, &mut row);
        let want = [
            SUB, 10, 20, 30, 5, 0, 251, 0, 0, 0, 241, 235, 232, 200, 101, 49,
        ];
        assert_eq!(row, want);
    }
}
