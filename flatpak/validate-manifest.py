#!/usr/bin/env python3
"""Validates the Flatpak manifest without a runtime (none can be downloaded here): JSON syntax,
the keys flatpak-builder requires, the app id of the development profile, and that the local
source directory is this project."""

import json
import os
import sys


def main(path, app_id):
    with open(path) as f:
        manifest = json.load(f)
    errors = []
    for key in ("id", "runtime", "runtime-version", "sdk", "command", "modules"):
        if key not in manifest:
            errors.append(f"missing {key}")
    if manifest.get("id") != app_id:
        errors.append(f"id {manifest.get('id')!r} is not {app_id!r}")
    if manifest.get("command") != "hookscope":
        errors.append("command must be hookscope")
    if not manifest.get("runtime", "").startswith("org.gnome."):
        errors.append("runtime must be the GNOME runtime")
    args = manifest.get("finish-args", [])
    for needed in ("--share=network", "--socket=wayland", "--socket=fallback-x11"):
        if needed not in args:
            errors.append(f"finish-args lacks {needed}")
    modules = manifest.get("modules", [])
    main_module = modules[-1] if modules else {}
    if main_module.get("name") != "hookscope" or main_module.get("buildsystem") != "meson":
        errors.append("the last module must be hookscope built with meson")
    for source in main_module.get("sources", []):
        if source.get("type") == "dir":
            src = os.path.normpath(os.path.join(os.path.dirname(path), source["path"]))
            if not os.path.exists(os.path.join(src, "meson.build")):
                errors.append(f"source dir {src} has no meson.build")
    for e in errors:
        print(f"{path}: {e}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
