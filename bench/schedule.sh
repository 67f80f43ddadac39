#!/bin/sh
# Occurrences per second: Hookscope's hs_schedule_expand() against python-dateutil, same
# schedules (10 years daily, 10 years Monday–Friday, America/Montreal 18:47–19:47).
#
# Usage: bench/schedule.sh [BUILD_DIR] [SECONDS]
# Needs /usr/bin/python3 with python3-dateutil (Debian package); zoneinfo is in Python ≥ 3.9.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(dirname "$here")
build_dir=${1:-"$source_dir/_build-schedule"}
seconds=${2:-1}

if [ ! -d "$build_dir" ]; then
  meson setup "$build_dir" "$source_dir" -Dui=false >/dev/null
fi
bench="$build_dir/bench/bench-schedule"
if ! ninja -C "$build_dir" bench/bench-schedule >/dev/null 2>&1; then
  # Not in bench/meson.build of this checkout: link it against the built core library.
  ninja -C "$build_dir" src/core/libhookscope-core.a >/dev/null
  bench="$build_dir/bench-schedule"
  cc -O2 -o "$bench" "$here/bench-schedule.c" -I"$build_dir" -I"$source_dir/src/core" \
    "$build_dir/src/core/libhookscope-core.a" \
    $(pkg-config --cflags --libs glib-2.0 gio-2.0 gio-unix-2.0 json-glib-1.0 libsoup-3.0 \
                                 sqlite3 libical) -lm
fi

"$bench" "$seconds" > "$build_dir/bench-schedule.out"

/usr/bin/python3 - "$seconds" > "$build_dir/bench-schedule-python.out" <<'PY'
import sys, time, datetime as dt
from zoneinfo import ZoneInfo
from dateutil.rrule import rrule, DAILY, WEEKLY, MO, TU, WE, TH, FR

zone = ZoneInfo("America/Montreal")
start = dt.datetime(2026, 1, 1, 18, 47)
until = dt.datetime(2035, 12, 31, 23, 59, 59)
duration = dt.timedelta(hours=1)
rules = {
    "daily-10y": dict(freq=DAILY, dtstart=start, until=until),
    "weekdays-10y": dict(freq=WEEKLY, dtstart=start, until=until, wkst=MO,
                         byweekday=(MO, TU, WE, TH, FR)),
}
min_seconds = float(sys.argv[1])

def expand(rule):
    # The same work as Hookscope: wall-clock times placed in the zone, end = local start +
    # duration placed on its own, and the UTC instant of both computed (18:47 is never in a
    # DST gap or overlap, so fold does not matter here).
    out = []
    for local in rrule(**rule):
        start = local.replace(tzinfo=zone)
        end = (local + duration).replace(tzinfo=zone)
        out.append((start, end, start.timestamp(), end.timestamp()))
    return out

for name, rule in rules.items():
    first = expand(rule)
    checksum = sum(int(s) + int(e) for _, _, s, e in first)
    total, started = 0, time.monotonic()
    while True:
        total += len(expand(rule))
        elapsed = time.monotonic() - started
        if elapsed >= min_seconds:
            break
    print(name, len(first), checksum, round(total / elapsed))
PY

printf '%-14s %12s %14s %14s  %s\n' schedule occurrences hookscope/s dateutil/s same
while read -r name count sum rate; do
  set -- $(grep "^$name " "$build_dir/bench-schedule-python.out")
  same=no
  if [ "$2" = "$count" ] && [ "$3" = "$sum" ]; then same=yes; fi
  printf '%-14s %12s %14s %14s  %s\n' "$name" "$count" "$rate" "$4" "$same"
done < "$build_dir/bench-schedule.out"
