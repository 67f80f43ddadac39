#!/usr/bin/python3
"""The real window starts; the five sidebar pages are there by name and each one switches the
content to its own page."""

import sys

import hsatspi
from hsatspi import Atspi

PAGES = [
    # sidebar name, a text only that page shows (its title in the header bar is not unique)
    ("Deliveries", "No Deliveries Yet"),
    ("Invitations", "No Invitations Yet"),
    ("Events", "No Events Yet"),
    ("Calendar", "Nothing on the Calendar"),
    ("Replays", "No Replays Yet"),
]


def main():
    hsatspi.require_display()
    app = hsatspi.App()
    failures = []
    try:
        rows = {name: app.find(role="list item", name=name) for name, _ in PAGES}
        for name, found in rows.items():
            if len(found) != 1:
                failures.append(f"sidebar entry {name!r}: found {len(found)}, expected 1")
        if failures:
            raise AssertionError("; ".join(failures))

        sidebar = rows["Deliveries"][0].get_parent()
        names = [sidebar.get_child_at_index(i).get_name()
                 for i in range(sidebar.get_child_count())]
        assert names == [name for name, _ in PAGES], f"sidebar order {names}"

        # GTK 4.8 reports every stack page as visible to AT-SPI, so the page in view is read
        # from the content header's title, which follows the stack's visible child.
        def content_titles():
            titles = []
            for title in app.find(role="filler", name="AdwWindowTitle"):
                titles += [node.get_name() for node in hsatspi.walk(title)
                           if node.get_role_name() == "label"]
            return titles

        # Start from the last page so that every switch is a real change.
        for index in list(range(len(PAGES)))[::-1]:
            name, marker = PAGES[index]
            assert sidebar.select_child(index), f"could not select {name}"
            hsatspi.wait_for(lambda: name in content_titles(),
                             what=f"the header to show {name!r} (has {content_titles()})")
            assert sidebar.is_child_selected(index), f"{name} not selected"
            assert [n for n, _ in PAGES if n in content_titles()] == [name]
            assert app.find(name=marker), f"{name}: {marker!r} missing"
            print(f"ok: {name}")

        sidebar.select_child(0)
        hsatspi.wait_for(lambda: "Deliveries" in content_titles(), what="back to Deliveries")
        app.screenshot("ui-window.png")
    finally:
        log = app.close()
    if "CRITICAL" in log or "WARNING" in log:
        print(log)
        raise AssertionError("the app logged criticals or warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
