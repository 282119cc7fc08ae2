"""The log on PostgreSQL: the library's recorder, saves group-committed, each transaction that
appends events also writing their chain links and head checkpoint (projections/log/chained.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresDatastore,
)
from eventsourcing.utils import retry
from psycopg.sql import SQL

from projections.log.chained import ChainedLog, LogStatements, postgres, values
from projections.log.group_commit import PostgresGroupCommitter
from projections.log.sqlite_log import group_commit_wanted


def schema_lock_name(schema: str) -> str:
    """The advisory lock under which one process at a time creates a schema's tables."""
    return f"filmhouse-schema:{schema}"


class PostgresLog(ChainedLog, PostgresApplicationRecorder):
    """`stored_events` plus the chain links and head checkpoint written in the same transaction;
    group-committed as on SQLite (PostgresGroupCommitter), FILMHOUSE_GROUP_COMMIT=off to not."""

    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self.log_statements = LogStatements.of(
            postgres(self.datastore.schema), self.events_table_name
        )
        self.sql_create_statements.extend(SQL(s).format() for s in self.log_statements.create)
        self.group: PostgresGroupCommitter | None = None
        self.use_group_commit(group_commit_wanted())

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
        self.group = (
            PostgresGroupCommitter(
                self.datastore, self._insert_one, self._link_and_checkpoint, self._lock_and_notify
            )
            if enabled
            else None
        )

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if self.group is None:
            ids: Sequence[int] | None = super().insert_events(stored_events, **kwargs)
            return ids
        inserted: Sequence[int] | None = self._insert_in_group(self.group, stored_events, **kwargs)
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

    def _insert_one(
        self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """One save of a group: the library's insert and its positions; the table is locked."""
        PostgresAggregateRecorder._insert_stored_events(self, curs, stored_events)
        ids: Sequence[int] | None = PostgresApplicationRecorder._fetch_ids_after_insert_events(
            self, curs, stored_events
        )
        return ids

    def versions_after(self, position: int, limit: int) -> list[tuple[int, UUID, int, str]]:
        """As SQLiteLog.versions_after."""
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.log_statements.versions_after, (position, limit))
            return [(row[0], row[1], row[2], row[3]) for row in map(values, curs.fetchall())]

    def _fetch_ids_after_insert_events(
        self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        if ids:
            self._link_and_checkpoint(curs, [(ids, stored_events, kwargs)])
        return ids
