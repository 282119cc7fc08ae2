"""Members' data keys, which personal-data encryption (domain/personal_data.py) seals their
fields with, in a table of the log's database: erasing a member deletes the key, so every sealed
value of theirs reads as erased while the log and its hash chain stay as they were."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore

from domain.personal_data import new_key
from projections.log.chained import KEYS_TABLE, SQLITE, postgres


class SQLKeyStore:
    """Members' data keys in their own table; shredding deletes the row."""

    CACHE_SECONDS = 30.0

    def __init__(self, datastore: SQLiteDatastore | PostgresDatastore) -> None:
        self.datastore = datastore
        self.sqlite = isinstance(datastore, SQLiteDatastore)
        dialect = SQLITE if isinstance(datastore, SQLiteDatastore) else postgres(datastore.schema)
        table, mark = dialect.table(KEYS_TABLE), dialect.mark
        self._select = f"SELECT key FROM {table} WHERE subject = {mark}"
        self._select_many = f"SELECT subject, key FROM {table} WHERE subject IN"
        self._mark = mark
        self._insert = (
            f"INSERT INTO {table} (subject, key) VALUES ({mark}, {mark}) "
            "ON CONFLICT (subject) DO NOTHING"
        )
        self._delete = f"DELETE FROM {table} WHERE subject = {mark}"
        self._cache: dict[UUID, tuple[float, bytes | None]] = {}
        self._shredded: set[UUID] = set()  # erased members: their keys are never used again
        self._lock = threading.Lock()

    @contextmanager
    def _cursor(self, commit: bool) -> Iterator[Any]:
        with self.datastore.transaction(commit=commit) as cursor:
            yield cursor

    def key(self, subject: UUID) -> bytes | None:
        if subject in self._shredded:
            return None
        cached = self._cache.get(subject)
        if cached and time.monotonic() - cached[0] < self.CACHE_SECONDS:
            return cached[1]
        with self._cursor(commit=False) as c:
            c.execute(self._select, (subject.hex,))
            row = c.fetchone()
        key = bytes(row[0] if self.sqlite else row["key"]) if row else None
        with self._lock:
            self._cache[subject] = (time.monotonic(), key)
        return key

    PRELOAD_CHUNK = 500

    def preload(self, subjects: Iterable[UUID]) -> None:
        now = time.monotonic()
        wanted = [
            s
            for s in subjects
            if not ((c := self._cache.get(s)) and now - c[0] < self.CACHE_SECONDS)
        ]
        if not wanted:
            return
        found: dict[str, bytes] = {}
        with self._cursor(commit=False) as c:
            for i in range(0, len(wanted), self.PRELOAD_CHUNK):
                chunk = [s.hex for s in wanted[i : i + self.PRELOAD_CHUNK]]
                marks = ", ".join([self._mark] * len(chunk))
                c.execute(f"{self._select_many} ({marks})", chunk)
                for row in c.fetchall():
                    subject, key = (row[0], row[1]) if self.sqlite else (row["subject"], row["key"])
                    found[subject] = bytes(key)
        with self._lock:
            for subject in wanted:
                self._cache[subject] = (now, found.get(subject.hex))

    def create(self, subject: UUID) -> bytes:
        with self._cursor(commit=True) as c:
            c.execute(self._insert, (subject.hex, new_key()))
        self._cache.pop(subject, None)
        key = self.key(subject)
        if key is None:
            raise RuntimeError("the key store did not keep a new key")
        return key

    def shred(self, subject: UUID) -> None:
        with self._cursor(commit=True) as c:
            c.execute(self._delete, (subject.hex,))
        self.erased(subject)

    def erased(self, subject: UUID) -> None:
        with self._lock:
            self._shredded.add(subject)
            self._cache[subject] = (time.monotonic(), None)


def key_store(factory: InfrastructureFactory[Any]) -> SQLKeyStore:
    datastore = getattr(factory, "datastore", None)
    if not isinstance(datastore, SQLiteDatastore | PostgresDatastore):
        raise TypeError("Film House stores its log in SQLite or PostgreSQL")
    return SQLKeyStore(datastore)
