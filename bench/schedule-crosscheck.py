#!/usr/bin/python3
"""Differential check: random schedules expanded by `hookscope expand` and by python-dateutil.

Usage: /usr/bin/python3 bench/schedule-crosscheck.py PATH/TO/hookscope [N] [SEED]

Only where ExCycle and dateutil agree: no exclusions, no yearly rule with days (one of ExCycle's
corners, see docs/schedule.md), and the zone's DST gaps and overlaps are avoided by using times
that are never in them (12:00). dateutil, like ExCycle, does not count the
start unless it matches the rule. Known, accepted difference: libical stops at year 2582, dateutil
goes on (a fifth weekday of February, say, is that rare).
"""
import json, random, subprocess, sys, tempfile, datetime as dt
from zoneinfo import ZoneInfo
from dateutil.rrule import rrule, DAILY, WEEKLY, MONTHLY, YEARLY, MO, TU, WE, TH, FR, SA, SU

binary = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
wd = [MO, TU, WE, TH, FR, SA, SU]
freqs = {"daily": DAILY, "weekly": WEEKLY, "monthly": MONTHLY, "yearly": YEARLY}
zones = ["UTC", "America/Montreal", "Europe/Paris", "Australia/Lord_Howe", "Asia/Tokyo"]
failures = 0
for i in range(n):
    freq = rng.choice(list(freqs))
    zone = rng.choice(zones)
    start = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(0, 800))
    interval = rng.choice([1, 1, 2, 3])
    count = rng.randrange(1, 25)
    sched = {"timezone": zone, "recurrence": freq, "frequency": freq, "interval": interval,
             "count": count, "starts_at_date": start.isoformat(), "starts_at_time": "12:00:00",
             "ends_at_date": start.isoformat(), "ends_at_time": "13:30:00", "days": []}
    kw = dict(freq=freqs[freq], interval=interval, count=count, wkst=MO,
              dtstart=dt.datetime(start.year, start.month, start.day, 12, 0))
    r = rng.random()
    if freq in ("daily", "weekly") and r < 0.6:
        days = sorted(rng.sample(range(7), rng.randrange(1, 4)))
        sched["days"] = [names[d] for d in days]
        kw["byweekday"] = [wd[d] for d in days]
    elif freq == "monthly" and r < 0.4:
        md = sorted(set(rng.choice([1, 5, 15, 28, 29, 30, 31, -1, -2]) for _ in range(rng.randrange(1, 3))))
        sched["monthly_opts"] = {"days_of_month": md}
        kw["bymonthday"] = md
    elif freq == "monthly" and r < 0.8:
        w, d = rng.choice([1, 2, 3, 4, 5, -1, -2]), rng.randrange(7)
        shape = rng.randrange(3)
        sched["days"] = [{"week": w, "day": names[d]} if shape == 0 else [w, names[d]] if shape == 1
                         else "%d%s" % (w, names[d][:2].upper())]
        kw["byweekday"] = [wd[d](w)]
    elif freq == "monthly":
        kw["bymonthday"] = start.day
    elif freq == "yearly":
        kw["bymonth"] = start.month
        kw["bymonthday"] = start.day
    expected = []
    z = ZoneInfo(zone)
    for local in rrule(**kw):
        s = local.replace(tzinfo=z)
        e = (local + dt.timedelta(minutes=90)).replace(tzinfo=z)
        expected.append(s.isoformat() + " " + e.isoformat())
    with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
        json.dump(sched, f)
        f.flush()
        out = subprocess.run([binary, "expand", f.name], capture_output=True, text=True)
    got = out.stdout.splitlines()
    if got != expected:
        failures += 1
        print("MISMATCH", json.dumps(sched))
        print("  hookscope:", got[:5], len(got))
        print("  dateutil: ", expected[:5], len(expected))
print(f"{n - failures}/{n} schedules agree")
sys.exit(1 if failures else 0)
