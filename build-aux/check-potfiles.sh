#!/usr/bin/env bash
# Every source file with a translatable string is listed in po/POTFILES.in, and every listed
# file exists.
set -u
cd "$(dirname "$0")/.."
status=0
for f in $(grep -rlE '(^|[^A-Za-z0-9_])(_|N_|C_) ?\(|g_dngettext|translatable="yes"' src data \
             --include='*.c' --include='*.ui' --include='*.xml' --include='*.in'); do
  if ! grep -qx "$f" po/POTFILES.in; then
    echo "po/POTFILES.in lacks $f" >&2
    status=1
  fi
done
while read -r f; do
  case "$f" in ''|'#'*) continue ;; esac
  if [ ! -f "$f" ]; then
    echo "po/POTFILES.in lists $f, which does not exist" >&2
    status=1
  fi
done < po/POTFILES.in
exit $status
