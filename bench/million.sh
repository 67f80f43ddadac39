#!/usr/bin/env bash
# The Deliveries page on a million deliveries: the window's first rows after launch, its RSS
# against an empty database, frame times while the list is flung and its scrollbar dragged,
# and a search typed a key at a time (an email) until its results show. The core-level search
# times (an email, a UUID fragment, first page and all ids) come from bench-search on the same
# file. Filling the database takes minutes: it is made once and kept.
#
# Usage: bench/million.sh [BUILD_DIR] [N] [DB] [ROUNDS]
#   (default _build, 1000000, $TMPDIR/hookscope-bench-million-N.db, 2)
# HS_BENCH_OTHER=/path/to/hookscope alternates each window run with another build's binary
# (a reference built from an older commit). Needs xvfb-run and dbus-run-session. The window
# renders with GSK_RENDERER=cairo unless set: Xvfb has no GPU.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build}
n=${2:-1000000}
db=${3:-${TMPDIR:-/tmp}/hookscope-bench-million-$n.db}
rounds=${4:-2}

if [ -z "${DISPLAY:-}" ] && [ -z "${HS_BENCH_NESTED:-}" ]; then
  HS_BENCH_NESTED=1 exec xvfb-run -a -s "-screen 0 1280x800x24" \
    dbus-run-session -- "$0" "$build" "$n" "$db" "$rounds"
fi

# Fills the file through HsStore with the projections (skipped when it holds N already),
# then times the searches at the store's level (HS_BENCH_SKIP_CORE=1: the window only; the
# sizes it prints walk the whole file).
if [ -z "${HS_BENCH_SKIP_CORE:-}" ]; then
  HS_SAMPLES_DIR=$top/data/samples "$build/bench/bench-search" "$db" "$n"
fi

# The email bench-search gave its middle delivery (see make_body ()).
email=$(python3 -c '
import sys
n = int(sys.argv[1]) // 2
first = ["marie", "jean", "ana", "li", "olu", "sven", "chloe", "rahul", "zoe", "malik", "ines",
         "tomas"]
last = ["tremblay", "gagnon", "roy", "cote", "bouchard", "gauthier", "morin", "lavoie", "fortin"]
print("%s.%s%d@example%d.com" % (first[n % 12], last[(n // 7) % 9], n, n % 97))' "$n")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Xvfb has no GPU: the GL renderer would measure llvmpipe on a shared CPU, not the page.
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR=$build/data GSK_RENDERER=${GSK_RENDERER:-cairo}

run_window() {  # BINARY DB
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
  HS_BENCH_DELIVERIES=$email HS_BENCH_T0=$(date +%s%6N) \
    timeout 120 "$1" --listen "127.0.0.1:$port" --db "$2" 2>"$tmp/err" | grep '^bench:' || {
      echo "window run failed:" >&2; cat "$tmp/err" >&2; }
}

for round in $(seq "$rounds"); do
  for binary in "$build/src/hookscope" ${HS_BENCH_OTHER:+"$HS_BENCH_OTHER"}; do
    echo "== round $round: $binary, empty database"
    rm -f "$tmp/empty.db"*
    run_window "$binary" "$tmp/empty.db"
    echo "== round $round: $binary, $n deliveries (search: $email)"
    run_window "$binary" "$db"
  done
done
