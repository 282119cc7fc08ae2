"""The log on SQLite: the library's recorder, saves group-committed, each transaction that
appends events also writing their chain links and head checkpoint (projections/log/chained.py).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import partial
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification, StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore

from domain.transcoder import uuid_from_hex
from projections.log.chained import SQLITE, ChainedLog, LogStatements
from projections.log.group_commit import GroupCommitter


def group_commit_wanted() -> bool:
    """FILMHOUSE_GROUP_COMMIT=off gives every save its own transaction (the library's path)."""
    return os.environ.get("FILMHOUSE_GROUP_COMMIT", "on").lower() not in ("off", "0", "no")


class SQLiteLog(ChainedLog, SQLiteApplicationRecorder):
    """`stored_events` plus the chain links and head checkpoint written in the same transaction.

    Saves go through a `GroupCommitter` (projections/log/group_commit.py): concurrent callers' saves
    share one transaction, each in its own savepoint, each answered after the COMMIT. Set
    FILMHOUSE_GROUP_COMMIT=off to give every save its own transaction (the library's path).
    """

    def __init__(self, datastore: SQLiteDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self.log_statements = LogStatements.of(SQLITE, self.events_table_name)
        self.group: GroupCommitter | None = None
        self.use_group_commit(group_commit_wanted())

    def use_group_commit(self, enabled: bool) -> None:
        """Switch group commit on or off (benchmarks compare the two in one process)."""
        self.group = (
            GroupCommitter(
                self.datastore,
                partial(SQLiteApplicationRecorder._insert_events, self),
                self._link_and_checkpoint,
            )
            if enabled
            else None
        )

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
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
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
            + (f"WHERE {' AND '.join(where)} " if where else "")
            + "ORDER BY rowid LIMIT ?"
        )
        with self.datastore.transaction(commit=False) as c:
            c.execute(statement, params)
            rows = c.fetchall()
        convert, new, notes = self.convert_originator_id, object.__new__, []
        for position, originator_id, version, topic, state in rows:
            note = new(Notification)
            note.__dict__.update(
                originator_id=convert(originator_id),
                originator_version=version,
                topic=topic,
                state=state,
                id=position,
            )
            notes.append(note)
        return notes

    def versions_after(self, position: int, limit: int) -> list[tuple[int, str, int, str]]:
        """(position, originator id, version, topic) of the events after `position`: what the
        aggregate cache (domain/aggregate_cache.py) follows, with nothing decoded."""
        # One statement in autocommit mode reads one consistent snapshot: no BEGIN needed.
        with self.datastore.get_connection(commit=False) as connection:
            c = connection.cursor()
            c.execute(self.log_statements.versions_after, (position, limit))
            return [(row[0], row[1], row[2], row[3]) for row in c.fetchall()]

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            *LogStatements.of(SQLITE, self.events_table_name).create,
        ]

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        if ids:
            self._link_and_checkpoint(c, [(ids, stored_events, kwargs)])
        return ids
