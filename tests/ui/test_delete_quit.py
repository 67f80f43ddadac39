#!/usr/bin/python3
"""Delete, then quit before the Undo toast is gone: the delivery stays deleted (it must not
come back at the next start), and the one not deleted is still there."""

import os
import subprocess
import sys

import hsatspi
from gi.repository import Atspi


def show(app, delivery_id):
    return subprocess.run([os.environ["HS_BINARY"], "show", str(delivery_id), "--db", app.db],
                          capture_output=True)


def main():
    hsatspi.require_display()
    with hsatspi.App() as app:
        url = app.listening_url()
        assert hsatspi.post_json(url + "kept", b'{"event_name": "kept"}') == 200
        assert hsatspi.post_json(url + "deleted", b'{"event_name": "deleted"}') == 200

        node = hsatspi.wait_for(lambda: app.find(role="label", name="/deleted"),
                                what="the row to delete")[0]
        while node.get_role_name() != "list item":
            node = node.get_parent()
        node.get_parent().select_child(node.get_index_in_parent())
        hsatspi.wait_for(lambda: app.find(role="label", name="POST /deleted"),
                         what="the delivery in the detail")
        delete = hsatspi.wait_for(lambda: app.find(role="push button", name="Delete"),
                                  what="the Delete button")[0]
        Atspi.Action.do_action(delete, 0)
        hsatspi.wait_for(lambda: not app.find(role="label", name="/deleted"),
                         what="the deleted row to go")
        # The toast still offers Undo (it stays 5 s at least): quit now, as Ctrl+Q does.
        assert hsatspi.wait_for(
            lambda: [n for n in app.find(role="push button")
                     if n.get_name().split(" ")[0] == "Undo"], what="the Undo toast")
        app.stop()

        # Deliveries 1 (/kept) and 2 (/deleted), in the order they were posted.
        gone = show(app, 2)
        assert gone.returncode == 1 and b"no delivery 2" in gone.stderr, gone
        kept = show(app, 1)
        assert kept.returncode == 0 and b"/kept" in kept.stdout, kept
    return 0


if __name__ == "__main__":
    sys.exit(main())
