#![no_main]
//! `admin-rate` in fuzz/targets.rs.
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(init: rccost_fuzz::prepare("admin-rate"), |input: &[u8]| -> Corpus {
    rccost_fuzz::run(input)
});
