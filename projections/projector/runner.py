"""Views follow the log: rows and the tracked position move in one transaction, many events per
transaction when catching up, so a restart resumes exactly once and a rebuild starts from zero.

The `Projector` keeps a set of views current: it creates them (and rebuilds one whose
SCHEMA_VERSION changed), catches them up (projections/projector/following.py), rebuilds them,
and follows the log in a background thread. `View`, `on` and `Envelope` live in view.py.
"""

from __future__ import annotations

import gc
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

import psycopg
from eventsourcing.persistence import PersistenceError

from projections.projector import following
from projections.projector.following import TRACKING, Follower
from projections.projector.view import View, ViewStatus

__all__ = ["Projector"]

log = logging.getLogger(__name__)


class Projector(Follower):
    """Keeps a set of views current with the log of one application."""

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
                    f"SELECT position, schema_version FROM {TRACKING} WHERE view = ?", (view.name,)
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

    def catch_up_all(
        self, *, until: int | None = None, progress: Callable[[str, int, int], None] | None = None
    ) -> int:
        target = self.head() if until is None else until
        with self._lock:
            return self.catch_up(list(self.views), until=target, progress=progress)

    def rebuild(
        self,
        names: Iterable[str] | None = None,
        progress: Callable[[str, int, int], None] | None = None,
        *,
        until: int | None = None,
        batch: int | None = None,
    ) -> int:
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
                return self.catch_up(
                    chosen, until=target, batch=batch or following.REBUILD_BATCH, progress=progress
                )
        finally:
            if collecting:
                gc.enable()

    def status(self) -> list[ViewStatus]:
        head = self.head()
        with self.db.read() as tx:
            rows = tx.execute(f"SELECT view, position, schema_version FROM {TRACKING}").fetchall()
        known = {r[0]: r for r in rows}
        return [
            ViewStatus(
                name,
                int(known[name][1]) if name in known else 0,
                head,
                int(known[name][2]) if name in known else 0,
            )
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
