"""Where the log lives: the library's recorders for SQLite and PostgreSQL, extended so that the
same transaction that appends events also records which position was the head at that moment,
and the member key store that personal-data encryption uses.

`open_application(url, ...)` maps one database URL onto the library's persistence settings.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse
from uuid import UUID, uuid4

from argon2 import PasswordHasher
from eventsourcing.persistence import (
    InfrastructureFactory,
    InterfaceError,
    Notification,
    OperationalError,
    StoredEvent,
)
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresDatastore,
)
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore
from eventsourcing.utils import retry
from psycopg.sql import SQL, Identifier

from domain import clock
from domain.filmhouse import FilmHouse
from domain.personal_data import new_key
from domain.transcoder import uuid_from_hex
from projections.log.chain import GENESIS, link
from projections.log.files import DiskFileStore
from projections.log.group_commit import GroupCommitter, PostgresGroupCommitter

HEADS_TABLE = "head_checkpoints"
KEYS_TABLE = "member_keys"
CHAIN_TABLE = "audit_chain"


def _links(previous: bytes, ids: Sequence[int],
           stored: Sequence[StoredEvent]) -> list[tuple[int, bytes]]:
    rows = []
    for position, s in zip(ids, stored, strict=True):
        previous = link(previous, position, s.originator_id, s.originator_version, s.topic, s.state)
        rows.append((position, previous))
    return rows


def _links_and_heads(
    previous: bytes, saves: list[tuple[Sequence[int], Sequence[StoredEvent], dict[str, Any]]],
) -> tuple[list[tuple[int, bytes]], list[tuple[int, int]]]:
    """The chain links (position, hash) of saves just inserted, in log order, from the hash of
    the link before them; and each save's head checkpoint (its last position, its moment)."""
    links: list[tuple[int, bytes]] = []
    heads: list[tuple[int, int]] = []
    for ids, stored_events, kwargs in saves:
        links.extend(_links(previous, ids, stored_events))
        previous = links[-1][1]
        head_at = kwargs.get("head_at")
        if isinstance(head_at, datetime):
            heads.append((max(ids), _micros(head_at)))
    return links, heads


def _rising(heads: list[tuple[int, int]], last_at: int | None) -> list[tuple[int, int]]:
    """Head checkpoints (position, microseconds) whose times never go back: a save stamped
    earlier than the head before it (clocks are not monotonic) became the head no sooner than
    that one did. Written under the write lock, so `position_at` can take the last checkpoint
    in time order from an index instead of scanning every checkpoint before the moment."""
    floor = last_at or 0
    rising = []
    for position, at in heads:
        floor = max(floor, at)
        rising.append((position, floor))
    return rising


def _micros(at: datetime) -> int:
    return int(at.timestamp() * 1_000_000)



def schema_lock_name(schema: str) -> str:
    """The advisory lock under which one process at a time creates a schema's tables."""
    return f"filmhouse-schema:{schema}"

