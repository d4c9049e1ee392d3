#!/usr/bin/env bash
# Times `rccost usage --by day` against DuckDB doing the same daily count, as whole
# processes on the same synthetic Rocket.Chat mongoexport, run alternately, and prints
# wall time, CPU time and peak memory for each run, the medians and the ratio. Then the
# same messages as mongodump writes them (BSON, and the write-up's backup: a .tar.gz of
# the dump folder). It only prints figures; nothing fails on a timing.
#
#   bash bench/usage.sh [MESSAGES] [RUNS]      (default 2000000 messages, about 486 MB; 5 runs)
#
# Needs python3 (the generator and DuckDB come from ../shared/bench and PyPI), tar and gzip.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000000}
runs=${2:-5}
shared=${SHARED:-../shared/bench}
work=${TMPDIR:-/tmp}/rccost-bench
mkdir -p "$work"
data="$work/mongoexport-$n.json"
[ -s "$data" ] || python3 "$shared/gen_mongoexport.py" "$n" "$data"
bson="$work/dump-$n/rocketchat/rocketchat_message.bson"
if [ ! -s "$bson" ]; then
  mkdir -p "$(dirname "$bson")"
  python3 bench/mongoexport_to_bson.py "$data" "$bson"
fi
backup="$work/rocketchat-$n.tar.gz"
[ -s "$backup" ] || tar -C "$work/dump-$n/.." -czf "$backup" "dump-$n"
python3 -c "import duckdb" 2>/dev/null || pip install --quiet duckdb
cargo build --release --quiet
bin=target/release/rccost

# Runs the named commands in turn RUNS times (A B C A B C ...), each as a whole process,
# and prints every run and the medians; the first command is the yardstick of the ratios.
python3 - "$runs" \
  "duckdb (duckdb_daily.py)" "python3 $shared/duckdb_daily.py $data $work/duckdb-daily.csv" \
  "rccost usage, mongoexport" "$bin usage $data --by day --quiet --out $work/rccost-json" \
  "rccost usage, .bson" "$bin usage $bson --by day --quiet --out $work/rccost-bson" \
  "rccost usage, backup .tar.gz" "$bin usage $backup --by day --quiet --out $work/rccost-tgz" <<'PY'
import os, resource, shlex, statistics, subprocess, sys, time
runs = int(sys.argv[1])
named = list(zip(sys.argv[2::2], sys.argv[3::2]))
figures = {label: [] for label, _ in named}
for run in range(runs + 1):
    for label, cmd in named:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        child = subprocess.Popen(shlex.split(cmd), stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        assert status == 0, f"{label} failed"
        cpu = usage.ru_utime + usage.ru_stime
        if run > 0:  # the first round warms the page cache
            figures[label].append((wall, cpu, usage.ru_maxrss / 1024))
            print(f"run {run}  {label:<30} wall {wall:6.2f} s  cpu {cpu:6.2f} s  peak {usage.ru_maxrss / 1024:5.0f} MB")
print()
yard = statistics.median(w for w, _, _ in figures[named[0][0]])
for label, _ in named:
    wall = statistics.median(w for w, _, _ in figures[label])
    cpu = statistics.median(c for _, c, _ in figures[label])
    peak = max(p for _, _, p in figures[label])
    print(f"median {label:<30} wall {wall:6.2f} s  cpu {cpu:6.2f} s  peak {peak:5.0f} MB  "
          f"{yard / wall:5.2f}x the speed of DuckDB")
PY
# The daily series must agree (rccost also writes empty days as zeros).
python3 - "$work/duckdb-daily.csv" "$work"/rccost-{json,bson,tgz}/usage.csv <<'PY'
import csv, sys
theirs = {r["day"]: int(r["messages"]) for r in csv.DictReader(open(sys.argv[1]))}
for path in sys.argv[2:]:
    ours = {r["period_start"]: int(r["messages"]) for r in csv.DictReader(open(path))
            if int(r["messages"])}
    print(f"daily counts agree with DuckDB ({path.split('/')[-2]}):", ours == theirs,
          f"({len(ours)} days, {sum(ours.values())} messages)")
PY
