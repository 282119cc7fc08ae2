"""A director's projects: drafting, editing the details and the crew roles, moving the status,
attachments. Every change is one write of the Project, retried on concurrent writes; moving or
cancelling the shoot moves or frees the hired crew's dates in the same write."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import TypedDict, Unpack
from uuid import UUID

from domain.commitments import Commitments, DatesClash
from domain.context import Context
from domain.errors import Forbidden, Invalid
from domain.member import Member
from domain.permissions import Action
from domain.project import Project
from domain.project_files import PDF, PITCH_DECK_MAX_BYTES, STILL_MAX_BYTES, STILL_TYPES
from domain.project_parts import Details, RoleSpec
from domain.services.core import Core
from domain.services.project_input import (
    DETAIL_FIELDS,
    ROLE_FIELDS,
    checked_role,
    parse,
    reason_text,
    upload,
)
from domain.vocabulary import ProjectFormat


class DetailChanges(TypedDict, total=False):
    """The details a director may change at once (those not named stay as they are)."""

    title: str
    logline: str
    synopsis: str
    genres: Sequence[str]
    format: ProjectFormat
    language: str
    budget_krw: int
    shoot_start: date
    shoot_end: date
    prep_start: date | None
    prep_end: date | None
    post_start: date | None
    post_end: date | None


class RoleChanges(TypedDict, total=False):
    """The parts of a role a director may change at once."""

    role: str
    skills: Sequence[str]
    count: int
    start: date
    end: date
    paid: bool
    budget_krw: int


class ProjectServices(Core):
    # -- reading --------------------------------------------------------------------------

    def project(self, project_id: UUID) -> Project:
        return self._load(Project, project_id, "project")

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

    # -- projects -------------------------------------------------------------------------

    def create_project(
        self,
        ctx: Context,
        *,
        title: str,
        logline: str,
        genres: Sequence[str],
        format: ProjectFormat,
        budget_krw: int,
        shoot_start: date,
        shoot_end: date,
        roles: Sequence[RoleSpec] = (),
        synopsis: str = "",
        language: str = "",
        prep_start: date | None = None,
        prep_end: date | None = None,
        post_start: date | None = None,
        post_end: date | None = None,
    ) -> UUID:
        """A director drafts a project with the crew roles it needs; returns the project id
        (the roles' ids are on the project)."""
        director = self._authorise(ctx, Action.CREATE_PROJECT)
        details = Details(
            **parse(
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
            raise Invalid("roles must be a list", field="roles")
        specs = [checked_role(spec) for spec in roles]
        project = Project.draft(director.id, details, specs)
        self._save(ctx, project)
        return project.id

    def update_project(
        self, ctx: Context, project_id: UUID, **changes: Unpack[DetailChanges]
    ) -> None:
        """The director edits some details; moving the shoot moves the crew's engagements with
        it, and is refused if that would clash with a crew member's other shoot."""
        self._directing(ctx, project_id)
        parsed = parse(changes, DETAIL_FIELDS)

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
                            name=name,
                            clash=clash,
                            field="shoot_start",
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
        role: str,
        start: date,
        end: date,
        skills: Sequence[str] = (),
        count: int = 1,
        paid: bool = False,
        budget_krw: int = 0,
    ) -> UUID:
        """The director opens another crew role; returns its id."""
        self._directing(ctx, project_id)
        spec = checked_role(RoleSpec(role, tuple(skills), count, start, end, paid, budget_krw))
        added: list[UUID] = []

        def change(project: Project) -> None:
            added[:] = [project.add_role(spec)]

        self._directed(ctx, project_id, change)
        return added[0]

    def change_role(
        self, ctx: Context, project_id: UUID, role_id: UUID, **changes: Unpack[RoleChanges]
    ) -> None:
        """The director changes some of a role's fields; never shrinking it below its hires."""
        self._directing(ctx, project_id).role(role_id)
        parsed = parse(changes, ROLE_FIELDS)

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

    def cancel_project(self, ctx: Context, project_id: UUID, reason: str) -> None:
        """The project will not be made: every hired member's dates are freed in the same
        write."""
        self._directing(ctx, project_id)
        why = reason_text(reason)

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
        self, ctx: Context, project_id: UUID, filename: str, content_type: str, data: bytes
    ) -> str:
        """Attach the pitch deck (a PDF up to 20 MB); returns its SHA-256, which the log keeps."""
        self._directing(ctx, project_id)
        name, kind, content = upload(
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
        self, ctx: Context, project_id: UUID, filename: str, content_type: str, data: bytes
    ) -> str:
        """Attach a still (PNG, JPEG or WebP up to 10 MB; twelve at most); returns its SHA-256."""
        self._directing(ctx, project_id)
        name, kind, content = upload(
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
