"""Files attached to the log (pitch decks, stills): stored beside it by content hash, so the log
records only the hash and the audit covers the files too."""

from __future__ import annotations

from typing import Protocol


class FileStore(Protocol):
    def put(self, data: bytes) -> str:
        """Store the bytes; return their SHA-256 hex digest."""
        ...

    def get(self, digest: str) -> bytes | None: ...
