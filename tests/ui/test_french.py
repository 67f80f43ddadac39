#!/usr/bin/python3
"""In French: the command line's help, the sidebar, every page's empty state and the calendar's
weekday names, from the build tree's catalogue and a French locale built for the test.

Expected strings are French as a reader would write them (the catalogue's translations of the
English names) and glibc's fr_FR abbreviated weekday names, Monday first as in France."""

import os
import subprocess
import sys
import tempfile

import hsatspi

PAGES = [
    # sidebar name, the empty state only that page shows
    ("Livraisons", "Aucune livraison pour l’instant"),
    ("Invitations", "Aucune invitation pour l’instant"),
    ("Événements", "Aucun événement pour l’instant"),
    ("Calendrier", "Rien au calendrier"),
    ("Rejeux", "Aucun rejeu pour l’instant"),
]
WEEKDAYS = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]


def french_environment(locales):
    """A fr_FR.UTF-8 locale compiled into LOCPATH (no root, no locales-all needed)."""
    target = os.path.join(locales, "fr_FR.UTF-8")
    result = subprocess.run(["localedef", "-i", "fr_FR", "-f", "UTF-8", target],
                            capture_output=True, text=True)
    if not os.path.isdir(target):
        print(f"localedef failed ({result.returncode}): {result.stderr.strip()}")
        print("the Debian package 'locales' provides fr_FR's definition (build-aux/dev.sh)")
        sys.exit(1)
    return {
        "LOCPATH": locales,
        "LC_ALL": "fr_FR.UTF-8",
        "LANGUAGE": "fr",
        "HOOKSCOPE_LOCALEDIR": os.environ["HS_LOCALEDIR"],
    }


def main():
    hsatspi.require_display()
    with tempfile.TemporaryDirectory(prefix="hs-fr-") as locales:
        env = french_environment(locales)

        # The command line, without a window.
        help_text = subprocess.run([os.environ["HS_BINARY"], "list", "--help"],
                                   env={**os.environ, **env}, capture_output=True, text=True,
                                   check=True).stdout
        assert "Lister les livraisons capturées" in help_text, help_text
        assert "Show help options" not in help_text, "list --help is still in English"
        print("ok: hookscope list --help is in French")

        app = hsatspi.App(env=env)
        try:
            check_window(app)
        finally:
            log = app.close()
    if "CRITICAL" in log or "WARNING" in log:
        print(log)
        raise AssertionError("the app logged criticals or warnings")
    return 0


def check_window(app):
    rows = {name: app.find(role="list item", name=name) for name, _ in PAGES}
    missing = [name for name, found in rows.items() if len(found) != 1]
    assert not missing, f"sidebar entries not found once: {missing}"
    sidebar = rows["Livraisons"][0].get_parent()
    names = [sidebar.get_child_at_index(i).get_name()
             for i in range(sidebar.get_child_count())]
    assert names == [name for name, _ in PAGES], f"sidebar {names}"
    print("ok: the sidebar is in French")

    for index in list(range(len(PAGES)))[::-1]:
        name, marker = PAGES[index]
        assert sidebar.select_child(index), f"could not select {name}"
        hsatspi.wait_for(lambda: app.find(name=marker), what=f"{name}: {marker!r}")
        print(f"ok: {name}: {marker}")

        if name == "Calendrier":
            labels = [node.get_name() for node in hsatspi.walk(app.root)
                      if node.get_role_name() == "label" and node.get_name() in WEEKDAYS]
            # Each weekday once, Monday first (the month grid's header).
            assert labels[:7] == WEEKDAYS, f"weekday header {labels}"
            print("ok: the calendar's weekdays are French, Monday first")

    sidebar.select_child(0)
    hsatspi.wait_for(lambda: app.find(name=PAGES[0][1]), what="back to Livraisons")
    app.screenshot("ui-french.png")


if __name__ == "__main__":
    sys.exit(main())
