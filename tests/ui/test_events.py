#!/usr/bin/python3
"""The event page: a weekly event without an end, posted to the window's listener, opens from
the Events list with its names, summary as plain text, schedule in words, and its occurrences
(the first ones, an excluded date marked, then "Today" jumps to the next one, in the event's
zone and the viewer's). Expected dates are computed here from the schedule rules of
DESIGN.md, independently of the app."""

import datetime
import json
import os
import sys
import urllib.request
from zoneinfo import ZoneInfo

import hsatspi
from gi.repository import Atspi

MONTREAL = ZoneInfo("America/Montreal")
VIEWER = "Europe/Paris"


def post(url, body):
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def weekly_sample():
    """data/samples/event_weekly.json without its until: unbounded."""
    with open(os.path.join(os.environ["HS_SAMPLES_DIR"], "event_weekly.json")) as f:
        payload = json.load(f)
    payload["data"]["event"]["schedule"]["until"] = None
    return payload


def occurrences():
    """Tuesdays and Thursdays 19:00–21:30 in Montreal from Tuesday 8 Sep 2026, with the
    excluded flag: the 24 Sep as a day, the 13 Oct 19:00 start."""
    day = datetime.date(2026, 9, 8)
    while True:
        if day.weekday() in (1, 3):
            start = datetime.datetime(day.year, day.month, day.day, 19, 0, tzinfo=MONTREAL)
            excluded = day == datetime.date(2026, 9, 24) or day == datetime.date(2026, 10, 13)
            yield start, start + datetime.timedelta(hours=2, minutes=30), excluded
        day += datetime.timedelta(days=1)


def long_date(when):
    return f"{when:%A} {when.day} {when:%B %Y}"


