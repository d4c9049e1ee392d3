//! PNG bytes from RGBA rows as they are drawn. Each row is filtered as it
//! comes (PNG's Sub filter, fused with dropping the alpha of the opaque page)
//! and compressed by fdeflate; the `png` crate writes the file around it
//! (signature, header, texts, the compressed rows as IDAT chunks, their
//! checksums). The bytes are those the `png` crate's own streaming writer
//! makes with Sub and fast compression (fdeflate), chunk for chunk: it
//! copied each row twice and filtered it byte by byte, where the rows here
//! skip the long runs of one colour a chart is made of sixteen pixels at a
//! time.

/// The PNG of an image of `size` with `title` and `description` as iTXt
/// chunks, its rows given, top row first, by `draw` to the [`Rows`] it is
/// handed. The rows are compressed into `deflated`, emptied first: a buffer
/// kept from image to image, whose memory is then already the process's.
pub(super) fn png(
    size: (u32, u32),
    (title, description): (&str, &str),
    deflated: &mut Vec<u8>,
    draw: impl FnOnce(&mut Rows) -> Result<(), String>,
) -> Result<Vec<u8>, String> {
    let (width, height) = size;
    // Room for what a chart compresses to (a twentieth of its RGB) and more:
    // room unused is never touched, while growing copies what was written.
    let room = 3 * width as usize * height as usize / 8;
    let mut file = Vec::with_capacity(room + 4096);
    let mut encoder = png::Encoder::new(&mut file, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    for (key, text) in [("Title", title), ("Description", description)] {
        encoder
            .add_itxt_chunk(key.into(), text.into())
            .map_err(failed)?;
    }
    let mut writer = encoder.write_header().map_err(failed)?;
    deflated.clear();
    deflated.reserve(room);
    let mut rows = Rows {
        deflate: fdeflate::Compressor::new(deflated).map_err(|e| failed(e.into()))?,
        filtered: vec![0; 3 * width as usize + 2],
        width: width as usize,
        left: height as usize,
    };
    draw(&mut rows)?;
    for chunk in rows.finish()?.chunks(CHUNK) {
        writer
            .write_chunk(png::chunk::IDAT, chunk)
            .map_err(failed)?;
    }
    writer.finish().map_err(failed)?;
    Ok(file)
}

/// The rows of one image on their way to the compressor.
pub(super) struct Rows<'d> {
    deflate: fdeflate::Compressor<&'d mut Vec<u8>>,
    /// One row filtered, and the two bytes [`sub_rgb`] writes past it.
    filtered: Vec<u8>,
    width: usize,
    /// Rows still to come.
    left: usize,
}

/// How many compressed bytes go into one IDAT chunk: all of a chart's (a few
/// hundred KB) in one or two chunks, each with its checksum.
const CHUNK: usize = 256 * 1024;

/// PNG's filter type of a row filtered by Sub.
const SUB: u8 = 1;

impl<'d> Rows<'d> {
    /// Adds `rgba`, whole rows of the image's width.
    pub(super) fn add(&mut self, rgba: &[u8]) -> Result<(), String> {
        for row in rgba.chunks_exact(4 * self.width) {
            if self.left == 0 {
                return Err("encoding the PNG failed: more rows than the image has".into());
            }
            self.left -= 1;
            let filtered = sub_rgb(row, &mut self.filtered);
            self.deflate
                .write_data(&[SUB])
                .map_err(|e| failed(e.into()))?;
            self.deflate
                .write_data(filtered)
                .map_err(|e| failed(e.into()))?;
        }
        Ok(())
    }

    /// The compressed rows, once all have come.
    fn finish(self) -> Result<&'d mut Vec<u8>, String> {
        if self.left > 0 {
            return Err(format!(
                "encoding the PNG failed: {} rows missing",
                self.left
            ));
        }
        self.deflate.finish().map_err(|e| failed(e.into()))
    }
}

