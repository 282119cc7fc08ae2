"""Whole-team assembly as a min-cost flow: every open seat of every role at once, across
projects, each pick with its reasons, each seat left open with why.

source -> role (its open seats) -> candidate -> the member's group (1) -> sink; each role also
has a "leave open" arc. Fit is the arc cost. A member's candidacies on one project share a
group (a member holds one role per project), and so do their candidacies whose dates overlap
on different projects (roles without dates clash with everything: we cannot tell), so nobody
is given two jobs at once. For one project this is an assignment of seats to members or to
"left open" (matching/team_solve.py solves both).

Money. A role's cost is the member's day rate times its working days: every calendar day from
the role's first day to its last, both included (shoots work weekends, so there is no
Monday-to-Friday rule). Unpaid roles cost nothing and ignore rates. A paid role's budget (0:
not set) is what the project pays for that role in all; a project may also have a budget for
all its hires. A member who has stated no rate costs nothing we can count: they are proposed for
a paid role only with `rate_not_stated` set, after those whose rate is known and fits. Budgets
enter as a price on money per budget (a Lagrange multiplier) raised until the picks fit, so
leaving a seat open is preferred to overspending.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from matching.graph import MatchGraph
from matching.graph_tables import OpenRole
from matching.ranker import OnlineModel, default_model
from matching.recommend import BUSY_TIER, recommend_crew
from matching.role_context import RoleQuery
from matching.team_solve import Option, priced, role_key

# Why a seat is left open (codes; the web says them in words, with the params).
NO_ONE_SKILLED = "no_one_skilled"  # nobody holds the role's skills or has worked in the role
EVERYONE_BUSY = "everyone_busy"  # everyone who fits is booked or away on those dates
OVER_BUDGET = "over_budget"  # everyone free costs more than the role's budget
PROJECT_BUDGET = "project_budget"  # the project's budget is spent on the other picks
TAKEN = "taken"  # everyone free and within budget is already proposed (here or elsewhere)


@dataclass(frozen=True)
class RoleTerms:
    """What the project says about a role beyond the graph: paid or not, its budget (0: not
    set) and how many seats are still open."""

    paid: bool
    budget: int = 0
    seats: int = 1


@dataclass(frozen=True)
class Assignment:
    project_id: str
    role_id: str
    member_id: str
    cost: int  # day rate x working days; 0 for an unpaid role or a rate not stated
    score: float
    reasons: tuple[str, ...]  # the recommender's reasons (matching.recommend)
    days: int = 0  # working days in the role's dates
    day_rate: int = 0  # as the member stated it (0: not stated)
    paid: bool = False
    budget: int = 0  # the role's budget (0: not set)
    rate_not_stated: bool = False  # a paid role, and the member has stated no day rate


@dataclass(frozen=True)
class Unfilled:
    project_id: str
    role_id: str
    code: str
    params: Mapping[str, int | str] = field(default_factory=dict)
    seats: int = 1  # how many of the role's seats stay open


@dataclass(frozen=True)
class TeamPlan:
    assignments: tuple[Assignment, ...]
    unfilled: tuple[Unfilled, ...]
    spend: Mapping[str, int]  # by project


def working_days(start: date | None, end: date | None) -> int:
    """Every day from the first to the last, both included (0 when the dates are unknown)."""
    if start is None or end is None:
        return 0
    return (end - start).days + 1


def day_rate(graph: MatchGraph, member_id: str) -> int:
    m = graph.members.index.get(member_id)
    return graph.day_rate.get(m, 0) if m is not None else 0


def fee(graph: MatchGraph, member_id: str, role: OpenRole, *, paid: bool = True) -> int:
    """Day rate times working days; an unpaid role, an unknown rate or unknown dates: 0."""
    if not paid:
        return 0
    return day_rate(graph, member_id) * working_days(role.start, role.end)


def _qualified(graph: MatchGraph, member_id: str, role: OpenRole) -> bool:
    """Holds one of the role's skills, or has worked in the role (a role without skills: all)."""
    if not role.skills:
        return True
    m = graph.members.index.get(member_id)
    if m is None:
        return False
    if any(m in graph.skills.get(skill, {}) for skill in role.skills):
        return True
    return role.role in graph.crew_roles.get(m, set())


@dataclass(frozen=True)
class _Candidates:
    """Every candidate the recommender found for a role, sorted into why they could or could
    not be picked."""

    options: tuple[Option, ...]  # free, qualified and within the role's budget
    qualified: int
    free: int
    cheapest: int  # the lowest cost among the free whom the role's budget leaves out


def _candidates(
    graph: MatchGraph,
    pid: str,
    role: OpenRole,
    terms: RoleTerms,
    busy: Collection[str],
    project_budget: int | None,
    per_role: int,
    model: OnlineModel | None,
) -> _Candidates:
    found = recommend_crew(
        graph, RoleQuery.for_open_role(graph, pid, role.role_id), k=per_role, model=model
    )
    budgets = tuple(
        [f"r:{pid}:{role.role_id}"] * bool(terms.paid and terms.budget)
        + [f"p:{pid}"] * (project_budget is not None)
    )
    qualified = [m for m in found if _qualified(graph, m.member_id, role)]
    free = [m for m in qualified if m.score > -BUSY_TIER / 2 and m.member_id not in busy]
    options, costs = [], []
    for match in free:
        cost = fee(graph, match.member_id, role, paid=terms.paid)
        unstated = terms.paid and day_rate(graph, match.member_id) == 0
        if terms.paid and terms.budget and cost > terms.budget:
            costs.append(cost)
            continue
        options.append(Option(pid, role, match, cost, unstated, budgets))
    return _Candidates(tuple(options), len(qualified), len(free), min(costs, default=0))


