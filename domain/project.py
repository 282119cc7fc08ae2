"""Projects: what a director is making, the crew roles it needs, who is hired, and its pitch.

A role is never over-filled because every hire is a new version of the Project, saved together
with the hired member's Commitments; two hires into the last seat collide on the project's
version and the retry sees the role full.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import event

from domain.base import Entity
from domain.errors import Conflict, Invalid, NotFound
from domain.project_files import MAX_STILLS, check_pitch_deck, check_still, file_record
from domain.project_parts import FINAL, MAX_ROLES, CrewRole, Details, IllegalTransition, RoleSpec
from domain.project_state import ProjectState
from domain.vocabulary import ProjectFormat, ProjectStatus, language_codes
from migrations.events import languages as upcasts

__all__ = ["Project"]


class Project(ProjectState, Entity):
    """A director's film, from draft through pitch, crewing and production to wrap (or
    cancellation), with the crew roles it needs and who fills them."""

    class Drafted(Entity.Created):
        class_version = 2  # `language` is an ISO 639-1 code (v1: as typed)
        upcast_v1_v2 = staticmethod(
            partial(upcasts.project_language_v1_v2, normalise=language_codes)
        )
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
        roles: list[dict[str, Any]]

    class DetailsRevised(Entity.Event):
        class_version = 2  # `language` is an ISO 639-1 code (v1: as typed)
        upcast_v1_v2 = staticmethod(
            partial(upcasts.project_language_v1_v2, normalise=language_codes)
        )
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

    class RoleAdded(Entity.Event):
        role: dict[str, Any]

    class RoleChanged(Entity.Event):
        role: dict[str, Any]

    class RoleRemoved(Entity.Event):
        role_id: UUID

    class Pitched(Entity.Event):
        pass

    class CrewingStarted(Entity.Event):
        pass

    class ProductionStarted(Entity.Event):
        pass

    class Wrapped(Entity.Event):
        pass

    class Cancelled(Entity.Event):
        reason: str

    class CrewHired(Entity.Event):
        role_id: UUID
        member_id: UUID

    class HireReleased(Entity.Event):
        role_id: UUID
        member_id: UUID
        reason: str

    class PitchDeckAttached(Entity.Event):
        filename: str
        content_type: str
        size: int
        sha256: str

    class StillAttached(Entity.Event):
        filename: str
        content_type: str
        size: int
        sha256: str

    class StillRemoved(Entity.Event):
        sha256: str

    @event(Drafted)
    def __init__(
        self,
        director_id: UUID,
        title: str,
        logline: str,
        synopsis: str,
        genres: list[str],
        format: ProjectFormat,
        language: str,
        budget_krw: int,
        shoot_start: date,
        shoot_end: date,
        prep_start: date | None,
        prep_end: date | None,
        post_start: date | None,
        post_end: date | None,
        roles: list[dict[str, Any]],
    ) -> None:
        self.director_id = director_id
        self._set_details(Details(
            title, logline, synopsis, tuple(genres), format, language, budget_krw,
            shoot_start, shoot_end, prep_start, prep_end, post_start, post_end,
        ))  # fmt: skip
        self.roles = {}
        for data in roles:
            crew_role = CrewRole.from_payload(data)
            self.roles[crew_role.role_id] = crew_role
        self.status = ProjectStatus.DRAFT
        self.cancel_reason = ""
        self.pitch_deck = None
        self.stills = []

    @classmethod
    def draft(cls, director_id: UUID, details: Details, roles: list[RoleSpec]) -> Project:
        """A director starts a project: private until pitched."""
        details.check()
        if len(roles) > MAX_ROLES:
            raise Invalid(
                "a project can list at most {max_roles} roles", max_roles=MAX_ROLES, field="roles"
            )
        for spec in roles:
            spec.check()
        return cls._create(
            cls.Drafted,
            id=uuid4(),
            director_id=director_id,
            roles=[spec.payload(uuid4()) for spec in roles],
            **details.payload(),
        )

    # -- details and roles ----------------------------------------------------------------

    def revise(self, details: Details) -> None:
        """The director edits the pitch; unchanged details record nothing."""
        self._editable("be edited")
        details.check()
        if details == self.details:
            return
        self._details_revised(**details.payload())

    @event(DetailsRevised)
    def _details_revised(
        self,
        title: str,
        logline: str,
        synopsis: str,
        genres: list[str],
        format: ProjectFormat,
        language: str,
        budget_krw: int,
        shoot_start: date,
        shoot_end: date,
        prep_start: date | None,
        prep_end: date | None,
        post_start: date | None,
        post_end: date | None,
    ) -> None:
        self._set_details(Details(
            title, logline, synopsis, tuple(genres), format, language, budget_krw,
            shoot_start, shoot_end, prep_start, prep_end, post_start, post_end,
        ))  # fmt: skip

    def add_role(self, spec: RoleSpec) -> UUID:
        """The director opens another crew role; returns its id."""
        self._editable("change its roles")
        spec.check()
        if len(self.roles) >= MAX_ROLES:
            raise Conflict(
                "the project already lists {max_roles} roles; remove one first", max_roles=MAX_ROLES
            )
        role_id = uuid4()
        self._role_added(role=spec.payload(role_id))
        return role_id

    @event(RoleAdded)
    def _role_added(self, role: dict[str, Any]) -> None:
        crew_role = CrewRole.from_payload(role)
        self.roles[crew_role.role_id] = crew_role

    def change_role(self, role_id: UUID, spec: RoleSpec) -> None:
        """The director changes a role's description, dates or size; never below its hires."""
        self._editable("change its roles")
        crew_role = self.role(role_id)
        spec.check()
        if spec.count < len(crew_role.hired):
            raise Conflict(
                "{hired_count} are hired as {role}; release someone before shrinking the role to "
                "{count}",
                hired_count=len(crew_role.hired),
                role=crew_role.role,
                count=spec.count,
                field="count",
            )
        if spec == crew_role.spec:
            return
        self._role_changed(role=spec.payload(role_id))

    @event(RoleChanged)
    def _role_changed(self, role: dict[str, Any]) -> None:
        changed = CrewRole.from_payload(role)
        changed.hired = self.roles[changed.role_id].hired
        self.roles[changed.role_id] = changed

    def remove_role(self, role_id: UUID) -> None:
        """The director drops a role nobody is hired in."""
        self._editable("change its roles")
        crew_role = self.role(role_id)
        if crew_role.hired:
            raise Conflict(
                "{hired_count} are hired as {role}; release them before removing the role",
                hired_count=len(crew_role.hired),
                role=crew_role.role,
            )
        self._role_removed(role_id=role_id)

    @event(RoleRemoved)
    def _role_removed(self, role_id: UUID) -> None:
        del self.roles[role_id]

    # -- status ---------------------------------------------------------------------------

    def pitch(self) -> None:
        """Pitching makes the project visible to crew and partners."""
        self._transition(ProjectStatus.DRAFT, ProjectStatus.PITCHED, "only drafts are pitched")
        self._pitched()

    @event(Pitched)
    def _pitched(self) -> None:
        self.status = ProjectStatus.PITCHED

    def start_crewing(self) -> None:
        """The director says crewing is under way (the first hire says so too)."""
        self._transition(ProjectStatus.PITCHED, ProjectStatus.CREWING, "pitch the project first")
        self._crewing_started()

    @event(CrewingStarted)
    def _crewing_started(self) -> None:
        self.status = ProjectStatus.CREWING

    def start_production(self) -> None:
        """Cameras roll; the roles stay open for late hires."""
        self._transition(ProjectStatus.CREWING, ProjectStatus.IN_PRODUCTION, "start crewing first")
        self._production_started()

    @event(ProductionStarted)
    def _production_started(self) -> None:
        self.status = ProjectStatus.IN_PRODUCTION

    def wrap(self) -> None:
        """Production is over; the crew's engagements stay on the record."""
        self._transition(
            ProjectStatus.IN_PRODUCTION, ProjectStatus.WRAPPED, "start production first"
        )
        self._wrapped()

    @event(Wrapped)
    def _wrapped(self) -> None:
        self.status = ProjectStatus.WRAPPED

    def cancel(self, reason: str) -> None:
        """The project will not be made; its crew are freed for other work."""
        if self.status in FINAL:
            raise IllegalTransition("the project is already {status}", status=self.status.value)
        self._cancelled(reason=reason)

    @event(Cancelled)
    def _cancelled(self, reason: str) -> None:
        self.status = ProjectStatus.CANCELLED
        self.cancel_reason = reason

    # -- hiring ---------------------------------------------------------------------------

    def hire(self, role_id: UUID, member_id: UUID) -> None:
        """A member takes a seat in a role; the first hire of a pitched project starts crewing."""
        if role_id not in self.roles:
            raise Conflict(
                "the role is no longer on the project; the director removed it", field="role_id"
            )
        self.ensure_open_to(role_id, member_id)
        self._crew_hired(role_id=role_id, member_id=member_id)
        if self.status is ProjectStatus.PITCHED:
            self._crewing_started()

    @event(CrewHired)
    def _crew_hired(self, role_id: UUID, member_id: UUID) -> None:
        self.roles[role_id].hired.append(member_id)

    def release(self, role_id: UUID, member_id: UUID, reason: str) -> None:
        """A hired member leaves the role (the director's decision or their own); the seat
        opens again."""
        crew_role = self.role(role_id)
        if member_id not in crew_role.hired:
            raise Conflict(
                "the member is not hired as {role} on this project",
                role=crew_role.role,
                field="member_id",
            )
        self._editable("release its crew")
        self._hire_released(role_id=role_id, member_id=member_id, reason=reason)

    @event(HireReleased)
    def _hire_released(self, role_id: UUID, member_id: UUID, reason: str) -> None:
        self.roles[role_id].hired.remove(member_id)

    # -- attachments ----------------------------------------------------------------------

    def attach_pitch_deck(self, filename: str, content_type: str, size: int, sha256: str) -> None:
        """The pitch deck (one PDF, replaced by a new upload); the log keeps its hash."""
        self._editable("take attachments")
        check_pitch_deck(content_type, size)
        if self.pitch_deck is not None and self.pitch_deck["sha256"] == sha256:
            raise Conflict("this pitch deck is already attached", field="data")
        self._pitch_deck_attached(
            filename=filename, content_type=content_type, size=size, sha256=sha256
        )

    @event(PitchDeckAttached)
    def _pitch_deck_attached(
        self, filename: str, content_type: str, size: int, sha256: str
    ) -> None:
        self.pitch_deck = file_record(filename, content_type, size, sha256)

    def attach_still(self, filename: str, content_type: str, size: int, sha256: str) -> None:
        """A still from the film or its look-book, up to twelve."""
        self._editable("take attachments")
        check_still(content_type, size)
        if any(s["sha256"] == sha256 for s in self.stills):
            raise Conflict("this still is already attached", field="data")
        if len(self.stills) >= MAX_STILLS:
            raise Conflict(
                "the project already has {max_stills} stills; remove one first",
                max_stills=MAX_STILLS,
            )
        self._still_attached(filename=filename, content_type=content_type, size=size, sha256=sha256)

    @event(StillAttached)
    def _still_attached(self, filename: str, content_type: str, size: int, sha256: str) -> None:
        self.stills.append(file_record(filename, content_type, size, sha256))

    def remove_still(self, sha256: str) -> None:
        """The director drops a still; the file stays beside the log, which still names it."""
        self._editable("change its attachments")
        if not any(s["sha256"] == sha256 for s in self.stills):
            raise NotFound("no still {sha256} on this project", sha256=sha256, field="sha256")
        self._still_removed(sha256=sha256)

    @event(StillRemoved)
    def _still_removed(self, sha256: str) -> None:
        self.stills = [s for s in self.stills if s["sha256"] != sha256]
