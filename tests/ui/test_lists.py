#!/usr/bin/python3
"""The Events and Invitations lists: their counts, a search in each (the store finds the rows),
and an invitation's row opens its event's page (test_history.py goes on from there). Expected
counts come from the samples posted (their distinct event and invitation ids), not from the
app."""

import json
import os
import sys
import urllib.request

import hsatspi
from gi.repository import Atspi

SAMPLES = ["event_invitation_created.json", "event_weekly.json", "event_all_day.json",
           "event_monthly_nth_weekday.json"]
WEEKLY_ID = "5b7d1f0a-93c2-4e8b-a6d4-1c2e3f4a5b6c"


def post(url, body):
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def sample(name):
    with open(os.path.join(os.environ["HS_SAMPLES_DIR"], name)) as f:
        return json.load(f)


def click(node):
    """A click in the middle of what @node shows (window coordinates: with no window manager
    under Xvfb the window sits at 0,0, and GTK 4.8 does not report screen ones)."""
    box = Atspi.Component.get_extents(node, Atspi.CoordType.WINDOW)
    Atspi.generate_mouse_event(box.x + box.width // 2, box.y + box.height // 2, "b1c")


def shown(app, name, role="label"):
    """(GTK 4.8 does not keep AT-SPI's "showing" state: present is what can be asked.)"""
    return app.find(role=role, name=name)


def in_list(app, list_name):
    """The texts of the rows a list (or column view) holds now."""
    found = set()
    for node in app.find(name=list_name):
        if node.get_role_name() in ("list", "table", "tree table", "grid", "tree"):
            found |= {n.get_name() for n in hsatspi.walk(node)
                      if n.get_role_name() == "label"}
    return found


def search(app, entry_name, text):
    entry = hsatspi.wait_for(lambda: [n for n in app.find(name=entry_name)
                                      if n.get_role_name() in ("entry", "text")],
                             what=entry_name)[0]
    target = entry
    for node in hsatspi.walk(entry):
        if Atspi.Accessible.get_editable_text_iface(node):
            target = node
            break
    Atspi.EditableText.set_text_contents(target, text)


def main():
    hsatspi.require_display()
    app = hsatspi.App()
    try:
        url = app.listening_url()
        payloads = [sample(name) for name in SAMPLES]
        for i, payload in enumerate(payloads):
            assert post(f"{url}webhooks/{i}", json.dumps(payload).encode()) == 200
        # The weekly event again, changed: a second version in its history.
        weekly = sample("event_weekly.json")
        weekly["data"]["event"]["cover_image_key"] = "events/second.jpg"
        assert post(f"{url}webhooks/again", json.dumps(weekly).encode()) == 200
        n_events = len({p["data"]["event"]["id"] for p in payloads})
        n_invitations = len({p["data"]["invitation"]["id"] for p in payloads})
        assert (n_events, n_invitations) == (4, 4)

        sidebar = app.find(role="list item", name="Events")[0].get_parent()

        # Events: the count, then a search by name (any case), one by id, and none.
        sidebar.select_child(2)
        hsatspi.wait_for(lambda: shown(app, f"{n_events} events"), what="the events' count")
        search(app, "Search events", "night TASTING")
        hsatspi.wait_for(lambda: shown(app, "1 event found"), what="one event found")
        hsatspi.wait_for(lambda: in_list(app, "Events") & {"Tuesday Night Tasting"},
                         what="the event found")
        assert "Oaked Arrogant Bastard Ale" not in in_list(app, "Events"), \
            "an event that does not match"
        search(app, "Search events", "ef7e8599")
        hsatspi.wait_for(lambda: "Oaked Arrogant Bastard Ale" in in_list(app, "Events"),
                         what="found by id")
        assert shown(app, "1 event found")
        assert "Tuesday Night Tasting" not in in_list(app, "Events")
        search(app, "Search events", "no such event")
        hsatspi.wait_for(lambda: shown(app, "No Events Found"), what="no events found")
        assert shown(app, "0 events found")
        search(app, "Search events", "")
        hsatspi.wait_for(lambda: shown(app, f"{n_events} events"), what="every event again")
        app.screenshot("ui-events-list.png")

        # Invitations: the count, a search by email, then a search by the event's name.
        sidebar.select_child(1)
        hsatspi.wait_for(lambda: shown(app, f"{n_invitations} invitations"),
                         what="the invitations' count")
        search(app, "Search invitations", "LECTEUR@")
        hsatspi.wait_for(lambda: shown(app, "1 invitation found"), what="one invitation found")
        hsatspi.wait_for(lambda: "lecteur@example.com" in in_list(app, "Invitations"),
                         what="the invitation")
        assert "qbuirette@omerlo.com" not in in_list(app, "Invitations"), \
            "an invitation that does not match"
        search(app, "Search invitations", "tuesday night")
        hsatspi.wait_for(lambda: in_list(app, "Invitations") == {
            "guest.weekly@example.com", "Tuesday Night Tasting"} | {
            n for n in in_list(app, "Invitations") if n.startswith(("#", "20", "Email", "Event",
                                                                  "Invited", "Received",
                                                                  "Delivery"))},
            what="only the weekly event's invitation")
        email = shown(app, "guest.weekly@example.com")[0]
        assert shown(app, "1 invitation found")
        app.screenshot("ui-invitations-search.png")

        # Its row opens the event's page.
        click(email)
        hsatspi.wait_for(lambda: shown(app, WEEKLY_ID), what="the event page of the invitation")
        assert [n for n in app.find(role="list item", name="Events")
                if n.get_state_set().contains(Atspi.StateType.SELECTED)], \
            "the Events page is not the one in view"

    finally:
        log = app.close()
    if "CRITICAL" in log or "WARNING" in log:
        print(log)
        raise AssertionError("the app logged warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
