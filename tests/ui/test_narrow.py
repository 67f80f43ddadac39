#!/usr/bin/python3
"""The Deliveries page in a narrow window (400 px): the sidebar, the list and the detail are
one at a time, and there is one back button, which goes from the detail to the list (then,
as before, from the list to the sidebar)."""

import os
import subprocess
import sys
import tempfile
import time
import urllib.request

import hsatspi
from gi.repository import Atspi

WIDTH, HEIGHT = 400, 700


def post(url, name):
    with open(os.path.join(os.environ["HS_SAMPLES_DIR"], name), "rb") as f:
        request = urllib.request.Request(url + "webhooks/omerlo", data=f.read(), method="POST",
                                         headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


def click(node):
    # GTK 4.8 gives positions in the window; without a window manager it is at the origin.
    box = node.get_extents(Atspi.CoordType.WINDOW)
    Atspi.generate_mouse_event(box.x + box.width // 2, box.y + box.height // 2, "b1c")


def back_buttons(app):
    """The back buttons the user sees: allocated, inside the window (GTK 4.8 does not set
    the SHOWING state)."""
    found = []
    for node in app.find(role="push button"):
        if node.get_description() not in ("Back", "Back to the List"):
            continue
        box = node.get_extents(Atspi.CoordType.WINDOW)
        if box.width > 0 and 0 <= box.x < WIDTH:
            found.append(node)
    return found


def shot(app, name):
    directory = os.environ.get("HS_SCREENSHOT_DIR", app.tmp.name)
    path = os.path.join(directory, name)
    subprocess.run(["import", "-window", "root", "-crop", f"{WIDTH}x{HEIGHT}+0+0", "+repage",
                    path], check=True)
    print(f"screenshot: {path}")


def main():
    hsatspi.require_display()
    config = tempfile.TemporaryDirectory(prefix="hs-ui-config-")
    settings = os.path.join(config.name, "glib-2.0", "settings")
    os.makedirs(settings)
    with open(os.path.join(settings, "keyfile"), "w") as f:
        f.write(f"[io/github/hookscope/Hookscope]\nwindow-width={WIDTH}\n"
                f"window-height={HEIGHT}\n")
    app = hsatspi.App(env={"GSETTINGS_BACKEND": "keyfile", "XDG_CONFIG_HOME": config.name})
    try:
        url = app.listening_url()
        post(url, "event_invitation_created.json")
        post(url, "participant_created.json")

        # Folded: the sidebar alone; its Deliveries row opens the list.
        click(hsatspi.wait_for(lambda: app.find(role="list item", name="Deliveries"),
                               what="the sidebar")[0])
        row = hsatspi.wait_for(lambda: app.find(role="label", name="participant_created"),
                               what="the list")[0]
        buttons = hsatspi.wait_for(lambda: back_buttons(app), what="the back button")
        assert len(buttons) == 1, [b.get_description() for b in buttons]

        # A click on a row opens its detail: still one back button.
        click(row)
        hsatspi.wait_for(lambda: app.find(name="Marie Tremblay joined “Oaked Arrogant Bastard "
                                               "Ale” (Monday 30 November 2026, 18:47, "
                                               "America/Montreal)"),
                         what="the detail")
        time.sleep(1.0)  # the leaflet's transition
        shot(app, "ui-narrow-detail.png")
        buttons = back_buttons(app)
        assert len(buttons) == 1, [b.get_description() for b in buttons]

        # Back: the list (its search entry), not the sidebar.
        Atspi.Action.do_action(buttons[0], 0)
        hsatspi.wait_for(lambda: [n for n in app.find(role="label", name="participant_created")
                                  if 0 <= n.get_extents(Atspi.CoordType.WINDOW).x < WIDTH
                                  and n.get_extents(Atspi.CoordType.WINDOW).width > 0],
                         what="the list again")
        time.sleep(1.0)
        shot(app, "ui-narrow-list.png")
        assert len(back_buttons(app)) == 1
    finally:
        log = app.close()
        config.cleanup()
    if "CRITICAL" in log or "WARNING" in log:
        print(log)
        raise AssertionError("the app logged warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
