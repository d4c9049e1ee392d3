#!/usr/bin/env bash
# Times `rccost usage --by day` against DuckDB doing the same daily count, as whole
# processes on the same synthetic Rocket.Chat mongoexport, and prints wall time and
# peak memory for both. It only prints figures; nothing fails on a timing.
#
#   bash bench/usage.sh [MESSAGES]      (default 2000000, about 486 MB)
#
# Needs python3 (the generator and DuckDB come from ../shared/bench and PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000000}
shared=${SHARED:-../shared/bench}
work=${TMPDIR:-/tmp}/rccost-bench
mkdir -p "$work"
data="$work/mongoexport-$n.json"
[ -s "$data" ] || python3 "$shared/gen_mongoexport.py" "$n" "$data"
python3 -c "import duckdb" 2>/dev/null || pip install --quiet duckdb
cargo build --release --quiet
bin=target/release/rccost

measure() { # label, command... — wall time and peak RSS of the whole process
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
label, cmd = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{label:<28} wall {wall:6.2f} s   peak memory {peak:6.0f} MB")
PY
}

echo "input: $data ($(du -m "$data" | cut -f1) MB, $n messages), $(nproc) cores"
for run in 1 2 3; do
  measure "rccost usage --by day" "$bin" usage "$data" --by day --quiet --out "$work/rccost-out"
  measure "duckdb (duckdb_daily.py)" python3 "$shared/duckdb_daily.py" "$data" "$work/duckdb-daily.csv"
done
# The two daily series must agree (rccost also writes empty days as zeros).
python3 - "$work/rccost-out/usage.csv" "$work/duckdb-daily.csv" <<'PY'
import csv, sys
ours = {r["period_start"]: int(r["messages"]) for r in csv.DictReader(open(sys.argv[1])) if int(r["messages"])}
theirs = {r["day"]: int(r["messages"]) for r in csv.DictReader(open(sys.argv[2]))}
print("daily counts agree:", ours == theirs, f"({len(ours)} days, {sum(ours.values())} messages)")
PY