def main():
    hsatspi.require_display()
    os.environ["TZ"] = VIEWER
    app = hsatspi.App()
    try:
        url = app.listening_url()
        weekly = weekly_sample()
        assert post(url, json.dumps(weekly).encode()) == 200
        # A participant joins the weekly event, then leaves; then the event changes.
        event = weekly["data"]["event"]
        for kind in ("participant_created", "participant_removed"):
            with open(os.path.join(os.environ["HS_SAMPLES_DIR"], kind + ".json")) as f:
                payload = json.load(f)
            payload["data"]["event"] = event
            payload["data"]["participant"]["event_id"] = event["id"]
            assert post(url, json.dumps(payload).encode()) == 200
        # Markup in a payload must reach the screen as the same characters.
        event["cover_image_key"] = "events/<b>tasting</b>&amp;.jpg"
        assert post(url, json.dumps(weekly).encode()) == 200

        sidebar = app.find(role="list item", name="Events")[0].get_parent()
        sidebar.select_child(2)
        name = "Tuesday Night Tasting"
        hsatspi.wait_for(lambda: app.find(role="label", name=name), what="the event in the list")
        assert app.find(role="label", name="Every week on Tuesday and Thursday, 19:00–21:30 "
                                            "(America/Montreal), except 2 dates"), \
            "the schedule in words on the list"

        events = [n for n in app.find(role="list", name="Events")][0]
        events.select_child(0)

        def labels():
            return {n.get_name() for n in app.find(role="label")}

        # The event page: the English name (C locale: the first), the summary's text without
        # its tags, then the description block in the same locale; its invitation, the
        # participant who left, the history with what changed; the first occurrences from the
        # start (the 24 Sep excluded), in the event's zone and the viewer's (19:00 EDT, -04,
        # is 01:00 CEST, +02, the next day in Paris). One walk of the tree per try: each is
        # slow.
        first = [o for _, o in zip(range(6), occurrences())]
        expected = {
            "Craft beers, every Tuesday and Thursday.\n\nBring a friend.",
            "5b7d1f0a-93c2-4e8b-a6d4-1c2e3f4a5b6c",
            "guest.weekly@example.com",
            "Marie Tremblay",
            "Removed",
            'cover_image_key: null → "events/<b>tasting</b>&amp;.jpg"',
            "First seen",
            "events/<b>tasting</b>&amp;.jpg",
            "19:00–21:30 (America/Montreal)",
            "Wed 9 Sep, 01:00–03:30 CEST here",
        } | {long_date(start) + (" · excluded" if excluded else "")
             for start, _, excluded in first}
        shown = hsatspi.wait_for(lambda: (lambda found: found if expected <= found else None)
                                 (labels()),
                                 what="the event page")
        assert not [n for n in shown if "<b>Tuesday" in n or "Tuesday</b>" in n], \
            "summary_html shown with its tags"
        assert [n for n in shown if n.startswith("marie.tremblay@example.com · joined ")
                and " · removed " in n], "when the participant joined and left"
        app.screenshot("ui-event-page.png")

        # "Today": the first occurrence that has not ended.
        now = datetime.datetime.now(datetime.timezone.utc)
        start, end, excluded = next(o for o in occurrences() if o[1] > now)
        text = long_date(start) + (" · excluded" if excluded else
                                   " · now" if start <= now else "")
        here = start.astimezone(ZoneInfo(VIEWER))
        end_here = end.astimezone(ZoneInfo(VIEWER))
        local = (f"{here:%a} {here.day} {here:%b}, {here:%H:%M}–{end_here:%H:%M} "
                 f"{here:%Z} here")
        # GTK 4.8 names a button after its accessible label and its label child together.
        today = [n for n in app.find(role="push button") if n.get_name().startswith("Today")]
        today[0].do_action(0)
        # (A list view has rows only for the items near its view.)
        hsatspi.wait_for(lambda: app.find(role="label", name=text),
                         what=f"the next occurrence ({text}) in view")
        assert app.find(role="label", name=local), f"the next occurrence here: {local}"
        app.screenshot("ui-event-page-today.png")

        # Export: the file chooser (GTK's own dialog without a portal); a path typed as the
        # name is where the iCalendar file goes.
        [n for n in app.find(role="push button") if n.get_name().startswith("Export")][0] \
            .do_action(0)
        entry = hsatspi.wait_for(lambda: app.find(role="text", name="Name:"),
                                 what="the file chooser")[0]
        path = os.path.join(app.tmp.name, "tasting.ics")
        Atspi.EditableText.set_text_contents(entry, path)
        Atspi.generate_keyboard_event(0xff0d, None, Atspi.KeySynthType.SYM)   # Return
        hsatspi.wait_for(lambda: os.path.exists(path) and os.path.getsize(path) > 0,
                         what="the exported file")
        with open(path) as f:
            ics = f.read()
        for line in ("BEGIN:VCALENDAR", "SUMMARY:Tuesday Night Tasting",
                     "UID:5b7d1f0a-93c2-4e8b-a6d4-1c2e3f4a5b6c",
                     "DTSTART;TZID=America/Montreal:20260908T190000"):
            assert line in ics.replace("\r\n", "\n"), f"{line} not in {ics}"
        assert "RRULE:FREQ=WEEKLY" in ics and "BYDAY=TU,TH" in ics, ics
        # The wall-clock duration, no period RDATE; 19:00 never meets a DST change, so
        # nothing else (no override, no end: the schedule has none).
        assert "DURATION:PT2H30M" in ics and "PERIOD" not in ics, ics
        assert "RECURRENCE-ID" not in ics and "UNTIL" not in ics, ics
        hsatspi.wait_for(lambda: not app.find(role="text", name="Name:"),
                         what="the file chooser to close")

        # Export All Events…: the split button's menu, every event in one file.
        # (The arrow is a menu button around a toggle: the one with an action.)
        hsatspi.wait_for(lambda: [m for n in app.find(role="push button",
                                                      name="More Export Options")
                                  for m in hsatspi.walk(n) if m.get_n_actions() > 0],
                         what="the export menu button")[0].do_action(0)
        item = hsatspi.wait_for(lambda: app.find(role="menu item", name="Export All Events…"),
                                what="the Export All Events… item")[0]
        item.do_action(0)
        entry = hsatspi.wait_for(lambda: app.find(role="text", name="Name:"),
                                 what="the file chooser for every event")[0]
        path_all = os.path.join(app.tmp.name, "all.ics")
        Atspi.EditableText.set_text_contents(entry, path_all)
        Atspi.generate_keyboard_event(0xff0d, None, Atspi.KeySynthType.SYM)   # Return
        hsatspi.wait_for(lambda: os.path.exists(path_all) and os.path.getsize(path_all) > 0,
                         what="the file of every event")
        with open(path_all) as f:
            every = f.read().replace("\r\n", "\n")
        assert every.count("BEGIN:VEVENT") == 1, every
        assert "UID:5b7d1f0a-93c2-4e8b-a6d4-1c2e3f4a5b6c" in every, every
        assert every.count("BEGIN:VTIMEZONE") == 1, every
    finally:
        log = app.close()
    if "CRITICAL" in log or "WARNING" in log:
        print(log)
        raise AssertionError("the app logged warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
