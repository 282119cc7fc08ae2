"""Bookings, and the schedules that keep them apart.

A confirmed booking takes its slot in the workspace's schedule for that Seoul date (one
aggregate per workspace and day) in the same write as the booking itself, so two overlapping
bookings of one workspace cannot both succeed: the second writer loses on the schedule's
version, retries, and then sees the slot taken. Desks in the shared office are let by the
calendar month, through one aggregate per workspace and month (domain/desk_month.py). The two
aggregates here stay in this module (their stored topics name it); the refusals are in
domain/booking_errors.py, free time in domain/opening_hours.py, and the check-in window, the
unanswered request's reason and a waitlist offer's hold in domain/booking_terms.py.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity, stable_id
from domain.booking_errors import NotDue, SlotTaken
from domain.booking_terms import CHECK_IN_GRACE, CHECK_IN_OPENS, NO_ANSWER, Hold, moment_text
from domain.clock import seoul_date, week_start
from domain.errors import Conflict
from domain.opening_hours import Interval, clock_text
from domain.vocabulary import BookingStatus, WorkspaceKind


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

    class CheckedIn(Entity.Event):
        at: datetime

    class ReleasedAsNoShow(Entity.Event):
        grace_ended: datetime

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
        self.checked_in_at: datetime | None = None

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
            raise Conflict(
                "this booking is {status}, not a request awaiting an answer",
                status=self.status.value,
            )

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
            raise Conflict("this booking is already {status}", status=self.status.value)
        self._cancelled(cancelled_by=cancelled_by, reason=reason)

    @event(Cancelled)
    def _cancelled(self, cancelled_by: UUID, reason: str) -> None:
        self.status = BookingStatus.CANCELLED
        self.reason = reason

    def refuse_unanswered(self, now: datetime) -> None:
        """The centre promised an answer within 7 days; silence past `answer_by` is a refusal,
        so the member is not left waiting and the hours go back."""
        self._require_open_request()
        if self.answer_by is None or now < self.answer_by:
            raise NotDue(
                "the request may still be answered until {answer_by}",
                answer_by=moment_text(self.answer_by),
            )
        self._refused(reason=NO_ANSWER)

    @property
    def check_in_opens(self) -> datetime:
        return self.start - CHECK_IN_OPENS

    @property
    def grace_ends(self) -> datetime:
        """When a booking not checked into is released as a no-show."""
        return self.start + CHECK_IN_GRACE

    def check_in(self, now: datetime) -> None:
        """The booker arrives: from 15 minutes before the start until the grace period ends."""
        if self.is_desk:
            raise Conflict("desks are let by the month; there is nothing to check in to")
        if self.status is not BookingStatus.CONFIRMED:
            raise Conflict(
                "this booking is {status}; only a confirmed one is checked in",
                status=self.status.value,
            )
        if self.checked_in_at is not None:
            raise Conflict(
                "already checked in at {checked_in_at}",
                checked_in_at=clock_text(self.checked_in_at),
            )
        if now < self.check_in_opens:
            raise Conflict(
                "check-in opens at {check_in_opens}, 15 minutes before the start",
                check_in_opens=clock_text(self.check_in_opens),
            )
        if now >= self.grace_ends:
            raise Conflict(
                "check-in closed at {grace_ends}; the booking was not checked into in time",
                grace_ends=clock_text(self.grace_ends),
            )
        self._checked_in(at=now)

    @event(CheckedIn)
    def _checked_in(self, at: datetime) -> None:
        self.checked_in_at = at

    def release_as_no_show(self, now: datetime) -> None:
        """Nobody checked in by the end of the grace period: the slot goes back to the centre
        (the caller frees it and offers it to the waitlist) and the member gets a strike."""
        if self.is_desk or self.status is not BookingStatus.CONFIRMED:
            raise Conflict(
                "this booking is {status}; there is nothing to release", status=self.status.value
            )
        if self.checked_in_at is not None:
            raise Conflict(
                "the member checked in at {checked_in_at}",
                checked_in_at=clock_text(self.checked_in_at),
            )
        if now < self.grace_ends:
            raise NotDue(
                "the member may check in until {grace_ends}", grace_ends=clock_text(self.grace_ends)
            )
        self._released_as_no_show(grace_ended=self.grace_ends)

    @event(ReleasedAsNoShow)
    def _released_as_no_show(self, grace_ended: datetime) -> None:
        self.status = BookingStatus.NO_SHOW


class WorkspaceDay(Entity):
    """One workspace's confirmed slots on one Seoul date, and the slots held for waitlisted
    members while an offer to them stands: a hold blocks the slot exactly as a booking does,
    and taking it up turns the hold into the booking in the same aggregate, so an offered slot
    can never be booked twice."""

    class Opened(Entity.Created):
        workspace_id: UUID
        day: date

    class SlotBooked(Entity.Event):
        booking_id: UUID
        start: datetime
        end: datetime

    class SlotFreed(Entity.Event):
        booking_id: UUID

    class SlotHeld(Entity.Event):
        entry_id: UUID
        member_id: UUID
        start: datetime
        end: datetime
        expires: datetime

    class HoldReleased(Entity.Event):
        entry_id: UUID

    class HoldBooked(Entity.Event):
        entry_id: UUID
        booking_id: UUID

    @event(Opened)
    def __init__(self, workspace_id: UUID, day: date) -> None:
        self.workspace_id, self.day = workspace_id, day
        self.slots: dict[UUID, Interval] = {}
        self.holds: dict[UUID, Hold] = {}

    @classmethod
    def open(cls, workspace_id: UUID, day: date) -> WorkspaceDay:
        return cls._create(
            cls.Opened, id=cls.id_for(workspace_id, day), workspace_id=workspace_id, day=day
        )

    @staticmethod
    def id_for(workspace_id: UUID, day: date) -> UUID:
        return stable_id("workspace-day", workspace_id, day.isoformat())

    def clashes(self, start: datetime, end: datetime) -> list[Interval]:
        """The booked or held slots overlapping [start, end), earliest first."""
        busy = [*self.slots.values(), *((h.start, h.end) for h in self.holds.values())]
        return sorted(s for s in busy if s[0] < end and start < s[1])

    def holds_during(self, start: datetime, end: datetime) -> list[Hold]:
        return sorted(
            (h for h in self.holds.values() if h.start < end and start < h.end),
            key=lambda h: h.start,
        )

    @property
    def busy(self) -> list[Interval]:
        return [*self.slots.values(), *((h.start, h.end) for h in self.holds.values())]

    def book(self, booking_id: UUID, start: datetime, end: datetime) -> None:
        """Take a slot; never one that overlaps a slot already taken."""
        taken = self.clashes(start, end)
        if taken:
            first = taken[0]
            raise SlotTaken(
                "the slot is taken {start}–{end}",
                start=clock_text(first[0]),
                end=clock_text(first[1], self.day),
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

    def hold(
        self, entry_id: UUID, member_id: UUID, start: datetime, end: datetime, expires: datetime
    ) -> None:
        """Keep a free slot for the waitlisted member it is offered to, until `expires`."""
        if entry_id in self.holds:
            raise Conflict("this slot is already held for that offer")
        if self.clashes(start, end):
            raise SlotTaken("the slot is no longer free to offer")
        self._slot_held(
            entry_id=entry_id, member_id=member_id, start=start, end=end, expires=expires
        )

    @event(SlotHeld)
    def _slot_held(
        self, entry_id: UUID, member_id: UUID, start: datetime, end: datetime, expires: datetime
    ) -> None:
        self.holds[entry_id] = Hold(entry_id, member_id, start, end, expires)

    def release_hold(self, entry_id: UUID) -> None:
        """The offer was declined or ran out: the slot is free again."""
        if entry_id not in self.holds:
            raise Conflict("no slot is held for this offer")
        self._hold_released(entry_id=entry_id)

    @event(HoldReleased)
    def _hold_released(self, entry_id: UUID) -> None:
        self.holds.pop(entry_id, None)

    def book_held(self, entry_id: UUID, booking_id: UUID) -> None:
        """The member took up the offer: the held slot becomes their booking."""
        if entry_id not in self.holds:
            raise Conflict("no slot is held for this offer any more")
        self._hold_booked(entry_id=entry_id, booking_id=booking_id)

    @event(HoldBooked)
    def _hold_booked(self, entry_id: UUID, booking_id: UUID) -> None:
        held = self.holds.pop(entry_id)
        self.slots[booking_id] = (held.start, held.end)
