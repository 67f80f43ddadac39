#!/bin/sh
# Occurrences per second: Hookscope's hs_schedule_expand() against python-dateutil, same
# schedules (10 years daily and Monday–Friday, 18:47–19:47, in America/Montreal and in a
# DST-heavy set: Australia/Lord_Howe, America/Santiago, Pacific/Chatham), run alternating
# (Hookscope, then dateutil, schedule by schedule, ROUNDS times) so that a load on a shared
# machine hits both alike; the best rate of each is kept. Then the calendar's case: one month
# of 1,000 unbounded events (target < 20 ms).
#
# Usage: bench/schedule.sh [BUILD_DIR] [SECONDS_PER_RUN] [ROUNDS]
# Needs /usr/bin/python3 with python3-dateutil (Debian package); zoneinfo is in Python ≥ 3.9.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(dirname "$here")
build_dir=${1:-"$source_dir/_build-schedule"}
seconds=${2:-0.3}
rounds=${3:-3}
names="daily-10y weekdays-10y lord-howe-daily-10y santiago-weekdays-10y chatham-daily-10y"

if [ ! -d "$build_dir" ]; then
  meson setup "$build_dir" "$source_dir" -Dui=false >/dev/null
fi
bench="$build_dir/bench/bench-schedule"
ninja -C "$build_dir" bench/bench-schedule >/dev/null

python_bench=$(mktemp)
trap 'rm -f "$python_bench"' EXIT
cat > "$python_bench" <<'PY'
import sys, time, datetime as dt
from zoneinfo import ZoneInfo
from dateutil.rrule import rrule, DAILY, WEEKLY, MO, TU, WE, TH, FR

start = dt.datetime(2026, 1, 1, 18, 47)
until = dt.datetime(2035, 12, 31, 23, 59, 59)
duration = dt.timedelta(hours=1)
daily = dict(freq=DAILY, dtstart=start, until=until)
weekdays = dict(freq=WEEKLY, dtstart=start, until=until, wkst=MO, byweekday=(MO, TU, WE, TH, FR))
rules = {
    "daily-10y": ("America/Montreal", daily),
    "weekdays-10y": ("America/Montreal", weekdays),
    "lord-howe-daily-10y": ("Australia/Lord_Howe", daily),
    "santiago-weekdays-10y": ("America/Santiago", weekdays),
    "chatham-daily-10y": ("Pacific/Chatham", daily),
}
min_seconds = float(sys.argv[1])

def expand(zone, rule):
    # The same work as Hookscope: wall-clock times placed in the zone, end = local start +
    # duration placed on its own, and the UTC instant of both computed (18:47 is never in a
    # DST gap or overlap in these zones, so fold does not matter here).
    out = []
    for local in rrule(**rule):
        start = local.replace(tzinfo=zone)
        end = (local + duration).replace(tzinfo=zone)
        out.append((start, end, start.timestamp(), end.timestamp()))
    return out

for name in sys.argv[2:]:
    zone_name, rule = rules[name]
    zone = ZoneInfo(zone_name)
    first = expand(zone, rule)
    checksum = sum(int(s) + int(e) for _, _, s, e in first)
    total, started = 0, time.monotonic()
    while True:
        total += len(expand(zone, rule))
        elapsed = time.monotonic() - started
        if elapsed >= min_seconds:
            break
    print(name, len(first), checksum, round(total / elapsed))
PY

best() {
  # best FILE NAME: the highest rate of NAME's lines, with its count and checksum
  sort -k4 -n -r "$1" | grep "^$2 " | head -n 1
}

hs_out=$(mktemp)
py_out=$(mktemp)
trap 'rm -f "$python_bench" "$hs_out" "$py_out"' EXIT
round=0
while [ "$round" -lt "$rounds" ]; do
  for name in $names; do
    "$bench" "$seconds" "$name" >> "$hs_out"
    /usr/bin/python3 "$python_bench" "$seconds" "$name" >> "$py_out"
  done
  round=$((round + 1))
done

# hookscope/s: hs_schedule_expand() (an HsOccurrence each); instants/s:
# hs_schedule_expand_instants() (plain values). The ratios are against dateutil/s.
printf '%-22s %6s %10s %7s %10s %7s %10s  %s\n' schedule occ. hookscope/s ratio \
  instants/s ratio dateutil/s same
for name in $names; do
  set -- $(best "$hs_out" "$name")
  count=$2 sum=$3 rate=$4 instants=$5
  set -- $(best "$py_out" "$name")
  same=no
  if [ "$2" = "$count" ] && [ "$3" = "$sum" ]; then same=yes; fi
  ratio=$(awk -v a="$rate" -v b="$4" 'BEGIN { printf "%.1f", a / b }')
  ratio_instants=$(awk -v a="$instants" -v b="$4" 'BEGIN { printf "%.1f", a / b }')
  printf '%-22s %6s %11s %6s× %10s %6s× %10s  %s\n' "$name" "$count" "$rate" "$ratio" \
    "$instants" "$ratio_instants" "$4" "$same"
done

set -- $("$bench" "$seconds" month-1000)
printf '\none month of 1,000 unbounded events: %s ms as HsOccurrence, %s ms as instants' "$3" "$4"
printf ' (%s occurrences; target < 20 ms)\n' "$2"
