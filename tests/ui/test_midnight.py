#!/usr/bin/python3
"""Midnight with the window open: the Calendar page marks today (said to assistive technologies
in its cell's description: "Today, 1 occurrence"), and once the clock passes midnight the mark moves to the
new day by itself, without the page being left or a key pressed.

The app runs under libfaketime, started at 23:59:30 UTC on 30 November 2026 (its clock then
runs at the normal speed): the grid of November shows 1 December among its last days."""

import json
import os
import sys
import time

import hsatspi

FAKE_START = "@2026-11-30 23:59:30"
BEFORE = "Monday 30 November 2026"
AFTER = "Tuesday 1 December 2026"


def marked_today(app):
    """The names of the day cells described as today ("Today, N occurrences")."""
    found = []
    for node in app.find():
        try:
            if (node.get_description().startswith("Today, ")
                    and node.get_role_name() != "label"):
                found.append(node.get_name())
        except Exception:
            continue
    return found


def main():
    hsatspi.require_display()
    env = hsatspi.faketime_env(FAKE_START)
    if env is None:
        print("libfaketime is not installed (Debian: faketime)", file=sys.stderr)
        return 77
    started = time.monotonic()
    with hsatspi.App(env=env) as app:
        url = app.listening_url()
        # The grid shows once an event with a schedule is known.
        with open(os.path.join(os.environ["HS_SAMPLES_DIR"], "event_weekly.json")) as f:
            payload = json.load(f)
        payload["data"]["event"]["schedule"]["until"] = None
        assert hsatspi.post_json(url, json.dumps(payload).encode()) == 200

        sidebar = app.find(role="list item", name="Calendar")[0].get_parent()
        sidebar.select_child(3)
        hsatspi.wait_for(lambda: app.find(role="label", name="November 2026"),
                         what="November 2026 on the calendar")
        hsatspi.wait_for(lambda: marked_today(app) == [BEFORE], timeout=20,
                         what=f"{BEFORE} marked as today")
        # Still before midnight in the app's clock (it started at 23:59:30): else the step
        # above proved nothing about the change.
        assert time.monotonic() - started < 30, "the app took too long to start"
        app.screenshot("ui-midnight-before.png")

        # Midnight passes in the app's clock; the page checks the date every 10 s.
        hsatspi.wait_for(lambda: marked_today(app) == [AFTER], timeout=60,
                         what=f"{AFTER} marked as today after midnight")
        assert app.find(role="label", name="November 2026"), "the month shown changed by itself"
        app.screenshot("ui-midnight-after.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
