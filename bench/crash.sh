#!/bin/bash
# bench/crash.sh [BUILD_DIR] [ROUNDS]: ROUNDS (default 20) SIGKILLs of hookscope --headless at
# random moments under load, on one database that grows from round to round. The load posts
# fresh events and invitations (work for the domain projection; odd rounds slow the projector
# down with HS_TEST_PROJECTOR_DELAY_US so that the kill finds it mid-batch) and every third
# body is 16 KiB (the WAL passes 8 MiB, where the checkpointer runs beside the writer). After
# each kill (bench/crash.py check): every acknowledged delivery is there with its exact bytes,
# PRAGMA integrity_check is ok. Then hookscope --headless starts on it again until the
# projections caught up (they resume from their cursors), and what they hold (list, events,
# invitations, participants as --json) must equal what `hookscope reproject` builds on a
# copy. Never run by meson test; takes a few minutes.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build}
rounds=${2:-20}
bin=$build/src/hookscope
seed=$top/data/samples/event_invitation_created.json
tmp=$(mktemp -d)
db=$tmp/crash.db
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# Starts hookscope --headless on $db (extra environment in "$@"), sets $server and $url.
start() {
  local out=$tmp/out
  : >"$out"
  env "$@" "$bin" --headless --listen 127.0.0.1:0 --db "$db" >"$out" 2>>"$tmp/err" &
  server=$!
  pids+=("$server")
  for _ in $(seq 400); do
    if head -n1 "$out" | grep -q '^Listening on '; then
      url=$(head -n1 "$out" | sed 's/^Listening on //')
      return 0
    fi
    sleep 0.05
  done
  echo "hookscope did not start" >&2; cat "$tmp/err" >&2; exit 1
}

dump() {
  for what in list events invitations participants; do
    if [ "$what" = list ]; then "$bin" list --db "$1" --json --limit 0; else "$bin" "$what" --db "$1" --json; fi
  done
}

failed=0
for round in $(seq "$rounds"); do
  delay=0
  if [ $((round % 2)) = 1 ]; then delay=1500; fi
  start HS_TEST_PROJECTOR_DELAY_US=$delay
  : >"$tmp/acked"
  /usr/bin/python3 "$top/bench/crash.py" load "$url" "$tmp/acked" "$seed" &
  client=$!
  # A random moment: 0.3 to 3.3 s into the load.
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 0.3 + 3 * r / 32768 }')"
  kill -9 "$server"; wait "$server" 2>/dev/null || true
  wait "$client" 2>/dev/null || true
  printf 'round %2d: ' "$round"
  if ! /usr/bin/python3 "$top/bench/crash.py" check "$db" "$tmp/acked"; then failed=1; fi

  # The projections resume from their cursors; then they must equal a fresh rebuild.
  start
  for _ in $(seq 600); do
    if "$bin" list --db "$db" --json --limit 1 | grep -q '"projected":true'; then break; fi
    sleep 0.1
  done
  kill -TERM "$server"; wait "$server" || { echo "  hookscope did not stop cleanly" >&2; failed=1; }
  dump "$db" >"$tmp/resumed.json"
  cp "$db" "$tmp/copy.db"
  "$bin" reproject --db "$tmp/copy.db" >/dev/null
  dump "$tmp/copy.db" >"$tmp/rebuilt.json"
  if cmp -s "$tmp/resumed.json" "$tmp/rebuilt.json"; then
    echo "          projections equal a fresh reproject ($(wc -c <"$tmp/resumed.json") bytes of JSON)"
  else
    echo "          projections DIFFER from a fresh reproject:"; diff "$tmp/resumed.json" "$tmp/rebuilt.json" | head -5
    failed=1
  fi
  rm -f "$tmp/copy.db"
done

if [ "$failed" = 0 ]; then echo "all $rounds rounds: nothing acknowledged was lost"; else echo "FAILED"; fi
exit "$failed"
