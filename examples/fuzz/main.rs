//! A fuzzer for rccost's parsers on the stable toolchain: `bench/fuzz.sh SECONDS`.
//!
//! A supervisor starts a worker process and restarts it when it dies: a panic is
//! caught in the worker (`catch_unwind`), but a stack overflow or an abort ends
//! the process, so the worker writes each input to `WORK/current` before running
//! it and the supervisor keeps that file as the finding. A watchdog thread ends
//! the worker when one input runs longer than a second, and the allocator
//! refuses to hold more than a gigabyte; both are findings too.
//!
//! The worker mutates inputs in process (bit flips, splices, truncations,
//! repeats, the grammar's tokens from `targets.rs`) and keeps those that reach
//! new code: when `bench/fuzz.sh` builds it, the library is compiled with
//! LLVM's SanitizerCoverage counters (`-Cpasses=sancov-module`, a stable
//! flag), read here through `__sanitizer_cov_8bit_counters_init`. Built
//! without them it still runs, guided only by what each input's outcome was.
//!
//! Subcommands: `run SECONDS [--only a,b] [--work DIR]`, `replay TARGET FILE...`,
//! `minimize TARGET FILE`, `list` (and `worker`, started by `run`).

#[path = "targets.rs"]
mod targets;

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use targets::Target;

// ---- coverage counters (filled by -Cpasses=sancov-module) --------------------

static COUNTERS_START: AtomicUsize = AtomicUsize::new(0);
static COUNTERS_END: AtomicUsize = AtomicUsize::new(0);

