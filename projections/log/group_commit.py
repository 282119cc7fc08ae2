"""Group commit for the SQLite log: the saves of concurrent callers share one transaction.

With WAL and `synchronous=FULL` every COMMIT waits for an fsync, so one transaction per command
caps the write rate at the disk's sync rate, whatever the CPU could do. Here concurrent saves
queue up while a commit is in flight, and the next commit carries all of them:

- Leader/follower, no thread of its own: a caller that finds no commit in flight becomes the
  leader, takes every queued save (its own included) and writes them in ONE transaction
  (`BEGIN IMMEDIATE` … `COMMIT`) on the pool's writer connection; the others wait, and one of
  them leads the next batch. Nothing to start, stop or fork.
- Each save's events are inserted inside its own SAVEPOINT (a save of one event needs none: a
  failed statement undoes itself). Once every save of the batch is in, `finish` writes what
  covers them all (our `SQLiteLog`: the audit-chain links of every committed save, in log
  order, and their head checkpoints, one statement each for the whole batch), in the same
  transaction, so the chain is exactly what lone saves would have written.
- A save whose events collide with stored ones (the primary key on originator_id and
  originator_version: another writer got that version first, possibly earlier in the same
  batch) is rolled back to its savepoint alone and answered with the library's
  `IntegrityError` (a `RecordConflictError`), so `_attempt` runs the command again on fresh
  state; the rest of the batch commits. Rolled-back rows leave no gap: positions are rowids.
- Every caller is answered only after the batch's COMMIT returned (or failed): a conflict is
  never retried against uncommitted state, and no save is acknowledged before it is durable.
- Any other database error aborts the whole batch: nothing of it is committed, and every caller
  in it gets the error (the library's exception class, as for a lone save).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg
from eventsourcing import persistence as p
from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteCursor

# The library's own mapping (SQLiteTransaction.__exit__), most specific first.
_ERRORS: tuple[tuple[type[sqlite3.Error], type[p.PersistenceError]], ...] = (
    (sqlite3.InterfaceError, p.InterfaceError),
    (sqlite3.DataError, p.DataError),
    (sqlite3.OperationalError, p.OperationalError),
    (sqlite3.IntegrityError, p.IntegrityError),
    (sqlite3.InternalError, p.InternalError),
    (sqlite3.ProgrammingError, p.ProgrammingError),
    (sqlite3.NotSupportedError, p.NotSupportedError),
    (sqlite3.DatabaseError, p.DatabaseError),
)


def persistence_error(error: sqlite3.Error) -> p.PersistenceError:
    """The library's exception for a sqlite3 one, chained to it."""
    for raw, ours in _ERRORS:
        if isinstance(error, raw):
            converted: p.PersistenceError = ours(error)
            break
    else:
        converted = p.PersistenceError(error)
    converted.__cause__ = error
    return converted


InsertEvents = Callable[..., Sequence[int] | None]
Outcome = tuple[Sequence[int] | None, BaseException | None]
# (cursor, [(positions, stored events, save kwargs)] of the batch's saves that went in)
Finish = Callable[[Any, list[tuple[Sequence[int], Sequence[StoredEvent], dict[str, Any]]]], None]


@dataclass
class _Save:
    stored_events: Sequence[StoredEvent]
    kwargs: dict[str, Any]
    done: bool = False
    ids: Sequence[int] | None = None
    error: BaseException | None = None


@dataclass
class GroupStats:
    """How many transactions carried how many saves (for benchmarks and tests)."""

    commits: int = 0
    saves: int = 0
    failed: int = 0  # saves answered with an error (conflicts included)
    largest: int = 0
    sizes: dict[int, int] = field(default_factory=dict)


