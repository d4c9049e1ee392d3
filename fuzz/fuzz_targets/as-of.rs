#![no_main]
//! `as-of` in fuzz/targets.rs.
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(init: rccost_fuzz::prepare("as-of"), |input: &[u8]| -> Corpus {
    rccost_fuzz::run(input)
});
