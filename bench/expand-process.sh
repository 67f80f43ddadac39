#!/bin/sh
# Whole processes, start-up included: `hookscope expand` against a python-dateutil + zoneinfo
# script printing the same text, for 100 years of a daily event (America/Montreal) and of a
# Monday–Friday event (Australia/Lord_Howe), 18:47–19:47. The outputs are compared byte for
# byte first; then both run alternating ROUNDS times (so that a load on a shared machine hits
# both alike) and the best wall time and the best CPU time (user + system) of each are kept.
# Target (issue 13): dateutil's time / Hookscope's ≥ 10.
#
# Usage: bench/expand-process.sh [BUILD_DIR] [ROUNDS]
# Needs /usr/bin/python3 with python3-dateutil (Debian package; build-aux/dev.sh bench).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(dirname "$here")
build_dir=${1:-"$source_dir/_build"}
rounds=${2:-20}
ninja -C "$build_dir" src/hookscope >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

schedule () {
  # schedule ZONE FREQUENCY DAYS
  printf '{"all_day?": false, "count": null, "days": %s, "ends_at_date": "2026-01-05",
 "ends_at_time": "19:47:00", "excluded_dates": [], "frequency": "%s", "id": null, "interval": 1,
 "monthly_opts": null, "recurrence": "%s", "starts_at_date": "2026-01-05",
 "starts_at_time": "18:47:00", "timezone": "%s", "until": "2125-12-31"}\n' "$3" "$2" "$2" "$1"
}
schedule America/Montreal daily '[]' > "$work/montreal-daily.json"
schedule Australia/Lord_Howe weekly '["monday","tuesday","wednesday","thursday","friday"]' \
  > "$work/lord-howe-weekdays.json"

cat > "$work/reference.py" <<'PY'
import sys, datetime as dt
from zoneinfo import ZoneInfo
from dateutil.rrule import rrule, DAILY, WEEKLY, MO, TU, WE, TH, FR

start = dt.datetime(2026, 1, 5, 18, 47)
until = dt.datetime(2125, 12, 31, 23, 59, 59)
if sys.argv[1] == "lord-howe-weekdays":
    zone = ZoneInfo("Australia/Lord_Howe")
    rule = rrule(WEEKLY, dtstart=start, until=until, wkst=MO, byweekday=(MO, TU, WE, TH, FR))
else:
    zone = ZoneInfo("America/Montreal")
    rule = rrule(DAILY, dtstart=start, until=until)
hour = dt.timedelta(hours=1)
lines = []
for local in rule:
    # 18:47 and 19:47 are never in a DST gap or overlap in these zones: fold does not matter.
    lines.append(local.replace(tzinfo=zone).isoformat() + " "
                 + (local + hour).replace(tzinfo=zone).isoformat())
sys.stdout.write("\n".join(lines) + "\n")
PY

cat > "$work/run.py" <<'PY'
import os, subprocess, sys, time
hookscope, work, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
cases = ["montreal-daily", "lord-howe-weekdays"]

def argv(who, case):
    if who == "hookscope":
        return [hookscope, "expand", "--from", "2026-01-01", "--to", "2126-01-01",
                "--limit", "100000", os.path.join(work, case + ".json")]
    return ["/usr/bin/python3", os.path.join(work, "reference.py"), case]

def run(command, stdout=subprocess.DEVNULL):
    started = time.monotonic()
    child = subprocess.Popen(command, stdout=stdout)
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        sys.exit(f"{command[0]} failed")
    return time.monotonic() - started, usage.ru_utime + usage.ru_stime

for case in cases:
    outputs = [subprocess.run(argv(who, case), capture_output=True, check=True).stdout
               for who in ("hookscope", "dateutil")]
    if outputs[0] != outputs[1]:
        sys.exit(f"{case}: the outputs differ")
    count = outputs[0].count(b"\n")
    print(f"{case}: {count} occurrences, identical text")

best = {}
for _ in range(rounds):
    for case in cases:
        for who in ("hookscope", "dateutil"):
            wall, cpu = run(argv(who, case))
            old = best.get((case, who), (wall, cpu))
            best[(case, who)] = (min(old[0], wall), min(old[1], cpu))

print(f"{'schedule':<20} {'hookscope wall/cpu ms':>22} {'dateutil wall/cpu ms':>22} {'ratio wall/cpu':>15}")
for case in cases:
    h, d = best[(case, "hookscope")], best[(case, "dateutil")]
    print(f"{case:<20} {h[0]*1000:>10.1f} {h[1]*1000:>10.1f} {d[0]*1000:>11.1f} {d[1]*1000:>10.1f}"
          f" {d[0]/h[0]:>7.1f}× {d[1]/h[1]:>6.1f}×")
PY
/usr/bin/python3 "$work/run.py" "$build_dir/src/hookscope" "$work" "$rounds"
