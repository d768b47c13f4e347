#!/usr/bin/env bash
# Takes the README's Zipkin screenshots (docs/images/zipkin-*.png) from a run of the main job: ./demo.sh --keep
# (the sample application under the OpenTelemetry Java agent with InferScope as its extension, exporting to a
# real Zipkin server), then headless Chromium photographs, from the demo's own list of flagged anomalies, a
# slow DJL request's whole trace, a late-streamed chat's whole trace, and the search page of flagged traces.
# Nothing leaves this machine.
#
# Needs Debian's chromium, which this script does not install:
#   apt-get install -y --no-install-recommends chromium
# Usage: docs/screenshot.sh [OUTPUT_FOLDER]   (default docs/images); MVN_OPTS and the demo's ports apply.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-docs/images}")
command -v chromium >/dev/null \
  || { echo "docs/screenshot.sh needs chromium: apt-get install -y --no-install-recommends chromium" >&2; exit 1; }
mkdir -p "$out" target/demo
summary=target/demo/screenshot-run.log
scratch=$(mktemp -d)

./demo.sh --keep --requests 3000 > "$summary" 2>&1 &
demo=$!
# TERM: a background job of a script ignores INT; the demo stops what it started on either.
trap 'kill -TERM $demo 2>/dev/null; wait $demo 2>/dev/null; rm -rf "$scratch"' EXIT
for _ in $(seq 1 900); do
  grep -q '^Where to look' "$summary" && break
  kill -0 $demo 2>/dev/null || { tail -30 "$summary" >&2; echo "the demo stopped early (above)" >&2; exit 1; }
  sleep 1
done
grep -q '^Where to look' "$summary" || { echo "the demo did not finish in 15 minutes; see $summary" >&2; exit 1; }

# The first trace link under the demo's group of flagged spans whose heading matches $1.
first_link() {
  awk -v heading="$1" '
    index($0, heading) && /^  [^ ]/ { inside = 1; next }
    inside && /^  [^ ]/ { inside = 0 }
    inside && /http:\/\/.*\/zipkin\/traces\// { print $1; exit }' "$summary"
}
shoot() { # url, png, height
  rm -f "$2"
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --no-first-run --hide-scrollbars --user-data-dir="$scratch/profile" --window-size="1400,$3" \
    --virtual-time-budget=15000 --screenshot="$2" "$1" > "$scratch/chromium.log" 2>&1 \
    || { cat "$scratch/chromium.log" >&2; exit 1; }
  [ -s "$2" ] || { echo "chromium wrote no screenshot for $1" >&2; exit 1; }
  echo "wrote $2"
}

djl=$(first_link 'predict scorer [djl]')
chat=$(first_link 'chat gpt-4o-mini [openai, streamed]')
[ -n "$djl" ] || { echo "no flagged DJL request in the run; see $summary" >&2; exit 1; }
[ -n "$chat" ] || { echo "no flagged streamed chat in the run; see $summary" >&2; exit 1; }
zipkin=${djl%%/zipkin/*}
shoot "$djl" "$out/zipkin-djl-trace.png" 900
shoot "$chat" "$out/zipkin-llm-trace.png" 1300
shoot "$zipkin/zipkin/?annotationQuery=inferscope.anomaly%3Dtrue&lookback=15m&endTs=$(date +%s)000&limit=20" \
  "$out/zipkin-search.png" 800
