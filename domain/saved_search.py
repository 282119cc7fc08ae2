"""Saved searches: a member keeps a search for members or projects and is told of new matches.

The inbox view runs `match_saved_searches` over each newly pitched project and each new member
as it follows the log, and notifies the owners of the searches that match.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID, uuid4

from eventsourcing.domain import event

from domain.base import Entity
from domain.errors import Conflict, Invalid
from domain.vocabulary import SearchKind

QUERY_MAX = 200


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


def matches(search: SearchSpec, candidate: Candidate) -> bool:
    if search.kind is not candidate.kind or search.owner_id == candidate.owner_id:
        return False
    if search.owner_id == candidate.candidate_id:
        return False
    text = candidate.text.casefold()
    if not all(word in text for word in keywords(search.query)):
        return False
    if search.role and search.role.casefold() not in {r.casefold() for r in candidate.roles}:
        return False
    if search.skill and search.skill.casefold() not in {s.casefold() for s in candidate.skills}:
        return False
    return not (
        search.genre and search.genre.casefold() not in {g.casefold() for g in candidate.genres}
    )


def match_saved_searches(searches: Iterable[SearchSpec], candidate: Candidate) -> list[SearchSpec]:
    """The searches this candidate satisfies, never the candidate's own (nobody is told about
    themselves or their own project)."""
    return [s for s in searches if matches(s, candidate)]


class SavedSearch(Entity):
    """A search a member keeps so as to hear of new members or projects that fit it."""

    class Saved(Entity.Created):
        member_id: UUID
        kind: SearchKind
        query: str
        role: str | None
        skill: str | None
        genre: str | None

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
    ) -> None:
        self.member_id, self.kind, self.query = member_id, kind, query
        self.role, self.skill, self.genre = role, skill, genre
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
    ) -> SavedSearch:
        """Keep a search: it must ask for something, and genres describe projects only."""
        if not (query or role or skill or genre):
            raise Invalid("a saved search needs some words or at least one filter", field="query")
        if genre and kind is not SearchKind.PROJECTS:
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
        )

    @property
    def spec(self) -> SearchSpec:
        return SearchSpec(
            self.id, self.member_id, self.kind, self.query, self.role, self.skill, self.genre
        )

    def delete(self) -> None:
        """The member no longer wants to hear about this search."""
        if self.deleted:
            raise Conflict("this saved search is already deleted")
        self._deleted()

    @event(Deleted)
    def _deleted(self) -> None:
        self.deleted = True
