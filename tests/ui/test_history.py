#!/usr/bin/python3
"""The event page's history: the row of the oldest version (the first delivery that carried
the event) opens that delivery on the Deliveries page, selected in its list."""

import json
import sys

import hsatspi
from gi.repository import Atspi

from test_lists import WEEKLY_ID, click, post, sample, shown


def main():
    hsatspi.require_display()
    app = hsatspi.App()
    try:
        url = app.listening_url()
        weekly = sample("event_weekly.json")
        assert post(f"{url}webhooks/1", json.dumps(weekly).encode()) == 200
        weekly["data"]["event"]["cover_image_key"] = "events/second.jpg"
        assert post(f"{url}webhooks/again", json.dumps(weekly).encode()) == 200

        # The event page, asked for as any page would.
        sidebar = app.find(role="list item", name="Events")[0].get_parent()
        sidebar.select_child(2)
        events = hsatspi.wait_for(lambda: [n for n in app.find(role="list", name="Events")
                                           if n.get_child_count() > 0],
                                  what="the events")[0]
        events.select_child(0)
        hsatspi.wait_for(lambda: shown(app, WEEKLY_ID), what="the event page")

        # The history: the oldest version is the first delivery that carried the event; its
        # row opens that delivery on the Deliveries page, selected.
        def first_seen():
            for node in app.find(role="label", name="First seen"):
                row = node.get_parent()
                for child in hsatspi.walk(row, max_depth=4):
                    if (child.get_name() or "").startswith("Delivery #"):
                        return child
            return None
        title = hsatspi.wait_for(first_seen, what="the history's first version")
        # Below the fold: the wheel over the page, never over the occurrences (they would
        # scroll instead), until the row is in the window.
        window = Atspi.Component.get_extents(app.find(role="frame")[0], Atspi.CoordType.WINDOW)
        occurrences = shown(app, "Tuesday 8 September 2026")[0]
        while occurrences is not None and occurrences.get_role_name() != "list":
            occurrences = occurrences.get_parent()
        for _ in range(60):
            box = Atspi.Component.get_extents(title, Atspi.CoordType.WINDOW)
            if 80 < box.y and box.y + box.height < window.y + window.height - 60:
                break
            inner = Atspi.Component.get_extents(occurrences, Atspi.CoordType.WINDOW)
            y = window.y + 150 if inner.y > window.y + 200 else inner.y + inner.height + 20
            Atspi.generate_mouse_event(window.x + window.width - 300, y, "b5c")
        click(title)
        hsatspi.wait_for(lambda: shown(app, "POST /webhooks/1"),
                         what="the first delivery of the event in the Deliveries detail")
        selected = [n for n in app.find(role="list item")
                    if n.get_state_set().contains(Atspi.StateType.SELECTED)
                    and any((m.get_name() or "") == "/webhooks/1" for m in hsatspi.walk(n))]
        assert selected, "the delivery is not selected in the Deliveries list"
        app.screenshot("ui-history-delivery.png")
    finally:
        log = app.close()
    if "CRITICAL" in log or "WARNING" in log:
        print(log)
        raise AssertionError("the app logged warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
