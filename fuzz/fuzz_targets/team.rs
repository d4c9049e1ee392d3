#![no_main]
//! `team` in fuzz/targets.rs.
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(init: rccost_fuzz::prepare("team"), |input: &[u8]| -> Corpus {
    rccost_fuzz::run(input)
});
