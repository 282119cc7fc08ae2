"""Saved searches: a member keeps a search for members, projects or talent (a scout's directors
and crew) and is told of new matches.

The inbox view runs `match_saved_searches` over each newly pitched project and each new member
as it follows the log, and notifies the owners of the searches that match.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID, uuid4

from eventsourcing.domain import event

from domain.base import Entity
from domain.errors import Conflict, Invalid
from domain.vocabulary import Role, SearchKind
from migrations.events import saved_search as upcasts

QUERY_MAX = 200
LEVELS = range(0, 6)  # a talent search's minimum skill level; 0: any level
TALENT_ROLES = (Role.DIRECTOR.value, Role.CREW.value)


def keywords(text: str) -> list[str]:
    return [word for word in text.casefold().split() if word]


@dataclass(frozen=True)
class SearchSpec:
    """What a saved search asks for: every keyword somewhere in the candidate's text, and each
    filter given satisfied."""

    search_id: UUID
    owner_id: UUID
    kind: SearchKind
    query: str = ""
    role: str | None = None
    skill: str | None = None
    genre: str | None = None
    level: int = 0
    certified: bool = False
    university_id: UUID | None = None
    verified_credits: bool = False
    available_from: date | None = None
    available_to: date | None = None


@dataclass(frozen=True)
class Candidate:
    """A new member or a newly pitched project, as a saved search sees it. For a member,
    `roles` are their centre roles; for a project, the crew roles it needs."""

    candidate_id: UUID
    kind: SearchKind
    text: str
    roles: frozenset[str] = field(default_factory=frozenset)
    skills: frozenset[str] = field(default_factory=frozenset)
    genres: frozenset[str] = field(default_factory=frozenset)
    owner_id: UUID | None = None
    levels: tuple[tuple[str, int], ...] = ()  # claimed skills with their level
    certified: frozenset[str] = field(default_factory=frozenset)
    university_id: UUID | None = None
    verified_credits: int = 0
    busy: tuple[tuple[date, date], ...] = ()  # declared unavailable, or hired on a shoot


def _talent_fits(search: SearchSpec, candidate: Candidate) -> bool:
    """The talent filters: a skill (at the level asked, or certified), a university, verified
    credits, and no busy day between the dates asked."""
    if search.skill:
        skill = search.skill.casefold()
        levels = {name.casefold(): level for name, level in candidate.levels}
        certified = {name.casefold() for name in candidate.certified}
        if search.certified and skill not in certified:
            return False
        if skill not in certified and levels.get(skill, 0) < max(search.level, 1):
            return False
    if search.university_id and search.university_id != candidate.university_id:
        return False
    if search.verified_credits and candidate.verified_credits < 1:
        return False
    if search.available_from and search.available_to:
        start, end = search.available_from, search.available_to
        if any(begin <= end and start <= finish for begin, finish in candidate.busy):
            return False
    return True


def matches(search: SearchSpec, candidate: Candidate) -> bool:
    if search.kind is not candidate.kind or search.owner_id == candidate.owner_id:
        return False
    if search.owner_id == candidate.candidate_id:
        return False
    if search.kind is SearchKind.TALENT and not _talent_fits(search, candidate):
        return False
    text = candidate.text.casefold()
    if not all(word in text for word in keywords(search.query)):
        return False
    if search.role and search.role.casefold() not in {r.casefold() for r in candidate.roles}:
        return False
    if (
        search.kind is not SearchKind.TALENT
        and search.skill
        and search.skill.casefold() not in {s.casefold() for s in candidate.skills}
    ):
        return False
    return not (
        search.genre and search.genre.casefold() not in {g.casefold() for g in candidate.genres}
    )


def match_saved_searches(searches: Iterable[SearchSpec], candidate: Candidate) -> list[SearchSpec]:
    """The searches this candidate satisfies, never the candidate's own (nobody is told about
    themselves or their own project)."""
    return [s for s in searches if matches(s, candidate)]


class SavedSearch(Entity):
    """A search a member keeps so as to hear of new members, projects or talent that fit it."""

    class Saved(Entity.Created):
        """v2: the talent filters (level, certified, university, verified credits, dates)."""

        class_version = 2
        upcast_v1_v2 = staticmethod(upcasts.saved_v1_v2)
        member_id: UUID
        kind: SearchKind
        query: str
        role: str | None
        skill: str | None
        genre: str | None
        level: int
        certified: bool
        university_id: UUID | None
        verified_credits: bool
        available_from: date | None
        available_to: date | None

    class Deleted(Entity.Event):
        pass

    @event(Saved)
    def __init__(
        self,
        member_id: UUID,
        kind: SearchKind,
        query: str,
        role: str | None,
        skill: str | None,
        genre: str | None,
        level: int,
        certified: bool,
        university_id: UUID | None,
        verified_credits: bool,
        available_from: date | None,
        available_to: date | None,
    ) -> None:
        self.member_id, self.kind, self.query = member_id, kind, query
        self.role, self.skill, self.genre = role, skill, genre
        self.level, self.certified, self.university_id = level, certified, university_id
        self.verified_credits = verified_credits
        self.available_from, self.available_to = available_from, available_to
        self.deleted = False

    @classmethod
    def save_new(
        cls,
        member_id: UUID,
        kind: SearchKind,
        query: str,
        *,
        role: str | None = None,
        skill: str | None = None,
        genre: str | None = None,
        talent: TalentFilters | None = None,
    ) -> SavedSearch:
        """Keep a search: it must ask for something; genres describe projects and talent, and
        the talent filters belong to talent searches."""
        extra = talent or TalentFilters()
        if kind is SearchKind.TALENT:
            _check_talent(role, skill, extra)
        elif extra != TalentFilters():
            raise Invalid("these filters apply to talent searches only", field="kind")
        if not (query or role or skill or genre or extra.asks):
            raise Invalid("a saved search needs some words or at least one filter", field="query")
        if genre and kind is SearchKind.MEMBERS:
            raise Invalid("the genre filter applies to project searches only", field="genre")
        return cls._create(
            cls.Saved,
            id=uuid4(),
            member_id=member_id,
            kind=kind,
            query=query,
            role=role,
            skill=skill,
            genre=genre,
            level=extra.level,
            certified=extra.certified,
            university_id=extra.university_id,
            verified_credits=extra.verified_credits,
            available_from=extra.available_from,
            available_to=extra.available_to,
        )

    @property
    def spec(self) -> SearchSpec:
        return SearchSpec(
            self.id,
            self.member_id,
            self.kind,
            self.query,
            self.role,
            self.skill,
            self.genre,
            self.level,
            self.certified,
            self.university_id,
            self.verified_credits,
            self.available_from,
            self.available_to,
        )

    def delete(self) -> None:
        """The member no longer wants to hear about this search."""
        if self.deleted:
            raise Conflict("this saved search is already deleted")
        self._deleted()

    @event(Deleted)
    def _deleted(self) -> None:
        self.deleted = True


@dataclass(frozen=True)
class TalentFilters:
    """What a talent search asks beyond words, role, skill and genre."""

    level: int = 0
    certified: bool = False
    university_id: UUID | None = None
    verified_credits: bool = False
    available_from: date | None = None
    available_to: date | None = None

    @property
    def asks(self) -> bool:
        return self != TalentFilters()


def _check_talent(role: str | None, skill: str | None, talent: TalentFilters) -> None:
    if role and role not in TALENT_ROLES:
        raise Invalid("talent is directors or crew", field="role")
    if talent.level not in LEVELS:
        raise Invalid("a skill level is from 1 to 5", field="level")
    if (talent.level or talent.certified) and not skill:
        raise Invalid("choose the skill the level or certificate is for", field="skill")
    if (talent.available_from is None) != (talent.available_to is None):
        raise Invalid("give both dates of the period, or neither", field="available_from")
    if (
        talent.available_from
        and talent.available_to
        and talent.available_to < talent.available_from
    ):
        raise Invalid("the period ends before it starts", field="available_to")
