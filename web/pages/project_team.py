"""The director's "propose a team" page: every open role of the project filled at once
(web/team_proposal.py), each pick with its cost and reasons, each seat left open with why;
the picks are ticked, and one "Invite selected" sends the invitations in one action, answered
per member (invited, or refused and why). Without JavaScript the form answers with the page
itself (the answers are what the director needs to read); with htmx, its section.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import get, post
from litestar.response import Template

from domain.context import Context
from domain.errors import DomainError
from domain.services.invitations import InviteAnswer, TeamInvite
from projections.views.directory import Directory
from web.auth import directs_project, owns
from web.errors import status_of
from web.forms import Form
from web.i18n import gettext_ as _
from web.pages.common import Req, app_of, caught_up, read
from web.pages.common import page as render
from web.pages.project_common import as_uuid, explain, many
from web.recommend import READ_HEAD
from web.team_proposal import TeamProposal, cost_words, localised, propose_team

PICK = "pick"  # each ticked checkbox: "<role id>:<member id>"


def _proposal(request: Req, project_id: UUID) -> tuple[TeamProposal | None, str]:
    """The proposal in the reader's language, or why there is none (a closed project)."""
    head = request.scope.get("state", {}).get(READ_HEAD)
    with read(request) as tx:
        try:
            found = propose_team(
                tx, request.app.state.match_graph, project_id=project_id, head=head
            )
        except DomainError as error:
            return None, explain(error)
    return localised(found), ""


def _context(
    request: Req, project_id: UUID, answers: list[dict[str, Any]] | None = None, error: str = ""
) -> dict[str, Any]:
    proposal, refusal = _proposal(request, project_id)
    return {
        "project_id": project_id,
        "proposal": proposal,
        "refusal": refusal,
        "cost_words": cost_words,
        "answers": answers or [],
        "error": error,
    }


def _picks(data: Form) -> list[TeamInvite] | None:
    """The ticked picks; None when one of them is not a pick this page wrote."""
    picks = []
    for value in many(data, PICK):
        role, _sep, member = value.partition(":")
        role_id, member_id = as_uuid(role), as_uuid(member)
        if role_id is None or member_id is None:
            return None
        picks.append(TeamInvite(role_id, member_id))
    return picks


def _answer_row(answer: InviteAnswer, names: dict[UUID, str]) -> dict[str, Any]:
    return {
        "member_id": answer.member_id,
        "name": names.get(answer.member_id, ""),
        "invited": answer.invited,
        "why": explain(answer.refusal) if answer.refusal is not None else "",
    }


@get(
    "/projects/{project_id:uuid}/team",
    name="project_team",
    guards=[owns(directs_project)],
    sync_to_thread=True,
    include_in_schema=False,
)
def team_page(request: Req, project_id: UUID) -> Template:
    return render(
        request, "projects/_team.html", "projects/team.html", _context(request, project_id)
    )


@post(
    "/projects/{project_id:uuid}/team/invitations",
    guards=[owns(directs_project)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def invite_team(request: Req, project_id: UUID, data: Form, ctx: Context) -> Template:
    """Invite the ticked picks in one action; the page answers per member."""
    picks = _picks(data)
    if not picks:
        message = (
            _("Tick at least one member to invite.")
            if picks is not None
            else _("The form was not one this page sent; reload the page and tick again.")
        )
        context = _context(request, project_id, error=message)
        return render(request, "projects/_team.html", "projects/team.html", context, status=422)
    try:
        answers = app_of(request).invite_team(ctx, project_id, picks)
    except DomainError as error:
        context = _context(request, project_id, error=explain(error))
        return render(
            request, "projects/_team.html", "projects/team.html", context, status=status_of(error)
        )
    caught_up(request)
    with read(request) as tx:
        names = Directory.names(tx, [a.member_id for a in answers])
    rows = [_answer_row(a, names) for a in answers]
    return render(
        request, "projects/_team.html", "projects/team.html", _context(request, project_id, rows)
    )


ROUTES = [team_page, invite_team]
