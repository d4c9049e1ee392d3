//! The page's engine: `rccost explore`'s one call, `rccost::cmd::explore::answer`,
//! behind a plain C ABI for a WebAssembly module (no wasm-bindgen: its command-line
//! tool would have to be installed at the crate's exact version to build this).
//!
//! The page's script writes the request (UTF-8, `key=value` lines: the CLI's long
//! option names and values) into the buffer [`rccost_input`] returns, calls
//! [`rccost_answer`], and reads that many bytes of JSON from [`rccost_output`].
//! WebAssembly runs one thread per instance, so one buffer each way suffices.

use std::cell::RefCell;

thread_local! {
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// A buffer of `len` bytes for the next request; its address in linear memory.
#[unsafe(no_mangle)]
pub extern "C" fn rccost_input(len: usize) -> *mut u8 {
    INPUT.with_borrow_mut(|input| {
        input.clear();
        input.resize(len, 0);
        input.as_mut_ptr()
    })
}

/// Answers the request in the input buffer (`sampled` 0: the exact figures only,
/// at once; 1: with the draws of every range); the length of the JSON answer.
#[unsafe(no_mangle)]
pub extern "C" fn rccost_answer(sampled: u32) -> usize {
    let request = INPUT.with_borrow(|input| String::from_utf8_lossy(input).into_owned());
    let answer = rccost::cmd::explore::answer(&request, sampled != 0);
    OUTPUT.with_borrow_mut(|output| {
        *output = answer.into_bytes();
        output.len()
    })
}

/// Where the last answer starts in linear memory.
#[unsafe(no_mangle)]
pub extern "C" fn rccost_output() -> *const u8 {
    OUTPUT.with_borrow(|output| output.as_ptr())
}
