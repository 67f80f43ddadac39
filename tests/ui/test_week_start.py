#!/usr/bin/python3
"""The month grid's weeks start on the locale's first day: Sunday under en_US, Monday under
fr_FR and en_GB, with the weekday names in that order and in that language. The locales are
built with localedef into a temporary directory (LOCPATH); one that cannot be built here is
reported as skipped, and the test skips only if none can. Expected names come from Python's
strftime under the same locale; the first days from the locales' conventions."""

import datetime
import json
import locale
import os
import subprocess
import sys
import tempfile

import hsatspi
from test_lists import post, sample

LOCALES = {"en_US": 6, "fr_FR": 0, "en_GB": 0}   # first day: days after Monday


def build(locpath, name):
    if not os.path.exists(os.path.join("/usr/share/i18n/locales", name)):
        return False
    try:
        subprocess.run(["localedef", "-i", name, "-f", "UTF-8",
                        os.path.join(locpath, name + ".UTF-8")],
                       check=True, capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return False
    return True


def expected_names(name, first):
    """The abbreviated weekday names from the first day (1 June 2026 is a Monday)."""
    saved = locale.setlocale(locale.LC_TIME)
    locale.setlocale(locale.LC_TIME, name + ".UTF-8")
    try:
        monday = datetime.date(2026, 6, 1)
        return [(monday + datetime.timedelta(days=first + i)).strftime("%a") for i in range(7)]
    finally:
        locale.setlocale(locale.LC_TIME, saved)


def header_shown(app, names):
    """The seven names in a row among the window's labels (the grid's header, in order)."""
    labels = [n.get_name() for n in app.find(role="label")]
    return any(labels[i:i + 7] == names for i in range(len(labels) - 6))


def main():
    hsatspi.require_display()
    locpath = tempfile.mkdtemp(prefix="hs-locales-")
    os.environ["LOCPATH"] = locpath
    checked = 0
    try:
        for name, first in LOCALES.items():
            if not build(locpath, name):
                print(f"{name}: cannot be built here (no localedef or sources): skipped")
                continue
            names = expected_names(name, first)
            app = hsatspi.App(env={"LC_ALL": name + ".UTF-8", "LANGUAGE": "en",
                                   "LOCPATH": locpath})
            try:
                # An event, so that the grid (not the empty page) is what shows.
                url = hsatspi.wait_for(
                    lambda: [n.get_name() for n in app.find(role="label")
                             if n.get_name().startswith("http://127.0.0.1:")
                             and not n.get_name().endswith(":0/")],
                    what="the listening URL")[0]
                assert post(url, json.dumps(sample("event_weekly.json")).encode()) == 200
                # (The window speaks English, LANGUAGE=en: only the dates follow LC_TIME.)
                sidebar = app.find(role="list item", name="Calendar")[0].get_parent()
                sidebar.select_child(3)
                hsatspi.wait_for(lambda: header_shown(app, names),
                                 what=f"the weekday names {names} under {name}")
                hsatspi.wait_for(lambda: [n for n in app.find(role="push button")
                                          if n.get_name().startswith("Tuesday Night Tasting")],
                                 what="the month grid with the event's chips")
                print(f"{name}: {' '.join(names)}")
                if name == "fr_FR":
                    app.screenshot("ui-calendar-fr.png")
            finally:
                log = app.close()
            if "CRITICAL" in log or "WARNING" in log:
                print(log)
                raise AssertionError(f"the app logged warnings under {name}")
            checked += 1
    finally:
        subprocess.run(["rm", "-rf", locpath])
    if checked == 0:
        print("no locale could be built: skipped")
        return hsatspi.SKIP
    return 0


if __name__ == "__main__":
    sys.exit(main())
