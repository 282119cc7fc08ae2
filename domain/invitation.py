"""Invitations: a director offers a crew role to a member, who accepts or declines.

An invitation's id is derived from (project, role, member), so a member has at most one
invitation per role: two directors' clicks at once collide on version 1, and inviting again
after a decline renews the same invitation rather than piling up new ones.
"""

from __future__ import annotations

from enum import Enum
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity, stable_id
from domain.errors import Conflict


class InvitationStatus(Enum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class Invitation(Entity):
    """A director's offer of one role to one member; accepting it is what hires them."""

    class Sent(Entity.Created):
        project_id: UUID
        role_id: UUID
        member_id: UUID
        director_id: UUID

    class Renewed(Entity.Event):
        pass

    class Accepted(Entity.Event):
        pass

    class Declined(Entity.Event):
        reason: str

    class Withdrawn(Entity.Event):
        reason: str

    @event(Sent)
    def __init__(self, project_id: UUID, role_id: UUID, member_id: UUID, director_id: UUID) -> None:
        self.project_id, self.role_id = project_id, role_id
        self.member_id, self.director_id = member_id, director_id
        self.status = InvitationStatus.PENDING
        self.reason = ""

    @classmethod
    def send(
        cls, project_id: UUID, role_id: UUID, member_id: UUID, director_id: UUID
    ) -> Invitation:
        """The director asks a member to take a role."""
        return cls._create(
            cls.Sent,
            id=cls.id_for(project_id, role_id, member_id),
            project_id=project_id,
            role_id=role_id,
            member_id=member_id,
            director_id=director_id,
        )

    @staticmethod
    def id_for(project_id: UUID, role_id: UUID, member_id: UUID) -> UUID:
        return stable_id("invitation", project_id, role_id, member_id)

    @property
    def pending(self) -> bool:
        return self.status is InvitationStatus.PENDING

    def _pending(self) -> None:
        if not self.pending:
            raise Conflict("the invitation was already {status}", status=self.status.value)

    def renew(self) -> None:
        """The director invites the member to the same role again after an earlier answer."""
        if self.pending:
            raise Conflict("the member is already invited to this role; wait for their answer")
        self._renewed()

    @event(Renewed)
    def _renewed(self) -> None:
        self.status = InvitationStatus.PENDING
        self.reason = ""

    def accept(self) -> None:
        """The invitee says yes; the same write hires them."""
        self._pending()
        self._accepted()

    @event(Accepted)
    def _accepted(self) -> None:
        self.status = InvitationStatus.ACCEPTED

    def decline(self, reason: str) -> None:
        """The invitee says no, optionally saying why (the recommender learns from it)."""
        self._pending()
        self._declined(reason=reason)

    @event(Declined)
    def _declined(self, reason: str) -> None:
        self.status = InvitationStatus.DECLINED
        self.reason = reason

    def withdraw(self, reason: str) -> None:
        """The director takes the offer back before it is answered."""
        self._pending()
        self._withdrawn(reason=reason)

    @event(Withdrawn)
    def _withdrawn(self, reason: str) -> None:
        self.status = InvitationStatus.WITHDRAWN
        self.reason = reason
