"""Projects, crew roles, invitations, applications and hiring.

Every hire saves three aggregates in one write: the accepted invitation or application, the
Project (its role's seats) and the hired member's Commitments (their shoot dates). A concurrent
hire into the same role collides on the Project's version, one into an overlapping shoot on the
Commitments' version; `_attempt` retries the loser on fresh state, which then refuses it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain import validation as v
from domain.commitments import Commitments, DatesClash
from domain.context import Context
from domain.crew_application import CrewApplication
from domain.errors import Conflict, Forbidden, Invalid, NotFound
from domain.invitation import Invitation
from domain.member import Member
from domain.messaging import Conversation
from domain.permissions import Action, allowed
from domain.project import (
    JPEG,
    PDF,
    PITCH_DECK_MAX_BYTES,
    PNG,
    STILL_MAX_BYTES,
    STILL_TYPES,
    WEBP,
    Details,
    Project,
    RoleSpec,
    sniff,
)
from domain.services.core import Core
from domain.vocabulary import ProjectFormat, project_language

BUDGET_MAX_KRW = 10**12
GENRES_MAX = 10
SKILLS_MAX = 20
FILENAME_MAX = 200

_TYPE_NAMES = {PDF: "a PDF", PNG: "a PNG image", JPEG: "a JPEG image", WEBP: "a WebP image"}


# -- parsing input (422) ------------------------------------------------------------------


def _day(value: object, field: str) -> date:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise Invalid("{field} must be a date like 2026-05-01", field=field) from None
    if isinstance(value, datetime) or not isinstance(value, date):
        raise Invalid("{field} must be a date like 2026-05-01", field=field)
    return value


def _optional_day(value: object, field: str) -> date | None:
    return None if value is None or value == "" else _day(value, field)


def _format(value: object) -> ProjectFormat:
    if isinstance(value, ProjectFormat):
        return value
    try:
        return ProjectFormat(value)
    except ValueError:
        known = ", ".join(f.value for f in ProjectFormat)
        raise Invalid("format must be one of {known}", known=known) from None


def _flag(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise Invalid("{field} must be true or false", field=field)
    return value


DETAIL_FIELDS: dict[str, Callable[[object], Any]] = {
    "title": lambda x: v.text(x, "title", limit=v.TITLE_MAX),
    "logline": lambda x: v.text(x, "logline", limit=v.LOGLINE_MAX),
    "synopsis": lambda x: v.text(x, "synopsis", limit=v.SYNOPSIS_MAX, required=False),
    "genres": lambda x: tuple(v.labels(x, "genres", most=GENRES_MAX)),
    "format": _format,
    "language": lambda x: project_language(
        v.text(x, "language", limit=v.SHORT_MAX, required=False)),
    "budget_krw": lambda x: v.whole(x, "budget_krw", low=0, high=BUDGET_MAX_KRW),
    "shoot_start": lambda x: _day(x, "shoot_start"),
    "shoot_end": lambda x: _day(x, "shoot_end"),
    "prep_start": lambda x: _optional_day(x, "prep_start"),
    "prep_end": lambda x: _optional_day(x, "prep_end"),
    "post_start": lambda x: _optional_day(x, "post_start"),
    "post_end": lambda x: _optional_day(x, "post_end"),
}

ROLE_FIELDS: dict[str, Callable[[object], Any]] = {
    "role": lambda x: v.text(x, "role", limit=v.SHORT_MAX).lower(),
    "skills": lambda x: tuple(v.labels(x, "skills", most=SKILLS_MAX)),
    "count": lambda x: v.whole(x, "count", low=1, high=50),
    "start": lambda x: _day(x, "a role's start"),
    "end": lambda x: _day(x, "a role's end"),
    "paid": lambda x: _flag(x, "paid"),
}


def _parse(raw: Mapping[str, object], table: dict[str, Callable[[object], Any]]) -> dict[str, Any]:
    unknown = sorted(set(raw) - set(table))
    if unknown:
        raise Invalid("unknown field {unknown!r}", unknown=unknown[0])
    return {name: table[name](value) for name, value in raw.items()}


def _role_spec(raw: object) -> RoleSpec:
    if not isinstance(raw, Mapping):
        raise Invalid("each role needs role, skills, count, start and end")
    parsed = _parse({"skills": [], "count": 1, "paid": False, **raw}, ROLE_FIELDS)
    missing = [name for name in ("role", "start", "end") if name not in parsed]
    if missing:
        raise Invalid("a role needs {missing}", missing=missing[0])
    spec = RoleSpec(**parsed)
    spec.check()
    return spec


def _reason(value: object, *, required: bool = True) -> str:
    return v.text(value, "reason", limit=v.COMMENT_MAX, required=required)


def _upload(
    filename: object, content_type: object, data: object, *, accepted: frozenset[str],
    limit: int, what: str,
) -> tuple[str, str, bytes]:  # fmt: skip
    """The file's clean name and real content type, once its bytes say it is what it claims."""
    name = v.text(filename, "filename", limit=FILENAME_MAX * 4)
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    name = v.text(name, "filename", limit=FILENAME_MAX)
    declared = v.text(content_type, "content type", limit=v.SHORT_MAX).lower()
    declared = declared.split(";", 1)[0].strip()
    if not isinstance(data, bytes):
        raise Invalid("{what} must be uploaded as a file", what=what)
    if not data:
        raise Invalid("{what} is empty", what=what)
    if len(data) > limit:
        raise Invalid(
            "{what} is {size:.1f} MB; the limit is {limit} MB",
            what=what, size=len(data) / 2 ** 20, limit=limit // 2 ** 20,
        )
    actual = sniff(data)
    wanted = " or ".join(sorted(_TYPE_NAMES[t] for t in accepted))
    if actual not in accepted:
        raise Invalid(
            "{what} must be {wanted}; this file's content is not",
            what=what, wanted=wanted,
        )
    if declared != actual:
        raise Invalid(
            "{what} was sent as {declared} but its content is {actual}",
            what=what, declared=declared, actual=_TYPE_NAMES[actual],
        )
    return name, actual, data


