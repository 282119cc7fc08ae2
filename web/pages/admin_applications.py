"""The admin console's subsidy applications, as staff handle each: its versions and reviews,
reviewers appointed once their conflicts of interest are seen, the decision with its reason
code and words (the applicant's receipt), and the tranches paid out."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import get, post
from litestar.response import Response, Template

from domain.context import Context
from domain.errors import NotFound
from domain.permissions import Action
from projections.views.directory import Directory
from projections.views.funds import Funds, project_titles
from web.auth import may
from web.display.labels import application_status_labels, reason_code_labels
from web.forms import Form, text, uuid_or_none
from web.i18n import gettext_ as _
from web.pages.admin_console import ADMIN, after, refuse, render, whole
from web.pages.common import Req, app_of, read
from web.pages.fund_conflicts import conflict_words


def _application(
    request: Req, application_id: UUID, q: str = "", candidate: UUID | None = None
) -> dict[str, Any]:
    with read(request) as tx:
        row = Funds.application(tx, application_id)
        if row is None:
            raise NotFound(f"no application {application_id}")
        fund_row = Funds.fund(tx, row.fund_id)
        reviewers = Funds.reviewers(tx, application_id)
        found = Directory.search(tx, q, limit=10) if q else []
        who = Directory.names(
            tx, [r.reviewer_id for r in reviewers] + [row.applicant_id, candidate]
        )
        title = project_titles(tx, [row.project_id]).get(row.project_id, "")
        versions = Funds.versions(tx, application_id)
        tranches = Funds.tranches(tx, application_id)
    applicant = who.get(row.applicant_id, "")
    conflicts = (
        conflict_words(app_of(request).reviewer_conflicts(application_id, candidate))
        if candidate
        else []
    )
    taken = {r.reviewer_id for r in reviewers} | {row.applicant_id}
    return {
        "row": row,
        "fund": fund_row,
        "reviewers": reviewers,
        "names": who,
        "project_title": title,
        "applicant": applicant,
        "page_title": _(
            "%(project)s, applied for by %(applicant)s", project=title, applicant=applicant
        ),
        "versions": versions,
        "tranches": tranches,
        "q": q,
        "found": [m for m in found if m.member_id not in taken],
        "candidate": candidate,
        "conflicts": conflicts,
        "codes": reason_code_labels(),
        "conflict_words": conflict_words,
        "statuses": application_status_labels(),
    }


@get(
    "/admin/applications/{application_id:uuid}",
    guards=ADMIN,
    sync_to_thread=True,
    include_in_schema=False,
)
def application(request: Req, application_id: UUID, q: str = "", candidate: str = "") -> Template:
    """The application as staff handle it; `?candidate=` shows a member's conflicts of
    interest before they are assigned."""
    chosen = uuid_or_none(candidate) if candidate else None
    return render(request, "application", _application(request, application_id, q[:120], chosen))


@post(
    "/admin/applications/{application_id:uuid}/reviewers",
    guards=[may(Action.ASSIGN_REVIEWER)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def assign_reviewer(request: Req, application_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    member_id = uuid_or_none(text(data, "member_id"))
    override = text(data, "override_reason") or None
    if member_id is None:
        return refuse(
            request,
            "assign",
            _("Choose a member to appoint."),
            "application",
            _application,
            application_id,
        )
    return after(
        request,
        lambda: app_of(request).assign_reviewer(
            ctx, application_id, member_id, override_reason=override
        ),
        "assign",
        f"/admin/applications/{application_id}",
        "application",
        _application,
        application_id,
        "",
        member_id,
        values={"override_reason": override or ""},
        notice=_("The reviewer is appointed."),
    )


@post(
    "/admin/applications/{application_id:uuid}/decision",
    guards=[may(Action.DECIDE_SUBSIDY)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def decide(request: Req, application_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    values = {k: text(data, k) for k in ("approve", "amount_krw", "reason_code", "reason")}
    approve = values["approve"] == "yes"
    amount = whole(values["amount_krw"]) if values["amount_krw"] else None
    if values["approve"] not in ("yes", "no"):
        return refuse(
            request,
            "decision",
            _("Choose approve or reject."),
            "application",
            _application,
            application_id,
            values=values,
        )
    if approve and amount is None:
        return refuse(
            request,
            "decision",
            _("An approval needs the amount granted, in won."),
            "application",
            _application,
            application_id,
            values=values,
        )
    if not values["reason"]:
        return refuse(
            request,
            "decision",
            _("Give the reason in words; the applicant sees it on the receipt."),
            "application",
            _application,
            application_id,
            values=values,
        )
    return after(
        request,
        lambda: app_of(request).decide_subsidy(
            ctx,
            application_id,
            approve=approve,
            amount_krw=amount if approve else None,
            reason_code=values["reason_code"],
            reason=values["reason"],
        ),
        "decision",
        f"/admin/applications/{application_id}",
        "application",
        _application,
        application_id,
        values=values,
        notice=_("Decided. The receipt is ready for the applicant."),
    )


@post(
    "/admin/applications/{application_id:uuid}/disbursements",
    guards=[may(Action.DISBURSE_SUBSIDY)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def disburse(request: Req, application_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    values = {k: text(data, k) for k in ("amount_krw", "note")}
    amount = whole(values["amount_krw"])
    if amount is None or amount <= 0:
        return refuse(
            request,
            "disburse",
            _("The tranche is a whole number of won above 0."),
            "application",
            _application,
            application_id,
            values=values,
        )
    return after(
        request,
        lambda: app_of(request).disburse(
            ctx, application_id, amount_krw=amount, note=values["note"]
        ),
        "disburse",
        f"/admin/applications/{application_id}",
        "application",
        _application,
        application_id,
        values=values,
        notice=_("The tranche is paid."),
    )


ROUTES = [application, assign_reviewer, decide, disburse]
