"""The centre's rooms and stations: adding, changing, closing for a while, retiring; the rules
every time slot of a room must keep (open, not blacked out, enough notice, not too far ahead);
and what a room's day looks like (booked, held, free)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from uuid import UUID, uuid4

from domain import validation as v
from domain.booking import WorkspaceDay
from domain.booking_errors import InBlackout, TooFarAhead, TooLittleNotice
from domain.booking_refusals import outside_hours
from domain.booking_terms import Hold
from domain.clock import seoul_date
from domain.context import SYSTEM, Context
from domain.desk_month import DeskMonth
from domain.errors import Conflict, Invalid
from domain.opening_hours import (
    DEFAULT_CLOSES,
    DEFAULT_OPENS,
    Interval,
    equipment_list,
    opening_hours,
)
from domain.permissions import Action
from domain.services.booking_refusals import BookingRefusals
from domain.services.booking_time import first_of_month, in_seoul, kind_of, moment, span
from domain.vocabulary import WorkspaceKind
from domain.workspace import CAPACITY_MAX, CENTRE_ROOMS, Workspace, WorkspaceCatalogue

# weekday (name or 0 = Monday) → (opens, closes), or None when closed all day
WeeklyHours = Mapping[str | int, Sequence[str] | None]


class RoomServices(BookingRefusals):
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
        name: str,
        kind: WorkspaceKind | str,
        capacity: int = 1,
        opens: str = DEFAULT_OPENS,
        closes: str = DEFAULT_CLOSES,
        weekly_hours: WeeklyHours | None = None,
        equipment: Sequence[str] = (),
    ) -> UUID:
        """An admin adds a room or station. Opening hours are `opens` to `closes` every day, except
        the weekdays `weekly_hours` maps to other hours, or to None when closed."""
        self._authorise(ctx, Action.MANAGE_WORKSPACES)
        label = v.text(name, "name", limit=v.NAME_MAX)
        chosen = kind_of(kind)
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
        name: str | None = None,
        capacity: int | None = None,
        opens: str | None = None,
        closes: str | None = None,
        weekly_hours: WeeklyHours | None = None,
        equipment: Sequence[str] | None = None,
    ) -> None:
        """An admin changes what is given and keeps the rest. Giving `opens` or `closes` sets
        every day's hours anew (the other defaulting to 09:00 or 22:00); `weekly_hours` then
        changes the days it names."""
        self._authorise(ctx, Action.MANAGE_WORKSPACES)
        label = None if name is None else v.text(name, "name", limit=v.NAME_MAX)
        seats = (
            None if capacity is None else v.whole(capacity, "capacity", low=1, high=CAPACITY_MAX)
        )
        new_hours = None
        if opens is not None or closes is not None:
            new_hours = opening_hours(
                DEFAULT_OPENS if opens is None else opens,
                DEFAULT_CLOSES if closes is None else closes,
                weekly_hours,
            )
        kit = None if equipment is None else equipment_list(equipment)

        def command() -> None:
            catalogue = self._catalogue()
            workspace = self.workspace(workspace_id)
            hours = new_hours or opening_hours(weekly=weekly_hours, base=workspace.hours)
            catalogue.rename(workspace_id, label or workspace.name)
            workspace.change(
                name=label or workspace.name,
                capacity=workspace.capacity if seats is None else seats,
                hours=hours,
                equipment=workspace.equipment if kit is None else kit,
            )
            self._save(ctx, catalogue, workspace)

        self._attempt(command)

    def add_blackout(
        self, ctx: Context, workspace_id: UUID, *, start: datetime, end: datetime, reason: str
    ) -> UUID:
        """An admin closes a workspace for a period; bookings already made stand, new ones
        cannot touch it."""
        self._authorise(ctx, Action.MANAGE_WORKSPACES)
        begin, finish = in_seoul(start, "start"), in_seoul(end, "end")
        if finish <= begin:
            raise Invalid("a blackout must end after it starts", field="end")
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

    def retire_workspace(self, ctx: Context, workspace_id: UUID, reason: str = "") -> None:
        """An admin takes a workspace out of use; it takes no new bookings."""
        self._authorise(ctx, Action.MANAGE_WORKSPACES)
        why = v.text(reason, "reason", limit=v.COMMENT_MAX, required=False)

        def command() -> None:
            workspace = self.workspace(workspace_id)
            workspace.retire(why)
            self._save(ctx, workspace)

        self._attempt(command)

    # -- a time slot's rules ----------------------------------------------------------------

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
                room=room.name,
                start=moment(blackout["start"]),
                end=moment(blackout["end"]),
                reason=blackout["reason"],
                field="start",
            )
        ahead = room.rules.notice
        if notice and begin - now < ahead:
            raise TooLittleNotice(
                "{room} must be booked at least {ahead} ahead; the earliest start you can ask for "
                "now is {earliest}",
                room=room.name,
                ahead=span(ahead),
                earliest=moment(now + ahead),
                field="start",
            )
        horizon = room.rules.horizon
        if begin - now > horizon:
            raise TooFarAhead(
                "{room} can be booked at most {horizon} ahead, up to {latest}",
                room=room.name,
                horizon=span(horizon),
                latest=moment(now + horizon),
                field="start",
            )

    # -- reading ----------------------------------------------------------------------------

    def workspace(self, workspace_id: UUID) -> Workspace:
        return self._load(Workspace, workspace_id, "workspace")

    def workspaces(self, *, include_retired: bool = False) -> list[Workspace]:
        """Every workspace, by name."""
        catalogue = self._load_or_none(WorkspaceCatalogue, WorkspaceCatalogue.id_for())
        if catalogue is None:
            return []
        found = [self.workspace(workspace_id) for workspace_id in catalogue.names]
        return sorted((w for w in found if include_retired or not w.retired), key=lambda w: w.name)

    def held_slots(self, workspace_id: UUID, day: date) -> list[Hold]:
        """The slots held for waitlisted members' offers on a Seoul date."""
        schedule = self._load_or_none(WorkspaceDay, WorkspaceDay.id_for(workspace_id, day))
        return sorted(schedule.holds.values(), key=lambda h: h.start) if schedule else []

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
        desks = self._load_or_none(DeskMonth, DeskMonth.id_for(workspace_id, first_of_month(month)))
        return sorted(desks.holders.values()) if desks else []
