"""Fetch the pinned htmx 2 script from the npm registry through the npm client, check its
integrity hash, and place it under web/static/vendor/ (never committed)."""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "htmx.org"
VERSION = "2.0.8"
INTEGRITY = "sha512-fm297iru0iWsNJlBrjvtN7V9zjaxd+69Oqjh4F/Vq9Wwi2kFisLcrLCiv5oBX0KLfOX/zG8AUo9ROMU5XUB44Q=="  # noqa: E501 (one hash)
MEMBER = "package/dist/htmx.min.js"
TARGET = Path(__file__).parent / "static" / "vendor" / "htmx.min.js"


def integrity_of(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def fetch_pinned(package: str, version: str, integrity: str, member: str, target: Path) -> Path:
    """One file of a pinned npm package, fetched by the npm client, its tarball checked against
    the integrity hash before anything is written to `target`."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", f"{package}@{version}", "--pack-destination", tmp, "--silent"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        tarball = next(Path(tmp).glob("*.tgz"))
        if integrity_of(tarball.read_bytes()) != integrity:
            raise SystemExit(f"{package}@{version}: integrity mismatch, refusing to install it")
        with tarfile.open(tarball) as archive:
            script = archive.extractfile(member)
            if script is None:
                raise SystemExit(f"{member} missing from {package}@{version}")
            content = script.read()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return target


def fetch(target: Path = TARGET) -> Path:
    return fetch_pinned(PACKAGE, VERSION, INTEGRITY, MEMBER, target)


if __name__ == "__main__":
    path = fetch()
    print(f"htmx {VERSION} (integrity checked) -> {path}", file=sys.stderr)
