#![no_main]
//! `pricing-over-current` in fuzz/targets.rs.
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(init: rccost_fuzz::prepare("pricing-over-current"), |input: &[u8]| -> Corpus {
    rccost_fuzz::run(input)
});
