"""Workspaces, their per-kind rules, bookings and hour quotas.

Booking a slot saves, in one write, the booking, the workspace's schedule for that day, the
member's week and the university's week: no overlap and no quota overrun can slip between a
check and a write, because the check is on the very versions the write replaces.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID, uuid4

from domain import validation as v
from domain.booking import (
    Booking,
    DeskMonth,
    InBlackout,
    Interval,
    OutsideHours,
    SlotTaken,
    TooFarAhead,
    TooLittleNotice,
    TooLong,
    WorkspaceDay,
    describe_taken,
    free_intervals,
)
from domain.clock import SEOUL, seoul_date, week_start
from domain.context import SYSTEM, Context
from domain.errors import Conflict, Forbidden, Invalid
from domain.member import Member
from domain.permissions import Action, allowed
from domain.quota import (
    MEMBER_WEEKLY_HOURS,
    UNIVERSITY_WEEKLY_HOURS,
    MemberWeek,
    UniversityWeek,
)
from domain.services.core import Core
from domain.university import University
from domain.vocabulary import BookingStatus, WorkspaceKind
from domain.workspace import (
    CAPACITY_MAX,
    CENTRE_ROOMS,
    DEFAULT_CLOSES,
    DEFAULT_OPENS,
    SLOT_MINUTES,
    WEEKDAYS,
    Workspace,
    WorkspaceCatalogue,
    clock_text,
    equipment_list,
    opening_hours,
)


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
        raise Invalid(f"unknown workspace kind {value!r}; use one of {kinds}") from None


def _aware(value: object, field: str) -> datetime:
    """A date and time with a UTC offset, given as one or as ISO 8601 text."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise Invalid(
                f"{field} must be a date and time like 2026-03-02T14:00:00+09:00"
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


def _span(length: timedelta) -> str:
    if length % timedelta(days=1) == timedelta(0) and length >= timedelta(days=1):
        days = length // timedelta(days=1)
        return f"{days} day" + ("s" if days != 1 else "")
    if length % timedelta(hours=1) == timedelta(0):
        hours = length // timedelta(hours=1)
        return f"{hours} hour" + ("s" if hours != 1 else "")
    return f"{length // timedelta(minutes=1)} minutes"


