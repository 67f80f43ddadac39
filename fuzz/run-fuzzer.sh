#!/bin/sh
# One short libFuzzer run as a meson test: run-fuzzer.sh FUZZER SEED_CORPUS SECONDS
# The corpus grows in a temporary copy; a crashing input is kept in $MESON_BUILD_ROOT (or the
# current directory) as crash-*, to be added to tests/data/fuzz-regressions/<target>/.
set -eu
fuzzer=$1 seeds=$2 seconds=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/hs-fuzz-XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -r "$seeds"/. "$work"/
artifacts=${MESON_BUILD_ROOT:-$PWD}/fuzz-artifacts/
mkdir -p "$artifacts"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export G_DEBUG="${G_DEBUG:-fatal-criticals}" GSETTINGS_BACKEND=memory GIO_USE_PROXY_RESOLVER=dummy
export TZ=UTC LC_ALL=C.UTF-8
# A unit may take 15 s under ASan on a loaded machine (a schedule rule that never matches walks
# to year 9999): only a minute counts as a hang, so that CI's short runs do not flake.
exec "$fuzzer" -max_total_time="$seconds" -timeout=60 -rss_limit_mb=1536 -max_len=16384 \
  -print_final_stats=1 -artifact_prefix="$artifacts" "$work"
