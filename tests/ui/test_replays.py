#!/usr/bin/python3
"""A captured delivery replayed by `hookscope replay` shows on the Replays page with the answer
it got; "Replay Again…" opens the replay dialog on the same URL, and Send shows the receiver's
answer in place. The receiver is a small HTTP server inside the test."""

import http.server
import os
import subprocess
import sys
import threading

import hsatspi

received = []


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        received.append((self.path, self.rfile.read(length)))
        body = b'{"received":true}'
        self.send_response(202)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def post(url, body):
    import urllib.request
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def entry_text(node):
    try:
        return hsatspi.Atspi.Text.get_text(node, 0, hsatspi.Atspi.Text.get_character_count(node))
    except Exception:
        return None


def buttons(app, label):
    """Push buttons showing label (GTK 4.8 names a mnemonic button "_Label Label")."""
    return [n for n in app.find(role="push button")
            if n.get_name() == label or n.get_name().endswith(" " + label)]


def main():
    hsatspi.require_display()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    target = f"http://127.0.0.1:{server.server_address[1]}/mine"

    app = hsatspi.App()
    try:
        url = app.listening_url()
        with open(os.path.join(os.environ["HS_SAMPLES_DIR"],
                               "event_invitation_created.json"), "rb") as f:
            seed = f.read()
        # A captured query: replayed after the target's URL, and only once when replayed again.
        assert post(url + "hooks?from=test", seed) == 200

        # The command line replays it while the window runs (another process, same file).
        cli = subprocess.run([os.environ["HS_BINARY"], "replay", "1", target, "--db", app.db],
                             capture_output=True, text=True, timeout=30)
        assert cli.returncode == 0, cli.stdout + cli.stderr
        assert received == [("/mine?from=test", seed)], received

        item = app.find(role="list item", name="Replays")[0]
        item.get_parent().select_child(item.get_index_in_parent())
        # 202 Accepted: the receiver's status, as the user sees it in the list and the detail.
        hsatspi.wait_for(lambda: app.find(role="label", name="202 Accepted"),
                         what="the replay's result on the Replays page")
        hsatspi.wait_for(lambda: app.find(role="label", name=target + "?from=test"),
                         what="the replay's URL")
        app.screenshot("ui-replays.png")

        button = hsatspi.wait_for(
            lambda: buttons(app, "Replay Again…"),
            what="the Replay Again button")[0]
        button.get_action_iface().do_action(0)
        send = hsatspi.wait_for(lambda: buttons(app, "Send"),
                                what="the replay dialog's Send button")[0]
        # The dialog starts from the target's URL, not from the URL that was requested.
        hsatspi.wait_for(lambda: [n for n in app.find(role="text")
                                  if entry_text(n) == target],
                         what="the target's URL in the dialog")
        # Sensitive once the delivery is read.
        hsatspi.wait_for(lambda: send.get_state_set().contains(hsatspi.Atspi.StateType.SENSITIVE),
                         what="Send to become sensitive")
        send.get_action_iface().do_action(0)
        hsatspi.wait_for(lambda: len(received) == 2, what="the second replay at the receiver")
        assert received[1] == ("/mine?from=test", seed), received[1]
        hsatspi.wait_for(lambda: [n for n in app.find(role="label")
                                  if n.get_name() == "202 Accepted"
                                  and n.get_parent() is not None],
                         what="the answer in the dialog")
        hsatspi.wait_for(lambda: buttons(app, "Send Again"),
                         what="Send Again")
        app.screenshot("ui-replay-dialog.png")
        # The page behind shows the new replay, compared with the previous one (same answer).
        hsatspi.wait_for(lambda: [n for n in app.find(role="label")
                                  if n.get_name().startswith(
                                      "Same answer as the previous replay to this URL")],
                         what="the comparison with the previous replay")
    except Exception:
        app.screenshot("ui-replays-failed.png")
        raise
    finally:
        log = app.close()
        server.shutdown()
    if "CRITICAL" in log or "WARNING" in log:
        print(log)
        raise AssertionError("the app logged warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
