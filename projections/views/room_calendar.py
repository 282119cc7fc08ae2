"""What the calendar page asks of the calendar view: a room as it is shown (or the rooms in use),
a member's booked hours and allowance in a quota week, and a workspace's confirmed and held
slots over a span, a Seoul date or a week. The rows are kept by the Calendar view
(projections/views/calendar.py), which inherits these queries; a member's own bookings are
projections/views/my_bookings.py.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from uuid import UUID

from domain.clock import SEOUL, week_start
from domain.quota import MEMBER_WEEKLY_HOURS
from domain.vocabulary import BookingStatus, WaitlistStatus
from projections.projector.sql import Tx
from projections.views.calendar_rows import CalendarSlot, RoomRow, WeekHoursRow, at, room_row, when
from projections.views.timers import micros


class RoomQueries:
    """The room and week queries of the Calendar view."""

    @staticmethod
    def room(tx: Tx, workspace_id: UUID) -> RoomRow | None:
        """A room as the calendar page shows it, or None when there is no such room."""
        found = tx.execute(
            "SELECT workspace_id, name, kind, capacity, equipment, hours, blackouts, retired "
            "FROM cal_workspaces WHERE workspace_id = ?",
            (workspace_id.hex,),
        ).fetchone()
        return room_row(found) if found else None

    @staticmethod
    def rooms(tx: Tx) -> list[RoomRow]:
        """The rooms in use, by name."""
        found = tx.execute(
            "SELECT workspace_id, name, kind, capacity, equipment, hours, blackouts, retired "
            "FROM cal_workspaces WHERE retired = 0 ORDER BY name"
        ).fetchall()
        return [room_row(r) for r in found]

    @staticmethod
    def member_hours(
        tx: Tx, member_id: UUID, day: date, weekly_hours: int = MEMBER_WEEKLY_HOURS
    ) -> WeekHoursRow:
        """A member's booked hours and allowance in the quota week of a Seoul date."""
        week = week_start(datetime.combine(day, time(0), tzinfo=SEOUL))
        found = tx.execute(
            "SELECT used, reduced FROM cal_member_weeks WHERE member_id = ? AND week = ?",
            (member_id.hex, week.isoformat()),
        ).fetchone()
        used, reduced = (int(found[0]), int(found[1])) if found else (0, 0)
        return WeekHoursRow(week, used, max(0, weekly_hours * 60 - reduced))

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
                start=at(r[2]),
                end=at(r[3]),
                state="checked_in" if r[4] else "confirmed",
                booking_id=UUID(r[0]),
            )
            for r in booked
        ] + [
            CalendarSlot(
                workspace_id=workspace_id,
                member_id=UUID(r[1]),
                start=at(r[2]),
                end=at(r[3]),
                state="held",
                entry_id=UUID(r[0]),
                expires=when(r[4]),
            )
            for r in held
        ]
        return sorted(slots, key=lambda s: (s.start, s.end, s.state))

    @staticmethod
    def day(tx: Tx, workspace_id: UUID, day: date) -> list[CalendarSlot]:
        """A workspace's confirmed and held slots on a Seoul date."""
        midnight = datetime.combine(day, time(0), tzinfo=SEOUL)
        return RoomQueries.between(tx, workspace_id, midnight, midnight + timedelta(days=1))

    @staticmethod
    def week(tx: Tx, workspace_id: UUID, monday: date) -> dict[date, list[CalendarSlot]]:
        """Seven days of a workspace's calendar from `monday`, each day's slots by start."""
        return {
            monday + timedelta(days=i): RoomQueries.day(
                tx, workspace_id, monday + timedelta(days=i)
            )
            for i in range(7)
        }
