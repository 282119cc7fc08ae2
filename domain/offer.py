"""What an invitation and a crew application share: both propose that one member fill one role
on a project, both wait for one answer, and accepting either is what hires the member.

Each keeps its own events (their stored topics name the invitation or the application); this
base holds the life cycle they have in common: one offer per (project, role, member), its id
derived from that key so two writers collide on version 1 instead of creating two; pending until
answered; answered once.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, ClassVar
from uuid import UUID

from domain.base import Entity, stable_id
from domain.errors import Conflict


class Offer(Entity):
    """One role offered to (or asked for by) one member, until it is answered."""

    KIND: ClassVar[str]  # names the offer's stable id: one offer per project, role and member
    PENDING: ClassVar[Enum]

    project_id: UUID
    role_id: UUID
    member_id: UUID
    director_id: UUID
    status: Enum
    reason: str

    if TYPE_CHECKING:  # each offer defines these with its own words and its own events

        def _answered(self) -> Conflict:
            """The refusal of a second answer, in the offer's own words."""

        def _accepted(self) -> None:
            """Records the acceptance: each offer applies its own Accepted event."""

    def _open(self, project_id: UUID, role_id: UUID, member_id: UUID, director_id: UUID) -> None:
        self.project_id, self.role_id = project_id, role_id
        self.member_id, self.director_id = member_id, director_id
        self._settle(self.PENDING)

    def _settle(self, status: Enum, reason: str = "") -> None:
        self.status, self.reason = status, reason

    @classmethod
    def id_for(cls, project_id: UUID, role_id: UUID, member_id: UUID) -> UUID:
        return stable_id(cls.KIND, project_id, role_id, member_id)

    @property
    def pending(self) -> bool:
        return self.status is self.PENDING

    def _pending(self) -> None:
        if not self.pending:
            raise self._answered()

    def accept(self) -> None:
        """The offer is taken up; the same write hires the member."""
        self._pending()
        self._accepted()
