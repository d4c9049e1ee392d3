#![no_main]
//! `mongodump-folder` in fuzz/targets.rs.
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(init: rccost_fuzz::prepare("mongodump-folder"), |input: &[u8]| -> Corpus {
    rccost_fuzz::run(input)
});
