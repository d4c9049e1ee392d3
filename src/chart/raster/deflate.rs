//! The zlib stream of a PNG's filtered rows in fdeflate's format (one block
//! under a fixed Huffman table made for filtered PNG rows, each byte a
//! literal, each run of zeros a copy of the zero before it), fed by the filter
//! as it goes: a group of pixels like the one before is twelve zeros told in
//! one call, never written out, scanned or summed a byte at a time (a chart's
//! rows are mostly such zeros). The table and the block header are fdeflate
//! 0.3.7's (MIT or Apache-2.0); tests inflate the stream with its inflater.

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

// A literal zero is all zero bits, so a few zeros are written as one `put`.
const _: () = assert!(CODES[0] == 0);

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

/// Whether one of the first 12 of `data` is zero, as one word (a search of
/// twelve bytes through `memchr` was a call per group of pixels): a zero byte
/// is the only one whose top bit survives `(v − 0x01…) & !v & 0x80…`. The
/// last four bytes are set first so they never count.
fn has_zero_byte(data: &[u8; 16]) -> bool {
    const ONES: u128 = u128::from_le_bytes([1; 16]);
    const TOPS: u128 = u128::from_le_bytes([0x80; 16]);
    const PAST_TWELVE: u128 = 0xFFFF_FFFF << 96;
    let v = u128::from_le_bytes(*data) | PAST_TWELVE;
    v.wrapping_sub(ONES) & !v & TOPS != 0
}

/// The length symbol (index into [`LENGTH_BASE`]) of a copy of `n` bytes, 3..=258.
fn length_symbol(n: u32) -> usize {
    LENGTH_BASE.partition_point(|&base| base as u32 <= n) - 1
}

/// A zlib stream being written, fed bytes and runs of zeros.
pub(super) struct Deflate {
    out: Vec<u8>,
    bits: u64,
    nbits: u8,
    /// Zeros not written yet: a run ends at the next byte that is not zero.
    run: u32,
    /// The Adler-32 sums of the bytes so far (below [`ADLER`] after each call).
    a: u32,
    b: u32,
}

/// Adler-32's modulus.
const ADLER: u32 = 65521;

impl Deflate {
    /// A stream written on the end of `out`.
    pub(super) fn after(out: Vec<u8>) -> Deflate {
        let mut deflate = Deflate {
            out,
            bits: 0,
            nbits: 0,
            run: 0,
            a: 1,
            b: 0,
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

    /// `n` zero bytes: only counted until the run ends. (Their checksum in
    /// one step: zeros leave the first sum, and add it `n` times to the second.)
    pub(super) fn zeros(&mut self, n: u32) {
        self.run += n;
        self.b = ((self.b as u64 + self.a as u64 * n as u64) % ADLER as u64) as u32;
    }

    /// Bytes, zeros among them joined to runs.
    pub(super) fn bytes(&mut self, data: &[u8]) {
        // Sums of at most 4,096 bytes stay below 2³² before the modulus.
        if data.len() > 4096 {
            return data.chunks(4096).for_each(|chunk| self.bytes(chunk));
        }
        let (mut a, mut b) = (self.a, self.b);
        for &x in data {
            a += x as u32;
            b += a;
            if x == 0 {
                self.run += 1;
                continue;
            }
            if self.run > 0 {
                self.end_run();
            }
            self.put(CODES[x as usize] as u64, LENGTHS[x as usize]);
        }
        (self.a, self.b) = (a % ADLER, b % ADLER);
    }

    /// The first 12 of `data` (a group of four filtered pixels): four
    /// literals to a write when none is zero, else [`Deflate::bytes`].
    pub(super) fn twelve(&mut self, data: &[u8; 16]) {
        let group = &data[..12];
        if has_zero_byte(data) {
            return self.bytes(group);
        }
        if self.run > 0 {
            self.end_run();
        }
        let (mut a, mut b) = (self.a, self.b);
        for four in group.chunks_exact(4) {
            let (mut bits, mut n) = (0u64, 0u8);
            for &x in four {
                (a, b) = (a + x as u32, b + a + x as u32);
                bits |= (CODES[x as usize] as u64) << n;
                n += LENGTHS[x as usize];
            }
            self.put(bits, n);
        }
        (self.a, self.b) = (a % ADLER, b % ADLER);
    }

    /// The run of zeros so far: the first as a literal, the rest copies of
    /// the byte before (as fdeflate writes a run); none, or a few, as literals.
    fn end_run(&mut self) {
        let mut run = std::mem::take(&mut self.run);
        if run <= 5 {
            // A few zeros: as many literal zeros (code 0), cheaper than a copy.
            return self.put(0, run as u8 * LENGTHS[0]);
        }
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

    /// The end of the block, the last bits, the checksum: `out` with the whole stream.
    pub(super) fn finish(mut self) -> Vec<u8> {
        if self.run > 0 {
            self.end_run();
        }
        self.put(CODES[256] as u64, LENGTHS[256]);
        if !self.nbits.is_multiple_of(8) {
            self.put(0, 8 - self.nbits % 8);
        }
        let n = self.nbits as usize / 8;
        self.out.extend_from_slice(&self.bits.to_le_bytes()[..n]);
        let checksum = (self.b << 16) | self.a;
        self.out.extend_from_slice(&checksum.to_be_bytes());
        self.out
    }
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

    /// The word test agrees with a search byte by byte, whatever is in the
    /// four bytes past the twelve.
    #[test]
    fn a_zero_among_twelve_bytes_is_found_as_a_word() {
        let mut seed = 5u32;
        let mut next = move || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (seed >> 16) as u8
        };
        for _ in 0..100_000 {
            // Mostly small values and zeros, where borrows would mislead.
            let data: [u8; 16] = std::array::from_fn(|_| match next() % 4 {
                0 => 0,
                1 => 1,
                2 => 0x80,
                _ => next(),
            });
            assert_eq!(has_zero_byte(&data), data[..12].contains(&0), "{data:?}");
        }
    }

    /// Each row once as bytes, once with its zeros given as runs: both
    /// streams inflate to the rows (fdeflate's inflater checks the Adler-32
    /// too), and they are the same stream.
    #[test]
    fn zeros_given_as_runs_make_the_same_stream() {
        let rows = rows();
        let (mut bytes, mut runs) = (Deflate::after(Vec::new()), Deflate::after(Vec::new()));
        for row in &rows {
            bytes.bytes(row);
            for piece in row.chunk_by(|x, y| (*x == 0) == (*y == 0)) {
                match piece[0] {
                    0 => runs.zeros(piece.len() as u32),
                    _ => runs.bytes(piece),
                }
            }
        }
        let (bytes, runs) = (bytes.finish(), runs.finish());
        assert!(bytes == runs);
        assert!(fdeflate::decompress_to_vec(&runs).unwrap() == rows.concat());
    }

    #[test]
    fn the_stream_inflates_to_the_rows() {
        let rows = rows();
        let mut deflate = Deflate::after(Vec::new());
        rows.iter().for_each(|row| deflate.bytes(row));
        let back = fdeflate::decompress_to_vec(&deflate.finish()).unwrap();
        assert!(back == rows.concat());
    }
}
