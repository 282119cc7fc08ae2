"""The inbox's saved-search matches: a member who joins (or whose profile, skills, roles,
certificates, verified credits, hires or availability change) and a project that is pitched are
matched against the searches saved before them, and each search's owner hears of a new match
once. What the view keeps of members and projects for this (and for naming them in
notifications) is kept here and, for talent searches, in inbox_talent.py."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from domain.credit import Credits
from domain.member import Member
from domain.personal_data import ERASED
from domain.project import Project
from domain.saved_search import (
    TALENT_ROLES,
    Candidate,
    SavedSearch,
    SearchSpec,
    match_saved_searches,
)
from domain.training import Certifications
from domain.vocabulary import SearchKind
from projections.projector.sql import Tx
from projections.projector.view import Envelope, on
from projections.views.inbox_talent import InboxTalent


class InboxMatches(InboxTalent):
    # -- members --------------------------------------------------------------------------------

    @on(Member.Registered, batched=True)
    def _registered(self, tx: Tx, e: Envelope) -> None:
        roles = sorted(r.value for r in e.event.roles)
        self._members.insert_new(
            (e.originator_id.hex, e.event.name, "", json.dumps(roles), "{}", e.position)
        )
        self._talent_registered(tx, e)
        self._match_member(tx, e, e.originator_id)

    def _set_member(self, tx: Tx, member_id: UUID, **values: Any) -> None:
        self._members.update(tx, (member_id.hex,), **values)

    @on(Member.ProfileUpdated, batched=True)
    def _profile(self, tx: Tx, e: Envelope) -> None:
        self._set_member(tx, e.originator_id, name=e.event.name, city=e.event.city)
        self._match_member(tx, e, e.originator_id)

    @on(Member.SkillClaimed, batched=True)
    def _skill(self, tx: Tx, e: Envelope) -> None:
        row = self._member_row(tx, e.originator_id)
        if row is None:
            return
        skills = {**row[3], e.event.skill: e.event.level}
        self._set_member(tx, e.originator_id, skills=json.dumps(skills, sort_keys=True))
        self._match_member(tx, e, e.originator_id)

    @on(Member.RoleGranted, Member.RoleRevoked, batched=True)
    def _roles(self, tx: Tx, e: Envelope) -> None:
        row = self._member_row(tx, e.originator_id)
        if row is None:
            return
        roles = set(row[2])
        if isinstance(e.event, Member.RoleGranted):
            roles.add(e.event.role.value)
        else:
            roles.discard(e.event.role.value)
        self._set_member(tx, e.originator_id, roles=json.dumps(sorted(roles)))
        self._match_member(tx, e, e.originator_id)

    @on(Certifications.SkillCertified, batched=True)
    def _certified(self, tx: Tx, e: Envelope) -> None:
        self._match_member(tx, e, self._talent_certified(tx, e))

    @on(Credits.CreditVerified, batched=True)
    def _credit_verified(self, tx: Tx, e: Envelope) -> None:
        self._match_member(tx, e, self._talent_credit(tx, e))

    @on(Member.WorkTermsStated, batched=True)
    def _work_terms(self, tx: Tx, e: Envelope) -> None:
        self._talent_declared(tx, e)
        self._match_member(tx, e, e.originator_id)

    @on(Member.AvailabilityChanged, batched=True)
    def _availability(self, tx: Tx, e: Envelope) -> None:
        self._talent_unavailable(tx, e)
        self._match_member(tx, e, e.originator_id)

    @on(Project.CrewHired, Project.HireReleased, batched=True)
    def _hire(self, tx: Tx, e: Envelope) -> None:
        found = self._projects.get(tx, (e.originator_id.hex,))
        genres = json.loads(found[4]) if found else []
        role = next(
            (
                r
                for r in self._project_roles(tx, e.originator_id)
                if r["role_id"] == e.event.role_id.hex
            ),
            None,
        )
        self._match_member(tx, e, self._talent_hired(tx, e, role, genres))

    # -- saved searches -------------------------------------------------------------------------

    @on(SavedSearch.Saved)
    def _search_saved(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            "INSERT INTO inbox_searches (search_id, member_id, kind, query, role, skill, genre, "
            "saved_at, saved_position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (search_id) DO NOTHING",
            (
                e.originator_id.hex,
                ev.member_id.hex,
                ev.kind.value,
                ev.query,
                ev.role,
                ev.skill,
                ev.genre,
                e.at.isoformat(),
                e.position,
            ),
        )
        if ev.kind is SearchKind.TALENT:
            self._keep_talent_filters(tx, e)

    @on(SavedSearch.Deleted)
    def _search_deleted(self, tx: Tx, e: Envelope) -> None:
        tx.execute("DELETE FROM inbox_searches WHERE search_id = ?", (e.originator_id.hex,))
        tx.execute("DELETE FROM inbox_talent_searches WHERE search_id = ?", (e.originator_id.hex,))

    def _searches(self, tx: Tx, kind: SearchKind, before: int | None = None) -> list[SearchSpec]:
        return [
            spec
            for position, spec in self._saved_searches(tx, kind)
            if before is None or position < before
        ]

    def _saved_searches(self, tx: Tx, kind: SearchKind) -> list[tuple[int, SearchSpec]]:
        """Every saved search of a kind with its position, kept until the view forgets (saving
        or deleting a search makes it forget)."""
        saved = self._saved.get(kind)
        if saved is None:
            saved = self._saved[kind] = [
                (
                    int(r[6]),
                    self._talent_filters(
                        tx, SearchSpec(UUID(r[0]), UUID(r[1]), kind, r[2], r[3], r[4], r[5])
                    ),
                )
                for r in tx.execute(
                    "SELECT search_id, member_id, query, role, skill, genre, saved_position "
                    "FROM inbox_searches WHERE kind = ?",
                    (kind.value,),
                ).fetchall()
            ]
        return saved

    def _notify_matches(
        self, tx: Tx, e: Envelope, searches: list[SearchSpec], candidate: Candidate
    ) -> None:
        for search in match_saved_searches(searches, candidate):
            label = " ".join(
                part for part in (search.query, search.role, search.skill, search.genre) if part
            )
            self._notify(
                tx,
                e,
                search.owner_id,
                "search_match",
                subject_id=candidate.candidate_id,
                other_id=candidate.candidate_id
                if candidate.kind is not SearchKind.PROJECTS
                else None,
                data={
                    "search_id": search.search_id.hex,
                    "search_kind": search.kind.value,
                    "label": label,
                },
                item_id=f"search.{search.search_id.hex}.{candidate.candidate_id.hex}",
            )

    def _match_member(self, tx: Tx, e: Envelope, member_id: UUID) -> None:
        """Tell the owners of member and talent searches saved before this member joined that
        the member now matches (once per search and member)."""
        wanted = [
            kind
            for kind in (SearchKind.MEMBERS, SearchKind.TALENT)
            if self._saved_searches(tx, kind)  # somebody keeps a search of that kind
        ]
        if not wanted:
            return
        row = self._member_row(tx, member_id)
        if row is None or row[0] == ERASED:
            return
        name, city, roles, skills, registered = row
        for kind in wanted:
            searches = self._searches(tx, kind, before=registered)
            if not searches or (kind is SearchKind.TALENT and not set(roles) & set(TALENT_ROLES)):
                continue
            facts = self._talent_facts(tx, member_id) if kind is SearchKind.TALENT else None
            genres = [*facts["genres"], *facts["declared"]] if facts else []
            candidate = Candidate(
                candidate_id=member_id,
                kind=kind,
                text=" ".join([name, city, *roles, *skills, *genres]),
                roles=frozenset(roles),
                skills=frozenset(skills),
                genres=frozenset(genres),
                owner_id=member_id,
                levels=tuple(sorted(skills.items())),
                certified=frozenset(facts["certified"]) if facts else frozenset(),
                university_id=UUID(facts["university_id"])
                if facts and facts["university_id"]
                else None,
                verified_credits=facts["verified_credits"] if facts else 0,
                busy=self._busy(facts) if facts else (),
            )
            self._notify_matches(tx, e, searches, candidate)

    # -- projects -------------------------------------------------------------------------------

    def _store_project(
        self,
        tx: Tx,
        project_id: UUID,
        director_id: UUID | None,
        details: dict[str, Any] | None,
        roles: list[dict[str, Any]] | None,
    ) -> None:
        found = self._projects.get(tx, (project_id.hex,))
        row = found[1:] if found else None
        director = director_id.hex if director_id else (row[0] if row else "")
        title = details["title"] if details else (row[1] if row else "")
        words = (
            " ".join([details["title"], details["logline"], details["synopsis"]])
            if details
            else (row[2] if row else "")
        )
        genres = list(details["genres"]) if details else (json.loads(row[3]) if row else [])
        kept = roles if roles is not None else (json.loads(row[4]) if row else [])
        if director and details:
            self._talent_genres(tx, UUID(director), genres)
        self._projects.put(
            (project_id.hex, director, title, words, json.dumps(genres), json.dumps(kept))
        )

    @staticmethod
    def _role_json(role: dict[str, Any]) -> dict[str, Any]:
        return {
            "role_id": role["role_id"].hex,
            "role": role["role"],
            "skills": list(role["skills"]),
            "start": str(role.get("start", ""))[:10],
            "end": str(role.get("end", ""))[:10],
        }

    def _project_roles(self, tx: Tx, project_id: UUID) -> list[dict[str, Any]]:
        row = self._projects.get(tx, (project_id.hex,))
        return list(json.loads(row[5])) if row and row[5] else []

    @on(Project.Drafted, batched=True)
    def _drafted(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        self._store_project(
            tx,
            e.originator_id,
            ev.director_id,
            {
                "title": ev.title,
                "logline": ev.logline,
                "synopsis": ev.synopsis,
                "genres": ev.genres,
            },
            [self._role_json(r) for r in ev.roles],
        )

    @on(Project.DetailsRevised, batched=True)
    def _revised(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        self._store_project(
            tx,
            e.originator_id,
            None,
            {
                "title": ev.title,
                "logline": ev.logline,
                "synopsis": ev.synopsis,
                "genres": ev.genres,
            },
            None,
        )

    @on(Project.RoleAdded, Project.RoleChanged, batched=True)
    def _role(self, tx: Tx, e: Envelope) -> None:
        role = self._role_json(e.event.role)
        roles = [
            r for r in self._project_roles(tx, e.originator_id) if r["role_id"] != role["role_id"]
        ]
        self._store_project(tx, e.originator_id, None, None, [*roles, role])

    @on(Project.RoleRemoved, batched=True)
    def _role_removed(self, tx: Tx, e: Envelope) -> None:
        roles = [
            r
            for r in self._project_roles(tx, e.originator_id)
            if r["role_id"] != e.event.role_id.hex
        ]
        self._store_project(tx, e.originator_id, None, None, roles)

    @on(Project.Pitched, batched=True)
    def _pitched(self, tx: Tx, e: Envelope) -> None:
        found = self._projects.get(tx, (e.originator_id.hex,))
        if found is None:
            return
        row = (found[1], found[3], found[4], found[5])
        roles = json.loads(row[3])
        genres = json.loads(row[2])
        role_names = [r["role"] for r in roles]
        skills = [s for r in roles for s in r["skills"]]
        candidate = Candidate(
            candidate_id=e.originator_id,
            kind=SearchKind.PROJECTS,
            text=" ".join([row[1], *genres, *role_names, *skills]),
            roles=frozenset(role_names),
            skills=frozenset(skills),
            genres=frozenset(genres),
            owner_id=UUID(row[0]),
        )
        searches = self._searches(tx, SearchKind.PROJECTS, before=e.position)
        self._notify_matches(tx, e, searches, candidate)
