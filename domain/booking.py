"""Bookings, and the schedules that keep them apart.

A confirmed booking takes its slot in the workspace's schedule for that Seoul date (one
aggregate per workspace and day) in the same write as the booking itself, so two overlapping
bookings of one workspace cannot both succeed: the second writer loses on the schedule's
version, retries, and then sees the slot taken. Desks in the shared office are let by the
calendar month, through one aggregate per workspace and month.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity, stable_id
from domain.clock import seoul_date, week_start
from domain.errors import Conflict, Invalid
from domain.vocabulary import BookingStatus, WorkspaceKind
from domain.workspace import clock_text

Interval = tuple[datetime, datetime]


class SlotTaken(Conflict):
    pass


class OutsideHours(Conflict):
    pass


class InBlackout(Conflict):
    pass


class TooLittleNotice(Conflict):
    pass


class TooFarAhead(Conflict):
    pass


class TooLong(Invalid):
    pass


class NoDeskFree(Conflict):
    pass


class Booking(Entity):
    """A member's hold on a workspace: confirmed at once, or, for rooms that need an admin's
    approval, a request that an admin approves or refuses by `answer_by`."""

    class Made(Entity.Created):
        workspace_id: UUID
        member_id: UUID
        university_id: UUID | None
        kind: WorkspaceKind
        start: datetime
        end: datetime
        minutes: int

    class Requested(Entity.Created):
        workspace_id: UUID
        member_id: UUID
        university_id: UUID | None
        kind: WorkspaceKind
        start: datetime
        end: datetime
        minutes: int
        answer_by: datetime

    class Approved(Entity.Event):
        reason: str

    class Refused(Entity.Event):
        reason: str

    class Cancelled(Entity.Event):
        cancelled_by: UUID
        reason: str

    def __init__(
        self,
        workspace_id: UUID,
        member_id: UUID,
        university_id: UUID | None,
        kind: WorkspaceKind,
        start: datetime,
        end: datetime,
        minutes: int,
        answer_by: datetime | None = None,
    ) -> None:
        self.workspace_id, self.member_id = workspace_id, member_id
        self.university_id, self.kind = university_id, kind
        self.start, self.end, self.minutes = start, end, minutes
        self.answer_by = answer_by
        # Only a request carries a date by which it must be answered.
        self.status = BookingStatus.CONFIRMED if answer_by is None else BookingStatus.REQUESTED
        self.reason = ""

    @classmethod
    def place(
        cls,
        *,
        booking_id: UUID,
        workspace_id: UUID,
        member_id: UUID,
        university_id: UUID | None,
        kind: WorkspaceKind,
        start: datetime,
        end: datetime,
        minutes: int,
        answer_by: datetime | None = None,
    ) -> Booking:
        """A confirmed booking, whose slot (or desk) the caller takes in the same write; or, given
        `answer_by`, a request for a room that needs an admin's approval by then."""
        fields = {
            "workspace_id": workspace_id,
            "member_id": member_id,
            "university_id": university_id,
            "kind": kind,
            "start": start,
            "end": end,
            "minutes": minutes,
        }
        if answer_by is None:
            return cls._create(cls.Made, id=booking_id, **fields)
        return cls._create(cls.Requested, id=booking_id, answer_by=answer_by, **fields)

    @property
    def week(self) -> date:
        """The quota week whose hours this booking counts against."""
        return week_start(self.start)

    @property
    def day(self) -> date:
        """The Seoul date whose schedule holds this booking's slot."""
        return seoul_date(self.start)

    @property
    def is_desk(self) -> bool:
        return self.kind is WorkspaceKind.SHARED_OFFICE

    def _require_open_request(self) -> None:
        if self.status is not BookingStatus.REQUESTED:
            raise Conflict(f"this booking is {self.status.value}, not a request awaiting an answer")

    def approve(self, reason: str) -> None:
        """An admin grants the request; the caller takes the slot in the same write."""
        self._require_open_request()
        self._approved(reason=reason)

    @event(Approved)
    def _approved(self, reason: str) -> None:
        self.status = BookingStatus.CONFIRMED
        self.reason = reason

    def refuse(self, reason: str) -> None:
        """An admin turns the request down, saying why."""
        self._require_open_request()
        self._refused(reason=reason)

    @event(Refused)
    def _refused(self, reason: str) -> None:
        self.status = BookingStatus.REFUSED
        self.reason = reason

    def cancel(self, cancelled_by: UUID, reason: str) -> None:
        """The booker or an admin gives the slot back."""
        if self.status not in (BookingStatus.REQUESTED, BookingStatus.CONFIRMED):
            raise Conflict(f"this booking is already {self.status.value}")
        self._cancelled(cancelled_by=cancelled_by, reason=reason)

    @event(Cancelled)
    def _cancelled(self, cancelled_by: UUID, reason: str) -> None:
        self.status = BookingStatus.CANCELLED
        self.reason = reason


