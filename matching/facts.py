"""The matching layer's own vocabulary: facts about members, projects, skills and partners,
which the projection layer translates domain events into, and the graph's node keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

NodeKind = Literal["member", "project", "partner", "skill", "genre", "university"]
Node = tuple[str, str]
Period = tuple[date, date]

CAST = frozenset({"actor", "actress", "self", "archive_footage", "archive_sound"})


def node(kind: NodeKind, ident: str) -> Node:
    return (kind, ident)


@dataclass(frozen=True)
class MemberRegistered:
    member_id: str
    name: str = ""
    joined_year: int = 0
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class UniversityJoined:
    member_id: str
    university: str


@dataclass(frozen=True)
class ProjectListed:
    project_id: str
    year: int
    title: str = ""
    genres: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    logline: str = ""
    director_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoleOpened:
    project_id: str
    role_id: str
    role: str
    skills: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    budget: int = 0  # the most the project can pay for this role, in won


@dataclass(frozen=True)
class Collaborated:
    """The member worked on the project in the role. `credit`: the work is one of their films
    (a credit claimed or verified, a film of the offline data); False for an engagement that is
    not a film yet (a hire onto a project still to shoot, the project a director pitches)."""

    member_id: str
    project_id: str
    role: str
    year: int
    credit: bool = True


@dataclass(frozen=True)
class SkillClaimed:
    member_id: str
    skill: str
    level: int = 1


@dataclass(frozen=True)
class SkillEndorsed:
    member_id: str
    skill: str
    endorser_id: str


@dataclass(frozen=True)
class SkillCertified:
    member_id: str
    skill: str
    training: str = ""


@dataclass(frozen=True)
class AvailabilityChanged:
    member_id: str
    busy: tuple[Period, ...]
    day_rate: int = 0


@dataclass(frozen=True)
class GenreInterest:
    member_id: str
    genre: str


@dataclass(frozen=True)
class Applied:
    member_id: str
    project_id: str
    role_id: str


@dataclass(frozen=True)
class Invited:
    member_id: str
    project_id: str
    role_id: str


@dataclass(frozen=True)
class Hired:
    member_id: str
    project_id: str
    role_id: str


@dataclass(frozen=True)
class Declined:
    """A member turned down a role, or a director turned down a member (`by_member=False`)."""

    member_id: str
    project_id: str
    role_id: str
    by_member: bool = True


@dataclass(frozen=True)
class PartnerRegistered:
    partner_id: str
    name: str = ""
    genres: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class PartnerInterest:
    partner_id: str
    project_id: str


@dataclass(frozen=True)
class DealRecorded:
    partner_id: str
    project_id: str


Fact = (
    MemberRegistered
    | UniversityJoined
    | ProjectListed
    | RoleOpened
    | Collaborated
    | SkillClaimed
    | SkillEndorsed
    | SkillCertified
    | AvailabilityChanged
    | GenreInterest
    | Applied
    | Invited
    | Hired
    | Declined
    | PartnerRegistered
    | PartnerInterest
    | DealRecorded
)


def project_tokens(info: ProjectListed) -> list[str]:
    """Field-prefixed tokens, so that "Drama" the genre and "Drama" the tag stay distinct."""
    return (
        [f"g:{g}" for g in info.genres]
        + [f"t:{t}" for t in info.tags]
        + [f"c:{c}" for c in info.countries]
        + [f"l:{lang}" for lang in info.languages]
    )