/// Called by every instrumented object's constructor with the bounds of the
/// counters section (the same bounds each time on ELF).
#[unsafe(no_mangle)]
pub extern "C" fn __sanitizer_cov_8bit_counters_init(start: *mut u8, end: *mut u8) {
    let (s, e) = (start as usize, end as usize);
    let old = COUNTERS_START.load(Ordering::SeqCst);
    if old == 0 || s < old {
        COUNTERS_START.store(s, Ordering::SeqCst);
    }
    if e > COUNTERS_END.load(Ordering::SeqCst) {
        COUNTERS_END.store(e, Ordering::SeqCst);
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn __sanitizer_cov_pcs_init(_start: *const usize, _end: *const usize) {}

/// The edge counters, or an empty slice in an uninstrumented build.
fn counters() -> &'static mut [u8] {
    let (s, e) = (
        COUNTERS_START.load(Ordering::SeqCst),
        COUNTERS_END.load(Ordering::SeqCst),
    );
    if s == 0 || e <= s {
        return &mut [];
    }
    // SAFETY: the section lives as long as the program; only this thread reads
    // and clears it (other threads only increment bytes, a benign race).
    unsafe { std::slice::from_raw_parts_mut(s as *mut u8, e - s) }
}

/// AFL's buckets of hit counts: 1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+.
fn bucket(count: u8) -> u8 {
    match count {
        0 => 0,
        1 => 1,
        2 => 2,
        3 => 4,
        4..=7 => 8,
        8..=15 => 16,
        16..=31 => 32,
        32..=127 => 64,
        _ => 128,
    }
}

/// Merges the counters into `seen` (clearing them); true if any edge or hit
/// count bucket is new.
fn merge_coverage(seen: &mut [u8]) -> bool {
    let counters = counters();
    let mut new = false;
    for (i, word) in counters.chunks_exact(8).enumerate() {
        let w = u64::from_ne_bytes(word.try_into().expect("8 bytes"));
        if w == 0 {
            continue;
        }
        for (k, &c) in word.iter().enumerate() {
            let b = bucket(c);
            let slot = &mut seen[i * 8 + k];
            if b & !*slot != 0 {
                *slot |= b;
                new = true;
            }
        }
    }
    let tail = counters.len() / 8 * 8;
    for (k, &c) in counters[tail..].iter().enumerate() {
        let b = bucket(c);
        if b & !seen[tail + k] != 0 {
            seen[tail + k] |= b;
            new = true;
        }
    }
    counters.fill(0);
    new
}

// ---- a memory limit ----------------------------------------------------------

/// Heap bytes one input may add to what the worker holds before it (its
/// corpora, coverage maps): an allocation past that fails (the process then
/// aborts with "memory allocation of N bytes failed": a finding). The worker's
/// own holdings grow over an hour's run and must not count against an input.
const HEAP_LIMIT: usize = 1 << 30;

struct Limited;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Live heap bytes above which an allocation fails: what the worker held when
/// the current input started, plus [`HEAP_LIMIT`].
static CEILING: AtomicUsize = AtomicUsize::new(HEAP_LIMIT);

// SAFETY: forwards to the system allocator; only counts bytes.
unsafe impl std::alloc::GlobalAlloc for Limited {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        if live > CEILING.load(Ordering::Relaxed) {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            return std::ptr::null_mut();
        }
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { std::alloc::System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        if live > CEILING.load(Ordering::Relaxed) {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            return std::ptr::null_mut();
        }
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { std::alloc::System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        let grow = new_size.saturating_sub(layout.size());
        let live = LIVE.fetch_add(grow, Ordering::Relaxed) + grow;
        if live > CEILING.load(Ordering::Relaxed) {
            LIVE.fetch_sub(grow, Ordering::Relaxed);
            return std::ptr::null_mut();
        }
        PEAK.fetch_max(live, Ordering::Relaxed);
        let p = unsafe { std::alloc::System.realloc(ptr, layout, new_size) };
        if p.is_null() {
            LIVE.fetch_sub(grow, Ordering::Relaxed);
        } else {
            LIVE.fetch_sub(layout.size().saturating_sub(new_size), Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Limited = Limited;

// ---- randomness and mutation ---------------------------------------------------

struct Rng(u64);

impl Rng {
    /// wyrand.
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0xa076_1d64_78bd_642f);
        let t = u128::from(self.0) * u128::from(self.0 ^ 0xe703_7ed1_a0b4_28db);
        (t as u64) ^ ((t >> 64) as u64)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn chance(&mut self, one_in: u64) -> bool {
        self.next().is_multiple_of(one_in)
    }
}

const INTERESTING_BYTES: &[u8] = b"\0\x01\x7f\x80\xff\"\\{}[],:\n\r\t -+.=#'0129eEzZT/%";
const INTERESTING_NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "2",
    "255",
    "256",
    "65535",
    "65536",
    "2147483647",
    "2147483648",
    "-2147483649",
    "4294967296",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "1e308",
    "1e309",
    "-1e309",
    "1e-400",
    "NaN",
    "inf",
    "0.1",
    "1.5",
    "99999999999999999999999999999",
    "79228162514264337593543950336",
    "0.00000000000000000000000000001",
    "1000000000000000000",
];

/// One to eight stacked changes to `input`.
fn mutate(
    input: &mut Vec<u8>,
    others: &[Vec<u8>],
    tokens: &[&[u8]],
    rng: &mut Rng,
    max_len: usize,
) {
    let rounds = 1 << rng.below(4);
    for _ in 0..rounds {
        mutate_once(input, others, tokens, rng, max_len);
    }
    input.truncate(max_len);
}

fn mutate_once(
    input: &mut Vec<u8>,
    others: &[Vec<u8>],
    tokens: &[&[u8]],
    rng: &mut Rng,
    max_len: usize,
) {
    let len = input.len();
    let token = |rng: &mut Rng| -> &[u8] {
        if tokens.is_empty() || rng.chance(4) {
            INTERESTING_NUMBERS[rng.below(INTERESTING_NUMBERS.len())].as_bytes()
        } else {
            tokens[rng.below(tokens.len())]
        }
    };
    match rng.below(16) {
        0 if len > 0 => {
            let i = rng.below(len);
            input[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = rng.below(len);
            input[i] = rng.next() as u8;
        }
        2 if len > 0 => {
            let i = rng.below(len);
            input[i] = INTERESTING_BYTES[rng.below(INTERESTING_BYTES.len())];
        }
        3 if len > 0 => {
            let start = rng.below(len);
            let most = if rng.chance(8) { len } else { 16 };
            let n = 1 + rng.below((len - start).min(most));
            input.drain(start..start + n);
        }
        4 => {
            let at = rng.below(len + 1);
            let n = 1 + rng.below(8);
            let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            input.splice(at..at, bytes);
        }
        5 if len > 0 => {
            let start = rng.below(len);
            let n = 1 + rng.below((len - start).min(64));
            let chunk = input[start..start + n].to_vec();
            let at = rng.below(len + 1);
            input.splice(at..at, chunk);
        }
        6 => {
            let at = rng.below(len + 1);
            let t = token(rng).to_vec();
            input.splice(at..at, t);
        }
        7 => {
            // A token at a boundary of the grammar.
            let places: Vec<usize> = (0..len)
                .filter(|&i| matches!(input[i], b'\n' | b',' | b'{' | b'[' | b':' | b'"' | b'='))
                .map(|i| i + 1)
                .chain([0, len])
                .collect();
            let at = places[rng.below(places.len())];
            let t = token(rng).to_vec();
            input.splice(at..at, t);
        }
        8 => replace_number(input, rng),
        9 if !others.is_empty() => {
            let other = &others[rng.below(others.len())];
            let cut = rng.below(len + 1);
            let from = rng.below(other.len() + 1);
            input.truncate(cut);
            input.extend_from_slice(&other[from..]);
        }
        10 if len > 0 => input.truncate(rng.below(len)),
        11 => {
            // A piece many times over: deep nesting, long lines, many records.
            let piece = if len > 0 && rng.chance(2) {
                let start = rng.below(len);
                input[start..start + 1 + rng.below((len - start).min(32))].to_vec()
            } else {
                token(rng).to_vec()
            };
            let times = [2, 3, 10, 100, 1000, 10_000][rng.below(6)];
            let room = max_len.saturating_sub(len) / piece.len().max(1);
            let at = rng.below(len + 1);
            let repeated = piece.repeat(times.min(room).max(1));
            input.splice(at..at, repeated);
        }
        12 => line_change(input, rng),
        13 if !tokens.is_empty() => {
            let (a, b) = (token(rng).to_vec(), token(rng).to_vec());
            if let Some(i) = find(input, &a) {
                input.splice(i..i + a.len(), b);
            }
        }
        14 if len > 0 => {
            let i = rng.below(len);
            let delta = 1 + rng.below(35) as u8;
            input[i] = if rng.chance(2) {
                input[i].wrapping_add(delta)
            } else {
                input[i].wrapping_sub(delta)
            };
        }
        15 if !others.is_empty() => {
            let other = &others[rng.below(others.len())];
            if !other.is_empty() {
                let start = rng.below(other.len());
                let n = 1 + rng.below((other.len() - start).min(256));
                let at = rng.below(len + 1);
                input.splice(at..at, other[start..start + n].to_vec());
            }
        }
        _ => {
            let at = rng.below(len + 1);
            let t = token(rng).to_vec();
            input.splice(at..at, t);
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A run of digits replaced by an interesting number.
fn replace_number(input: &mut Vec<u8>, rng: &mut Rng) {
    let starts: Vec<usize> = (0..input.len())
        .filter(|&i| input[i].is_ascii_digit() && (i == 0 || !input[i - 1].is_ascii_digit()))
        .collect();
    let number = INTERESTING_NUMBERS[rng.below(INTERESTING_NUMBERS.len())]
        .as_bytes()
        .to_vec();
    if starts.is_empty() {
        let at = rng.below(input.len() + 1);
        input.splice(at..at, number);
        return;
    }
    let start = starts[rng.below(starts.len())];
    let end = (start..input.len())
        .find(|&i| !input[i].is_ascii_digit())
        .unwrap_or(input.len());
    input.splice(start..end, number);
}

/// A line deleted, doubled or moved.
fn line_change(input: &mut Vec<u8>, rng: &mut Rng) {
    let mut lines: Vec<Vec<u8>> = input.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    let n = lines.len();
    let i = rng.below(n);
    match rng.below(3) {
        0 if n > 1 => {
            lines.remove(i);
        }
        1 => {
            let line = lines[i].clone();
            lines.insert(rng.below(n + 1), line);
        }
        _ => {
            let j = rng.below(n);
            lines.swap(i, j);
        }
    }
    *input = lines.join(&b'\n');
}

// ---- the worker ------------------------------------------------------------------

/// Nanoseconds (since the worker started) at which the running input began; 0 when idle.
static EXEC_START: AtomicU64 = AtomicU64::new(0);

/// The longest one input may take.
const TIME_LIMIT: Duration = Duration::from_secs(1);

/// A target with what the worker learned of it.
struct Pool {
    target: Target,
    /// The target's grammar tokens, text and binary ones together.
    tokens: Vec<&'static [u8]>,
    corpus: Vec<Vec<u8>>,
    /// Bytes of `corpus`.
    held: usize,
    seen: Vec<u8>,
    outcomes: HashSet<u64>,
    execs: u64,
    panics: HashSet<String>,
    slowest: Duration,
    /// The most heap one input took on top of what was live before it.
    heap: usize,
}

fn hash(bytes: &[u8]) -> u64 {
    // FNV-1a: names files, not security.
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The first panic's place and message since the last `take`.
static PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map_or("?".into(), |l| format!("{}:{}", l.file(), l.line()));
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let mut slot = PANIC.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_none() {
            *slot = Some(format!("{place}: {message}"));
        }
    }));
}

struct Worker {
    work: PathBuf,
    scratch: PathBuf,
    current: std::fs::File,
    started: Instant,
    rng: Rng,
    crashers: HashSet<u64>,
}

impl Worker {
    /// Runs one input under the watchdog; records a panic as a finding.
    fn exec(&mut self, pool: &mut Pool, input: &[u8]) -> bool {
        use std::os::unix::fs::FileExt;
        let _ = self.current.set_len(0);
        let _ = self.current.write_all_at(input, 0);
        *PANIC.lock().unwrap_or_else(|p| p.into_inner()) = None;
        let live = LIVE.load(Ordering::Relaxed);
        PEAK.store(live, Ordering::Relaxed);
        CEILING.store(live + HEAP_LIMIT, Ordering::Relaxed);
        let t0 = Instant::now();
        EXEC_START.store(
            self.started.elapsed().as_nanos() as u64 + 1,
            Ordering::SeqCst,
        );
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pool.target.run(input, &self.scratch)
        }));
        EXEC_START.store(0, Ordering::SeqCst);
        pool.slowest = pool.slowest.max(t0.elapsed());
        pool.heap = pool
            .heap
            .max(PEAK.load(Ordering::Relaxed).saturating_sub(live));
        pool.execs += 1;
        let mut new = merge_coverage(&mut pool.seen);
        match result {
            Ok(outcome) => new |= pool.outcomes.insert(hash(outcome.as_bytes())),
            Err(_) => {
                let what = PANIC
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .take()
                    .unwrap_or_default();
                let place = what.split(": ").next().unwrap_or("").to_string();
                if pool.panics.insert(place) {
                    let file = save_finding(&self.work, pool.target.name, "panic", input);
                    eprintln!(
                        "finding: {} panicked at {what}\n  input: {}",
                        pool.target.name,
                        file.display()
                    );
                }
                return false;
            }
        }
        new
    }

    fn keep(&mut self, pool: &mut Pool, input: Vec<u8>) {
        let dir = self.work.join("corpus").join(pool.target.name);
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join(format!("{:016x}", hash(&input))), &input);
        pool.held += input.len();
        if pool.held > CORPUS_HELD && pool.corpus.len() > 1 {
            // Full: the new input takes the place of one picked at random.
            let out = self.rng.below(pool.corpus.len());
            pool.held -= pool.corpus[out].len();
            pool.corpus[out] = input;
        } else {
            pool.corpus.push(input);
        }
    }
}

fn save_finding(work: &Path, target: &str, kind: &str, input: &[u8]) -> PathBuf {
    let dir = work.join("findings").join(target);
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join(format!("{kind}-{:016x}", hash(input)));
    let _ = std::fs::write(&file, input);
    file
}

/// CPU time this process has used (user + system), from /proc.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which is in parentheses.
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    Duration::from_millis((ticks(11) + ticks(12)) * 10) // utime, stime at 100 Hz
}