/// Pixels that [`sub_rgb`] takes as one block: where each equals the one to
/// its left (94% of a chart's pixels do), the block's filtered bytes are all
/// zero, found by comparing eight words instead of filtering sixteen pixels.
const BLOCK: usize = 16;

/// `rgba`, one row, as RGB filtered by PNG's Sub (each byte less the same
/// byte of the pixel to its left; the first pixel as it is), in `filtered`
/// (two bytes longer than the row's RGB). Two pixels are taken at a time as
/// one 64-bit word, less, byte by byte, the word four bytes before it (the
/// pixels to their left), packed to six bytes and stored as a whole word, its
/// two spare bytes overwritten by the next pair.
fn sub_rgb<'a>(rgba: &[u8], filtered: &'a mut [u8]) -> &'a [u8] {
    let width = rgba.len() / 4;
    let Some(first) = rgba.first_chunk::<3>() else {
        return &filtered[..0];
    };
    filtered[..3].copy_from_slice(first);
    let mut k = 1;
    while k + BLOCK <= width {
        if same_as_left(&rgba[4 * k - 4..4 * (k + BLOCK)]) {
            filtered[3 * k..3 * (k + BLOCK)].fill(0);
        } else {
            for p in (k..k + BLOCK).step_by(2) {
                sub_pair(rgba, filtered, p);
            }
        }
        k += BLOCK;
    }
    while k + 2 <= width {
        sub_pair(rgba, filtered, k);
        k += 2;
    }
    if k < width {
        for c in 4 * k..4 * k + 3 {
            filtered[c - k] = rgba[c].wrapping_sub(rgba[c - 4]);
        }
    }
    &filtered[..3 * width]
}

/// Whether every pixel of `pixels` but the first equals the one to its left:
/// the words from byte 4 on equal those from byte 0.
fn same_as_left(pixels: &[u8]) -> bool {
    let before = pixels[..pixels.len() - 4].chunks_exact(8);
    let now = pixels[4..].chunks_exact(8);
    before
        .zip(now)
        .fold(0, |any, (b, n)| any | (word(b) ^ word(n)))
        == 0
}

/// The first eight bytes of `bytes` as a word.
fn word(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes[..8].try_into().expect("eight bytes"))
}

/// Pixels `p` and `p + 1` of `rgba` filtered by Sub into `filtered`, as six
/// bytes and two spare ones.
fn sub_pair(rgba: &[u8], filtered: &mut [u8], p: usize) {
    const FIRST: u64 = 0xFF_FFFF;
    const SECOND: u64 = 0xFFFF_FF00_0000;
    let diff = bytes_less(word(&rgba[4 * p..]), word(&rgba[4 * p - 4..]));
    let packed = (diff & FIRST) | ((diff >> 8) & SECOND);
    filtered[3 * p..3 * p + 8].copy_from_slice(&packed.to_le_bytes());
}

/// Each byte of `a` less the same byte of `b`, wrapping, in one word: the
/// top bit of every byte set in `a` and cleared in `b` so that no byte's
/// subtraction borrows from the next, then each top bit set right.
fn bytes_less(a: u64, b: u64) -> u64 {
    const TOP: u64 = 0x8080_8080_8080_8080;
    ((a | TOP) - (b & !TOP)) ^ ((a ^ !b) & TOP)
}

