"""Workspaces: the centre's rooms and stations, the rules each kind of room is booked by, and the
catalogue that lists them under unique names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain import opening_hours as hours_of
from domain.base import Entity, stable_id
from domain.errors import Conflict, Invalid, NotFound
from domain.vocabulary import WorkspaceKind

__all__ = ["CAPACITY_MAX", "CENTRE_ROOMS", "RULES", "KindRules", "Workspace", "WorkspaceCatalogue"]

CAPACITY_MAX = 500


@dataclass(frozen=True)
class KindRules:
    """How one kind of room is booked."""

    longest: timedelta
    notice: timedelta
    horizon: timedelta = timedelta(days=90)
    answer_within: timedelta | None = None  # set for rooms whose bookings an admin approves
    let_by_month: bool = False

    @property
    def needs_approval(self) -> bool:
        return self.answer_within is not None

    @property
    def counts_hours(self) -> bool:
        """Desks let by the month are not time slots, so they are not counted in hours."""
        return not self.let_by_month


RULES: Mapping[WorkspaceKind, KindRules] = {
    WorkspaceKind.EDITING_SUITE: KindRules(longest=timedelta(hours=8), notice=timedelta(hours=1)),
    WorkspaceKind.AI_WORKSTATION: KindRules(longest=timedelta(hours=8), notice=timedelta(hours=1)),
    WorkspaceKind.SOUND_ROOM: KindRules(longest=timedelta(hours=8), notice=timedelta(hours=1)),
    WorkspaceKind.GRADING_ROOM: KindRules(longest=timedelta(hours=8), notice=timedelta(hours=1)),
    WorkspaceKind.SCREENING_ROOM: KindRules(
        longest=timedelta(hours=4), notice=timedelta(days=14), answer_within=timedelta(days=7)
    ),
    WorkspaceKind.SHARED_OFFICE: KindRules(
        longest=timedelta(days=31), notice=timedelta(0), let_by_month=True
    ),
    WorkspaceKind.MEETING_ROOM: KindRules(longest=timedelta(hours=2), notice=timedelta(minutes=15)),
}


# -- the aggregates -----------------------------------------------------------------------


class Workspace(Entity):
    """A bookable room or station. Its kind decides how it is booked (RULES); its opening hours
    and blackouts decide when. Capacity is how many people it seats, one booking at a time;
    for the shared office, how many desks it lets each month."""

    class Added(Entity.Created):
        name: str
        kind: WorkspaceKind
        capacity: int
        hours: list[list[str]]
        equipment: list[str]

    class Changed(Entity.Event):
        name: str
        capacity: int
        hours: list[list[str]]
        equipment: list[str]

    class BlackoutAdded(Entity.Event):
        blackout_id: UUID
        start: datetime
        end: datetime
        reason: str

    class BlackoutRemoved(Entity.Event):
        blackout_id: UUID

    class Retired(Entity.Event):
        reason: str

    @event(Added)
    def __init__(
        self,
        name: str,
        kind: WorkspaceKind,
        capacity: int,
        hours: list[list[str]],
        equipment: list[str],
    ) -> None:
        self.name, self.kind, self.capacity = name, kind, capacity
        self.hours = [list(day) for day in hours]
        self.equipment = list(equipment)
        self.blackouts: dict[UUID, dict[str, Any]] = {}
        self.retired = False

    @classmethod
    def add(
        cls,
        *,
        workspace_id: UUID,
        name: str,
        kind: WorkspaceKind,
        capacity: int,
        hours: list[list[str]],
        equipment: list[str],
    ) -> Workspace:
        """An admin opens a new room or station to bookings."""
        return cls._create(
            cls.Added,
            id=workspace_id,
            name=name,
            kind=kind,
            capacity=capacity,
            hours=hours,
            equipment=equipment,
        )

    @staticmethod
    def id_for(slug: str) -> UUID:
        return stable_id("workspace", slug)

    @property
    def rules(self) -> KindRules:
        return RULES[self.kind]

    def _require_active(self) -> None:
        if self.retired:
            raise Conflict("{name} is retired", name=self.name)

    def change(
        self, *, name: str, capacity: int, hours: list[list[str]], equipment: list[str]
    ) -> None:
        """An admin renames a room, or changes its capacity, hours or equipment; bookings
        already made stand."""
        self._require_active()
        self._changed(name=name, capacity=capacity, hours=hours, equipment=equipment)

    @event(Changed)
    def _changed(
        self, name: str, capacity: int, hours: list[list[str]], equipment: list[str]
    ) -> None:
        self.name, self.capacity = name, capacity
        self.hours = [list(day) for day in hours]
        self.equipment = list(equipment)

    def add_blackout(self, blackout_id: UUID, start: datetime, end: datetime, reason: str) -> None:
        """Closes the room for a period (maintenance, a festival); new bookings cannot touch it."""
        self._require_active()
        if end <= start:
            raise Invalid("a blackout must end after it starts", field="end")
        self._blackout_added(blackout_id=blackout_id, start=start, end=end, reason=reason)

    @event(BlackoutAdded)
    def _blackout_added(
        self, blackout_id: UUID, start: datetime, end: datetime, reason: str
    ) -> None:
        self.blackouts[blackout_id] = {"start": start, "end": end, "reason": reason}

    def remove_blackout(self, blackout_id: UUID) -> None:
        if blackout_id not in self.blackouts:
            raise NotFound(
                "no blackout {blackout_id} on {name}", blackout_id=blackout_id, name=self.name
            )
        self._blackout_removed(blackout_id=blackout_id)

    @event(BlackoutRemoved)
    def _blackout_removed(self, blackout_id: UUID) -> None:
        self.blackouts.pop(blackout_id, None)

    def retire(self, reason: str) -> None:
        """The room is taken out of use; it keeps its history and its bookings stand."""
        self._require_active()
        self._retired(reason=reason)

    @event(Retired)
    def _retired(self, reason: str) -> None:
        self.retired = True

    # -- when it is open ------------------------------------------------------------------

    def hours_on(self, day: date) -> tuple[datetime, datetime] | None:
        """Opening and closing time on a Seoul date; None when closed all day."""
        return hours_of.hours_on(self.hours, day)

    def blackout_during(self, start: datetime, end: datetime) -> dict[str, Any] | None:
        """The first blackout overlapping [start, end), if any."""
        return hours_of.blackout_during(self.blackouts, start, end)

    def blackouts_on(self, day: date) -> list[tuple[datetime, datetime]]:
        return hours_of.blackouts_on(self.blackouts, day)


class WorkspaceCatalogue(Entity):
    """Every workspace of the centre by name: created in the same write as the workspace, so
    two rooms can never share a name, and the list needs no scan of the log."""

    class Opened(Entity.Created):
        pass

    class Listed(Entity.Event):
        workspace_id: UUID
        name: str

    class Renamed(Entity.Event):
        workspace_id: UUID
        name: str

    @event(Opened)
    def __init__(self) -> None:
        self.names: dict[UUID, str] = {}

    @classmethod
    def open(cls) -> WorkspaceCatalogue:
        return cls._create(cls.Opened, id=cls.id_for())

    @staticmethod
    def id_for() -> UUID:
        return stable_id("workspace-catalogue")

    def holder_of(self, name: str) -> UUID | None:
        wanted = name.casefold()
        return next((i for i, n in self.names.items() if n.casefold() == wanted), None)

    def enter(self, workspace_id: UUID, name: str) -> None:
        if self.holder_of(name) is not None:
            raise Conflict(
                "a workspace named {name} already exists; choose another name", name=name
            )
        self._listed(workspace_id=workspace_id, name=name)

    @event(Listed)
    def _listed(self, workspace_id: UUID, name: str) -> None:
        self.names[workspace_id] = name

    def rename(self, workspace_id: UUID, name: str) -> None:
        holder = self.holder_of(name)
        if holder is not None and holder != workspace_id:
            raise Conflict(
                "a workspace named {name} already exists; choose another name", name=name
            )
        if self.names.get(workspace_id) != name:
            self._renamed(workspace_id=workspace_id, name=name)

    @event(Renamed)
    def _renamed(self, workspace_id: UUID, name: str) -> None:
        self.names[workspace_id] = name


# The centre's rooms, created with the database: slug, name, kind, capacity, equipment.
CENTRE_ROOMS: tuple[tuple[str, str, WorkspaceKind, int, tuple[str, ...]], ...] = (
    (
        "editing-suite-1",
        "Editing Suite 1",
        WorkspaceKind.EDITING_SUITE,
        3,
        ("DaVinci Resolve Studio", "Avid Media Composer", "2 × 27-inch reference monitors"),
    ),
    (
        "editing-suite-2",
        "Editing Suite 2",
        WorkspaceKind.EDITING_SUITE,
        3,
        ("DaVinci Resolve Studio", "Adobe Premiere Pro", "2 × 27-inch reference monitors"),
    ),
    (
        "editing-suite-3",
        "Editing Suite 3",
        WorkspaceKind.EDITING_SUITE,
        2,
        ("DaVinci Resolve Studio", "Adobe Premiere Pro"),
    ),
    (
        "ai-workstation-1",
        "AI Workstation 1",
        WorkspaceKind.AI_WORKSTATION,
        1,
        ("NVIDIA RTX 6000 Ada", "ComfyUI", "Runway"),
    ),
    (
        "ai-workstation-2",
        "AI Workstation 2",
        WorkspaceKind.AI_WORKSTATION,
        1,
        ("NVIDIA RTX 6000 Ada", "ComfyUI", "Runway"),
    ),
    (
        "ai-workstation-3",
        "AI Workstation 3",
        WorkspaceKind.AI_WORKSTATION,
        1,
        ("NVIDIA RTX 4090", "ComfyUI", "ElevenLabs"),
    ),
    (
        "ai-workstation-4",
        "AI Workstation 4",
        WorkspaceKind.AI_WORKSTATION,
        1,
        ("NVIDIA RTX 4090", "ComfyUI", "ElevenLabs"),
    ),
    (
        "sound-room",
        "Sound Room",
        WorkspaceKind.SOUND_ROOM,
        4,
        ("Pro Tools Ultimate", "Dolby Atmos 7.1.4 monitoring", "Foley pit", "ADR booth"),
    ),
    (
        "grading-room",
        "Grading Room",
        WorkspaceKind.GRADING_ROOM,
        4,
        ("DaVinci Resolve Advanced panel", "Sony BVM-HX310 reference monitor"),
    ),
    (
        "screening-room",
        "Screening Room",
        WorkspaceKind.SCREENING_ROOM,
        40,
        ("4K DCI projector", "DCP server", "7.1 sound"),
    ),
    (
        "shared-office",
        "Shared Office",
        WorkspaceKind.SHARED_OFFICE,
        12,
        ("12 desks", "Lockers", "Printer"),
    ),
    (
        "meeting-room-a",
        "Meeting Room A",
        WorkspaceKind.MEETING_ROOM,
        8,
        ("65-inch display", "Video-conference camera"),
    ),
    ("meeting-room-b", "Meeting Room B", WorkspaceKind.MEETING_ROOM, 6, ("55-inch display",)),
)
