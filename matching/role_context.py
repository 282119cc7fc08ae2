"""A crew query's context: the role asked for, the project's side and its proximity to
everyone, and the learned ranker's features (graph, content, activity) of candidates."""

from __future__ import annotations

import bisect
import math
from collections import Counter
from dataclasses import dataclass
from datetime import date

import numpy as np

from matching.facts import ProjectListed, project_tokens
from matching.graph import MatchGraph
from matching.proximity import FloatArray, Proximity
from matching.ranker import ONLINE_FEATURES

HIRED_CREW_WEIGHT = 0.5  # hired crew count half as much as the director for proximity


@dataclass(frozen=True)
class RoleQuery:
    project_id: str
    role: str
    skills: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    role_id: str = ""

    @classmethod
    def for_open_role(cls, graph: MatchGraph, project_id: str, role_id: str) -> RoleQuery:
        r = graph.open_roles[project_id][role_id]
        return cls(project_id, r.role, r.skills, r.start, r.end, role_id)


def _as_of(graph: MatchGraph, info: ProjectListed | None) -> int:
    if info is not None:
        return info.year
    years = graph.credit_arrays()[:, 3]
    return int(years.max()) if len(years) else 0


def _content(graph: MatchGraph, tokens: list[str], members: list[int]) -> FloatArray:
    """TF-IDF cosine (sublinear tf, smooth idf, min_df 2), as the offline content features,
    over the members' cached token vectors."""
    counts = Counter(tokens)
    q_ids = np.array([graph.vocabulary(t) for t in counts], dtype=np.int64)
    vectors = [graph.token_vector(m) for m in members]
    idf = graph.idf_vector()
    q = np.zeros(len(idf))
    q[q_ids] = [(1 + math.log(n)) * w for n, w in zip(counts.values(), idf[q_ids], strict=True)]
    qn = math.sqrt(float(np.sum(q * q))) or 1.0
    if not vectors:
        return np.zeros(0)
    ids = np.concatenate([v[0] for v in vectors])
    v = np.concatenate([v[1] for v in vectors]) * idf[ids]
    owner = np.repeat(np.arange(len(members)), [len(v[0]) for v in vectors])
    norm = np.bincount(owner, v * v, len(members))
    dot = np.bincount(owner, v * q[ids], len(members))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(norm > 0, dot / (np.sqrt(norm) * qn), 0.0)


def _activity(graph: MatchGraph, m: int, role: str, as_of: int) -> tuple[float, ...]:
    years = graph.role_years.get(m, {}).get(role, [])  # sorted
    n = bisect.bisect_right(years, as_of)
    recent = n - bisect.bisect_right(years, as_of - 10, 0, n)
    last3 = n - bisect.bisect_right(years, as_of - 3, 0, n)
    since = as_of - years[n - 1] if n else 50
    return (math.log1p(n), math.log1p(recent), float(last3), float(since))


class RoleContext:
    """What a role query needs from the graph: the project, its side (directors and hired
    crew) and the side's proximity to everyone."""

    def __init__(self, graph: MatchGraph, q: RoleQuery) -> None:
        self.graph, self.q = graph, q
        self.info = graph.project_info.get(q.project_id)
        self.as_of = _as_of(graph, self.info)
        directors = {
            graph.members.index[d]
            for d in graph.directors.get(q.project_id, ())
            if d in graph.members.index
        }
        hired = {
            graph.members.index[h]
            for r in graph.open_roles.get(q.project_id, {}).values()
            for h in r.hired
            if h in graph.members.index
        }
        self.side = {m: HIRED_CREW_WEIGHT for m in hired} | {d: 1.0 for d in directors}
        self.prox = Proximity(graph, self.side, q.role, self.as_of)

    def features(self, members: list[int]) -> tuple[FloatArray, FloatArray]:
        """The ranker's features (ONLINE_FEATURES order) of these members, and their content."""
        graph, q = self.graph, self.q
        tokens = project_tokens(self.info) if self.info is not None else []
        content = _content(graph, tokens, members)
        activity = np.array(
            [_activity(graph, c, q.role, self.as_of) for c in members], dtype=np.float64
        ).reshape(len(members), 4)
        graph_part = self.prox.features(np.array(members, dtype=np.int64))
        x = np.column_stack([*graph_part, content, activity]).reshape(
            len(members), len(ONLINE_FEATURES)
        )
        return x, content
