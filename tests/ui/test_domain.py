#!/usr/bin/python3
"""With an API key set, a webhook without it is stored and answered 401 but never creates an
invitation; with it, the invitation and its event appear on their pages, the event's schedule
in words."""

import os
import sys
import urllib.error
import urllib.request

import hsatspi

KEY = "s3cret-key"


def post(url, body, key=None):
    headers = {"Content-Type": "application/json"}
    if key is not None:
        headers["x-api-key"] = key
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def main():
    hsatspi.require_display()
    app = hsatspi.App("--api-key", KEY)
    try:
        url = app.listening_url()
        with open(os.path.join(os.environ["HS_SAMPLES_DIR"],
                               "event_invitation_created.json"), "rb") as f:
            seed = f.read()

        sidebar = app.find(role="list item", name="Invitations")[0].get_parent()

        # Values from the seed document: the invitation's email and the event's English name.
        email = "qbuirette@omerlo.com"
        name = "Oaked Arrogant Bastard Ale"
        # recurrence "none": one occurrence, 2026-11-30 18:47 to 19:47 (the example).
        summary = "Once, Monday 30 November 2026, 18:47–19:47"

        assert post(url, seed) == 401
        assert post(url, seed, key="wrong") == 401
        hsatspi.wait_for(lambda: app.find(role="label", name="No API key"), what="no-key row")
        # The same bytes again: also flagged as a duplicate ("Wrong API key, Duplicate").
        hsatspi.wait_for(lambda: [n for n in app.find(role="label")
                                  if n.get_name().startswith("Wrong API key")],
                         what="wrong-key row")
        sidebar.select_child(1)
        assert app.find(name="No Invitations Yet")
        # The domain pages reload a moment after a delivery: give them time to (wrongly) show.
        import time
        time.sleep(1.0)
        assert not app.find(role="label", name=email), "an unauthenticated invitation showed"

        assert post(url, seed, key=KEY) == 200
        hsatspi.wait_for(lambda: app.find(role="label", name=email), what="the invitation")
        assert app.find(role="label", name=name), "the invitation's event name"

        # The same invitation again with another email: the page reads only what changed,
        # and the invitation is updated where it is, not listed twice.
        changed = seed.replace(email.encode(), b"someone.else@example.com")
        assert changed != seed
        assert post(url, changed, key=KEY) == 200
        hsatspi.wait_for(lambda: app.find(role="label", name="someone.else@example.com"),
                         what="the invitation's new email")
        assert not app.find(role="label", name=email), "the invitation is listed twice"

        sidebar.select_child(2)
        hsatspi.wait_for(lambda: app.find(role="label", name=summary),
                         what="the event's schedule in words")
        app.screenshot("ui-events.png")
    finally:
        log = app.close()
    if "CRITICAL" in log:
        print(log)
        raise AssertionError("the app logged criticals")
    return 0


if __name__ == "__main__":
    sys.exit(main())
