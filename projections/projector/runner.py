"""Views follow the log: rows and the tracked position move in one transaction, many events per
transaction when catching up, so a restart resumes exactly once and a rebuild starts from zero.

`View` is the base of every read model: DDL, the event classes it handles (`@on(...)`), and
queries that take a `Tx`, so the same code serves the live view and a replay "as of" a past
position into a private in-memory database.
"""

from __future__ import annotations

import gc
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, NamedTuple, TypeVar
from uuid import UUID

import psycopg
from eventsourcing.persistence import Notification, PersistenceError
from eventsourcing.utils import get_topic

from domain.filmhouse import FilmHouse
from projections.projector.batching import Rows
from projections.projector.sql import Database, Tx

log = logging.getLogger(__name__)
TRACKING = "view_tracking"
BATCH = 2000  # following the log: short write transactions, so appends never wait long
# Rebuilding from zero: events per write transaction. The lock is held only to write what a
# batch changed (handlers run before it), and each row changed in a batch is written once, so
# the fewer the batches the less is written: 250,000 events rebuild in ~60 % of the CPU
# 10,000-event batches take (bench/RESULTS-rebuild.md).
REBUILD_BATCH = 250_000
REBUILD_CACHE_MIB = 256  # and a SQLite page cache that holds the views being written
REBUILD_KEEP_ROWS = 3_000_000  # rows a rebuild's views may keep between batches (see View)
CHUNK = 2000  # events read and decoded at a time (a batch is many chunks)


class Envelope(NamedTuple):
    """One event as a view sees it: where it stands in the log, who wrote it, when. (A named
    tuple: a rebuild makes a million, and a frozen dataclass costs three times as much to make.)"""

    position: int
    event: Any
    meta: dict[str, Any]

    @property
    def originator_id(self) -> UUID:
        return self.event.originator_id  # type: ignore[no-any-return]

    @property
    def at(self) -> datetime:
        return self.event.timestamp  # type: ignore[no-any-return]

    @property
    def actor(self) -> str:
        return str(self.meta.get("actor", "system"))


class WritesNeeded(Exception):
    """A handler tried to write SQL while its batch was being applied outside the write lock."""


class ReadOnlyTx(Tx):
    """The transaction handlers see while a batch is applied before the write lock is taken:
    they may read; a statement that would write stops the batch (see `Projector.catch_up`)."""

    def __init__(self, tx: Tx) -> None:
        super().__init__(tx._cursor, tx.postgres)

    def execute(self, statement: str, params: Sequence[Any] = ()) -> Tx:
        if statement.lstrip()[:6].upper() != "SELECT":
            raise WritesNeeded(statement)
        return super().execute(statement, params)

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            raise WritesNeeded(statement)


F = TypeVar("F", bound=Callable[..., None])


def on(*event_classes: type, batched: bool = False,
       writes_other_tables: bool = False) -> Callable[[F], F]:
    """Mark a view method as the handler of these events.
    - `batched`: the method reaches the tables its view holds in `Rows` (write-behind, flushed
      once per batch) only through them, and may read its other tables with SQL;
    - `writes_other_tables` (implies `batched`): it also writes, with SQL, tables its view does
      not hold in `Rows`, so it runs inside the write transaction, the view keeping what it
      holds;
    - neither: it may write any of its view's tables with SQL. Before it the view writes what
      the batch holds and drops it, so that its SQL sees everything and is seen afterwards."""

    def mark(method: F) -> F:
        method._handles = event_classes  # type: ignore[attr-defined]
        method._batched = batched or writes_other_tables  # type: ignore[attr-defined]
        method._writes = writes_other_tables or not batched  # type: ignore[attr-defined]
        return method

    return mark


