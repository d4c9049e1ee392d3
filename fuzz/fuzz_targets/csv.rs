#![no_main]
//! `csv` in fuzz/targets.rs.
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(init: rccost_fuzz::prepare("csv"), |input: &[u8]| -> Corpus {
    rccost_fuzz::run(input)
});
