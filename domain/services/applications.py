"""Crew applications: a member asks for an open role; the director accepts (hired in the same
write) or rejects, saying why; the applicant may withdraw an undecided one."""

from __future__ import annotations

from uuid import UUID

from domain import validation as v
from domain.context import Context
from domain.crew_application import CrewApplication
from domain.errors import Conflict, Forbidden, NotFound
from domain.invitation import Invitation
from domain.member import Member
from domain.permissions import Action
from domain.project import Project
from domain.services.hiring import HiringServices
from domain.services.project_input import reason_text


class ApplicationServices(HiringServices):
    def crew_application(self, application_id: UUID) -> CrewApplication:
        return self._load(CrewApplication, application_id, "crew application")

    # -- applications ---------------------------------------------------------------------

    def application_message(self, ctx: Context, application_id: UUID) -> str:
        """The applicant's note to the director, for the director and the applicant only (it is
        personal data, encrypted with the applicant's key, and kept in no read model)."""
        reader = self._actor(ctx)
        application = self.crew_application(application_id)
        if reader.id not in (application.director_id, application.member_id):
            raise Forbidden(
                "only the project's director and the applicant can read this application"
            )
        return application.message

    def _visible_project(self, ctx: Context, project_id: UUID) -> tuple[Member, Project]:
        applicant = self._authorise(ctx, Action.APPLY_TO_ROLE)
        project = self.project(project_id)
        if not project.visible and project.director_id != applicant.id:
            raise NotFound("no project {project_id}", project_id=project_id, field="project_id")
        return applicant, project

    def apply_to_role(
        self, ctx: Context, project_id: UUID, role_id: UUID, message: str = ""
    ) -> UUID:
        """A member asks for an open role with a note to the director; returns the
        application's id."""
        self._visible_project(ctx, project_id)[1].role(role_id)
        note = v.text(message, "message", limit=v.COMMENT_MAX, required=False)

        def command() -> UUID:
            applicant, project = self._visible_project(ctx, project_id)
            project.ensure_open_to(role_id, applicant.id)
            invitation = self._load_or_none(
                Invitation, Invitation.id_for(project_id, role_id, applicant.id)
            )
            if invitation is not None and invitation.pending:
                raise Conflict("you are already invited to this role; accept the invitation")
            application = self._load_or_none(
                CrewApplication, CrewApplication.id_for(project_id, role_id, applicant.id)
            )
            if application is None:
                application = CrewApplication.submit(
                    project_id, role_id, applicant.id, project.director_id, note
                )
            else:
                application.resubmit(note)
            self._save(ctx, application)
            return application.id

        return self._attempt(command)

    def _deciding(self, ctx: Context, application_id: UUID) -> CrewApplication:
        actor = self._authorise(ctx, Action.MANAGE_OWN_PROJECT)
        application = self.crew_application(application_id)
        if application.director_id != actor.id:
            raise Forbidden("only the project's director decides its applications")
        return application

    def accept_application(self, ctx: Context, application_id: UUID) -> None:
        """The director takes the applicant on: hired, unless the role has filled or the
        applicant's dates clash (409)."""

        def command() -> None:
            application = self._deciding(ctx, application_id)
            project = self.project(application.project_id)
            application.accept()
            self._hire(ctx, application, project)

        self._attempt(command)

    def reject_application(self, ctx: Context, application_id: UUID, reason: str) -> None:
        """The director turns an applicant down, saying why."""
        self._deciding(ctx, application_id)
        why = reason_text(reason)

        def command() -> None:
            application = self._deciding(ctx, application_id)
            application.reject(why)
            self._save(ctx, application)

        self._attempt(command)

    def withdraw_application(self, ctx: Context, application_id: UUID) -> None:
        """The applicant takes back an undecided application."""

        def command() -> None:
            applicant = self._authorise(ctx, Action.APPLY_TO_ROLE)
            application = self.crew_application(application_id)
            if application.member_id != applicant.id:
                raise Forbidden("only the applicant can withdraw this application")
            application.withdraw()
            self._save(ctx, application)

        self._attempt(command)
