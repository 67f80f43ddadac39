#!/usr/bin/env python3
# Every screenshot the metainfo names is in data/screenshots/, a PNG within AppStream's bound.
# SPDX-License-Identifier: GPL-3.0-or-later
"""Usage: check-screenshots.py METAINFO SCREENSHOTS_DIR"""

import os
import struct
import sys
import xml.etree.ElementTree as ET

MAX_W, MAX_H = 1000, 700
PREFIX = "https://raw.githubusercontent.com/hookscope/hookscope/main/data/screenshots/"


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def main(metainfo, directory):
    errors = []
    shots = ET.parse(metainfo).getroot().findall("./screenshots/screenshot")
    if not shots:
        errors.append("no screenshots")
    defaults = [s for s in shots if s.get("type") == "default"]
    if len(defaults) != 1:
        errors.append(f"{len(defaults)} default screenshots, not 1")
    for shot in shots:
        url = shot.findtext("image", "").strip()
        caption = shot.findtext("caption", "").strip()
        if not caption:
            errors.append(f"{url}: no caption")
        if not url.startswith(PREFIX):
            errors.append(f"{url}: not a file of data/screenshots/ in the repository")
            continue
        path = os.path.join(directory, url[len(PREFIX):])
        size = png_size(path) if os.path.exists(path) else None
        if size is None:
            errors.append(f"{path}: missing or not a PNG")
        elif size[0] > MAX_W or size[1] > MAX_H:
            errors.append(f"{path}: {size[0]}×{size[1]} is larger than {MAX_W}×{MAX_H}")
    for e in errors:
        print(f"{metainfo}: {e}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
