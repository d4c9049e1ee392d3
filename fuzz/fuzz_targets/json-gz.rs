#![no_main]
//! `json-gz` in fuzz/targets.rs.
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(init: rccost_fuzz::prepare("json-gz"), |input: &[u8]| -> Corpus {
    rccost_fuzz::run(input)
});
