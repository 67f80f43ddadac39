#!/usr/bin/python3
"""Deliveries posted to the window's own listener appear live in the Deliveries list, newest
first, with their verdicts; payload text is shown as text, never as markup."""

import json
import os
import re
import sys
import time
import threading
import urllib.error
import urllib.request

import hsatspi


def post(url, body, content_type="application/json"):
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def main():
    hsatspi.require_display()
    app = hsatspi.App()
    try:
        # The sidebar shows the real URL of the listener (it was asked for port 0).
        urls = hsatspi.wait_for(
            lambda: [n.get_name() for n in app.find(role="label")
                     if n.get_name().startswith("http://127.0.0.1:")
                     and not n.get_name().endswith(":0/")],
            what="the listening URL")
        url = urls[0]
        print(f"listening on {url}")
        assert app.find(name="No Deliveries Yet"), "empty state missing"

        with open(os.path.join(os.environ["HS_SAMPLES_DIR"],
                               "event_invitation_created.json"), "rb") as f:
            seed = f.read()
        status, answer = post(url + "webhooks/omerlo", seed)
        assert status == 200 and answer["ok"] is True, (status, answer)

        hsatspi.wait_for(lambda: app.find(role="label", name="event_invitation_created"),
                         what="the seed delivery in the list")
        assert app.find(role="label", name="/webhooks/omerlo")

        # Its time is relative ("Just now": posted a moment ago); the exact time, to the
        # second, is its accessible description (the local date the test reads itself).
        posted = time.localtime()
        just_now = hsatspi.wait_for(lambda: app.find(role="label", name="Just now"),
                                    what="the fresh row's relative time")
        description = just_now[0].get_description()
        day = time.strftime("%A ", posted) + str(posted.tm_mday) + time.strftime(" %B %Y, ",
                                                                                  posted)
        assert description.startswith(day), (description, day)
        assert re.fullmatch(r"\d\d:\d\d:\d\d", description[len(day):]), description

        # A JSON body that does not parse: answered 400, listed with its status and verdict.
        status, answer = post(url + "broken", b'{"event_name": ')
        assert status == 400 and answer["ok"] is False, (status, answer)
        hsatspi.wait_for(lambda: app.find(role="label", name="/broken"), what="the 400 row")
        assert app.find(role="label", name="400"), "status 400 not shown"
        assert app.find(role="label", name="Not JSON"), "verdict not shown"

        # Markup in a payload must reach the screen as the same characters.
        status, _ = post(url + "markup", b'{"event_name": "<b>bold</b> &amp; co"}')
        assert status == 200
        hsatspi.wait_for(lambda: app.find(role="label", name="<b>bold</b> &amp; co"),
                         what="the markup event name shown literally")

        # A burst far longer than the view: at the top, the list keeps showing the newest
        # rows (a list view keeps its rows in place when others are inserted above them, and
        # only the rows in view exist).
        def burst(worker):
            for i in range(50):
                status, _ = post(url + f"burst/{worker}/{i}", b'{"event_name": "burst"}')
                assert status == 200

        workers = [threading.Thread(target=burst, args=(w,)) for w in range(8)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        status, _ = post(url + "burst/last", b'{"event_name": "burst"}')
        assert status == 200
        hsatspi.wait_for(lambda: app.find(role="label", name="/burst/last"), timeout=15,
                         what="the newest delivery of the burst in view")
        app.screenshot("ui-deliveries-burst.png")

        app.screenshot("ui-deliveries.png")
    finally:
        log = app.close()
    if "CRITICAL" in log:
        print(log)
        raise AssertionError("the app logged criticals")
    return 0


if __name__ == "__main__":
    sys.exit(main())
