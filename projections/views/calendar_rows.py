"""The rows the calendar view answers with: a workspace's busy slots, a member's bookings,
waitlist entries and strikes, a room as the calendar page needs it (hours, blackouts, rules),
and a member's hours in a quota week."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from domain import clock
from domain import opening_hours as hours_of
from domain.clock import seoul_date
from domain.opening_hours import Interval
from domain.quota import strike_ends, strike_in_force
from domain.vocabulary import BookingStatus, StrikeStatus, WaitlistStatus, WorkspaceKind
from domain.workspace import RULES, KindRules


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


def when(value: object) -> datetime | None:
    return datetime.fromisoformat(str(value)) if value else None


def at(value: object) -> datetime:
    return datetime.fromisoformat(str(value))


BOOKING_COLUMNS = (
    "b.booking_id, b.workspace_id, COALESCE(w.name, ''), b.kind, b.member_id, b.start_at, "
    "b.end_at, b.status, b.minutes, b.checked_in_at, b.answer_by, b.reason"
)


def booking_row(row: tuple[Any, ...]) -> BookingRow:
    return BookingRow(
        booking_id=UUID(row[0]),
        workspace_id=UUID(row[1]),
        workspace_name=row[2],
        kind=row[3],
        member_id=UUID(row[4]),
        start=at(row[5]),
        end=at(row[6]),
        status=BookingStatus(row[7]),
        minutes=int(row[8]),
        checked_in_at=when(row[9]),
        answer_by=when(row[10]),
        reason=row[11],
    )


def strike_row(row: tuple[Any, ...]) -> StrikeRow:
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
        recorded_at=at(row[9]),
    )


@dataclass(frozen=True)
class RoomRow:
    """A room as the calendar page reads it: the same hours, blackouts and rules the Workspace
    aggregate books by, from the view, so that a page never replays the aggregate."""

    id: UUID
    name: str
    kind: WorkspaceKind
    capacity: int
    equipment: tuple[str, ...]
    hours: list[list[str]]
    retired: bool
    blackouts: dict[UUID, dict[str, Any]] = field(default_factory=dict)

    @property
    def rules(self) -> KindRules:
        return RULES[self.kind]

    def hours_on(self, day: date) -> Interval | None:
        return hours_of.hours_on(self.hours, day)

    def blackout_during(self, start: datetime, end: datetime) -> dict[str, Any] | None:
        return hours_of.blackout_during(self.blackouts, start, end)

    def blackouts_on(self, day: date) -> list[Interval]:
        return hours_of.blackouts_on(self.blackouts, day)


@dataclass(frozen=True)
class WeekHoursRow:
    """A member's hours in one quota week, in minutes: booked, and the allowance after strikes."""

    week: date
    used_minutes: int
    allowance_minutes: int

    @property
    def left_minutes(self) -> int:
        return max(0, self.allowance_minutes - self.used_minutes)


def room_row(row: tuple[Any, ...]) -> RoomRow:
    blackouts = {
        UUID(key): {"start": at(start), "end": at(end), "reason": reason}
        for key, (start, end, reason) in json.loads(row[6] or "{}").items()
    }
    return RoomRow(
        id=UUID(row[0]),
        name=row[1],
        kind=WorkspaceKind(row[2]),
        capacity=int(row[3]),
        equipment=tuple(json.loads(row[4] or "[]")),
        hours=json.loads(row[5] or "[]"),
        blackouts=blackouts,
        retired=bool(row[7]),
    )
