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
    format: str = ""  # short, feature, documentary, series, music_video, experimental
    budget: int = 0  # the project's whole budget, in won (0: not stated)


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
class PartnerProfiled:
    """What a partner says it looks for. budget_max 0: no upper bound; stages among
    "development", "production", "distribution"; offers: the kinds of opportunity it posts."""

    partner_id: str
    genres: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    budget_min: int = 0
    budget_max: int = 0
    stages: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()


@dataclass(frozen=True)
class PartnerStanding:
    """Whether the partner may be recommended now: verified and not suspended."""

    partner_id: str
    active: bool


@dataclass(frozen=True)
class Represents:
    """The member speaks for the partner (one partner per member: a later one replaces it)."""

    member_id: str
    partner_id: str


@dataclass(frozen=True)
class Followed:
    """A member (or, in older events, a partner organisation) follows a director, or stopped."""

    follower_id: str
    director_id: str
    following: bool = True


@dataclass(frozen=True)
class WorkTerms:
    """A member's declared day rate (0: not stated) and the genres they want to work on; each
    statement replaces the last."""

    member_id: str
    day_rate: int = 0
    genres: tuple[str, ...] = ()


STAGES = ("development", "production", "distribution")


@dataclass(frozen=True)
class ProjectStaged:
    """Where a project stands: "development" (draft or pitched), "production" (crewing or
    shooting), "distribution" (wrapped) or "cancelled". `listed`: partners may see it (a draft
    is the director's own)."""

    project_id: str
    stage: str
    listed: bool = True


@dataclass(frozen=True)
class SubmittedTo:
    """A director submitted the project to one of the partner's calls."""

    partner_id: str
    project_id: str


@dataclass(frozen=True)
class Shortlisted:
    partner_id: str
    project_id: str


@dataclass(frozen=True)
class MeetingRequested:
    partner_id: str
    project_id: str


@dataclass(frozen=True)
class PartnerPassed:
    partner_id: str
    project_id: str


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
    | PartnerProfiled
    | PartnerStanding
    | Represents
    | Followed
    | WorkTerms
    | ProjectStaged
    | SubmittedTo
    | Shortlisted
    | MeetingRequested
    | PartnerPassed
)


def project_tokens(info: ProjectListed) -> list[str]:
    """Field-prefixed tokens, so that "Drama" the genre and "Drama" the tag stay distinct."""
    return (
        [f"g:{g}" for g in info.genres]
        + [f"t:{t}" for t in info.tags]
        + [f"c:{c}" for c in info.countries]
        + [f"l:{lang}" for lang in info.languages]
    )
