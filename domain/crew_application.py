"""Crew applications: a member asks for a role on a pitched project; the director decides.

Like invitations, an application's id is derived from (project, role, member): one member holds
at most one application per role, and applying again after withdrawing reopens it.
"""

from __future__ import annotations

from enum import Enum
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity
from domain.errors import Conflict
from domain.offer import Offer


class ApplicationStatus(Enum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class CrewApplication(Offer):
    """A member's request to fill a role; the director's acceptance is what hires them. The
    message is the applicant's own words, encrypted with their key."""

    KIND = "crew-application"
    PENDING = ApplicationStatus.PENDING

    class Submitted(Entity.Created):
        personal = ("message",)
        subject = "member_id"
        project_id: UUID
        role_id: UUID
        member_id: UUID
        director_id: UUID
        message: str

    class Resubmitted(Entity.Event):
        personal = ("message",)
        subject = "member_id"
        member_id: UUID
        message: str

    class Accepted(Entity.Event):
        pass

    class Rejected(Entity.Event):
        reason: str

    class Withdrawn(Entity.Event):
        pass

    @event(Submitted)
    def __init__(
        self, project_id: UUID, role_id: UUID, member_id: UUID, director_id: UUID, message: str
    ) -> None:
        self._open(project_id, role_id, member_id, director_id)
        self.message = message

    @classmethod
    def submit(
        cls, project_id: UUID, role_id: UUID, member_id: UUID, director_id: UUID, message: str
    ) -> CrewApplication:
        """A member applies to an open role with a note to the director."""
        return cls._create(
            cls.Submitted,
            id=cls.id_for(project_id, role_id, member_id),
            project_id=project_id,
            role_id=role_id,
            member_id=member_id,
            director_id=director_id,
            message=message,
        )

    def _answered(self) -> Conflict:
        return Conflict("the application was already {status}", status=self.status.value)

    def resubmit(self, message: str) -> None:
        """Applying again to the same role: after withdrawing, or after being released."""
        if self.pending:
            raise Conflict("you have already applied to this role; wait for the director")
        if self.status is ApplicationStatus.REJECTED:
            raise Conflict("the director has turned down your application for this role")
        self._resubmitted(member_id=self.member_id, message=message)

    @event(Resubmitted)
    def _resubmitted(self, member_id: UUID, message: str) -> None:
        self._settle(ApplicationStatus.PENDING)
        self.message = message

    @event(Accepted)
    def _accepted(self) -> None:
        self._settle(ApplicationStatus.ACCEPTED)

    def reject(self, reason: str) -> None:
        """The director turns the application down, saying why."""
        self._pending()
        self._rejected(reason=reason)

    @event(Rejected)
    def _rejected(self, reason: str) -> None:
        self._settle(ApplicationStatus.REJECTED, reason)

    def withdraw(self) -> None:
        """The applicant changes their mind before the director decides."""
        self._pending()
        self._withdrawn()

    @event(Withdrawn)
    def _withdrawn(self) -> None:
        self._settle(ApplicationStatus.WITHDRAWN)
