"""Workspaces, their per-kind rules, bookings and hour quotas, and the life of a booking after
it is made: waitlists and their offers, check-in, no-shows and strikes, unanswered requests.

Booking a slot saves, in one write, the booking, the workspace's schedule for that day, the
member's week and the university's week: no overlap and no quota overrun can slip between a
check and a write, because the check is on the very versions the write replaces. Freeing a slot
offers it to the waitlist in that same write, and the offer holds the slot in the same schedule,
so an offered slot is never booked by anyone else, and taking it up is one write again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID, uuid4

from domain import validation as v
from domain.booking import (
    Booking,
    DeskMonth,
    Hold,
    InBlackout,
    Interval,
    TooFarAhead,
    TooLittleNotice,
    TooLong,
    WorkspaceDay,
)
from domain.booking_refusals import ends_before_start, outside_hours
from domain.clock import SEOUL, seoul_date, week_start
from domain.context import SYSTEM, Context
from domain.errors import Conflict, Forbidden, Invalid, Span
from domain.member import Member
from domain.permissions import Action, allowed
from domain.quota import (
    MEMBER_WEEKLY_HOURS,
    STRIKE_MINUTES,
    UNIVERSITY_WEEKLY_HOURS,
    MemberWeek,
    Strike,
    UniversityWeek,
    strike_weeks,
)
from domain.services.booking_refusals import BookingRefusals
from domain.university import University
from domain.vocabulary import BookingStatus, WaitlistStatus, WorkspaceKind
from domain.waitlist import Entry, Waitlist, WaitlistTicket
from domain.workspace import (
    CAPACITY_MAX,
    CENTRE_ROOMS,
    DEFAULT_CLOSES,
    DEFAULT_OPENS,
    SLOT_MINUTES,
    Workspace,
    WorkspaceCatalogue,
    clock_text,
    equipment_list,
    opening_hours,
)

OFFER_HOLD = timedelta(hours=2)  # how long a waitlist offer stands, unless the slot starts sooner


@dataclass(frozen=True)
class WeekHours:
    """Hours booked against a weekly allowance, in minutes."""

    week: date
    used_minutes: int
    allowance_minutes: int

    @property
    def left_minutes(self) -> int:
        return max(0, self.allowance_minutes - self.used_minutes)


def _kind(value: object) -> WorkspaceKind:
    try:
        return value if isinstance(value, WorkspaceKind) else WorkspaceKind(value)
    except ValueError:
        kinds = ", ".join(k.value for k in WorkspaceKind)
        raise Invalid(
            "unknown workspace kind {kind!r}; use one of {kinds}",
            kind=value, kinds=kinds,
        ) from None



def _window(workspace: Workspace, start: object, end: object) -> tuple[datetime, datetime,
                                                                       date | None]:
    """The asked-for time in Seoul, checked; for rooms let by the month, the month asked for."""
    begin = _aware(start, "start").astimezone(SEOUL)
    finish = _aware(end, "end").astimezone(SEOUL)
    if finish <= begin:
        raise ends_before_start(
            workspace, seoul_date(begin), begin, finish, (_moment(begin), _moment(finish))
        )
    if not workspace.rules.let_by_month:
        return begin, finish, None
    month = seoul_date(begin).replace(day=1)
    if begin != _midnight(month) or finish != _midnight(_next_month(month)):
        raise Invalid(
            "desks in the {workspace} are let by the calendar month: ask for start {month} and "
            "end {next_month}",
            workspace=workspace.name, month=_midnight(month).isoformat(),
            next_month=_midnight(_next_month(month)).isoformat(),
        )
    return begin, finish, month

def _aware(value: object, field: str) -> datetime:
    """A date and time with a UTC offset, given as one or as ISO 8601 text."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise Invalid(
                "{field} must be a date and time like 2026-03-02T14:00:00+09:00",
                field=field,
            ) from None
    return v.aware(value, field)


def _month(value: object) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise Invalid("month must be a date, e.g. 2026-04-01")
    return value.replace(day=1)


def _next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=SEOUL)


def _moment(at: datetime) -> str:
    return at.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M")


def _span(length: timedelta) -> Span:
    return Span(length)