fn failed(e: png::EncodingError) -> String {
    format!("encoding the PNG failed: {e}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

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

    /// Widths around the blocks of [`BLOCK`] pixels after the first, odd and
    /// even, and a chart's.
    const WIDTHS: [usize; 16] = [1, 2, 3, 4, 5, 8, 13, 16, 17, 18, 19, 33, 34, 64, 203, 1600];

    /// The PNG of `rgba`, given in bands of 3, 1 and 3 rows.
    fn encoded(width: usize, rgba: &[u8]) -> Vec<u8> {
        encoded_with(width, rgba, &mut Vec::new())
    }

    /// [`encoded`], compressed into `deflated`.
    fn encoded_with(width: usize, rgba: &[u8], deflated: &mut Vec<u8>) -> Vec<u8> {
        png((width as u32, 7), ("A title", "Désc"), deflated, |rows| {
            let row = 4 * width;
            rows.add(&rgba[..3 * row])?;
            rows.add(&rgba[3 * row..4 * row])?;
            rows.add(&rgba[4 * row..])
        })
        .unwrap()
    }

    #[test]
    fn the_png_decodes_to_the_rows_as_rgb_with_its_texts() {
        for width in WIDTHS {
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
        let err = png((4, 7), ("t", "d"), &mut Vec::new(), |rows| {
            rows.add(&[0; 4 * 4 * 6])
        })
        .unwrap_err();
        assert!(err.starts_with("encoding the PNG failed"), "{err}");
    }

    /// The PNG the png crate's own streaming writer makes of `rgba` (`width`
    /// wide) with the Sub filter and fast compression, in the same chunks.
    fn by_the_png_crate(width: usize, rgba: &[u8]) -> Vec<u8> {
        let height = rgba.len() / 4 / width;
        let mut file = Vec::new();
        let mut encoder = png::Encoder::new(&mut file, width as u32, height as u32);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        encoder.set_filter(png::Filter::Sub);
        for (key, text) in [("Title", "A title"), ("Description", "Désc")] {
            encoder.add_itxt_chunk(key.into(), text.into()).unwrap();
        }
        let mut writer = encoder.write_header().unwrap();
        let mut stream = writer.stream_writer_with_size(CHUNK).unwrap();
        for px in rgba.chunks_exact(4) {
            stream.write_all(&px[..3]).unwrap();
        }
        stream.finish().unwrap();
        writer.finish().unwrap();
        file
    }

    #[test]
    fn the_bytes_are_those_of_the_png_crates_own_writer() {
        // One buffer for every image, as a canvas keeps it, left full of
        // another image's bytes.
        let mut kept = vec![7; 100];
        for width in WIDTHS {
            let rgba = image(width);
            let ours = encoded_with(width, &rgba, &mut kept);
            assert_eq!(ours, by_the_png_crate(width, &rgba), "width {width}");
        }
        // Noise that compresses to more than one IDAT chunk, in bands of 64.
        let (width, height) = (600, 160);
        let mut seed = 1u32;
        let noise: Vec<u8> = (0..width * height * 4)
            .map(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                (seed >> 16) as u8
            })
            .collect();
        let size = (width as u32, height as u32);
        let ours = png(size, ("A title", "Désc"), &mut Vec::new(), |rows| {
            noise
                .chunks(4 * width * 64)
                .try_for_each(|band| rows.add(band))
        })
        .unwrap();
        let theirs = by_the_png_crate(width, &noise);
        assert!(theirs.windows(4).filter(|w| w == b"IDAT").count() > 1);
        assert_eq!(ours, theirs);
    }

    #[test]
    fn sub_filters_each_byte_against_the_pixel_to_its_left() {
        for width in WIDTHS {
            let rgba = image(width);
            let mut filtered = vec![0; 3 * width + 2];
            for row in rgba.chunks_exact(4 * width) {
                let want: Vec<u8> = (0..3 * width)
                    .map(|i| {
                        let (x, c) = (i / 3, i % 3);
                        let left = if x == 0 { 0 } else { row[4 * x - 4 + c] };
                        row[4 * x + c].wrapping_sub(left)
                    })
                    .collect();
                assert_eq!(sub_rgb(row, &mut filtered), want, "width {width}");
            }
        }
    }

    #[test]
    fn too_many_rows_are_an_error() {
        let err = png((4, 2), ("t", "d"), &mut Vec::new(), |rows| {
            rows.add(&[0; 4 * 4 * 3])
        })
        .unwrap_err();
        assert!(err.starts_with("encoding the PNG failed"), "{err}");
    }
}
