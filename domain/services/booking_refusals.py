"""The checks that refuse a booking's time, with what the member needs to act on the refusal:
whose booking is in the way (their own, or someone else's), when the room is free next, and
which rooms of the same kind are free at that time."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from domain.booking import Booking, WorkspaceDay
from domain.booking_errors import SlotTaken
from domain.booking_refusals import Alternative, Clash, slot_taken
from domain.clock import seoul_date
from domain.opening_hours import Interval, free_intervals
from domain.services.core import Core
from domain.workspace import Workspace, WorkspaceCatalogue


class BookingRefusals(Core):
    def _refuse_if_taken(
        self,
        member_id: UUID,
        room: Workspace,
        schedule: WorkspaceDay,
        begin: datetime,
        finish: datetime,
    ) -> None:
        """Refuse a time that overlaps a booking or a slot held for a waitlist offer."""
        clashes = self._clashes(schedule, begin, finish)
        if clashes:
            raise self._taken(member_id, room, schedule, begin, finish, clashes)

    def _taken(
        self,
        member_id: UUID,
        room: Workspace,
        schedule: WorkspaceDay,
        begin: datetime,
        finish: datetime,
        clashes: list[Clash],
    ) -> SlotTaken:
        """The refusal of a time that `clashes` are in the way of, with whose they are, when the
        room is free next and which rooms of the same kind are free then."""
        return slot_taken(
            room,
            schedule.day,
            clashes,
            self._free(room, schedule.day, schedule),
            (begin, finish),
            member_id,
            self._alternatives(room, begin, finish),
        )

    def _clashes(self, schedule: WorkspaceDay, begin: datetime, finish: datetime) -> list[Clash]:
        found = []
        for booking_id, (start, end) in schedule.slots.items():
            if start < finish and begin < end:
                booking = self._load_or_none(Booking, booking_id)
                owner = booking.member_id if booking is not None else None
                found.append(Clash(start, end, owner, booking_id=booking_id))
        for hold in schedule.holds_during(begin, finish):
            found.append(
                Clash(
                    hold.start,
                    hold.end,
                    hold.member_id,
                    entry_id=hold.entry_id,
                    expires=hold.expires,
                )
            )
        return sorted(found, key=lambda c: (c.start, c.end))

    def _alternatives(
        self, room: Workspace, begin: datetime, finish: datetime
    ) -> tuple[Alternative, ...]:
        """The other rooms of the same kind, in use, open and free for all of [begin, finish),
        by name."""
        catalogue = self._load_or_none(WorkspaceCatalogue, WorkspaceCatalogue.id_for())
        day = seoul_date(begin)
        found = []
        for workspace_id in catalogue.names if catalogue else {}:
            other = self._load_or_none(Workspace, workspace_id)
            if other is None or other.id == room.id or other.kind is not room.kind:
                continue
            hours = other.hours_on(day)
            if other.retired or hours is None or begin < hours[0] or finish > hours[1]:
                continue
            if other.blackout_during(begin, finish) is not None:
                continue
            schedule = self._load_or_none(WorkspaceDay, WorkspaceDay.id_for(other.id, day))
            if schedule is not None and schedule.clashes(begin, finish):
                continue
            found.append(Alternative(other.id, other.name))
        return tuple(sorted(found, key=lambda a: a.name))

    @staticmethod
    def _free(room: Workspace, day: date, schedule: WorkspaceDay | None) -> list[Interval]:
        busy = schedule.busy if schedule is not None else []
        return free_intervals(room.hours_on(day), busy + room.blackouts_on(day))
