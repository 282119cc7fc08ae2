"""Projects: what a director is making, the crew roles it needs, who is hired, and its pitch.

A role is never over-filled because every hire is a new version of the Project, saved together
with the hired member's Commitments; two hires into the last seat collide on the project's
version and the retry sees the role full.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from functools import partial
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import event

from domain.base import Entity
from domain.errors import Conflict, Invalid, NotFound
from domain.vocabulary import ProjectFormat, ProjectStatus, language_codes
from migrations.events import languages as upcasts

MAX_ROLES = 50
ROLE_COUNT_MAX = 50
MAX_STILLS = 12
PITCH_DECK_MAX_BYTES = 20 * 1024 * 1024
STILL_MAX_BYTES = 10 * 1024 * 1024

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
WEBP = "image/webp"
STILL_TYPES = frozenset({PNG, JPEG, WEBP})

# Visible to crew and hiring.
OPEN = frozenset({ProjectStatus.PITCHED, ProjectStatus.CREWING, ProjectStatus.IN_PRODUCTION})
FINAL = frozenset({ProjectStatus.WRAPPED, ProjectStatus.CANCELLED})


class RoleFull(Conflict):
    pass


class IllegalTransition(Conflict):
    pass


def sniff(data: bytes) -> str | None:
    """The content type the bytes really are (by their magic bytes), among those we accept."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    return None


@dataclass(frozen=True)
class Details:
    """What a director can edit about a project, checked as a whole."""

    title: str
    logline: str
    synopsis: str
    genres: tuple[str, ...]
    format: ProjectFormat
    language: str
    budget_krw: int
    shoot_start: date
    shoot_end: date
    prep_start: date | None = None
    prep_end: date | None = None
    post_start: date | None = None
    post_end: date | None = None

    def check(self) -> None:
        if self.shoot_end < self.shoot_start:
            raise Invalid(
                "the shoot ends ({shoot_end}) before it starts ({shoot_start})",
                shoot_end=self.shoot_end, shoot_start=self.shoot_start,
            )
        for phase, start, end in (
            ("prep", self.prep_start, self.prep_end),
            ("post-production", self.post_start, self.post_end),
        ):
            if (start is None) != (end is None):
                raise Invalid("{phase} needs both a start and an end date, or neither", phase=phase)
            if start is not None and end is not None and end < start:
                raise Invalid(
                    "{phase} ends ({end}) before it starts ({start})",
                    phase=phase, end=end, start=start,
                )
        if self.prep_start is not None and self.prep_start > self.shoot_start:
            raise Invalid(
                "prep starts ({prep_start}) after the shoot ({shoot_start})",
                prep_start=self.prep_start, shoot_start=self.shoot_start,
            )
        if self.post_end is not None and self.post_end < self.shoot_end:
            raise Invalid(
                "post-production ends ({post_end}) before the shoot ends",
                post_end=self.post_end,
            )

    def payload(self) -> dict[str, Any]:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["genres"] = list(self.genres)
        return values


@dataclass(frozen=True)
class RoleSpec:
    """A crew role as the director describes it."""

    role: str
    skills: tuple[str, ...]
    count: int
    start: date
    end: date
    paid: bool = False

    def check(self) -> None:
        if not 1 <= self.count <= ROLE_COUNT_MAX:
            raise Invalid(
                "a role's count must be between 1 and {role_count_max}",
                role_count_max=ROLE_COUNT_MAX,
            )
        if self.end < self.start:
            raise Invalid(
                "the {role} role ends ({end}) before it starts ({start})",
                role=self.role, end=self.end, start=self.start,
            )

    def payload(self, role_id: UUID) -> dict[str, Any]:
        return {
            "role_id": role_id,
            "role": self.role,
            "skills": list(self.skills),
            "count": self.count,
            "start": self.start,
            "end": self.end,
            "paid": self.paid,
        }


