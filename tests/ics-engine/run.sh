#!/bin/sh
# The ics-engines test: tests/ics-engine/roundtrip.mjs under node, with ical.js from npm
# (build-aux/dev.sh test installs it: `npm ci` here). Skipped (77) only when node is missing,
# or in a Flatpak build (no registry there, and the SDK may or may not carry node).
here=$(cd "$(dirname "$0")" && pwd)
node=$(command -v node || command -v nodejs)
if [ -z "$node" ]; then
  echo "SKIP: node is not installed (Debian: apt-get install nodejs npm)" >&2
  exit 77
fi
if [ ! -f "$here/node_modules/ical.js/package.json" ] && [ -n "${FLATPAK_DEST:-}" ]; then
  echo "SKIP: a Flatpak build has no npm registry to install ical.js from" >&2
  exit 77
fi
if [ ! -f "$here/node_modules/ical.js/package.json" ]; then
  echo "ical.js is not installed: run 'npm ci' in $here (build-aux/dev.sh test does)" >&2
  exit 1
fi
exec "$node" "$here/roundtrip.mjs" \
  --hookscope "${HS_BINARY:?HS_BINARY is not set}" \
  --libical "${G_TEST_BUILDDIR:?G_TEST_BUILDDIR is not set}/ics-libical-expand" "$@"
