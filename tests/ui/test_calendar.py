#!/usr/bin/python3
"""The Calendar page: a weekly event without an end shows a chip on each of its weekdays in the
month grid (and none on a date it excludes), next month then previous, and a click on a chip
opens the event page. Expected days are computed here from DESIGN.md's rules."""

import calendar
import datetime
import json
import os
import sys
import time
import urllib.request

from zoneinfo import ZoneInfo

import hsatspi
from gi.repository import Atspi

NAME = "Tuesday Night Tasting"
EVENT_ID = "5b7d1f0a-93c2-4e8b-a6d4-1c2e3f4a5b6c"


def post(url, body):
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def grid(year, month):
    """The 42 days shown: six weeks from the Sunday on or before the 1st (the tests run under
    C.UTF-8, whose weeks start on Sunday: glibc's C locale, first_weekday 1 from a Sunday)."""
    first = datetime.date(year, month, 1)
    start = first - datetime.timedelta(days=first.isoweekday() % 7)
    return [start + datetime.timedelta(days=i) for i in range(42)]


def expected_days(days, excluded):
    """Tuesdays and Thursdays from 8 Sep 2026, minus the excluded dates."""
    return {d for d in days if d.weekday() in (1, 3) and d >= datetime.date(2026, 9, 8)
            and d not in excluded}


def long_date(day):
    return f"{day:%A} {day.day} {day:%B %Y}"


def chips_by_day(app, days, time="19:00"):
    """The days (of those given) whose cell holds a chip of the event."""
    names = {long_date(d): d for d in days}
    found = set()
    for node in app.find():
        try:
            day = names.get(node.get_name())
        except Exception:
            continue
        if day is None or node.get_role_name() == "label":
            continue
        for child in hsatspi.walk(node, max_depth=8):
            try:
                # The chip says the event's name and its time.
                if (child.get_role_name() == "push button"
                        and child.get_name().startswith(f"{NAME}, {time}")):
                    found.add(day)
            except Exception:
                continue
    return found


