#!/usr/bin/env python3
# Checks a Flatpak manifest offline (no GNOME runtime can be downloaded where the tests run).
# SPDX-License-Identifier: GPL-3.0-or-later
"""Usage: check-flatpak-manifest.py MANIFEST APP_ID PROJECT_SOURCE_ROOT

Checks what can be checked without the runtime: the JSON parses; the app id matches meson's; the
command is the binary meson installs; the runtime is org.gnome.Platform/Sdk 47 or newer; the
finish-args are exactly the justified list of the README (nothing more, nothing less); every
module has a name and a build system; every archive or file source is pinned by a sha256 of 64 hex
digits and an https URL; Hookscope is the last module, built with meson from this source tree with
its core tests run during the build. When flatpak-builder is installed, its own parser reads the
manifest too (--show-manifest)."""

import json
import os
import re
import shutil
import subprocess
import sys

# The README's "Flatpak permissions" section justifies each of these; keep the two in step.
FINISH_ARGS = [
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
]
MIN_GNOME = 47
SHA256 = re.compile(r"^[0-9a-f]{64}$")


def check(path, app_id, source_root):
    errors = []
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)

    manifest_id = manifest.get("id", manifest.get("app-id"))
    if manifest_id != app_id:
        errors.append(f"id {manifest_id!r} is not meson's {app_id!r}")
    if manifest.get("command") != "hookscope":
        errors.append(f"command {manifest.get('command')!r} is not 'hookscope'")
    if manifest.get("runtime") != "org.gnome.Platform":
        errors.append(f"runtime {manifest.get('runtime')!r} is not org.gnome.Platform")
    if manifest.get("sdk") != "org.gnome.Sdk":
        errors.append(f"sdk {manifest.get('sdk')!r} is not org.gnome.Sdk")
    version = str(manifest.get("runtime-version", ""))
    if not version.isdigit() or int(version) < MIN_GNOME:
        errors.append(f"runtime-version {version!r} is not a GNOME release >= {MIN_GNOME}")

    args = manifest.get("finish-args", [])
    extra = [a for a in args if a not in FINISH_ARGS]
    missing = [a for a in FINISH_ARGS if a not in args]
    if extra:
        errors.append(f"finish-args not justified in the README: {extra}")
    if missing:
        errors.append(f"finish-args missing: {missing}")
    if len(args) != len(set(args)):
        errors.append("finish-args has duplicates")

    modules = manifest.get("modules", [])
    if not modules:
        errors.append("no modules")
    for module in modules:
        if isinstance(module, str):
            errors.append(f"module file {module!r}: keep every module inline so it is checked")
            continue
        name = module.get("name", "?")
        if not module.get("name"):
            errors.append("a module has no name")
        if module.get("buildsystem") not in ("meson", "cmake-ninja", "cmake", "autotools", "simple"):
            errors.append(f"module {name}: unknown buildsystem {module.get('buildsystem')!r}")
        for source in module.get("sources", []):
            kind = source.get("type")
            if kind in ("archive", "file"):
                if not SHA256.match(source.get("sha256", "")):
                    errors.append(f"module {name}: {kind} source without a sha256")
                url = source.get("url", "")
                if url and not url.startswith("https://"):
                    errors.append(f"module {name}: {url} is not https")
            elif kind == "git":
                if not source.get("commit"):
                    errors.append(f"module {name}: git source not pinned to a commit")

    main = modules[-1] if modules and isinstance(modules[-1], dict) else {}
    if main.get("name") != "hookscope" or main.get("buildsystem") != "meson":
        errors.append("the last module must be hookscope built with meson")
    if not main.get("run-tests"):
        errors.append("hookscope must run its tests during the build (run-tests)")
    if not any("--suite core" in c for c in main.get("test-commands", [])):
        errors.append("hookscope's test-commands must run the core suite (no display in a build)")
    if main.get("test-rule", "test") != "":
        errors.append("test-rule must be empty: ninja test would run the UI suite too")
    dirs = [s for s in main.get("sources", []) if s.get("type") == "dir"]
    if len(dirs) != 1:
        errors.append("hookscope must be built from this source tree (one dir source)")
    for source in dirs:
        src = os.path.realpath(os.path.join(os.path.dirname(path), source["path"]))
        if src != os.path.realpath(source_root):
            errors.append(f"dir source {src} is not the project root {source_root}")

    if shutil.which("flatpak-builder"):
        proc = subprocess.run(["flatpak-builder", "--show-manifest", path],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            errors.append(f"flatpak-builder --show-manifest failed: {proc.stderr.strip()}")
    else:
        print("flatpak-builder is not installed: its parser was not run", file=sys.stderr)
    return errors


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    errors = check(argv[1], argv[2], argv[3])
    for e in errors:
        print(f"{argv[1]}: {e}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
