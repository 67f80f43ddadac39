#!/usr/bin/env bash
# Hookscope's libFuzzer targets (fuzz/; HACKING.md, "Fuzzing").
#   build-aux/fuzz.sh build              configure and build _build-fuzz (clang, ASan+UBSan)
#   build-aux/fuzz.sh run TARGET [SECS]  fuzz one target (default 600 s) from its seed corpus,
#                                        growing the corpus in _build-fuzz/corpus/TARGET
#   build-aux/fuzz.sh test               every target for 30 s, as meson tests (suite fuzz)
#   build-aux/fuzz.sh available          exit 0 when clang and libFuzzer are installed
# Targets: payload json schedule ics http. A crash leaves the input in
# _build-fuzz/fuzz-artifacts/; add it to tests/data/fuzz-regressions/TARGET/ (the default
# suite replays that folder through the same code with gcc: test fuzz-regressions).
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
dir=_build-fuzz

available () {
  command -v clang >/dev/null &&
    [ -f "$(clang -print-resource-dir)/lib/linux/libclang_rt.fuzzer-$(uname -m).a" ]
}

build () {
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" >/dev/null
  else
    CC=clang meson setup "$dir" -Dui=false -Dfuzzing=true -Db_sanitize=address,undefined \
      -Db_lundef=false -Dbuildtype=debugoptimized
  fi
  ninja -C "$dir"
}

case "${1:-}" in
  available)
    available
    ;;
  build)
    build
    ;;
  run)
    target=${2:?usage: build-aux/fuzz.sh run TARGET [SECONDS]}
    seconds=${3:-600}
    # Build only when needed: two runs side by side must not reconfigure the same folder.
    [ -x "$dir/fuzz/fuzz-$target" ] || build >/dev/null
    mkdir -p "$dir/corpus/$target" "$dir/fuzz-artifacts"
    cp -rn "fuzz/corpus/$target"/. "$dir/corpus/$target"/
    ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    G_DEBUG=fatal-criticals GSETTINGS_BACKEND=memory GIO_USE_PROXY_RESOLVER=dummy \
    TZ=UTC LC_ALL=C.UTF-8 \
      "$dir/fuzz/fuzz-$target" -max_total_time="$seconds" -timeout=60 -rss_limit_mb=1536 \
        -max_len=16384 -print_final_stats=1 -artifact_prefix="$dir/fuzz-artifacts/$target-" \
        "$dir/corpus/$target"
    ;;
  test)
    # CI's short run: each target for fuzz_test_seconds (fuzz/meson.build) as a meson test.
    build
    meson test -C "$dir" --suite fuzz --print-errorlogs --num-processes 1
    ;;
  *)
    echo "usage: build-aux/fuzz.sh build|run TARGET [SECONDS]|test|available" >&2
    exit 2
    ;;
esac
