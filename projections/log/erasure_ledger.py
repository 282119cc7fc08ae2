"""The ledger of erased members: kept outside the database (and its backups), so a restored
backup has its erasures applied again when the application opens."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse
from uuid import UUID


class FileErasureLedger:
    """Append-only file of erased members, fsynced, outside the database and its backups."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def record(self, subject: UUID) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as ledger:
            ledger.write(subject.hex + "\n")
            ledger.flush()
            os.fsync(ledger.fileno())

    def subjects(self) -> list[UUID]:
        if not self.path.exists():
            return []
        seen: dict[UUID, None] = {}
        for line in self.path.read_text(encoding="utf-8").split():
            seen[UUID(line)] = None
        return list(seen)


def erasure_ledger_path(url: str) -> Path:
    """FILMHOUSE_ERASURE_LEDGER, else beside the SQLite file, else var/erasures.ledger."""
    configured = os.environ.get("FILMHOUSE_ERASURE_LEDGER")
    if configured:
        return Path(configured)
    parsed = urlparse(url)
    if parsed.scheme == "sqlite" and parsed.path not in ("", "/:memory:"):
        path = unquote(parsed.path)
        file = Path(path[1:]) if path.startswith("/") else Path(path)
        return file.with_suffix(".erasures")
    schema = parse_qs(parsed.query).get("schema", ["public"])[0]
    return Path("var") / f"erasures-{parsed.hostname}-{parsed.path.strip('/')}-{schema}.ledger"
