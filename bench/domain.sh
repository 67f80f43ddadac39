#!/usr/bin/env bash
# Cost of the domain model: parsing a Backoffice webhook and applying it in HsStore's writer.
#
# Usage: bench/domain.sh [BUILD_DIR] [N]      (default _build-domain, 50000)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build-domain}
n=${2:-50000}

ninja -C "$build" bench/bench-domain >/dev/null
"$build/bench/bench-domain" "$top/data/samples/event_invitation_created.json" "$n"