class WorkspaceServices(Core):
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
        begin = _aware(start, "start").astimezone(SEOUL)
        finish = _aware(end, "end").astimezone(SEOUL)
        if finish <= begin:
            raise Invalid(f"end ({_moment(finish)}) must come after start ({_moment(begin)})")
        rules = workspace.rules
        if rules.let_by_month:
            month = seoul_date(begin).replace(day=1)
            if begin != _midnight(month) or finish != _midnight(_next_month(month)):
                raise Invalid(
                    f"desks in the {workspace.name} are let by the calendar month: ask for start "
                    f"{_midnight(month).isoformat()} and end "
                    f"{_midnight(_next_month(month)).isoformat()}"
                )
            return self._let_desk(ctx, member, workspace_id, month)
        if any(t.minute % SLOT_MINUTES or t.second or t.microsecond for t in (begin, finish)):
            raise Invalid("bookings start and end on the quarter hour (e.g. 14:00, 14:15)")
        if finish - begin > rules.longest:
            raise TooLong(
                f"{workspace.name} can be booked for at most {_span(rules.longest)} at a time"
            )
        if begin <= self.clock.now():
            raise Invalid(f"start ({_moment(begin)}) has already passed")
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
            self._refuse_if_taken(room, schedule, begin, finish)
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
        self, room: Workspace, begin: datetime, finish: datetime, now: datetime
    ) -> None:
        """The room's own rules for a time slot: in use, open, not blacked out, booked with
        enough notice and not too far ahead."""
        if room.retired:
            raise Conflict(f"{room.name} is retired and takes no bookings")
        day = seoul_date(begin)
        hours = room.hours_on(day)
        if hours is None:
            raise OutsideHours(f"{room.name} is closed on {WEEKDAYS[day.weekday()].title()}s")
        if begin < hours[0] or finish > hours[1]:
            raise OutsideHours(
                f"{room.name} is open {clock_text(hours[0])}–{clock_text(hours[1], day)} on "
                f"{WEEKDAYS[day.weekday()].title()}s; choose a time within those hours"
            )
        blackout = room.blackout_during(begin, finish)
        if blackout is not None:
            raise InBlackout(
                f"{room.name} is closed {_moment(blackout['start'])}–{_moment(blackout['end'])}"
                f": {blackout['reason']}"
            )
        notice = room.rules.notice
        if begin - now < notice:
            raise TooLittleNotice(
                f"{room.name} must be booked at least {_span(notice)} ahead; the earliest start "
                f"you can ask for now is {_moment(now + notice)}"
            )
        horizon = room.rules.horizon
        if begin - now > horizon:
            raise TooFarAhead(
                f"{room.name} can be booked at most {_span(horizon)} ahead, up to "
                f"{_moment(now + horizon)}"
            )

    def _refuse_if_taken(
        self, room: Workspace, schedule: WorkspaceDay, begin: datetime, finish: datetime
    ) -> None:
        taken = schedule.clashes(begin, finish)
        if taken:
            hours = room.hours_on(schedule.day)
            raise SlotTaken(
                describe_taken(
                    room.name,
                    schedule.day,
                    taken,
                    self._free(room, schedule.day, schedule),
                    begin,
                    hours[1] if hours else None,
                )
            )

    @staticmethod
    def _free(room: Workspace, day: date, schedule: WorkspaceDay | None) -> list[Interval]:
        busy = list(schedule.slots.values()) if schedule is not None else []
        return free_intervals(room.hours_on(day), busy + room.blackouts_on(day))

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
            raise Invalid(f"{workspace.name} is booked by time slot, not by the month")
        return self._let_desk(ctx, member, workspace_id, _month(month))

    def _let_desk(self, ctx: Context, member: Member, workspace_id: UUID, month: date) -> UUID:
        now = self.clock.now()
        if month < seoul_date(now).replace(day=1):
            raise Invalid(f"{month:%B %Y} has passed")
        booking_id = uuid4()

        def command() -> None:
            room = self.workspace(workspace_id)
            if room.retired:
                raise Conflict(f"{room.name} is retired and takes no bookings")
            latest = seoul_date(self.clock.now() + room.rules.horizon).replace(day=1)
            if month > latest:
                raise TooFarAhead(f"desks in the {room.name} can be taken up to {latest:%B %Y}")
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
                raise Conflict(f"{room.name} is retired; refuse the request instead")
            if booking.start <= self.clock.now():
                raise Conflict("the requested time has passed; refuse the request instead")
            blackout = room.blackout_during(booking.start, booking.end)
            if blackout is not None:
                raise InBlackout(
                    f"{room.name} is closed then: {blackout['reason']}; refuse the request instead"
                )
            schedule = self._load_or_none(
                WorkspaceDay, WorkspaceDay.id_for(room.id, booking.day)
            ) or WorkspaceDay.open(room.id, booking.day)
            self._refuse_if_taken(room, schedule, booking.start, booking.end)
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
            if booking.is_desk:
                month = seoul_date(booking.start)
                desks = self._load(DeskMonth, DeskMonth.id_for(booking.workspace_id, month))
                desks.free(booking.id)
                self._save(ctx, booking, desks)
                return
            schedule = None
            if was is BookingStatus.CONFIRMED:
                schedule = self._load(
                    WorkspaceDay, WorkspaceDay.id_for(booking.workspace_id, booking.day)
                )
                schedule.free(booking.id)
            self._save(ctx, booking, schedule, *self._return_hours(booking))

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

    # -- reading --------------------------------------------------------------------------

    def booking(self, booking_id: UUID) -> Booking:
        return self._load(Booking, booking_id, "booking")

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
