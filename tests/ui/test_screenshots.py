#!/usr/bin/python3
"""The store screenshots: the real window at 1000×700 (AppStream's bound), default style, after
the six sample webhooks arrived; one PNG per page in HS_SCREENSHOT_DIR (data/screenshots/ holds
the ones the metainfo names). Each page must show what its caption promises before it is taken.
With LANGUAGE=fr and an installed translation the same pages are checked in French."""

import glob
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

import hsatspi

WIDTH, HEIGHT = 1000, 700

# What each page shows, from the samples' documents (data/samples/README.md), per language.
TEXTS = {
    "en": {
        "pages": ["Deliveries", "Invitations", "Events", "Calendar", "Replays"],
        "deliveries": "participant_removed",
        "invitations": "qbuirette@omerlo.com",
        "events": "Oaked Arrogant Bastard Ale",
        "calendar": "Month",
        "weekly": "Tuesday Night Tasting",
    },
    "fr": {
        "pages": ["Livraisons", "Invitations", "Événements", "Calendrier", "Rejeux"],
        "deliveries": "participant_removed",
        "invitations": "qbuirette@omerlo.com",
        "events": "Oaked Arrogant Bastard Ale",
        "calendar": "Mois",
        "weekly": "Tuesday Night Tasting",
    },
}


def post(url, body):
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def shot(app, name):
    """The window alone (it sits at the screen's origin under Xvfb, which has no window
    manager), cropped to its size."""
    directory = os.environ.get("HS_SCREENSHOT_DIR", app.tmp.name)
    path = os.path.join(directory, name)
    subprocess.run(["import", "-window", "root", "-crop", f"{WIDTH}x{HEIGHT}+0+0", "+repage",
                    path], check=True)
    print(f"screenshot: {path}")


def main():
    hsatspi.require_display()
    language = "fr" if os.environ.get("LANGUAGE", "").startswith("fr") else "en"
    texts = TEXTS[language]
    config = tempfile.TemporaryDirectory(prefix="hs-ui-config-")
    settings = os.path.join(config.name, "glib-2.0", "settings")
    os.makedirs(settings)
    with open(os.path.join(settings, "keyfile"), "w") as f:
        f.write(f"[io/github/hookscope/Hookscope]\nwindow-width={WIDTH}\n"
                f"window-height={HEIGHT}\n")
    env = {"GSETTINGS_BACKEND": "keyfile", "XDG_CONFIG_HOME": config.name}
    if language == "fr":
        env.update({"LC_ALL": "fr_CA.UTF-8", "LANGUAGE": "fr"})
    app = hsatspi.App(env=env)
    prefix = f"{language}-" if language != "en" else ""
    try:
        url = app.listening_url()
        sidebar = hsatspi.wait_for(lambda: app.find(role="list item", name=texts["pages"][0]),
                                   what="the sidebar in the expected language")[0].get_parent()
        for page in texts["pages"]:
            assert app.find(role="list item", name=page), f"no page {page!r} in the sidebar"

        for path in sorted(glob.glob(os.path.join(os.environ["HS_SAMPLES_DIR"], "*.json"))):
            with open(path, "rb") as f:
                assert post(url, f.read()) == 200, path
        hsatspi.wait_for(lambda: app.find(role="label", name=texts["deliveries"]),
                         what="the deliveries")
        time.sleep(0.5)
        shot(app, prefix + "deliveries.png")

        sidebar.select_child(1)
        hsatspi.wait_for(lambda: app.find(role="label", name=texts["invitations"]),
                         what="the invitations page")
        time.sleep(0.5)
        shot(app, prefix + "invitations.png")

        # Events, with the weekly sample open beside the list.
        sidebar.select_child(2)
        hsatspi.wait_for(lambda: app.find(role="label", name=texts["weekly"]),
                         what="the events page")
        events = app.find(role="list", name=texts["pages"][2])[0]
        index = [i for i in range(events.get_child_count())
                 if any(n.get_name() == texts["weekly"]
                        for n in hsatspi.walk(events.get_child_at_index(i)))]
        assert index, "the weekly event is not in the list"
        events.select_child(index[0])
        hsatspi.wait_for(lambda: len(app.find(role="label", name=texts["weekly"])) > 1,
                         what="the event's page")
        time.sleep(1.0)
        shot(app, prefix + "events.png")

        # The month grid: the weekly and monthly samples' occurrences in the current month.
        sidebar.select_child(3)
        hsatspi.wait_for(lambda: app.find(name=texts["calendar"]), what="the calendar page")
        time.sleep(1.0)
        shot(app, prefix + "calendar.png")

    finally:
        log = app.close()
        config.cleanup()
    if "CRITICAL" in log or "WARNING" in log:
        print(log)
        raise AssertionError("the app logged warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
