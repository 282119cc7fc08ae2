"""The commercial bridge: the opportunities board and each opportunity's page, where directors
submit their pitched projects and withdraw them. The partner's organisation page is in
web/pages/bridge_partner.py, the scouting board and the decisions on submissions in
bridge_scout.py, interest and following in bridge_interest.py.

Only a verified partner scouts, posts and decides; a partner whose organisation is pending, or
not yet registered, is told so and sent to /partner.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import get, post
from litestar.params import Parameter
from litestar.response import Redirect, Response, Template

from domain.context import Context
from domain.errors import NotFound
from domain.permissions import Action, allowed
from projections.views.bridge import Bridge
from projections.views.projects import Projects
from web.auth import may
from web.display.labels import opportunity_kind_labels as kind_labels
from web.forms import Form, attempt
from web.forms import text as field
from web.i18n import gettext_ as _
from web.pages import bridge_interest, bridge_partner, bridge_scout
from web.pages.bridge_common import bridge_words, posting_state
from web.pages.common import Req, app_of, caught_up, me, read
from web.pages.common import page as render
from web.pages.common import roles_of as my_roles
from web.pages.project_common import OPEN_STATUSES, as_uuid, is_admin


@get("/opportunities", name="opportunities", sync_to_thread=True, include_in_schema=False)
def opportunities(request: Req, kind: Annotated[str, Parameter(max_length=40)] = "") -> Template:
    """Open calls, soonest deadline first, by kind; pay and conditions shown for hiring."""
    now = app_of(request).clock.now()
    chosen = kind if kind in kind_labels() else ""
    with read(request) as tx:
        grouped = Bridge.board_by_kind(tx, now)
    if chosen:
        grouped = {chosen: grouped.get(chosen, [])}
    return render(
        request,
        "bridge/_board.html",
        "bridge/board.html",
        {
            "grouped": grouped,
            "kind": chosen,
            "total": sum(len(v) for v in grouped.values()),
            "now": now,
            **bridge_words(),
        },
    )


def _opportunity_context(request: Req, opportunity_id: UUID, **extra: Any) -> dict[str, Any]:
    member, roles = me(request), my_roles(request)
    now = app_of(request).clock.now()
    with read(request) as tx:
        card = Bridge.opportunity(tx, opportunity_id)
        poster = Bridge.partner(tx, card.partner_id) if card else None
        mine = poster is not None and poster.representative_id == member
        if card is None or (card.status == "taken_down" and not mine and not is_admin(roles)):
            raise NotFound(_("There is no such opportunity, or the centre has taken it down."))
        is_director = allowed(roles, Action.SUBMIT_TO_OPPORTUNITY)
        projects = (
            [p for p in Projects.directed_by(tx, member) if p.status in OPEN_STATUSES]
            if member and is_director
            else []
        )
        submitted = (
            [
                s
                for s in Bridge.submissions_of_director(tx, member)
                if s.opportunity_id == opportunity_id
            ]
            if member and is_director
            else []
        )
    taken = {s.project_id for s in submitted}
    context: dict[str, Any] = {
        "card": card,
        "state": posting_state(card, now),
        "is_poster": mine,
        "is_director": is_director,
        "signed_in": member is not None,
        "projects": [p for p in projects if p.project_id not in taken],
        "submitted": submitted,
        "values": {"project_id": "", "note": ""},
        "errors": {},
        "notice": "",
        **bridge_words(),
    }
    context.update(extra)
    return context


@get(
    "/opportunities/{opportunity_id:uuid}",
    name="opportunity",
    sync_to_thread=True,
    include_in_schema=False,
)
def opportunity(request: Req, opportunity_id: UUID) -> Template:
    return render(
        request,
        "bridge/_opportunity.html",
        "bridge/opportunity.html",
        _opportunity_context(request, opportunity_id),
    )


def _submit_answer(request: Req, opportunity_id: UUID, status: int, **extra: Any) -> Response[Any]:
    htmx = bool(request.htmx)  # type: ignore[attr-defined]
    if status == 200 and not htmx:
        return Redirect(f"/opportunities/{opportunity_id}#submit", status_code=303)
    return render(
        request,
        "bridge/_submit.html",
        "bridge/opportunity.html",
        _opportunity_context(request, opportunity_id, oob=htmx, **extra),
        status=status,
    )


@post(
    "/opportunities/{opportunity_id:uuid}/submit",
    guards=[may(Action.SUBMIT_TO_OPPORTUNITY)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def submit(request: Req, opportunity_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    """A director puts one of their pitched projects forward, with a note."""
    values = {"project_id": field(data, "project_id"), "note": field(data, "note")}
    project_id = as_uuid(values["project_id"])
    errors: dict[str, str] = {}
    status = 422
    if project_id is None:
        errors["project_id"] = _("Choose one of your pitched projects.")
    else:
        _ignored, status = attempt(
            lambda: app_of(request).submit_to_opportunity(
                ctx, opportunity_id, project_id, values["note"]
            ),
            errors,
            fields=("project_id",),
        )
    if status == 200:
        caught_up(request)
        return _submit_answer(
            request, opportunity_id, 200, notice=_("Submitted. The partner will answer here.")
        )
    return _submit_answer(request, opportunity_id, status, values=values, errors=errors)


@post(
    "/submissions/{submission_id:uuid}/withdraw",
    guards=[may(Action.SUBMIT_TO_OPPORTUNITY)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def withdraw_submission(
    request: Req, submission_id: UUID, data: Form, ctx: Context
) -> Response[Any]:
    with read(request) as tx:
        row = Bridge.submission(tx, submission_id)
    if row is None or row.director_id != me(request):
        raise NotFound(_("There is no such submission of yours."))
    reason = field(data, "reason")
    errors: dict[str, str] = {}
    status = 422
    if not reason:
        errors[f"withdraw:{submission_id}"] = _("Say why you take the project back.")
    else:
        _ignored, status = attempt(
            lambda: app_of(request).withdraw_submission(ctx, submission_id, reason),
            errors,
            f"withdraw:{submission_id}",
        )
    if status == 200:
        caught_up(request)
    return _submit_answer(request, row.opportunity_id, status, errors=errors)


ROUTES = [
    opportunities,
    opportunity,
    submit,
    withdraw_submission,
    *bridge_partner.ROUTES,
    *bridge_scout.ROUTES,
    *bridge_interest.ROUTES,
]
