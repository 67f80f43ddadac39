#!/usr/bin/env bash
# Installs the build into a temporary DESTDIR and checks the tree a user (or Flatpak) gets.
# SPDX-License-Identifier: GPL-3.0-or-later
# Usage: check-install.sh BUILD_DIR APP_ID VERSION LINGUAS_FILE
set -euo pipefail

build=$1 app_id=$2 version=$3 linguas=$4
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
failures=0
fail () { echo "check-install: $*" >&2; failures=$((failures + 1)); }

meson install -C "$build" --no-rebuild --quiet --destdir "$dest" >/dev/null

bin=$(find "$dest" -path '*/bin/hookscope' -type f | head -n 1)
[ -n "$bin" ] && [ -x "$bin" ] || { echo "check-install: no executable bin/hookscope" >&2; exit 1; }
prefix=$(dirname "$(dirname "$bin")")
share=$prefix/share

# The window is its own program, which bin/hookscope executes; the command line never loads GTK.
window=$(find "$dest" -path '*/libexec/hookscope-window' -type f | head -n 1)
[ -n "$window" ] && [ -x "$window" ] || fail "no executable libexec/hookscope-window"
if command -v ldd >/dev/null && ldd "$bin" | grep -q 'libgtk-4'; then
  fail "bin/hookscope links GTK; only hookscope-window should"
fi

for f in "applications/$app_id.desktop" \
         "metainfo/$app_id.metainfo.xml" \
         "glib-2.0/schemas/io.github.hookscope.Hookscope.gschema.xml" \
         "icons/hicolor/scalable/apps/$app_id.svg" \
         "icons/hicolor/symbolic/apps/$app_id-symbolic.svg"; do
  [ -s "$share/$f" ] || fail "missing share/$f"
done

# A development build installs the striped icon, a release build the plain one.
if [ -s "$share/icons/hicolor/scalable/apps/$app_id.svg" ]; then
  case $app_id in
    *.Devel) grep -q 'id="stripes"' "$share/icons/hicolor/scalable/apps/$app_id.svg" ||
               fail "the Devel build installs an icon without stripes" ;;
    *) ! grep -q 'id="stripes"' "$share/icons/hicolor/scalable/apps/$app_id.svg" ||
               fail "the release build installs the striped Devel icon" ;;
  esac
fi

# The desktop file names the installed binary and icon.
grep -qx "Exec=hookscope" "$share/applications/$app_id.desktop" || fail "desktop file: Exec is not hookscope"
grep -qx "Icon=$app_id" "$share/applications/$app_id.desktop" || fail "desktop file: Icon is not $app_id"
grep -q "<id>$app_id</id>" "$share/metainfo/$app_id.metainfo.xml" || fail "metainfo: id is not $app_id"

# The schema compiles as installed (meson compiles it at install time, except into a DESTDIR).
schemas=$(mktemp -d -p "$dest")
glib-compile-schemas --strict --targetdir="$schemas" "$share/glib-2.0/schemas" ||
  fail "the installed schema does not compile"

# Every language in LINGUAS is installed, and its catalogue is a real translation.
while read -r lang; do
  case $lang in ''|'#'*) continue ;; esac
  mo=$share/locale/$lang/LC_MESSAGES/hookscope.mo
  if [ ! -s "$mo" ]; then
    fail "missing share/locale/$lang/LC_MESSAGES/hookscope.mo"
  elif command -v msgunfmt >/dev/null; then
    n=$(msgunfmt "$mo" | grep -c '^msgid ' || true)
    [ "$n" -ge 100 ] || fail "$lang: only $n messages in the installed catalogue"
  fi
done < "$linguas"

# The installed binary starts, from the destdir, and says its version.
out=$(GSETTINGS_SCHEMA_DIR=$schemas "$bin" --version) || fail "installed hookscope --version failed"
case $out in
  "hookscope $version"*) ;;
  *) fail "installed hookscope --version says '$out', not 'hookscope $version…'" ;;
esac

[ "$failures" -eq 0 ] && echo "check-install: $(find "$dest" -type f | wc -l) files installed, all present"
exit $(( failures > 0 ))
