//! The zlib stream of a PNG's filtered rows, bit for bit as `fdeflate` writes
//! it (one block under a fixed Huffman table made for filtered PNG rows, each
//! byte a literal, each run of zeros a copy of the zero before it), but with
//! the runs found a few words at a go. A chart's rows are mostly zeros once
//! filtered, and stepping through them 8 bytes at a time was a fifth of the
//! time a PNG took. The table and the block header are fdeflate 0.3.7's (MIT
//! or Apache-2.0); a test holds the bytes to fdeflate's own.

use simd_adler32::Adler32;

/// The code length of each literal/length symbol (fdeflate's `HUFFMAN_LENGTHS`).
const LENGTHS: [u8; 286] = [
    2, 3, 4, 5, 5, 6, 6, 7, 7, 7, 8, 8, 8, 8, 8, 9, 9, 9, 9, 9, 9, 9, 10, 10, 10, 10, 10, 10, 10,
    10, 10, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
    12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
    12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
    12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
    12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
    12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
    12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
    12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 11, 11, 11, 11, 11, 11, 11,
    11, 11, 11, 10, 11, 10, 10, 10, 10, 10, 10, 10, 10, 10, 9, 9, 9, 9, 9, 8, 9, 8, 8, 8, 8, 8, 7,
    7, 7, 6, 6, 6, 5, 4, 3, 12, 12, 12, 9, 9, 11, 10, 11, 11, 10, 11, 11, 11, 11, 11, 11, 12, 11,
    12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 9,
];

/// The canonical codes of [`LENGTHS`], bits reversed as deflate sends them.
const CODES: [u16; 286] = codes(&LENGTHS);

/// The zlib header and the block header that declares [`LENGTHS`]: 53 bytes
/// and 5 bits of a 54th (fdeflate's `HEADER`).
const HEADER: [u8; 54] = [
    120, 1, 237, 192, 3, 160, 36, 89, 150, 198, 241, 255, 119, 238, 141, 200, 204, 167, 114, 75,
    99, 174, 109, 219, 182, 109, 219, 182, 109, 219, 182, 109, 105, 140, 158, 150, 74, 175, 158,
    50, 51, 34, 238, 249, 118, 183, 106, 122, 166, 135, 59, 107, 213, 15,
];

/// Deflate's length symbols 257..=285: the shortest length each stands for,
/// and how many extra bits follow it.
const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];

const fn codes(lengths: &[u8; 286]) -> [u16; 286] {
    let mut codes = [0u16; 286];
    let mut code = 0u32;
    let mut len = 1;
    while len <= 16 {
        let mut i = 0;
        while i < lengths.len() {
            if lengths[i] == len {
                codes[i] = (code as u16).reverse_bits() >> (16 - len);
                code += 1;
            }
            i += 1;
        }
        code <<= 1;
        len += 1;
    }
    codes
}

/// The length symbol (index into [`LENGTH_BASE`]) of a copy of `n` bytes, 3..=258.
fn length_symbol(n: u32) -> usize {
    LENGTH_BASE.partition_point(|&base| base as u32 <= n) - 1
}

/// A zlib stream being written.
pub(super) struct Deflate {
    out: Vec<u8>,
    bits: u64,
    nbits: u8,
    checksum: Adler32,
}

impl Deflate {
    /// A stream written on the end of `out`.
    pub(super) fn after(out: Vec<u8>) -> Deflate {
        let mut deflate = Deflate {
            out,
            bits: 0,
            nbits: 0,
            checksum: Adler32::new(),
        };
        deflate.out.extend_from_slice(&HEADER[..53]);
        deflate.put(HEADER[53] as u64, 5);
        deflate
    }

    fn put(&mut self, bits: u64, n: u8) {
        self.bits |= bits << self.nbits;
        self.nbits += n;
        if self.nbits >= 64 {
            self.out.extend_from_slice(&self.bits.to_le_bytes());
            self.nbits -= 64;
            self.bits = bits.checked_shr((n - self.nbits) as u32).unwrap_or(0);
        }
    }

    fn literal(&mut self, b: u8) {
        self.put(CODES[b as usize] as u64, LENGTHS[b as usize]);
    }

    /// Four literals at once (at most 48 bits).
    fn literals4(&mut self, b: &[u8]) {
        let (mut bits, mut n) = (0u64, 0u8);
        for &x in &b[..4] {
            bits |= (CODES[x as usize] as u64) << n;
            n += LENGTHS[x as usize];
        }
        self.put(bits, n);
    }

