#!/usr/bin/python3
"""A page that is not in view does no work per delivery: while 300 webhooks arrive with
Deliveries in view, the Invitations and Events pages are never told; the one in view is told
far fewer times than there were deliveries; a page that comes back into view is told once,
with everything it missed, and shows it."""

import concurrent.futures
import os
import re
import sys
import urllib.request

import hsatspi


def post(url, body):
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def told(log, page, how):
    """The window's debug lines (G_MESSAGES_DEBUG=hs-window) for one page."""
    return re.findall(rf"hs-window-DEBUG.*: {page}: {how} \(added (\d+)-(\d+), "
                      rf"projected through (\d+)\)", log)


def main():
    hsatspi.require_display()
    app = hsatspi.App(env={"G_MESSAGES_DEBUG": "hs-window"})
    try:
        url = app.listening_url()
        with open(os.path.join(os.environ["HS_SAMPLES_DIR"],
                               "event_invitation_created.json"), "rb") as f:
            seed = f.read()
        invitation = b"a2de79c9-0f46-49b9-9c5b-b94b4acaa6c1"
        assert invitation in seed

        # 300 new invitations (one id each) to the seed's event, from 8 threads.
        bodies = [seed.replace(invitation, b"a2de79c9-0f46-49b9-9c5b-%012d" % i)
                  for i in range(300)]
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            assert all(status == 200 for status in pool.map(lambda b: post(url, b), bodies))

        # The page in view hears of all 300 and of their projection, in a few calls.
        hsatspi.wait_for(lambda: any(int(through) >= 300 for _, _, through in
                                     told(app.log(), "deliveries", "store changed")),
                         what="the Deliveries page told of the projection")
        log = app.log()
        deliveries_told = told(log, "deliveries", "store changed")
        print(f"Deliveries in view was told {len(deliveries_told)} times for 300 deliveries")
        assert 1 <= len(deliveries_told) < 300
        assert max(int(last) for _, last, _ in deliveries_told) == 300
        for page in ("invitations", "events"):
            assert not told(log, page, "store changed"), f"{page} out of view was told"
            assert not told(log, page, "came into view"), f"{page} came into view"

        # Invitations comes into view: told once, with the whole range it missed.
        sidebar = app.find(role="list item", name="Invitations")[0].get_parent()
        sidebar.select_child(1)
        hsatspi.wait_for(lambda: told(app.log(), "invitations", "came into view"),
                         what="Invitations told it came into view")
        came = told(app.log(), "invitations", "came into view")
        assert came == [("1", "300", "300")], came
        hsatspi.wait_for(lambda: app.find(role="label", name="qbuirette@omerlo.com"),
                         what="the invitations on their page")

        # More deliveries with Invitations in view: Events, out of view, still hears nothing.
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            assert all(status == 200 for status in
                       pool.map(lambda b: post(url, b), bodies[:50]))
        hsatspi.wait_for(lambda: any(int(last) >= 350 for _, last, _ in
                                     told(app.log(), "invitations", "store changed")),
                         what="Invitations told of the new deliveries")
        assert not told(app.log(), "events", "store changed")
        app.screenshot("ui-pages-invitations.png")
    finally:
        log = app.close()
    problems = [line for line in log.splitlines()
                if "CRITICAL" in line or "WARNING" in line or "ERROR" in line]
    if problems:
        print(log)
        raise AssertionError("the app logged warnings: " + "; ".join(problems[:5]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