class View:
    name: ClassVar[str]
    SCHEMA_VERSION: ClassVar[int] = 1
    TABLES: ClassVar[tuple[str, ...]] = ()
    DDL: ClassVar[tuple[str, ...]] = ()
    _handlers: ClassVar[dict[type, list[Callable[..., None]]]]
    _dispatch: ClassVar[dict[type, tuple[tuple[Callable[..., None], bool], ...]]]
    _locked: ClassVar[frozenset[type]]  # events some handler applies by writing SQL

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        handlers: dict[type, list[Callable[..., None]]] = {}
        for klass in reversed(cls.__mro__):
            for attr in vars(klass).values():
                for event_class in getattr(attr, "_handles", ()):
                    handlers.setdefault(event_class, []).append(attr)
        cls._handlers = handlers
        cls._dispatch = {
            event_class: tuple((h, bool(getattr(h, "_batched", False))) for h in methods)
            for event_class, methods in handlers.items()
        }
        cls._locked = frozenset(
            event_class for event_class, methods in handlers.items()
            if any(getattr(h, "_writes", True) for h in methods))

    def __init__(self) -> None:
        self._rows: list[Rows] = []
        self._in_batch = False

    def rows(self, table: str, key: Sequence[str], columns: Sequence[str]) -> Rows:
        """A write-behind cache of one of this view's tables (projections/projector/batching.py)."""
        cache = Rows(table, key, columns)
        self._rows.append(cache)
        return cache

    # -- batches ------------------------------------------------------------------------------

    KEEP_ROWS = 200_000  # rows a view may keep between batches; past this it reads afresh

    def begin_batch(self, tx: Tx, *, keep: bool = False) -> None:
        """A batch of events starts in `tx`. `keep`: the tables hold exactly what this view
        wrote at the end of its previous batch, so the rows it kept are still true."""
        if not keep:
            self.forget()
        self._in_batch = True

    def flush(self, tx: Tx) -> None:
        """Write what the batch holds; the projector calls it before moving the position."""
        for cache in self._rows:
            cache.flush(tx)

    def end_batch(self, keep_rows: int | None = None) -> None:
        self._in_batch = False
        if sum(len(cache) for cache in self._rows) > (keep_rows or self.KEEP_ROWS):
            self.forget()

    def fresh(self) -> None:
        """The view's tables were just created, empty: until it forgets, what its rows hold is
        all the tables hold, so a row it has not seen is absent without asking the table."""
        self.forget()
        for cache in self._rows:
            cache.complete = True

    def forget(self) -> None:
        """Drop every row held: the next reads go to the tables."""
        for cache in self._rows:
            cache.clear()

    def topics(self) -> list[str]:
        return sorted(get_topic(c) for c in self._handlers)

    def create(self, tx: Tx) -> None:
        for statement in self.DDL:
            tx.execute(statement)

    def drop(self, tx: Tx) -> None:
        for table in self.TABLES:
            tx.execute(f"DROP TABLE IF EXISTS {table}")

    def apply(self, tx: Tx, envelope: Envelope) -> None:
        """Apply one event; outside a batch (a redelivery, a test), as a batch of its own."""
        if not self._in_batch:
            self.begin_batch(tx)
            try:
                self._apply(tx, envelope)
                self.flush(tx)
            finally:
                self.end_batch()
                self.forget()  # the caller's transaction may yet roll back
            return
        self._apply(tx, envelope)

    def _apply(self, tx: Tx, envelope: Envelope) -> None:
        for handler, batched in self._dispatch.get(type(envelope.event), ()):
            if not batched:
                self.flush(tx)
                self.forget()
            handler(self, tx, envelope)


@dataclass(frozen=True)
class ViewStatus:
    name: str
    position: int
    head: int
    schema_version: int

    @property
    def lag(self) -> int:
        return max(self.head - self.position, 0)


