"""Candidate pools of a role query that the graph walk does not find: the best holders of the
role's skills, and the best newcomers among them who are free on the role's dates (so the
exposure rule always has a newcomer to promote when one fits, however many established holders
rank above them)."""

from __future__ import annotations

from datetime import date

import numpy as np

from matching.graph import MatchGraph
from matching.newcomers import newcomer_mask


def skill_holders(
    graph: MatchGraph, skills: tuple[str, ...], n: int, *, newcomers: bool = False
) -> list[int]:
    """Up to n holders of the skills (only newcomers, if asked): certified first, then level
    and endorsements, ties by index."""
    tables = [graph.skill_tables[s].table.view() for s in skills if s in graph.skill_tables]
    if not tables:
        return []
    t = np.concatenate(tables)  # member, certified, level, endorsements
    if newcomers:
        t = t[newcomer_mask(graph, t[:, 0])]
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
