"""The values a project is made of: its details (checked as a whole), the crew roles it needs,
the statuses that are open or final, and the refusals particular to projects."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any
from uuid import UUID

from domain.errors import Conflict, Invalid
from domain.vocabulary import ProjectFormat, ProjectStatus

MAX_ROLES = 50
ROLE_COUNT_MAX = 50
ROLE_BUDGET_MAX_KRW = 10**11

# Visible to crew and hiring.
OPEN = frozenset({ProjectStatus.PITCHED, ProjectStatus.CREWING, ProjectStatus.IN_PRODUCTION})
FINAL = frozenset({ProjectStatus.WRAPPED, ProjectStatus.CANCELLED})


class RoleFull(Conflict):
    pass


class IllegalTransition(Conflict):
    pass


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
                shoot_end=self.shoot_end,
                shoot_start=self.shoot_start,
                field="shoot_end",
            )
        for phase, start, end, name in (
            ("prep", self.prep_start, self.prep_end, "prep"),
            ("post-production", self.post_start, self.post_end, "post"),
        ):
            if (start is None) != (end is None):
                raise Invalid(
                    "{phase} needs both a start and an end date, or neither",
                    phase=phase,
                    field=f"{name}_end" if end is None else f"{name}_start",
                )
            if start is not None and end is not None and end < start:
                raise Invalid(
                    "{phase} ends ({end}) before it starts ({start})",
                    phase=phase,
                    end=end,
                    start=start,
                    field=f"{name}_end",
                )
        if self.prep_start is not None and self.prep_start > self.shoot_start:
            raise Invalid(
                "prep starts ({prep_start}) after the shoot ({shoot_start})",
                prep_start=self.prep_start,
                shoot_start=self.shoot_start,
                field="prep_start",
            )
        if self.post_end is not None and self.post_end < self.shoot_end:
            raise Invalid(
                "post-production ends ({post_end}) before the shoot ends",
                post_end=self.post_end,
                field="post_end",
            )

    def payload(self) -> dict[str, Any]:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["genres"] = list(self.genres)
        return values


@dataclass(frozen=True)
class RoleSpec:
    """A crew role as the director describes it. `budget_krw`: the most the project pays for
    the role in all (each hire's day rate times the role's days); 0 = not set. Only a paid
    role has one."""

    role: str
    skills: tuple[str, ...]
    count: int
    start: date
    end: date
    paid: bool = False
    budget_krw: int = 0

    def check(self) -> None:
        if not 0 <= self.budget_krw <= ROLE_BUDGET_MAX_KRW:
            raise Invalid(
                "a role's budget must be between 0 and {most}",
                most=ROLE_BUDGET_MAX_KRW,
                field="budget_krw",
            )
        if self.budget_krw and not self.paid:
            raise Invalid(
                "an unpaid role has no budget; mark it paid or leave the budget empty",
                field="budget_krw",
            )
        if not 1 <= self.count <= ROLE_COUNT_MAX:
            raise Invalid(
                "a role's count must be between 1 and {role_count_max}",
                role_count_max=ROLE_COUNT_MAX,
                field="count",
            )
        if self.end < self.start:
            raise Invalid(
                "the {role} role ends ({end}) before it starts ({start})",
                role=self.role,
                end=self.end,
                start=self.start,
                field="end",
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
            "budget_krw": self.budget_krw,
        }


@dataclass
class CrewRole:
    """A role as the project holds it: its description and who is hired in it."""

    role_id: UUID
    role: str
    skills: list[str]
    count: int
    start: date
    end: date
    paid: bool
    budget_krw: int = 0
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
            budget_krw=data.get("budget_krw", 0),  # roles stored before budgets: not set
        )

    @property
    def spec(self) -> RoleSpec:
        return RoleSpec(
            self.role, tuple(self.skills), self.count, self.start, self.end, self.paid,
            self.budget_krw,
        )  # fmt: skip

    @property
    def open_seats(self) -> int:
        return max(self.count - len(self.hired), 0)
