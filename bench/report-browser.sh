#!/usr/bin/env bash
# Opens `rccost report --format html` in headless Chromium (no network) and checks
# that every image loads (naturalWidth > 0) and that the rendered page says the
# opening sentence with the figures of `rccost breakeven --json`.
#   apt-get install -y chromium   (about a minute; .ci/run does it under CI)
#   bench/report-browser.sh [path/to/rccost]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/rccost}
[ -x "$bin" ] || cargo build --quiet
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "no $chromium: apt-get install -y chromium" >&2; exit 2; }

args=(--scenario current --users 1..100 --admin-rate 60 --as-of 2026-11-25)
out=$(mktemp -d)
profile=$(mktemp -d)
trap 'rm -rf "$out" "$profile"' EXIT
"$bin" report --format html --theme dark --charts all "${args[@]}" --out "$out" >/dev/null
# A copy of the page with a tiny script that writes each image's naturalWidth into the DOM.
sed 's|</body>|<script>addEventListener("load",()=>{for(const i of document.images)i.setAttribute("data-natural-width",i.naturalWidth);document.body.setAttribute("data-loaded","yes")})</script></body>|' \
  "$out/report.html" >"$out/check.html"
timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --virtual-time-budget=5000 --dump-dom "file://$out/check.html" \
  >"$out/dom.html" 2>"$out/chromium.log"

grep -q 'data-loaded="yes"' "$out/dom.html" || { echo "the page did not finish loading" >&2; exit 1; }
images=$(grep -o '<img ' "$out/report.html" | wc -l)
loaded=$(grep -Eo 'data-natural-width="[1-9][0-9]*"' "$out/dom.html" | wc -l)
echo "images: $images in the page, $loaded loaded"
[ "$images" -gt 0 ] && [ "$images" -eq "$loaded" ] || { echo "an image did not load" >&2; exit 1; }

# The headline's figures, from the CLI's JSON: the first self-hosted model and its rival.
json=$("$bin" breakeven --json "${args[@]}")
from=$(printf '%s' "$json" | grep -A3 '"beats_all"' | grep -m1 '"from"' | grep -Eo '[0-9]+')
cost=$(printf '%s' "$json" | grep -A4 '"rival"' | grep -m1 '"cost"' | grep -Eo '[0-9.]+')
own=$(printf '%s' "$json" | grep -A5 '"rival"' | grep -m1 '"own"' | grep -Eo '[0-9.]+')
# With the scenario's ranges the sentence also gives the 80 % interval over the draws.
p10=$(printf '%s' "$json" | grep -A2 '"beats_all_from"' | grep -m1 '"p10"' | grep -Eo '[0-9]+')
p90=$(printf '%s' "$json" | grep -A4 '"beats_all_from"' | grep -m1 '"p90"' | grep -Eo '[0-9]+')
# Within a cent a user of the rival the sentence says it as a tie ("about the same").
if awk -v c="$cost" -v o="$own" -v n="$from" 'BEGIN { d = c - o; if (d < 0) d = -d; exit !(d <= 0.01 * n + 1e-9) }'; then
  want="every hosted plan from $from users on (80 % interval $p10–$p90; at $from about the same as Microsoft Teams Essentials, the cheapest before: \$$cost against \$$own a month)"
else
  want="every hosted plan from $from users on (80 % interval $p10–$p90; Microsoft Teams Essentials, the cheapest before, costs \$$cost against \$$own a month at $from)"
fi
grep -qF "$want" "$out/dom.html" || { echo "the rendered page does not say: $want" >&2; exit 1; }
echo "rendered: …$want"
echo "ok"
