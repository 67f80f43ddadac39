#!/usr/bin/env bash
# The domain projection: its rate (rebuild, live catch-up), and its lag behind the writer at
# 1,000 deliveries a second and after a flood, for the seed repeated and for fresh ids.
#
# Usage: bench/projector.sh [BUILD_DIR] [N]      (default _build, 20000)
# Targets (issue 9): >= 10k deliveries/s on the seed, >= 5k/s with fresh ids; at 1,000/s the
# lag stays under 100 ms.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build}
n=${2:-20000}

exec "$build/bench/bench-projector" "$top/data/samples/event_invitation_created.json" "$n"