@dataclass
class CrewRole:
    role_id: UUID
    role: str
    skills: list[str]
    count: int
    start: date
    end: date
    paid: bool
    hired: list[UUID] = field(default_factory=list)

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> CrewRole:
        return cls(
            role_id=data["role_id"],
            role=data["role"],
            skills=list(data["skills"]),
            count=data["count"],
            start=data["start"],
            end=data["end"],
            paid=data["paid"],
        )

    @property
    def spec(self) -> RoleSpec:
        return RoleSpec(self.role, tuple(self.skills), self.count, self.start, self.end, self.paid)

    @property
    def open_seats(self) -> int:
        return max(self.count - len(self.hired), 0)


def _file(filename: str, content_type: str, size: int, sha256: str) -> dict[str, Any]:
    return {"filename": filename, "content_type": content_type, "size": size, "sha256": sha256}


class Project(Entity):
    """A director's film, from draft through pitch, crewing and production to wrap (or
    cancellation), with the crew roles it needs and who fills them."""

    class Drafted(Entity.Created):
        class_version = 2  # `language` is an ISO 639-1 code (v1: as typed)
        upcast_v1_v2 = staticmethod(
            partial(upcasts.project_language_v1_v2, normalise=language_codes))
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
            partial(upcasts.project_language_v1_v2, normalise=language_codes))
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
        self._set_details(
            title, logline, synopsis, genres, format, language, budget_krw,
            shoot_start, shoot_end, prep_start, prep_end, post_start, post_end,
        )  # fmt: skip
        self.roles: dict[UUID, CrewRole] = {}
        for data in roles:
            crew_role = CrewRole.from_payload(data)
            self.roles[crew_role.role_id] = crew_role
        self.status = ProjectStatus.DRAFT
        self.cancel_reason = ""
        self.pitch_deck: dict[str, Any] | None = None
        self.stills: list[dict[str, Any]] = []

    def _set_details(
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
        self.title, self.logline, self.synopsis = title, logline, synopsis
        self.genres, self.format, self.language = list(genres), format, language
        self.budget_krw = budget_krw
        self.shoot_start, self.shoot_end = shoot_start, shoot_end
        self.prep_start, self.prep_end = prep_start, prep_end
        self.post_start, self.post_end = post_start, post_end

    @classmethod
    def draft(cls, director_id: UUID, details: Details, roles: list[RoleSpec]) -> Project:
        """A director starts a project: private until pitched."""
        details.check()
        if len(roles) > MAX_ROLES:
            raise Invalid("a project can list at most {max_roles} roles", max_roles=MAX_ROLES)
        for spec in roles:
            spec.check()
        return cls._create(
            cls.Drafted,
            id=uuid4(),
            director_id=director_id,
            roles=[spec.payload(uuid4()) for spec in roles],
            **details.payload(),
        )

    # -- reading --------------------------------------------------------------------------

    @property
    def details(self) -> Details:
        return Details(
            title=self.title,
            logline=self.logline,
            synopsis=self.synopsis,
            genres=tuple(self.genres),
            format=self.format,
            language=self.language,
            budget_krw=self.budget_krw,
            shoot_start=self.shoot_start,
            shoot_end=self.shoot_end,
            prep_start=self.prep_start,
            prep_end=self.prep_end,
            post_start=self.post_start,
            post_end=self.post_end,
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
                role_id=role_id, title=self.title,
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
                status=self.status.value, doing=doing,
            )

    def ensure_open_to(self, role_id: UUID, member_id: UUID) -> CrewRole:
        """The role, when the member could be hired into it now; why not otherwise."""
        crew_role = self.role(role_id)
        if self.status is ProjectStatus.DRAFT:
            raise Conflict("the project is still a draft; pitch it before crewing")
        if self.status in FINAL:
            raise Conflict("the project is {status}; it is not hiring", status=self.status.value)
        if member_id == self.director_id:
            raise Conflict("the director is not hired onto their own project")
        current = self.role_of(member_id)
        if current is not None:
            raise Conflict(
                "the member is already hired on this project as {role}",
                role=current.role,
            )
        if crew_role.open_seats == 0:
            raise RoleFull(
                "the {role} role is full ({hired_count} of {count} hired); raise its count or "
                "release someone first",
                role=crew_role.role, hired_count=len(crew_role.hired), count=crew_role.count,
            )
        return crew_role

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
        self._set_details(
            title, logline, synopsis, genres, format, language, budget_krw,
            shoot_start, shoot_end, prep_start, prep_end, post_start, post_end,
        )  # fmt: skip

    def add_role(self, spec: RoleSpec) -> UUID:
        """The director opens another crew role; returns its id."""
        self._editable("change its roles")
        spec.check()
        if len(self.roles) >= MAX_ROLES:
            raise Conflict(
                "the project already lists {max_roles} roles; remove one first",
                max_roles=MAX_ROLES,
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
                hired_count=len(crew_role.hired), role=crew_role.role, count=spec.count,
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
                hired_count=len(crew_role.hired), role=crew_role.role,
            )
        self._role_removed(role_id=role_id)

    @event(RoleRemoved)
    def _role_removed(self, role_id: UUID) -> None:
        del self.roles[role_id]

    # -- status ---------------------------------------------------------------------------

    def _transition(self, allowed_from: ProjectStatus, to: ProjectStatus, hint: str) -> None:
        if self.status is not allowed_from:
            raise IllegalTransition(
                "a project that is {status} cannot become {to}; {hint}",
                status=self.status.value, to=to.value, hint=hint,
            )

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
            raise Conflict("the role is no longer on the project; the director removed it")
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
            raise Conflict("the member is not hired as {role} on this project", role=crew_role.role)
        self._editable("release its crew")
        self._hire_released(role_id=role_id, member_id=member_id, reason=reason)

    @event(HireReleased)
    def _hire_released(self, role_id: UUID, member_id: UUID, reason: str) -> None:
        self.roles[role_id].hired.remove(member_id)

    # -- attachments ----------------------------------------------------------------------

    def attach_pitch_deck(self, filename: str, content_type: str, size: int, sha256: str) -> None:
        """The pitch deck (one PDF, replaced by a new upload); the log keeps its hash."""
        self._editable("take attachments")
        if content_type != PDF:
            raise Invalid("the pitch deck must be a PDF")
        if not 0 < size <= PITCH_DECK_MAX_BYTES:
            raise Invalid("the pitch deck must be at most 20 MB")
        if self.pitch_deck is not None and self.pitch_deck["sha256"] == sha256:
            raise Conflict("this pitch deck is already attached")
        self._pitch_deck_attached(
            filename=filename, content_type=content_type, size=size, sha256=sha256
        )

    @event(PitchDeckAttached)
    def _pitch_deck_attached(
        self, filename: str, content_type: str, size: int, sha256: str
    ) -> None:
        self.pitch_deck = _file(filename, content_type, size, sha256)

    def attach_still(self, filename: str, content_type: str, size: int, sha256: str) -> None:
        """A still from the film or its look-book, up to twelve."""
        self._editable("take attachments")
        if content_type not in STILL_TYPES:
            raise Invalid("a still must be a PNG, JPEG or WebP image")
        if not 0 < size <= STILL_MAX_BYTES:
            raise Invalid("a still must be at most 10 MB")
        if any(s["sha256"] == sha256 for s in self.stills):
            raise Conflict("this still is already attached")
        if len(self.stills) >= MAX_STILLS:
            raise Conflict(
                "the project already has {max_stills} stills; remove one first",
                max_stills=MAX_STILLS,
            )
        self._still_attached(filename=filename, content_type=content_type, size=size, sha256=sha256)

    @event(StillAttached)
    def _still_attached(self, filename: str, content_type: str, size: int, sha256: str) -> None:
        self.stills.append(_file(filename, content_type, size, sha256))

    def remove_still(self, sha256: str) -> None:
        """The director drops a still; the file stays beside the log, which still names it."""
        self._editable("change its attachments")
        if not any(s["sha256"] == sha256 for s in self.stills):
            raise NotFound("no still {sha256} on this project", sha256=sha256)
        self._still_removed(sha256=sha256)

    @event(StillRemoved)
    def _still_removed(self, sha256: str) -> None:
        self.stills = [s for s in self.stills if s["sha256"] != sha256]
