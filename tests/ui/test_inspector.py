#!/usr/bin/python3
"""The Deliveries inspector: selecting a delivery shows its request line, what it means, its
headers with the API key masked, and its body (JSON, or hex for bytes); Copy as curl masks
the key, Copy as curl with Key gives a command that delivers the same request again; a search narrows the list, and a delivery posted
afterwards that matches appears in it; Delete takes the row away and Undo brings it back."""

import json
import os
import subprocess
import sys
import time
import urllib.request

import gi

import hsatspi

gi.require_version("Atspi", "2.0")
gi.require_version("Gdk", "4.0")
gi.require_version("Gtk", "4.0")
from gi.repository import Atspi, GLib, Gtk  # noqa: E402

KEY = "s3cret-key-do-not-show"


def post(url, body, headers):
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def read_clipboard():
    """The clipboard's text, read as another application would."""
    Gtk.init()
    from gi.repository import Gdk
    clipboard = Gdk.Display.get_default().get_clipboard()
    loop = GLib.MainLoop()
    result = {}

    def done(source, res):
        try:
            result["text"] = source.read_text_finish(res)
        except GLib.Error as error:
            result["error"] = error
        loop.quit()

    clipboard.read_text_async(None, done)
    GLib.timeout_add_seconds(10, loop.quit)
    loop.run()
    return result.get("text")


def text_of(node):
    return Atspi.Text.get_text(node, 0, Atspi.Text.get_character_count(node))


def show(app, delivery_id, *args):
    return subprocess.run([os.environ["HS_BINARY"], "show", str(delivery_id), "--db", app.db,
                           *args], check=True, capture_output=True).stdout


def select_row(app, label):
    """Selects the list row that shows a label, as a click would."""
    node = hsatspi.wait_for(lambda: app.find(role="label", name=label), what=label)[0]
    while node is not None and node.get_role_name() != "list item":
        node = node.get_parent()
    assert node is not None, f"no list item holds {label}"
    listview = node.get_parent()
    # The list selects several rows (Ctrl+click); AT-SPI's select_child adds to the selection,
    # a click replaces it.
    listview.clear_selection()
    listview.select_child(node.get_index_in_parent())


def select_tab(app, name):
    tab = hsatspi.wait_for(lambda: app.find(role="push button", name=name),
                           what=f"the {name} section")[0]
    Atspi.Action.do_action(tab, 0)


