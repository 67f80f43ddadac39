#!/usr/bin/env bash
# Replays per second: N captured deliveries replayed to a local receiver, no pacing.
#
# Usage: bench/replay.sh [BUILD_DIR] [N]      (default _build, 10000)
# Captures N copies of the seed webhook through `hookscope --headless` (bench/replay-seed.py,
# 8 keep-alive connections), then times `hookscope replay 1-N URL` against bench/bare-server
# (answers 200, stores nothing): one keep-alive connection, each attempt read back from SQLite,
# sent, answered and recorded in `replays`. Prints the rate; the target is >= 1 000/s.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build}
n=${2:-10000}
seed=${SEED:-$top/data/samples/event_invitation_created.json}
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# Starts "$@", waits for its "Listening on URL" line, sets $url.
start() {
  local out=$tmp/out.$RANDOM
  "$@" >"$out" 2>"$out.err" &
  pids+=($!)
  for _ in $(seq 100); do
    if head -n1 "$out" 2>/dev/null | grep -q '^Listening on '; then
      url=$(head -n1 "$out" | sed 's/^Listening on //')
      return 0
    fi
    sleep 0.05
  done
  echo "server did not start: $*" >&2
  cat "$out.err" >&2
  return 1
}

db=$tmp/replay.db
start "$build/src/hookscope" --headless --listen 127.0.0.1:0 --db "$db"
t0=$(date +%s.%N)
/usr/bin/python3 "$top/bench/replay-seed.py" "$url" "$n" "$seed"
t1=$(date +%s.%N)
kill -TERM "${pids[-1]}"; wait "${pids[-1]}" || true; unset 'pids[-1]'
awk -v n="$n" -v a="$t0" -v b="$t1" \
  'BEGIN { printf "captured %d deliveries in %.2f s\n", n, b - a }'

start "$build/bench/bare-server" 0
"$build/src/hookscope" replay "1-$n" "$url" --db "$db" >"$tmp/replay.out" 2>"$tmp/replay.err" \
  || { cat "$tmp/replay.err" >&2; exit 1; }
tail -n1 "$tmp/replay.err"
lines=$(wc -l <"$tmp/replay.out")
ok=$(grep -c $'\t200 OK\t' "$tmp/replay.out" || true)
echo "attempt lines: $lines, 200 OK: $ok"
