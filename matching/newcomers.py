"""Who is a newcomer, and the exposure rule that keeps newcomers from being starved by a few
popular members: one slot in five of a recommendation goes to a newcomer when one fits.

This is the one definition: the matcher, the exposure counters and the dashboard all use it.

A member's films are the distinct works they hold a credit on, as the graph knows them when
asked: credits they claimed on their profile, credits verified when a Film House project
wrapped (a director's, when their project wrapped), and every credit of the offline film data.
A hire onto a project that has not wrapped, or the project a director is pitching, is not a
film yet. A newcomer has fewer than NEWCOMER_FILMS films.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from matching.graph import MatchGraph

NEWCOMER_FILMS = 2  # fewer films than this makes a member a newcomer
ONE_SLOT_IN = 5  # newcomers are promised k // ONE_SLOT_IN of k slots

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def films(graph: MatchGraph, member_id: str) -> int:
    m = graph.members.index.get(member_id)
    return 0 if m is None else len(graph.credited.get(m, ()))


def films_in_role(graph: MatchGraph, m: int, role: str) -> int:
    """How many of the member's films (graph index m) credit them in the role."""
    credited = graph.credited.get(m, set())
    if len(credited) == len(graph.films.get(m, ())):  # every work of theirs is a film
        return len(graph.role_years.get(m, {}).get(role, []))
    return sum(1 for p in credited if role in graph.crew.get(p, {}).get(m, ()))


def is_newcomer(graph: MatchGraph, member_id: str) -> bool:
    return films(graph, member_id) < NEWCOMER_FILMS


def newcomer_mask(graph: MatchGraph, members: IntArray) -> BoolArray:
    """Which of these members (graph indices) are newcomers, in numpy."""
    counts = graph.film_counts
    inside = members < len(counts)
    held = np.where(inside, counts[np.where(inside, members, 0)], 0)
    return np.asarray(held < NEWCOMER_FILMS, dtype=np.bool_)


def with_newcomers(order: IntArray, newcomer: BoolArray, fits: BoolArray, k: int) -> list[int]:
    """The k positions (into `order`'s candidates) to show: the top k, except that when fewer
    than k // ONE_SLOT_IN of them are newcomers who fit the role (free on its dates), the
    best-ranked newcomers who fit from further down replace the lowest-ranked others, keeping
    score order. A busy newcomer is never promoted, nor counted as holding a newcomer's slot."""
    top = [int(i) for i in order[:k]]
    quota = k // ONE_SLOT_IN
    placed = [i for i in top if newcomer[i] and fits[i]]
    if len(placed) >= quota or len(top) < k:
        return top
    rest = order[k:]
    extra = [int(i) for i in rest[newcomer[rest] & fits[rest]][: quota - len(placed)]]
    if not extra:
        return top
    others = [i for i in top if i not in placed]
    keep = set(placed) | set(others[: k - len(placed) - len(extra)]) | set(extra)
    return [i for i in top + extra if i in keep]
