"""One small SQL surface for the read models on SQLite and PostgreSQL.

Views write `?` placeholders and portable types (TEXT, BIGINT, INTEGER, DOUBLE PRECISION);
PostgreSQL gets `%s` and the application's schema on its search path. Write transactions take
the write lock up front (SQLite `BEGIN IMMEDIATE`), so a view's rows and its tracked position
move together and two processes never apply the same batch twice.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from psycopg import sql as pgsql
from psycopg.rows import tuple_row

from projections.log.postgres_log import schema_lock_name

_PLACEHOLDER = re.compile(r"\?")
Row = tuple[Any, ...]


class Tx:
    """A cursor inside one transaction, with `?` placeholders and tuple rows on both databases."""

    def __init__(self, cursor: Any, postgres: bool) -> None:
        self._cursor = cursor
        self.postgres = postgres

    def _sql(self, statement: str) -> str:
        return _PLACEHOLDER.sub("%s", statement) if self.postgres else statement

    def execute(self, statement: str, params: Sequence[Any] = ()) -> Tx:
        self._cursor.execute(self._sql(statement), tuple(params))
        return self

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self._cursor.executemany(self._sql(statement), [tuple(r) for r in rows])

    def fetchone(self) -> Row | None:
        row = self._cursor.fetchone()
        if row is None:
            return None
        return tuple(row.values()) if isinstance(row, dict) else tuple(row)

    def fetchall(self) -> list[Row]:
        return [
            tuple(r.values()) if isinstance(r, dict) else tuple(r) for r in self._cursor.fetchall()
        ]

    def scalar(self, statement: str, params: Sequence[Any] = ()) -> Any:
        row = self.execute(statement, params).fetchone()
        return row[0] if row else None


class Database:
    def __init__(self, datastore: SQLiteDatastore | PostgresDatastore) -> None:
        self.datastore = datastore
        self.postgres = isinstance(datastore, PostgresDatastore)

    @classmethod
    def beside(cls, datastore: SQLiteDatastore | PostgresDatastore) -> Database:
        """The read models' own connections to the log's database. On SQLite a pool of their
        own, so a view catching up never waits on (or holds up) the application's in-process
        writer interlock; the two meet only at SQLite's lock, which waits its busy timeout."""
        if isinstance(datastore, PostgresDatastore):
            return cls(datastore)
        return cls(SQLiteDatastore(datastore.pool.db_name, lock_timeout=30, pool_timeout=30.0))

    @classmethod
    def memory(cls) -> Database:
        """A private in-memory SQLite database (for replaying views as of a past position)."""
        from uuid import uuid4

        return cls(SQLiteDatastore(f"file:view-{uuid4().hex}?mode=memory&cache=shared"))

    @contextmanager
    def write(self, *, cache_mib: int = 0) -> Iterator[Tx]:
        """A write transaction. `cache_mib` (a rebuild): on SQLite, let this connection keep
        that much of the database in its page cache (a rebuild writes tables far larger than
        the default), and commit without waiting for the disk (WAL with synchronous=NORMAL:
        a power cut may lose the last batches, never tear one; rows and tracked position go
        back together, so the rebuild resumes from where it durably stood)."""
        if self.postgres:
            with self._pg(write=True) as tx:
                yield tx
            return
        datastore = self.datastore
        assert isinstance(datastore, SQLiteDatastore)
        with datastore.get_connection(commit=True) as connection:
            raw: sqlite3.Connection = connection._sqlite_conn
            cursor = raw.cursor()
            if cache_mib:
                cursor.execute(f"PRAGMA cache_size = {-1024 * int(cache_mib)}")
                durable = int(cursor.execute("PRAGMA synchronous").fetchone()[0])
                cursor.execute("PRAGMA synchronous = NORMAL")
            try:
                cursor.execute("BEGIN IMMEDIATE")
                try:
                    yield Tx(cursor, postgres=False)
                except BaseException:
                    raw.rollback()
                    raise
                raw.commit()
            finally:
                if cache_mib:  # the pooled connection's next user commits as before
                    cursor.execute(f"PRAGMA synchronous = {durable}")

    @contextmanager
    def schema_change(self) -> Iterator[Tx]:
        """A write transaction that creates tables. Processes starting at once on a new
        PostgreSQL schema would race on the catalogue ("tuple concurrently updated"): there
        they take turns, under an advisory lock held until the commit."""
        with self.write() as tx:
            if self.postgres:
                schema = self.datastore.schema  # type: ignore[union-attr]
                tx.execute("SELECT pg_advisory_xact_lock(hashtext(?))", (schema_lock_name(schema),))
            yield tx

    @contextmanager
    def read(self) -> Iterator[Tx]:
        if self.postgres:
            with self._pg(write=False) as tx:
                yield tx
            return
        with self.datastore.transaction(commit=False) as cursor:
            yield Tx(cursor, postgres=False)

    @contextmanager
    def _pg(self, *, write: bool) -> Iterator[Tx]:
        datastore = self.datastore
        assert isinstance(datastore, PostgresDatastore)
        with (
            datastore.get_connection() as conn,
            conn.transaction(),
            conn.cursor(row_factory=tuple_row) as cursor,
        ):
            cursor.execute(
                pgsql.SQL("SET LOCAL search_path TO {}").format(pgsql.Identifier(datastore.schema))
            )
            yield Tx(cursor, postgres=True)