def assemble_teams(
    graph: MatchGraph,
    budgets: Mapping[str, int | None],
    *,
    per_role: int = 15,
    model: OnlineModel | None = None,
    terms: Mapping[tuple[str, str], RoleTerms] | None = None,
    busy: Mapping[str, Collection[str]] | None = None,
) -> TeamPlan:
    """Fill the open roles of every project in `budgets` (a project's budget for all its
    picks; None: none). `terms`: each role's pay, budget and open seats by (project, role)
    (default: paid when the graph knows a budget for it, one seat); `busy`: members known to be
    unavailable for a project (e.g. hired elsewhere on its dates), by project."""
    terms = terms or {}
    model = model or default_model()  # read once, not once per role
    # projects whose roles the caller lists: any other role the graph holds for them is gone
    described = {pid for pid, _ in terms}
    roles = []
    for pid in sorted(budgets):
        for _, r in sorted(graph.open_roles.get(pid, {}).items()):
            given = terms.get((pid, r.role_id))
            if given is not None and given.seats > 0:
                roles.append((pid, r, given))
            elif pid not in described and not r.hired:
                roles.append((pid, r, RoleTerms(paid=r.budget > 0, budget=r.budget)))
    found = {
        (pid, r.role_id): _candidates(
            graph, pid, r, t, (busy or {}).get(pid, ()), budgets[pid], per_role, model
        )
        for pid, r, t in roles
    }
    options = [o for c in found.values() for o in c.options]
    limits = {f"p:{pid}": b for pid, b in budgets.items() if b is not None}
    limits |= {f"r:{pid}:{r.role_id}": t.budget for pid, r, t in roles if t.paid and t.budget}
    seats = [(pid, role_key(pid, r), t.seats) for pid, r, t in roles]
    chosen = priced(options, seats, limits)
    assignments = [_assignment(graph, o, terms_of(roles, o)) for o in chosen.values()]
    assignments.sort(key=lambda a: (a.project_id, a.role_id, -a.score, a.member_id))
    picked = {o.match.member_id for o in chosen.values()}
    unfilled = []
    for pid, r, t in roles:
        key = (pid, r.role_id)
        filled = sum(1 for o in chosen.values() if (o.project_id, o.role.role_id) == key)
        if filled < t.seats:
            spent = sum(o.cost for o in chosen.values() if (o.project_id, o.role.role_id) == key)
            why = _why(found[key], r, t, picked, spent, budgets[pid])
            unfilled.append(Unfilled(pid, r.role_id, why[0], why[1], t.seats - filled))
    spend = {pid: sum(o.cost for o in chosen.values() if o.project_id == pid) for pid in budgets}
    return TeamPlan(tuple(assignments), tuple(unfilled), spend)


def terms_of(roles: Sequence[tuple[str, OpenRole, RoleTerms]], o: Option) -> RoleTerms:
    return next(t for pid, r, t in roles if (pid, r.role_id) == (o.project_id, o.role.role_id))


def _assignment(graph: MatchGraph, o: Option, terms: RoleTerms) -> Assignment:
    return Assignment(
        o.project_id,
        o.role.role_id,
        o.match.member_id,
        o.cost,
        o.match.score,
        o.match.reasons,
        days=working_days(o.role.start, o.role.end),
        day_rate=day_rate(graph, o.match.member_id),
        paid=terms.paid,
        budget=terms.budget if terms.paid else 0,
        rate_not_stated=o.unstated,
    )


def _why(
    c: _Candidates,
    role: OpenRole,
    terms: RoleTerms,
    picked: set[str],
    spent: int,
    project_budget: int | None,
) -> tuple[str, dict[str, int | str]]:
    """The first reason, in this order, that no one more could be picked for the role."""
    if not c.qualified:
        return NO_ONE_SKILLED, {"role": role.role, "skills": ", ".join(role.skills)}
    if not c.free:
        dates: dict[str, int | str] = {"candidates": c.qualified}
        if role.start is not None and role.end is not None:
            dates |= {"start": role.start.isoformat(), "end": role.end.isoformat()}
        return EVERYONE_BUSY, dates
    if not c.options:
        return OVER_BUDGET, {"budget": terms.budget, "cheapest": c.cheapest, "spent": 0}
    left = [o for o in c.options if o.match.member_id not in picked]
    if left and terms.budget and all(spent + o.cost > terms.budget for o in left):
        cheapest = min(o.cost for o in left)
        return OVER_BUDGET, {"budget": terms.budget, "cheapest": cheapest, "spent": spent}
    if left and project_budget is not None:
        return PROJECT_BUDGET, {"budget": project_budget}
    return TAKEN, {"candidates": len(c.options)}


def assemble_team(
    graph: MatchGraph,
    project_id: str,
    *,
    budget: int | None = None,
    per_role: int = 15,
    model: OnlineModel | None = None,
    terms: Mapping[str, RoleTerms] | None = None,
    busy: Collection[str] = (),
) -> TeamPlan:
    """One project's team: `terms` by role id, `busy` the members unavailable for it."""
    return assemble_teams(
        graph,
        {project_id: budget},
        per_role=per_role,
        model=model,
        terms={(project_id, rid): t for rid, t in (terms or {}).items()},
        busy={project_id: busy},
    )
