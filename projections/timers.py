"""What falls due when: waitlist offers running out, bookings whose check-in grace period ends,
screening-room requests whose 7-day answer falls due. The policy runner (projections/policies.py)
reads this view; a timer leaves it as soon as the log shows it was handled, whoever handled it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from domain.booking import CHECK_IN_GRACE, Booking
from domain.vocabulary import WorkspaceKind
from domain.waitlist import Waitlist
from projections.database import Tx
from projections.runner import Envelope, View, on

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

    @staticmethod
    def _set(tx: Tx, kind: str, subject_id: UUID, due: datetime) -> None:
        tx.execute(
            "INSERT INTO tm_timers (timer_id, kind, subject_id, due_us, due_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (timer_id) DO UPDATE SET "
            "due_us = excluded.due_us, due_at = excluded.due_at",
            (f"{kind}:{subject_id.hex}", kind, subject_id.hex, micros(due), due.isoformat()),
        )

    @staticmethod
    def _clear(tx: Tx, kind: str, subject_id: UUID) -> None:
        tx.execute("DELETE FROM tm_timers WHERE timer_id = ?", (f"{kind}:{subject_id.hex}",))

    @on(Booking.Made)
    def _made(self, tx: Tx, e: Envelope) -> None:
        if e.event.kind is not WorkspaceKind.SHARED_OFFICE:
            self._set(tx, CHECK_IN_GRACE_ENDS, e.originator_id, e.event.start + CHECK_IN_GRACE)

    @on(Booking.Requested)
    def _requested(self, tx: Tx, e: Envelope) -> None:
        self._set(tx, REQUEST_ANSWER_DUE, e.originator_id, e.event.answer_by)
        tx.execute(
            "INSERT INTO tm_requests (booking_id, start_at) VALUES (?, ?) "
            "ON CONFLICT (booking_id) DO UPDATE SET start_at = excluded.start_at",
            (e.originator_id.hex, e.event.start.isoformat()),
        )

    @on(Booking.Approved)
    def _approved(self, tx: Tx, e: Envelope) -> None:
        self._clear(tx, REQUEST_ANSWER_DUE, e.originator_id)
        start = tx.scalar(
            "SELECT start_at FROM tm_requests WHERE booking_id = ?", (e.originator_id.hex,)
        )
        if start is not None:
            due = datetime.fromisoformat(str(start)) + CHECK_IN_GRACE
            self._set(tx, CHECK_IN_GRACE_ENDS, e.originator_id, due)

    @on(Booking.Refused, Booking.Cancelled)
    def _ended(self, tx: Tx, e: Envelope) -> None:
        self._clear(tx, REQUEST_ANSWER_DUE, e.originator_id)
        self._clear(tx, CHECK_IN_GRACE_ENDS, e.originator_id)
        tx.execute("DELETE FROM tm_requests WHERE booking_id = ?", (e.originator_id.hex,))

    @on(Booking.CheckedIn, Booking.ReleasedAsNoShow)
    def _attended_or_released(self, tx: Tx, e: Envelope) -> None:
        self._clear(tx, CHECK_IN_GRACE_ENDS, e.originator_id)

    @on(Waitlist.Offered)
    def _offered(self, tx: Tx, e: Envelope) -> None:
        self._set(tx, OFFER_EXPIRES, e.event.entry_id, e.event.expires)

    @on(Waitlist.OfferAccepted, Waitlist.OfferDeclined, Waitlist.OfferExpired)
    def _answered(self, tx: Tx, e: Envelope) -> None:
        self._clear(tx, OFFER_EXPIRES, e.event.entry_id)

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
