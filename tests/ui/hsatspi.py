"""Helpers for driving Hookscope's real window through AT-SPI."""

import glob
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

SKIP = 77


def require_display():
    if not os.environ.get("DISPLAY"):
        print("no DISPLAY: run under xvfb-run (build-aux/dev.sh test does)")
        sys.exit(SKIP)


def walk(node, depth=0, max_depth=60):
    """Yields every accessible below node (depth first)."""
    if node is None or depth > max_depth:
        return
    yield node
    try:
        count = node.get_child_count()
    except Exception:
        return
    for i in range(count):
        try:
            child = node.get_child_at_index(i)
        except Exception:
            continue
        yield from walk(child, depth + 1, max_depth)


def showing(node):
    try:
        return node.get_state_set().contains(Atspi.StateType.SHOWING)
    except Exception:
        return False


def find_all(root, role=None, name=None, only_showing=False):
    found = []
    for node in walk(root):
        try:
            if role is not None and node.get_role_name() != role:
                continue
            if name is not None and node.get_name() != name:
                continue
        except Exception:
            continue
        if only_showing and not showing(node):
            continue
        found.append(node)
    return found


def wait_for(predicate, timeout=45.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class App:
    """Starts the app with a private database on a free port; find() its accessibles."""

    def __init__(self, *extra_args, env=None):
        self.tmp = tempfile.TemporaryDirectory(prefix="hs-ui-")
        # The app's output goes to a file, so that a test can read it while the app runs.
        self.log_path = os.path.join(self.tmp.name, "app.log")
        self.log_file = open(self.log_path, "wb")
        self.db = os.path.join(self.tmp.name, "hookscope.db")
        self.args = [os.environ["HS_BINARY"], "--db", self.db, "--listen", "127.0.0.1:0",
                     *extra_args]
        # Bring the accessibility bus and its registry up before the app starts: an app that
        # starts while they are still being activated may never register with them.
        wait_for(lambda: Atspi.get_desktop(0) is not None, what="the AT-SPI registry")
        Atspi.get_desktop(0).get_child_count()
        # The pointer out of the way: the tests share one X server, and an earlier test's
        # click leaves it anywhere, where it may hover what this one needs unhovered (a toast
        # keeps itself up while hovered). The screen is 1280x800 (build-aux/dev.sh); the window
        # starts at the origin and is smaller.
        Atspi.generate_mouse_event(1279, 799, "abs")
        self.proc = subprocess.Popen(self.args, stdout=self.log_file, stderr=subprocess.STDOUT,
                                     env={**os.environ, **(env or {})})
        self.root = wait_for(self._find_app, what="the application on the AT-SPI bus")
        wait_for(lambda: find_all(self.root, role="frame"), what="the main window")

    def _find_app(self):
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            try:
                if app is not None and app.get_process_id() == self.proc.pid:
                    return app
            except Exception:
                continue
        return None

    def find(self, **kwargs):
        return find_all(self.root, **kwargs)

    def listening_url(self):
        """The URL the sidebar shows once the listener has its port."""
        return wait_for(
            lambda: [n.get_name() for n in self.find(role="label")
                     if n.get_name().startswith("http://127.0.0.1:")
                     and not n.get_name().endswith(":0/")],
            what="the listening URL")[0]

    def screenshot(self, name):
        directory = os.environ.get("HS_SCREENSHOT_DIR", self.tmp.name)
        path = os.path.join(directory, name)
        subprocess.run(["import", "-window", "root", path], check=True)
        print(f"screenshot: {path}")
        return path

    def log(self):
        """What the app printed so far."""
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def stop(self):
        """Quits the app (SIGTERM: as Ctrl+Q) and keeps its database; returns its log."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if not self.log_file.closed:
            self.log_file.close()
        return self.log()

    def close(self):
        output = self.stop()
        self.tmp.cleanup()
        return output

    # `with hsatspi.App() as app:` closes the app at the end, and fails the test on a warning
    # in its log when the body passed.
    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        log = self.close()
        if kind is None:
            assert_clean_log(log)
        return False


def assert_clean_log(log):
    """A UI test fails on a warning or a critical in the app's log."""
    for bad in ("CRITICAL", "WARNING", "Gtk-WARNING"):
        if bad in log:
            print(log)
            raise AssertionError(f"the app logged {bad}")


def post_json(url, body):
    """POSTs bytes as application/json; returns the status."""
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def faketime_env(start):
    """The environment that runs an app under libfaketime from @start (UTC, its clock then
    running at the normal speed), or None when libfaketime is not installed."""
    libraries = glob.glob("/usr/lib/*/faketime/libfaketime.so.1")
    if not libraries:
        return None
    return {"LD_PRELOAD": libraries[0], "FAKETIME": start, "TZ": "UTC"}
