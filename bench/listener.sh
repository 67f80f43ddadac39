#!/usr/bin/env bash
# Throughput and latency of `hookscope --headless` against the cheapest possible libsoup3
# server and against a Python stdlib catcher that commits each request before answering.
#
# Usage: bench/listener.sh [BUILD_DIR] [SECONDS]      (default _build, 10)
# ROUNDS=N runs the three servers N times, alternating (default 2), so that a machine whose
# speed drifts treats them alike. Needs wrk (Debian package "wrk"). Posts the seed payload with
# 32 connections on loopback to (a) bench/bare-server (answers 200, stores nothing), (b)
# hookscope --headless with a fresh database and (c) bench/python-reference.py; prints each
# rate, p99 latency, and the ratios (targets: headless >= 0.75 x bare, >= 3.5 x Python,
# p99 < 5 ms). After each headless run it checks that every 2xx wrk got is stored.
# SCRIPT=bench/post-unique.lua posts a fresh event and invitation id in every request instead
# of the same bytes (no duplicates: every delivery creates an event and an invitation).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build}
seconds=${2:-10}
rounds=${ROUNDS:-2}
. "$top/bench/lib.sh"

p99() { awk '$1 == "99%" { print $2 }' "$tmp/wrk.txt"; }
ok_count() {
  awk '/requests in/ { total = $1 } /Non-2xx/ { bad = $NF } END { print total - bad }' \
    "$tmp/wrk.txt"
}

for round in $(seq "$rounds"); do
  start "$build/bench/bare-server" 0
  bare=$(rate "$url"); bare_p99=$(p99)
  stop_last

  rm -f "$tmp/bench.db"*
  start "$build/src/hookscope" --headless --listen 127.0.0.1:0 --db "$tmp/bench.db"
  hs=$(rate "$url"); hs_p99=$(p99); acked=$(ok_count)
  stop_last
  stored=$("$build/src/hookscope" list --db "$tmp/bench.db" --limit 0 --json \
             | grep -c '"id"' || true)

  rm -f "$tmp/py.db"*
  start /usr/bin/python3 "$top/bench/python-reference.py" "$tmp/py.db"
  py=$(rate "$url"); py_p99=$(p99)
  stop_last

  printf 'round %s\n' "$round"
  printf '  bare libsoup3 server:  %8s req/s  p99 %s\n' "$bare" "$bare_p99"
  printf '  hookscope --headless:  %8s req/s  p99 %s  (%s answered 2xx, %s stored)\n' \
    "$hs" "$hs_p99" "$acked" "$stored"
  printf '  python stdlib+sqlite3: %8s req/s  p99 %s\n' "$py" "$py_p99"
  awk -v a="$hs" -v b="$bare" -v c="$py" \
    'BEGIN { printf "  headless / bare: %.2f (target >= 0.75)   headless / python: %.1f (target >= 3.5)\n", a / b, a / c }'
  if [ "$stored" -lt "$acked" ]; then
    echo "  FAIL: $acked deliveries were answered 2xx but only $stored are stored" >&2
    exit 1
  fi
done
