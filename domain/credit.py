"""Verified credits: work done on the platform, confirmed by the project's director at wrap.

A member's claimed credits (typed in) stay on the Member; verified ones live here, one Credits
aggregate per member with a stable id, so the profile and the matching graph can tell them apart
and a project credits a member at most once.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity, stable_id
from domain.errors import Conflict


class Credits(Entity):
    """One member's verified credits: projects that were crewed, shot and wrapped on the
    platform, and whose director confirmed the member's part."""

    class Opened(Entity.Created):
        member_id: UUID

    class CreditVerified(Entity.Event):
        member_id: UUID
        project_id: UUID
        title: str
        year: int
        role: str
        confirmed_by: UUID

    @event(Opened)
    def __init__(self, member_id: UUID) -> None:
        self.member_id = member_id
        self.verified: dict[UUID, dict[str, Any]] = {}

    @classmethod
    def open(cls, member_id: UUID) -> Credits:
        return cls._create(cls.Opened, id=cls.id_for(member_id), member_id=member_id)

    @staticmethod
    def id_for(member_id: UUID) -> UUID:
        return stable_id("credits", member_id)

    def verify(
        self, project_id: UUID, *, title: str, year: int, role: str, confirmed_by: UUID
    ) -> None:
        """The director confirmed the member's engagement on a wrapped project."""
        if project_id in self.verified:
            raise Conflict("the credit on “{title}” is already verified", title=title)
        self._credit_verified(
            member_id=self.member_id,
            project_id=project_id,
            title=title,
            year=year,
            role=role,
            confirmed_by=confirmed_by,
        )

    @event(CreditVerified)
    def _credit_verified(
        self,
        member_id: UUID,
        project_id: UUID,
        title: str,
        year: int,
        role: str,
        confirmed_by: UUID,
    ) -> None:
        self.verified[project_id] = {
            "title": title,
            "year": year,
            "role": role,
            "confirmed_by": confirmed_by,
        }
