#!/usr/bin/env bash
# The ceiling of answering after another thread's work, against the bare libsoup3 server.
#
# Usage: [WORK="0 20 30 40"] bench/handoff.sh [BUILD_DIR] [SECONDS]      (default _build, 8)
# Same wrk load as bench/listener.sh (32 connections, the seed payload). For each WORK_US,
# bench/handoff-server pauses every request, lets a second thread spend WORK_US of CPU on it
# (in batches, like Hookscope's writer) and answers 200 without storing anything. Prints each
# rate and its ratio to the bare server's: what any answer-after-commit design can reach on
# this machine when its commit costs WORK_US of CPU per delivery.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build}
seconds=${2:-8}
read -r -a work <<<"${WORK:-0 20 30 40}"
. "$top/bench/lib.sh"

start "$build/bench/bare-server" 0
echo "== bare libsoup3 server: $url" >&2
bare=$(rate "$url")
stop_last
printf 'bare libsoup3 server: %s req/s\n' "$bare"

for w in "${work[@]}"; do
  start "$build/bench/handoff-server" "$w" 0
  echo "== handoff-server, $w µs per request: $url" >&2
  r=$(rate "$url")
  stop_last
  awk -v w="$w" -v a="$r" -v b="$bare" \
    'BEGIN { printf "handoff, %3d us of CPU per request on the second thread: %s req/s,", w, a
             printf " ratio %.2f\n", a / b }'
done
