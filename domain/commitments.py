"""What a member has committed to: the shoot dates of every project they are hired on.

Hiring saves the project and the hired member's Commitments together, so two directors hiring
the same person for overlapping shoots at the same moment cannot both succeed: one write loses
on the Commitments version, retries, and then sees the clash.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity, stable_id
from domain.errors import Conflict


class DatesClash(Conflict):
    pass


class Commitments(Entity):
    """One member's engagements on projects, keyed by project."""

    class Opened(Entity.Created):
        member_id: UUID

    class Engaged(Entity.Event):
        project_id: UUID
        role_id: UUID
        start: date
        end: date

    class Released(Entity.Event):
        project_id: UUID
        reason: str

    @event(Opened)
    def __init__(self, member_id: UUID) -> None:
        self.member_id = member_id
        self.engagements: dict[UUID, dict[str, Any]] = {}

    @classmethod
    def open(cls, member_id: UUID) -> Commitments:
        return cls._create(cls.Opened, id=cls.id_for(member_id), member_id=member_id)

    @staticmethod
    def id_for(member_id: UUID) -> UUID:
        return stable_id("commitments", member_id)

    def clash(self, start: date, end: date, *, besides: UUID | None = None) -> UUID | None:
        """The project whose shoot overlaps these dates, if any."""
        for project_id, e in self.engagements.items():
            if project_id != besides and e["start"] <= end and start <= e["end"]:
                return project_id
        return None

    def engage(self, project_id: UUID, role_id: UUID, start: date, end: date) -> None:
        other = self.clash(start, end, besides=project_id)
        if other is not None:
            taken = self.engagements[other]
            raise DatesClash(
                "already hired on another project shooting {start}–{end}",
                start=taken["start"],
                end=taken["end"],
            )
        self._engaged(project_id=project_id, role_id=role_id, start=start, end=end)

    @event(Engaged)
    def _engaged(self, project_id: UUID, role_id: UUID, start: date, end: date) -> None:
        self.engagements[project_id] = {"role_id": role_id, "start": start, "end": end}

    def release(self, project_id: UUID, reason: str) -> None:
        if project_id not in self.engagements:
            raise Conflict("the member is not engaged on this project")
        self._released(project_id=project_id, reason=reason)

    @event(Released)
    def _released(self, project_id: UUID, reason: str) -> None:
        self.engagements.pop(project_id, None)
