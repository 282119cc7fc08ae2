"""Fetch the pinned axe-core script from the npm registry through the npm client, check its
integrity hash, and place it under tests/browser/vendor/ (never committed). Does nothing when
that version is already there."""

from __future__ import annotations

import sys
from pathlib import Path

from web.assets import fetch_pinned

PACKAGE = "axe-core"
VERSION = "4.14.1"
INTEGRITY = (
    "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
)  # fmt: skip
MEMBER = "package/axe.min.js"
VENDOR = Path(__file__).parent / "vendor"
TARGET = VENDOR / "axe.min.js"


def ensure(target: Path = TARGET) -> Path:
    stamp = target.with_name("axe.version")
    if target.exists() and stamp.exists() and stamp.read_text().strip() == VERSION:
        return target
    fetch_pinned(PACKAGE, VERSION, INTEGRITY, MEMBER, target)
    stamp.write_text(VERSION + "\n")
    print(f"axe-core {VERSION} (integrity checked) -> {target}", file=sys.stderr)
    return target


if __name__ == "__main__":
    ensure()
