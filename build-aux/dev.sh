#!/usr/bin/env bash
# Hookscope developer entry point.
#   build-aux/dev.sh run    install what is missing, build into _build, start the app
#   build-aux/dev.sh test   install what is missing, build, run every test (Xvfb + D-Bus),
#                           then the core tests again in an ASan+UBSan build (_build-asan)
#   build-aux/dev.sh bench  install the benchmark tools too (wrk, python3-dateutil)
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

# Debian 12 package names. Build, runtime, and test tools in one list so that a fresh machine
# needs nothing else.
packages=(
  gcc pkg-config meson ninja-build gettext git
  libglib2.0-dev libglib2.0-bin libjson-glib-dev libsoup-3.0-dev libsqlite3-dev libical-dev nettle-dev
  libbrotli-dev
  libgtk-4-dev libadwaita-1-dev libgtksourceview-5-dev
  desktop-file-utils appstream tzdata sqlite3 curl
  xvfb xauth dbus dbus-x11 at-spi2-core python3 python3-gi gir1.2-atspi-2.0 imagemagick
  adwaita-icon-theme fonts-cantarell librsvg2-common dconf-gsettings-backend locales
  libsecret-1-dev gnome-keyring faketime
)
bench_packages=(wrk python3-dateutil hyperfine nginx-light)

install_missing () {
  local missing=()
  local p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  echo "dev.sh: installing ${missing[*]}" >&2
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then
      sudo=(sudo)
    else
      echo "dev.sh: missing packages and no root or sudo: ${missing[*]}" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Mozilla's ical.js (npm, pinned by tests/ics-engine/package-lock.json) for the ics-engines
# test. Debian 12's nodejs (18) runs it; a node that is already there (e.g. another packaging
# of it, whose own npm conflicts with Debian's) is used as it is. `npm ci` runs once.
install_ics_engine () {
  if ! command -v node >/dev/null && ! command -v nodejs >/dev/null; then
    install_missing nodejs npm
  fi
  if [ ! -f tests/ics-engine/node_modules/ical.js/package.json ]; then
    (cd tests/ics-engine && npm ci --no-audit --no-fund) ||
      echo "dev.sh: npm ci failed in tests/ics-engine: the ics-engines test will fail" >&2
  fi
}

configure () {
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@"
  fi
}

case "${1:-}" in
  run)
    install_missing "${packages[@]}"
    configure _build -Dprofile=development
    ninja -C _build
    shift
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "dev.sh: no display here. Run the listener without a window instead:" >&2
      echo "  _build/src/hookscope --headless [--listen ADDR:PORT] [--db PATH]" >&2
      exit 2
    fi
    GSETTINGS_SCHEMA_DIR="$top/_build/data" exec _build/src/hookscope "$@"
    ;;
  test)
    install_missing "${packages[@]}"
    install_ics_engine
    status=0
    configure _build -Dprofile=development
    ninja -C _build
    xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
      meson test -C _build --print-errorlogs --num-processes 2 || status=1

    # The core again under AddressSanitizer + UndefinedBehaviorSanitizer: a leak or UB fails.
    configure _build-asan -Dui=false -Db_sanitize=address,undefined -Db_lundef=false \
      -Dbuildtype=debug
    ninja -C _build-asan
    ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:fast_unwind_on_malloc=0" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    LSAN_OPTIONS="suppressions=$top/build-aux/lsan.supp:print_suppressions=0" \
    G_SLICE=always-malloc \
      meson test -C _build-asan --suite core --print-errorlogs --num-processes 2 \
        --timeout-multiplier 3 || status=1

    # Each libFuzzer target for 30 s (_build-fuzz, clang), when clang's libFuzzer is installed.
    if build-aux/fuzz.sh available; then
      build-aux/fuzz.sh test || status=1
    fi
    exit $status
    ;;
  bench)
    install_missing "${packages[@]}" "${bench_packages[@]}"
    configure _build -Dbuildtype=release
    ninja -C _build
    ;;
  *)
    echo "usage: build-aux/dev.sh run|test|bench" >&2
    exit 2
    ;;
esac