def click_row(app, label):
    """A click on the list row that shows a label: it selects the row and takes the keyboard
    focus there (AT-SPI's selection does not move the focus)."""
    node = hsatspi.wait_for(lambda: app.find(role="label", name=label), what=label)[0]
    # GTK 4.8 gives positions in the window; without a window manager it is at the origin.
    box = node.get_extents(Atspi.CoordType.WINDOW)
    Atspi.generate_mouse_event(box.x + box.width // 2, box.y + box.height // 2, "b1c")


def ctrl_click(app, label):
    """Ctrl+click on the list row that shows a label (adds it to the selection)."""
    node = hsatspi.wait_for(lambda: app.find(role="label", name=label), what=label)[0]
    # GTK 4.8 gives positions in the window; without a window manager it is at the origin.
    box = node.get_extents(Atspi.CoordType.WINDOW)
    # PRESS and RELEASE take a keycode: Control_L is 37 in Xvfb's keymap.
    Atspi.generate_keyboard_event(37, None, Atspi.KeySynthType.PRESS)
    Atspi.generate_mouse_event(box.x + box.width // 2, box.y + box.height // 2, "b1c")
    Atspi.generate_keyboard_event(37, None, Atspi.KeySynthType.RELEASE)


def click(app, name):
    button = hsatspi.wait_for(lambda: app.find(role="push button", name=name),
                              what=f"the {name} button")[0]
    Atspi.Action.do_action(button, 0)


def open_menu(app, name):
    """Opens a menu button (its action is on the button inside it)."""
    for node in [m for n in app.find(name=name) for m in hsatspi.walk(n)]:
        try:
            if Atspi.Action.get_n_actions(node) > 0:
                Atspi.Action.do_action(node, 0)
                return
        except GLib.Error:
            continue
    raise AssertionError(f"no menu button {name}")


def activate_menu_item(app, name):
    item = hsatspi.wait_for(lambda: [n for n in app.find(role="menu item")
                                     if n.get_name() == name],
                            what=f"the menu item {name}")[0]
    Atspi.Action.do_action(item, 0)


def main():
    hsatspi.require_display()
    app = hsatspi.App()
    try:
        url = app.listening_url()

        with open(os.path.join(os.environ["HS_SAMPLES_DIR"],
                               "event_invitation_created.json"), "rb") as f:
            seed = f.read()

        # The empty state's button posts the seed document's webhook to the listener (id 1).
        click(app, "Send a Sample")
        hsatspi.wait_for(lambda: app.find(role="label", name="/webhooks/sample"),
                         what="the sample delivery")
        assert show(app, 1, "--body") == seed
        headers = {"Content-Type": "application/json", "x-api-key": KEY,
                   "X-Trace": "first", "User-Agent": "Backoffice-Test/1.0"}
        assert post(url + "webhooks/omerlo?attempt=1", seed, headers) == 200
        assert post(url + "other", b'{"event_name": "something_else"}',
                    {"Content-Type": "application/json"}) == 200
        assert post(url + "binary", b"\x00\xff\xfe binary",
                    {"Content-Type": "application/octet-stream"}) == 200

        select_row(app, "/webhooks/omerlo?attempt=1")

        # Overview: the request line and what the delivery means (values of the seed document
        # and of the example: recurrence "none", starts 2026-11-30 18:47 Montreal).
        hsatspi.wait_for(lambda: app.find(role="label", name="POST /webhooks/omerlo?attempt=1"),
                         what="the request line in the detail")
        meaning = ("Invitation for qbuirette@omerlo.com to “Oaked Arrogant Bastard Ale” "
                   "(Monday 30 November 2026, 18:47, America/Montreal)")
        hsatspi.wait_for(lambda: app.find(role="label", name=meaning), what="the meaning")
        app.screenshot("ui-inspector-overview.png")

        # Headers: in order, the key masked.
        select_tab(app, "Headers")
        # (Python's urllib sends the names capitalized: "X-api-key".)
        hsatspi.wait_for(lambda: [n for n in app.find(role="list item")
                                  if n.get_name().lower() == "x-api-key: ••••••••"],
                         what="the masked api key")
        assert [n for n in app.find(role="list item")
                if n.get_name().lower() == "x-trace: first"], "a header is missing"
        assert not [n for n in app.find() if KEY in (n.get_name() or "")], \
            "the api key is shown"
        app.screenshot("ui-inspector-headers.png")

        # Body: pretty JSON, the text of the payload as text.
        select_tab(app, "Body")
        body_view = hsatspi.wait_for(
            lambda: [n for n in app.find(role="text", name="Body")
                     if "Oaked Arrogant Bastard Ale" in text_of(n)],
            what="the body text")[0]
        assert '"event_name": "event_invitation_created"' in text_of(body_view)
        app.screenshot("ui-inspector-body.png")

        # Copy as curl masks the key: its first two characters and its length (22), not it.
        click(app, "Copy as curl")
        masked = hsatspi.wait_for(lambda: (read_clipboard() or "").startswith("curl ")
                                  and read_clipboard(), what="the masked curl command")
        assert "s3cret" not in masked, "Copy as curl must mask the key"
        assert "s3…[masked, 22 chars]" in masked, masked

        # Copy as curl with Key, then run it: the listener receives the same body and headers.
        open_menu(app, "More Actions")
        activate_menu_item(app, "Copy as curl with Key")
        command = hsatspi.wait_for(lambda: "s3cret" in (read_clipboard() or "")
                                   and read_clipboard(), what="the curl command with the key")
        assert command.startswith("curl "), command
        run = subprocess.run(["bash", "-c", command.rstrip() + " -sS -o /dev/null"],
                             capture_output=True, timeout=30)
        assert run.returncode == 0, run.stderr
        hsatspi.wait_for(lambda: len(app.find(role="label",
                                              name="/webhooks/omerlo?attempt=1")) >= 2,
                         what="the delivery sent by curl")
        assert show(app, 5, "--body") == seed, "curl did not send the same body"
        again = json.loads(show(app, 5, "--json"))
        first = json.loads(show(app, 2, "--json"))
        assert again["method"] == "POST"
        # Headers of the connection are the new connection's own (curl writes them).
        own = ("host", "content-length", "connection")
        names = [h for h in again["headers"] if h[0].lower() not in own]
        expected = [h for h in first["headers"] if h[0].lower() not in own]
        assert names == expected, (names, expected)

        # The same event again with another name: the overview says what changed since the
        # version before (the event's English name, the only locale of the seed).
        renamed = seed.replace(b'"Oaked Arrogant Bastard Ale"', b'"Oaked Ale, Renamed"')
        assert renamed != seed
        assert post(url + "renamed", renamed, headers) == 200
        select_row(app, "/renamed")
        select_tab(app, "Overview")
        change = 'locales[0].name: "Oaked Arrogant Bastard Ale" → "Oaked Ale, Renamed"'
        hsatspi.wait_for(lambda: app.find(role="label", name=change),
                         what="the change since the previous version")
        app.screenshot("ui-inspector-changes.png")

        # A body that is not text shows as hex.
        select_row(app, "/binary")
        select_tab(app, "Body")
        hsatspi.wait_for(lambda: [n for n in app.find(role="text", name="Body")
                                  if "00 ff fe 20 62 69 6e 61" in text_of(n)],
                         what="the hex dump")
        app.screenshot("ui-inspector-hex.png")

        # Search: typing narrows the list to the deliveries that hold the words (an email's
        # prefix here); a delivery posted afterwards that matches appears, one that does not
        # stays out.
        entry = hsatspi.wait_for(lambda: [n for n in app.find(name="Search deliveries")
                                          if n.get_role_name() in ("entry", "text")],
                                 what="the search entry")[0]
        target = entry
        for node in hsatspi.walk(entry):
            if Atspi.Accessible.get_editable_text_iface(node):
                target = node
                break
        Atspi.EditableText.set_text_contents(target, "qbuirette@omerl")
        hsatspi.wait_for(lambda: not app.find(role="label", name="/other"),
                         what="the search to narrow the list")
        assert app.find(role="label", name="/webhooks/omerlo?attempt=1")
        assert not app.find(role="label", name="/binary")
        assert post(url + "late-match", seed, headers) == 200
        assert post(url + "late-other", b'{"event_name": "nope"}',
                    {"Content-Type": "application/json"}) == 200
        hsatspi.wait_for(lambda: app.find(role="label", name="/late-match"),
                         what="a new matching delivery in the results")
        assert not app.find(role="label", name="/late-other"), "a non-matching one showed"
        app.screenshot("ui-inspector-search.png")

        # Saved, the search is one click away after it was cleared.
        open_menu(app, "Saved Searches")
        activate_menu_item(app, "Save This Search")
        Atspi.EditableText.set_text_contents(target, "")
        hsatspi.wait_for(lambda: app.find(role="label", name="/late-other"),
                         what="every delivery back after the search is cleared")
        open_menu(app, "Saved Searches")
        activate_menu_item(app, "“qbuirette@omerl”")
        hsatspi.wait_for(lambda: not app.find(role="label", name="/late-other"),
                         what="the saved search applied")
        assert app.find(role="label", name="/late-match")
        Atspi.EditableText.set_text_contents(target, "")
        hsatspi.wait_for(lambda: app.find(role="label", name="/late-other"),
                         what="every delivery back after the search is cleared")

        # Delete, then Undo: the row goes and comes back.
        select_row(app, "/other")
        hsatspi.wait_for(lambda: app.find(role="label", name="POST /other"), what="/other")
        click(app, "Delete")
        hsatspi.wait_for(lambda: not app.find(role="label", name="/other"),
                         what="the deleted row to go")
        # Focus elsewhere: a toast that holds the keyboard focus (its Undo button, where GTK
        # may put it once the focused row is gone) keeps itself up, as it should. A click on
        # a row moves the focus (and the pointer) away from it.
        click_row(app, "/renamed")
        # (libadwaita 1.2 names the toast's button "Undo Undo": its label twice.)
        # Undone: the delivery is still in the store once the toast is gone.
        undo = hsatspi.wait_for(lambda: [n for n in app.find(role="push button")
                                         if n.get_name().split(" ")[0] == "Undo"],
                                what="the Undo button")[0]
        Atspi.Action.do_action(undo, 0)
        hsatspi.wait_for(lambda: app.find(role="label", name="/other"),
                         what="the row back after Undo")
        time.sleep(1.0)  # a delete would have been started when the toast went
        assert show(app, 3, "--body") == b'{"event_name": "something_else"}'

        # Deleted for good: once its toast times out, the store no longer has it.
        select_row(app, "/other")
        hsatspi.wait_for(lambda: app.find(role="label", name="POST /other"), what="/other")
        click(app, "Delete")
        hsatspi.wait_for(lambda: not app.find(role="label", name="/other"),
                         what="the deleted row to go")
        # Focus elsewhere: a toast that holds the keyboard focus (its Undo button, where GTK
        # may put it once the focused row is gone) keeps itself up, as it should. A click on
        # a row moves the focus (and the pointer) away from it.
        click_row(app, "/renamed")

        def gone():
            run = subprocess.run([os.environ["HS_BINARY"], "show", "3", "--db", app.db],
                                 capture_output=True)
            return run.returncode == 1
        hsatspi.wait_for(gone, timeout=45, what="the delivery deleted from the store")

        # Compare (last: its window takes the focus, and the main window out of focus would
        # send desktop notifications): the renamed delivery selected, then the sample (the seed
        # itself) added to the selection with Ctrl+click; Compare Selected shows the two: the
        # name is the field that differs, and the test's headers are the ones added.
        select_row(app, "/renamed")
        hsatspi.wait_for(lambda: app.find(role="label", name="POST /renamed"),
                         what="the renamed delivery in the detail")
        ctrl_click(app, "/webhooks/sample")
        hsatspi.wait_for(lambda: app.find(role="label", name="POST /webhooks/sample"),
                         what="the sample in the detail")
        open_menu(app, "More Actions")
        activate_menu_item(app, "Compare Selected")
        hsatspi.wait_for(lambda: app.find(role="label", name="data.event.locales[0].name"),
                         what="the field that differs")
        assert app.find(role="label",
                        name='"Oaked Arrogant Bastard Ale" → "Oaked Ale, Renamed"')
        assert app.find(role="label", name="— → first"), "X-Trace only in the second"
        assert not [n for n in app.find() if KEY in (n.get_name() or "")], "a key is shown"
        app.screenshot("ui-inspector-compare.png")

        # Replay… opens the Replays page's dialog for the delivery shown (win.replay-delivery).
        open_menu(app, "More Actions")
        activate_menu_item(app, "Replay…")
        hsatspi.wait_for(lambda: [n for n in app.find() if n.get_role_name() in ("frame", "dialog")
                                  and n.get_name() == "Replay Delivery"],
                         what="the replay dialog")
    finally:
        log = app.close()
    hsatspi.assert_clean_log(log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
