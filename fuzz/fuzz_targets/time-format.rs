#![no_main]
//! `time-format` in fuzz/targets.rs.
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(init: rccost_fuzz::prepare("time-format"), |input: &[u8]| -> Corpus {
    rccost_fuzz::run(input)
});
