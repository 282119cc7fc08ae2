"""Fetch the pinned axe-core script from the npm registry through the npm client, check its
integrity hash, and place it under tests/browser/vendor/ (never committed). Does nothing when
that version is already there."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from web.assets import integrity_of

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
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", f"{PACKAGE}@{VERSION}", "--pack-destination", tmp, "--silent"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        tarball = next(Path(tmp).glob("*.tgz"))
        data = tarball.read_bytes()
        if integrity_of(data) != INTEGRITY:
            raise SystemExit(f"{PACKAGE}@{VERSION}: integrity mismatch, refusing to install it")
        with tarfile.open(tarball) as archive:
            script = archive.extractfile(MEMBER)
            if script is None:
                raise SystemExit(f"{MEMBER} missing from {PACKAGE}@{VERSION}")
            content = script.read()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    stamp.write_text(VERSION + "\n")
    print(f"axe-core {VERSION} (integrity checked) -> {target}", file=sys.stderr)
    return target


if __name__ == "__main__":
    ensure()