class Projector:
    """Keeps a set of views current with the log of one application."""

    def __init__(self, app: FilmHouse, views: Sequence[View], db: Database | None = None) -> None:
        self.app = app
        self.views = {view.name: view for view in views}
        self.db = db or Database.beside(app.factory.datastore)  # type: ignore[attr-defined]
        self._positions: dict[str, int] = {}
        self._written: dict[str, int] = {}  # where each view stood after our last batch
        self._writers: set[tuple[str, type]] = set()  # (view, event) handled by writing SQL
        self.lock_wait = 0.0  # seconds spent waiting for the write lock (another writer)
        self._lock = threading.Lock()
        self._running = False
        self._wake = threading.Condition()

    # -- schema -----------------------------------------------------------------------------

    def ensure(self) -> list[str]:
        """Create missing views; rebuild any whose SCHEMA_VERSION changed. Returns rebuilt names."""
        rebuilt = []
        with self.db.schema_change() as tx:
            tx.execute(
                f"CREATE TABLE IF NOT EXISTS {TRACKING} (view TEXT PRIMARY KEY, "
                "position BIGINT NOT NULL, schema_version INTEGER NOT NULL)"
            )
        for view in self.views.values():
            with self.db.schema_change() as tx:
                row = tx.execute(
                    f"SELECT position, schema_version FROM {TRACKING} WHERE view = ?",
                    (view.name,),
                ).fetchone()
                if row is not None and row[1] == view.SCHEMA_VERSION:
                    self._positions[view.name] = int(row[0])
                    continue
                view.drop(tx)
                view.create(tx)
                tx.execute(f"DELETE FROM {TRACKING} WHERE view = ?", (view.name,))
                tx.execute(
                    f"INSERT INTO {TRACKING} (view, position, schema_version) VALUES (?, 0, ?)",
                    (view.name, view.SCHEMA_VERSION),
                )
                self._positions[view.name] = 0
                self._fresh(view)
                if row is not None:
                    rebuilt.append(view.name)
        return rebuilt

    def _fresh(self, view: View) -> None:
        """The view's tables were created empty at position 0 and committed: its next batch
        keeps that knowledge, unless another process has moved the view meanwhile (then the
        position it reads under the write lock is no longer 0, and the view forgets)."""
        view.fresh()
        self._written[view.name] = 0

    # -- following the log ------------------------------------------------------------------

    def head(self) -> int:
        return int(self.app.recorder.max_notification_id() or 0)

    def decode(self, notification: Notification) -> Envelope:
        event, meta = self.app.mapper.decode(notification)  # type: ignore[attr-defined]
        return Envelope(position=notification.id, event=event, meta=meta)

    def catch_up(
        self,
        names: str | Sequence[str],
        *,
        until: int | None = None,
        batch: int = BATCH,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> int:
        """Apply what the views have not seen, up to `until` (default: the head now), in one
        pass over the log: each event is read and decoded once for every view that wants it,
        `batch` events per write transaction.

        The write lock is held only to write what a batch changed. The batch's events are
        read, decoded and handed to the views first, a chunk at a time, each chunk in a short
        read transaction: handlers work on the rows their views hold (`Rows`) and may read
        other tables, never write them.
        Under the write lock the positions are read again; if another process moved a view
        meanwhile, the views forget what the batch changed (nothing of it was written) and
        the batch is read afresh, so nothing is applied twice. An event whose handler must
        write SQL of its own (a handler not `batched`, or one that tried to write) ends the
        batch before it and is applied, with the few events after it, under the write lock
        as the handler needs."""
        chosen = [names] if isinstance(names, str) else list(names)
        target = self.head() if until is None else until
        applied = 0
        cache = REBUILD_CACHE_MIB if batch >= REBUILD_BATCH else 0
        keep_rows = REBUILD_KEEP_ROWS if cache else None
        locked = False  # the next batch applies its events under the write lock
        while True:
            taken, reached, unlocked = 0, 0, not locked
            with self.db.read() as tx:
                behind = self._behind(tx, chosen, target, lock="")
                if not behind:
                    return applied
                views = [self.views[n] for n in behind]
                wanted = self._wanted(views)
                if unlocked:
                    for view in views:
                        view.begin_batch(tx, keep=self._written.get(view.name) ==
                                         behind[view.name])
            if unlocked:
                try:
                    taken, reached, locked = self._apply_unlocked(
                        views, wanted, behind, target, batch)
                except WritesNeeded:  # nothing was written: drop the batch, redo it locked
                    self._forget(views, keep_rows)
                    locked = True
                    continue
                except BaseException:
                    self._forget(views, keep_rows)
                    raise
            if unlocked and (taken or not locked):
                if not self._write_batch(views, behind, target, reached, cache, keep_rows):
                    continue  # another process moved a view: read the batch afresh
                applied += taken
            else:
                if unlocked:  # it stopped at its first event: nothing applied, nothing lost
                    for view in views:
                        view.end_batch(keep_rows)
                locked = False
                applied += self._batch_under_lock(views, wanted, behind, target,
                                                  min(batch, CHUNK), cache, keep_rows)
            self._report(progress, behind, target)

    def _write_batch(self, views: list[View], behind: dict[str, int], target: int,
                     reached: int, cache: int, keep_rows: int | None) -> bool:
        """Under the write lock: write what the views changed and move their positions to
        `reached`, unless another process moved one since `behind` was read (then the views
        forget the batch, and False)."""
        try:
            with self._under_lock(behind, target, cache) as tx:
                if tx is None:
                    self._forget(views, keep_rows)
                    return False
                for view in views:
                    view.flush(tx)
                self._move(tx, behind, reached)
        except BaseException:
            self._forget(views, keep_rows)
            raise
        for view in views:
            view.end_batch(keep_rows)
        self._moved(behind, reached)
        return True

    def _wanted(self, views: list[View]) -> dict[str, list[View]]:
        wanted: dict[str, list[View]] = {}
        for view in views:
            for topic in view.topics():
                wanted.setdefault(topic, []).append(view)
        return wanted

    def _apply_unlocked(self, views: list[View], wanted: dict[str, list[View]],
                        behind: dict[str, int], target: int,
                        batch: int) -> tuple[int, int, bool]:
        """Read, decode and apply up to `batch` events after `behind`, a chunk at a time (each
        chunk's handlers read in a short read transaction of their own: a long one would hold
        back SQLite's checkpoints and be ended by PostgreSQL's idle-in-transaction timeout),
        stopping before the first event a handler must write SQL for. Returns the events
        applied, the position reached and whether it stopped for such an event."""
        start = min(behind.values()) + 1
        taken_count = 0
        reached = start - 1
        while reached < target and reached - start + 1 < batch:
            taken, read_to = self._read(wanted, behind, reached + 1, target,
                                        min(CHUNK, batch - (reached - start + 1)))
            for index, (envelope, takers) in enumerate(taken):
                if any(self._writes(view, envelope) for view in takers):
                    self._apply_all(taken[:index])
                    return taken_count + index, envelope.position - 1, True
            self._apply_all(taken)
            taken_count += len(taken)
            reached = read_to
        return taken_count, reached, False

    def _read(self, wanted: dict[str, list[View]], behind: dict[str, int], start: int,
              target: int, limit: int) -> tuple[list[tuple[Envelope, list[View]]], int]:
        """Up to `limit` events from `start` that some view wants, decoded, and the position
        read to (`target` when the log had no more of them)."""
        notes = self.app.recorder.select_notifications(
            start=start, limit=limit, stop=target, topics=sorted(wanted),
        ) if wanted else []
        return (self._decode(notes, wanted, behind),
                notes[-1].id if len(notes) == limit else target)

    def _writes(self, view: View, envelope: Envelope) -> bool:
        """Whether `view` must write SQL of its own to apply this event."""
        kind = type(envelope.event)
        return kind in view._locked or (view.name, kind) in self._writers

    def _apply_all(self, taken: list[tuple[Envelope, list[View]]]) -> None:
        """Apply decoded events before the write lock, in a read transaction."""
        if not taken:
            return
        with self.db.read() as tx:
            reading = ReadOnlyTx(tx)
            for envelope, takers in taken:
                for view in takers:
                    try:
                        view.apply(reading, envelope)
                    except WritesNeeded:
                        self._writers.add((view.name, type(envelope.event)))
                        raise

    def _batch_under_lock(self, views: list[View], wanted: dict[str, list[View]],
                          behind: dict[str, int], target: int, batch: int, cache: int,
                          keep_rows: int | None) -> int:
        """Apply up to `batch` events with every handler inside the write transaction (for
        handlers that write SQL of their own). Returns the events applied."""
        taken, reached = self._read(wanted, behind, min(behind.values()) + 1, target, batch)
        with self._under_lock(behind, target, cache) as tx:
            if tx is None:
                self._forget(views, keep_rows)
                return 0
            applied = self._apply_batch(tx, taken, views, behind, keep_rows)
            self._move(tx, behind, reached)
        self._moved(behind, reached)
        return applied

    @contextmanager
    def _under_lock(self, behind: dict[str, int], target: int,
                    cache: int) -> Iterator[Tx | None]:
        """The write transaction, the views' positions read again under its lock: None in
        it when another process moved a view since `behind` was read."""
        asked = time.perf_counter()
        with self.db.write(cache_mib=cache) as tx:
            lock = " FOR UPDATE" if tx.postgres else ""
            moved = self._behind(tx, list(behind), target, lock=lock) != behind
            self.lock_wait += time.perf_counter() - asked
            yield None if moved else tx

    def _move(self, tx: Tx, behind: dict[str, int], reached: int) -> None:
        for name, position in behind.items():
            tx.execute(f"UPDATE {TRACKING} SET position = ? WHERE view = ?",
                       (max(reached, position), name))

    def _moved(self, behind: dict[str, int], reached: int) -> None:
        for name, position in behind.items():
            self._positions[name] = self._written[name] = max(reached, position)

    @staticmethod
    def _forget(views: list[View], keep_rows: int | None) -> None:
        for view in views:
            view.forget()
            view.end_batch(keep_rows)

    def _report(self, progress: Callable[[str, int, int], None] | None,
                behind: dict[str, int], target: int) -> None:
        if progress:
            reached = min(self._positions[name] for name in behind)
            progress(",".join(behind) if len(behind) < 3 else "all views", reached, target)

    def _behind(self, tx: Tx, names: list[str], target: int, *, lock: str) -> dict[str, int]:
        """The views among `names` whose tracked position is short of `target`, with it."""
        behind = {}
        for name in names:
            position = int(tx.scalar(
                f"SELECT position FROM {TRACKING} WHERE view = ?{lock}", (name,)))
            self._positions[name] = position
            if position < target:
                behind[name] = position
        return behind

    def _decode(self, notes: Sequence[Notification], wanted: dict[str, list[View]],
                behind: dict[str, int]) -> list[tuple[Envelope, list[View]]]:
        """The batch's events that some view still wants, decoded once (their members' keys
        fetched together), each with the views to hand it to."""
        ahead = max(behind.values())
        taken: list[tuple[Notification, list[View]]] = []
        for note in notes:
            takers = wanted[note.topic]
            if note.id <= ahead:
                takers = [v for v in takers if behind[v.name] < note.id]
            if takers:
                taken.append((note, takers))
        decoded = self.app.mapper.decode_many(  # type: ignore[attr-defined]
            [note for note, _ in taken])
        return [(Envelope(note.id, event, meta), takers)
                for (note, takers), (event, meta) in zip(taken, decoded, strict=True)]

    def _apply_batch(self, tx: Tx, taken: list[tuple[Envelope, list[View]]], views: list[View],
                     behind: dict[str, int], keep_rows: int | None = None) -> int:
        """Hand each decoded event to the views that want it; each view writes what it held
        before the batch ends."""
        for view in views:
            view.begin_batch(tx, keep=self._written.get(view.name) == behind[view.name])
        try:
            for envelope, takers in taken:
                for view in takers:
                    view.apply(tx, envelope)
            for view in views:
                view.flush(tx)
        except BaseException:
            for view in views:
                view.forget()
            raise
        finally:
            for view in views:
                view.end_batch(keep_rows)
        return len(taken)

    def catch_up_all(self, *, until: int | None = None,
                     progress: Callable[[str, int, int], None] | None = None) -> int:
        target = self.head() if until is None else until
        with self._lock:
            return self.catch_up(list(self.views), until=target, progress=progress)

    def rebuild(self, names: Iterable[str] | None = None,
                progress: Callable[[str, int, int], None] | None = None, *,
                until: int | None = None, batch: int | None = None) -> int:
        """Rebuild views from zero up to `until` (default: the head now), `batch` events
        (default `REBUILD_BATCH`) per transaction."""
        chosen = list(names or self.views)
        for name in chosen:
            view = self.views[name]
            with self.db.write() as tx:
                view.drop(tx)
                view.create(tx)
                tx.execute(f"UPDATE {TRACKING} SET position = 0 WHERE view = ?", (name,))
            self._positions[name] = 0
            self._fresh(view)
        target = self.head() if until is None else until
        # A rebuild allocates millions of short-lived objects and makes no reference cycles,
        # while the views hold hundreds of thousands of rows: the cyclic collector would walk
        # those again and again (a third of the CPU of a 1,000,000-event rebuild).
        collecting = gc.isenabled()
        gc.disable()
        try:
            with self._lock:
                return self.catch_up(chosen, until=target, batch=batch or REBUILD_BATCH,
                                     progress=progress)
        finally:
            if collecting:
                gc.enable()

    def status(self) -> list[ViewStatus]:
        head = self.head()
        with self.db.read() as tx:
            rows = tx.execute(f"SELECT view, position, schema_version FROM {TRACKING}").fetchall()
        known = {r[0]: r for r in rows}
        return [
            ViewStatus(name, int(known[name][1]) if name in known else 0, head,
                       int(known[name][2]) if name in known else 0)
            for name in self.views
        ]

    # -- reading your own writes ------------------------------------------------------------

    def wait_for(self, position: int | None = None, timeout: float = 2.0) -> bool:
        """Block briefly until every view has reached `position` (default: the head now)."""
        target = self.head() if position is None else position
        if all(p >= target for p in self._positions.values()):
            return True
        if not self._running:
            self.catch_up_all(until=max(target, 0))
            return True
        deadline = time.monotonic() + timeout
        with self._wake:
            self._wake.notify_all()
        while time.monotonic() < deadline:
            if all(p >= target for p in self._positions.values()):
                return True
            time.sleep(0.003)
        return False

    def run(self, stop: threading.Event, interval: float = 0.05) -> None:
        """Follow the log until stopped: LISTEN/NOTIFY on PostgreSQL, polling on SQLite.

        A database that is briefly unavailable (busy, restarting, a pool timeout) does not stop
        the views: the error is logged, and the same batch is tried again after a pause; its
        rows and position were rolled back together, so nothing is applied twice."""
        self._running = True
        listener = None
        try:
            while not stop.is_set():
                try:
                    if listener is None and self.db.postgres:
                        listener = self._listen()
                    self.catch_up_all()
                    if listener is not None:
                        for _ in listener.notifies(timeout=interval * 10, stop_after=1):
                            break
                    else:
                        with self._wake:
                            self._wake.wait(interval)
                except (PersistenceError, psycopg.Error, sqlite3.Error) as error:
                    log.warning("views could not follow the log (%s); trying again", error)
                    if listener is not None:
                        listener.close()
                        listener = None
                    stop.wait(1.0)
        finally:
            self._running = False
            if listener is not None:
                listener.close()

    def _listen(self) -> Any:
        settings = dict(self.db.datastore.pool.kwargs)  # type: ignore[union-attr,arg-type]
        settings.pop("row_factory", None)
        conn = psycopg.connect(**settings, autocommit=True)
        conn.execute(f'LISTEN "{self.app.recorder.channel_name}"')  # type: ignore[attr-defined]
        return conn

    def start(self) -> Callable[[], None]:
        """Run in a background thread; returns the function that stops it."""
        stop = threading.Event()
        thread = threading.Thread(target=self.run, args=(stop,), name="projector", daemon=True)
        self._running = True
        thread.start()

        def halt() -> None:
            stop.set()
            with self._wake:
                self._wake.notify_all()
            thread.join(timeout=5)

        return halt
