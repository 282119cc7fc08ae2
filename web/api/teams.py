"""A whole team for a project: the proposal (every open role filled at once, with costs,
reasons and why a role stays open) and inviting several members in one call, answered per
member."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Request, get, post
from msgspec import Meta, Struct

from domain.context import Context
from domain.services.invitations import TEAM_MAX, InviteAnswer, TeamInvite
from web.api.common import SIGNED_IN, filmhouse, fresh, responses
from web.auth import directs_project, owns
from web.display.refusals import said
from web.team_proposal import OpenSeat, Pick, propose_team, why_open


class PickOut(Struct):
    role_id: UUID
    role: str
    member_id: UUID
    name: str
    cost_krw: int
    days: int
    day_rate_krw: int
    paid: bool
    budget_krw: int
    rate_not_stated: bool
    score: float
    reasons: list[str]


class OpenRoleOut(Struct):
    role_id: UUID
    role: str
    seats: int
    code: str
    params: dict[str, int | str]
    reason: str


class TeamProposalOut(Struct):
    project_id: UUID
    picks: list[PickOut]
    unfilled: list[OpenRoleOut]
    total_krw: int
    pending: int


class TeamInvitationIn(Struct):
    role_id: UUID
    member_id: UUID


class TeamInvitationsIn(Struct):
    invitations: Annotated[list[TeamInvitationIn], Meta(min_length=1, max_length=TEAM_MAX)]


class TeamInvitationOut(Struct):
    role_id: UUID
    member_id: UUID
    status: str  # invited | refused
    invitation_id: UUID | None = None
    code: str | None = None
    field: str | None = None
    detail: str | None = None


class TeamInvitationsOut(Struct):
    answers: list[TeamInvitationOut]


def _pick(p: Pick) -> PickOut:
    return PickOut(
        role_id=p.role_id,
        role=p.role,
        member_id=p.member_id,
        name=p.name,
        cost_krw=p.cost_krw,
        days=p.days,
        day_rate_krw=p.day_rate_krw,
        paid=p.paid,
        budget_krw=p.budget_krw,
        rate_not_stated=p.rate_not_stated,
        score=p.score,
        reasons=list(p.reasons),
    )


def _open(u: OpenSeat) -> OpenRoleOut:
    return OpenRoleOut(
        role_id=u.role_id,
        role=u.role,
        seats=u.seats,
        code=u.code,
        params=dict(u.params),
        reason=why_open(u),
    )


def _answer(a: InviteAnswer) -> TeamInvitationOut:
    if a.refusal is None:
        return TeamInvitationOut(a.role_id, a.member_id, "invited", invitation_id=a.invitation_id)
    return TeamInvitationOut(
        a.role_id,
        a.member_id,
        "refused",
        code=a.refusal.code,
        field=a.refusal.field or None,
        detail=said(a.refusal),
    )


@get(
    "/projects/{project_id:uuid}/team-proposal",
    guards=[owns(directs_project)],
    sync_to_thread=True,
    responses=responses(*SIGNED_IN, 409),
    summary="A whole team for the project's open roles: picks with cost and reasons, and why "
    "a role stays open",
)
def team_proposal(request: Request[Any, Any, Any], project_id: UUID) -> TeamProposalOut:
    with fresh(request).db.read() as tx:
        proposal = propose_team(tx, request.app.state.match_graph, project_id=project_id)
    return TeamProposalOut(
        project_id=proposal.project_id,
        picks=[_pick(p) for p in proposal.picks],
        unfilled=[_open(u) for u in proposal.unfilled],
        total_krw=proposal.total_krw,
        pending=proposal.pending,
    )


@post(
    "/projects/{project_id:uuid}/team-invitations",
    guards=[owns(directs_project)],
    status_code=200,
    sync_to_thread=True,
    responses=responses(*SIGNED_IN, 409),
    summary="Invite several members at once; the answer says, per member, invited or refused "
    "and why",
)
def team_invitations(
    request: Request[Any, Any, Any], project_id: UUID, data: TeamInvitationsIn, ctx: Context
) -> TeamInvitationsOut:
    picks = [TeamInvite(i.role_id, i.member_id) for i in data.invitations]
    answers = filmhouse(request).invite_team(ctx, project_id, picks)
    return TeamInvitationsOut(answers=[_answer(a) for a in answers])


ROUTES = [team_proposal, team_invitations]
