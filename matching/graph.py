"""The product graph: typed nodes and edges in networkx, plus incremental indices for queries.

Facts are the matching layer's own vocabulary; the projection layer translates domain events
into them. `apply` touches only the nodes a fact names (O(crew of one project) at most), so the
graph stays current one event at a time without rebuilding anything.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import networkx as nx
import numpy as np
import numpy.typing as npt

NodeKind = Literal["member", "project", "partner", "skill", "genre", "university"]
Node = tuple[str, str]
Period = tuple[date, date]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


STRONGEST = 200  # coworkers a proximity walk goes through, at most (the most shared films)
CAST = frozenset({"actor", "actress", "self", "archive_footage", "archive_sound"})


def node(kind: NodeKind, ident: str) -> Node:
    return (kind, ident)


# --- facts -------------------------------------------------------------------------------------


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


# --- state held on nodes ------------------------------------------------------------------------


@dataclass
class OpenRole:
    role_id: str
    role: str
    skills: tuple[str, ...]
    start: date | None
    end: date | None
    budget: int
    hired: list[str] = field(default_factory=list)


@dataclass
class SkillState:
    level: int = 0
    endorsements: int = 0
    certified: str | None = None


class _Growable:
    """Append-only int64 columns with amortised O(1) appends."""

    def __init__(self, columns: int) -> None:
        self._data = np.zeros((1024, columns), dtype=np.int64)
        self.size = 0

    def append(self, row: tuple[int, ...]) -> None:
        if self.size == len(self._data):
            self._data = np.concatenate([self._data, np.zeros_like(self._data)])
        self._data[self.size] = row
        self.size += 1

    def view(self) -> npt.NDArray[np.int64]:
        return self._data[: self.size]

    def add_to(self, row: int, column: int, value: int) -> None:
        self._data[row, column] += value

    def raise_to(self, row: int, column: int, value: int) -> None:
        self._data[row, column] = max(int(self._data[row, column]), value)

    def set(self, row: int, values: tuple[int, ...]) -> None:
        self._data[row] = values


class RoleActivity:
    """Who has worked in one role, how often and how lately: pools candidates in O(n) numpy."""

    def __init__(self) -> None:
        self.row: dict[int, int] = {}
        self.table = _Growable(3)  # member, last year, credits

    def add(self, m: int, year: int) -> None:
        i = self.row.get(m)
        if i is None:
            self.row[m] = self.table.size
            self.table.append((m, year, 1))
        else:
            self.table.raise_to(i, 1, year)
            self.table.add_to(i, 2, 1)

    def most_active(self, n: int) -> npt.NDArray[np.int64]:
        """The n members with the latest credit (then most credits, then lowest index)."""
        t = self.table.view()
        if len(t) > n:
            key = t[:, 1] * 100_000 + np.minimum(t[:, 2], 99_999)
            keep = np.argpartition(-key, n - 1)[:n]
            t = t[keep]
        order = np.lexsort((t[:, 0], -t[:, 2], -t[:, 1]))
        return np.asarray(t[order, 0], dtype=np.int64)


class SkillTable:
    """Holders of one skill as rows (member, certified, level, endorsements): ranks in numpy."""

    def __init__(self) -> None:
        self.row: dict[int, int] = {}
        self.table = _Growable(4)

    def put(self, m: int, state: SkillState) -> None:
        values = (m, 1 if state.certified else 0, state.level, state.endorsements)
        i = self.row.get(m)
        if i is None:
            self.row[m] = self.table.size
            self.table.append(values)
        else:
            self.table.set(i, values)


class Interner:
    def __init__(self) -> None:
        self.ids: list[str] = []
        self.index: dict[str, int] = {}

    def __call__(self, ident: str) -> int:
        found = self.index.get(ident)
        if found is None:
            found = self.index[ident] = len(self.ids)
            self.ids.append(ident)
        return found

    def __len__(self) -> int:
        return len(self.ids)


# --- the graph ----------------------------------------------------------------------------------


class MatchGraph:
    def __init__(self) -> None:
        self.nx: nx.MultiDiGraph = nx.MultiDiGraph()
        self.members = Interner()
        self.projects = Interner()
        self.roles = Interner()
        self.credits = _Growable(4)  # member, project, role, year
        self.crew: dict[int, dict[int, set[str]]] = defaultdict(dict)  # project -> member -> roles
        self.films: dict[int, set[int]] = defaultdict(set)  # member -> projects worked on
        self.credited: dict[int, set[int]] = defaultdict(set)  # member -> films (credits only)
        self.film_counts = np.zeros(1024, dtype=np.int64)  # len(credited[m]), by member index
        self.coworkers: dict[int, Counter[int]] = defaultdict(Counter)  # shared projects
        # z -> role -> coworkers of z who hold a credit in that role (crew roles only)
        self.role_coworkers: dict[int, dict[str, set[int]]] = defaultdict(dict)
        self.crew_roles: dict[int, set[str]] = defaultdict(set)
        self.role_years: dict[int, dict[str, list[int]]] = defaultdict(dict)  # sorted
        self.role_members: dict[str, set[int]] = defaultdict(set)
        self.activity: dict[str, RoleActivity] = defaultdict(RoleActivity)
        self.project_year: dict[int, int] = {}
        self.skills: dict[str, dict[int, SkillState]] = defaultdict(dict)
        self.skill_tables: dict[str, SkillTable] = defaultdict(SkillTable)
        self.tokens: dict[int, Counter[str]] = defaultdict(Counter)  # member -> film tokens
        self.token_df: Counter[str] = Counter()  # members whose films carry the token
        self.interests: dict[int, set[str]] = defaultdict(set)
        self.busy: dict[int, tuple[Period, ...]] = {}
        self.day_rate: dict[int, int] = {}
        self.declined_by: dict[int, int] = Counter()  # member -> roles they turned down
        self.rejected: set[tuple[str, int]] = set()  # (director id, member) a director turned down
        self.declined: dict[tuple[str, int], set[str]] = {}  # (project, member) -> role ids
        self.open_roles: dict[str, dict[str, OpenRole]] = defaultdict(dict)
        self.project_info: dict[str, ProjectListed] = {}
        self.directors: dict[str, set[str]] = defaultdict(set)
        self.partner_genres: dict[str, set[str]] = defaultdict(set)
        self.partner_projects: dict[str, set[str]] = defaultdict(set)
        # Read caches, derived from the state above and dropped by the handlers that change it,
        # so a query pays for numpy arrays once, not per request. A query running in another
        # thread while a fact is applied keeps nothing it computed (see _settled).
        self._changes = 0  # odd while a fact is being applied
        self.vocabulary = Interner()  # film tokens
        self._vectors: dict[int, tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]] = {}
        self._df_version = 0
        self._idf: tuple[tuple[int, int, int], npt.NDArray[np.float64]] | None = None
        self._reach: dict[tuple[int, str], npt.NDArray[np.int64]] = {}
        self._crews: dict[int, tuple[IntArray, dict[str, BoolArray]]] = {}
        self._films_crew: dict[int, dict[str, tuple[IntArray, BoolArray, IntArray]]] = {}
        self._strongest: dict[int, list[int]] = {}

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

    def _settled(self, since: int) -> bool:
        """No fact was applied, nor was one being applied, since `since` was read."""
        return since == self._changes and since % 2 == 0

    def _apply(self, fact: Fact) -> None:
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
                self.day_rate[m] = fact.day_rate
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
            case PartnerInterest() | DealRecorded():
                kind = "interest" if isinstance(fact, PartnerInterest) else "deal"
                self._project(fact.project_id)
                self.partner_projects[fact.partner_id].add(fact.project_id)
                self.nx.add_edge(
                    node("partner", fact.partner_id), node("project", fact.project_id), kind
                )

    # --- handlers ---

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

    # --- reads ---

    def credit_arrays(self) -> npt.NDArray[np.int64]:
        """Rows of (member index, project index, role index, year), in the order applied."""
        return self.credits.view()

    def member_degree(self, m: int) -> int:
        return len(self.coworkers.get(m, ()))

    def is_free(self, m: int, start: date | None, end: date | None) -> bool:
        if start is None or end is None:
            return True
        return all(e < start or s > end for s, e in self.busy.get(m, ()))

    def idf(self, token: str) -> float:
        return math.log((1 + len(self.tokens)) / (1 + self.token_df.get(token, 0))) + 1.0

    # --- cached arrays for queries (rebuilt lazily after the handlers above drop them) ---

    def reach(self, z: int, role: str) -> npt.NDArray[np.int64]:
        """Coworkers of z who hold a credit in the role, as an array."""
        found = self._reach.get((z, role))
        if found is None:
            since = self._changes
            members = self.role_coworkers.get(z, {}).get(role, ())
            found = np.fromiter(members, np.int64, len(members))
            if self._settled(since):
                self._reach[(z, role)] = found
        return found

    def crew_arrays(self, p: int, role: str) -> tuple[IntArray, BoolArray]:
        """The project's credited members (in the order they joined its crew), and which of
        them hold a credit in the role there."""
        since = self._changes
        found = self._crews.get(p)
        if found is None:
            crew = self.crew.get(p, {})
            found = (np.fromiter(crew, np.int64, len(crew)), {})
        members, masks = found
        mask = masks.get(role)
        if mask is None:
            roles = self.crew.get(p, {}).values()
            mask = np.fromiter((role in r for r in roles), np.bool_, len(roles))
            if self._settled(since):
                masks[role] = mask
        if self._settled(since):
            self._crews[p] = found
        return members, mask

    def films_crew(self, s: int, role: str) -> tuple[IntArray, BoolArray, IntArray]:
        """Everyone credited on s's films but s, film by film (in the order s's films are
        held), with whether they hold a credit in the role there and the film's year."""
        since = self._changes
        mine = self._films_crew.setdefault(s, {})
        found = mine.get(role)
        if found is None:
            parts = [(*self.crew_arrays(p, role), p) for p in self.films.get(s, ())]
            members = np.concatenate([m for m, _, _ in parts] + [np.zeros(0, np.int64)])
            in_role = np.concatenate([r for _, r, _ in parts] + [np.zeros(0, np.bool_)])
            years = np.repeat(
                np.array([self.project_year.get(p, 0) for _, _, p in parts], dtype=np.int64),
                [len(m) for m, _, _ in parts],
            )
            others = members != s
            found = (members[others], in_role[others], years[others])
            if self._settled(since):
                mine[role] = found
        return found

    def strongest(self, s: int) -> list[int]:
        """All of s's coworkers, or for the most connected members the STRONGEST with the most
        shared films (ties by index)."""
        found = self._strongest.get(s)
        if found is None:
            since = self._changes
            coworkers = self.coworkers.get(s, Counter())
            if len(coworkers) <= STRONGEST:
                found = list(coworkers)
            else:
                top = heapq.nlargest(STRONGEST, coworkers.items(), key=lambda kv: (kv[1], -kv[0]))
                found = [z for z, _ in top]
            if self._settled(since):
                self._strongest[s] = found
        return found

    def token_vector(self, m: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """The member's film tokens as (vocabulary ids, sublinear tf 1 + log n)."""
        found = self._vectors.get(m)
        if found is None:
            since = self._changes
            mine = self.tokens.get(m) or Counter()
            ids = np.fromiter((self.vocabulary(t) for t in mine), np.int64, len(mine))
            tf = np.fromiter((1 + math.log(n) for n in mine.values()), np.float64, len(mine))
            found = (ids, tf)
            if self._settled(since):
                self._vectors[m] = found
        return found

    def idf_vector(self) -> npt.NDArray[np.float64]:
        """Smooth idf per vocabulary id, 0 below min_df 2 (as `idf` with the min_df rule)."""
        key = (len(self.tokens), self._df_version, len(self.vocabulary))
        if self._idf is not None and self._idf[0] == key:
            return self._idf[1]
        since = self._changes
        df = np.array([self.token_df.get(t, 0) for t in self.vocabulary.ids], dtype=float)
        idf = np.where(df >= 2, np.log((1 + len(self.tokens)) / (1 + df)) + 1.0, 0.0)
        if self._settled(since):
            self._idf = (key, idf)
        return idf


def project_tokens(info: ProjectListed) -> list[str]:
    """Field-prefixed tokens, so that "Drama" the genre and "Drama" the tag stay distinct."""
    return (
        [f"g:{g}" for g in info.genres]
        + [f"t:{t}" for t in info.tags]
        + [f"c:{c}" for c in info.countries]
        + [f"l:{lang}" for lang in info.languages]
    )