class WorkspaceDay(Entity):
    """One workspace's confirmed slots on one Seoul date."""

    class Opened(Entity.Created):
        workspace_id: UUID
        day: date

    class SlotBooked(Entity.Event):
        booking_id: UUID
        start: datetime
        end: datetime

    class SlotFreed(Entity.Event):
        booking_id: UUID

    @event(Opened)
    def __init__(self, workspace_id: UUID, day: date) -> None:
        self.workspace_id, self.day = workspace_id, day
        self.slots: dict[UUID, Interval] = {}

    @classmethod
    def open(cls, workspace_id: UUID, day: date) -> WorkspaceDay:
        return cls._create(
            cls.Opened, id=cls.id_for(workspace_id, day), workspace_id=workspace_id, day=day
        )

    @staticmethod
    def id_for(workspace_id: UUID, day: date) -> UUID:
        return stable_id("workspace-day", workspace_id, day.isoformat())

    def clashes(self, start: datetime, end: datetime) -> list[Interval]:
        """The booked slots overlapping [start, end), earliest first."""
        return sorted(s for s in self.slots.values() if s[0] < end and start < s[1])

    def book(self, booking_id: UUID, start: datetime, end: datetime) -> None:
        """Take a slot; never one that overlaps a slot already taken."""
        taken = self.clashes(start, end)
        if taken:
            first = taken[0]
            raise SlotTaken(
                f"the slot is taken {clock_text(first[0])}–{clock_text(first[1], self.day)}"
            )
        self._slot_booked(booking_id=booking_id, start=start, end=end)

    @event(SlotBooked)
    def _slot_booked(self, booking_id: UUID, start: datetime, end: datetime) -> None:
        self.slots[booking_id] = (start, end)

    def free(self, booking_id: UUID) -> None:
        if booking_id not in self.slots:
            raise Conflict("this booking holds no slot on that day")
        self._slot_freed(booking_id=booking_id)

    @event(SlotFreed)
    def _slot_freed(self, booking_id: UUID) -> None:
        self.slots.pop(booking_id, None)


class DeskMonth(Entity):
    """Who holds the shared office's desks in one calendar month: one desk per member, never
    more desks than the office has."""

    class Opened(Entity.Created):
        workspace_id: UUID
        month: date

    class DeskLet(Entity.Event):
        booking_id: UUID
        member_id: UUID

    class DeskFreed(Entity.Event):
        booking_id: UUID

    @event(Opened)
    def __init__(self, workspace_id: UUID, month: date) -> None:
        self.workspace_id, self.month = workspace_id, month
        self.holders: dict[UUID, UUID] = {}

    @classmethod
    def open(cls, workspace_id: UUID, month: date) -> DeskMonth:
        return cls._create(
            cls.Opened, id=cls.id_for(workspace_id, month), workspace_id=workspace_id, month=month
        )

    @staticmethod
    def id_for(workspace_id: UUID, month: date) -> UUID:
        return stable_id("desk-month", workspace_id, month.isoformat())

    def let(self, booking_id: UUID, member_id: UUID, *, desks: int, name: str) -> None:
        """Let one desk for the month to a member who holds none yet."""
        label = self.month.strftime("%B %Y")
        if member_id in self.holders.values():
            raise Conflict(f"You already hold a desk in the {name} for {label}.")
        if len(self.holders) >= desks:
            raise NoDeskFree(
                f"All {desks} desks in the {name} are let for {label}; try another month."
            )
        self._desk_let(booking_id=booking_id, member_id=member_id)

    @event(DeskLet)
    def _desk_let(self, booking_id: UUID, member_id: UUID) -> None:
        self.holders[booking_id] = member_id

    def free(self, booking_id: UUID) -> None:
        if booking_id not in self.holders:
            raise Conflict("this booking holds no desk in that month")
        self._desk_freed(booking_id=booking_id)

    @event(DeskFreed)
    def _desk_freed(self, booking_id: UUID) -> None:
        self.holders.pop(booking_id, None)


# -- free time --------------------------------------------------------------------------


def free_intervals(opening: Interval | None, busy: list[Interval]) -> list[Interval]:
    """The parts of the opening hours not covered by any busy interval."""
    if opening is None:
        return []
    free: list[Interval] = []
    cursor, closes = opening
    for start, end in sorted(busy):
        if end <= cursor or start >= closes:
            continue
        if start > cursor:
            free.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < closes:
        free.append((cursor, closes))
    return free


def merged(intervals: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for start, end in sorted(intervals):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def describe_taken(
    name: str,
    day: date,
    taken: list[Interval],
    free: list[Interval],
    start: datetime,
    closes: datetime | None,
) -> str:
    """Why a slot cannot be had and when the room is free next, in the words a member reads,
    e.g. that Editing Suite 2 is taken from 14:00 to 16:00 and free from 16:00."""
    blocks = merged(taken)
    spans = ", ".join(f"{clock_text(a)}–{clock_text(b, day)}" for a, b in blocks)
    after = max(start, blocks[-1][1]) if blocks else start
    later = [(max(a, after), b) for a, b in free if b > after]
    if later:
        a, b = later[0]
        until = "" if b == closes else f" to {clock_text(b, day)}"
        return f"{name} is taken {spans}; free from {clock_text(a)}{until}."
    if free:
        earlier = ", ".join(f"{clock_text(a)}–{clock_text(b, day)}" for a, b in free)
        return f"{name} is taken {spans}; nothing later is free that day (free before: {earlier})."
    return f"{name} is taken {spans}; nothing else is free on {day.isoformat()}."


def next_quarter_hour(moment: datetime) -> datetime:
    floor = moment.replace(second=0, microsecond=0)
    floor -= timedelta(minutes=floor.minute % 15)
    return floor if floor == moment else floor + timedelta(minutes=15)