class GroupCommitter:
    """Writes concurrent callers' saves in shared transactions; see the module docstring."""

    def __init__(
        self,
        datastore: Any,
        insert: InsertEvents,
        finish: Finish | None = None,
        max_batch: int = 512,
    ) -> None:
        self.datastore = datastore
        self._insert = insert  # the library recorder's `_insert_events(cursor, stored_events)`
        self._finish = finish
        self.max_batch = max_batch
        self.stats = GroupStats()
        self._queue: list[_Save] = []
        self._leading = False
        self._changed = threading.Condition()

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """Append the events atomically, together with whoever else is saving now; return their
        positions once they are committed, or raise as a lone save would."""
        save = _Save(stored_events, kwargs)
        with self._changed:
            self._queue.append(save)
            while not save.done and self._leading:
                self._changed.wait()
            if not save.done:
                self._leading = True
                batch, self._queue = self._queue[: self.max_batch], self._queue[self.max_batch :]
        if not save.done:
            try:
                self._write(batch)
            finally:
                with self._changed:
                    for other in batch:
                        if not other.done:
                            # _write raised something unexpected, which goes on up from the
                            # leader; its followers learn that their save is not committed.
                            other.error = p.PersistenceError(
                                "the group commit did not complete (see the log for the error)"
                            )
                            other.done = True
                    self._leading = False
                    self._changed.notify_all()
        if save.error is not None:
            raise save.error
        return save.ids

    def _write(self, batch: list[_Save]) -> None:
        """One transaction for the batch; sets every save's outcome (done) after COMMIT."""
        outcomes = self._transaction(batch)
        failed = 0
        for save, (ids, failure) in zip(batch, outcomes, strict=True):
            save.ids, save.error, save.done = ids, failure, True
            failed += failure is not None
        stats = self.stats
        stats.commits += 1
        stats.saves += len(batch)
        stats.failed += failed
        stats.largest = max(stats.largest, len(batch))
        stats.sizes[len(batch)] = stats.sizes.get(len(batch), 0) + 1

    def _transaction(self, batch: list[_Save]) -> list[Outcome]:
        """Every save of the batch in one SQLite transaction; each save's outcome."""
        outcomes: list[Outcome] = []
        try:
            with self.datastore.get_connection(commit=True) as connection:
                cursor = connection.cursor()
                try:
                    cursor.execute("BEGIN IMMEDIATE")
                    for save in batch:
                        outcomes.append(self._one(cursor, save))
                    if self._finish is not None:
                        went_in = [
                            (ids, save.stored_events, save.kwargs)
                            for save, (ids, _) in zip(batch, outcomes, strict=True)
                            if ids
                        ]
                        self._finish(cursor, went_in)
                    connection.commit()
                except sqlite3.Error as error:
                    connection.rollback()  # a no-op when no transaction is open
                    outcomes = [(None, persistence_error(error))] * len(batch)
        except (p.PersistenceError, p.ConnectionPoolClosedError) as unavailable:
            outcomes = [(None, unavailable)] * len(batch)  # no connection: nothing was written
        return outcomes

    def _one(
        self, cursor: SQLiteCursor, save: _Save
    ) -> tuple[Sequence[int] | None, BaseException | None]:
        """One caller's save inside its own savepoint; a key collision undoes it alone."""
        if len(save.stored_events) == 1:
            try:
                return self._insert(cursor, save.stored_events, **save.kwargs), None
            except sqlite3.IntegrityError as error:
                return None, persistence_error(error)
        cursor.execute("SAVEPOINT filmhouse_save")
        try:
            ids = self._insert(cursor, save.stored_events, **save.kwargs)
        except sqlite3.IntegrityError as error:
            cursor.execute("ROLLBACK TO filmhouse_save")
            cursor.execute("RELEASE filmhouse_save")
            return None, persistence_error(error)
        cursor.execute("RELEASE filmhouse_save")
        return ids, None


class PostgresGroupCommitter(GroupCommitter):
    """The same for PostgreSQL, where each lone save is a transaction under the library's
    EXCLUSIVE table lock, so the log grows at the server's commit rate: here a batch takes the
    lock once (`begin`: the library's lock statements and NOTIFY), each save runs in its own
    savepoint (psycopg's nested transaction), and one COMMIT carries them all."""

    def __init__(
        self,
        datastore: Any,
        insert: InsertEvents,
        finish: Finish,
        begin: Callable[[Any], None],
        max_batch: int = 512,
    ) -> None:
        super().__init__(datastore, insert, finish, max_batch)
        self._begin = begin

    def _transaction(self, batch: list[_Save]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        try:
            # The library's get_connection maps psycopg's errors onto its own.
            with (
                self.datastore.get_connection() as connection,
                connection.transaction(),
                connection.cursor() as cursor,
            ):
                self._begin(cursor)
                for save in batch:
                    try:
                        with connection.transaction():
                            ids = self._insert(cursor, save.stored_events, **save.kwargs)
                    except psycopg.IntegrityError as error:
                        conflict = p.IntegrityError(str(error))
                        conflict.__cause__ = error
                        outcomes.append((None, conflict))
                    else:
                        outcomes.append((ids, None))
                went_in = [
                    (ids, save.stored_events, save.kwargs)
                    for save, (ids, _) in zip(batch, outcomes, strict=True)
                    if ids
                ]
                if self._finish is not None:
                    self._finish(cursor, went_in)
        except (p.PersistenceError, p.ConnectionPoolClosedError) as failed:
            outcomes = [(None, failed)] * len(batch)  # rolled back: nothing was written
        return outcomes