/// Ends the worker when one input has used more than [`TIME_LIMIT`] of CPU
/// (a machine busy with other work stretches wall time, not CPU time), or ten
/// times that in wall time (an input that waits for ever).
fn watchdog(started: Instant, work: PathBuf) {
    std::thread::spawn(move || {
        let mut seen = (0, Duration::ZERO);
        loop {
            std::thread::sleep(Duration::from_millis(50));
            let start = EXEC_START.load(Ordering::SeqCst);
            if start == 0 {
                continue;
            }
            if seen.0 != start {
                seen = (start, cpu_time());
                continue;
            }
            let wall = Duration::from_nanos(started.elapsed().as_nanos() as u64 + 1 - start);
            let cpu = cpu_time().saturating_sub(seen.1);
            if cpu > TIME_LIMIT || wall > TIME_LIMIT * 10 {
                let target =
                    std::fs::read_to_string(work.join("current.target")).unwrap_or_default();
                let input = std::fs::read(work.join("current")).unwrap_or_default();
                let file = save_finding(&work, target.trim(), "slow", &input);
                eprintln!(
                    "finding: {} ran over {:?} (CPU {cpu:?}, wall {wall:?})\n  input: {}",
                    target.trim(),
                    TIME_LIMIT,
                    file.display()
                );
                std::process::exit(3);
            }
        }
    });
}

