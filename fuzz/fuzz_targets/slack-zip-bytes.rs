#![no_main]
//! `slack-zip-bytes` in fuzz/targets.rs.
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(init: rccost_fuzz::prepare("slack-zip-bytes"), |input: &[u8]| -> Corpus {
    rccost_fuzz::run(input)
});