class SQLiteLog(SQLiteApplicationRecorder):
    """`stored_events` plus the chain links and head checkpoint written in the same transaction.

    Saves go through a `GroupCommitter` (projections/log/group_commit.py): concurrent callers' saves
    share one transaction, each in its own savepoint, each answered after the COMMIT. Set
    FILMHOUSE_GROUP_COMMIT=off to give every save its own transaction (the library's path).
    """

    def __init__(self, datastore: SQLiteDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        setting = os.environ.get("FILMHOUSE_GROUP_COMMIT", "on").lower()
        self.group: GroupCommitter | None = None
        self.use_group_commit(setting not in ("off", "0", "no"))

    def use_group_commit(self, enabled: bool) -> None:
        """Switch group commit on or off (benchmarks compare the two in one process)."""
        self.group = GroupCommitter(
            self.datastore, partial(SQLiteApplicationRecorder._insert_events, self),
            self._link_and_checkpoint,
        ) if enabled else None

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if self.group is None:
            return super().insert_events(stored_events, **kwargs)
        return self.group.insert_events(stored_events, **kwargs)

    def convert_originator_id(self, originator_id: str) -> UUID | str:
        """As the library's, with the UUID made without `UUID`'s parsing (`uuid_from_hex`):
        a rebuild reads a million of them. (Remembering them cost more than making them.)"""
        if self.datastore.originator_id_type == "uuid":
            return uuid_from_hex(originator_id)
        return originator_id

    def select_notifications(
        self, start: int | None, limit: int, stop: int | None = None,
        topics: Sequence[str] = (), *, inclusive_of_start: bool = True,
    ) -> list[Notification]:
        """As the library's (same statement, same answer), with the notifications made without
        the frozen dataclass's field-by-field `__init__`: a rebuild reads a million of them."""
        where: list[str] = []
        params: list[int | str] = []
        if start is not None:
            where.append("rowid>=?" if inclusive_of_start else "rowid>?")
            params.append(start)
        if stop is not None:
            where.append("rowid<=?")
            params.append(stop)
        if topics:
            where.append(f"topic IN ({','.join('?' * len(topics))})")
            params += list(topics)
        params.append(limit)
        statement = (
            f"SELECT rowid, originator_id, originator_version, topic, state "
            f"FROM {self.events_table_name} "
            + (f"WHERE {' AND '.join(where)} " if where else "") + "ORDER BY rowid LIMIT ?")
        with self.datastore.transaction(commit=False) as c:
            c.execute(statement, params)
            rows = c.fetchall()
        convert, new, notes = self.convert_originator_id, object.__new__, []
        for position, originator_id, version, topic, state in rows:
            note = new(Notification)
            note.__dict__.update(originator_id=convert(originator_id),
                                 originator_version=version, topic=topic, state=state, id=position)
            notes.append(note)
        return notes

    def versions_after(self, position: int, limit: int) -> list[tuple[int, str, int, str]]:
        """(position, originator id, version, topic) of the events after `position`: what the
        aggregate cache (domain/aggregate_cache.py) follows, with nothing decoded."""
        # One statement in autocommit mode reads one consistent snapshot: no BEGIN needed.
        with self.datastore.get_connection(commit=False) as connection:
            c = connection.cursor()
            c.execute(self._versions_after, (position, limit))
            return [(row[0], row[1], row[2], row[3]) for row in c.fetchall()]

    _versions_after = (
        "SELECT rowid, originator_id, originator_version, topic FROM stored_events "
        "WHERE rowid > ? ORDER BY rowid LIMIT ?"
    )

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {HEADS_TABLE} ("
            "position INTEGER PRIMARY KEY, at_us INTEGER NOT NULL)",
            f"CREATE INDEX IF NOT EXISTS {HEADS_TABLE}_at ON {HEADS_TABLE} (at_us)",
            f"CREATE TABLE IF NOT EXISTS {KEYS_TABLE} "
            "(subject TEXT PRIMARY KEY, key BLOB NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {CHAIN_TABLE} "
            "(position INTEGER PRIMARY KEY, hash BLOB NOT NULL)",
        ]

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        if ids:
            self._link_and_checkpoint(c, [(ids, stored_events, kwargs)])
        return ids

    def _link_and_checkpoint(
        self, c: SQLiteCursor,
        saves: list[tuple[Sequence[int], Sequence[StoredEvent], dict[str, Any]]],
    ) -> None:
        """The chain links and head checkpoints of saves just inserted, in log order."""
        if not saves:
            return
        # The write lock is held: the last link cannot move under us.
        c.execute(f"SELECT hash FROM {CHAIN_TABLE} ORDER BY position DESC LIMIT 1")
        row = c.fetchone()
        previous = bytes(row[0]) if row else GENESIS
        links, heads = _links_and_heads(previous, saves)
        c.executemany(f"INSERT INTO {CHAIN_TABLE} (position, hash) VALUES (?, ?)", links)
        if heads:
            c.execute(f"SELECT at_us FROM {HEADS_TABLE} ORDER BY position DESC LIMIT 1")
            row = c.fetchone()
            c.executemany(
                f"INSERT OR REPLACE INTO {HEADS_TABLE} (position, at_us) VALUES (?, ?)",
                _rising(heads, row[0] if row else None),
            )


class PostgresLog(PostgresApplicationRecorder):
    """`stored_events` plus the chain links and head checkpoint written in the same transaction;
    group-committed as on SQLite (PostgresGroupCommitter), FILMHOUSE_GROUP_COMMIT=off to not."""

    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        setting = os.environ.get("FILMHOUSE_GROUP_COMMIT", "on").lower()
        self.group: PostgresGroupCommitter | None = None
        self.use_group_commit(setting not in ("off", "0", "no"))
        schema = Identifier(self.datastore.schema)
        self.sql_create_statements.extend(
            [
                SQL(
                    "CREATE TABLE IF NOT EXISTS {}.{} ("
                    "position bigint PRIMARY KEY, at_us bigint NOT NULL)"
                ).format(schema, Identifier(HEADS_TABLE)),
                SQL("CREATE INDEX IF NOT EXISTS {} ON {}.{} (at_us, position)").format(
                    Identifier(HEADS_TABLE + "_at_position"), schema, Identifier(HEADS_TABLE)
                ),
                SQL(
                    "CREATE TABLE IF NOT EXISTS {}.{} "
                    "(subject text PRIMARY KEY, key bytea NOT NULL)"
                ).format(schema, Identifier(KEYS_TABLE)),
                SQL(
                    "CREATE TABLE IF NOT EXISTS {}.{} "
                    "(position bigint PRIMARY KEY, hash bytea NOT NULL)"
                ).format(schema, Identifier(CHAIN_TABLE)),
            ]
        )
        self._last_link = SQL("SELECT hash FROM {}.{} ORDER BY position DESC LIMIT 1").format(
            schema, Identifier(CHAIN_TABLE)
        )
        self._insert_link = SQL("INSERT INTO {}.{} (position, hash) VALUES (%s, %s)").format(
            schema, Identifier(CHAIN_TABLE)
        )
        self._versions_after = SQL(
            "SELECT notification_id, originator_id, originator_version, topic FROM {}.{} "
            "WHERE notification_id > %s ORDER BY notification_id LIMIT %s"
        ).format(schema, Identifier(self.events_table_name))
        self._last_head = SQL("SELECT at_us FROM {}.{} ORDER BY position DESC LIMIT 1").format(
            schema, Identifier(HEADS_TABLE)
        )
        self._insert_head = SQL(
            "INSERT INTO {}.{} (position, at_us) VALUES (%s, %s) "
            "ON CONFLICT (position) DO UPDATE SET at_us = EXCLUDED.at_us"
        ).format(schema, Identifier(HEADS_TABLE))

    def create_table(self) -> None:
        """One process at a time (see Database.schema_change): several starting at once on a
        new schema would otherwise fail with "tuple concurrently updated"."""
        name = schema_lock_name(self.datastore.schema)
        with self.datastore.get_connection() as conn:  # autocommit: a session-level lock
            conn.execute("SELECT pg_advisory_lock(hashtext(%s))", (name,))
            try:
                super().create_table()
            finally:
                conn.execute("SELECT pg_advisory_unlock(hashtext(%s))", (name,))

    def use_group_commit(self, enabled: bool) -> None:
        self.group = PostgresGroupCommitter(
            self.datastore, self._insert_one, self._link_and_checkpoint, self._lock_and_notify,
        ) if enabled else None

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if self.group is None:
            ids: Sequence[int] | None = super().insert_events(stored_events, **kwargs)
            return ids
        inserted: Sequence[int] | None = self._insert_in_group(self.group, stored_events,
                                                               **kwargs)
        return inserted

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def _insert_in_group(
        self, group: PostgresGroupCommitter, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        # Retried on a lost connection, as the library retries a lone save.
        return group.insert_events(stored_events, **kwargs)

    def _lock_and_notify(self, curs: Any) -> None:
        self._lock_table(curs)
        self._notify_channel(curs)

    def _insert_one(self, curs: Any, stored_events: Sequence[StoredEvent],
                    **kwargs: Any) -> Sequence[int] | None:
        """One save of a group: the library's insert and its positions; the table is locked."""
        PostgresAggregateRecorder._insert_stored_events(self, curs, stored_events)
        ids: Sequence[int] | None = PostgresApplicationRecorder._fetch_ids_after_insert_events(
            self, curs, stored_events
        )
        return ids

    def versions_after(self, position: int, limit: int) -> list[tuple[int, UUID, int, str]]:
        """As SQLiteLog.versions_after."""
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._versions_after, (position, limit))
            return [(row["notification_id"], row["originator_id"], row["originator_version"],
                     row["topic"]) for row in curs.fetchall()]

    def _fetch_ids_after_insert_events(
        self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        if ids:
            self._link_and_checkpoint(curs, [(ids, stored_events, kwargs)])
        return ids

    def _link_and_checkpoint(
        self, curs: Any,
        saves: list[tuple[Sequence[int], Sequence[StoredEvent], dict[str, Any]]],
    ) -> None:
        """As SQLiteLog._link_and_checkpoint."""
        if not saves:
            return
        # The library's EXCLUSIVE table lock is held: the last link cannot move under us.
        curs.execute(self._last_link)
        row = curs.fetchone()
        previous = bytes(row["hash"]) if row else GENESIS
        links, heads = _links_and_heads(previous, saves)
        curs.executemany(self._insert_link, links)
        if heads:
            curs.execute(self._last_head)
            row = curs.fetchone()
            curs.executemany(self._insert_head, _rising(heads, row["at_us"] if row else None))


class SQLKeyStore:
    """Members' data keys in their own table; shredding deletes the row."""

    CACHE_SECONDS = 30.0

    def __init__(self, datastore: SQLiteDatastore | PostgresDatastore) -> None:
        self.datastore = datastore
        self.sqlite = isinstance(datastore, SQLiteDatastore)
        mark = "?" if self.sqlite else "%s"
        table = (KEYS_TABLE if isinstance(datastore, SQLiteDatastore)
                 else f'"{datastore.schema}"."{KEYS_TABLE}"')
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
        wanted = [s for s in subjects
                  if not ((c := self._cache.get(s)) and now - c[0] < self.CACHE_SECONDS)]
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


def storage_env(url: str) -> dict[str, str]:
    """The eventsourcing library's settings for a `sqlite:///…` or `postgresql://…` URL."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path)
        if path in ("/:memory:", ""):
            name = f"file:filmhouse-{uuid4().hex}?mode=memory&cache=shared"
        else:
            file = Path(path[1:]) if path.startswith("/") else Path(path)
            file.parent.mkdir(parents=True, exist_ok=True)
            name = str(file)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": name,
            "SQLITE_LOCK_TIMEOUT": "30",
            "APPLICATION_RECORDER_TOPIC": f"{__name__}:SQLiteLog",
        }
    if parsed.scheme in ("postgresql", "postgres"):
        query = parse_qs(parsed.query)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": (parsed.path or "/postgres")[1:] or "postgres",
            "POSTGRES_HOST": parsed.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(parsed.port or 5432),
            "POSTGRES_USER": unquote(parsed.username or os.environ.get("USER", "postgres")),
            "POSTGRES_PASSWORD": unquote(parsed.password or ""),
            "POSTGRES_SCHEMA": query.get("schema", ["public"])[0],
            "POSTGRES_LOCK_TIMEOUT": "10",
            "POSTGRES_POOL_SIZE": query.get("pool_size", ["8"])[0],
            "POSTGRES_MAX_OVERFLOW": "16",
            "POSTGRES_CONN_MAX_AGE": "600",
            "POSTGRES_PRE_PING": "y",
            "APPLICATION_RECORDER_TOPIC": f"{__name__}:PostgresLog",
        }
    raise ValueError(f"FILMHOUSE_DATABASE_URL must be sqlite:///… or postgresql://…, not {url!r}")


def open_application(
    url: str,
    *,
    secret: bytes,
    clock_: clock.Clock | None = None,
    passwords: PasswordHasher | None = None,
) -> FilmHouse:
    """The application on the database the URL names, tables created if missing."""
    env = storage_env(url)
    env["CREATE_TABLE"] = "y"
    files = DiskFileStore(files_dir(url))
    ledger = FileErasureLedger(erasure_ledger_path(url))
    app = FilmHouse(env, key_store=key_store, secret=secret, clock_=clock_, files=files,
                    passwords=passwords, erasures=ledger)
    datastore = app.factory.datastore  # type: ignore[attr-defined]
    if isinstance(datastore, SQLiteDatastore):
        # Under load a writer may wait its turn longer than the library's 5 s default.
        datastore.pool.pool_timeout = 30.0
    app.reapply_erasures()
    return app


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


def files_dir(url: str) -> Path:
    """Attachments live beside the SQLite file, or under FILMHOUSE_FILES_DIR (default var/files)."""
    configured = os.environ.get("FILMHOUSE_FILES_DIR")
    if configured:
        return Path(configured)
    parsed = urlparse(url)
    if parsed.scheme == "sqlite" and parsed.path not in ("", "/:memory:"):
        path = unquote(parsed.path)
        file = Path(path[1:]) if path.startswith("/") else Path(path)
        return file.with_suffix(".files")
    return Path("var/files")


def position_at(app: FilmHouse, at: datetime) -> int:
    """The log position that was the head at that moment (0 before the first event)."""
    datastore = app.factory.datastore  # type: ignore[attr-defined]
    # Checkpoint times never go back (_rising), so the last checkpoint at or before the moment
    # in time order is the highest position then: one step down the time index, whatever the
    # log's length.
    if isinstance(datastore, SQLiteDatastore):
        sql = (f"SELECT position AS max FROM {HEADS_TABLE} WHERE at_us <= ? "
               "ORDER BY at_us DESC, position DESC LIMIT 1")
    else:
        sql = (f'SELECT position AS max FROM "{datastore.schema}".{HEADS_TABLE} '
               "WHERE at_us <= %s ORDER BY at_us DESC, position DESC LIMIT 1")
    with datastore.transaction(commit=False) as c:
        c.execute(sql, (_micros(at),))
        row = c.fetchone()
    if row is None:
        return 0
    value = row[0] if isinstance(datastore, SQLiteDatastore) else row["max"]
    return int(value or 0)
