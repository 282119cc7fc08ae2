"""One subsidy application: its page (for its applicant, its reviewers and the centre's staff),
the applicant's revision as a new version, the final report that closes a grant (what was
approved but never paid goes back to the fund), and the decision receipt, which shows what the
decision was based on."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import get, post
from litestar.response import Response, Template

from domain.context import Context
from domain.errors import Forbidden, NotFound
from domain.permissions import Action
from domain.vocabulary import Role
from projections.views.directory import Directory
from projections.views.fund_rows import ApplicationRow
from projections.views.funds import Funds, project_titles
from web.auth import may, signed_in
from web.display.labels import application_status_labels as status_labels
from web.display.labels import reason_code_labels as reason_codes
from web.forms import Form, attempt, done, text, uuid_or_none
from web.i18n import gettext_ as _
from web.pages.common import Req, app_of, caught_up, me, page, read
from web.pages.common import roles_of as roles
from web.pages.fund_breakdown import FIELDS, Line, breakdown_of, form_values
from web.pages.fund_conflicts import conflict_words


def viewer_of(request: Req, row: ApplicationRow) -> str:
    """Who is looking: "applicant", "reviewer", "admin" or "auditor"; refused otherwise."""
    member = me(request)
    member_roles = roles(request)
    if Role.ADMIN in member_roles:
        return "admin"
    if member == row.applicant_id:
        return "applicant"
    with read(request) as tx:
        reviewers = {r.reviewer_id for r in Funds.reviewers(tx, row.application_id)}
    if member in reviewers:
        return "reviewer"
    if Role.AUDITOR in member_roles:
        return "auditor"
    raise Forbidden(
        _(
            "Only the applicant, the application's reviewers and the centre's staff "
            "can see this application."
        )
    )


def application_row(request: Req, application_id: UUID) -> ApplicationRow:
    with read(request) as tx:
        row = Funds.application(tx, application_id)
    if row is None:
        raise NotFound(f"no application {application_id}")
    return row


def _application_context(
    request: Req,
    application_id: UUID,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    report: dict[str, str] | None = None,
) -> dict[str, Any]:
    row = application_row(request, application_id)
    viewer = viewer_of(request, row)
    with read(request) as tx:
        fund = Funds.fund(tx, row.fund_id)
        reviewers = Funds.reviewers(tx, application_id)
        versions = Funds.versions(tx, application_id)
        tranches = Funds.tranches(tx, application_id)
        final_report = Funds.final_report(tx, application_id)
        who = Directory.names(tx, [r.reviewer_id for r in reviewers] + [row.applicant_id])
        title = project_titles(tx, [row.project_id]).get(row.project_id, "")
    current = versions[0] if versions else None
    start = {
        "project_id": str(row.project_id),
        "amount_krw": str(current.amount_krw) if current else "",
        "lines": [Line(b["item"], str(b["amount_krw"])) for b in current.breakdown]
        if current
        else [Line("", "")],
    }
    return {
        "row": row,
        "fund": fund,
        "viewer": viewer,
        "versions": versions,
        "reviewers": reviewers,
        "names": who,
        "title": title,
        "statuses": status_labels(),
        "tranches": tranches,
        "values": values or start,
        "errors": errors or {},
        "conflict_words": conflict_words,
        "final_report": final_report,
        "report": report or {"summary": "", "spent_krw": str(row.disbursed_krw)},
        "can_report": viewer == "applicant" and row.status == "approved",
        "can_revise": viewer == "applicant"
        and row.status == "submitted"
        and fund is not None
        and not fund.closed,
    }


@get(
    "/applications/{application_id:uuid}",
    guards=[signed_in],
    sync_to_thread=True,
    include_in_schema=False,
)
def application_page(request: Req, application_id: UUID) -> Template:
    return page(
        request,
        "funds/_application.html",
        "funds/application.html",
        _application_context(request, application_id),
    )


@post(
    "/applications/{application_id:uuid}/revise",
    guards=[may(Action.APPLY_FOR_SUBSIDY)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def revise(request: Req, application_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    row = application_row(request, application_id)
    if row.applicant_id != me(request):
        raise Forbidden(_("Only the applicant can revise the application."))
    values = form_values(data)
    values["project_id"] = str(row.project_id)
    errors: dict[str, str] = {}
    if "add_row" in data:
        return page(
            request,
            "funds/_revise.html",
            "funds/application.html",
            _application_context(request, application_id, values, errors),
        )
    amount, lines = breakdown_of(values, errors)
    status = 422
    if not errors:
        version, status = attempt(
            lambda: app_of(request).revise_application(
                ctx, application_id, amount_krw=amount, breakdown=lines
            ),
            errors,
            fields=FIELDS,
        )
        if version is not None:
            caught_up(request)
            return done(request, f"/applications/{application_id}")
    return page(
        request,
        "funds/_revise.html",
        "funds/application.html",
        _application_context(request, application_id, values, errors),
        status=status,
    )


@post(
    "/applications/{application_id:uuid}/final-report",
    guards=[may(Action.SUBMIT_FINAL_REPORT)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def final_report(request: Req, application_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    """The applicant closes the grant with a summary and what was spent; the approved amount
    not yet paid goes back to the fund in the same write."""
    row = application_row(request, application_id)
    if row.applicant_id != me(request):
        raise Forbidden(_("Only the applicant can submit the final report."))
    report = {k: text(data, k) for k in ("summary", "spent_krw")}
    errors: dict[str, str] = {}
    digits = report["spent_krw"].replace(",", "").strip()
    spent = int(digits) if digits.isdigit() else None
    if spent is None or spent < 0:
        errors["spent_krw"] = _("Enter what was spent in won, a whole number (0 or more).")
    if not report["summary"].strip():
        errors["summary"] = _("Say in a few words what the grant paid for and how it went.")
    status = 422
    if not errors and spent is not None:
        released, status = attempt(
            lambda: app_of(request).submit_final_report(
                ctx, application_id, summary=report["summary"], spent_krw=spent
            ),
            errors,
            fields=("summary", "spent_krw"),
        )
        if released is not None:
            caught_up(request)
            return done(request, f"/applications/{application_id}")
    return page(
        request,
        "funds/_final_report.html",
        "funds/application.html",
        _application_context(request, application_id, errors=errors, report=report),
        status=status,
    )


@get(
    "/applications/{application_id:uuid}/receipt",
    guards=[signed_in],
    sync_to_thread=True,
    include_in_schema=False,
)
def receipt(request: Req, application_id: UUID) -> Template:
    """The decision receipt: what the decision was based on, for the applicant to keep."""
    row = application_row(request, application_id)
    viewer_of(request, row)
    if row.decision is None:
        raise NotFound(
            _("This application has not been decided yet; the receipt appears with the decision.")
        )
    decided_by = uuid_or_none(str(row.decision.get("decided_by") or ""))
    with read(request) as tx:
        fund = Funds.fund(tx, row.fund_id)
        who = Directory.names(tx, [decided_by, row.applicant_id])
        title = project_titles(tx, [row.project_id]).get(row.project_id, "")
    return page(
        request,
        "funds/_receipt.html",
        "funds/receipt.html",
        {
            "row": row,
            "d": row.decision,
            "fund": fund,
            "title": title,
            "decided_by": who.get(decided_by, _("the centre")) if decided_by else _("the centre"),
            "applicant": who.get(row.applicant_id, ""),
            "codes": dict(reason_codes()),
            "statuses": status_labels(),
        },
    )


ROUTES = [application_page, revise, final_report, receipt]
