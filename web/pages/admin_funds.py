"""The admin console's funds: opening a fund (budget, cap, dates, eligibility, weighted
criteria) and closing it, each application as staff handle it (reviewers appointed after a
conflict-of-interest check, the decision with its reason, the tranches paid out)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import get, post
from litestar.response import Redirect, Response, Template

from domain.context import Context
from domain.errors import NotFound
from domain.permissions import Action
from projections.views.directory import Directory
from projections.views.funds import Funds, project_titles
from web.auth import may
from web.display.labels import application_status_labels
from web.forms import Form, attempt, day_or_none, text, uuid_or_none
from web.i18n import gettext_ as _
from web.pages.admin_console import ADMIN, after, render, whole
from web.pages.common import Req, app_of, caught_up, read, wants_fragment
from web.pages.fund_notices import opened_notice


def _funds(request: Req) -> dict[str, Any]:
    with read(request) as tx:
        return {"funds": Funds.funds(tx)}


@get("/admin/funds", guards=ADMIN, sync_to_thread=False, include_in_schema=False)
def funds(request: Req, opened: str = "") -> Template:
    """`?opened=` names the fund just opened (after the redirect without JavaScript)."""
    fund_id = uuid_or_none(opened[:36])
    return render(
        request,
        "funds",
        {**_funds(request), "opened": fund_id, "notice": opened_notice(request, fund_id)},
    )


def criteria(textual: str) -> list[dict[str, Any]] | None:
    """ "story:2, craft, budget:1" → named criteria with weights (a plain name weighs 1)."""
    if not textual.strip():
        return None
    out = []
    for part in textual.split(","):
        name, _sep, weight = part.strip().partition(":")
        out.append({"name": name.strip(), "weight": whole(weight.strip() or "1") or 0})
    return out


@post(
    "/admin/funds",
    guards=[may(Action.MANAGE_FUNDS)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def open_fund(request: Req, data: Form, ctx: Context) -> Response[Any]:
    values = {
        k: text(data, k)
        for k in (
            "name",
            "budget_krw",
            "cap_krw",
            "opens",
            "closes",
            "eligibility",
            "min_reviews",
            "criteria",
        )
    }
    budget, cap = whole(values["budget_krw"]), whole(values["cap_krw"])
    minimum = whole(values["min_reviews"] or "0")
    opens, closes = day_or_none(values["opens"]), day_or_none(values["closes"])
    problems = {
        "open-name": _("Give the fund a name.") if not values["name"] else "",
        "open-budget": _("The budget is a whole number of won.") if budget is None else "",
        "open-cap": _("The cap is a whole number of won.") if cap is None else "",
        "open-dates": _("Give the opening and closing dates.")
        if opens is None or closes is None
        else "",
        "open-min": _("A whole number of reviews, 0 for none.") if minimum is None else "",
    }
    problems = {k: v for k, v in problems.items() if v}
    if problems or opens is None or closes is None:
        return render(
            request, "funds", {**_funds(request), "errors": problems, "values": values}, 422
        )
    fund_id, status = attempt(
        lambda: app_of(request).open_fund(
            ctx,
            name=values["name"],
            budget_krw=budget,
            cap_krw=cap,
            opens=opens,
            closes=closes,
            eligibility=values["eligibility"],
            criteria=criteria(values["criteria"]),
            min_reviews=minimum,
        ),
        problems,
        "open",
    )
    if problems:
        return render(
            request, "funds", {**_funds(request), "errors": problems, "values": values}, status
        )
    caught_up(request)
    if wants_fragment(request):
        return render(
            request,
            "funds",
            {**_funds(request), "opened": fund_id, "notice": opened_notice(request, fund_id)},
        )
    return Redirect(f"/admin/funds?opened={fund_id}", status_code=303)


@post(
    "/admin/funds/{fund_id:uuid}/close",
    guards=[may(Action.MANAGE_FUNDS)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def close_fund(request: Req, fund_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    return after(
        request,
        lambda: app_of(request).close_fund(ctx, fund_id, reason=text(data, "reason")),
        f"fund-{fund_id}",
        "/admin/funds",
        "funds",
        _funds,
        notice=_("The fund takes no more applications."),
    )


def _fund(request: Req, fund_id: UUID) -> dict[str, Any]:
    with read(request) as tx:
        row = Funds.fund(tx, fund_id)
        if row is None:
            raise NotFound(f"no fund {fund_id}")
        applications = Funds.applications(tx, fund_id=fund_id)
        titles = project_titles(tx, [a.project_id for a in applications])
        who = Directory.names(tx, [a.applicant_id for a in applications])
    return {
        "fund": row,
        "applications": applications,
        "titles": titles,
        "names": who,
        "statuses": application_status_labels(),
        "page_title": row.name,
    }


@get("/admin/funds/{fund_id:uuid}", guards=ADMIN, sync_to_thread=True, include_in_schema=False)
def fund(request: Req, fund_id: UUID) -> Template:
    return render(request, "fund", _fund(request, fund_id))


ROUTES = [funds, open_fund, close_fund, fund]
