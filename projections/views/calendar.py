"""The workspace calendar and "my bookings": per workspace and day, the confirmed slots and the
slots held for waitlist offers, with who holds them (member ids; names are the web's concern and
shown to admins only); each member's upcoming and past bookings with their status, their waitlist
entries and offers, their strikes; the appeals awaiting an admin; and a member's bookings as an
iCalendar (RFC 5545) text for calendar apps.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from domain import clock
from domain.booking import Booking
from domain.clock import SEOUL, seoul_date
from domain.member import Member
from domain.quota import Strike, strike_ends, strike_in_force
from domain.vocabulary import BookingStatus, StrikeStatus, WaitlistStatus
from domain.waitlist import Waitlist
from domain.workspace import Workspace
from projections.projector.runner import Envelope, View, on
from projections.projector.sql import Tx
from projections.views.timers import micros

PRODID = "-//Film House//Workspace bookings//EN"


@dataclass(frozen=True)
class CalendarSlot:
    """One busy stretch of a workspace: a booking, or a slot held for a waitlist offer."""

    workspace_id: UUID
    member_id: UUID
    start: datetime
    end: datetime
    state: str  # "confirmed", "checked_in" or "held"
    booking_id: UUID | None = None
    entry_id: UUID | None = None
    expires: datetime | None = None


@dataclass(frozen=True)
class BookingRow:
    booking_id: UUID
    workspace_id: UUID
    workspace_name: str
    kind: str
    member_id: UUID
    start: datetime
    end: datetime
    status: BookingStatus
    minutes: int
    checked_in_at: datetime | None
    answer_by: datetime | None
    reason: str


@dataclass(frozen=True)
class MyBookings:
    upcoming: tuple[BookingRow, ...]
    past: tuple[BookingRow, ...]


@dataclass(frozen=True)
class WaitlistRow:
    entry_id: UUID
    workspace_id: UUID
    workspace_name: str
    start: datetime
    end: datetime
    status: WaitlistStatus
    position: int | None  # 1 is next in line; None unless waiting
    expires: datetime | None  # while an offer stands
    booking_id: UUID | None


@dataclass(frozen=True)
class StrikeRow:
    strike_id: UUID
    member_id: UUID
    booking_id: UUID
    status: StrikeStatus
    reason: str
    weeks: tuple[date, ...]
    minutes: int
    appeal: str
    decision: str
    recorded_at: datetime

    @property
    def ends(self) -> date:
        """The day it stops lowering the quota."""
        return strike_ends(self.weeks)

    @property
    def until(self) -> date:
        """The last day it is in force (unless overturned)."""
        return self.ends - timedelta(days=1)

    def in_force(self, today: date) -> bool:
        return strike_in_force(self.weeks, self.status is StrikeStatus.OVERTURNED, today)

    @property
    def in_force_today(self) -> bool:
        """In force on today's date by the centre's clock (for lists that have no date)."""
        return self.in_force(seoul_date(clock.now()))


def _when(value: object) -> datetime | None:
    return datetime.fromisoformat(str(value)) if value else None


def _at(value: object) -> datetime:
    return datetime.fromisoformat(str(value))


_BOOKING_COLUMNS = (
    "b.booking_id, b.workspace_id, COALESCE(w.name, ''), b.kind, b.member_id, b.start_at, "
    "b.end_at, b.status, b.minutes, b.checked_in_at, b.answer_by, b.reason"
)


def _booking(row: tuple[Any, ...]) -> BookingRow:
    return BookingRow(
        booking_id=UUID(row[0]),
        workspace_id=UUID(row[1]),
        workspace_name=row[2],
        kind=row[3],
        member_id=UUID(row[4]),
        start=_at(row[5]),
        end=_at(row[6]),
        status=BookingStatus(row[7]),
        minutes=int(row[8]),
        checked_in_at=_when(row[9]),
        answer_by=_when(row[10]),
        reason=row[11],
    )


def _strike(row: tuple[Any, ...]) -> StrikeRow:
    return StrikeRow(
        strike_id=UUID(row[0]),
        member_id=UUID(row[1]),
        booking_id=UUID(row[2]),
        status=StrikeStatus(row[3]),
        reason=row[4],
        weeks=tuple(date.fromisoformat(w) for w in json.loads(row[5])),
        minutes=int(row[6]),
        appeal=row[7],
        decision=row[8],
        recorded_at=_at(row[9]),
    )


# -- iCalendar --------------------------------------------------------------------------------


def ics_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def ics_utc(moment: datetime) -> str:
    """A date-time in UTC form (RFC 5545 3.3.5): 20260303T050000Z."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def ics_fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character (RFC 5545 3.1)."""
    parts: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


