#!/usr/bin/env bash
# Makes docs/blog-post.png: the README's Jekyll post (`--layout jekyll`) built in a fresh
# `jekyll new` site, photographed by headless Chromium at a desktop's width (1024 px, the top
# of the page, shown at 60 %) and at a 390 px phone's (from the first chart on, full size, in a
# 390 px frame since Chromium's headless window is at least 500 px wide), side by side.
#   apt-get install -y chromium jekyll jekyll-theme-minima ruby-jekyll-feed python3-pil
#   bench/blog-screenshot.sh [path/to/rccost]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/rccost}
[ -x "$bin" ] || cargo build --quiet
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" report --scenario current --users 1..100 --admin-rate 60 --as-of 2026-11-25 \
  --layout jekyll --out "$work/post" -q
(cd "$work" && jekyll new site --skip-bundle >/dev/null)
cp -r "$work/post/"* "$work/site/"
# The built site's own folder as its base URL, so that Chromium opens its files directly.
(cd "$work/site" && jekyll build --baseurl "$work/site/_site" >/dev/null)
page="$work/site/_site/2026/11/25/chat-server-costs.html"
# The phone from the first chart's heading on, 844 px high (an iPhone's screen).
printf '<!doctype html><body style="margin:0"><iframe src="%s#which-plan-is-cheapest-at-each-team-size" width="390" height="844" style="border:0"></iframe></body>' \
  "$page" >"$work/frame.html"
shot() { # URL WIDTHxHEIGHT OUT
  timeout 60 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$work/profile" --window-size="$2" --virtual-time-budget=5000 \
    --screenshot="$3" "$1" 2>/dev/null
}
shot "file://$page" 1024,1400 "$work/desk.png"
shot "file://$work/frame.html" 1024,844 "$work/phone.png"
python3 - "$work" "$root/docs/blog-post.png" <<'EOF'
import sys
from PIL import Image, ImageDraw
work, out = sys.argv[1], sys.argv[2]
desk = Image.open(f"{work}/desk.png").convert("RGB").crop((0, 0, 1024, 1400)).resize((614, 840), Image.LANCZOS)
phone = Image.open(f"{work}/phone.png").convert("RGB").crop((0, 0, 390, 840))
both = Image.new("RGB", (1032, 844), "white")
both.paste(desk, (2, 2))
both.paste(phone, (640, 2))
draw = ImageDraw.Draw(both)
draw.rectangle((0, 0, 617, 843), outline=(180, 180, 180))
draw.rectangle((638, 0, 1031, 843), outline=(180, 180, 180))
both.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(out, optimize=True)
EOF
echo "wrote docs/blog-post.png"
