"""Hiring and letting go: the accepted offer, the filled seat and the member's engagement are
one write; so are the released seat and the freed dates."""

from __future__ import annotations

from uuid import UUID

from domain.commitments import Commitments
from domain.context import Context
from domain.errors import Forbidden
from domain.offer import Offer
from domain.project import Project
from domain.services.project_input import reason_text
from domain.services.projects import ProjectServices


class HiringServices(ProjectServices):
    def _hire(self, ctx: Context, offer: Offer, project: Project) -> None:
        """The accepted offer, the filled seat and the member's engagement: one write."""
        project.hire(offer.role_id, offer.member_id)
        commitments = self._commitments(offer.member_id)
        commitments.engage(project.id, offer.role_id, project.shoot_start, project.shoot_end)
        self._save(ctx, offer, project, commitments)

    # -- releasing ------------------------------------------------------------------------

    def _release(
        self, ctx: Context, project: Project, role_id: UUID, member_id: UUID, why: str
    ) -> None:
        project.release(role_id, member_id, why)
        commitments = self._load_or_none(Commitments, Commitments.id_for(member_id))
        if commitments is not None and project.id in commitments.engagements:
            commitments.release(project.id, why)
        self._save(ctx, project, commitments)

    def release_hire(
        self, ctx: Context, project_id: UUID, role_id: UUID, member_id: UUID, reason: str
    ) -> None:
        """The director lets a hired member go, saying why: the seat and their dates are free."""
        self._directing(ctx, project_id).role(role_id)
        why = reason_text(reason)

        def command() -> None:
            project = self._directing(ctx, project_id)
            self._release(ctx, project, role_id, member_id, why)

        self._attempt(command)

    def leave_role(self, ctx: Context, project_id: UUID, role_id: UUID, reason: str) -> None:
        """A hired member steps down, saying why: the seat and their dates are free."""
        member = self._actor(ctx)
        project = self.project(project_id)
        if member.id not in project.role(role_id).hired:
            raise Forbidden("only a member hired in this role can leave it")
        why = reason_text(reason)

        def command() -> None:
            self._release(ctx, self.project(project_id), role_id, member.id, why)

        self._attempt(command)
