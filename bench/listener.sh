#!/usr/bin/env bash
# Throughput of `hookscope --headless` against the cheapest possible libsoup3 server.
#
# Usage: bench/listener.sh [BUILD_DIR] [SECONDS]      (default _build, 10)
# Needs wrk (Debian package "wrk"). Posts the seed payload with 32 connections on loopback,
# to (a) bench/bare-server (answers 200, stores nothing) and (b) hookscope --headless with a
# fresh database, then prints both rates and their ratio (target: >= 0.75).
# SCRIPT=bench/post-unique.lua posts a fresh event and invitation id in every request instead
# of the same bytes (no duplicates: every delivery creates an event and an invitation).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build}
seconds=${2:-10}
. "$top/bench/lib.sh"

start "$build/bench/bare-server" 0
echo "== bare libsoup3 server: $url" >&2
bare=$(rate "$url")
stop_last

start "$build/src/hookscope" --headless --listen 127.0.0.1:0 --db "$tmp/bench.db"
echo "== hookscope --headless: $url" >&2
hs=$(rate "$url")
stop_last
stored=$(sqlite3 "$tmp/bench.db" 'SELECT count(*) FROM deliveries' 2>/dev/null || echo '?')

printf 'bare libsoup3 server: %s req/s\n' "$bare"
printf 'hookscope --headless: %s req/s (%s deliveries stored)\n' "$hs" "$stored"
awk -v a="$hs" -v b="$bare" 'BEGIN { printf "ratio: %.2f (target >= 0.75)\n", a / b }'
