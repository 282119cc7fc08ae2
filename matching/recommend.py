"""Recommendations over a MatchGraph: crew for a role (here), partners for a project and the
reverse (matching/partners.py).

Crew scoring = the learned logistic model on graph/content/activity features (weights fitted
offline on the film-credits data, or from the log's own hires vs declines) plus the product
signals the film data cannot teach (skills, availability, interests, declines), whose weights
are set by hand in logit units and named below.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np

from matching.graph import MatchGraph
from matching.newcomers import NEWCOMER_FILMS, films_in_role, newcomer_mask, newcomer_slots
from matching.pools import newcomer_pool, skill_holders
from matching.proximity import FloatArray
from matching.ranker import OnlineModel, default_model
from matching.role_context import RoleContext, RoleQuery

__all__ = ["BUSY_TIER", "Match", "crew_features", "recommend_crew"]

POOL_GRAPH = 150  # nearest members on the graph
POOL_ACTIVE = 100  # most recently active members of the role, always considered
POOL_SKILLED = 100  # best holders of the role's skills
POOL_NEWCOMERS = 30  # best newcomers among them, however many established holders rank above
CERTIFIED_BONUS = 0.8  # a verified badge for a required skill
CLAIMED_BONUS = 0.15  # per claimed level of a required skill
ENDORSED_BONUS = 0.1  # per log(1 + endorsements)
INTEREST_BONUS = 0.4  # reciprocity: the candidate says they want this genre
DECLINE_PENALTY = 0.3  # per log(1 + roles the candidate turned down)
BUSY_TIER = 100.0  # busy candidates rank after every free one


@dataclass(frozen=True)
class Match:
    member_id: str
    score: float
    reasons: tuple[str, ...]
    newcomer: bool = False  # fewer than NEWCOMER_FILMS films when ranked (matching.newcomers)


def crew_features(graph: MatchGraph, role_query: RoleQuery, member_ids: list[str]) -> FloatArray:
    """The learned ranker's features (ONLINE_FEATURES order) of these members for the role, as
    the graph knows them now: what a retraining records at the moment of each decision."""
    members = [graph.members.index[m] for m in member_ids]
    return RoleContext(graph, role_query).features(members)[0]


def recommend_crew(
    graph: MatchGraph,
    role_query: RoleQuery,
    *,
    k: int = 10,
    model: OnlineModel | None = None,
    exclude: Collection[str] = (),
    impressions: Mapping[str, int] | None = None,
) -> list[Match]:
    """The k members to show for the role, best first, with newcomers given their slots
    (matching.newcomers) among exactly these k: `exclude` (member ids the caller will not
    show) are left out before the slots are given, never after; `impressions` (appearances so
    far, by member id) give them to the least shown, so newcomers take turns."""
    model = model or default_model()
    q = role_query
    ctx = RoleContext(graph, q)
    info, side, prox = ctx.info, ctx.side, ctx.prox
    # candidate generation: graph-near, recently active in the role, holders of the skills, and
    # the best newcomers holding them (the exposure rule can only promote whom the pool holds)
    pool = set(prox.closest(POOL_GRAPH))
    active = graph.activity.get(q.role)
    if active is not None:
        pool |= set(active.most_active(POOL_ACTIVE).tolist())
    pool |= set(skill_holders(graph, q.skills, POOL_SKILLED))
    pool |= set(newcomer_pool(graph, q.skills, q.start, q.end, POOL_NEWCOMERS, impressions))
    p = graph.projects.index.get(q.project_id)
    on_project = set(graph.crew.get(p, {})) if p is not None else set()
    on_project |= {graph.members.index[m] for m in exclude if m in graph.members.index}
    director_ids = graph.directors.get(q.project_id, set())
    members = sorted(
        c
        for c in pool
        if c not in side
        and c not in on_project
        and not any((d, c) in graph.rejected for d in director_ids)
        and not _declined_this(graph, c, q)
    )
    if not members:
        return []
    x, content = ctx.features(members)
    genres = set(info.genres) if info is not None else set()
    score = model.logit(x) + np.array([_product_signals(graph, c, q, genres)[0] for c in members])
    ids = np.array(members, dtype=np.int64)
    order = np.lexsort((np.array([graph.members.ids[c] for c in members]), -score))
    new = newcomer_mask(graph, ids)
    chosen = newcomer_slots(graph, members, order, new, k, q.skills, q.start, q.end, impressions)
    promoted = set(chosen) - {int(i) for i in order[:k]}
    out = []
    for i in chosen:
        c = members[i]
        why = prox.reasons(graph, c)
        films = films_in_role(graph, c, q.role)  # films, not hires still to shoot
        if films:
            why.append(f"{films} film{'s' if films != 1 else ''} as {q.role.replace('_', ' ')}")
        if content[i] >= 0.3:
            why.append("has made films like this one")
        if i in promoted:
            why.append(f"newcomer with fewer than {NEWCOMER_FILMS} films: given a fair look")
        why += _product_signals(graph, c, q, genres)[1]
        out.append(Match(graph.members.ids[c], round(float(score[i]), 6), tuple(why), bool(new[i])))
    return out


def _declined_this(graph: MatchGraph, c: int, q: RoleQuery) -> bool:
    roles = graph.declined.get((q.project_id, c))
    if not roles:
        return False
    return not q.role_id or q.role_id in roles


def _product_signals(
    graph: MatchGraph, c: int, q: RoleQuery, genres: set[str]
) -> tuple[float, list[str]]:
    bonus, why = 0.0, []
    for skill in q.skills:
        state = graph.skills.get(skill, {}).get(c)
        if state is None:
            continue
        if state.certified:
            bonus += CERTIFIED_BONUS
            why.append(f"certified in {state.certified}")
        elif state.level:
            bonus += CLAIMED_BONUS * state.level
            why.append(f"claims {skill} (level {state.level})")
        if state.endorsements:
            bonus += ENDORSED_BONUS * math.log1p(state.endorsements)
            why.append(f"endorsed {state.endorsements}× for {skill}")
    liked = sorted(graph.interests.get(c, set()) & genres)
    if liked:
        bonus += INTEREST_BONUS
        why.append(f"wants to work on {', '.join(liked)}")
    declined = graph.declined_by.get(c, 0)
    if declined:
        bonus -= DECLINE_PENALTY * math.log1p(declined)
    if q.start is not None and q.end is not None:
        if graph.is_free(c, q.start, q.end):
            why.append("free on the shoot dates")
        else:
            bonus -= BUSY_TIER
            why.append("busy on the shoot dates")
    return bonus, why
