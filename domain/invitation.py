"""Invitations: a director offers a crew role to a member, who accepts or declines.

An invitation's id is derived from (project, role, member), so a member has at most one
invitation per role: two directors' clicks at once collide on version 1, and inviting again
after a decline renews the same invitation rather than piling up new ones.
"""

from __future__ import annotations

from enum import Enum
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity
from domain.errors import Conflict
from domain.offer import Offer


class InvitationStatus(Enum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class Invitation(Offer):
    """A director's offer of one role to one member; accepting it is what hires them."""

    KIND = "invitation"
    PENDING = InvitationStatus.PENDING

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
        self._open(project_id, role_id, member_id, director_id)

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

    def _answered(self) -> Conflict:
        return Conflict("the invitation was already {status}", status=self.status.value)

    def renew(self) -> None:
        """The director invites the member to the same role again after an earlier answer."""
        if self.pending:
            raise Conflict("the member is already invited to this role; wait for their answer")
        self._renewed()

    @event(Renewed)
    def _renewed(self) -> None:
        self._settle(InvitationStatus.PENDING)

    @event(Accepted)
    def _accepted(self) -> None:
        self._settle(InvitationStatus.ACCEPTED)

    def decline(self, reason: str) -> None:
        """The invitee says no, optionally saying why (the recommender learns from it)."""
        self._pending()
        self._declined(reason=reason)

    @event(Declined)
    def _declined(self, reason: str) -> None:
        self._settle(InvitationStatus.DECLINED, reason)

    def withdraw(self, reason: str) -> None:
        """The director takes the offer back before it is answered."""
        self._pending()
        self._withdrawn(reason=reason)

    @event(Withdrawn)
    def _withdrawn(self, reason: str) -> None:
        self._settle(InvitationStatus.WITHDRAWN, reason)