/// Corpus bytes of one target a worker loads from earlier runs (the smallest
/// inputs first) and holds at most: the corpus on disk grows run by run (GBs),
/// and thirty-odd targets' worth must stay well inside the address space
/// `bench/fuzz.sh` allows (4 GB) with an input's [`HEAP_LIMIT`] on top.
const CORPUS_LOADED: usize = 8 << 20;
const CORPUS_HELD: usize = 8 << 20;

fn load_pool(target: Target, work: &Path, crashers: &HashSet<u64>) -> Pool {
    let mut corpus = targets::seeds(&target, &root());
    let mut earlier: Vec<(u64, PathBuf)> =
        targets::files_below(&work.join("corpus").join(target.name))
            .into_iter()
            .filter_map(|f| Some((f.metadata().ok()?.len(), f)))
            .collect();
    earlier.sort();
    let mut loaded = 0;
    for (len, file) in earlier {
        loaded += len as usize;
        if loaded > CORPUS_LOADED {
            break;
        }
        if let Ok(bytes) = std::fs::read(file) {
            corpus.push(bytes);
        }
    }
    corpus.retain(|c| !crashers.contains(&hash(c)));
    if corpus.is_empty() {
        corpus.push(Vec::new());
    }
    let tokens = target
        .tokens
        .iter()
        .map(|t| t.as_bytes())
        .chain(target.binary.iter().copied())
        .collect();
    Pool {
        target,
        tokens,
        held: corpus.iter().map(Vec::len).sum(),
        corpus,
        seen: vec![0; counters().len()],
        outcomes: HashSet::new(),
        execs: 0,
        panics: HashSet::new(),
        slowest: Duration::ZERO,
        heap: 0,
    }
}