class WorkspaceServices(BookingRefusals):
    # -- workspaces -----------------------------------------------------------------------

    def _catalogue(self) -> WorkspaceCatalogue:
        found = self._load_or_none(WorkspaceCatalogue, WorkspaceCatalogue.id_for())
        return found or WorkspaceCatalogue.open()

    def seed_workspaces(self) -> int:
        """Create the centre's rooms that do not exist yet, in one write; idempotent."""

        def command() -> int:
            catalogue = self._catalogue()
            added = []
            for slug, name, kind, capacity, equipment in CENTRE_ROOMS:
                workspace_id = Workspace.id_for(slug)
                if workspace_id in catalogue.names or catalogue.holder_of(name) is not None:
                    continue
                catalogue.enter(workspace_id, name)
                added.append(
                    Workspace.add(
                        workspace_id=workspace_id,
                        name=name,
                        kind=kind,
                        capacity=capacity,
                        hours=opening_hours(),
                        equipment=list(equipment),
                    )
                )
            if added:
                self._save(SYSTEM, catalogue, *added)
            return len(added)

        return self._attempt(command)

    def create_workspace(
        self,
        ctx: Context,
        *,
        name: object,
        kind: object,
        capacity: object = 1,
        opens: object = DEFAULT_OPENS,
        closes: object = DEFAULT_CLOSES,
        weekly_hours: object = None,
        equipment: object = (),
    ) -> UUID:
        """An admin adds a room or station. Opening hours are `opens` to `closes` every day, except
        the weekdays `weekly_hours` maps to other hours, or to None when closed."""
        self._authorise(ctx, Action.MANAGE_WORKSPACES)
        label = v.text(name, "name", limit=v.NAME_MAX)
        chosen = _kind(kind)
        seats = v.whole(capacity, "capacity", low=1, high=CAPACITY_MAX)
        hours = opening_hours(opens, closes, weekly_hours)
        kit = equipment_list(equipment)
        workspace_id = uuid4()

        def command() -> None:
            catalogue = self._catalogue()
            catalogue.enter(workspace_id, label)
            workspace = Workspace.add(
                workspace_id=workspace_id,
                name=label,
                kind=chosen,
                capacity=seats,
                hours=hours,
                equipment=kit,
            )
            self._save(ctx, catalogue, workspace)

        self._attempt(command)
        return workspace_id

    def update_workspace(
        self,
        ctx: Context,
        workspace_id: UUID,
        *,
        name: object = None,
        capacity: object = None,
        opens: object = None,
        closes: object = None,
        weekly_hours: object = None,
        equipment: object = None,
    ) -> None:
        """An admin changes what is given and keeps the rest. Giving `opens` or `closes` sets
        every day's hours anew (the other defaulting to 09:00 or 22:00); `weekly_hours` then
        changes the days it names."""
        self._authorise(ctx, Action.MANAGE_WORKSPACES)
        current = self.workspace(workspace_id)
        label = current.name if name is None else v.text(name, "name", limit=v.NAME_MAX)
        seats = (
            current.capacity
            if capacity is None
            else v.whole(capacity, "capacity", low=1, high=CAPACITY_MAX)
        )
        if opens is None and closes is None:
            hours = opening_hours(weekly=weekly_hours, base=current.hours)
        else:
            hours = opening_hours(
                DEFAULT_OPENS if opens is None else opens,
                DEFAULT_CLOSES if closes is None else closes,
                weekly_hours,
            )
        kit = current.equipment if equipment is None else equipment_list(equipment)

        def command() -> None:
            catalogue = self._catalogue()
            workspace = self.workspace(workspace_id)
            catalogue.rename(workspace_id, label)
            workspace.change(name=label, capacity=seats, hours=hours, equipment=kit)
            self._save(ctx, catalogue, workspace)

        self._attempt(command)

    def add_blackout(
        self, ctx: Context, workspace_id: UUID, *, start: object, end: object, reason: object
    ) -> UUID:
        """An admin closes a workspace for a period; bookings already made stand, new ones
        cannot touch it."""
        self._authorise(ctx, Action.MANAGE_WORKSPACES)
        self.workspace(workspace_id)
        begin, finish = _aware(start, "start"), _aware(end, "end")
        if finish <= begin:
            raise Invalid("a blackout must end after it starts")
        why = v.text(reason, "reason", limit=v.COMMENT_MAX)
        blackout_id = uuid4()

        def command() -> None:
            workspace = self.workspace(workspace_id)
            workspace.add_blackout(blackout_id, begin, finish, why)
            self._save(ctx, workspace)

        self._attempt(command)
        return blackout_id

    def remove_blackout(self, ctx: Context, workspace_id: UUID, blackout_id: UUID) -> None:
        self._authorise(ctx, Action.MANAGE_WORKSPACES)

        def command() -> None:
            workspace = self.workspace(workspace_id)
            workspace.remove_blackout(blackout_id)
            self._save(ctx, workspace)

        self._attempt(command)

    def retire_workspace(self, ctx: Context, workspace_id: UUID, reason: object = "") -> None:
        """An admin takes a workspace out of use; it takes no new bookings."""
        self._authorise(ctx, Action.MANAGE_WORKSPACES)
        why = v.text(reason, "reason", limit=v.COMMENT_MAX, required=False)

        def command() -> None:
            workspace = self.workspace(workspace_id)
            workspace.retire(why)
            self._save(ctx, workspace)

        self._attempt(command)

    def workspace(self, workspace_id: UUID) -> Workspace:
        return self._load(Workspace, workspace_id, "workspace")

    def workspaces(self, *, include_retired: bool = False) -> list[Workspace]:
        """Every workspace, by name."""
        catalogue = self._load_or_none(WorkspaceCatalogue, WorkspaceCatalogue.id_for())
        if catalogue is None:
            return []
        found = [self.workspace(workspace_id) for workspace_id in catalogue.names]
        return sorted((w for w in found if include_retired or not w.retired), key=lambda w: w.name)

    # -- booking time slots ---------------------------------------------------------------

    def book_workspace(
        self, ctx: Context, workspace_id: UUID, *, start: object, end: object
    ) -> UUID:
        """A member books a workspace from `start` to `end` (both with a UTC offset). Rooms that
        need approval get a request; the shared office lets desks for whole calendar months."""
        member = self._authorise(ctx, Action.BOOK_WORKSPACE)
        workspace = self.workspace(workspace_id)
        begin, finish, month = _window(workspace, start, end)
        rules = workspace.rules
        if month is not None:
            return self._let_desk(ctx, member, workspace_id, month)
        if any(t.minute % SLOT_MINUTES or t.second or t.microsecond for t in (begin, finish)):
            raise Invalid("bookings start and end on the quarter hour (e.g. 14:00, 14:15)")
        if finish - begin > rules.longest:
            raise TooLong(
                "{workspace} can be booked for at most {longest} at a time",
                workspace=workspace.name, longest=_span(rules.longest),
            )
        if begin <= self.clock.now():
            raise Invalid("start ({begin}) has already passed", begin=_moment(begin))
        minutes = (finish - begin) // timedelta(minutes=1)
        booking_id = uuid4()
        university = (
            self._load_or_none(University, member.university_id) if member.university_id else None
        )

        def command() -> None:
            now = self.clock.now()
            room = self.workspace(workspace_id)
            self._check_when(room, begin, finish, now)
            day = seoul_date(begin)
            schedule = self._load_or_none(
                WorkspaceDay, WorkspaceDay.id_for(workspace_id, day)
            ) or WorkspaceDay.open(workspace_id, day)
            self._refuse_if_taken(member.id, room, schedule, begin, finish)
            week = week_start(begin)
            period = self._period(week, now)
            member_week = self._load_or_none(
                MemberWeek, MemberWeek.id_for(member.id, week)
            ) or MemberWeek.open(member.id, week)
            member_week.reserve(booking_id, minutes, period=period)
            university_week = None
            if university is not None:
                university_week = self._load_or_none(
                    UniversityWeek, UniversityWeek.id_for(university.id, week)
                ) or UniversityWeek.open(university.id, week)
                university_week.reserve(booking_id, minutes, who=university.name, period=period)
            answer_within = room.rules.answer_within
            booking = Booking.place(
                booking_id=booking_id,
                workspace_id=workspace_id,
                member_id=member.id,
                university_id=university.id if university else None,
                kind=room.kind,
                start=begin,
                end=finish,
                minutes=minutes,
                answer_by=now + answer_within if answer_within is not None else None,
            )
            if booking.status is BookingStatus.CONFIRMED:
                schedule.book(booking_id, begin, finish)
                self._save(ctx, booking, schedule, member_week, university_week)
            else:
                self._save(ctx, booking, member_week, university_week)

        self._attempt(command)
        return booking_id

    def _check_when(
        self,
        room: Workspace,
        begin: datetime,
        finish: datetime,
        now: datetime,
        *,
        notice: bool = True,
    ) -> None:
        """The room's own rules for a time slot: in use, open, not blacked out, booked with
        enough notice and not too far ahead."""
        if room.retired:
            raise Conflict("{room} is retired and takes no bookings", room=room.name)
        day = seoul_date(begin)
        hours = room.hours_on(day)
        if hours is None or begin < hours[0] or finish > hours[1]:
            raise outside_hours(room, day, begin, finish)
        blackout = room.blackout_during(begin, finish)
        if blackout is not None:
            raise InBlackout(
                "{room} is closed {start}–{end}: {reason}",
                room=room.name, start=_moment(blackout["start"]), end=_moment(blackout["end"]),
                reason=blackout["reason"],
            )
        ahead = room.rules.notice
        if notice and begin - now < ahead:
            raise TooLittleNotice(
                "{room} must be booked at least {ahead} ahead; the earliest start you can ask for "
                "now is {earliest}",
                room=room.name, ahead=_span(ahead), earliest=_moment(now + ahead),
            )
        horizon = room.rules.horizon
        if begin - now > horizon:
            raise TooFarAhead(
                "{room} can be booked at most {horizon} ahead, up to {latest}",
                room=room.name, horizon=_span(horizon), latest=_moment(now + horizon),
            )

    def _period(self, week: date, now: datetime) -> str:
        this_week = week_start(now)
        if week == this_week:
            return "this week"
        if week == this_week + timedelta(days=7):
            return "next week"
        return f"in the week of {week.isoformat()}"

    # -- desks let by the month -----------------------------------------------------------

    def book_desk(self, ctx: Context, workspace_id: UUID, *, month: object) -> UUID:
        """A member takes one desk in the shared office for a calendar month."""
        member = self._authorise(ctx, Action.BOOK_WORKSPACE)
        workspace = self.workspace(workspace_id)
        if not workspace.rules.let_by_month:
            raise Invalid(
                "{workspace} is booked by time slot, not by the month",
                workspace=workspace.name,
            )
        return self._let_desk(ctx, member, workspace_id, _month(month))

    def _let_desk(self, ctx: Context, member: Member, workspace_id: UUID, month: date) -> UUID:
        now = self.clock.now()
        if month < seoul_date(now).replace(day=1):
            raise Invalid("{month:%B %Y} has passed", month=month)
        booking_id = uuid4()

        def command() -> None:
            room = self.workspace(workspace_id)
            if room.retired:
                raise Conflict("{room} is retired and takes no bookings", room=room.name)
            latest = seoul_date(self.clock.now() + room.rules.horizon).replace(day=1)
            if month > latest:
                raise TooFarAhead(
                    "desks in the {room} can be taken up to {latest:%B %Y}",
                    room=room.name, latest=latest,
                )
            desks = self._load_or_none(
                DeskMonth, DeskMonth.id_for(workspace_id, month)
            ) or DeskMonth.open(workspace_id, month)
            desks.let(booking_id, member.id, desks=room.capacity, name=room.name)
            booking = Booking.place(
                booking_id=booking_id,
                workspace_id=workspace_id,
                member_id=member.id,
                university_id=member.university_id,
                kind=room.kind,
                start=_midnight(month),
                end=_midnight(_next_month(month)),
                minutes=0,
            )
            self._save(ctx, booking, desks)

        self._attempt(command)
        return booking_id

    # -- requests, cancellations ----------------------------------------------------------

    def approve_booking_request(self, ctx: Context, booking_id: UUID, reason: object = "") -> None:
        """An admin grants a request: it becomes a confirmed booking and takes its slot, which
        must still be free."""
        self._authorise(ctx, Action.DECIDE_BOOKING_REQUEST)
        why = v.text(reason, "reason", limit=v.COMMENT_MAX, required=False)

        def command() -> None:
            booking = self.booking(booking_id)
            booking.approve(why)
            room = self.workspace(booking.workspace_id)
            if room.retired:
                raise Conflict("{room} is retired; refuse the request instead", room=room.name)
            if booking.start <= self.clock.now():
                raise Conflict("the requested time has passed; refuse the request instead")
            blackout = room.blackout_during(booking.start, booking.end)
            if blackout is not None:
                raise InBlackout(
                    "{room} is closed then: {reason}; refuse the request instead",
                    room=room.name, reason=blackout["reason"],
                )
            schedule = self._load_or_none(
                WorkspaceDay, WorkspaceDay.id_for(room.id, booking.day)
            ) or WorkspaceDay.open(room.id, booking.day)
            self._refuse_if_taken(booking.member_id, room, schedule, booking.start, booking.end)
            schedule.book(booking.id, booking.start, booking.end)
            self._save(ctx, booking, schedule)

        self._attempt(command)

    def refuse_booking_request(self, ctx: Context, booking_id: UUID, reason: object) -> None:
        """An admin turns a request down with a reason; its hours go back to the quotas."""
        self._authorise(ctx, Action.DECIDE_BOOKING_REQUEST)
        why = v.text(reason, "reason", limit=v.COMMENT_MAX)

        def command() -> None:
            booking = self.booking(booking_id)
            booking.refuse(why)
            self._save(ctx, booking, *self._return_hours(booking))

        self._attempt(command)

    def cancel_booking(self, ctx: Context, booking_id: UUID, reason: object = "") -> None:
        """The booker (until the booking begins) or an admin (until it ends) cancels: the slot or
        desk is freed and the hours return to both quotas, in one write."""
        actor = self._actor(ctx)
        why = v.text(reason, "reason", limit=v.COMMENT_MAX, required=False)
        is_admin = allowed(actor.roles, Action.CANCEL_ANY_BOOKING)

        def command() -> None:
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
                return
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

        self._attempt(command)

    def _return_hours(self, booking: Booking) -> list[MemberWeek | UniversityWeek]:
        member_week = self._load(MemberWeek, MemberWeek.id_for(booking.member_id, booking.week))
        member_week.release(booking.id)
        ledgers: list[MemberWeek | UniversityWeek] = [member_week]
        if booking.university_id is not None:
            university_week = self._load(
                UniversityWeek, UniversityWeek.id_for(booking.university_id, booking.week)
            )
            university_week.release(booking.id)
            ledgers.append(university_week)
        return ledgers

    # -- waitlists ------------------------------------------------------------------------

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

    def join_waitlist(
        self, ctx: Context, workspace_id: UUID, *, start: object, end: object
    ) -> UUID:
        """A member asks for a taken slot (or, in the shared office, a month whose desks are all
        let): when it frees up, they are offered it in turn. Returns the waitlist entry's id."""
        member = self._authorise(ctx, Action.BOOK_WORKSPACE)
        workspace = self.workspace(workspace_id)
        begin, finish, month = _window(workspace, start, end)
        rules = workspace.rules
        if month is not None:
            return self._join_desk_waitlist(ctx, member, workspace_id, month)
        if rules.needs_approval:
            raise Invalid(
                "the {workspace} takes requests that an admin answers; overlapping requests are "
                "allowed, so ask for the time you want instead of waiting",
                workspace=workspace.name,
            )
        if any(t.minute % SLOT_MINUTES or t.second or t.microsecond for t in (begin, finish)):
            raise Invalid("waitlist windows start and end on the quarter hour (e.g. 14:00, 14:15)")
        if finish - begin > rules.longest:
            raise TooLong(
                "{workspace} can be booked for at most {longest} at a time",
                workspace=workspace.name, longest=_span(rules.longest),
            )
        if begin <= self.clock.now():
            raise Invalid("start ({begin}) has already passed", begin=_moment(begin))
        entry_id = uuid4()

        def command() -> None:
            room = self.workspace(workspace_id)
            self._check_when(room, begin, finish, self.clock.now(), notice=False)
            day = seoul_date(begin)
            schedule = self._load_or_none(WorkspaceDay, WorkspaceDay.id_for(workspace_id, day))
            if schedule is None or not schedule.clashes(begin, finish):
                raise Conflict(
                    "{room} is free {begin}–{finish}; book it instead of waiting",
                    room=room.name, begin=clock_text(begin), finish=clock_text(finish, day),
                )
            self._refuse_waiting_for_ones_own(member.id, room, schedule, begin, finish)
            waitlist = self._waitlist(workspace_id, day) or Waitlist.open(workspace_id, day)
            waitlist.join(entry_id, member.id, begin, finish, name=room.name)
            ticket = WaitlistTicket.issue(entry_id, waitlist.id, member.id)
            self._save(ctx, waitlist, ticket)

        self._attempt(command)
        return entry_id

    def join_desk_waitlist(self, ctx: Context, workspace_id: UUID, *, month: object) -> UUID:
        """A member waits for a desk in the shared office in a month whose desks are all let."""
        member = self._authorise(ctx, Action.BOOK_WORKSPACE)
        workspace = self.workspace(workspace_id)
        if not workspace.rules.let_by_month:
            raise Invalid(
                "{workspace} is booked by time slot, not by the month",
                workspace=workspace.name,
            )
        return self._join_desk_waitlist(ctx, member, workspace_id, _month(month))

    def _join_desk_waitlist(
        self, ctx: Context, member: Member, workspace_id: UUID, month: date
    ) -> UUID:
        if _next_month(month) <= seoul_date(self.clock.now()):
            raise Invalid("{month:%B %Y} has passed", month=month)
        entry_id = uuid4()

        def command() -> None:
            room = self.workspace(workspace_id)
            if room.retired:
                raise Conflict("{room} is retired and takes no bookings", room=room.name)
            desks = self._load_or_none(DeskMonth, DeskMonth.id_for(workspace_id, month))
            if desks is None or desks.free_desks(room.capacity) > 0:
                raise Conflict(
                    "a desk in the {room} is free for {month:%B %Y}; book it instead of waiting",
                    room=room.name, month=month,
                )
            if member.id in desks.holders.values():
                raise Conflict(
                    "You already hold a desk in the {room} for {month:%B %Y}.",
                    room=room.name, month=month,
                )
            waitlist = self._waitlist(workspace_id, month) or Waitlist.open(workspace_id, month)
            waitlist.join(
                entry_id,
                member.id,
                _midnight(month),
                _midnight(_next_month(month)),
                name=room.name,
            )
            ticket = WaitlistTicket.issue(entry_id, waitlist.id, member.id)
            self._save(ctx, waitlist, ticket)

        self._attempt(command)
        return entry_id

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
        university = (
            self._load_or_none(University, member.university_id) if member.university_id else None
        )
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
                booking = Booking.place(
                    booking_id=booking_id,
                    workspace_id=room.id,
                    member_id=member.id,
                    university_id=member.university_id,
                    kind=room.kind,
                    start=entry.start,
                    end=entry.end,
                    minutes=0,
                )
                self._save(ctx, booking, desks, waitlist)
                return
            blackout = room.blackout_during(entry.start, entry.end)
            if blackout is not None:
                raise InBlackout(
                    "{room} is closed {start}–{end}: {reason}; decline the offer",
                    room=room.name, start=_moment(blackout["start"]), end=_moment(blackout["end"]),
                    reason=blackout["reason"],
                )
            schedule = self._load(WorkspaceDay, WorkspaceDay.id_for(room.id, waitlist.period))
            schedule.book_held(entry_id, booking_id)
            minutes = (entry.end - entry.start) // timedelta(minutes=1)
            week = week_start(entry.start)
            period = self._period(week, now)
            member_week = self._load_or_none(
                MemberWeek, MemberWeek.id_for(member.id, week)
            ) or MemberWeek.open(member.id, week)
            member_week.reserve(booking_id, minutes, period=period)
            university_week = None
            if university is not None:
                university_week = self._load_or_none(
                    UniversityWeek, UniversityWeek.id_for(university.id, week)
                ) or UniversityWeek.open(university.id, week)
                university_week.reserve(booking_id, minutes, who=university.name, period=period)
            booking = Booking.place(
                booking_id=booking_id,
                workspace_id=room.id,
                member_id=member.id,
                university_id=university.id if university else None,
                kind=room.kind,
                start=entry.start,
                end=entry.end,
                minutes=minutes,
            )
            self._save(ctx, booking, schedule, waitlist, member_week, university_week)

        self._attempt(command)
        return booking_id

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
        self,
        ctx: Context,
        ticket: WaitlistTicket,
        answer: Callable[[Waitlist, datetime], None],
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

    # -- check-in, no-shows, strikes ----------------------------------------------------------

    def _system(self, ctx: Context) -> None:
        """Timers run as the system; an admin may run one by hand."""
        if ctx != SYSTEM:
            self._authorise(ctx, Action.RUN_BOOKING_TIMERS)

    def check_in(self, ctx: Context, booking_id: UUID) -> None:
        """The booker arrives: from 15 minutes before the start until 15 minutes after it."""
        member = self._actor(ctx)

        def command() -> None:
            booking = self.booking(booking_id)
            if booking.member_id != member.id:
                raise Forbidden("only the member who made this booking can check in to it")
            booking.check_in(self.clock.now())
            self._save(ctx, booking)

        self._attempt(command)

    def release_no_show(self, ctx: Context, booking_id: UUID) -> UUID:
        """Timer: a booking nobody checked into by the end of its grace period is released. In
        one write the slot is freed and offered to the waitlist, and the member gets a strike
        that takes hours off their next four weekly quotas. The no-show's own hours stay spent.
        Returns the strike's id."""
        self._system(ctx)

        def command() -> UUID:
            now = self.clock.now()
            booking = self.booking(booking_id)
            booking.release_as_no_show(now)
            room = self.workspace(booking.workspace_id)
            schedule = self._load(WorkspaceDay, WorkspaceDay.id_for(room.id, booking.day))
            schedule.free(booking.id)
            waitlist = self._waitlist(room.id, booking.day)
            self._offer_slots(room, schedule, waitlist, now)
            until = clock_text(booking.end, booking.day)
            reason = f"no-show: {room.name} {_moment(booking.start)}–{until}"
            weeks = strike_weeks(booking.start)
            strike = Strike.record(
                member_id=booking.member_id,
                booking_id=booking.id,
                weeks=weeks,
                minutes=STRIKE_MINUTES,
                reason=reason,
            )
            ledgers = []
            for week in weeks:
                ledger = self._load_or_none(
                    MemberWeek, MemberWeek.id_for(booking.member_id, week)
                ) or MemberWeek.open(booking.member_id, week)
                ledger.reduce(STRIKE_MINUTES, reason)
                ledgers.append(ledger)
            self._save(ctx, booking, schedule, waitlist, strike, *ledgers)
            return strike.id

        return self._attempt(command)

    def refuse_unanswered_request(self, ctx: Context, booking_id: UUID) -> None:
        """Timer: a request not answered by its `answer_by` is refused ("no answer within 7
        days") and its hours go back to the quotas."""
        self._system(ctx)

        def command() -> None:
            booking = self.booking(booking_id)
            booking.refuse_unanswered(self.clock.now())
            self._save(ctx, booking, *self._return_hours(booking))

        self._attempt(command)

    def appeal_strike(self, ctx: Context, strike_id: UUID, reason: object) -> None:
        """The member asks for a strike to be lifted, saying why."""
        member = self._actor(ctx)
        why = v.text(reason, "reason", limit=v.COMMENT_MAX)

        def command() -> None:
            strike = self.strike(strike_id)
            strike.appeal_by(member.id, why)
            self._save(ctx, strike)

        self._attempt(command)

    def uphold_strike(self, ctx: Context, strike_id: UUID, reason: object) -> None:
        """An admin rejects the appeal, saying why; the hours stay off."""
        self._authorise(ctx, Action.DECIDE_STRIKE_APPEAL)
        why = v.text(reason, "reason", limit=v.COMMENT_MAX)

        def command() -> None:
            strike = self.strike(strike_id)
            strike.uphold(why)
            self._save(ctx, strike)

        self._attempt(command)

    def overturn_strike(self, ctx: Context, strike_id: UUID, reason: object) -> None:
        """An admin grants the appeal: the strike is lifted and the hours it took are given back
        to each week, in one write."""
        self._authorise(ctx, Action.DECIDE_STRIKE_APPEAL)
        why = v.text(reason, "reason", limit=v.COMMENT_MAX)

        def command() -> None:
            strike = self.strike(strike_id)
            strike.overturn(why)
            ledgers = []
            for week in strike.weeks:
                ledger = self._load(MemberWeek, MemberWeek.id_for(strike.member_id, week))
                ledger.restore(strike.minutes, f"strike overturned: {why}")
                ledgers.append(ledger)
            self._save(ctx, strike, *ledgers)

        self._attempt(command)

    # -- reading --------------------------------------------------------------------------

    def booking(self, booking_id: UUID) -> Booking:
        return self._load(Booking, booking_id, "booking")

    def waitlist_entry(self, entry_id: UUID) -> Entry:
        """A waitlist entry: the window, its status and any offer's expiry."""
        ticket = self._ticket(entry_id)
        return self._load(Waitlist, ticket.waitlist_id, "waitlist").entry(entry_id)

    def waitlist_position(self, entry_id: UUID) -> int | None:
        """Where a waiting entry stands in line (1 is next); None once it no longer waits."""
        ticket = self._ticket(entry_id)
        return self._load(Waitlist, ticket.waitlist_id, "waitlist").position(entry_id)

    def held_slots(self, workspace_id: UUID, day: date) -> list[Hold]:
        """The slots held for waitlisted members' offers on a Seoul date."""
        schedule = self._load_or_none(WorkspaceDay, WorkspaceDay.id_for(workspace_id, day))
        return sorted(schedule.holds.values(), key=lambda h: h.start) if schedule else []

    def strike(self, strike_id: UUID) -> Strike:
        return self._load(Strike, strike_id, "strike")

    def taken_slots(self, workspace_id: UUID, day: date) -> list[tuple[UUID, datetime, datetime]]:
        """The confirmed bookings of a workspace on a Seoul date, earliest first."""
        schedule = self._load_or_none(WorkspaceDay, WorkspaceDay.id_for(workspace_id, day))
        if schedule is None:
            return []
        return sorted(((b, s, e) for b, (s, e) in schedule.slots.items()), key=lambda slot: slot[1])

    def free_slots(self, workspace_id: UUID, day: date) -> list[Interval]:
        """When a workspace is open and neither booked nor blacked out on a Seoul date."""
        room = self.workspace(workspace_id)
        schedule = self._load_or_none(WorkspaceDay, WorkspaceDay.id_for(workspace_id, day))
        return self._free(room, day, schedule)

    def desk_holders(self, workspace_id: UUID, month: date) -> list[UUID]:
        """The members holding a desk in the shared office in a calendar month."""
        desks = self._load_or_none(DeskMonth, DeskMonth.id_for(workspace_id, _month(month)))
        return sorted(desks.holders.values()) if desks else []

    def member_hours(self, member_id: UUID, week: date) -> WeekHours:
        """A member's booked hours and allowance in the quota week starting `week`."""
        start = week_start(_midnight(week))
        ledger = self._load_or_none(MemberWeek, MemberWeek.id_for(member_id, start))
        if ledger is None:
            return WeekHours(start, 0, MEMBER_WEEKLY_HOURS * 60)
        return WeekHours(start, ledger.used_minutes, ledger.allowance_minutes())

    def university_hours(self, university_id: UUID, week: date) -> WeekHours:
        """A university's booked hours and shared budget in the quota week starting `week`."""
        start = week_start(_midnight(week))
        ledger = self._load_or_none(UniversityWeek, UniversityWeek.id_for(university_id, start))
        used = ledger.used_minutes if ledger else 0
        return WeekHours(start, used, UNIVERSITY_WEEKLY_HOURS * 60)
