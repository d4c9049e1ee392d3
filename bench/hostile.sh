#!/usr/bin/env bash
# The hostile inputs of tests/cli/hostile.rs at full size, against the release
# binary: prints what rccost answered, its wall time and its peak memory.
# Nothing fails on a timing; a crash (exit above 2) stops the script.
#
#   bash bench/hostile.sh            (needs python3; about 3 GB of space in TMPDIR)
#   BIN=path/to/rccost bash bench/hostile.sh   (another build, e.g. target/debug/rccost)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=$PWD/target/release/rccost
fi
bin=$BIN
work=${TMPDIR:-/tmp}/rccost-hostile
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
cd "$work"

measure() { # label, command... — exit code, wall time, peak RSS, last line of stderr
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
label, cmd = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
said = (p.stderr.strip().splitlines() or [""])[-1][:110]
print(f"{label:<44} exit {p.returncode}  {wall:6.2f} s  {peak:6.0f} MB  {said}")
if p.returncode > 2 or p.returncode < 0:
    sys.exit(f"{label}: crashed")
PY
}

python3 - <<'PY'
import os, struct, zlib
day = b'[{"type":"message","user":"U1","text":"hi","ts":"1471030200.000200"}]'
# A million day files: half `[]`, half empty, and one real day.
for k in range(1_000_000):
    d = f"million/c{k % 1000}"
    if k < 1000:
        os.makedirs(d, exist_ok=True)
    i = k // 1000
    with open(f"{d}/{2000 + i // 336}-{i // 28 % 12 + 1:02}-{i % 28 + 1:02}.json", "wb") as f:
        f.write(b"[]" if k % 2 == 0 else b"")
os.makedirs("million/general", exist_ok=True)
open("million/general/2016-08-12.json", "wb").write(day)
# A zip bomb: one day file of 4 GB of blanks (about 4 MB packed).
c = zlib.compressobj(9, zlib.DEFLATED, -15)
packed, crc, block = [], 0, b" " * (1 << 24)
for _ in range(256):
    packed.append(c.compress(block))
    crc = zlib.crc32(block, crc)
packed.append(c.flush())
data = b"".join(packed)
name = b"general/2016-08-11.json"
def header(sig, central, size, offset=0):
    h = struct.pack("<I", sig) + (struct.pack("<H", 45) if central else b"")
    h += struct.pack("<HHHHHIII", 45, 0, 8, 0, 0x21, crc, len(data), 0xFFFFFFFF if size >= 1 << 32 else size)
    extra = struct.pack("<HHQ", 1, 8, size)
    h += struct.pack("<HH", len(name), len(extra))
    if central:
        h += struct.pack("<HHHII", 0, 0, 0, 0, offset)
    return h + name + extra
local = header(0x04034B50, False, 1 << 32)
central = header(0x02014B50, True, 1 << 32)
with open("bomb.zip", "wb") as f:
    f.write(local + data)
    at = f.tell()
    f.write(central)
    f.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), at, 0))
# One line of 1 GB, then a message; the same line as a CSV.
msg = b'{"_id":"b","ts":{"$date":"2016-08-12T19:30:00.000Z"},"u":{"username":"bob"}}\n'
with open("line.json", "wb") as f:
    f.write(b'{"_id":"a","msg":"')
    for _ in range(1024):
        f.write(b"x" * (1 << 20))
    f.write(b'"}\n' + msg)
with open("line.csv", "wb") as f:
    f.write(b"ts,user\n")
    for _ in range(1024):
        f.write(b"x" * (1 << 20))
    f.write(b"\n2016-08-12T19:30:00Z,bob\n")
# A --jsonArray export on one line of 500 MB (2 million messages).
with open("array.json", "wb") as f:
    f.write(b"[")
    for i in range(2_000_000):
        f.write(b"," if i else b"")
        f.write(b'{"_id":"m%d","ts":{"$date":"2016-08-12T19:30:00.000Z"},"u":{"username":"u%d"},"msg":"%s"}' % (i, i % 50, b"y" * 160))
    f.write(b"]")
# JSON nested a million levels, TOML 400,000.
deep = "[" * 1_000_000 + "]" * 1_000_000
open("deep.json", "w").write('{"_id":"a","ts":{"$date":"2016-08-12T19:30:00.000Z"},"x":%s}\n' % deep)
deep = "[" * 400_000 + "]" * 400_000  # pricing files over 1 MB are refused unread
open("deep.toml", "w").write("version = 1\nnotes = %s\n" % deep)
PY

measure "Slack folder, 1,000,000 empty day files" "$bin" usage million --out out1
measure "zip bomb, a day file of 4 GB" "$bin" usage bomb.zip --out out2
measure "mongoexport, one line of 1 GB" "$bin" usage line.json --out out3
measure "CSV, one line of 1 GB" "$bin" usage line.csv --out out4
measure "--jsonArray, one line of 500 MB" "$bin" usage array.json --out out5
measure "JSON nested 1,000,000 levels" "$bin" usage deep.json --out out6
measure "TOML nested 400,000 levels" "$bin" validate deep.toml
