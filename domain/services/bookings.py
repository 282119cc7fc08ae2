"""Booking a time slot or a desk, and cancelling.

Booking a slot saves, in one write, the booking, the workspace's schedule for that day, the
member's week and the university's week: no overlap and no quota overrun can slip between a
check and a write, because the check is on the very versions the write replaces. The schedule
itself refuses an overlap (`WorkspaceDay.book`), once; only then is the refusal explained (whose
booking, when the room is free next, which rooms are free instead).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID, uuid4

from domain import validation as v
from domain.booking import Booking, WorkspaceDay
from domain.booking_errors import SlotTaken, TooFarAhead
from domain.clock import seoul_date
from domain.context import Context
from domain.desk_month import DeskMonth
from domain.errors import Conflict, Forbidden, Invalid
from domain.member import Member
from domain.permissions import Action, allowed
from domain.services.booking_time import (
    Booked,
    first_of_month,
    in_seoul,
    midnight,
    month_asked,
    next_month,
    ordered,
    within_limits,
)
from domain.services.waitlists import WaitlistServices
from domain.university import University
from domain.vocabulary import BookingStatus
from domain.workspace import Workspace


class BookingServices(WaitlistServices):
    def book(self, ctx: Context, workspace_id: UUID, *, start: datetime, end: datetime) -> Booked:
        """A member books a workspace from `start` to `end`. Rooms that need approval get a
        request; the shared office lets desks for whole calendar months (`start` and `end` are
        then the month's first midnight and the next month's). One trip: the room is loaded
        once, and its kind decides slot or desk here, not at the edge."""
        return self._book(ctx, workspace_id, start, end, desk_only=False)

    def book_workspace(
        self, ctx: Context, workspace_id: UUID, *, start: datetime, end: datetime
    ) -> UUID:
        """`book`, for callers that need only the booking's id."""
        return self.book(ctx, workspace_id, start=start, end=end).booking_id

    def book_desk(self, ctx: Context, workspace_id: UUID, *, month: date) -> UUID:
        """A member takes one desk in the shared office for a calendar month."""
        first = first_of_month(month)
        return self._book(
            ctx, workspace_id, midnight(first), midnight(next_month(first)), desk_only=True
        ).booking_id

    def _book(
        self, ctx: Context, workspace_id: UUID, start: datetime, end: datetime, *, desk_only: bool
    ) -> Booked:
        member = self._authorise(ctx, Action.BOOK_WORKSPACE)
        begin, finish = in_seoul(start, "start"), in_seoul(end, "end")
        university = self._university_of(member)
        booking_id = uuid4()

        def command() -> Booked:
            now = self.clock.now()
            room = self.workspace(workspace_id)
            if desk_only and not room.rules.let_by_month:
                raise Invalid(
                    "{workspace} is booked by time slot, not by the month", workspace=room.name
                )
            ordered(room, begin, finish)
            if room.rules.let_by_month:
                month = month_asked(room, begin, finish)
                return self._let_desk(ctx, member, room, month, booking_id, now)
            return self._book_slot(ctx, member, university, room, begin, finish, booking_id, now)

        return self._attempt(command)

    def _book_slot(
        self,
        ctx: Context,
        member: Member,
        university: University | None,
        room: Workspace,
        begin: datetime,
        finish: datetime,
        booking_id: UUID,
        now: datetime,
    ) -> Booked:
        rules = room.rules
        within_limits(room, begin, finish, now)
        self._check_when(room, begin, finish, now)
        day = seoul_date(begin)
        schedule = self._load_or_none(
            WorkspaceDay, WorkspaceDay.id_for(room.id, day)
        ) or WorkspaceDay.open(room.id, day)
        if rules.answer_within is None:
            try:
                schedule.book(booking_id, begin, finish)
            except SlotTaken:
                clashes = self._clashes(schedule, begin, finish)
                raise self._taken(member.id, room, schedule, begin, finish, clashes) from None
        else:  # a request takes its slot only when approved, but never over a booking
            self._refuse_if_taken(member.id, room, schedule, begin, finish)
        minutes = (finish - begin) // timedelta(minutes=1)
        member_week, university_week = self._reserve_hours(
            booking_id, member, university, begin, minutes, now
        )
        booking = Booking.place(
            booking_id=booking_id,
            workspace_id=room.id,
            member_id=member.id,
            university_id=university.id if university else None,
            kind=room.kind,
            start=begin,
            end=finish,
            minutes=minutes,
            answer_by=None if rules.answer_within is None else now + rules.answer_within,
        )
        confirmed = booking.status is BookingStatus.CONFIRMED
        written = self._save(
            ctx, booking, schedule if confirmed else None, member_week, university_week
        )
        return Booked(booking_id, booking.status, False, day, max(written))

    def _let_desk(
        self,
        ctx: Context,
        member: Member,
        room: Workspace,
        month: date,
        booking_id: UUID,
        now: datetime,
    ) -> Booked:
        if month < seoul_date(now).replace(day=1):
            raise Invalid("{month:%B %Y} has passed", month=month, field="month")
        if room.retired:
            raise Conflict("{room} is retired and takes no bookings", room=room.name)
        latest = seoul_date(now + room.rules.horizon).replace(day=1)
        if month > latest:
            raise TooFarAhead(
                "desks in the {room} can be taken up to {latest:%B %Y}",
                room=room.name,
                latest=latest,
                field="month",
            )
        desks = self._load_or_none(DeskMonth, DeskMonth.id_for(room.id, month)) or DeskMonth.open(
            room.id, month
        )
        desks.let(booking_id, member.id, desks=room.capacity, name=room.name)
        booking = Booking.place(
            booking_id=booking_id,
            workspace_id=room.id,
            member_id=member.id,
            university_id=member.university_id,
            kind=room.kind,
            start=midnight(month),
            end=midnight(next_month(month)),
            minutes=0,
        )
        written = self._save(ctx, booking, desks)
        return Booked(booking_id, booking.status, True, month, max(written))

    # -- cancelling -------------------------------------------------------------------------

    def cancel_booking(self, ctx: Context, booking_id: UUID, reason: str = "") -> BookingStatus:
        """The booker (until the booking begins) or an admin (until it ends) cancels: the slot or
        desk is freed and the hours return to both quotas, in one write. Returns the status
        (cancelled), so the caller need not load the booking to say it."""
        actor = self._actor(ctx)
        why = v.text(reason, "reason", limit=v.COMMENT_MAX, required=False)
        is_admin = allowed(actor.roles, Action.CANCEL_ANY_BOOKING)

        def command() -> BookingStatus:
            booking = self.booking(booking_id)
            if booking.member_id != actor.id and not is_admin:
                raise Forbidden("only the member who made this booking, or an admin, can cancel it")
            now = self.clock.now()
            if booking.end <= now:
                raise Conflict("this booking has already ended")
            if booking.start <= now and not is_admin:
                raise Conflict("this booking has already begun; ask the centre's staff to end it")
            was = booking.status
            booking.cancel(actor.id, why)
            room = self.workspace(booking.workspace_id)
            if booking.is_desk:
                month = seoul_date(booking.start)
                desks = self._load(DeskMonth, DeskMonth.id_for(booking.workspace_id, month))
                desks.free(booking.id)
                waitlist = self._waitlist(room.id, month)
                self._offer_desks(room, desks, waitlist, now)
                self._save(ctx, booking, desks, waitlist)
                return booking.status
            schedule = None
            waitlist = None
            if was is BookingStatus.CONFIRMED:
                schedule = self._load(
                    WorkspaceDay, WorkspaceDay.id_for(booking.workspace_id, booking.day)
                )
                schedule.free(booking.id)
                waitlist = self._waitlist(room.id, booking.day)
                self._offer_slots(room, schedule, waitlist, now)
            self._save(ctx, booking, schedule, waitlist, *self._return_hours(booking))
            return booking.status

        return self._attempt(command)

    def booking(self, booking_id: UUID) -> Booking:
        return self._load(Booking, booking_id, "booking")
