"""The product graph: typed nodes and edges in networkx, plus incremental indices for queries.

Facts (matching/facts.py) are the matching layer's own vocabulary; the projection layer
translates domain events into them. `apply` touches only the nodes a fact names (O(crew of one
project) at most), so the graph stays current one event at a time without rebuilding anything.
The state and its queries are in graph_state.py, its tables in graph_tables.py.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

import numpy as np

from matching.facts import (
    CAST,
    Applied,
    AvailabilityChanged,
    Collaborated,
    DealRecorded,
    Declined,
    Fact,
    GenreInterest,
    Hired,
    Invited,
    MeetingRequested,
    MemberRegistered,
    PartnerInterest,
    PartnerPassed,
    PartnerRegistered,
    ProjectListed,
    RoleOpened,
    Shortlisted,
    SkillCertified,
    SkillClaimed,
    SkillEndorsed,
    SubmittedTo,
    UniversityJoined,
    WorkTerms,
    node,
    project_tokens,
)
from matching.graph_state import GraphState
from matching.graph_tables import OpenRole, SkillState

__all__ = ["MatchGraph"]


class MatchGraph(GraphState):
    @classmethod
    def from_facts(cls, facts: Iterable[Fact]) -> MatchGraph:
        graph = cls()
        for fact in facts:
            graph.apply(fact)
        return graph

    # one handler per fact type; each touches only the nodes the fact names
    def apply(self, fact: Fact) -> None:
        self._changes += 1
        try:
            self._apply(fact)
        finally:
            self._changes += 1

    def _apply(self, fact: Fact) -> None:
        self.bridge.apply(fact)
        match fact:
            case Collaborated():
                self._collaborated(fact)
            case ProjectListed():
                self._project_listed(fact)
            case MemberRegistered():
                self._member(
                    fact.member_id,
                    name=fact.name,
                    joined_year=fact.joined_year,
                    countries=fact.countries,
                    languages=fact.languages,
                )
            case UniversityJoined():
                self._member(fact.member_id)
                self.nx.add_edge(
                    node("member", fact.member_id),
                    node("university", fact.university),
                    "member_of_university",
                )
            case RoleOpened():
                self._project(fact.project_id)
                self.open_roles[fact.project_id][fact.role_id] = OpenRole(
                    fact.role_id, fact.role, fact.skills, fact.start, fact.end, fact.budget
                )
                for skill in fact.skills:
                    self.nx.add_edge(
                        node("project", fact.project_id),
                        node("skill", skill),
                        ("project_needs_skill", fact.role_id),
                    )
            case SkillClaimed():
                self._skill(fact.member_id, fact.skill, "claimed_skill").level = fact.level
                self._skill_changed(fact.member_id, fact.skill)
            case SkillEndorsed():
                self._skill(fact.member_id, fact.skill, ("endorsed_skill", fact.endorser_id))
                self.skills[fact.skill][self.members(fact.member_id)].endorsements += 1
                self._skill_changed(fact.member_id, fact.skill)
            case SkillCertified():
                state = self._skill(fact.member_id, fact.skill, "certified_skill")
                state.certified = fact.training or fact.skill
                self._skill_changed(fact.member_id, fact.skill)
            case AvailabilityChanged():
                m = self._member(fact.member_id)
                self.busy[m] = tuple(sorted(fact.busy))
                if fact.day_rate:  # a rate stated with the calendar (WorkTerms states it too)
                    self.day_rate[m] = fact.day_rate
            case WorkTerms():
                self._work_terms(fact)
            case GenreInterest():
                m = self._member(fact.member_id)
                self.interests[m].add(fact.genre)
                self.nx.add_edge(
                    node("member", fact.member_id), node("genre", fact.genre), "interest"
                )
            case Applied() | Invited() | Hired() | Declined():
                self._engagement(fact)
            case PartnerRegistered():
                self.nx.add_node(
                    node("partner", fact.partner_id),
                    kind="partner",
                    name=fact.name,
                    countries=fact.countries,
                )
                for genre in fact.genres:
                    self.partner_genres[fact.partner_id].add(genre)
                    self.nx.add_edge(
                        node("partner", fact.partner_id), node("genre", genre), "interest"
                    )
            case (
                PartnerInterest()
                | DealRecorded()
                | SubmittedTo()
                | Shortlisted()
                | MeetingRequested()
                | PartnerPassed()
            ):
                kind = type(fact).__name__.lower()
                self._project(fact.project_id)
                self.partner_projects[fact.partner_id].add(fact.project_id)
                self.nx.add_edge(
                    node("partner", fact.partner_id), node("project", fact.project_id), kind
                )

    # --- handlers ---

    def _work_terms(self, fact: WorkTerms) -> None:
        """The member's declared rate and genre interests replace what they declared before."""
        m = self._member(fact.member_id)
        if fact.day_rate:
            self.day_rate[m] = fact.day_rate
        else:
            self.day_rate.pop(m, None)
        key = node("member", fact.member_id)
        for genre in self.interests.get(m, set()) - set(fact.genres):
            while self.nx.has_edge(key, node("genre", genre), "interest"):
                self.nx.remove_edge(key, node("genre", genre), "interest")
        self.interests[m] = set(fact.genres)
        for genre in fact.genres:
            self.nx.add_edge(key, node("genre", genre), "interest")

    def _member(self, member_id: str, **attrs: object) -> int:
        key = node("member", member_id)
        if key not in self.nx:
            self.nx.add_node(key, kind="member")
        self.nx.nodes[key].update({k: v for k, v in attrs.items() if v not in ((), "", 0)})
        return self.members(member_id)

    def _project(self, project_id: str) -> int:
        key = node("project", project_id)
        if key not in self.nx:
            self.nx.add_node(key, kind="project")
        return self.projects(project_id)

    def _project_listed(self, fact: ProjectListed) -> None:
        p = self._project(fact.project_id)
        key = node("project", fact.project_id)
        before = self.project_info.get(fact.project_id)
        if before is not None:  # a re-listing replaces genres and the crew's film tokens
            for genre in before.genres:
                if self.nx.has_edge(key, node("genre", genre), "project_genre"):
                    self.nx.remove_edge(key, node("genre", genre), "project_genre")
            for m in self.crew.get(p, {}):
                self._remove_tokens(m, project_tokens(before))
        for m in self.crew.get(p, {}):
            self._add_tokens(m, project_tokens(fact))
        self.project_info[fact.project_id] = fact
        self.nx.nodes[key].update(year=fact.year, title=fact.title)
        for genre in fact.genres:
            self.nx.add_edge(key, node("genre", genre), "project_genre")
        for director in fact.director_ids:
            self.directors[fact.project_id].add(director)
            self._member(director)

    def _collaborated(self, fact: Collaborated) -> None:
        m = self._member(fact.member_id)
        p = self._project(fact.project_id)
        r = self.roles(fact.role)
        if fact.credit:
            self._credit(m, p)
        crew = self.crew[p]
        roles_here = crew.get(m)
        if roles_here is not None and fact.role in roles_here:
            return  # the same credit told twice (or a hire's film, now credited)
        self.nx.add_edge(
            node("member", fact.member_id),
            node("project", fact.project_id),
            ("credit", fact.role),
            role=fact.role,
            year=fact.year,
        )
        self.credits.append((m, p, r, fact.year))
        bisect.insort(self.role_years[m].setdefault(fact.role, []), fact.year)
        self.role_members[fact.role].add(m)
        self.activity[fact.role].add(m, fact.year)
        self.project_year[p] = fact.year
        if fact.role == "director":
            self.directors[fact.project_id].add(fact.member_id)
        self._crews.pop(p, None)
        for member in (m, *crew):  # their films' crews, or the years of those films, change
            self._films_crew.pop(member, None)
        if fact.role not in CAST and fact.role not in self.crew_roles[m]:
            self.crew_roles[m].add(fact.role)
            for other in self.coworkers.get(m, {}):
                self._reaches(other, fact.role, m)
        if roles_here is None:
            mine = self.crew_roles.get(m, set())
            self._strongest.pop(m, None)
            for other in crew:
                self.coworkers[m][other] += 1
                self.coworkers[other][m] += 1
                self._strongest.pop(other, None)
                for role in mine:
                    self._reaches(other, role, m)
                for role in self.crew_roles.get(other, ()):
                    self._reaches(m, role, other)
            crew[m] = {fact.role}
            self.films[m].add(p)
            info = self.project_info.get(fact.project_id)
            if info is not None:
                self._add_tokens(m, project_tokens(info))
        else:
            roles_here.add(fact.role)

    def _credit(self, m: int, p: int) -> None:
        self.credited[m].add(p)
        while m >= len(self.film_counts):
            self.film_counts = np.concatenate([self.film_counts, np.zeros_like(self.film_counts)])
        self.film_counts[m] = len(self.credited[m])

    def _reaches(self, z: int, role: str, c: int) -> None:
        self.role_coworkers[z].setdefault(role, set()).add(c)
        self._reach.pop((z, role), None)

    def _add_tokens(self, m: int, tokens: list[str]) -> None:
        mine = self.tokens[m]
        self._vectors.pop(m, None)
        for token in tokens:
            if token not in mine:
                self.token_df[token] += 1
                self._df_version += 1
            mine[token] += 1

    def _remove_tokens(self, m: int, tokens: list[str]) -> None:
        mine = self.tokens[m]
        self._vectors.pop(m, None)
        for token in tokens:
            mine[token] -= 1
            if mine[token] <= 0:
                del mine[token]
                self.token_df[token] -= 1
                self._df_version += 1
                if self.token_df[token] <= 0:
                    del self.token_df[token]

    def _skill(self, member_id: str, skill: str, edge: object) -> SkillState:
        m = self._member(member_id)
        self.nx.add_edge(node("member", member_id), node("skill", skill), edge)
        self.role_members[skill].add(m)
        return self.skills[skill].setdefault(m, SkillState())

    def _skill_changed(self, member_id: str, skill: str) -> None:
        m = self.members(member_id)
        self.skill_tables[skill].put(m, self.skills[skill][m])

    def _engagement(self, fact: Applied | Invited | Hired | Declined) -> None:
        m = self._member(fact.member_id)
        self._project(fact.project_id)
        kind = type(fact).__name__.lower()
        self.nx.add_edge(
            node("member", fact.member_id),
            node("project", fact.project_id),
            (kind, fact.role_id),
            role_id=fact.role_id,
        )
        if isinstance(fact, Declined):
            self.declined.setdefault((fact.project_id, m), set()).add(fact.role_id)
            if fact.by_member:
                self.declined_by[m] += 1
            else:
                for director in self.directors.get(fact.project_id, ()):
                    self.rejected.add((director, m))
        elif isinstance(fact, Hired):
            role = self.open_roles.get(fact.project_id, {}).get(fact.role_id)
            if role is not None:
                role.hired.append(fact.member_id)
                if role.start is not None and role.end is not None:
                    self.busy[m] = tuple(sorted((*self.busy.get(m, ()), (role.start, role.end))))
