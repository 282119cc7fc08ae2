"""How near a candidate is to a project's side (its directors and hired crew) on the credits
graph: repeat collaborations, in the role and lately, and common neighbours walked to members
who hold a credit in the role (common neighbours, Adamic-Adar, resource allocation)."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import numpy.typing as npt

from matching.graph import MatchGraph

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# Bounds on the common-neighbour walk, so prolific members cannot blow the latency: at most
# graph.STRONGEST of a member's coworkers (most shared films first) and WALK_BUDGET steps per
# query.
WALK_BUDGET = 10_000
DECAY_YEARS = 5.0  # as in features.DECAY_YEARS


def name_of(graph: MatchGraph, kind: str, ident: str) -> str:
    attrs = graph.nx.nodes.get((kind, ident), {})
    return str(attrs.get("name") or attrs.get("title") or ident)


def _lookup(keys: IntArray, values: FloatArray, wanted: IntArray) -> FloatArray:
    """values[keys == w] for each w in wanted (keys sorted and unique), 0.0 where absent."""
    if not len(keys):
        return np.zeros(len(wanted))
    pos = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return np.where(keys[pos] == wanted, values[pos], 0.0)


def _sums(ids: list[IntArray], *weights: FloatArray) -> tuple[IntArray, list[FloatArray]]:
    """Per distinct id (sorted), the sum of each weight column. np.bincount adds in input
    order, so each sum is the same float as adding the contributions one by one in walk order."""
    if not ids:
        return np.zeros(0, dtype=np.int64), [np.zeros(0) for _ in weights]
    keys, inverse = np.unique(np.concatenate(ids), return_inverse=True)
    return keys, [np.bincount(inverse, w, len(keys)).astype(np.float64) for w in weights]


class Proximity:
    """Graph features of candidates relative to the query side (directors + hired crew).

    The walk visits the same films and coworkers in the same order as a member-by-member walk
    would, but gathers each step's members as cached arrays and sums them in numpy.
    """

    def __init__(self, graph: MatchGraph, side: dict[int, float], role: str, as_of: int) -> None:
        self.side = side
        crew: list[IntArray] = []  # crew of the side's films, but the side member
        in_role: list[IntArray] = []  # those of them credited in the role on that film
        crew_w: list[float] = []  # per side member
        role_w: list[FloatArray] = []  # (side weight, side weight x film decay) per member
        walk: list[IntArray] = []  # reach of each coworker walked
        walk_w: list[tuple[float, float, float]] = []  # cn, aa, ra weight per coworker walked
        budget = WALK_BUDGET
        for s, w in sorted(side.items(), key=lambda sw: (-sw[1], sw[0])):
            members, mask, years = graph.films_crew(s, role)
            crew.append(members)
            crew_w.append(w)
            in_role.append(members[mask])
            when, film = np.unique(years[mask], return_inverse=True)
            decay = [w * math.exp(-(as_of - int(y)) / DECAY_YEARS) for y in when]
            recent = np.array(decay, dtype=np.float64)[film]
            role_w.append(np.column_stack([np.full(len(recent), w), recent]))
            # common neighbours, walked only to members who hold a credit in the role
            for z in graph.strongest(s):
                reach = graph.reach(z, role)
                if not len(reach) or budget <= 0:
                    continue
                budget -= len(reach)
                deg = len(graph.coworkers[z])
                walk.append(reach)
                walk_w.append((w, w / math.log(deg) if deg > 1 else 0.0, w / deg))
        self.crew_keys, (self.repeat,) = _sums(crew, np.repeat(crew_w, [len(c) for c in crew]))
        by_role = np.concatenate(role_w) if role_w else np.zeros((0, 2))
        self.role_keys, (self.in_role, self.in_role_recent) = _sums(in_role, *by_role.T)
        per_step = np.repeat(np.array(walk_w).reshape(-1, 3), [len(r) for r in walk], axis=0)
        self.walk_keys, (self.cn, self.aa, self.ra) = _sums(walk, *per_step.T)

    def closest(self, n: int) -> list[int]:
        """The n candidates the graph puts nearest (role repeats, then resource allocation,
        then index)."""
        side = np.fromiter(self.side, np.int64, len(self.side))
        ahead = self.role_keys[(self.in_role_recent > 0) & ~np.isin(self.role_keys, side)]
        if len(ahead) < n:  # the rest by resource allocation alone: only the best few matter
            rest = np.setdiff1d(np.union1d(self.role_keys, self.walk_keys), ahead)
            rest = rest[~np.isin(rest, side)]
            ra = _lookup(self.walk_keys, self.ra, rest)
            want = n - len(ahead)
            if len(rest) > want:  # keep every tie of the last one in
                rest = rest[ra >= np.partition(ra, len(ra) - want)[len(ra) - want]]
            ahead = np.concatenate([ahead, rest])
        recent = _lookup(self.role_keys, self.in_role_recent, ahead)
        ra = _lookup(self.walk_keys, self.ra, ahead)
        return [int(c) for c in ahead[np.lexsort((ahead, -ra, -recent))[:n]]]

    def features(self, members: IntArray) -> list[FloatArray]:
        """repeat, repeat_in_role, repeat_in_role_recent, common_neighbours, adamic_adar,
        resource_allocation of each member."""
        return [
            _lookup(self.crew_keys, self.repeat, members),
            _lookup(self.role_keys, self.in_role, members),
            _lookup(self.role_keys, self.in_role_recent, members),
            _lookup(self.walk_keys, self.cn, members),
            _lookup(self.walk_keys, self.aa, members),
            _lookup(self.walk_keys, self.ra, members),
        ]

    def reasons(self, graph: MatchGraph, c: int) -> list[str]:
        best: tuple[int, int, int] | None = None  # (year, -member, -project)
        for s in self.side:
            for p in graph.films.get(s, set()) & graph.films.get(c, set()):
                key = (graph.project_year.get(p, 0), -s, -p)
                if best is None or key > best:
                    best = key
        if best is not None:
            who = name_of(graph, "member", graph.members.ids[-best[1]])
            what = name_of(graph, "project", graph.projects.ids[-best[2]])
            return [f"worked with {who} on {what}"]
        mine = graph.coworkers.get(c, Counter()).keys()
        vias = [
            (1.0 / len(graph.coworkers[z]), -z)
            for s in self.side
            for z in graph.coworkers.get(s, Counter()).keys() & mine
        ]
        if vias:
            who = name_of(graph, "member", graph.members.ids[-max(vias)[1]])
            return [f"worked with {who}, who is close to this project"]
        return []