class CrewingServices(Core):
    # -- reading --------------------------------------------------------------------------

    def project(self, project_id: UUID) -> Project:
        return self._load(Project, project_id, "project")

    def invitation(self, invitation_id: UUID) -> Invitation:
        return self._load(Invitation, invitation_id, "invitation")

    def invitation_for(self, project_id: UUID, role_id: UUID, member_id: UUID) -> Invitation | None:
        return self._load_or_none(Invitation, Invitation.id_for(project_id, role_id, member_id))

    def crew_application(self, application_id: UUID) -> CrewApplication:
        return self._load(CrewApplication, application_id, "crew application")

    def commitments_of(self, member_id: UUID) -> Commitments | None:
        return self._load_or_none(Commitments, Commitments.id_for(member_id))

    # -- who may act ----------------------------------------------------------------------

    def _directing(self, ctx: Context, project_id: UUID) -> Project:
        """The project, when the acting member is its director."""
        actor = self._authorise(ctx, Action.MANAGE_OWN_PROJECT)
        project = self.project(project_id)
        if project.director_id != actor.id:
            raise Forbidden("only the project's director can do this")
        return project

    def _directed(self, ctx: Context, project_id: UUID, change: Callable[[Project], None]) -> None:
        """Run a change of the project by its director, retried on concurrent writes."""

        def command() -> None:
            project = self._directing(ctx, project_id)
            change(project)
            self._save(ctx, project)

        self._attempt(command)

    def _commitments(self, member_id: UUID) -> Commitments:
        return self._load_or_none(Commitments, Commitments.id_for(member_id)) or (
            Commitments.open(member_id)
        )

    def _hire(self, ctx: Context, offer: Invitation | CrewApplication, project: Project) -> None:
        """The accepted offer, the filled seat and the member's engagement: one write."""
        project.hire(offer.role_id, offer.member_id)
        commitments = self._commitments(offer.member_id)
        commitments.engage(project.id, offer.role_id, project.shoot_start, project.shoot_end)
        self._save(ctx, offer, project, commitments)

    # -- projects -------------------------------------------------------------------------

    def create_project(
        self,
        ctx: Context,
        *,
        title: object,
        logline: object,
        genres: object,
        format: object,
        budget_krw: object,
        shoot_start: object,
        shoot_end: object,
        roles: object = (),
        synopsis: object = "",
        language: object = "",
        prep_start: object = None,
        prep_end: object = None,
        post_start: object = None,
        post_end: object = None,
    ) -> UUID:
        """A director drafts a project with the crew roles it needs; returns the project id
        (the roles' ids are on the project)."""
        director = self._authorise(ctx, Action.CREATE_PROJECT)
        details = Details(
            **_parse(
                {
                    "title": title, "logline": logline, "synopsis": synopsis, "genres": genres,
                    "format": format, "language": language, "budget_krw": budget_krw,
                    "shoot_start": shoot_start, "shoot_end": shoot_end,
                    "prep_start": prep_start, "prep_end": prep_end,
                    "post_start": post_start, "post_end": post_end,
                },
                DETAIL_FIELDS,
            )
        )  # fmt: skip
        if not isinstance(roles, list | tuple):
            raise Invalid("roles must be a list")
        specs = [_role_spec(raw) for raw in roles]
        project = Project.draft(director.id, details, specs)
        self._save(ctx, project)
        return project.id

    def update_project(self, ctx: Context, project_id: UUID, **changes: object) -> None:
        """The director edits some details; moving the shoot moves the crew's engagements with
        it, and is refused if that would clash with a crew member's other shoot."""
        self._directing(ctx, project_id)
        parsed = _parse(changes, DETAIL_FIELDS)

        def command() -> None:
            project = self._directing(ctx, project_id)
            details = replace(project.details, **parsed)
            moved = (details.shoot_start, details.shoot_end) != (
                project.shoot_start,
                project.shoot_end,
            )
            project.revise(details)
            touched: list[Commitments] = []
            if moved:
                for member_id in sorted(project.hired()):
                    crew_role = project.role_of(member_id)
                    commitments = self._commitments(member_id)
                    if crew_role is None or project.id not in commitments.engagements:
                        continue
                    try:
                        commitments.engage(
                            project.id, crew_role.role_id, details.shoot_start, details.shoot_end
                        )
                    except DatesClash as clash:
                        name = self._name_of(member_id)
                        raise DatesClash(
                            "the shoot cannot move: {name} is {clash}",
                            name=name, clash=clash,
                        ) from None
                    touched.append(commitments)
            self._save(ctx, project, *touched)

        self._attempt(command)

    def _name_of(self, member_id: UUID) -> str:
        member = self._load_or_none(Member, member_id)
        return member.name if member else str(member_id)

    def add_role(
        self,
        ctx: Context,
        project_id: UUID,
        *,
        role: object,
        start: object,
        end: object,
        skills: object = (),
        count: object = 1,
        paid: object = False,
    ) -> UUID:
        """The director opens another crew role; returns its id."""
        self._directing(ctx, project_id)
        spec = _role_spec(
            {"role": role, "skills": skills, "count": count, "start": start, "end": end,
             "paid": paid}
        )  # fmt: skip
        added: list[UUID] = []

        def change(project: Project) -> None:
            added[:] = [project.add_role(spec)]

        self._directed(ctx, project_id, change)
        return added[0]

    def change_role(self, ctx: Context, project_id: UUID, role_id: UUID, **changes: object) -> None:
        """The director changes some of a role's fields; never shrinking it below its hires."""
        self._directing(ctx, project_id).role(role_id)
        parsed = _parse(changes, ROLE_FIELDS)

        def change(project: Project) -> None:
            spec = replace(project.role(role_id).spec, **parsed)
            project.change_role(role_id, spec)

        self._directed(ctx, project_id, change)

    def remove_role(self, ctx: Context, project_id: UUID, role_id: UUID) -> None:
        """The director drops a role nobody is hired in."""
        self._directed(ctx, project_id, lambda project: project.remove_role(role_id))

    def pitch_project(self, ctx: Context, project_id: UUID) -> None:
        """Pitching makes the project visible: crew can apply, partners can take interest."""
        self._directed(ctx, project_id, Project.pitch)

    def start_crewing(self, ctx: Context, project_id: UUID) -> None:
        self._directed(ctx, project_id, Project.start_crewing)

    def start_production(self, ctx: Context, project_id: UUID) -> None:
        self._directed(ctx, project_id, Project.start_production)

    def wrap_project(self, ctx: Context, project_id: UUID) -> None:
        self._directed(ctx, project_id, Project.wrap)

    def cancel_project(self, ctx: Context, project_id: UUID, reason: object) -> None:
        """The project will not be made: every hired member's dates are freed in the same
        write."""
        self._directing(ctx, project_id)
        why = _reason(reason)

        def command() -> None:
            project = self._directing(ctx, project_id)
            project.cancel(why)
            touched = []
            for member_id in sorted(project.hired()):
                commitments = self._load_or_none(Commitments, Commitments.id_for(member_id))
                if commitments is not None and project.id in commitments.engagements:
                    commitments.release(project.id, f"project cancelled: {why}")
                    touched.append(commitments)
            self._save(ctx, project, *touched)

        self._attempt(command)

    # -- attachments ----------------------------------------------------------------------

    def _store(self, data: bytes) -> str:
        if self.files is None:
            raise RuntimeError("the application was opened without a file store")
        return self.files.put(data)

    def attach_pitch_deck(
        self, ctx: Context, project_id: UUID, filename: object, content_type: object, data: object
    ) -> str:
        """Attach the pitch deck (a PDF up to 20 MB); returns its SHA-256, which the log keeps."""
        self._directing(ctx, project_id)
        name, kind, content = _upload(
            filename, content_type, data, accepted=frozenset({PDF}),
            limit=PITCH_DECK_MAX_BYTES, what="the pitch deck",
        )  # fmt: skip
        digest = self._store(content)
        self._directed(
            ctx, project_id,
            lambda project: project.attach_pitch_deck(name, kind, len(content), digest),
        )  # fmt: skip
        return digest

    def attach_still(
        self, ctx: Context, project_id: UUID, filename: object, content_type: object, data: object
    ) -> str:
        """Attach a still (PNG, JPEG or WebP up to 10 MB; twelve at most); returns its SHA-256."""
        self._directing(ctx, project_id)
        name, kind, content = _upload(
            filename, content_type, data, accepted=STILL_TYPES, limit=STILL_MAX_BYTES,
            what="a still",
        )  # fmt: skip
        digest = self._store(content)
        self._directed(
            ctx, project_id,
            lambda project: project.attach_still(name, kind, len(content), digest),
        )  # fmt: skip
        return digest

    def remove_still(self, ctx: Context, project_id: UUID, sha256: str) -> None:
        self._directed(ctx, project_id, lambda project: project.remove_still(sha256))

    # -- invitations ----------------------------------------------------------------------

    def invite(self, ctx: Context, project_id: UUID, role_id: UUID, member_id: UUID) -> UUID:
        """The director offers an open role to a member; returns the invitation's id."""

        def command() -> UUID:
            project = self._directing(ctx, project_id)
            project.role(role_id)
            invitee = self._load_or_none(Member, member_id)
            if invitee is None or invitee.erased:
                raise NotFound("no member {member_id}", member_id=member_id)
            if not allowed(invitee.roles, Action.APPLY_TO_ROLE):
                raise Conflict(
                    "{invitee} has no crew or director role to be hired with",
                    invitee=invitee.name,
                )
            between = self._load_or_none(
                Conversation, Conversation.id_for(project.director_id, member_id)
            )
            if between is not None and between.blocked:
                raise Forbidden("one of you has blocked the other; an invitation cannot be sent")
            project.ensure_open_to(role_id, member_id)
            application = self._load_or_none(
                CrewApplication, CrewApplication.id_for(project_id, role_id, member_id)
            )
            if application is not None and application.pending:
                raise Conflict(
                    "{invitee} has already applied to this role; accept the application",
                    invitee=invitee.name,
                )
            invitation = self.invitation_for(project_id, role_id, member_id)
            if invitation is None:
                invitation = Invitation.send(project_id, role_id, member_id, project.director_id)
            else:
                invitation.renew()
            self._save(ctx, invitation)
            return invitation.id

        return self._attempt(command)

    def _invited(self, ctx: Context, invitation_id: UUID) -> Invitation:
        member = self._authorise(ctx, Action.RESPOND_TO_INVITATION)
        invitation = self.invitation(invitation_id)
        if invitation.member_id != member.id:
            raise Forbidden("only the invited member can answer this invitation")
        return invitation

    def accept_invitation(self, ctx: Context, invitation_id: UUID) -> None:
        """The invitee says yes: hired, unless the role has filled or the dates clash (409)."""

        def command() -> None:
            invitation = self._invited(ctx, invitation_id)
            project = self.project(invitation.project_id)
            invitation.accept()
            self._hire(ctx, invitation, project)

        self._attempt(command)

    def decline_invitation(self, ctx: Context, invitation_id: UUID, reason: object = "") -> None:
        """The invitee says no, optionally saying why."""
        self._invited(ctx, invitation_id)
        why = _reason(reason, required=False)

        def command() -> None:
            invitation = self._invited(ctx, invitation_id)
            invitation.decline(why)
            self._save(ctx, invitation)

        self._attempt(command)

    def withdraw_invitation(self, ctx: Context, invitation_id: UUID, reason: object = "") -> None:
        """The director takes back an unanswered invitation."""
        self._directing(ctx, self.invitation(invitation_id).project_id)
        why = _reason(reason, required=False)

        def command() -> None:
            invitation = self.invitation(invitation_id)
            self._directing(ctx, invitation.project_id)
            invitation.withdraw(why)
            self._save(ctx, invitation)

        self._attempt(command)

    # -- applications ---------------------------------------------------------------------

    def _visible_project(self, ctx: Context, project_id: UUID) -> tuple[Member, Project]:
        applicant = self._authorise(ctx, Action.APPLY_TO_ROLE)
        project = self.project(project_id)
        if not project.visible and project.director_id != applicant.id:
            raise NotFound("no project {project_id}", project_id=project_id)
        return applicant, project

    def apply_to_role(
        self, ctx: Context, project_id: UUID, role_id: UUID, message: object = ""
    ) -> UUID:
        """A member asks for an open role with a note to the director; returns the
        application's id."""
        self._visible_project(ctx, project_id)[1].role(role_id)
        note = v.text(message, "message", limit=v.COMMENT_MAX, required=False)

        def command() -> UUID:
            applicant, project = self._visible_project(ctx, project_id)
            project.ensure_open_to(role_id, applicant.id)
            invitation = self.invitation_for(project_id, role_id, applicant.id)
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

    def reject_application(self, ctx: Context, application_id: UUID, reason: object) -> None:
        """The director turns an applicant down, saying why."""
        self._deciding(ctx, application_id)
        why = _reason(reason)

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
        self, ctx: Context, project_id: UUID, role_id: UUID, member_id: UUID, reason: object
    ) -> None:
        """The director lets a hired member go, saying why: the seat and their dates are free."""
        self._directing(ctx, project_id).role(role_id)
        why = _reason(reason)

        def command() -> None:
            project = self._directing(ctx, project_id)
            self._release(ctx, project, role_id, member_id, why)

        self._attempt(command)

    def leave_role(self, ctx: Context, project_id: UUID, role_id: UUID, reason: object) -> None:
        """A hired member steps down, saying why: the seat and their dates are free."""
        member = self._actor(ctx)
        project = self.project(project_id)
        if member.id not in project.role(role_id).hired:
            raise Forbidden("only a member hired in this role can leave it")
        why = _reason(reason)

        def command() -> None:
            self._release(ctx, self.project(project_id), role_id, member.id, why)

        self._attempt(command)
