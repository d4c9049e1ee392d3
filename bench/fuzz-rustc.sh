#!/bin/sh
# RUSTC_WRAPPER for bench/fuzz.sh: compiles the crates named in FUZZ_INSTRUMENT
# (default: rccost and the parsers it hands untrusted bytes to) with LLVM's
# SanitizerCoverage edge counters, stable rustc flags, so the fuzzer sees which
# code an input reached. Every other crate is compiled as usual.
rustc="$1"
shift
crates=${FUZZ_INSTRUMENT:-"rccost toml toml_parser serde_json zip csv csv_core rust_decimal chrono bson tar"}
name=""
previous=""
for arg in "$@"; do
  [ "$previous" = "--crate-name" ] && name="$arg"
  previous="$arg"
done
for crate in $crates; do
  if [ "$name" = "$crate" ]; then
    exec "$rustc" "$@" -Cpasses=sancov-module \
      -Cllvm-args=-sanitizer-coverage-level=3 \
      -Cllvm-args=-sanitizer-coverage-inline-8bit-counters
  fi
done
exec "$rustc" "$@"
