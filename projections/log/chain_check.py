"""Checking the log against its audit chain (and against a seal kept outside the system).

`check` walks the union of stored events and chain links in log order and stops at the first
position where they disagree: an event missing from the log (deleted), an event missing from
the chain (inserted), a link that does not cover its event (edited or reordered), or an event
that no longer decodes (its bytes or topic rewritten by someone who also rewrote the chain).
A seal names the link at one position: the log up to it must end in that very link.

`ReadOnlyLog` reads a log without the application: a SQLite file opened read-only, a
PostgreSQL session whose transactions are read-only. Nothing is created, seeded or migrated,
and no member's key is read (events decode with every personal field withheld), so
`filmhouse audit verify` leaves the database as it found it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse
from uuid import UUID

import psycopg
from eventsourcing.persistence import StoredEvent

from projections.log.chain import GENESIS, link
from projections.log.chained import CHAIN_TABLE, HEADS_TABLE

SEAL_PREFIX = "filmhouse-seal:v1"
_DIGEST = re.compile(r"[0-9a-f]{64}")

Row = tuple[Any, ...]  # position, originator id, version, topic, state
Step = tuple[int, Row | None, bytes | None]  # position, stored event (or None), link (or None)
Decode = Callable[[StoredEvent], object]


class SealError(ValueError):
    """Text that is not a seal `filmhouse audit seal` prints; `why` names what is wrong."""

    def __init__(self, why: str, message: str) -> None:
        super().__init__(message)
        self.why = why


@dataclass(frozen=True)
class Seal:
    events: int
    position: int
    digest: bytes = field(repr=False)

    def __str__(self) -> str:
        return f"{SEAL_PREFIX}:{self.events}:{self.position}:{self.digest.hex()}"

    @classmethod
    def parse(cls, text: str) -> Seal:
        """The seal in `text` (surrounding blank space ignored), or SealError saying why not."""
        parts = text.strip().split(":")
        if len(parts) < 2 or f"{parts[0]}:{parts[1]}" != SEAL_PREFIX:
            raise SealError(
                "foreign", f"not a Film House seal (it should begin {SEAL_PREFIX}:): {text!r:.80}"
            )
        if len(parts) != 5:
            raise SealError(
                "parts",
                "a seal has five parts separated by colons: prefix, version, events, "
                "position, digest",
            )
        events, position, digest = parts[2:]
        if not (events.isdigit() and position.isdigit()):
            raise SealError("numbers", "a seal's event count and position are whole numbers")
        if not _DIGEST.fullmatch(digest.lower()):
            raise SealError("digest", "a seal's digest is 64 hexadecimal characters")
        if int(events) > int(position):
            raise SealError("count", "a seal cannot count more events than its position")
        return cls(int(events), int(position), bytes.fromhex(digest))


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    events: int
    head: int
    first_bad_position: int | None = None
    problem: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.events,
            "head": self.head,
            "first_bad_position": self.first_bad_position,
            "problem": self.problem,
        }


DELETED = "an event in the chain is missing from the log (deleted)"
INSERTED = "an event is in the log but not in the chain (inserted)"
ALTERED = "the event or its link was altered (edited or reordered)"
UNDECODABLE = "the event cannot be decoded (its stored bytes or topic were altered)"
SEAL_DIFFERS = "the log up to the sealed position differs from the seal"
SEAL_COUNT = "the log holds a different number of events up to the sealed position"
SEAL_MISSING = "the sealed position is not in the log"
SEAL_TRUNCATED = "the log ends before the sealed position (truncated)"
HEAD_TRUNCATED = "the log ends before a recorded head (truncated)"


def _expected_link(previous: bytes, position: int, row: Row) -> bytes | None:
    """The link this stored row should have; None when the row cannot even be read as one."""
    try:
        ident = row[1] if isinstance(row[1], UUID) else UUID(str(row[1]))
        return link(previous, position, ident, int(row[2]), str(row[3]), bytes(row[4]))
    except (TypeError, ValueError):
        return None


def _decodes(decode: Decode | None, row: Row) -> bool:
    if decode is None:
        return True
    try:
        ident = row[1] if isinstance(row[1], UUID) else UUID(str(row[1]))
        decode(StoredEvent(ident, int(row[2]), str(row[3]), bytes(row[4])))
    except Exception:  # noqa: BLE001 (whatever a rewritten event makes the decoder raise)
        return False
    return True


def check(
    steps: Iterator[Step],
    last_checkpoint: Callable[[], int],
    seal: Seal | None = None,
    decode: Decode | None = None,
) -> VerifyResult:
    """The chain walked in log order, stopping at the first bad position."""
    previous, events, head = GENESIS, 0, 0
    sealed_seen = seal is not None and seal.position == 0  # a seal of the empty log
    if seal is not None and sealed_seen and seal.digest != GENESIS:
        return VerifyResult(False, 0, 0, 0, SEAL_DIFFERS)
    for position, row, stored_link in steps:
        if seal is not None and not sealed_seen and position > seal.position:
            return VerifyResult(False, events, head, seal.position, SEAL_MISSING)
        if row is None:
            return VerifyResult(False, events, head, position, DELETED)
        if stored_link is None:
            return VerifyResult(False, events, head, position, INSERTED)
        if _expected_link(previous, position, row) != stored_link:
            return VerifyResult(False, events, head, position, ALTERED)
        if not _decodes(decode, row):
            return VerifyResult(False, events, head, position, UNDECODABLE)
        previous, events, head = stored_link, events + 1, position
        if seal is not None and position == seal.position:
            sealed_seen = True
            if stored_link != seal.digest:
                return VerifyResult(False, events, head, position, SEAL_DIFFERS)
            if events != seal.events:
                return VerifyResult(False, events, head, position, SEAL_COUNT)
    if seal is not None and not sealed_seen:
        if head < seal.position:
            return VerifyResult(False, events, head, head + 1, SEAL_TRUNCATED)
        return VerifyResult(False, events, head, seal.position, SEAL_MISSING)
    if last_checkpoint() > head:
        return VerifyResult(False, events, head, head + 1, HEAD_TRUNCATED)
    return VerifyResult(True, events, head)


def walk(
    events_after: Callable[[int, int], list[Row]],
    links_after: Callable[[int, int | None], list[tuple[Any, Any]]],
    page: int = 5000,
) -> Iterator[Step]:
    """(position, stored row or None, chain link or None) over the union, in log order, read
    a page of events (and the links up to the last of them) at a time."""
    after = -1
    while True:
        events = events_after(after, page)
        bound = int(events[-1][0]) if len(events) == page else None
        links = links_after(after, bound)
        by_event = {int(r[0]): r for r in events}
        by_link = {int(r[0]): bytes(r[1]) for r in links}
        for position in sorted(set(by_event) | set(by_link)):
            yield position, by_event.get(position), by_link.get(position)
        if bound is None:
            return
        after = bound


def keyless_decoder() -> Decode:
    """Events decoded as the application decodes them (topics, upcasters, transcodings), with
    no member key read: every personal field reads as withheld."""
    from domain.personal_data import PersonalDataMapper
    from domain.services.core import Core
    from migrations import topics

    topics.register()
    transcoder = Core.construct_transcoder(object.__new__(Core))  # needs no application state
    return PersonalDataMapper(transcoder=transcoder, keys=_NoKeys()).to_domain_event


class _NoKeys:
    """A key store that holds no key: reading with it opens no personal field."""

    def key(self, subject: UUID) -> bytes | None:
        return None

    def preload(self, subjects: object) -> None:
        return None

    def create(self, subject: UUID) -> bytes:
        raise PermissionError("a read-only check creates no key")

    def shred(self, subject: UUID) -> None:
        raise PermissionError("a read-only check shreds no key")

    def erased(self, subject: UUID) -> None:
        return None


class LogUnavailable(Exception):
    """The database named cannot be read as a Film House log (absent, or not one)."""


class ReadOnlyLog:
    """A Film House log read without writing: SQLite opened `mode=ro`, PostgreSQL in read-only
    transactions. The events table keeps the library's name (`stored_events` on SQLite,
    `filmhouse_events` on PostgreSQL)."""

    def __init__(self, url: str) -> None:
        parsed = urlparse(url)
        self._pg: psycopg.Connection[Any] | None = None
        self._sqlite: sqlite3.Connection | None = None
        if parsed.scheme == "sqlite":
            raw = unquote(parsed.path)
            if raw in ("", "/:memory:"):
                raise LogUnavailable("an in-memory database has no log to verify")
            path = Path(raw[1:]) if raw.startswith("/") else Path(raw)
            if not path.is_file():
                raise LogUnavailable(f"no database at {path}")
            uri = f"file:{path.resolve().as_posix()}?mode=ro"
            self._sqlite = sqlite3.connect(uri, uri=True, timeout=30)
            self.events_table, self.position = "stored_events", "rowid"
            self.mark = "?"
        elif parsed.scheme in ("postgresql", "postgres"):
            schema = parse_qs(parsed.query).get("schema", ["public"])[0]
            try:
                self._pg = psycopg.connect(url.split("?")[0], connect_timeout=10)
            except psycopg.Error as error:
                raise LogUnavailable(f"cannot reach the database: {error}") from None
            self._pg.read_only = True
            self._pg.execute(
                psycopg.sql.SQL("SET search_path TO {}").format(psycopg.sql.Identifier(schema))
            )
            self._pg.commit()
            self.events_table, self.position = "filmhouse_events", "notification_id"
            self.mark = "%s"
        else:
            raise LogUnavailable(f"not a sqlite:/// or postgresql:// URL: {url!r}")
        try:
            missing = [t for t in (self.events_table, CHAIN_TABLE) if not self._has_table(t)]
        except (sqlite3.Error, psycopg.Error) as error:
            self.close()
            raise LogUnavailable(f"not a Film House database: {error}") from None
        if missing:
            self.close()
            raise LogUnavailable(f"not a Film House log: no table {', '.join(missing)}")

    def _rows(self, statement: str, params: tuple[Any, ...] = ()) -> list[Row]:
        sql = statement.replace("?", self.mark)
        if self._sqlite is not None:
            return [tuple(r) for r in self._sqlite.execute(sql, params).fetchall()]
        assert self._pg is not None
        with self._pg.transaction(), self._pg.cursor() as cursor:
            cursor.execute(sql, params)
            return [tuple(r) for r in cursor.fetchall()]

    def _has_table(self, name: str) -> bool:
        if self._sqlite is not None:
            statement = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
        else:
            statement = "SELECT to_regclass(?) IS NOT NULL"
        found = self._rows(statement, (name,))
        return bool(found and found[0][0])

    def events_after(self, after: int, limit: int) -> list[Row]:
        pos = self.position
        return self._rows(
            f"SELECT {pos}, originator_id, originator_version, topic, state "
            f"FROM {self.events_table} WHERE {pos} > ? ORDER BY {pos} LIMIT ?",
            (after, limit),
        )

    def links_after(self, after: int, bound: int | None) -> list[tuple[Any, Any]]:
        rows = self._rows(
            f"SELECT position, hash FROM {CHAIN_TABLE} WHERE position > ?"
            + ("" if bound is None else " AND position <= ?")
            + " ORDER BY position",
            (after,) if bound is None else (after, bound),
        )
        return [(r[0], r[1]) for r in rows]

    def last_checkpoint(self) -> int:
        if not self._has_table(HEADS_TABLE):
            return 0
        rows = self._rows(f"SELECT MAX(position) FROM {HEADS_TABLE}")
        return int(rows[0][0] or 0) if rows else 0

    def verify(self, seal: Seal | None = None, *, decode: bool = True) -> VerifyResult:
        return check(
            walk(self.events_after, self.links_after),
            self.last_checkpoint,
            seal,
            keyless_decoder() if decode else None,
        )

    def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
        if self._pg is not None:
            self._pg.close()