    /// `run` zeros: the first as a literal, the rest copies of the byte before.
    fn zeros(&mut self, mut run: u32) {
        self.put(CODES[0] as u64, LENGTHS[0]);
        run -= 1;
        while run >= 258 {
            // Length 258, then the one distance code (1 bit, a zero).
            self.put(CODES[285] as u64, LENGTHS[285] + 1);
            run -= 258;
        }
        if run > 4 {
            let s = length_symbol(run);
            self.put(CODES[257 + s] as u64, LENGTHS[257 + s]);
            let extra = LENGTH_EXTRA[s];
            self.put((run - LENGTH_BASE[s] as u32) as u64, extra + 1);
        } else {
            self.put(0, run as u8 * LENGTHS[0]);
        }
    }

    /// Adds `data` (fdeflate's `write_data`: 8-byte words from its start, a
    /// run of zeros ended where `data` ends).
    pub(super) fn write(&mut self, data: &[u8]) {
        self.checksum.write(data);
        let (words, rest) = data.as_chunks::<8>();
        let mut run = 0u32;
        let mut i = 0;
        while i < words.len() {
            let chunk = &words[i];
            let word = u64::from_le_bytes(*chunk);
            if word == 0 {
                let next = next_nonzero(words, i + 1);
                run += 8 * (next - i) as u32;
                i = next;
                continue;
            }
            i += 1;
            if run > 0 {
                let before = word.trailing_zeros() / 8;
                self.zeros(run + before);
                run = 0;
                if before > 0 {
                    run = word.leading_zeros() / 8;
                    for &b in &chunk[before as usize..8 - run as usize] {
                        self.literal(b);
                    }
                    continue;
                }
            }
            let after = word.leading_zeros() / 8;
            if after > 0 {
                for &b in &chunk[..8 - after as usize] {
                    self.literal(b);
                }
                run = after;
                continue;
            }
            self.literals4(&chunk[..4]);
            self.literals4(&chunk[4..]);
        }
        if run > 0 {
            self.zeros(run);
        }
        for &b in rest {
            self.literal(b);
        }
    }

    /// The end of the block, the last bits, the checksum: `out` with the whole stream.
    pub(super) fn finish(mut self) -> Vec<u8> {
        self.put(CODES[256] as u64, LENGTHS[256]);
        if !self.nbits.is_multiple_of(8) {
            self.put(0, 8 - self.nbits % 8);
        }
        let n = self.nbits as usize / 8;
        self.out.extend_from_slice(&self.bits.to_le_bytes()[..n]);
        self.out
            .extend_from_slice(&self.checksum.finish().to_be_bytes());
        self.out
    }
}

/// The first word at or after `from` that is not zero (or the end), 64 bytes
/// at a time where it can (the bytes OR-ed together, which vectorises).
fn next_nonzero(words: &[[u8; 8]], mut from: usize) -> usize {
    let (blocks, _) = words[from..].as_chunks::<8>();
    for block in blocks {
        if block.as_flattened().iter().fold(0, |any, &b| any | b) != 0 {
            break;
        }
        from += 8;
    }
    while from < words.len() && words[from] == [0; 8] {
        from += 1;
    }
    from
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows like a chart's once filtered: long runs of zeros (some of several
    /// thousand bytes), small values around them, a few of anything.
    fn rows() -> Vec<Vec<u8>> {
        let mut seed = 12345u32;
        let mut next = move || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            seed >> 16
        };
        (0..300)
            .map(|r| {
                let len = [4801, 1, 7, 8, 9, 263, 2000][r % 7];
                (0..len)
                    .map(|i| match next() % 100 {
                        _ if r % 11 == 0 && i > 0 => 0,
                        0..=79 => 0,
                        80..=94 => (next() % 5) as u8,
                        _ => next() as u8,
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_stream_is_fdeflates_bit_for_bit() {
        let rows = rows();
        let mut ours = Deflate::after(Vec::new());
        let mut theirs = fdeflate::Compressor::new(Vec::new()).unwrap();
        for row in &rows {
            ours.write(row);
            theirs.write_data(row).unwrap();
        }
        assert!(ours.finish() == theirs.finish().unwrap());
    }

    #[test]
    fn the_stream_inflates_to_the_rows() {
        let rows = rows();
        let mut deflate = Deflate::after(Vec::new());
        rows.iter().for_each(|row| deflate.write(row));
        let back = fdeflate::decompress_to_vec(&deflate.finish()).unwrap();
        assert!(back == rows.concat());
    }
}
