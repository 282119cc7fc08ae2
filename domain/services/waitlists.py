"""Waitlists: members waiting for a taken slot (or, in the shared office, a month whose desks
are all let), offered freed time in turn; an offer holds the slot in the day's schedule in the
same write, so nobody else can book it, and taking it up is one write with the quotas."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from uuid import UUID, uuid4

from domain.booking import Booking, WorkspaceDay
from domain.booking_errors import InBlackout
from domain.clock import seoul_date
from domain.context import SYSTEM, Context
from domain.desk_month import DeskMonth
from domain.errors import Conflict, Forbidden, Invalid
from domain.member import Member
from domain.opening_hours import clock_text
from domain.permissions import Action
from domain.services.booking_time import (
    OFFER_HOLD,
    Waiting,
    first_of_month,
    in_seoul,
    midnight,
    moment,
    month_asked,
    next_month,
    ordered,
    within_limits,
)
from domain.services.hours import HourServices
from domain.vocabulary import WaitlistStatus
from domain.waitlist import Entry, Waitlist, WaitlistTicket
from domain.workspace import Workspace


class WaitlistServices(HourServices):
    def _system(self, ctx: Context) -> None:
        """Timers run as the system; an admin may run one by hand."""
        if ctx != SYSTEM:
            self._authorise(ctx, Action.RUN_BOOKING_TIMERS)

    def _waitlist(self, workspace_id: UUID, period: date) -> Waitlist | None:
        return self._load_or_none(Waitlist, Waitlist.id_for(workspace_id, period))

    def _offer_slots(
        self, room: Workspace, schedule: WorkspaceDay, waitlist: Waitlist | None, now: datetime
    ) -> None:
        """Offer free time to the waitlist in turn: each waiting member whose whole window is
        free (and still ahead) is offered it and the slot is held for them; windows that have
        begun lapse. The caller saves the schedule and the waitlist in its one write."""
        if waitlist is None or room.retired:
            return
        hours = room.hours_on(schedule.day)
        for entry in waitlist.waiting():
            if entry.start <= now:
                waitlist.lapse(entry.entry_id)
                continue
            if hours is None or entry.start < hours[0] or entry.end > hours[1]:
                continue
            if schedule.clashes(entry.start, entry.end):
                continue
            if room.blackout_during(entry.start, entry.end) is not None:
                continue
            expires = min(now + OFFER_HOLD, entry.start)
            waitlist.offer(entry.entry_id, expires)
            schedule.hold(entry.entry_id, entry.member_id, entry.start, entry.end, expires)

    def _offer_desks(
        self, room: Workspace, desks: DeskMonth, waitlist: Waitlist | None, now: datetime
    ) -> None:
        """Offer free desks of a month to the waitlist in turn, one desk per member."""
        if waitlist is None or room.retired:
            return
        for entry in waitlist.waiting():
            if entry.end <= now:
                waitlist.lapse(entry.entry_id)
                continue
            if desks.free_desks(room.capacity) == 0:
                return
            if entry.member_id in (*desks.holders.values(), *desks.held.values()):
                continue
            expires = now + OFFER_HOLD
            waitlist.offer(entry.entry_id, expires)
            desks.hold(entry.entry_id, entry.member_id, expires, desks=room.capacity)

    # -- joining ----------------------------------------------------------------------------

    def enter_waitlist(
        self, ctx: Context, workspace_id: UUID, *, start: datetime, end: datetime
    ) -> Waiting:
        """A member asks for a taken slot (or, in the shared office, the calendar month from
        `start` to `end` whose desks are all let): when it frees up, they are offered it in
        turn. One trip: the room is loaded once, and its kind decides slot or desk here."""
        member = self._authorise(ctx, Action.BOOK_WORKSPACE)
        begin, finish = in_seoul(start, "start"), in_seoul(end, "end")
        entry_id = uuid4()

        def command() -> Waiting:
            now = self.clock.now()
            room = self.workspace(workspace_id)
            ordered(room, begin, finish)
            if room.rules.let_by_month:
                month = month_asked(room, begin, finish)
                return self._wait_for_desk(ctx, member, room, month, entry_id, now)
            return self._wait_for_slot(ctx, member, room, begin, finish, entry_id, now)

        return self._attempt(command)

    def join_waitlist(
        self, ctx: Context, workspace_id: UUID, *, start: datetime, end: datetime
    ) -> UUID:
        """`enter_waitlist`, for callers that need only the entry's id."""
        return self.enter_waitlist(ctx, workspace_id, start=start, end=end).entry_id

    def join_desk_waitlist(self, ctx: Context, workspace_id: UUID, *, month: date) -> UUID:
        """A member waits for a desk in the shared office in a month whose desks are all let."""
        member = self._authorise(ctx, Action.BOOK_WORKSPACE)
        first = first_of_month(month)
        entry_id = uuid4()

        def command() -> Waiting:
            room = self.workspace(workspace_id)
            if not room.rules.let_by_month:
                raise Invalid(
                    "{workspace} is booked by time slot, not by the month", workspace=room.name
                )
            return self._wait_for_desk(ctx, member, room, first, entry_id, self.clock.now())

        return self._attempt(command).entry_id

    def _wait_for_slot(
        self,
        ctx: Context,
        member: Member,
        room: Workspace,
        begin: datetime,
        finish: datetime,
        entry_id: UUID,
        now: datetime,
    ) -> Waiting:
        rules = room.rules
        if rules.needs_approval:
            raise Invalid(
                "the {workspace} takes requests that an admin answers; overlapping requests are "
                "allowed, so ask for the time you want instead of waiting",
                workspace=room.name,
            )
        within_limits(room, begin, finish, now, waitlist=True)
        self._check_when(room, begin, finish, now, notice=False)
        day = seoul_date(begin)
        schedule = self._load_or_none(WorkspaceDay, WorkspaceDay.id_for(room.id, day))
        clashes = self._clashes(schedule, begin, finish) if schedule is not None else []
        if schedule is None or not clashes:
            raise Conflict(
                "{room} is free {begin}–{finish}; book it instead of waiting",
                room=room.name,
                begin=clock_text(begin),
                finish=clock_text(finish, day),
                field="start",
            )
        if any(c.member_id == member.id for c in clashes):
            raise self._taken(member.id, room, schedule, begin, finish, clashes)
        waitlist = self._waitlist(room.id, day) or Waitlist.open(room.id, day)
        waitlist.join(entry_id, member.id, begin, finish, name=room.name)
        ticket = WaitlistTicket.issue(entry_id, waitlist.id, member.id)
        written = self._save(ctx, waitlist, ticket)
        return Waiting(entry_id, waitlist.position(entry_id), False, day, max(written))

    def _wait_for_desk(
        self,
        ctx: Context,
        member: Member,
        room: Workspace,
        month: date,
        entry_id: UUID,
        now: datetime,
    ) -> Waiting:
        if next_month(month) <= seoul_date(now):
            raise Invalid("{month:%B %Y} has passed", month=month, field="month")
        if room.retired:
            raise Conflict("{room} is retired and takes no bookings", room=room.name)
        desks = self._load_or_none(DeskMonth, DeskMonth.id_for(room.id, month))
        if desks is None or desks.free_desks(room.capacity) > 0:
            raise Conflict(
                "a desk in the {room} is free for {month:%B %Y}; book it instead of waiting",
                room=room.name,
                month=month,
                field="month",
            )
        if member.id in desks.holders.values():
            raise Conflict(
                "You already hold a desk in the {room} for {month:%B %Y}.",
                room=room.name,
                month=month,
                field="month",
            )
        waitlist = self._waitlist(room.id, month) or Waitlist.open(room.id, month)
        waitlist.join(
            entry_id, member.id, midnight(month), midnight(next_month(month)), name=room.name
        )
        ticket = WaitlistTicket.issue(entry_id, waitlist.id, member.id)
        written = self._save(ctx, waitlist, ticket)
        return Waiting(entry_id, waitlist.position(entry_id), True, month, max(written))

    # -- answering an offer -----------------------------------------------------------------

    def _ticket(self, entry_id: UUID) -> WaitlistTicket:
        return self._load(WaitlistTicket, entry_id, "waitlist entry")

    def leave_waitlist(self, ctx: Context, entry_id: UUID) -> None:
        """A member stops waiting; an entry with an offer standing declines the offer."""
        member = self._actor(ctx)
        ticket = self._ticket(entry_id)
        if ticket.member_id != member.id:
            raise Forbidden("this waitlist entry belongs to another member")
        waitlist = self._load(Waitlist, ticket.waitlist_id, "waitlist")
        if waitlist.entry(entry_id).status is WaitlistStatus.OFFERED:
            self.decline_offer(ctx, entry_id)
            return

        def command() -> None:
            fresh = self._load(Waitlist, ticket.waitlist_id, "waitlist")
            fresh.leave(entry_id, member.id)
            self._save(ctx, fresh)

        self._attempt(command)

    def accept_offer(self, ctx: Context, entry_id: UUID) -> UUID:
        """The member takes the slot offered to them: the hold becomes a confirmed booking, its
        hours counted against both quotas, all in one write. Returns the booking's id."""
        member = self._authorise(ctx, Action.BOOK_WORKSPACE)
        ticket = self._ticket(entry_id)
        if ticket.member_id != member.id:
            raise Forbidden("this offer was made to another member")
        university = self._university_of(member)
        booking_id = uuid4()

        def command() -> None:
            now = self.clock.now()
            waitlist = self._load(Waitlist, ticket.waitlist_id, "waitlist")
            entry = waitlist.entry(entry_id)
            waitlist.accept(entry_id, member.id, booking_id, now)
            room = self.workspace(waitlist.workspace_id)
            if room.retired:
                raise Conflict("{room} is retired and takes no bookings", room=room.name)
            if room.rules.let_by_month:
                desks = self._load(DeskMonth, DeskMonth.id_for(room.id, waitlist.period))
                desks.let_held(entry_id, booking_id, name=room.name)
                booking = self._placed(booking_id, room, member.id, member.university_id, entry, 0)
                self._save(ctx, booking, desks, waitlist)
                return
            blackout = room.blackout_during(entry.start, entry.end)
            if blackout is not None:
                raise InBlackout(
                    "{room} is closed {start}–{end}: {reason}; decline the offer",
                    room=room.name,
                    start=moment(blackout["start"]),
                    end=moment(blackout["end"]),
                    reason=blackout["reason"],
                )
            schedule = self._load(WorkspaceDay, WorkspaceDay.id_for(room.id, waitlist.period))
            schedule.book_held(entry_id, booking_id)
            minutes = (entry.end - entry.start) // timedelta(minutes=1)
            member_week, university_week = self._reserve_hours(
                booking_id, member, university, entry.start, minutes, now
            )
            booking = self._placed(
                booking_id, room, member.id, university.id if university else None, entry, minutes
            )
            self._save(ctx, booking, schedule, waitlist, member_week, university_week)

        self._attempt(command)
        return booking_id

    @staticmethod
    def _placed(
        booking_id: UUID,
        room: Workspace,
        member_id: UUID,
        university_id: UUID | None,
        entry: Entry,
        minutes: int,
    ) -> Booking:
        return Booking.place(
            booking_id=booking_id,
            workspace_id=room.id,
            member_id=member_id,
            university_id=university_id,
            kind=room.kind,
            start=entry.start,
            end=entry.end,
            minutes=minutes,
        )

    def decline_offer(self, ctx: Context, entry_id: UUID) -> None:
        """The member does not want the offered slot: it is freed and offered to the next in
        line, in one write."""
        member = self._actor(ctx)
        ticket = self._ticket(entry_id)
        if ticket.member_id != member.id:
            raise Forbidden("this offer was made to another member")
        self._pass_on(ctx, ticket, lambda waitlist, now: waitlist.decline(entry_id, member.id))

    def expire_offer(self, ctx: Context, entry_id: UUID) -> None:
        """Timer: an offer not taken up by its expiry passes to the next in line."""
        self._system(ctx)
        ticket = self._ticket(entry_id)
        self._pass_on(ctx, ticket, lambda waitlist, now: waitlist.expire(entry_id, now))

    def _pass_on(
        self, ctx: Context, ticket: WaitlistTicket, answer: Callable[[Waitlist, datetime], None]
    ) -> None:
        entry_id = ticket.id

        def command() -> None:
            now = self.clock.now()
            waitlist = self._load(Waitlist, ticket.waitlist_id, "waitlist")
            answer(waitlist, now)
            room = self.workspace(waitlist.workspace_id)
            if room.rules.let_by_month:
                desks = self._load(DeskMonth, DeskMonth.id_for(room.id, waitlist.period))
                desks.release_hold(entry_id)
                self._offer_desks(room, desks, waitlist, now)
                self._save(ctx, waitlist, desks)
                return
            schedule = self._load(WorkspaceDay, WorkspaceDay.id_for(room.id, waitlist.period))
            schedule.release_hold(entry_id)
            self._offer_slots(room, schedule, waitlist, now)
            self._save(ctx, waitlist, schedule)

        self._attempt(command)

    # -- reading ----------------------------------------------------------------------------

    def waitlist_entry(self, entry_id: UUID) -> Entry:
        """A waitlist entry: the window, its status and any offer's expiry."""
        ticket = self._ticket(entry_id)
        return self._load(Waitlist, ticket.waitlist_id, "waitlist").entry(entry_id)

    def waitlist_position(self, entry_id: UUID) -> int | None:
        """Where a waiting entry stands in line (1 is next); None once it no longer waits."""
        ticket = self._ticket(entry_id)
        return self._load(Waitlist, ticket.waitlist_id, "waitlist").position(entry_id)
