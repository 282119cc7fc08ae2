"""The commercial bridge's recommendations: partners for a project (what the director sees), and
projects and directors for a partner to scout, each with its reasons in words.

Only verified, unsuspended partners are recommended, never one already engaged with the project
(submitted to, passed on, interested, shortlisted, met, signed). Cancelled projects and drafts
are never shown to partners. Scouting gives first-time directors (no wrapped project) the same
share as crew recommendations give newcomers (matching/newcomers.py): one slot in five when one
fits, to the one shown least so far. Scores are matching/partner_scores.py; reasons are
matching/partner_reasons.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from matching.graph import MatchGraph
from matching.newcomers import ONE_SLOT_IN
from matching.partner_reasons import FAIR_LOOK, director_reasons, partner_reasons, project_reasons
from matching.partner_scores import (
    BoolArray,
    FloatArray,
    IntArray,
    Signals,
    partners_signals,
    project_rows,
    projects_signals,
)

__all__ = [
    "DirectorMatch",
    "PartnerMatch",
    "ProjectMatch",
    "recommend_directors_for_partner",
    "recommend_partners",
    "recommend_projects_for_partner",
]


@dataclass(frozen=True)
class PartnerMatch:
    partner_id: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ProjectMatch:
    project_id: str
    director_id: str
    score: float
    reasons: tuple[str, ...]
    first_time: bool = False  # its director has no wrapped project


@dataclass(frozen=True)
class DirectorMatch:
    director_id: str
    score: float
    reasons: tuple[str, ...]
    first_time: bool = False


def recommend_partners(graph: MatchGraph, project_id: str, *, k: int = 10) -> list[PartnerMatch]:
    """The k partners most likely to back the project, best first (ties by id)."""
    bridge = graph.bridge
    if bridge.stage.get(project_id) == "cancelled":
        return []
    signals = partners_signals(graph, project_id)
    t = bridge.partners
    n = len(t.ids)
    ok = np.asarray(t.active.view(n), dtype=np.bool_).copy()
    for partner in bridge.engaged_with.get(project_id, {}):
        i = t.ids.index.get(partner)
        if i is not None:
            ok[i] = False
    score = signals.score
    chosen = _best(np.flatnonzero(ok & (score > 0)), score, t.ids.ranks(), k)
    return [
        PartnerMatch(
            t.ids.ids[i],
            round(float(score[i]), 6),
            tuple(partner_reasons(graph, t.ids.ids[i], project_id, signals, i)),
        )
        for i in chosen
    ]


def recommend_projects_for_partner(
    graph: MatchGraph, partner_id: str, *, k: int = 10, impressions: Mapping[str, int] | None = None
) -> list[ProjectMatch]:
    """The k projects the partner should see, best first, with first-time directors' slots;
    `impressions`: how often each director has been shown so far (by id)."""
    if not graph.bridge.recommendable(partner_id):
        return []
    scored = projects_signals(graph, partner_id, k)
    signals, rows, t = scored.signals, scored.rows, graph.bridge.projects
    score = signals.score
    candidates = np.flatnonzero(scored.ok & (score > 0))  # positions; rows[p] is the table row
    base = project_rows(graph)
    directors, first = base.director[rows], base.first_time[rows]
    fits = _fits(graph, partner_id, signals)
    by_director = _shown_by_director(graph, impressions)
    shown = None if by_director is None else by_director[np.maximum(directors, 0)]
    ranks = t.ids.ranks()[rows]
    chosen, promoted = _with_first_timers(candidates, score, ranks, first, fits, k, shown)
    out = []
    for i in chosen:
        project = t.ids.ids[rows[i]]
        why = project_reasons(graph, partner_id, project, signals, i)
        if i in promoted:
            why.append(FAIR_LOOK)
        director = t.directors.ids[directors[i]] if directors[i] >= 0 else ""
        out.append(
            ProjectMatch(project, director, round(float(score[i]), 6), tuple(why), bool(first[i]))
        )
    return out


def recommend_directors_for_partner(
    graph: MatchGraph, partner_id: str, *, k: int = 10, impressions: Mapping[str, int] | None = None
) -> list[DirectorMatch]:
    """Directors to watch (not already followed): each scored by their best project for the
    partner, a little more for each further one (among the rows partner_scores.projects_signals
    ranks: those in the partner's genres, when enough of them beat the rest); first-time
    directors get their slots."""
    bridge = graph.bridge
    if not bridge.recommendable(partner_id):
        return []
    scored = projects_signals(graph, partner_id, k)
    signals, where, t = scored.signals, scored.rows, bridge.projects
    score = signals.score
    directors = project_rows(graph).director[where]
    followed = {
        t.directors.index[d] for d in bridge.followed_by(partner_id) if d in t.directors.index
    }
    rows = np.flatnonzero(scored.ok & (score > 0) & (directors >= 0))  # positions
    if followed:
        rows = rows[~np.isin(directors[rows], sorted(followed))]
    if not len(rows):
        return []
    # each director's best project (ties by project id) and how many they have
    ranked = rows[np.lexsort((t.ids.ranks()[where[rows]], -score[rows]))]
    best = np.full(len(t.directors), -1, dtype=np.int64)  # each director's best position
    best[directors[ranked][::-1]] = ranked[::-1]  # of repeated indices the last is kept
    ds = np.flatnonzero(best >= 0)
    many = np.bincount(directors[rows], minlength=len(t.directors))
    d_score = np.zeros(len(t.directors), dtype=np.float64)
    d_score[ds] = score[best[ds]] + 0.1 * np.log1p(many[ds] - 1)
    first = _first_time(graph, np.arange(len(t.directors), dtype=np.int64))
    fits = np.zeros(len(t.directors), dtype=np.bool_)
    fits[ds] = _fits(graph, partner_id, signals)[best[ds]]
    shown = _shown_by_director(graph, impressions)
    d_ranks = t.directors.ranks()
    chosen, promoted = _with_first_timers(ds, d_score, d_ranks, first, fits, k, shown)
    out = []
    for d in chosen:
        at = int(best[d])
        project = t.ids.ids[where[at]]
        why = director_reasons(graph, partner_id, project, signals, at, int(many[d]))
        if d in promoted:
            why.append(FAIR_LOOK)
        out.append(
            DirectorMatch(
                t.directors.ids[d], round(float(d_score[d]), 6), tuple(why), bool(first[d])
            )
        )
    return out


# -- ranking ----------------------------------------------------------------------------------


def _best(candidates: IntArray, score: FloatArray, ranks: IntArray, n: int) -> list[int]:
    """The n best candidates by score, ties by id (`ranks`: each row's place in id order);
    only those at or above the n-th score are sorted."""
    if not len(candidates) or n <= 0:
        return []
    if len(candidates) > n:
        values = score[candidates]
        cut = np.partition(values, len(values) - n)[len(values) - n]
        candidates = candidates[values >= cut]
    order = np.lexsort((ranks[candidates], -score[candidates]))
    return [int(i) for i in candidates[order[:n]]]


def _with_first_timers(
    candidates: IntArray,
    score: FloatArray,
    ranks: IntArray,
    first: BoolArray,
    fits: BoolArray,
    k: int,
    shown: IntArray | None,
) -> tuple[list[int], set[int]]:
    """The k rows to show and which of them were promoted: the top k, except that k //
    ONE_SLOT_IN slots go to first-time directors who fit, the least shown first (`shown`: by
    row; ties by rank), replacing the lowest-ranked others; all keep score order (as
    newcomers.with_newcomers)."""
    top = _best(candidates, score, ranks, k)
    quota = k // ONE_SLOT_IN
    if len(top) < k or not quota:
        return top, set()
    fitting = candidates[first[candidates] & fits[candidates]]
    if shown is None or not len(fitting):
        holders = _best(fitting, score, ranks, quota)
    else:
        least = np.lexsort((ranks[fitting], -score[fitting], shown[fitting]))[:quota]
        holders = [int(i) for i in fitting[least]]
    if set(holders) <= set(top):
        return top, set()
    others = [i for i in top if i not in holders][: k - len(holders)]
    keep = sorted({*holders, *others}, key=lambda i: (-score[i], int(ranks[i])))
    return keep, set(holders) - set(top)


_SHOWN: list[tuple[Mapping[str, int], int, IntArray]] = []  # the last few converted


def _shown_by_director(graph: MatchGraph, impressions: Mapping[str, int] | None) -> IntArray | None:
    """Appearances so far by director index, converted once per `impressions` (the exposure
    counter publishes a new mapping with each epoch) and size of the directors' index."""
    if impressions is None:
        return None
    directors = graph.bridge.projects.directors
    for mapping, size, array in _SHOWN:
        if mapping is impressions and size == len(directors):
            return array
    array = np.zeros(len(directors), dtype=np.int64)
    for director, times in impressions.items():
        d = directors.index.get(director)
        if d is not None:
            array[d] = times
    _SHOWN[:] = [*_SHOWN[-3:], (impressions, len(directors), array)]
    return array


def _first_time(graph: MatchGraph, directors: IntArray) -> BoolArray:
    t = graph.bridge.projects
    made = np.asarray(t.wrapped.view(max(1, len(t.directors))), dtype=np.int64)
    return np.asarray((directors >= 0) & (made[np.maximum(directors, 0)] == 0), dtype=np.bool_)


def _fits(graph: MatchGraph, partner_id: str, signals: Signals) -> BoolArray:
    """A project fits the partner when it is in a genre it looks for and at a stage it engages
    at (each when stated)."""
    profile = graph.bridge.profiles.get(partner_id)
    genre = signals.genre > 0 if profile is not None and profile.genres else True
    stage = signals.stage if profile is not None and profile.stages else True
    return np.asarray(np.ones(len(signals.genre), np.bool_) & genre & stage, dtype=np.bool_)
