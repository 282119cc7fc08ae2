"""What a project knows about itself, and the guards its commands share: who is on it, which
role a member holds, whether it can still change or hire. The Project aggregate (domain/project.py)
holds the commands and the events that change this state."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any
from uuid import UUID

from domain.errors import Conflict, NotFound
from domain.project_parts import FINAL, CrewRole, Details, IllegalTransition, RoleFull
from domain.vocabulary import ProjectFormat, ProjectStatus

DETAIL_NAMES = tuple(f.name for f in fields(Details))


class ProjectState:
    """The state Project's events build up, and the questions its commands ask of it."""

    director_id: UUID
    title: str
    logline: str
    synopsis: str
    genres: list[str]
    format: ProjectFormat
    language: str
    budget_krw: int
    shoot_start: date
    shoot_end: date
    prep_start: date | None
    prep_end: date | None
    post_start: date | None
    post_end: date | None
    roles: dict[UUID, CrewRole]
    status: ProjectStatus
    cancel_reason: str
    pitch_deck: dict[str, Any] | None
    stills: list[dict[str, Any]]

    def _set_details(self, details: Details) -> None:
        for name in DETAIL_NAMES:
            setattr(self, name, getattr(details, name))
        self.genres = list(details.genres)

    @property
    def details(self) -> Details:
        return Details(
            **{name: getattr(self, name) for name in DETAIL_NAMES if name != "genres"},
            genres=tuple(self.genres),
        )

    def members(self) -> set[UUID]:
        """The director and everyone hired on the project."""
        hired = {member_id for r in self.roles.values() for member_id in r.hired}
        return {self.director_id} | hired

    def hired(self) -> set[UUID]:
        return {member_id for r in self.roles.values() for member_id in r.hired}

    def role(self, role_id: UUID) -> CrewRole:
        crew_role = self.roles.get(role_id)
        if crew_role is None:
            raise NotFound(
                "no role {role_id} on the project “{title}”",
                role_id=role_id,
                title=self.title,
                field="role_id",
            )
        return crew_role

    def role_of(self, member_id: UUID) -> CrewRole | None:
        """The role a member is hired in, if any."""
        for crew_role in self.roles.values():
            if member_id in crew_role.hired:
                return crew_role
        return None

    @property
    def visible(self) -> bool:
        return self.status is not ProjectStatus.DRAFT

    def _editable(self, doing: str) -> None:
        if self.status in FINAL:
            raise Conflict(
                "the project is {status}; it can no longer {doing}",
                status=self.status.value,
                doing=doing,
            )

    def ensure_open_to(self, role_id: UUID, member_id: UUID) -> CrewRole:
        """The role, when the member could be hired into it now; why not otherwise."""
        crew_role = self.role(role_id)
        if self.status is ProjectStatus.DRAFT:
            raise Conflict("the project is still a draft; pitch it before crewing")
        if self.status in FINAL:
            raise Conflict("the project is {status}; it is not hiring", status=self.status.value)
        if member_id == self.director_id:
            raise Conflict("the director is not hired onto their own project", field="member_id")
        current = self.role_of(member_id)
        if current is not None:
            raise Conflict(
                "the member is already hired on this project as {role}",
                role=current.role,
                field="member_id",
            )
        if crew_role.open_seats == 0:
            raise RoleFull(
                "the {role} role is full ({hired_count} of {count} hired); raise its count or "
                "release someone first",
                role=crew_role.role,
                hired_count=len(crew_role.hired),
                count=crew_role.count,
            )
        return crew_role

    def _transition(self, allowed_from: ProjectStatus, to: ProjectStatus, hint: str) -> None:
        if self.status is not allowed_from:
            raise IllegalTransition(
                "a project that is {status} cannot become {to}; {hint}",
                status=self.status.value,
                to=to.value,
                hint=hint,
            )
