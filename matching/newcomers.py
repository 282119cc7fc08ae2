"""Who is a newcomer, and the exposure rule that keeps newcomers from being starved by a few
popular members: one slot in five of a recommendation goes to a newcomer when one fits, and
among those who fit, to the one shown least so far, so that they take turns.

This is the one definition: the matcher, the exposure counters and the dashboard all use it.

A member's films are the distinct works they hold a credit on, as the graph knows them when
asked: credits they claimed on their profile, credits verified when a Film House project
wrapped (a director's, when their project wrapped), and every credit of the offline film data.
A hire onto a project that has not wrapped, or the project a director is pitching, is not a
film yet. A newcomer has fewer than NEWCOMER_FILMS films.

A newcomer fits a role when free on its dates and above the fitness floor: holding one of the
role's skills (claimed at FIT_LEVEL or more, or certified in it; endorsed by others alone is
not holding it). A role that names no skill asks none.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import numpy as np
import numpy.typing as npt

from matching.graph import MatchGraph
from matching.graph_tables import SkillState

NEWCOMER_FILMS = 2  # fewer films than this makes a member a newcomer
ONE_SLOT_IN = 5  # newcomers are promised k // ONE_SLOT_IN of k slots
FIT_LEVEL = 1  # the fitness floor: the least claimed level (of 5) of one of the role's skills

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


def above_floor(state: SkillState | None) -> bool:
    """Whether a holding of one of a role's skills clears the fitness floor."""
    return state is not None and (bool(state.certified) or state.level >= FIT_LEVEL)


def fits_skills(graph: MatchGraph, m: int, skills: tuple[str, ...]) -> bool:
    """Whether member m (graph index) clears the fitness floor for a role needing `skills`."""
    return not skills or any(above_floor(graph.skills.get(s, {}).get(m)) for s in skills)


def newcomer_slots(
    graph: MatchGraph,
    members: list[int],
    order: IntArray,
    newcomer: BoolArray,
    k: int,
    skills: tuple[str, ...],
    start: date | None,
    end: date | None,
    impressions: Mapping[str, int] | None,
) -> list[int]:
    """`with_newcomers` for these candidates (graph indices, ranked by `order`) of a role
    needing `skills` from start to end; `impressions`: appearances so far, by member id. Fit
    and appearances are asked of newcomers only: no one else moves."""
    fits = np.zeros(len(members), dtype=np.bool_)
    shown = None if impressions is None else np.zeros(len(members), dtype=np.int64)
    for j in np.flatnonzero(newcomer).tolist():
        c = members[j]
        fits[j] = fits_skills(graph, c, skills) and graph.is_free(c, start, end)
        if shown is not None and impressions is not None:
            shown[j] = impressions.get(graph.members.ids[c], 0)
    return with_newcomers(order, newcomer, fits, k, shown)


def with_newcomers(
    order: IntArray, newcomer: BoolArray, fits: BoolArray, k: int, shown: IntArray | None = None
) -> list[int]:
    """The k positions (into `order`'s candidates) to show: the top k, except for the
    k // ONE_SLOT_IN newcomers' slots. They go to the newcomers who fit the role, the least
    shown first (`shown`: appearances so far, by position), ties by rank; without `shown`, the
    best-ranked. Those not already in the top k replace its lowest-ranked others, and all keep
    score order. A newcomer who does not fit is never promoted, nor counted as holding a slot;
    one in the top k on their own score keeps their place."""
    top = [int(i) for i in order[:k]]
    quota = k // ONE_SLOT_IN
    if len(top) < k or not quota:
        return top
    fitting = order[newcomer[order] & fits[order]]  # in rank order
    if shown is not None:
        fitting = fitting[np.argsort(shown[fitting], kind="stable")]
    holders = [int(i) for i in fitting[:quota]]
    if set(holders) <= set(top):
        return top
    others = [i for i in top if i not in holders]
    keep = set(holders) | set(others[: k - len(holders)])
    return [int(i) for i in order if int(i) in keep]
