//! PNG bytes from RGBA rows as they are drawn, by the png crate: each row
//! turned into 8-bit RGB (the page is opaque, so alpha is dropped) and fed to
//! the crate's streaming writer, which filters and compresses it as it comes,
//! so the image is never held whole.

use std::io::Write;

/// The PNG of an image of `size` with `title` and `description` as iTXt
/// chunks, its rows given, top row first, by `draw` to the [`Rows`] it is
/// handed.
pub(super) fn png(
    size: (u32, u32),
    title: &str,
    description: &str,
    draw: impl FnOnce(&mut Rows) -> Result<(), String>,
) -> Result<Vec<u8>, String> {
    let (width, height) = size;
    let mut file = Vec::new();
    let mut encoder = png::Encoder::new(&mut file, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(COMPRESSION);
    encoder.set_filter(FILTER);
    for (key, text) in [("Title", title), ("Description", description)] {
        encoder
            .add_itxt_chunk(key.into(), text.into())
            .map_err(failed)?;
    }
    let mut writer = encoder.write_header().map_err(failed)?;
    let mut rows = Rows {
        stream: writer.stream_writer_with_size(CHUNK).map_err(failed)?,
        rgb: vec![0; 3 * width as usize + 2],
        width: width as usize,
    };
    draw(&mut rows)?;
    rows.finish()?;
    writer.finish().map_err(failed)?;
    Ok(file)
}

/// The rows of one image on their way to the png crate's stream.
pub(super) struct Rows<'w, 'f> {
    stream: png::StreamWriter<'w, &'f mut Vec<u8>>,
    /// One row as RGB, and the two bytes [`rgb_of`] writes past it.
    rgb: Vec<u8>,
    width: usize,
}

/// The png crate's fast compression (fdeflate: one fixed Huffman table tuned
/// for filtered images, runs of zeros as matches). `Fast` and `Fastest` both
/// mean it; they differ only in their default filter, which [`FILTER`]
/// replaces (with Sub, both gave the same bytes for the same instructions).
const COMPRESSION: png::Compression = png::Compression::Fast;

/// The filter every row uses. Charts are long runs of flat colour, which Sub
/// (each byte less the one of the pixel to its left) turns into runs of zeros.
/// On `plot --users 1..30` (callgrind instructions of the whole run, the four
/// PNGs' bytes): Sub 181 M, 909 KB; Up (`Fastest`'s default) 185 M, 1,227 KB;
/// Avg 202 M, 1,475 KB; Paeth 224 M, 732 KB; the best filter chosen per row
/// (`Fast`'s default) 289 M, 697 KB: a quarter smaller for 60% more work.
const FILTER: png::Filter = png::Filter::Sub;

/// How many compressed bytes the stream gathers into one IDAT chunk: all of a
/// chart's (a few hundred KB) in one or two chunks, each with its checksum.
const CHUNK: usize = 256 * 1024;

impl Rows<'_, '_> {
    /// Adds `rgba`, whole rows of the image's width.
    pub(super) fn add(&mut self, rgba: &[u8]) -> Result<(), String> {
        for row in rgba.chunks_exact(4 * self.width) {
            let rgb = rgb_of(row, &mut self.rgb);
            self.stream.write_all(rgb).map_err(|e| failed(e.into()))?;
        }
        Ok(())
    }

    /// The last compressed rows written out.
    fn finish(self) -> Result<(), String> {
        self.stream.finish().map_err(failed)
    }
}

/// `rgba`, one row, as RGB in `rgb` (two bytes longer): each pair of pixels
/// packed in one 64-bit word and stored whole, its two spare bytes overwritten
/// by the next pair. Byte by byte, this copy cost more than the filter and the
/// compression together (`plot --users 1..30` converts 6.4 million pixels).
fn rgb_of<'a>(rgba: &[u8], rgb: &'a mut [u8]) -> &'a [u8] {
    const FIRST: u64 = 0xFF_FFFF;
    const SECOND: u64 = 0xFFFF_FF00_0000;
    let (pairs, last) = rgba.as_chunks::<8>();
    let len = 3 * (rgba.len() / 4);
    let out = &mut rgb[..6 * pairs.len() + 2];
    for (i, pair) in pairs.iter().enumerate() {
        let two = u64::from_le_bytes(*pair);
        let packed = (two & FIRST) | ((two >> 8) & SECOND);
        out[6 * i..6 * i + 8].copy_from_slice(&packed.to_le_bytes());
    }
    if let [r, g, b, _] = *last {
        rgb[len - 3..len].copy_from_slice(&[r, g, b]);
    }
    &rgb[..len]
}

fn failed(e: png::EncodingError) -> String {
    format!("encoding the PNG failed: {e}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An image of `width` × 7 with runs of one colour, changes of alpha
    /// alone (which the RGB must not show) and arbitrary pixels.
    fn image(width: usize) -> Vec<u8> {
        let mut seed = 7u32;
        let mut next = move || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (seed >> 16) as u8
        };
        let mut rgba = Vec::new();
        let mut px = [255, 255, 255, 255];
        for i in 0..width * 7 {
            match next() % 6 {
                _ if (20..100).contains(&(i % width)) => {}
                0 => px = [next(), next(), next(), 255],
                1 => px[3] = next(),
                _ => {}
            }
            rgba.extend_from_slice(&px);
        }
        rgba
    }

    /// The PNG of `rgba`, given in bands of 3, 1 and 3 rows.
    fn encoded(width: usize, rgba: &[u8]) -> Vec<u8> {
        png((width as u32, 7), "A title", "Désc", |rows| {
            let row = 4 * width;
            rows.add(&rgba[..3 * row])?;
            rows.add(&rgba[3 * row..4 * row])?;
            rows.add(&rgba[4 * row..])
        })
        .unwrap()
    }

    #[test]
    fn the_png_decodes_to_the_rows_as_rgb_with_its_texts() {
        for width in [1, 2, 3, 4, 5, 8, 13, 64, 203, 1600] {
            let rgba = image(width);
            let file = encoded(width, &rgba);
            let mut decoder = png::Decoder::new(std::io::Cursor::new(&file));
            decoder.set_transformations(png::Transformations::IDENTITY);
            let mut reader = decoder.read_info().unwrap();
            let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
            let frame = reader.next_frame(&mut pixels).unwrap();
            assert_eq!(frame.color_type, png::ColorType::Rgb, "width {width}");
            assert_eq!((frame.width, frame.height), (width as u32, 7));
            let rgb: Vec<u8> = rgba
                .chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect();
            assert_eq!(pixels[..frame.buffer_size()], rgb, "width {width}");
            let texts: Vec<(String, String)> = reader
                .info()
                .utf8_text
                .iter()
                .map(|t| (t.keyword.clone(), t.get_text().unwrap()))
                .collect();
            let want = [("Title", "A title"), ("Description", "Désc")];
            assert_eq!(texts, want.map(|(k, v)| (k.to_string(), v.to_string())));
            assert_eq!(file, encoded(width, &rgba), "width {width}: deterministic");
        }
    }

    #[test]
    fn too_few_rows_are_an_error_not_a_short_file() {
        let err = png((4, 7), "t", "d", |rows| rows.add(&[0; 4 * 4 * 6])).unwrap_err();
        assert!(err.starts_with("encoding the PNG failed"), "{err}");
    }
}
