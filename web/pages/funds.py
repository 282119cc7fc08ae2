"""Funds and applying to them.

/funds lists the centre's funds (and, for a director, their own applications); a fund's page
shows its ledger and, to directors, the application form with its breakdown editor
(web/pages/fund_breakdown.py). An application's page and receipt are in
web/pages/fund_applications.py, the reviewer's queue in web/pages/fund_reviews.py.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import get, post
from litestar.response import Response, Template

from domain.context import Context
from domain.errors import NotFound
from domain.permissions import Action, allowed
from domain.vocabulary import Role
from projections.views.funds import Funds, project_titles
from projections.views.projects import Projects
from web.auth import may, signed_in
from web.display.labels import application_status_labels as status_labels
from web.forms import Form, attempt, done, uuid_or_none
from web.i18n import gettext_ as _
from web.pages import fund_applications, fund_reviews
from web.pages.common import Req, app_of, caught_up, me, page, read
from web.pages.common import roles_of as roles
from web.pages.fund_breakdown import FIELDS, Line, breakdown_of, form_values


def _fund_context(
    request: Req,
    fund_id: UUID,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    member = me(request)
    with read(request) as tx:
        fund = Funds.fund(tx, fund_id)
        if fund is None:
            raise NotFound(f"no fund {fund_id}")
        ledger = Funds.ledger(tx, fund_id)
        projects = Projects.directed_by(tx, member) if member else []
        mine = Funds.applications(tx, fund_id=fund_id, applicant_id=member) if member else []
        titles = project_titles(tx, [a.project_id for a in mine])
    member_roles = roles(request)
    return {
        "fund": fund,
        "ledger": ledger,
        "mine": mine,
        "titles": titles,
        "can_apply": allowed(member_roles, Action.APPLY_FOR_SUBSIDY),
        "is_admin": Role.ADMIN in member_roles,
        "projects": [p for p in projects if p.status != "cancelled"],
        "values": values or {"project_id": "", "amount_krw": "", "lines": [Line("", "")]},
        "errors": errors or {},
        "statuses": status_labels(),
        "kinds": {
            "opened": _("Opened"),
            "committed": _("Committed"),
            "released": _("Released"),
            "disbursed": _("Disbursed"),
        },
        "now": app_of(request).clock.now(),
    }


@get("/funds", name="funds", sync_to_thread=True, include_in_schema=False)
def funds_page(request: Req) -> Template:
    member = me(request)
    with read(request) as tx:
        funds = Funds.funds(tx)
        mine = Funds.applications(tx, applicant_id=member) if member else []
        titles = project_titles(tx, [a.project_id for a in mine])
    return page(
        request,
        "funds/_list.html",
        "funds/index.html",
        {
            "funds": funds,
            "mine": mine,
            "titles": titles,
            "fund_names": {f.fund_id: f.name for f in funds},
            "statuses": status_labels(),
            "now": app_of(request).clock.now(),
        },
    )


@get("/funds/{fund_id:uuid}", name="fund", sync_to_thread=True, include_in_schema=False)
def fund_page(request: Req, fund_id: UUID) -> Template:
    return page(request, "funds/_fund.html", "funds/fund.html", _fund_context(request, fund_id))


@get(
    "/funds/{fund_id:uuid}/breakdown-row",
    guards=[signed_in],
    sync_to_thread=False,
    include_in_schema=False,
)
def breakdown_row(request: Req, fund_id: UUID) -> Template:
    """One more empty line for the breakdown editor (htmx appends it)."""
    return Template("funds/_line.html", context={"line": Line("", "")})


@post(
    "/funds/{fund_id:uuid}/applications",
    guards=[may(Action.APPLY_FOR_SUBSIDY)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def apply(request: Req, fund_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    values = form_values(data)
    errors: dict[str, str] = {}
    if "add_row" in data:
        return page(
            request,
            "funds/_apply.html",
            "funds/fund.html",
            _fund_context(request, fund_id, values, errors),
        )
    project_id = uuid_or_none(values["project_id"])
    if project_id is None:
        errors["project_id"] = _("Choose one of your projects.")
    amount, lines = breakdown_of(values, errors)
    status = 422
    if not errors and project_id is not None:
        application_id, status = attempt(
            lambda: app_of(request).apply_for_subsidy(
                ctx, fund_id, project_id=project_id, amount_krw=amount, breakdown=lines
            ),
            errors,
            fields=FIELDS,
        )
        if application_id is not None:
            caught_up(request)
            return done(request, f"/applications/{application_id}")
    return page(
        request,
        "funds/_apply.html",
        "funds/fund.html",
        _fund_context(request, fund_id, values, errors),
        status=status,
    )


ROUTES = [
    funds_page,
    fund_page,
    breakdown_row,
    apply,
    *fund_applications.ROUTES,
    *fund_reviews.ROUTES,
]
