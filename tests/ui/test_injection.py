#!/usr/bin/python3
"""Payload text is data, on screen: a delivery whose every shown field (event name, locale,
email, participant name, header value, path and query) holds Pango markup, printf conversions,
quotes, a semicolon and shell command substitutions. The Deliveries detail, the Events list
and the event page, the Invitations list and the calendar show the same characters (the
accessible names equal the raw text: parsed markup would lose its tags), nothing runs, and the
app logs no warning (Pango logs one for markup it cannot parse)."""

import datetime
import json
import os
import sys
import tempfile
import urllib.parse
import urllib.request

import hsatspi
from gi.repository import Atspi

PWNED = tempfile.mkdtemp(prefix="hs-ui-injection-")
HOSTILE = ("<b>x</b> &amp; <span foreground=\"red\">%n%s%x</span> '\" ; "
           f"$(touch {PWNED}/dollar) `touch {PWNED}/backtick` %1$s {{0}}")
EVENT_ID = "ev-" + HOSTILE
EMAIL = HOSTILE + "@example.com"
# The summary is HTML: its text, entities decoded, is markup-looking text that must stay text
# (decoded once, never parsed again).
SUMMARY_HTML = "&lt;b&gt;bold&lt;/b&gt; &amp;amp; %n ; $(true)"
SUMMARY_TEXT = "<b>bold</b> &amp; %n ; $(true)"


def post(url, body, headers):
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json", **headers})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def sample(name):
    with open(os.path.join(os.environ["HS_SAMPLES_DIR"], name + ".json")) as f:
        return json.load(f)


def hostile_event(event):
    """The sample's event with the text in its id, its name and a second locale; one occurrence
    today at 12:00 UTC, so that the calendar opens on it."""
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    event["id"] = EVENT_ID
    event["locales"][0]["name"] = HOSTILE
    event["locales"][0]["summary_html"] = SUMMARY_HTML
    event["locales"].append({"locale": HOSTILE, "name": HOSTILE, "summary_html": None,
                             "id": None, "deleted_at": None})
    event["schedule"].update({"recurrence": "none", "timezone": "UTC", "starts_at_date": today,
                              "ends_at_date": today, "starts_at_time": "12:00:00",
                              "ends_at_time": "13:00:00", "count": None, "until": None,
                              "excluded_dates": [], "days": []})
    return event


def select_page(app, name):
    item = app.find(role="list item", name=name)[0]
    item.get_parent().select_child(item.get_index_in_parent())


def select_row(app, label, exact=True):
    node = hsatspi.wait_for(lambda: [n for n in app.find(role="label")
                                     if (n.get_name() == label if exact
                                         else n.get_name().startswith(label))],
                            what=label)[0]
    while node is not None and node.get_role_name() != "list item":
        node = node.get_parent()
    assert node is not None, f"no list item holds {label}"
    node.get_parent().select_child(node.get_index_in_parent())


def names(app, **kwargs):
    return [n.get_name() for n in app.find(**kwargs)]


def main():
    hsatspi.require_display()
    os.environ["TZ"] = "UTC"
    app = hsatspi.App()
    try:
        url = app.listening_url()
        where = url + "hooks/" + urllib.parse.quote(HOSTILE, safe="") + "?q=" + \
            urllib.parse.quote(HOSTILE, safe="")
        headers = {"X-Hostile": HOSTILE, "User-Agent": HOSTILE}

        invitation = sample("event_invitation_created")
        invitation["data"]["event"] = hostile_event(invitation["data"]["event"])
        invitation["data"]["invitation"].update({"email": EMAIL, "event_id": EVENT_ID})
        assert post(where, json.dumps(invitation).encode(), headers) == 200

        joined = sample("participant_created")
        joined["data"]["event"] = invitation["data"]["event"]
        joined["data"]["participant"].update({"email": EMAIL, "event_id": EVENT_ID})
        joined["data"]["participant"]["person"].update({"first_name": HOSTILE,
                                                        "last_name": "Tremblay"})
        assert post(url + "joined", json.dumps(joined).encode(), headers) == 200

        # Deliveries: the row, then its detail (the meaning, the headers).
        select_page(app, "Deliveries")
        select_row(app, "/joined")
        select_row(app, "/hooks/", exact=False)
        meaning = f"Invitation for {EMAIL} to “{HOSTILE}”"
        hsatspi.wait_for(lambda: [n for n in names(app, role="label") if n.startswith(meaning)],
                         what="the meaning in the detail, literally")
        tab = hsatspi.wait_for(lambda: app.find(role="push button", name="Headers"),
                               what="the Headers section")[0]
        Atspi.Action.do_action(tab, 0)
        hsatspi.wait_for(lambda: [n for n in names(app, role="list item")
                                  if n.lower() == f"x-hostile: {HOSTILE}".lower()],
                         what="the header value, literally")
        app.screenshot("ui-injection-delivery.png")

        # Events: the list, then the event page.
        select_page(app, "Events")
        hsatspi.wait_for(lambda: app.find(role="label", name=HOSTILE), what="the event's name")
        events = app.find(role="list", name="Events")[0]
        events.select_child(0)
        hsatspi.wait_for(lambda: app.find(role="label", name=EVENT_ID), what="the event page")
        shown = set(names(app, role="label"))
        assert HOSTILE in shown, "the event's name on its page"
        assert [n for n in shown if n.startswith(EMAIL)], "the participant's email on the page"
        assert f"{HOSTILE} Tremblay" in shown, "the participant's name on the page"
        assert SUMMARY_TEXT in shown, "the summary's text, decoded once and shown as text"
        app.screenshot("ui-injection-event.png")

        # Invitations.
        select_page(app, "Invitations")
        hsatspi.wait_for(lambda: app.find(role="label", name=EMAIL), what="the invitation")
        assert app.find(role="label", name=HOSTILE), "the invitation's event name"
        app.screenshot("ui-injection-invitations.png")

        # Calendar: the chip on today's cell says the name and the time.
        select_page(app, "Calendar")
        hsatspi.wait_for(lambda: [n for n in names(app, role="push button")
                                  if n.startswith(f"{HOSTILE}, 12:00")],
                         what="the event's chip on the calendar")
        app.screenshot("ui-injection-calendar.png")

        for name in ("dollar", "backtick"):
            assert not os.path.exists(os.path.join(PWNED, name)), f"$(…) or `…` ran ({name})"
    finally:
        log = app.close()
        for name in ("dollar", "backtick"):
            if os.path.exists(os.path.join(PWNED, name)):
                os.unlink(os.path.join(PWNED, name))
        os.rmdir(PWNED)
    if "CRITICAL" in log or "WARNING" in log:
        print(log)
        raise AssertionError("the app logged warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
