#!/bin/sh
# The search index at N deliveries (default 1 000 000): indexing cost per delivery, the index's
# size against the bodies', and the time of a search to its first page (an email, a name, a
# UUID fragment, two words, FTS syntax). The database is kept between runs (filling a million
# realistic deliveries takes a while): bench/search.sh [BUILD_DIR] [N] [DB]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build}
n=${2:-1000000}
db=${3:-${TMPDIR:-/tmp}/hookscope-bench-search-$n.db}
HS_SAMPLES_DIR=$top/data/samples HS_BENCH_REBUILD=1 "$build/bench/bench-search" "$db" "$n"
