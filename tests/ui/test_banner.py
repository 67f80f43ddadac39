#!/usr/bin/python3
"""The capture banner: a busy port says so under the header bar, once, with a button to the
preferences; listening beyond loopback without an API key warns (light, dark and narrow
screenshots: ui-banner-*.png)."""

import os
import socket
import subprocess
import tempfile
import time

import hsatspi


def settings_env(width, height, dark=False):
    config = tempfile.TemporaryDirectory(prefix="hs-ui-config-")
    path = os.path.join(config.name, "glib-2.0", "settings")
    os.makedirs(path)
    with open(os.path.join(path, "keyfile"), "w") as f:
        f.write(f"[io/github/hookscope/Hookscope]\nwindow-width={width}\n"
                f"window-height={height}\n")
    env = {"GSETTINGS_BACKEND": "keyfile", "XDG_CONFIG_HOME": config.name}
    if dark:
        env["ADW_DEBUG_COLOR_SCHEME"] = "prefer-dark"
    return config, env


def shot(app, name, width, height):
    directory = os.environ.get("HS_SCREENSHOT_DIR", app.tmp.name)
    path = os.path.join(directory, name)
    subprocess.run(["import", "-window", "root", "-crop", f"{width}x{height}+0+0", "+repage",
                    path], check=True)
    print(f"screenshot: {path}")


def banner(app, text):
    """The banner's box carries its message as its accessible label (only the banner does)."""
    return [n for n in app.find(role="panel") if text in n.get_name()]


def buttons_named(app, text):
    return [b for b in app.find(role="push button")
            if any(n.get_name() == text for n in hsatspi.walk(b))]


def check_log(output):
    # The app logs the busy port once itself (hs-application.c); anything else is a failure.
    bad = [line for line in output.splitlines()
           if ("WARNING" in line or "CRITICAL" in line) and "Could not listen" not in line]
    assert not bad, "warnings in the app's log:\n" + "\n".join(bad)


def busy_port(width, height, dark, name):
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    port = busy.getsockname()[1]
    config, env = settings_env(width, height, dark)
    app = hsatspi.App("--listen", f"127.0.0.1:{port}", env=env)
    output = ""
    try:
        found = hsatspi.wait_for(lambda: banner(app, "already in use"),
                                 what="the banner saying the port is in use")
        assert len(found) == 1, f"{len(found)} banners"
        assert f"127.0.0.1:{port}" in found[0].get_name(), found[0].get_name()
        buttons = buttons_named(app, "Preferences")
        assert len(buttons) == 1, f"{len(buttons)} Preferences buttons"
        # Folded (narrow), the sidebar comes first and says "Not Listening" itself; the banner
        # is on the content pane, one step in (AT-SPI cannot take that step in GTK 4.8).
        time.sleep(0.6)
        shot(app, name, width, height)
        # Said in the banner and the sidebar's status, not in a toast besides them.
        said = [n for n in app.find(role="label") if "already in use" in n.get_name()]
        assert len(said) == 2, f"said {len(said)} times"

        # The button opens the preferences, where the port is mended.
        action = buttons[0].get_action_iface()
        action.do_action(0)
        hsatspi.wait_for(lambda: [f for f in app.find(role="frame")
                                  if f.get_name() == "Preferences"],
                         what="the preferences window")
        print("ok: busy port")
    finally:
        output = app.close()
        busy.close()
        config.cleanup()
    check_log(output)


def exposed(width, height, dark, name):
    config, env = settings_env(width, height, dark)
    app = hsatspi.App("--listen", "0.0.0.0:0", env=env)
    output = ""
    try:
        found = hsatspi.wait_for(lambda: banner(app, "no API key is required"),
                                 what="the exposure warning")
        assert "http://0.0.0.0:" in found[0].get_name(), found[0].get_name()
        assert len(buttons_named(app, "Preferences")) == 1
        time.sleep(0.6)
        shot(app, name, width, height)
        print("ok: exposed")
    finally:
        output = app.close()
        config.cleanup()
    check_log(output)


def main():
    hsatspi.require_display()
    busy_port(1000, 640, False, "ui-banner-port.png")
    exposed(1000, 640, True, "ui-banner-exposed-dark.png")
    busy_port(400, 640, False, "ui-banner-narrow.png")


if __name__ == "__main__":
    main()
