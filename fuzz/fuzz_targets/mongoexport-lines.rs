#![no_main]
//! `mongoexport-lines` in fuzz/targets.rs.
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(init: rccost_fuzz::prepare("mongoexport-lines"), |input: &[u8]| -> Corpus {
    rccost_fuzz::run(input)
});