def month_after(year, month, delta):
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def main():
    hsatspi.require_display()
    # The app and this test must agree on today's date: without tzset () Python's clock stays
    # in the zone it started with, and between 23:00 and 24:00 UTC Paris is a day (and at a
    # month's end a month) ahead of it.
    os.environ["TZ"] = "Europe/Paris"
    time.tzset()
    app = hsatspi.App()
    try:
        url = app.listening_url()

        today = datetime.date.today()
        # Exclude the second Tuesday of this month: no chip may show on it.
        tuesdays = [d for d in grid(today.year, today.month)
                    if d.month == today.month and d.weekday() == 1]
        excluded = tuesdays[1]
        with open(os.path.join(os.environ["HS_SAMPLES_DIR"], "event_weekly.json")) as f:
            payload = json.load(f)
        schedule = payload["data"]["event"]["schedule"]
        schedule["until"] = None
        schedule["excluded_dates"].append(excluded.isoformat())

        sidebar = app.find(role="list item", name="Calendar")[0].get_parent()
        sidebar.select_child(3)
        hsatspi.wait_for(lambda: app.find(name="Nothing on the Calendar"),
                         what="the empty state")

        assert post(url, json.dumps(payload).encode()) == 200

        # Live: the event lands on the page in view.
        title = f"{today:%B %Y}"
        hsatspi.wait_for(lambda: app.find(role="label", name=title), what="the month title")
        days = grid(today.year, today.month)
        want = expected_days(days, {excluded})
        try:
            hsatspi.wait_for(lambda: chips_by_day(app, days) == want,
                             what=f"chips on {sorted(want)}")
            assert chips_by_day(app, days, time="") == want, "a chip on another day"
        except AssertionError:
            app.screenshot("ui-calendar-failed.png")
            print("found:", sorted(chips_by_day(app, days)))
            raise
        assert excluded not in chips_by_day(app, days)
        app.screenshot("ui-calendar.png")

        def go(button, year, month):
            [n for n in app.find(role="push button")
             if n.get_name().startswith(button)][0].do_action(0)
            hsatspi.wait_for(lambda: app.find(role="label",
                                              name=f"{calendar.month_name[month]} {year}"),
                             what=f"{calendar.month_name[month]} {year}")
            shown = grid(year, month)
            expected = expected_days(shown, {excluded})
            hsatspi.wait_for(lambda: chips_by_day(app, shown) == expected,
                             what=f"the chips of {year}-{month}")

        go("Next Month", *month_after(today.year, today.month, 1))
        go("Previous Month", today.year, today.month)

        # The keyboard: a click on today's cell gives the grid the focus; Page Down shows the
        # next month, `t` today's again.
        cell = [n for n in app.find(name=long_date(today)) if n.get_role_name() != "label"][0]
        # (GTK 4.8 gives positions in the window only; without a window manager under Xvfb,
        # the window is at the origin of the screen.)
        box = cell.get_extents(Atspi.CoordType.WINDOW)
        Atspi.generate_mouse_event(box.x + box.width - 8, box.y + 8, "b1c")
        next_year, next_month = month_after(today.year, today.month, 1)
        for key, (year, month) in ((0xff56, (next_year, next_month)),   # Page_Down
                                   (ord("t"), (today.year, today.month))):
            time.sleep(0.3)
            Atspi.generate_keyboard_event(key, None, Atspi.KeySynthType.SYM)
            hsatspi.wait_for(lambda: app.find(role="label",
                                              name=f"{calendar.month_name[month]} {year}"),
                             what=f"{calendar.month_name[month]} {year} from the keyboard")

        # The zone switch: in my zone (Paris), 19:00 in Montreal is the next day at 01:00, or
        # 00:00 when only one of them is on summer time (the last week of October 2026).
        mine = [n for n in app.find() if n.get_name().startswith("My Zone")
                and n.get_role_name() != "label"]
        mine[0].do_action(0)
        paris = ZoneInfo("Europe/Paris")
        moved = {}
        for day in days + [days[0] - datetime.timedelta(days=1)]:
            if day in expected_days([day], {excluded}):
                start = datetime.datetime(day.year, day.month, day.day, 19, 0,
                                          tzinfo=ZoneInfo("America/Montreal")).astimezone(paris)
                moved.setdefault(f"{start:%H:%M}", set()).add(start.date())
        for at, on in moved.items():
            hsatspi.wait_for(lambda: chips_by_day(app, days, time=at) == on & set(days),
                             what=f"the chips at {at} in my time zone")
        assert not chips_by_day(app, days, time="19:00")

        # The agenda: the occurrences to come, from the next one, each under its day (in my
        # zone still), in order.
        def toggle(name):
            [n for n in app.find() if n.get_name().startswith(name)
             and n.get_role_name() != "label"][0].do_action(0)

        toggle("Agenda")
        now = datetime.datetime.now(datetime.timezone.utc)
        upcoming = []
        day = datetime.date(2026, 9, 8)
        while len(upcoming) < 3:
            if day in expected_days([day], {excluded}):
                start = datetime.datetime(day.year, day.month, day.day, 19, 0,
                                          tzinfo=ZoneInfo("America/Montreal"))
                if start + datetime.timedelta(hours=2, minutes=30) > now:
                    upcoming.append(start.astimezone(paris))
            day += datetime.timedelta(days=1)

        def agenda():
            rows = app.find(role="list", name="Upcoming Occurrences")
            return [n.get_name() for n in hsatspi.walk(rows[0], max_depth=3)
                    if n.get_role_name() == "list item"] if rows else []

        try:
            hsatspi.wait_for(lambda: agenda()[:3] == [f"{NAME}, {s:%H:%M}" for s in upcoming],
                             what=f"the agenda from {upcoming[0]}")
        except AssertionError:
            app.screenshot("ui-calendar-failed.png")
            print("agenda:", agenda()[:5])
            raise
        for start in upcoming:
            assert app.find(role="label", name=long_date(start.date())), start
        app.screenshot("ui-calendar-agenda.png")
        toggle("Month")

        # A click on a chip opens the event page.
        chip = [n for n in app.find(role="push button") if n.get_name().startswith(NAME)]
        chip[0].do_action(0)
        try:
            hsatspi.wait_for(lambda: app.find(role="label", name=EVENT_ID), what="the event page")
        except AssertionError:
            app.screenshot("ui-calendar-failed.png")
            raise
        assert app.find(role="label", name="Craft beers, every Tuesday and Thursday.\n\n"
                                           "Bring a friend.")
    finally:
        log = app.close()
    if "CRITICAL" in log or "WARNING" in log:
        print(log)
        raise AssertionError("the app logged warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
