#!/usr/bin/python3
"""Compressed, form-encoded and multipart bodies in the detail view: a gzip body is shown
decoded with "gzip, N bytes → M bytes" above it and its meaning in the overview; a form body
carrying the seed document as `payload` is a table of its fields, the JSON one indented, and is
understood as the invitation it carries; a multipart body is shown part by part; a gzip stream
that does not decode shows the bytes received and why. Screenshots of
the gzip and form bodies (HS_TEST_WIDTH and ADW_DEBUG_COLOR_SCHEME give the narrow and dark
ones)."""

import gzip
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import gi

import hsatspi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

WIDTH = int(os.environ.get("HS_TEST_WIDTH", "1000"))
HEIGHT = 700
MEANING = ("Invitation for qbuirette@omerlo.com to “Oaked Arrogant Bastard Ale” "
           "(Monday 30 November 2026, 18:47, America/Montreal)")


def post(url, body, headers):
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def text_of(node):
    return Atspi.Text.get_text(node, 0, Atspi.Text.get_character_count(node))


def click_node(node):
    """A real click in the middle of node (the narrow window's lists have no AT-SPI action
    that opens what a click opens). Xvfb has no window manager: the window is at 0,0."""
    extents = Atspi.Component.get_extents(node, Atspi.CoordType.WINDOW)
    x, y = extents.x + extents.width // 2, extents.y + extents.height // 2
    Atspi.generate_mouse_event(x, y, "b1c")
    time.sleep(0.5)


def select_row(app, label):
    node = hsatspi.wait_for(lambda: app.find(role="label", name=label), what=label)[0]
    while node is not None and node.get_role_name() != "list item":
        node = node.get_parent()
    assert node is not None, f"no list item holds {label}"
    if WIDTH < 600 and app.find(role="push button", name="Back to the List"):
        # The detail covers the list: back to it first.
        Atspi.Action.do_action(app.find(role="push button", name="Back to the List")[0], 0)
        time.sleep(1)
    node.get_parent().select_child(node.get_index_in_parent())
    if WIDTH < 600:
        click_node(node)


def push(app, name):
    button = hsatspi.wait_for(lambda: app.find(role="push button", name=name)
                              or app.find(role="toggle button", name=name),
                              what=f"the {name} button")[0]
    Atspi.Action.do_action(button, 0)


def shot(app, name):
    directory = os.environ.get("HS_SCREENSHOT_DIR", app.tmp.name)
    suffix = os.environ.get("HS_TEST_SHOT_SUFFIX", "")
    path = os.path.join(directory, name.replace(".png", f"{suffix}.png"))
    subprocess.run(["import", "-window", "root", "-crop", f"{WIDTH}x{HEIGHT}+0+0", "+repage",
                    path], check=True)
    print(f"screenshot: {path}")


def label_showing(app, name):
    # (GTK 4.8 does not keep AT-SPI's "showing" state: the detail shows one delivery at a
    # time, so a label there is the one on screen.)
    return app.find(role="label", name=name)


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
        with open(os.path.join(os.environ["HS_SAMPLES_DIR"],
                               "event_invitation_created.json"), "rb") as f:
            seed = f.read()

        wire = gzip.compress(seed)
        assert post(url + "hooks/gzip", wire, {"Content-Type": "application/json",
                                               "Content-Encoding": "gzip"}) == 200
        form = (b"payload=" + urllib.parse.quote(seed).encode() +
                b"&source=back+office&note=caf%C3%A9")
        assert post(url + "hooks/form", form,
                    {"Content-Type": "application/x-www-form-urlencoded"}) == 200
        multipart = (b"--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n"
                     b"hello, world\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
                     b"filename=\"blob.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                     + bytes(range(0xf0, 0x100)) + b"\r\n--XyZ--\r\n")
        assert post(url + "hooks/multipart", multipart,
                    {"Content-Type": "multipart/form-data; boundary=XyZ"}) == 200
        corrupt = wire[:-30]
        try:
            post(url + "hooks/corrupt", corrupt, {"Content-Type": "application/json",
                                                  "Content-Encoding": "gzip"})
            raise AssertionError("a corrupt gzip body was accepted")
        except urllib.error.HTTPError as error:
            assert error.code == 400, error.code

        if WIDTH < 600:
            # Folded: the sidebar is in view; choosing a page shows it.
            click_node(app.find(role="list item", name="Deliveries")[0])

        # gzip: the overview says what it means; the body is the decoded JSON, under the line
        # that says how it came (C.UTF-8: digits are not grouped).
        select_row(app, "/hooks/gzip")
        hsatspi.wait_for(lambda: app.find(role="label", name=MEANING), what="the gzip meaning")
        push(app, "Body")
        line = f"gzip, {len(wire)} bytes → {len(seed)} bytes"
        hsatspi.wait_for(lambda: label_showing(app, line), what=line)
        hsatspi.wait_for(lambda: [n for n in app.find(role="text", name="Body")
                                  if '"email": "qbuirette@omerlo.com"' in text_of(n)],
                         what="the decoded body, indented")
        shot(app, "ui-body-gzip.png")

        # The form: its fields, the JSON one indented; understood as the seed's invitation.
        push(app, "Overview")
        select_row(app, "/hooks/form")
        hsatspi.wait_for(lambda: app.find(role="label", name=MEANING), what="the form meaning")
        push(app, "Body")
        hsatspi.wait_for(lambda: label_showing(app, "Form, 3 fields"), what="the form table")
        for name in ("payload", "source", "back office", "note", "café"):
            assert label_showing(app, name), f"the form table lacks {name}"
        assert [n for n in app.find(role="label")
                if '  "data": {\n' in (n.get_name() or "")
                and '"email": "qbuirette@omerlo.com"' in n.get_name()], \
            "the payload field is not indented JSON"
        assert label_showing(app, f"JSON, {len(seed)} bytes"), "the payload's kind and size"
        assert not label_showing(app, line), "the encoding line of another delivery"
        shot(app, "ui-body-form.png")

        # Multipart: part by part, the binary one as hex.
        select_row(app, "/hooks/multipart")
        hsatspi.wait_for(lambda: label_showing(app, "Multipart, 2 parts"), what="the parts")
        assert label_showing(app, "Part 2")
        assert label_showing(app, "hello, world")
        assert [n for n in app.find(role="label")
                if (n.get_name() or "").startswith("00000000  f0 f1 f2 f3")], "the hex part"
        shot(app, "ui-body-multipart.png")

        # A stream that does not decode: the bytes received, and why.
        select_row(app, "/hooks/corrupt")
        broken = f"gzip, {len(corrupt)} bytes: the gzip stream ends before its end"
        hsatspi.wait_for(lambda: label_showing(app, broken), what=broken)
        hsatspi.wait_for(lambda: [n for n in app.find(role="text", name="Body")
                                  if text_of(n).startswith("00000000  1f 8b 08")],
                         what="the bytes received, in hex")
    finally:
        log = app.close()
    hsatspi.assert_clean_log(log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
