#!/usr/bin/env bash
# The ics-engines round trip (tests/ics-engine/roundtrip.mjs) on more random schedules than the
# test suite's 200: each seed exports COUNT schedules into one calendar, reads it with ical.js
# and libical, and compares every occurrence with `hookscope expand --json`.
#   bench/ics-engines.sh [BUILD_DIR] [COUNT] [SEEDS…]   (defaults: _build 1000 1 2 3)
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$top/_build}
count=${2:-1000}
shift $(( $# > 2 ? 2 : $# ))
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(1 2 3)

ninja -C "$build" src/hookscope tests/ics-libical-expand >/dev/null
if [ ! -f "$top/tests/ics-engine/node_modules/ical.js/package.json" ]; then
  (cd "$top/tests/ics-engine" && npm ci --no-audit --no-fund)
fi

status=0
for seed in "${seeds[@]}"; do
  start=$(date +%s)
  HS_BINARY="$build/src/hookscope" G_TEST_BUILDDIR="$build/tests" \
    sh "$top/tests/ics-engine/run.sh" --count "$count" --seed "$seed" || status=1
  echo "seed $seed: $(( $(date +%s) - start )) s"
done
exit $status
