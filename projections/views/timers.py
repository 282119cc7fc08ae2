"""What falls due when: waitlist offers running out, bookings whose check-in grace period ends,
screening-room requests whose 7-day answer falls due. The policy runner
(projections/policies/runner.py) reads this view; a timer leaves it as soon as the log shows it
was handled, whoever handled it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from domain.booking import Booking
from domain.booking_terms import CHECK_IN_GRACE
from domain.vocabulary import WorkspaceKind
from domain.waitlist import Waitlist
from projections.projector.sql import Tx
from projections.projector.view import Envelope, View, on

OFFER_EXPIRES = "offer_expires"
CHECK_IN_GRACE_ENDS = "check_in_grace_ends"
REQUEST_ANSWER_DUE = "request_answer_due"

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def micros(moment: datetime) -> int:
    """A moment as whole microseconds since the epoch: exact, and ordered as numbers."""
    return (moment - _EPOCH) // timedelta(microseconds=1)


@dataclass(frozen=True)
class Timer:
    kind: str
    subject_id: UUID  # the waitlist entry (offers) or the booking (check-in, requests)
    due: datetime


class Timers(View):
    name = "timers"
    SCHEMA_VERSION = 1
    TABLES = ("tm_timers", "tm_requests")
    DDL = (
        "CREATE TABLE tm_timers (timer_id TEXT PRIMARY KEY, kind TEXT NOT NULL, "
        "subject_id TEXT NOT NULL, due_us BIGINT NOT NULL, due_at TEXT NOT NULL)",
        "CREATE INDEX tm_timers_due ON tm_timers (due_us)",
        "CREATE TABLE tm_requests (booking_id TEXT PRIMARY KEY, start_at TEXT NOT NULL)",
    )

    # -- events -------------------------------------------------------------------------------

    def __init__(self) -> None:
        super().__init__()
        self._timers = self.rows(
            "tm_timers", ("timer_id",), ("timer_id", "kind", "subject_id", "due_us", "due_at")
        )
        self._requests = self.rows("tm_requests", ("booking_id",), ("booking_id", "start_at"))

    def _set(self, kind: str, subject_id: UUID, due: datetime) -> None:
        self._timers.put(
            (f"{kind}:{subject_id.hex}", kind, subject_id.hex, micros(due), due.isoformat())
        )

    def _clear(self, kind: str, subject_id: UUID) -> None:
        self._timers.delete((f"{kind}:{subject_id.hex}",))

    @on(Booking.Made, batched=True)
    def _made(self, tx: Tx, e: Envelope) -> None:
        if e.event.kind is not WorkspaceKind.SHARED_OFFICE:
            self._set(CHECK_IN_GRACE_ENDS, e.originator_id, e.event.start + CHECK_IN_GRACE)

    @on(Booking.Requested, batched=True)
    def _requested(self, tx: Tx, e: Envelope) -> None:
        self._set(REQUEST_ANSWER_DUE, e.originator_id, e.event.answer_by)
        self._requests.put((e.originator_id.hex, e.event.start.isoformat()))

    @on(Booking.Approved, batched=True)
    def _approved(self, tx: Tx, e: Envelope) -> None:
        self._clear(REQUEST_ANSWER_DUE, e.originator_id)
        row = self._requests.get(tx, (e.originator_id.hex,))
        if row is not None and row[1] is not None:
            due = datetime.fromisoformat(str(row[1])) + CHECK_IN_GRACE
            self._set(CHECK_IN_GRACE_ENDS, e.originator_id, due)

    @on(Booking.Refused, Booking.Cancelled, batched=True)
    def _ended(self, tx: Tx, e: Envelope) -> None:
        self._clear(REQUEST_ANSWER_DUE, e.originator_id)
        self._clear(CHECK_IN_GRACE_ENDS, e.originator_id)
        self._requests.delete((e.originator_id.hex,))

    @on(Booking.CheckedIn, Booking.ReleasedAsNoShow, batched=True)
    def _attended_or_released(self, tx: Tx, e: Envelope) -> None:
        self._clear(CHECK_IN_GRACE_ENDS, e.originator_id)

    @on(Waitlist.Offered, batched=True)
    def _offered(self, tx: Tx, e: Envelope) -> None:
        self._set(OFFER_EXPIRES, e.event.entry_id, e.event.expires)

    @on(Waitlist.OfferAccepted, Waitlist.OfferDeclined, Waitlist.OfferExpired, batched=True)
    def _answered(self, tx: Tx, e: Envelope) -> None:
        self._clear(OFFER_EXPIRES, e.event.entry_id)

    # -- queries ------------------------------------------------------------------------------

    @staticmethod
    def _timer(row: tuple[Any, ...]) -> Timer:
        return Timer(kind=row[0], subject_id=UUID(row[1]), due=datetime.fromisoformat(row[2]))

    @staticmethod
    def due(tx: Tx, now: datetime, *, limit: int = 500) -> list[Timer]:
        """Timers due at `now` or before, the longest overdue first."""
        rows = tx.execute(
            "SELECT kind, subject_id, due_at FROM tm_timers WHERE due_us <= ? "
            "ORDER BY due_us, timer_id LIMIT ?",
            (micros(now), limit),
        ).fetchall()
        return [Timers._timer(r) for r in rows]

    @staticmethod
    def pending(tx: Tx, *, limit: int = 500) -> list[Timer]:
        """Every timer not yet handled, soonest first."""
        rows = tx.execute(
            "SELECT kind, subject_id, due_at FROM tm_timers ORDER BY due_us, timer_id LIMIT ?",
            (limit,),
        ).fetchall()
        return [Timers._timer(r) for r in rows]

    @staticmethod
    def next_due(tx: Tx) -> datetime | None:
        """When the next timer falls due (for sleeping until then)."""
        row = tx.execute(
            "SELECT due_at FROM tm_timers ORDER BY due_us, timer_id LIMIT 1"
        ).fetchone()
        return datetime.fromisoformat(row[0]) if row else None