fn print_stats(pools: &[Pool]) {
    let mut out = std::io::stdout().lock();
    for p in pools {
        let _ = writeln!(
            out,
            "stats {} {} {} {} {} {}",
            p.target.name,
            p.execs,
            p.corpus.len(),
            p.panics.len(),
            p.slowest.as_micros(),
            p.heap
        );
    }
    let _ = writeln!(out, "tick");
    let _ = out.flush();
}

fn worker(work: PathBuf, seed: u64, seconds: u64, only: &[String]) {
    quiet_panics();
    let started = Instant::now();
    let scratch = work.join(format!("scratch-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("a scratch folder");
    let crashers: HashSet<u64> = std::fs::read_to_string(work.join("crashers"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| u64::from_str_radix(l.trim(), 16).ok())
        .collect();
    let current = std::fs::File::create(work.join("current")).expect("the current input file");
    let mut w = Worker {
        work: work.clone(),
        scratch: scratch.clone(),
        current,
        started,
        rng: Rng(seed),
        crashers,
    };
    let mut pools: Vec<Pool> = targets::targets()
        .into_iter()
        .filter(|t| only.is_empty() || only.iter().any(|o| o == t.name))
        .map(|t| load_pool(t, &work, &w.crashers))
        .collect();
    watchdog(started, work.clone());
    let until = started + Duration::from_secs(seconds);
    // Every seed once, to learn what they reach.
    for pool in &mut pools {
        let _ = std::fs::write(work.join("current.target"), pool.target.name);
        let seeds = std::mem::take(&mut pool.corpus);
        for s in &seeds {
            w.exec(pool, s);
        }
        pool.corpus = seeds;
    }
    print_stats(&pools);
    let slice = Duration::from_millis(1000);
    while Instant::now() < until {
        for i in 0..pools.len() {
            let pool = &mut pools[i];
            let _ = std::fs::write(work.join("current.target"), pool.target.name);
            let end = (Instant::now() + slice).min(until);
            while Instant::now() < end {
                for _ in 0..16 {
                    let parent = w.rng.below(pool.corpus.len());
                    let mut input = pool.corpus[parent].clone();
                    mutate(
                        &mut input,
                        &pool.corpus,
                        &pool.tokens,
                        &mut w.rng,
                        pool.target.max_len,
                    );
                    if w.exec(pool, &input) && !w.crashers.contains(&hash(&input)) {
                        w.keep(pool, input);
                    }
                }
            }
            print_stats(&pools);
            if Instant::now() >= until {
                break;
            }
        }
    }
    print_stats(&pools);
    let _ = std::fs::remove_dir_all(&scratch);
}

// ---- the supervisor -----------------------------------------------------------------

#[derive(Clone, Default)]
struct Figures {
    execs: u64,
    corpus: usize,
    findings: u64,
    slowest_us: u64,
    heap: u64,
}

fn supervise(seconds: u64, work: PathBuf, only: Vec<String>) -> bool {
    std::fs::create_dir_all(&work).expect("the work folder");
    let started = Instant::now();
    let mut done: HashMap<String, Figures> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut crashes = 0u64;
    let mut peak_rss_kb = 0u64;
    let mut seed = 0x5eed_u64 ^ std::process::id() as u64;
    let log = work.join("worker.log");
    let before = count_findings(&work);
    while started.elapsed() < Duration::from_secs(seconds) {
        let left = seconds.saturating_sub(started.elapsed().as_secs()).max(1);
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut child = std::process::Command::new(std::env::current_exe().expect("this program"))
            .args([
                "worker",
                &work.display().to_string(),
                &seed.to_string(),
                &left.to_string(),
                &only.join(","),
            ])
            .stdout(std::process::Stdio::piped())
            .stderr(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&log)
                    .expect("the log"),
            )
            .spawn()
            .expect("a worker");
        let pid = child.id();
        let rss = std::sync::Arc::new(AtomicU64::new(0));
        let watch = std::sync::Arc::clone(&rss);
        std::thread::spawn(move || {
            while let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
                if let Some(kb) = status
                    .lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
                {
                    watch.fetch_max(kb, Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(500));
            }
        });
        let mut latest: HashMap<String, Figures> = HashMap::new();
        let reader = std::io::BufReader::new(child.stdout.take().expect("piped"));
        let mut last_report = Instant::now();
        for line in reader.lines().map_while(Result::ok) {
            let parts: Vec<&str> = line.split(' ').collect();
            if parts.len() == 7 && parts[0] == "stats" {
                let name = parts[1].to_string();
                if !order.contains(&name) {
                    order.push(name.clone());
                }
                latest.insert(
                    name,
                    Figures {
                        execs: parts[2].parse().unwrap_or(0),
                        corpus: parts[3].parse().unwrap_or(0),
                        findings: parts[4].parse().unwrap_or(0),
                        slowest_us: parts[5].parse().unwrap_or(0),
                        heap: parts[6].parse().unwrap_or(0),
                    },
                );
            } else if line == "tick" && last_report.elapsed() > Duration::from_secs(60) {
                let total: u64 = done.values().chain(latest.values()).map(|f| f.execs).sum();
                let secs = started.elapsed().as_secs_f64();
                println!(
                    "{:>6.0} s  {} executions  {:.0}/s",
                    secs,
                    group(total),
                    total as f64 / secs
                );
                last_report = Instant::now();
            }
        }
        let status = child.wait().expect("the worker ends");
        peak_rss_kb = peak_rss_kb.max(rss.load(Ordering::Relaxed));
        for (name, f) in latest {
            let d = done.entry(name).or_default();
            d.execs += f.execs;
            d.corpus = d.corpus.max(f.corpus);
            d.findings += f.findings;
            d.slowest_us = d.slowest_us.max(f.slowest_us);
            d.heap = d.heap.max(f.heap);
        }
        if !status.success() {
            crashes += 1;
            record_crash(&work, &status, &log);
            if crashes > 200 {
                println!("more than 200 worker crashes: stopping");
                break;
            }
        }
    }
    let total: u64 = done.values().map(|f| f.execs).sum();
    let secs = started.elapsed().as_secs_f64();
    let findings = count_findings(&work);
    println!(
        "\n{:<22} {:>13} {:>9} {:>7} {:>11} {:>8}",
        "target", "executions", "per sec", "corpus", "slowest ms", "heap MB"
    );
    let mut peak_heap = 0;
    for name in &order {
        let f = &done[name];
        peak_heap = peak_heap.max(f.heap);
        println!(
            "{:<22} {:>13} {:>9.0} {:>7} {:>11.1} {:>8.1}",
            name,
            group(f.execs),
            f.execs as f64 / secs * order.len() as f64,
            f.corpus,
            f.slowest_us as f64 / 1000.0,
            f.heap as f64 / f64::from(1 << 20)
        );
    }
    println!(
        "\n{} executions in {:.0} s ({:.0}/s), {} findings ({} new), {} worker restarts, peak RSS {} MB, most heap for one input {} MB",
        group(total),
        secs,
        total as f64 / secs,
        findings,
        findings.saturating_sub(before),
        crashes,
        peak_rss_kb / 1024,
        peak_heap >> 20
    );
    println!("findings: {}", work.join("findings").display());
    findings == 0
}

/// Keeps the input a worker died on (a stack overflow, an abort, a hang).
fn record_crash(work: &Path, status: &std::process::ExitStatus, log: &Path) {
    use std::os::unix::process::ExitStatusExt;
    let target = std::fs::read_to_string(work.join("current.target")).unwrap_or_default();
    let input = std::fs::read(work.join("current")).unwrap_or_default();
    let kind = match (status.signal(), status.code()) {
        (Some(sig), _) => format!("signal{sig}"),
        (None, Some(3)) => "slow".to_string(),
        (None, Some(code)) => format!("exit{code}"),
        _ => "crash".to_string(),
    };
    let file = if kind == "slow" {
        work.join("findings")
            .join(target.trim())
            .join(format!("slow-{:016x}", hash(&input)))
    } else {
        save_finding(work, target.trim(), &kind, &input)
    };
    let mut crashers = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(work.join("crashers"))
        .expect("the crashers list");
    let _ = writeln!(crashers, "{:016x}", hash(&input));
    let tail: Vec<String> = std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .rev()
        .take(3)
        .map(String::from)
        .collect();
    println!(
        "finding: worker died ({kind}) in {}: {}\n  {}",
        target.trim(),
        file.display(),
        tail.join(" | ")
    );
}

fn count_findings(work: &Path) -> u64 {
    targets::files_below(&work.join("findings")).len() as u64
}

fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

// ---- replay and minimize ---------------------------------------------------------------

fn target_named(name: &str) -> Target {
    targets::targets()
        .into_iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| {
            eprintln!("no target named {name}; `fuzz list` names them");
            std::process::exit(2)
        })
}

fn replay(name: &str, files: &[String]) {
    let target = target_named(name);
    let scratch = std::env::temp_dir().join(format!("rccost-fuzz-replay-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("a scratch folder");
    for file in files {
        let input = std::fs::read(file).expect("a readable input");
        let t0 = Instant::now();
        let outcome = target.run(&input, &scratch);
        println!("{file}: {outcome} ({:?})", t0.elapsed());
    }
    let _ = std::fs::remove_dir_all(&scratch);
}

/// Shrinks a panicking input while it still panics at the same place.
fn minimize(name: &str, file: &str) {
    quiet_panics();
    let target = target_named(name);
    let scratch = std::env::temp_dir().join(format!("rccost-fuzz-min-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("a scratch folder");
    let place = |input: &[u8]| -> Option<String> {
        *PANIC.lock().unwrap_or_else(|p| p.into_inner()) = None;
        let r =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| target.run(input, &scratch)));
        r.err().map(|_| {
            let what = PANIC
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .take()
                .unwrap_or_default();
            what.split(": ").next().unwrap_or("").to_string()
        })
    };
    let mut input = std::fs::read(file).expect("a readable input");
    let Some(wanted) = place(&input) else {
        println!("{file} does not panic");
        return;
    };
    let mut chunk = input.len() / 2;
    while chunk >= 1 {
        let mut i = 0;
        while i + chunk <= input.len() {
            let mut shorter = input.clone();
            shorter.drain(i..i + chunk);
            if place(&shorter).as_deref() == Some(wanted.as_str()) {
                input = shorter;
            } else {
                i += chunk;
            }
        }
        chunk /= 2;
    }
    let out = format!("{file}.min");
    std::fs::write(&out, &input).expect("the shrunk input");
    println!("{wanted}: {} bytes in {out}", input.len());
    let _ = std::fs::remove_dir_all(&scratch);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let only = |list: Option<&String>| -> Vec<String> {
        list.map(|l| {
            l.split(',')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
    };
    match args.first().map(String::as_str) {
        Some("run") => {
            let seconds: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(60);
            let mut work = root().join("target/fuzz-work");
            let mut list = Vec::new();
            let mut rest = args[2..].iter();
            while let Some(flag) = rest.next() {
                match flag.as_str() {
                    "--work" => work = PathBuf::from(rest.next().expect("a folder after --work")),
                    "--only" => list = only(rest.next()),
                    _ => {}
                }
            }
            let instrumented = !counters().is_empty();
            println!(
                "fuzzing {} targets for {seconds} s ({}), work folder {}",
                targets::targets()
                    .iter()
                    .filter(|t| list.is_empty() || list.iter().any(|o| o == t.name))
                    .count(),
                if instrumented {
                    format!("{} coverage counters", counters().len())
                } else {
                    "no coverage counters: outcome-guided only".into()
                },
                work.display()
            );
            let clean = supervise(seconds, work, list);
            std::process::exit(if clean { 0 } else { 1 });
        }
        Some("worker") => {
            let work = PathBuf::from(&args[1]);
            worker(
                work,
                args[2].parse().expect("a seed"),
                args[3].parse().expect("seconds"),
                &only(args.get(4)),
            );
        }
        Some("replay") if args.len() >= 3 => replay(&args[1], &args[2..]),
        Some("minimize") if args.len() == 3 => minimize(&args[1], &args[2]),
        Some("list") => {
            for t in targets::targets() {
                println!("{}", t.name);
            }
        }
        _ => {
            eprintln!(
                "usage: fuzz run SECONDS [--only a,b] [--work DIR] | replay TARGET FILE... | minimize TARGET FILE | list"
            );
            std::process::exit(2);
        }
    }
}
