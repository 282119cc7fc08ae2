"""How views catch up with the log: batches read and decoded once for every view that wants
them, applied before the write lock is taken where the handlers allow it, and written with the
views' positions in one transaction, so a restart resumes exactly once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from eventsourcing.persistence import Notification

from domain.filmhouse import FilmHouse
from projections.projector.sql import Database, Tx
from projections.projector.view import Envelope, ReadOnlyTx, View, WritesNeeded

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


class Follower:
    """Catches a set of views up with the log of one application (the `Projector` adds their
    schema, rebuilds and the loop that follows the log)."""

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
                        view.begin_batch(tx, keep=self._written.get(view.name) == behind[view.name])
            if unlocked:
                try:
                    taken, reached, locked = self._apply_unlocked(
                        views, wanted, behind, target, batch
                    )
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
                applied += self._batch_under_lock(
                    views, wanted, behind, target, min(batch, CHUNK), cache, keep_rows
                )
            self._report(progress, behind, target)

    def _write_batch(
        self,
        views: list[View],
        behind: dict[str, int],
        target: int,
        reached: int,
        cache: int,
        keep_rows: int | None,
    ) -> bool:
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

    def _apply_unlocked(
        self,
        views: list[View],
        wanted: dict[str, list[View]],
        behind: dict[str, int],
        target: int,
        batch: int,
    ) -> tuple[int, int, bool]:
        """Read, decode and apply up to `batch` events after `behind`, a chunk at a time (each
        chunk's handlers read in a short read transaction of their own: a long one would hold
        back SQLite's checkpoints and be ended by PostgreSQL's idle-in-transaction timeout),
        stopping before the first event a handler must write SQL for. Returns the events
        applied, the position reached and whether it stopped for such an event."""
        start = min(behind.values()) + 1
        taken_count = 0
        reached = start - 1
        while reached < target and reached - start + 1 < batch:
            taken, read_to = self._read(
                wanted, behind, reached + 1, target, min(CHUNK, batch - (reached - start + 1))
            )
            for index, (envelope, takers) in enumerate(taken):
                if any(self._writes(view, envelope) for view in takers):
                    self._apply_all(taken[:index])
                    return taken_count + index, envelope.position - 1, True
            self._apply_all(taken)
            taken_count += len(taken)
            reached = read_to
        return taken_count, reached, False

    def _read(
        self,
        wanted: dict[str, list[View]],
        behind: dict[str, int],
        start: int,
        target: int,
        limit: int,
    ) -> tuple[list[tuple[Envelope, list[View]]], int]:
        """Up to `limit` events from `start` that some view wants, decoded, and the position
        read to (`target` when the log had no more of them)."""
        notes = (
            self.app.recorder.select_notifications(
                start=start, limit=limit, stop=target, topics=sorted(wanted)
            )
            if wanted
            else []
        )
        return (
            self._decode(notes, wanted, behind),
            notes[-1].id if len(notes) == limit else target,
        )

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

    def _batch_under_lock(
        self,
        views: list[View],
        wanted: dict[str, list[View]],
        behind: dict[str, int],
        target: int,
        batch: int,
        cache: int,
        keep_rows: int | None,
    ) -> int:
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
    def _under_lock(self, behind: dict[str, int], target: int, cache: int) -> Iterator[Tx | None]:
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
            tx.execute(
                f"UPDATE {TRACKING} SET position = ? WHERE view = ?", (max(reached, position), name)
            )

    def _moved(self, behind: dict[str, int], reached: int) -> None:
        for name, position in behind.items():
            self._positions[name] = self._written[name] = max(reached, position)

    @staticmethod
    def _forget(views: list[View], keep_rows: int | None) -> None:
        for view in views:
            view.forget()
            view.end_batch(keep_rows)

    def _report(
        self, progress: Callable[[str, int, int], None] | None, behind: dict[str, int], target: int
    ) -> None:
        if progress:
            reached = min(self._positions[name] for name in behind)
            progress(",".join(behind) if len(behind) < 3 else "all views", reached, target)

    def _behind(self, tx: Tx, names: list[str], target: int, *, lock: str) -> dict[str, int]:
        """The views among `names` whose tracked position is short of `target`, with it."""
        behind = {}
        for name in names:
            position = int(
                tx.scalar(f"SELECT position FROM {TRACKING} WHERE view = ?{lock}", (name,))
            )
            self._positions[name] = position
            if position < target:
                behind[name] = position
        return behind

    def _decode(
        self, notes: Sequence[Notification], wanted: dict[str, list[View]], behind: dict[str, int]
    ) -> list[tuple[Envelope, list[View]]]:
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
            [note for note, _ in taken]
        )
        return [
            (Envelope(note.id, event, meta), takers)
            for (note, takers), (event, meta) in zip(taken, decoded, strict=True)
        ]

    def _apply_batch(
        self,
        tx: Tx,
        taken: list[tuple[Envelope, list[View]]],
        views: list[View],
        behind: dict[str, int],
        keep_rows: int | None = None,
    ) -> int:
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
