"""A member's own bookings, waitlist entries and strikes as the calendar view holds them; the
appeals awaiting an admin; and a member's bookings as an iCalendar (RFC 5545) text for calendar
apps. The queries are Calendar's (it inherits them); they live here apart from the calendar of a
room."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from domain.vocabulary import BookingStatus, StrikeStatus, WaitlistStatus
from projections.projector.sql import Tx
from projections.views.calendar_rows import (
    BOOKING_COLUMNS,
    BookingRow,
    MyBookings,
    StrikeRow,
    WaitlistRow,
    at,
    booking_row,
    strike_row,
    when,
)

PRODID = "-//Film House//Workspace bookings//EN"


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


class MemberQueries:
    """The calendar view's queries of one member's own (and of the appeals)."""

    @staticmethod
    def bookings_of(tx: Tx, member_id: UUID) -> list[BookingRow]:
        rows = tx.execute(
            f"SELECT {BOOKING_COLUMNS} FROM cal_bookings b LEFT JOIN cal_workspaces w "
            "ON w.workspace_id = b.workspace_id WHERE b.member_id = ? "
            "ORDER BY b.start_us, b.booking_id",
            (member_id.hex,),
        ).fetchall()
        return [booking_row(r) for r in rows]

    @staticmethod
    def my_bookings(tx: Tx, member_id: UUID, now: datetime) -> MyBookings:
        """Upcoming: confirmed or requested and not yet over, soonest first. Past: the rest,
        latest first."""
        rows = MemberQueries.bookings_of(tx, member_id)
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
                start=at(r[3]),
                end=at(r[4]),
                status=WaitlistStatus(r[5]),
                position=int(r[8]) + 1 if r[5] == WaitlistStatus.WAITING.value else None,
                expires=when(r[6]) if r[5] == WaitlistStatus.OFFERED.value else None,
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
        return [strike_row(r) for r in rows]

    @staticmethod
    def appeals(tx: Tx) -> list[StrikeRow]:
        """Strikes appealed and awaiting an admin's decision, oldest first."""
        rows = tx.execute(
            "SELECT strike_id, member_id, booking_id, status, reason, weeks, minutes, appeal, "
            "decision, recorded_at FROM cal_strikes WHERE status = ? "
            "ORDER BY recorded_at, strike_id",
            (StrikeStatus.APPEALED.value,),
        ).fetchall()
        return [strike_row(r) for r in rows]

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
        for booking in MemberQueries.bookings_of(tx, member_id):
            updated, sequence = stamps[booking.booking_id.hex]
            name = booking.workspace_name or "Workspace"
            summary = (
                name
                if booking.status is not BookingStatus.REQUESTED
                else (f"{name} (awaiting approval)")
            )
            description = f"Booking {booking.status.value.replace('_', ' ')}"
            if booking.reason:
                description += f": {booking.reason}"
            lines += [
                "BEGIN:VEVENT",
                f"UID:{booking.booking_id}@{host}",
                f"DTSTAMP:{ics_utc(at(updated))}",
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
