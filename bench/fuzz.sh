#!/usr/bin/env bash
# Fuzzes every parser of rccost for SECONDS (default 600) on the stable toolchain
# and prints executions, executions per second and findings; exits 1 if any.
#
#   bash bench/fuzz.sh [SECONDS] [--only TARGET,TARGET] [--work DIR]
#
# The harness is examples/fuzz (targets: examples/fuzz/targets.rs). It is built
# once in the `fuzz` profile (release speed, overflow checks on) with the
# library instrumented for coverage (bench/fuzz-rustc.sh); the first build
# takes 6-12 minutes. Findings land in target/fuzz-work/findings/TARGET/; each
# becomes a file in tests/fixtures/fuzz-regressions/TARGET/, which `cargo test`
# runs. Replay one: target/fuzz/examples/fuzz replay TARGET FILE; shrink a
# panicking one: ... minimize TARGET FILE. The corpus grown so far is kept in
# target/fuzz-work/corpus/ and reused by the next run.
#
# One process fuzzes (the machine may be shared); memory is capped at 4 GB of
# address space on top of the harness's own 1 GiB heap limit.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
RUSTC_WRAPPER="$PWD/bench/fuzz-rustc.sh" cargo build --profile fuzz --example fuzz --quiet
ulimit -v $((4 * 1024 * 1024)) 2>/dev/null || true
exec target/fuzz/examples/fuzz run "$seconds" "$@"
