#!/usr/bin/env bash
# The Events list with 100,000 events, and the calendar with 1,000 events in every month, in
# the real window under Xvfb, in its bench mode (HS_BENCH, src/ui/events/hs-view-bench.c):
# each step is timed from the action to the end of the first frame that shows its result,
# with the CPU time it took (every thread, and the main thread) and the RSS.
#
# Usage: bench/events.sh [BUILD_DIR] [ROUNDS]        (default _build, 2)
#
# Each run's line "NAME: load average …" gives the machine's load when it began.
#
# The databases are generated once (nice -n 10) into $HS_BENCH_DIR (default
# /tmp/hookscope-bench-events): events-100k.db (100,000 events, 1,000 of them recurring),
# events-1k.db (1,000 unbounded daily/weekly/monthly events) and events-10.db (10 of them).
# Alternating, ROUNDS times each:
#   events:   events-100k.db against the references events-1k.db and an empty database (what
#             the window costs with no events: RSS growth is measured against it);
#   calendar: events-1k.db against the reference events-10.db (the same steps with next to
#             nothing to expand: what drawing a month costs on this machine).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build}
rounds=${2:-2}
dir=${HS_BENCH_DIR:-/tmp/hookscope-bench-events}
seed=$top/data/samples/event_invitation_created.json

if [ -z "${DISPLAY:-}" ] && [ -z "${HS_BENCH_NESTED:-}" ]; then
  HS_BENCH_NESTED=1 exec xvfb-run -a -s "-screen 0 1280x800x24" \
    dbus-run-session -- "$0" "$build" "$rounds"
fi
# Xvfb has no GPU: GTK's GL renderer would be Mesa's llvmpipe, software rendering on the same
# cores, measuring the machine rather than the page (as bench/million.sh). GSK_RENDERER=gl
# measures it anyway.
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR=$build/data GSK_RENDERER=${GSK_RENDERER:-cairo}

mkdir -p "$dir"
generate() {
  local db=$dir/$1; shift
  if [ ! -f "$db" ]; then
    echo "== generating $db" >&2
    nice -n 10 "$build/bench/bench-events" "$seed" "$db.tmp" "$@" >&2
    mv "$db.tmp" "$db"; rm -f "$db.tmp-wal" "$db.tmp-shm"
  fi
}
generate events-100k.db 100000 1000
generate events-1k.db 1000 1000
generate events-10.db 10 10

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run SCENARIO DB: the app's bench lines, prefixed by the database's name.
run() {
  local db=$1 scenario=$2 name=$3
  if [ "$db" = empty ]; then
    db=$tmp/empty.db; rm -f "$db"*
  else
    # A copy: the window writes to its database.
    cp "$dir/$db" "$tmp/run.db"; db=$tmp/run.db; rm -f "$db-wal" "$db-shm"
  fi
  # The load beside every number: on a shared machine the wall times follow it.
  echo "$name: load average $(cut -d' ' -f1-3 /proc/loadavg), renderer $GSK_RENDERER"
  HS_BENCH=$scenario timeout 300 "$build/src/hookscope" --db "$db" --listen 127.0.0.1:0 \
    2>&1 >/dev/null | sed -n "s/^bench: /$name: /p"
  rm -f "$tmp/run.db"*
}

for r in $(seq "$rounds"); do
  echo "== round $r" >&2
  run events-100k.db events "events 100k"
  run events-1k.db events "events 1k (reference)"
  run empty events "events empty (reference)"
  run events-1k.db calendar "calendar 1k"
  run events-10.db calendar "calendar 10 (reference)"
done
