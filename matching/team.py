"""Whole-team assembly as a min-cost flow: every open role at once, across projects.

source -> role (1) -> member's date-clash group (1) -> sink; each role also has a "leave open"
arc. Fit is the arc cost; the budget enters as a per-project price on money (a Lagrange
multiplier) raised until every project's hires fit its budget, so leaving a role open is
preferred to overspending. A member's roles whose dates overlap share one group of capacity 1,
so nobody is given two jobs at once (roles without dates clash with everything: we cannot tell).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import networkx as nx

from matching.graph import MatchGraph
from matching.graph_tables import OpenRole
from matching.ranker import OnlineModel
from matching.recommend import BUSY_TIER, Match, recommend_crew
from matching.role_context import RoleQuery

SCALE = 1000  # score units -> integer arc costs
MAX_ROUNDS = 8
BISECTIONS = 20


@dataclass(frozen=True)
class Assignment:
    project_id: str
    role_id: str
    member_id: str
    cost: int
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class TeamPlan:
    assignments: tuple[Assignment, ...]
    unfilled: tuple[tuple[str, str], ...]  # (project id, role id)
    spend: Mapping[str, int]


@dataclass(frozen=True)
class _Option:
    project_id: str
    role: OpenRole
    match: Match
    cost: int


def fee(graph: MatchGraph, member_id: str, role: OpenRole) -> int:
    """Day rate times shoot days; unknown rates or dates cost nothing."""
    m = graph.members.index.get(member_id)
    rate = graph.day_rate.get(m, 0) if m is not None else 0
    if not rate or role.start is None or role.end is None:
        return 0
    return rate * ((role.end - role.start).days + 1)


def _clash(a: OpenRole, b: OpenRole) -> bool:
    if a.start is None or a.end is None or b.start is None or b.end is None:
        return True
    return not (a.end < b.start or b.end < a.start)


def _groups(options: Sequence[_Option]) -> dict[int, str]:
    """Per member, connected components of date-overlapping roles -> a group node name."""
    by_member: dict[str, list[int]] = {}
    for i, o in enumerate(options):
        by_member.setdefault(o.match.member_id, []).append(i)
    out: dict[int, str] = {}
    for member, idx in sorted(by_member.items()):
        clashes = nx.Graph()
        clashes.add_nodes_from(idx)
        clashes.add_edges_from(
            (a, b) for a in idx for b in idx if a < b and _clash(options[a].role, options[b].role)
        )
        for component in nx.connected_components(clashes):
            name = f"m:{member}:{min(component)}"
            out.update(dict.fromkeys(component, name))
    return out


def _solve(
    options: Sequence[_Option], roles: Sequence[tuple[str, OpenRole]], price: Mapping[str, float]
) -> dict[tuple[str, str], _Option]:
    best = max((o.match.score for o in options), default=0.0)
    worst = min((o.match.score for o in options), default=0.0)
    leave_open = 10 * (int(SCALE * (best - worst)) + SCALE)  # filling a role comes first
    g = nx.DiGraph()
    for pid, role in roles:
        r = f"r:{pid}:{role.role_id}"
        g.add_edge("source", r, capacity=1, weight=0)
        g.add_edge(r, f"open:{r}", capacity=1, weight=leave_open)
        g.add_edge(f"open:{r}", "sink", capacity=1, weight=0)
    group = _groups(options)
    for i, o in enumerate(options):
        r = f"r:{o.project_id}:{o.role.role_id}"
        weight = int(SCALE * (best - o.match.score) + price[o.project_id] * o.cost)
        g.add_edge(r, f"o:{i}", capacity=1, weight=weight)
        g.add_edge(f"o:{i}", group[i], capacity=1, weight=0)
        g.add_edge(group[i], "sink", capacity=1, weight=0)
    flow = nx.max_flow_min_cost(g, "source", "sink")
    chosen = {}
    for i, o in enumerate(options):
        if flow[f"r:{o.project_id}:{o.role.role_id}"].get(f"o:{i}", 0) > 0:
            chosen[(o.project_id, o.role.role_id)] = o
    return chosen


def assemble_teams(
    graph: MatchGraph,
    budgets: Mapping[str, int | None],
    *,
    per_role: int = 15,
    model: OnlineModel | None = None,
) -> TeamPlan:
    """Fill the open roles of every project in `budgets` (None: no project budget)."""
    roles = [
        (pid, r)
        for pid in sorted(budgets)
        for _, r in sorted(graph.open_roles.get(pid, {}).items())
        if not r.hired
    ]
    options = []
    for pid, role in roles:
        for match in recommend_crew(
            graph, RoleQuery.for_open_role(graph, pid, role.role_id), k=per_role, model=model
        ):
            cost = fee(graph, match.member_id, role)
            if match.score <= -BUSY_TIER / 2 or (role.budget and cost > role.budget):
                continue
            options.append(_Option(pid, role, match, cost))
    price = {pid: 0.0 for pid in budgets}
    chosen = _solve(options, roles, price)
    for _ in range(MAX_ROUNDS):
        spend = _spend(chosen, budgets)
        over = [pid for pid, b in sorted(budgets.items()) if b is not None and spend[pid] > b]
        if not over:
            break
        for pid in over:
            chosen = _lowest_feasible_price(options, roles, price, pid, budgets)
    chosen = _trim(chosen, budgets)  # a no-op unless the prices never settled
    assignments = []
    for (pid, rid), o in sorted(chosen.items()):
        why = list(o.match.reasons)
        if o.cost:
            limit = o.role.budget or budgets.get(pid)
            why.append(f"fee ₩{o.cost:,}" + (f" within ₩{limit:,}" if limit else ""))
        assignments.append(
            Assignment(pid, rid, o.match.member_id, o.cost, o.match.score, tuple(why))
        )
    unfilled = tuple((pid, r.role_id) for pid, r in roles if (pid, r.role_id) not in chosen)
    return TeamPlan(tuple(assignments), unfilled, _spend(chosen, budgets))


def assemble_team(
    graph: MatchGraph,
    project_id: str,
    *,
    budget: int | None = None,
    per_role: int = 15,
    model: OnlineModel | None = None,
) -> TeamPlan:
    return assemble_teams(graph, {project_id: budget}, per_role=per_role, model=model)


def _lowest_feasible_price(
    options: Sequence[_Option],
    roles: Sequence[tuple[str, OpenRole]],
    price: dict[str, float],
    pid: str,
    budgets: Mapping[str, int | None],
) -> dict[tuple[str, str], _Option]:
    """Raise `pid`'s price on money just enough (bisection) for its hires to fit its budget."""
    budget = budgets[pid] or 0

    def fits(value: float) -> tuple[bool, dict[tuple[str, str], _Option]]:
        price[pid] = value
        chosen = _solve(options, roles, price)
        return _spend(chosen, budgets)[pid] <= budget, chosen

    lo = price[pid]
    hi = max(lo * 2, SCALE / max(1, sum(o.cost for o in options if o.project_id == pid)))
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
    price[pid] = hi
    return best


def _spend(
    chosen: Mapping[tuple[str, str], _Option], budgets: Mapping[str, int | None]
) -> dict[str, int]:
    spend = dict.fromkeys(budgets, 0)
    for (pid, _), o in chosen.items():
        spend[pid] += o.cost
    return spend


def _trim(
    chosen: dict[tuple[str, str], _Option], budgets: Mapping[str, int | None]
) -> dict[tuple[str, str], _Option]:
    out = dict(chosen)
    for pid, b in budgets.items():
        if b is None:
            continue
        mine = sorted((k for k in out if k[0] == pid), key=lambda k: (-out[k].cost, k))
        while mine and sum(out[k].cost for k in out if k[0] == pid) > b:
            del out[mine.pop(0)]
    return out


def shoot_days(start: date, end: date) -> int:
    return (end - start).days + 1
