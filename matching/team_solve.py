"""Solving a team: which candidate takes which seat, as a min-cost flow (several projects at
once) or, for one project, an assignment problem; and the prices on money that keep the picks
within their budgets (matching/team.py says what the costs and budgets are)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
from scipy.optimize import linear_sum_assignment

from matching.graph_tables import OpenRole
from matching.recommend import Match

SCALE = 1000  # score units -> integer arc costs
MAX_ROUNDS = 8
BISECTIONS = 20
UNSTATED_PENALTY = 0.5  # score units: a paid role prefers a known rate that fits to none stated

Seats = Sequence[tuple[str, str, int]]  # (project id, role key, open seats)


@dataclass(frozen=True)
class Option:
    """One member as a candidate for one role: their fit, their cost, the budgets it counts
    against."""

    project_id: str
    role: OpenRole
    match: Match
    cost: int
    unstated: bool
    budgets: tuple[str, ...]  # the budgets its cost counts against


def _clash(a: OpenRole, b: OpenRole) -> bool:
    if a.start is None or a.end is None or b.start is None or b.end is None:
        return True
    return not (a.end < b.start or b.end < a.start)


def _together(a: Option, b: Option) -> bool:
    """Two candidacies of one member that cannot both be taken."""
    return a.project_id == b.project_id or _clash(a.role, b.role)


def _groups(options: Sequence[Option]) -> dict[int, str]:
    """Per member, connected components of candidacies that exclude each other -> a group."""
    by_member: dict[str, list[int]] = {}
    for i, o in enumerate(options):
        by_member.setdefault(o.match.member_id, []).append(i)
    out: dict[int, str] = {}
    for member, idx in sorted(by_member.items()):
        excluding = nx.Graph()
        excluding.add_nodes_from(idx)
        excluding.add_edges_from(
            (a, b) for a in idx for b in idx if a < b and _together(options[a], options[b])
        )
        for component in nx.connected_components(excluding):
            name = f"m:{member}:{min(component)}"
            out.update(dict.fromkeys(component, name))
    return out


def role_key(pid: str, role: OpenRole) -> str:
    return f"r:{pid}:{role.role_id}"


def _weights(options: Sequence[Option], price: Mapping[str, float]) -> tuple[list[int], int]:
    """Each candidacy's arc cost (fit, then money at the budgets' prices), and the cost of
    leaving a seat open, dearer than any candidacy so that filling comes first."""
    best = max((o.match.score for o in options), default=0.0)
    worst = min((o.match.score for o in options), default=0.0)
    leave_open = 10 * (int(SCALE * (best - worst + UNSTATED_PENALTY)) + SCALE)
    weights = []
    for o in options:
        fit = best - o.match.score + (UNSTATED_PENALTY if o.unstated else 0.0)
        money = sum(price.get(b, 0.0) for b in o.budgets) * o.cost
        weights.append(int(SCALE * fit + money))
    return weights, leave_open


def _solve(
    options: Sequence[Option], seats: Seats, price: Mapping[str, float]
) -> dict[int, Option]:
    if not seats:
        return {}
    if len({pid for pid, _, _ in seats}) == 1:
        return _solve_one_project(options, seats, price)
    weights, leave_open = _weights(options, price)
    g = nx.DiGraph()
    for _pid, r, n in seats:
        g.add_edge("source", r, capacity=n, weight=0)
        g.add_edge(r, f"open:{r}", capacity=n, weight=leave_open)
        g.add_edge(f"open:{r}", "sink", capacity=n, weight=0)
    group = _groups(options)
    for i, o in enumerate(options):
        r = role_key(o.project_id, o.role)
        g.add_edge(r, f"o:{i}", capacity=1, weight=weights[i])
        g.add_edge(f"o:{i}", group[i], capacity=1, weight=0)
        g.add_edge(group[i], "sink", capacity=1, weight=0)
    flow = nx.max_flow_min_cost(g, "source", "sink")
    return {
        i: o
        for i, o in enumerate(options)
        if flow[role_key(o.project_id, o.role)].get(f"o:{i}", 0) > 0
    }


def _solve_one_project(
    options: Sequence[Option], seats: Seats, price: Mapping[str, float]
) -> dict[int, Option]:
    """The same flow for one project, where a member's candidacies all exclude each other (one
    role per member per project): an assignment of seats to members or to "left open", solved
    by scipy's Hungarian method in C (the flow's answer, a hundred times sooner)."""
    weights, leave_open = _weights(options, price)
    rows_of = [r for _pid, r, n in seats for _ in range(n)]
    members = sorted({o.match.member_id for o in options})
    column = {m: n for n, m in enumerate(members)}
    cost = np.full((len(rows_of), len(members) + len(rows_of)), float(10 * leave_open))
    cost[:, len(members) :] = leave_open
    at: dict[tuple[str, int], int] = {}  # (role, member column) -> candidacy
    rows: dict[str, list[int]] = {}
    for n, key in enumerate(rows_of):
        rows.setdefault(key, []).append(n)
    for i, o in enumerate(options):
        key, c = role_key(o.project_id, o.role), column[o.match.member_id]
        if (key, c) not in at or weights[i] < weights[at[(key, c)]]:
            at[(key, c)] = i
            cost[rows[key], c] = weights[i]
    seat_rows, member_columns = linear_sum_assignment(cost)
    chosen = {}
    for n, c in zip(seat_rows.tolist(), member_columns.tolist(), strict=True):
        picked = at.get((rows_of[n], c))
        if c < len(members) and picked is not None:
            chosen[picked] = options[picked]
    return chosen


def _spend(chosen: Mapping[int, Option], limits: Mapping[str, int]) -> dict[str, int]:
    spend = dict.fromkeys(limits, 0)
    for o in chosen.values():
        for b in o.budgets:
            spend[b] += o.cost
    return spend


def _over(chosen: Mapping[int, Option], limits: Mapping[str, int]) -> list[str]:
    spend = _spend(chosen, limits)
    return [b for b in sorted(limits) if spend[b] > limits[b]]


def priced(options: Sequence[Option], seats: Seats, limits: Mapping[str, int]) -> dict[int, Option]:
    """The cheapest-fit solution whose picks keep within every budget: each budget's price on
    money is raised (by bisection) just enough for its picks to fit."""
    price = dict.fromkeys(limits, 0.0)
    chosen = _solve(options, seats, price)
    for _ in range(MAX_ROUNDS):
        over = _over(chosen, limits)
        if not over:
            break
        for key in over:
            chosen = _lowest_feasible_price(options, seats, price, key, limits)
    return _trim(chosen, limits)  # a no-op unless the prices never settled


def _lowest_feasible_price(
    options: Sequence[Option],
    seats: Seats,
    price: dict[str, float],
    key: str,
    limits: Mapping[str, int],
) -> dict[int, Option]:
    def fits(value: float) -> tuple[bool, dict[int, Option]]:
        price[key] = value
        chosen = _solve(options, seats, price)
        return _spend(chosen, limits)[key] <= limits[key], chosen

    lo = price[key]
    total = sum(o.cost for o in options if key in o.budgets)
    hi = max(lo * 2, SCALE / max(1, total))
    ok, best = fits(hi)
    while not ok:
        lo, hi = hi, hi * 4
        ok, best = fits(hi)
    for _ in range(BISECTIONS):
        mid = (lo + hi) / 2
        ok, chosen = fits(mid)
        if ok:
            hi, best = mid, chosen
        else:
            lo = mid
    price[key] = hi
    return best


def _trim(chosen: dict[int, Option], limits: Mapping[str, int]) -> dict[int, Option]:
    out = dict(chosen)
    for key in _over(out, limits):
        mine = sorted((i for i in out if key in out[i].budgets), key=lambda i: (-out[i].cost, i))
        while mine and _spend(out, limits)[key] > limits[key]:
            del out[mine.pop(0)]
    return out
