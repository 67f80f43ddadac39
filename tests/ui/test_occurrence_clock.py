#!/usr/bin/python3
"""The event page's occurrences follow the clock: a row says "· now" while its occurrence is
under way and, once it ends, becomes a past one (dimmed; "(past)" for screen readers) with no
input and without the page being left.

The app runs under libfaketime from 18:59:15 UTC on Monday 30 November 2026 (its clock runs at
the normal speed); the event, weekly on Mondays from 18:00 to 19:00 UTC, is under way then and
ends 45 seconds later. A second event, on Mondays from 10:00 to 11:00, has ended today: the
Events list gives next Monday's as its next occurrence."""

import json
import os
import sys

import hsatspi

FAKE_START = "@2026-11-30 18:59:15"
NAME = "Monday Clock Check"
DAY = "Monday 30 November 2026"
EVENT_ID = "5b7d1f0a-93c2-4e8b-a6d4-1c2e3f4a5b6c"


def main():
    hsatspi.require_display()
    env = hsatspi.faketime_env(FAKE_START)
    if env is None:
        print("libfaketime is not installed (Debian: faketime)", file=sys.stderr)
        return 77
    with hsatspi.App(env=env) as app:
        url = app.listening_url()
        with open(os.path.join(os.environ["HS_SAMPLES_DIR"], "event_weekly.json")) as f:
            payload = json.load(f)
        event = payload["data"]["event"]
        for locale in event["locales"]:
            locale["name"] = NAME
        event["schedule"].update({
            "timezone": "UTC", "days": ["monday"], "starts_at_date": "2026-11-30",
            "ends_at_date": "2026-11-30", "starts_at_time": "18:00:00",
            "ends_at_time": "19:00:00", "until": "2026-12-14", "excluded_dates": []})
        assert hsatspi.post_json(url, json.dumps(payload).encode()) == 200
        # Another, on Mondays from 10:00 to 11:00: today's has ended, so the Events list's
        # "Next" is next Monday's.
        event["id"] = "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"
        for locale in event["locales"]:
            locale["name"] = "Monday Morning"
        event["schedule"].update({"starts_at_time": "10:00:00", "ends_at_time": "11:00:00"})
        assert hsatspi.post_json(url, json.dumps(payload).encode()) == 200
        event["id"] = EVENT_ID
        for locale in event["locales"]:
            locale["name"] = NAME
        event["schedule"].update({"starts_at_time": "18:00:00", "ends_at_time": "19:00:00"})

        sidebar = app.find(role="list item", name="Events")[0].get_parent()
        sidebar.select_child(2)
        hsatspi.wait_for(lambda: app.find(role="label", name=NAME), what="the event listed")
        hsatspi.wait_for(lambda: app.find(
            role="label", name="Next: Monday 7 December 2026, 10:00 (UTC) · 10:00 UTC here"),
            what="next Monday as the morning event's next occurrence")
        events = [n for n in app.find(role="list", name="Events")][0]
        for i in range(events.get_child_count()):
            if [n for n in hsatspi.walk(events.get_child_at_index(i)) if n.get_name() == NAME]:
                events.select_child(i)

        # Under way: 18:00–19:00, and the app's clock says 18:59 and some seconds.
        hsatspi.wait_for(lambda: app.find(role="label", name=f"{DAY} · now"), timeout=30,
                         what="the occurrence under way")
        assert app.find(role="label",
                        name="Next: Monday 30 November 2026, 18:00 (UTC) · 18:00 UTC here"), \
            "the occurrence under way as the event's next in the list"
        app.screenshot("ui-occurrence-now.png")

        # 19:00 passes: the same row, past, with no input.
        def past():
            rows = [n for n in app.find() if (n.get_name() or "").startswith(f"{DAY}. ")]
            return rows and all(r.get_name().endswith(" (past)") for r in rows)
        hsatspi.wait_for(past, timeout=75, what="the occurrence past after 19:00")
        assert not app.find(role="label", name=f"{DAY} · now"), "still said to be under way"
        assert app.find(role="label", name=DAY), "the date without “now”"
        # The list beside the page moves on to next Monday's by itself too.
        hsatspi.wait_for(lambda: app.find(
            role="label", name="Next: Monday 7 December 2026, 18:00 (UTC) · 18:00 UTC here"),
            timeout=60, what="the list's next occurrence after 19:00")
        app.screenshot("ui-occurrence-past.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
