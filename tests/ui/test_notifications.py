#!/usr/bin/python3
"""Desktop notifications: while the window is not focused, a delivery is announced by one
notification; a burst after it is one more ("N New Deliveries", replacing the first), not one
per request; clicking it (the server's ActionInvoked "default") opens the delivery in the
window. The notification server is this test (org.freedesktop.Notifications, which GLib uses
when no GNOME Shell runs)."""

import os
import sys
import time
import urllib.request

import hsatspi
from gi.repository import Gio, GLib

SERVER_XML = """
<node>
  <interface name="org.freedesktop.Notifications">
    <method name="Notify">
      <arg type="s" direction="in"/><arg type="u" direction="in"/>
      <arg type="s" direction="in"/><arg type="s" direction="in"/>
      <arg type="s" direction="in"/><arg type="as" direction="in"/>
      <arg type="a{sv}" direction="in"/><arg type="i" direction="in"/>
      <arg type="u" direction="out"/>
    </method>
    <method name="CloseNotification"><arg type="u" direction="in"/></method>
    <method name="GetCapabilities"><arg type="as" direction="out"/></method>
    <method name="GetServerInformation">
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
    </method>
    <signal name="ActionInvoked"><arg type="u"/><arg type="s"/></signal>
    <signal name="NotificationClosed"><arg type="u"/><arg type="u"/></signal>
  </interface>
</node>
"""


class Server:
    def __init__(self):
        self.notes = []
        self.closed = []
        self.bus = Gio.bus_get_sync(Gio.BusType.SESSION)
        info = Gio.DBusNodeInfo.new_for_xml(SERVER_XML).interfaces[0]
        self.bus.register_object("/org/freedesktop/Notifications", info, self.call)
        self.owned = False
        Gio.bus_own_name_on_connection(self.bus, "org.freedesktop.Notifications",
                                       Gio.BusNameOwnerFlags.NONE, self.acquired, None)
        wait(lambda: self.owned, "the notification server's name")

    def acquired(self, connection, name):
        self.owned = True

    def call(self, connection, sender, path, interface, method, params, invocation):
        if method == "Notify":
            app_name, replaces, icon, summary, body, actions, hints, timeout = params.unpack()
            note_id = replaces or len(self.notes) + 1
            self.notes.append({"id": note_id, "replaces": replaces, "summary": summary,
                               "body": body, "actions": actions})
            invocation.return_value(GLib.Variant("(u)", (note_id,)))
        elif method == "CloseNotification":
            self.closed.append(params.unpack()[0])
            invocation.return_value(None)
        elif method == "GetCapabilities":
            invocation.return_value(GLib.Variant("(as)", (["body", "actions"],)))
        else:
            invocation.return_value(GLib.Variant("(ssss)", ("test", "hookscope", "1", "1.2")))

    def click(self, note_id):
        self.bus.emit_signal(None, "/org/freedesktop/Notifications",
                             "org.freedesktop.Notifications", "ActionInvoked",
                             GLib.Variant("(us)", (note_id, "default")))


def wait(predicate, what, timeout=45.0):
    """Waits while serving D-Bus (the server's calls come through this process's loop)."""
    context = GLib.MainContext.default()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        while context.iteration(False):
            pass
        result = predicate()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def activate_action(bus, pid, action):
    """Activates an app action over D-Bus (the app is NON_UNIQUE: found by its process)."""
    def call(*args):
        return bus.call_sync(*args, Gio.DBusCallFlags.NONE, 10000, None).unpack()
    names = call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                 "ListNames", None, None)[0]
    for name in [n for n in names if n.startswith(":")]:
        try:
            if call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                    "GetConnectionUnixProcessID", GLib.Variant("(s)", (name,)),
                    GLib.VariantType("(u)"))[0] != pid:
                continue
        except GLib.Error:
            continue
        for app_id in ("io.github.hookscope.Hookscope.Devel", "io.github.hookscope.Hookscope"):
            try:
                call(name, "/" + app_id.replace(".", "/"), "org.gtk.Actions", "Activate",
                     GLib.Variant("(sava{sv})", (action, [], {})), None)
                return
            except GLib.Error:
                continue
    raise AssertionError(f"could not activate app.{action}")


def post(url, path):
    request = urllib.request.Request(url + path, data=b'{"event_name": "ping"}', method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


def main():
    hsatspi.require_display()
    server = Server()
    app = hsatspi.App()
    try:
        url = wait(lambda: [n.get_name() for n in app.find(role="label")
                            if n.get_name().startswith("http://127.0.0.1:")
                            and not n.get_name().endswith(":0/")],
                   "the listening URL")[0]

        # Focused: nothing is announced.
        post(url, "seen/while/focused")
        wait(lambda: app.find(role="label", name="/seen/while/focused"), "the first row")
        time.sleep(1.0)
        wait(lambda: True, "the loop")
        assert server.notes == [], server.notes

        # The About window takes the focus from the main window.
        bus = Gio.bus_get_sync(Gio.BusType.SESSION)
        activate_action(bus, app.proc.pid, "about")
        wait(lambda: len([n for n in app.find() if n.get_role_name() in ("frame", "dialog")])
             >= 2, "the About window")
        time.sleep(0.5)

        post(url, "announced/one")
        first = wait(lambda: server.notes, "the notification")[0]
        assert first["summary"] == "New Delivery", first
        assert first["body"] == "POST /announced/one · ping", first
        assert "default" in first["actions"], first

        # A burst of 20: one more notification, which replaces the first and counts all 21.
        for i in range(20):
            post(url, f"burst/{i}")
        wait(lambda: len(server.notes) >= 2, "the burst's notification", timeout=30)
        time.sleep(6.0)  # a second notification would come within its 5 s interval
        wait(lambda: True, "the loop")
        assert len(server.notes) == 2, [n["summary"] for n in server.notes]
        burst = server.notes[1]
        assert burst["summary"] == "21 New Deliveries", burst
        assert burst["replaces"] == first["id"], burst
        assert burst["body"] == "POST /burst/19 · ping", burst

        # Clicked: the window shows the newest of them in its detail.
        server.click(burst["id"])
        wait(lambda: app.find(role="label", name="POST /burst/19"), "the delivery opened")
        app.screenshot("ui-notification-opened.png")
    finally:
        log = app.close()
    if "CRITICAL" in log or "WARNING" in log:
        print(log)
        raise AssertionError("the app logged warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
