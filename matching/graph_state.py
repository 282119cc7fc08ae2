"""The match graph's state, as the facts leave it, and the queries that read it: numpy arrays
derived from the state, cached until a fact changes what they were made from."""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from datetime import date

import networkx as nx
import numpy as np
import numpy.typing as npt

from matching.facts import Period, ProjectListed
from matching.graph_tables import (
    BoolArray,
    Growable,
    IntArray,
    Interner,
    OpenRole,
    RoleActivity,
    SkillState,
    SkillTable,
)
from matching.partner_graph import BridgeState

STRONGEST = 200  # coworkers a proximity walk goes through, at most (the most shared films)


class GraphState:
    """Everything the graph holds, and its reads; `MatchGraph` applies facts to it."""

    def __init__(self) -> None:
        self.nx: nx.MultiDiGraph = nx.MultiDiGraph()
        self.members = Interner()
        self.projects = Interner()
        self.roles = Interner()
        self.credits = Growable(4)  # member, project, role, year
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
        self.bridge = BridgeState()  # partners, follows, stages, engagements (partner_graph.py)
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

    def _settled(self, since: int) -> bool:
        """No fact was applied, nor was one being applied, since `since` was read."""
        return since == self._changes and since % 2 == 0

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
