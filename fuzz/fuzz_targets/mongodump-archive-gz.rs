#![no_main]
//! `mongodump-archive-gz` in fuzz/targets.rs.
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(init: rccost_fuzz::prepare("mongodump-archive-gz"), |input: &[u8]| -> Corpus {
    rccost_fuzz::run(input)
});
