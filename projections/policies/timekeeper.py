"""The timers `serve` runs itself, by the application clock: waitlist offers expire, unattended
bookings are released as no-shows, the screening room's 7-day answer falls due, funds close on
their date, and the mail outbox is delivered. Each is a named policy that issues ordinary
commands as the system; one that someone already handled is skipped."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime
from uuid import uuid4

from domain.errors import DomainError
from domain.filmhouse import FilmHouse
from projections.policies.mail import Transport, deliver_pending
from projections.policies.runner import PolicyRunner
from projections.projector.runner import Projector
from projections.projector.sql import Database
from projections.views.funds import Funds

log = logging.getLogger(__name__)


def close_due_funds(app: FilmHouse, projector: Projector, now: datetime) -> int:
    """Funds whose closing date has passed are closed (as the system)."""
    with projector.db.read() as tx:
        due = [
            f.fund_id
            for f in Funds.funds(tx)
            if not f.closed and datetime.fromisoformat(f.closes) <= now
        ]
    closed = 0
    for fund_id in due:
        try:
            closed += int(app.close_fund_if_due(fund_id))
        except DomainError:
            continue
    return closed


LEASE_TABLE = "timer_lease"
LEASE_SECONDS = 60.0


class Lease:
    """Only one process runs the timers at a time (the others stand by): a row every process
    tries to take or renew, in one statement, so two never both hold it."""

    def __init__(self, db: Database, holder: str | None = None) -> None:
        self.db = db
        self.holder = holder or uuid4().hex
        with db.schema_change() as tx:
            tx.execute(
                f"CREATE TABLE IF NOT EXISTS {LEASE_TABLE} (name TEXT PRIMARY KEY, "
                "holder TEXT NOT NULL, until_s DOUBLE PRECISION NOT NULL)"
            )
            tx.execute(
                f"INSERT INTO {LEASE_TABLE} (name, holder, until_s) VALUES "
                "('timers', '', 0) ON CONFLICT (name) DO NOTHING"
            )

    def take(self) -> bool:
        now = time.time()
        with self.db.write() as tx:
            tx.execute(
                f"UPDATE {LEASE_TABLE} SET holder = ?, until_s = ? WHERE name = 'timers' "
                "AND (holder = ? OR until_s < ?)",
                (self.holder, now + LEASE_SECONDS, self.holder, now),
            )
            holder = tx.scalar(f"SELECT holder FROM {LEASE_TABLE} WHERE name = 'timers'")
        return bool(holder == self.holder)


class Timekeeper:
    def __init__(
        self, app: FilmHouse, projector: Projector, *, transport: Transport | None = None
    ) -> None:
        """`transport` delivers the mail outbox (None: mail is left for another sender)."""
        self.app = app
        self.projector = projector
        self.bookings = PolicyRunner(app, projector)
        self.transport = transport

    def tick(self) -> int:
        """Run everything due now; returns how many commands changed something."""
        now = self.app.clock.now()
        done = self.bookings.run_due(now)
        done += close_due_funds(self.app, self.projector, now)
        if self.transport is not None:
            report = deliver_pending(self.app, self.projector.db, self.transport)
            done += report.sent
        return done

    def start(self, interval: float = 15.0) -> Callable[[], None]:
        stop = threading.Event()
        lease = Lease(self.projector.db)

        def loop() -> None:
            while not stop.wait(interval):
                try:
                    if lease.take():
                        self.tick()
                except DomainError as error:  # a refusal is not a crash of the timers
                    log.warning("timer refused: %s", error)

        thread = threading.Thread(target=loop, name="timekeeper", daemon=True)
        thread.start()

        def halt() -> None:
            stop.set()
            thread.join(timeout=5)

        return halt
