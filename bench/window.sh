#!/usr/bin/env bash
# Throughput of the listener inside the window (Deliveries page in view, updating live)
# against `hookscope --headless`: what the list costs the main loop under a flood.
#
# Usage: bench/window.sh [BUILD_DIR] [SECONDS]      (default _build, 8)
# Needs wrk, xvfb-run and dbus-run-session; runs itself under them when there is no display.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build}
seconds=${2:-8}

if [ -z "${DISPLAY:-}" ] && [ -z "${HS_BENCH_NESTED:-}" ]; then
  HS_BENCH_NESTED=1 exec xvfb-run -a -s "-screen 0 1280x800x24" \
    dbus-run-session -- "$0" "$build" "$seconds"
fi
. "$top/bench/lib.sh"
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR=$build/data

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
"$build/src/hookscope" --listen "127.0.0.1:$port" --db "$tmp/window.db" >"$tmp/window.log" 2>&1 &
pids+=($!)
url="http://127.0.0.1:$port/"
for _ in $(seq 100); do
  curl -s -o /dev/null -X POST --data-binary '{}' "$url" && break
  sleep 0.1
done
echo "== window: $url" >&2
window=$(rate "$url")
stop_last

start "$build/src/hookscope" --headless --listen 127.0.0.1:0 --db "$tmp/headless.db"
echo "== hookscope --headless: $url" >&2
headless=$(rate "$url")
stop_last

printf 'window (Deliveries in view): %s req/s\n' "$window"
printf 'hookscope --headless: %s req/s\n' "$headless"
awk -v a="$window" -v b="$headless" 'BEGIN { printf "window / headless: %.2f\n", a / b }'
