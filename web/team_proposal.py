"""A whole team for a project in one step: the matching engine's team assembly
(matching/team.py) over the graph the log keeps current, for the project's open seats as the
projects view lists them, each pick with its cost and reasons, each seat left open with why.

Who is busy is the domain's word: a member whose Commitments (their hires on other projects)
overlap this project's shoot would be refused at acceptance, so a pick found there is marked
busy and the team assembled again (the graph knows hires by role dates, the Commitments by
shoot dates). Members already invited to, or applying for, a role of the project are not
proposed again, and a role's seats with an answer pending are not counted open.

The page and the API both call `propose_team`; `localised` puts it in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from uuid import UUID

from domain.errors import Conflict, NotFound
from matching.team import (
    EVERYONE_BUSY,
    NO_ONE_SKILLED,
    OVER_BUDGET,
    PROJECT_BUDGET,
    TAKEN,
    RoleTerms,
    TeamPlan,
    Unfilled,
    assemble_team,
)
from projections.graph.feeder import GraphFeeder
from projections.projector.sql import Tx
from projections.views.directory import Directory
from projections.views.project_queries import ProjectPage
from projections.views.projects import Projects
from web.display.vocabulary import ROLE, in_sentence
from web.i18n import gettext_ as _
from web.recommend import in_words, model

OPEN_STATUSES = ("pitched", "crewing", "in_production")
ROUNDS = 4  # assemblies at most, each after marking busy the picks the Commitments refuse
PER_ROLE = 15  # candidates weighed per role


@dataclass(frozen=True)
class Pick:
    role_id: UUID
    role: str
    member_id: UUID
    name: str
    cost_krw: int  # day rate x days; 0 for an unpaid role or a rate not stated
    days: int  # every day of the role's dates
    day_rate_krw: int  # 0: not stated
    paid: bool
    budget_krw: int  # the role's budget; 0: not set
    rate_not_stated: bool
    reasons: tuple[str, ...]
    score: float


@dataclass(frozen=True)
class OpenSeat:
    role_id: UUID
    role: str
    seats: int
    code: str  # matching.team: no_one_skilled, everyone_busy, over_budget, project_budget, taken
    params: Mapping[str, int | str]
    why: str = ""  # the code in words (filled by `localised`)


@dataclass(frozen=True)
class TeamProposal:
    project_id: UUID
    title: str
    picks: tuple[Pick, ...]
    unfilled: tuple[OpenSeat, ...]
    pending: int  # invitations and applications on the project awaiting an answer

    @property
    def total_krw(self) -> int:
        return sum(p.cost_krw for p in self.picks)


def _terms(page: ProjectPage, pending: Mapping[UUID, int]) -> dict[str, RoleTerms]:
    return {
        r.role_id.hex: RoleTerms(
            paid=r.paid,
            budget=r.budget_krw if r.paid else 0,
            seats=max(r.open_seats - pending.get(r.role_id, 0), 0),
        )
        for r in page.roles
    }


def _clashing(feeder: GraphFeeder, page: ProjectPage, plan: TeamPlan) -> set[str]:
    """The picks whose hires elsewhere overlap this project's shoot (the domain's rule)."""
    card = page.card
    found = set()
    for a in plan.assignments:
        commitments = feeder.app.commitments_of(UUID(a.member_id))
        if commitments is not None and commitments.clash(
            card.shoot_start, card.shoot_end, besides=card.project_id
        ):
            found.add(a.member_id)
    return found


def propose_team(
    tx: Tx, feeder: GraphFeeder, *, project_id: UUID, head: int | None = None
) -> TeamProposal:
    """Every open seat of the project filled at once where someone fits (see module doc)."""
    page = Projects.page(tx, project_id)
    if page is None:
        raise NotFound("no project {project_id}", project_id=project_id)
    if page.card.status not in OPEN_STATUSES:
        raise Conflict(
            "the project is {status}; a team is proposed for a pitched project",
            status=page.card.status,
        )
    feeder.catch_up(head)
    graph, pid = feeder.graph, project_id.hex
    waiting = [i for i in Projects.pipeline(tx, project_id=project_id) if i.status == "pending"]
    pending: dict[UUID, int] = {}
    for item in waiting:
        pending[item.role_id] = pending.get(item.role_id, 0) + 1
    known = graph.open_roles.get(pid, {})
    terms = {rid: t for rid, t in _terms(page, pending).items() if rid in known}
    busy = frozenset(i.member_id.hex for i in waiting)
    ranker = model(tx)
    for _round in range(ROUNDS):
        key = ("team", pid, tuple(sorted(terms.items())), busy, ranker)
        plan = feeder.memoised(
            key,
            lambda b=busy: assemble_team(  # type: ignore[misc]
                graph, pid, terms=terms, busy=b, per_role=PER_ROLE, model=ranker
            ),
        )
        clashing = _clashing(feeder, page, plan)
        if not clashing:
            break
        busy |= clashing
    else:  # still clashing after every round: those picks are left out, their seats open
        plan = _without(plan, clashing)
    return _proposal(tx, page, plan, len(waiting))


def _without(plan: TeamPlan, members: set[str]) -> TeamPlan:
    kept = tuple(a for a in plan.assignments if a.member_id not in members)
    dropped = [a for a in plan.assignments if a.member_id in members]
    opened = tuple(Unfilled(a.project_id, a.role_id, EVERYONE_BUSY, {}) for a in dropped)
    return replace(plan, assignments=kept, unfilled=plan.unfilled + opened)


def _proposal(tx: Tx, page: ProjectPage, plan: TeamPlan, pending: int) -> TeamProposal:
    roles = {r.role_id.hex: r for r in page.roles}
    names = Directory.names(tx, [UUID(a.member_id) for a in plan.assignments])
    picks = tuple(
        Pick(
            role_id=UUID(a.role_id),
            role=roles[a.role_id].role,
            member_id=UUID(a.member_id),
            name=names[UUID(a.member_id)],
            cost_krw=a.cost,
            days=a.days,
            day_rate_krw=a.day_rate,
            paid=a.paid,
            budget_krw=a.budget,
            rate_not_stated=a.rate_not_stated,
            reasons=a.reasons,
            score=round(a.score, 4),
        )
        for a in plan.assignments
        if UUID(a.member_id) in names
    )
    unfilled = tuple(
        OpenSeat(UUID(u.role_id), roles[u.role_id].role, u.seats, u.code, dict(u.params))
        for u in plan.unfilled
    )
    order = {r.role_id: n for n, r in enumerate(page.roles)}
    return TeamProposal(
        project_id=page.card.project_id,
        title=page.card.title,
        picks=tuple(sorted(picks, key=lambda p: (order[p.role_id], -p.score))),
        unfilled=tuple(sorted(unfilled, key=lambda u: order[u.role_id])),
        pending=pending,
    )


# -- in words --------------------------------------------------------------------------------


def won(amount: int) -> str:
    return f"₩{amount:,}"


def why_open(seat: OpenSeat) -> str:
    """Why a role's seat stays open, in the reader's language."""
    p = seat.params
    if seat.code == NO_ONE_SKILLED:
        if p.get("skills"):
            return _("No one on Film House holds the skills (%(skills)s).", skills=p["skills"])
        return _(
            "No one on Film House has worked as %(role)s yet.", role=in_sentence(ROLE, seat.role)
        )
    if seat.code == EVERYONE_BUSY:
        if "start" in p:
            return _(
                "Everyone who fits is booked or away from %(start)s to %(end)s.",
                start=p["start"],
                end=p["end"],
            )
        return _("Everyone who fits is booked on other shoots on these dates.")
    if seat.code == OVER_BUDGET:
        if p.get("spent"):
            return _(
                "The role's budget of %(budget)s is spent (%(spent)s); "
                "the next costs %(cheapest)s.",
                budget=won(int(p["budget"])),
                spent=won(int(p["spent"])),
                cheapest=won(int(p["cheapest"])),
            )
        return _(
            "Everyone free costs more than the role's budget of %(budget)s "
            "(the least costly: %(cheapest)s).",
            budget=won(int(p["budget"])),
            cheapest=won(int(p["cheapest"])),
        )
    if seat.code == PROJECT_BUDGET:
        return _("The project's budget of %(budget)s is spent.", budget=won(int(p["budget"])))
    if seat.code == TAKEN:
        return _("Everyone free and within budget is already proposed for another role.")
    return _("No one fits this role now.")


def cost_words(pick: Pick) -> str:
    """What the pick costs and why it fits the budget, in the reader's language."""
    if not pick.paid:
        return _("Unpaid role.")
    if pick.rate_not_stated:
        return _("Paid role: agree the fee with them before the shoot.")
    cost = _(
        "%(cost)s: %(days)s days at %(rate)s a day",
        cost=won(pick.cost_krw),
        days=pick.days,
        rate=won(pick.day_rate_krw),
    )
    if pick.budget_krw:
        return (
            cost + " · " + _("within the role's budget of %(budget)s", budget=won(pick.budget_krw))
        )
    return cost


def localised(proposal: TeamProposal) -> TeamProposal:
    """The reasons and why each seat stays open in the reader's language (roles stay keys:
    templates say them with `role_label`)."""
    return replace(
        proposal,
        picks=tuple(
            replace(p, reasons=tuple(in_words(r) for r in p.reasons)) for p in proposal.picks
        ),
        unfilled=tuple(replace(u, why=why_open(u)) for u in proposal.unfilled),
    )
