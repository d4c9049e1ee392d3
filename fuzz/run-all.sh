#!/usr/bin/env bash
# Fuzzes rccost's targets (fuzz/targets.rs) with libFuzzer, one process at a time under
# `nice -n 10` (the machine may be shared), SECONDS each (default 60), all of them or those
# named; then prints executions per target and the findings, and exits 1 if there are any.
#
#   fuzz/run-all.sh [SECONDS] [TARGET...]
#   FUZZ_SECONDS="users=180 date=180" fuzz/run-all.sh 60    (other times for some targets)
#
# Needs cargo-fuzz and a nightly toolchain (docs/reliability.md). It builds every target
# (`cargo fuzz build`: release, debug assertions and overflow checks on, AddressSanitizer),
# then again without the `usage` feature, which relinks the 12 targets that need no polars
# without it (fuzz/Cargo.toml says why). Each binary runs on its corpus fuzz/corpus/TARGET/
# (which grows run by run; the binary writes the target's seeds into it when it starts) with
# its dictionary fuzz/corpus/TARGET.dict and its longest input fuzz/corpus/TARGET.max_len
# (written by the binary too: a first start on an empty file, fuzzing nothing, writes them).
# A finding is a file in fuzz/artifacts/TARGET/ (crash-*, oom-*, timeout-*, leak-*);
# libFuzzer stops a target at its first one. Its log: fuzz/target/run-all/TARGET.log.
#
# Limits: 10 s of wall time per input (-timeout), no allocation over 1 GB (-malloc_limit_mb),
# 3 GB of resident memory per process (-rss_limit_mb; the old harness peaked at 1.2 GB
# without AddressSanitizer, whose shadow memory and quarantine add to it).
# FUZZ_TOOLCHAIN (default +nightly); FUZZ_BUILD adds flags to `cargo fuzz build`, FUZZ_FLAGS
# libFuzzer flags to every run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
toolchain=${FUZZ_TOOLCHAIN:-+nightly}
triple=$(rustc -vV | sed -n 's/^host: //p')

start=$(date +%s)
# shellcheck disable=SC2086 # FUZZ_BUILD is a list of flags
nice -n 10 cargo "$toolchain" fuzz build ${FUZZ_BUILD:-}
# shellcheck disable=SC2086
nice -n 10 cargo "$toolchain" fuzz build --no-default-features ${FUZZ_BUILD:-}
built=$(date +%s)
echo "built in $((built - start)) s"

if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo "$toolchain" fuzz list)
fi
# The time of target $1: its entry in FUZZ_SECONDS, or SECONDS.
seconds_of() {
  local entry
  for entry in ${FUZZ_SECONDS:-}; do
    [ "${entry%%=*}" = "$1" ] && { echo "${entry#*=}"; return; }
  done
  echo "$seconds"
}

# As `cargo fuzz run` sets it.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_odr_violation=0"
logs=fuzz/target/run-all
scratch=fuzz/target/scratch
mkdir -p "$logs" "$scratch"
: >"$logs/empty"
findings() {
  find "fuzz/artifacts/$1" -type f \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' \
    -o -name 'leak-*' \) | wc -l
}
total=0
found=0
failed=0
printf '%-22s %7s %12s %9s %7s %8s %9s %s\n' target seconds executions "exec/s" corpus \
  "peak MB" "slowest s" findings
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  before=$(findings "$t")
  bin="fuzz/target/$triple/release/$t"
  TMPDIR="$PWD/$scratch" "$bin" -runs=0 "$logs/empty" >/dev/null 2>&1
  time=$(seconds_of "$t")
  status=0
  # shellcheck disable=SC2086 # FUZZ_FLAGS is a list of flags
  TMPDIR="$PWD/$scratch" nice -n 10 "$bin" \
    -max_total_time="$time" -timeout=10 -malloc_limit_mb=1024 -rss_limit_mb=3072 \
    -max_len="$(cat "fuzz/corpus/$t.max_len")" -dict="fuzz/corpus/$t.dict" \
    -artifact_prefix="fuzz/artifacts/$t/" -print_final_stats=1 ${FUZZ_FLAGS:-} \
    "fuzz/corpus/$t" >"$logs/$t.log" 2>&1 || status=$?
  rm -rf "${scratch:?}"/*
  stat() { sed -n "s/^stat::$1: *//p" "$logs/$t.log" | tail -1; }
  runs=$(stat number_of_executed_units)
  new=$(($(findings "$t") - before))
  corpus=$(find "fuzz/corpus/$t" -type f | wc -l)
  printf '%-22s %7s %12s %9s %7s %8s %9s %s\n' "$t" "$time" "${runs:-?}" \
    "$(stat average_exec_per_sec)" "$corpus" "$(stat peak_rss_mb)" \
    "$(stat slowest_unit_time_sec)" "$new"
  total=$((total + ${runs:-0}))
  found=$((found + new))
  if [ "$status" -ne 0 ] && [ "$new" -eq 0 ]; then
    echo "  $t ended with status $status and no finding: see $logs/$t.log"
    failed=$((failed + 1))
  fi
done
end=$(date +%s)
echo "total: $total executions over ${#targets[@]} targets in $((end - built)) s of fuzzing" \
  "($((end - start)) s with the build); $found findings (fuzz/artifacts/)"
[ "$found" -eq 0 ] && [ "$failed" -eq 0 ]
