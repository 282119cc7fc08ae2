"""Candidate pools of a role query that the graph walk does not find: the best holders of the
role's skills, the best newcomers among them who are free on the role's dates (so the exposure
rule always has a newcomer to promote when one fits, however many established holders rank
above them), and the fitting newcomers shown least so far (so the rule can give them their
turn, however many better holders are newcomers too)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import numpy as np

from matching.graph import MatchGraph
from matching.newcomers import FIT_LEVEL, newcomer_mask


def skill_holders(
    graph: MatchGraph,
    skills: tuple[str, ...],
    n: int,
    *,
    newcomers: bool = False,
    fitting: bool = False,
) -> list[int]:
    """Up to n holders of the skills (only newcomers, if asked; only holdings above the
    fitness floor, if asked): certified first, then level and endorsements, ties by index."""
    tables = [graph.skill_tables[s].table.view() for s in skills if s in graph.skill_tables]
    if not tables:
        return []
    t = np.concatenate(tables)  # member, certified, level, endorsements
    if newcomers:
        t = t[newcomer_mask(graph, t[:, 0])]
    if fitting:  # as matching.newcomers.above_floor
        t = t[(t[:, 1] > 0) | (t[:, 2] >= FIT_LEVEL)]
    if len(tables) > 1:  # each member's best holding of any of the skills
        t = t[np.lexsort((-t[:, 3], -t[:, 2], -t[:, 1], t[:, 0]))]
        t = t[np.r_[True, t[1:, 0] != t[:-1, 0]]]
    order = np.lexsort((t[:, 0], -t[:, 3], -t[:, 2], -t[:, 1]))[:n]
    return [int(m) for m in t[order, 0]]


def free_newcomers(
    graph: MatchGraph, skills: tuple[str, ...], start: date | None, end: date | None, n: int
) -> list[int]:
    """The n best newcomers holding the skills who are free from start to end."""
    found: list[int] = []
    for c in skill_holders(graph, skills, len(graph.members), newcomers=True):
        if len(found) == n:
            break
        if graph.is_free(c, start, end):
            found.append(c)
    return found


def least_shown_newcomers(
    graph: MatchGraph,
    skills: tuple[str, ...],
    start: date | None,
    end: date | None,
    n: int,
    shown: Mapping[str, int],
) -> list[int]:
    """The n newcomers above the fitness floor for the skills, free from start to end, shown
    least so far (`shown`: appearances by member id), ties as `skill_holders` orders them."""
    holders = skill_holders(graph, skills, len(graph.members), newcomers=True, fitting=True)
    ids = graph.members.ids
    times = np.fromiter((shown.get(ids[c], 0) for c in holders), np.int64, len(holders))
    found: list[int] = []
    for i in np.argsort(times, kind="stable").tolist():
        if len(found) == n:
            break
        if graph.is_free(holders[i], start, end):
            found.append(holders[i])
    return found


def newcomer_pool(
    graph: MatchGraph,
    skills: tuple[str, ...],
    start: date | None,
    end: date | None,
    n: int,
    shown: Mapping[str, int] | None,
) -> set[int]:
    """The newcomers the exposure rule may need: the n best free holders of the skills, and
    when their appearances are known, the n fitting ones shown least."""
    found = set(free_newcomers(graph, skills, start, end, n))
    if shown is not None:
        found |= set(least_shown_newcomers(graph, skills, start, end, n, shown))
    return found