_ICS_STATUS = {
    BookingStatus.CONFIRMED: "CONFIRMED",
    BookingStatus.REQUESTED: "TENTATIVE",
    BookingStatus.CANCELLED: "CANCELLED",
    BookingStatus.REFUSED: "CANCELLED",
    BookingStatus.NO_SHOW: "CANCELLED",
}


class Calendar(View):
    name = "calendar"
    SCHEMA_VERSION = 1
    TABLES = ("cal_workspaces", "cal_bookings", "cal_waitlist", "cal_strikes")
    DDL = (
        "CREATE TABLE cal_workspaces (workspace_id TEXT PRIMARY KEY, name TEXT NOT NULL, "
        "kind TEXT NOT NULL)",
        "CREATE TABLE cal_bookings (booking_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, "
        "member_id TEXT NOT NULL, kind TEXT NOT NULL, start_at TEXT NOT NULL, "
        "end_at TEXT NOT NULL, start_us BIGINT NOT NULL, end_us BIGINT NOT NULL, "
        "status TEXT NOT NULL, minutes INTEGER NOT NULL, checked_in_at TEXT, answer_by TEXT, "
        "reason TEXT NOT NULL, sequence INTEGER NOT NULL, updated_at TEXT NOT NULL)",
        "CREATE INDEX cal_bookings_room ON cal_bookings (workspace_id, start_us)",
        "CREATE INDEX cal_bookings_member ON cal_bookings (member_id, start_us)",
        "CREATE TABLE cal_waitlist (entry_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, "
        "waitlist_id TEXT NOT NULL, member_id TEXT NOT NULL, start_at TEXT NOT NULL, "
        "end_at TEXT NOT NULL, start_us BIGINT NOT NULL, end_us BIGINT NOT NULL, "
        "status TEXT NOT NULL, expires_at TEXT, booking_id TEXT, joined BIGINT NOT NULL)",
        "CREATE INDEX cal_waitlist_member ON cal_waitlist (member_id)",
        "CREATE INDEX cal_waitlist_room ON cal_waitlist (workspace_id, start_us)",
        "CREATE TABLE cal_strikes (strike_id TEXT PRIMARY KEY, member_id TEXT NOT NULL, "
        "booking_id TEXT NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL, "
        "weeks TEXT NOT NULL, minutes INTEGER NOT NULL, appeal TEXT NOT NULL, "
        "decision TEXT NOT NULL, recorded_at TEXT NOT NULL)",
        "CREATE INDEX cal_strikes_member ON cal_strikes (member_id)",
    )

    # -- workspaces ---------------------------------------------------------------------------

    @on(Workspace.Added, writes_other_tables=True)
    def _workspace(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "INSERT INTO cal_workspaces (workspace_id, name, kind) VALUES (?, ?, ?) "
            "ON CONFLICT (workspace_id) DO UPDATE SET name = excluded.name, kind = excluded.kind",
            (e.originator_id.hex, e.event.name, e.event.kind.value),
        )

    @on(Workspace.Changed, writes_other_tables=True)
    def _renamed(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "UPDATE cal_workspaces SET name = ? WHERE workspace_id = ?",
            (e.event.name, e.originator_id.hex),
        )

    # -- bookings -----------------------------------------------------------------------------

    def __init__(self) -> None:
        super().__init__()
        self._bookings = self.rows("cal_bookings", ("booking_id",), (
            "booking_id", "workspace_id", "member_id", "kind", "start_at", "end_at", "start_us",
            "end_us", "status", "minutes", "checked_in_at", "answer_by", "reason", "sequence",
            "updated_at"))

    @on(Booking.Made, Booking.Requested, batched=True)
    def _placed(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        requested = isinstance(ev, Booking.Requested)
        status = BookingStatus.REQUESTED if requested else BookingStatus.CONFIRMED
        self._bookings.insert_new(
            (
                e.originator_id.hex,
                ev.workspace_id.hex,
                ev.member_id.hex,
                ev.kind.value,
                ev.start.isoformat(),
                ev.end.isoformat(),
                micros(ev.start),
                micros(ev.end),
                status.value,
                ev.minutes,
                None,
                ev.answer_by.isoformat() if requested else None,
                "",
                0,
                e.at.isoformat(),
            ),
        )

    def _booking_changed(self, tx: Tx, e: Envelope, **values: Any) -> None:
        self._bookings.update(tx, (e.originator_id.hex,),
                              sequence=e.event.originator_version - 1,
                              updated_at=e.at.isoformat(), **values)

    @on(Booking.Approved, batched=True)
    def _approved(self, tx: Tx, e: Envelope) -> None:
        self._booking_changed(
            tx, e, status=BookingStatus.CONFIRMED.value, reason=e.event.reason
        )

    @on(Booking.Refused, batched=True)
    def _refused(self, tx: Tx, e: Envelope) -> None:
        self._booking_changed(tx, e, status=BookingStatus.REFUSED.value, reason=e.event.reason)

    @on(Booking.Cancelled, batched=True)
    def _cancelled(self, tx: Tx, e: Envelope) -> None:
        self._booking_changed(
            tx, e, status=BookingStatus.CANCELLED.value, reason=e.event.reason
        )

    @on(Booking.CheckedIn, batched=True)
    def _checked_in(self, tx: Tx, e: Envelope) -> None:
        self._booking_changed(tx, e, checked_in_at=e.event.at.isoformat())

    @on(Booking.ReleasedAsNoShow, batched=True)
    def _no_show(self, tx: Tx, e: Envelope) -> None:
        self._booking_changed(tx, e, status=BookingStatus.NO_SHOW.value)

    # -- waitlists ----------------------------------------------------------------------------

    @on(Waitlist.Joined, writes_other_tables=True)
    def _joined(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            "INSERT INTO cal_waitlist (entry_id, workspace_id, waitlist_id, member_id, start_at, "
            "end_at, start_us, end_us, status, expires_at, booking_id, joined) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?) ON CONFLICT (entry_id) DO NOTHING",
            (
                ev.entry_id.hex,
                ev.workspace_id.hex,
                e.originator_id.hex,
                ev.member_id.hex,
                ev.start.isoformat(),
                ev.end.isoformat(),
                micros(ev.start),
                micros(ev.end),
                WaitlistStatus.WAITING.value,
                e.position,
            ),
        )

    def _entry(self, tx: Tx, entry_id: UUID, **values: Any) -> None:
        sets = ", ".join(f"{k} = ?" for k in values)
        tx.execute(
            f"UPDATE cal_waitlist SET {sets} WHERE entry_id = ?",
            (*values.values(), entry_id.hex),
        )

    @on(Waitlist.Offered, writes_other_tables=True)
    def _offered(self, tx: Tx, e: Envelope) -> None:
        self._entry(
            tx,
            e.event.entry_id,
            status=WaitlistStatus.OFFERED.value,
            expires_at=e.event.expires.isoformat(),
        )

    @on(Waitlist.OfferAccepted, writes_other_tables=True)
    def _accepted(self, tx: Tx, e: Envelope) -> None:
        self._entry(
            tx, e.event.entry_id, status=WaitlistStatus.BOOKED.value,
            booking_id=e.event.booking_id.hex,
        )

    @on(Waitlist.OfferDeclined, Waitlist.OfferExpired, Waitlist.Left, Waitlist.Lapsed,
        writes_other_tables=True)
    def _closed(self, tx: Tx, e: Envelope) -> None:
        status = {
            Waitlist.OfferDeclined: WaitlistStatus.DECLINED,
            Waitlist.OfferExpired: WaitlistStatus.EXPIRED,
            Waitlist.Left: WaitlistStatus.LEFT,
            Waitlist.Lapsed: WaitlistStatus.LAPSED,
        }[type(e.event)]
        self._entry(tx, e.event.entry_id, status=status.value)

    # -- strikes ------------------------------------------------------------------------------

    @on(Strike.Recorded, writes_other_tables=True)
    def _struck(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            "INSERT INTO cal_strikes (strike_id, member_id, booking_id, status, reason, weeks, "
            "minutes, appeal, decision, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', '', ?) "
            "ON CONFLICT (strike_id) DO NOTHING",
            (
                e.originator_id.hex,
                ev.member_id.hex,
                ev.booking_id.hex,
                StrikeStatus.ACTIVE.value,
                ev.reason,
                json.dumps([w.isoformat() for w in ev.weeks]),
                ev.minutes,
                e.at.isoformat(),
            ),
        )

    @on(Strike.Appealed, writes_other_tables=True)
    def _appealed(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "UPDATE cal_strikes SET status = ?, appeal = ? WHERE strike_id = ?",
            (StrikeStatus.APPEALED.value, e.event.reason, e.originator_id.hex),
        )

    @on(Strike.Upheld, Strike.Overturned, writes_other_tables=True)
    def _decided(self, tx: Tx, e: Envelope) -> None:
        upheld = isinstance(e.event, Strike.Upheld)
        status = StrikeStatus.UPHELD if upheld else StrikeStatus.OVERTURNED
        tx.execute(
            "UPDATE cal_strikes SET status = ?, decision = ? WHERE strike_id = ?",
            (status.value, e.event.reason, e.originator_id.hex),
        )

    @on(Member.Erased)
    def _erased(self, tx: Tx, e: Envelope) -> None:
        """Reasons the member wrote are theirs: blank them; ids and times stay."""
        member = e.originator_id.hex
        tx.execute("UPDATE cal_strikes SET appeal = '' WHERE member_id = ?", (member,))
        tx.execute(
            "UPDATE cal_bookings SET reason = '' WHERE member_id = ? AND status = ?",
            (member, BookingStatus.CANCELLED.value),
        )

    # -- queries: the workspace calendar ------------------------------------------------------

    @staticmethod
    def between(tx: Tx, workspace_id: UUID, start: datetime, end: datetime) -> list[CalendarSlot]:
        """The confirmed and held slots of a workspace overlapping [start, end), earliest first."""
        booked = tx.execute(
            "SELECT booking_id, member_id, start_at, end_at, checked_in_at FROM cal_bookings "
            "WHERE workspace_id = ? AND status = ? AND start_us < ? AND end_us > ?",
            (workspace_id.hex, BookingStatus.CONFIRMED.value, micros(end), micros(start)),
        ).fetchall()
        held = tx.execute(
            "SELECT entry_id, member_id, start_at, end_at, expires_at FROM cal_waitlist "
            "WHERE workspace_id = ? AND status = ? AND start_us < ? AND end_us > ?",
            (workspace_id.hex, WaitlistStatus.OFFERED.value, micros(end), micros(start)),
        ).fetchall()
        slots = [
            CalendarSlot(
                workspace_id=workspace_id,
                member_id=UUID(r[1]),
                start=_at(r[2]),
                end=_at(r[3]),
                state="checked_in" if r[4] else "confirmed",
                booking_id=UUID(r[0]),
            )
            for r in booked
        ] + [
            CalendarSlot(
                workspace_id=workspace_id,
                member_id=UUID(r[1]),
                start=_at(r[2]),
                end=_at(r[3]),
                state="held",
                entry_id=UUID(r[0]),
                expires=_when(r[4]),
            )
            for r in held
        ]
        return sorted(slots, key=lambda s: (s.start, s.end, s.state))

    @staticmethod
    def day(tx: Tx, workspace_id: UUID, day: date) -> list[CalendarSlot]:
        """A workspace's confirmed and held slots on a Seoul date."""
        midnight = datetime.combine(day, time(0), tzinfo=SEOUL)
        return Calendar.between(tx, workspace_id, midnight, midnight + timedelta(days=1))

    @staticmethod
    def week(tx: Tx, workspace_id: UUID, monday: date) -> dict[date, list[CalendarSlot]]:
        """Seven days of a workspace's calendar from `monday`, each day's slots by start."""
        return {
            monday + timedelta(days=i): Calendar.day(tx, workspace_id, monday + timedelta(days=i))
            for i in range(7)
        }

    # -- queries: a member's own ------------------------------------------------------------

    @staticmethod
    def bookings_of(tx: Tx, member_id: UUID) -> list[BookingRow]:
        rows = tx.execute(
            f"SELECT {_BOOKING_COLUMNS} FROM cal_bookings b LEFT JOIN cal_workspaces w "
            "ON w.workspace_id = b.workspace_id WHERE b.member_id = ? "
            "ORDER BY b.start_us, b.booking_id",
            (member_id.hex,),
        ).fetchall()
        return [_booking(r) for r in rows]

    @staticmethod
    def my_bookings(tx: Tx, member_id: UUID, now: datetime) -> MyBookings:
        """Upcoming: confirmed or requested and not yet over, soonest first. Past: the rest,
        latest first."""
        rows = Calendar.bookings_of(tx, member_id)
        live = (BookingStatus.CONFIRMED, BookingStatus.REQUESTED)
        upcoming = [b for b in rows if b.end > now and b.status in live]
        past = [b for b in rows if not (b.end > now and b.status in live)]
        return MyBookings(tuple(upcoming), tuple(reversed(past)))

    @staticmethod
    def my_waitlist(tx: Tx, member_id: UUID) -> list[WaitlistRow]:
        """The member's waitlist entries: offers first, then waiting, then the rest."""
        rows = tx.execute(
            "SELECT e.entry_id, e.workspace_id, COALESCE(w.name, ''), e.start_at, e.end_at, "
            "e.status, e.expires_at, e.booking_id, "
            "(SELECT COUNT(*) FROM cal_waitlist o WHERE o.waitlist_id = e.waitlist_id "
            " AND o.status = ? AND o.joined < e.joined) "
            "FROM cal_waitlist e LEFT JOIN cal_workspaces w ON w.workspace_id = e.workspace_id "
            "WHERE e.member_id = ? ORDER BY e.start_us, e.joined",
            (WaitlistStatus.WAITING.value, member_id.hex),
        ).fetchall()
        order = {WaitlistStatus.OFFERED: 0, WaitlistStatus.WAITING: 1}
        entries = [
            WaitlistRow(
                entry_id=UUID(r[0]),
                workspace_id=UUID(r[1]),
                workspace_name=r[2],
                start=_at(r[3]),
                end=_at(r[4]),
                status=WaitlistStatus(r[5]),
                position=int(r[8]) + 1 if r[5] == WaitlistStatus.WAITING.value else None,
                expires=_when(r[6]) if r[5] == WaitlistStatus.OFFERED.value else None,
                booking_id=UUID(r[7]) if r[7] else None,
            )
            for r in rows
        ]
        return sorted(entries, key=lambda e: order.get(e.status, 2))

    @staticmethod
    def my_strikes(tx: Tx, member_id: UUID) -> list[StrikeRow]:
        rows = tx.execute(
            "SELECT strike_id, member_id, booking_id, status, reason, weeks, minutes, appeal, "
            "decision, recorded_at FROM cal_strikes WHERE member_id = ? "
            "ORDER BY recorded_at DESC, strike_id",
            (member_id.hex,),
        ).fetchall()
        return [_strike(r) for r in rows]

    @staticmethod
    def appeals(tx: Tx) -> list[StrikeRow]:
        """Strikes appealed and awaiting an admin's decision, oldest first."""
        rows = tx.execute(
            "SELECT strike_id, member_id, booking_id, status, reason, weeks, minutes, appeal, "
            "decision, recorded_at FROM cal_strikes WHERE status = ? "
            "ORDER BY recorded_at, strike_id",
            (StrikeStatus.APPEALED.value,),
        ).fetchall()
        return [_strike(r) for r in rows]

    # -- queries: calendar export -----------------------------------------------------------

    @staticmethod
    def ics(tx: Tx, member_id: UUID, *, host: str = "filmhouse") -> str:
        """The member's bookings as an iCalendar text: one VEVENT per booking (UID stable per
        booking, SEQUENCE its revision, times in UTC), cancelled ones marked CANCELLED so that
        subscribed calendars drop them."""
        stamps = dict(
            (r[0], (r[1], int(r[2])))
            for r in tx.execute(
                "SELECT booking_id, updated_at, sequence FROM cal_bookings WHERE member_id = ?",
                (member_id.hex,),
            ).fetchall()
        )
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            f"PRODID:{PRODID}",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:Film House bookings",
        ]
        for booking in Calendar.bookings_of(tx, member_id):
            updated, sequence = stamps[booking.booking_id.hex]
            name = booking.workspace_name or "Workspace"
            summary = name if booking.status is not BookingStatus.REQUESTED else (
                f"{name} (awaiting approval)"
            )
            description = f"Booking {booking.status.value.replace('_', ' ')}"
            if booking.reason:
                description += f": {booking.reason}"
            lines += [
                "BEGIN:VEVENT",
                f"UID:{booking.booking_id}@{host}",
                f"DTSTAMP:{ics_utc(_at(updated))}",
                f"DTSTART:{ics_utc(booking.start)}",
                f"DTEND:{ics_utc(booking.end)}",
                f"SUMMARY:{ics_text(summary)}",
                f"LOCATION:{ics_text(f'Film House, {name}')}",
                f"DESCRIPTION:{ics_text(description)}",
                f"STATUS:{_ICS_STATUS[booking.status]}",
                f"SEQUENCE:{sequence}",
                "END:VEVENT",
            ]
        lines.append("END:VCALENDAR")
        return "".join(ics_fold(line) + "\r\n" for line in lines)
