"""The time a booking or a waitlist entry asks for, and what a booking command answers.

Commands take aware datetimes (the edges parse text: the API's msgspec structs, the pages'
web/forms.py); here they are put in Seoul time, checked for order and, for desks let by the
month, for whole calendar months. The results say what a route needs to answer without loading
an aggregate: the new id, its status, the Seoul day it is on, and the log position of the write
so that the views can be waited for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID

from domain import validation as v
from domain.booking_errors import TooLong
from domain.booking_refusals import ends_before_start
from domain.clock import SEOUL, seoul_date
from domain.errors import Invalid, Span
from domain.opening_hours import SLOT_MINUTES
from domain.vocabulary import BookingStatus, WorkspaceKind
from domain.workspace import Workspace

OFFER_HOLD = timedelta(hours=2)  # how long a waitlist offer stands, unless the slot starts sooner


@dataclass(frozen=True)
class Booked:
    """A booking made: confirmed, or a request awaiting an admin (`status`); `desk` for a
    desk let by the month. `written` is the log position of the write."""

    booking_id: UUID
    status: BookingStatus
    desk: bool
    day: date
    written: int


@dataclass(frozen=True)
class Waiting:
    """A waitlist entry made, and where it stands in line (1 is next)."""

    entry_id: UUID
    in_line: int | None
    desk: bool
    day: date
    written: int


@dataclass(frozen=True)
class WeekHours:
    """Hours booked against a weekly allowance, in minutes."""

    week: date
    used_minutes: int
    allowance_minutes: int

    @property
    def left_minutes(self) -> int:
        return max(0, self.allowance_minutes - self.used_minutes)


def kind_of(value: WorkspaceKind | str) -> WorkspaceKind:
    try:
        return value if isinstance(value, WorkspaceKind) else WorkspaceKind(value)
    except ValueError:
        kinds = ", ".join(k.value for k in WorkspaceKind)
        raise Invalid(
            "unknown workspace kind {kind!r}; use one of {kinds}",
            kind=value,
            kinds=kinds,
            field="kind",
        ) from None


def in_seoul(value: datetime, field: str) -> datetime:
    """An aware datetime in Seoul time (a naive one is refused: its moment is unknown)."""
    return v.aware(value, field).astimezone(SEOUL)


def ordered(room: Workspace, begin: datetime, finish: datetime) -> None:
    """The end comes after the start, or the refusal says the room's hours that day."""
    if finish <= begin:
        raise ends_before_start(
            room, seoul_date(begin), begin, finish, (moment(begin), moment(finish))
        )


def month_asked(room: Workspace, begin: datetime, finish: datetime) -> date:
    """For rooms let by the calendar month: the month that [begin, finish) is, exactly."""
    month = seoul_date(begin).replace(day=1)
    if begin != midnight(month) or finish != midnight(next_month(month)):
        raise Invalid(
            "desks in the {workspace} are let by the calendar month: ask for start {month} and "
            "end {next_month}",
            workspace=room.name,
            month=midnight(month).isoformat(),
            next_month=midnight(next_month(month)).isoformat(),
            field="start",
        )
    return month


def off_quarter(begin: datetime, finish: datetime) -> str | None:
    """The first of "start" and "end" that is not on a quarter hour, if any."""
    for at, field in ((begin, "start"), (finish, "end")):
        if at.minute % SLOT_MINUTES or at.second or at.microsecond:
            return field
    return None


def within_limits(
    room: Workspace, begin: datetime, finish: datetime, now: datetime, *, waitlist: bool = False
) -> None:
    """What a booking and a waitlist window both keep to: quarter hours, the room's longest
    stay, and a start still to come."""
    off = off_quarter(begin, finish)
    if off is not None and waitlist:
        raise Invalid(
            "waitlist windows start and end on the quarter hour (e.g. 14:00, 14:15)", field=off
        )
    if off is not None:
        raise Invalid("bookings start and end on the quarter hour (e.g. 14:00, 14:15)", field=off)
    if finish - begin > room.rules.longest:
        raise TooLong(
            "{workspace} can be booked for at most {longest} at a time",
            workspace=room.name,
            longest=span(room.rules.longest),
            field="end",
        )
    if begin <= now:
        raise Invalid("start ({begin}) has already passed", begin=moment(begin), field="start")


def first_of_month(value: date) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise Invalid("month must be a date, e.g. 2026-04-01", field="month")
    return value.replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=SEOUL)


def moment(at: datetime) -> str:
    return at.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M")


def span(length: timedelta) -> Span:
    return Span(length)
