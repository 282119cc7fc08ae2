"""Funds, subsidy applications, decision receipts and the review queue.

/funds lists the centre's funds (and, for a director, their own applications); a fund's page
shows its ledger and, to directors, the application form with its breakdown editor (rows added
inline with htmx, or with the "Add a line" button without JavaScript). An application's page is
for its applicant, its reviewers and admins; its receipt shows what the decision was based on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Response, Template

from domain.context import Context
from domain.errors import DomainError, Forbidden, NotFound
from domain.permissions import Action, allowed
from domain.vocabulary import Role
from projections.projector.sql import Tx
from projections.views.directory import Directory
from projections.views.funds import ApplicationRow, Funds
from projections.views.projects import Projects
from web.auth import appointed_reviewer, may, owns, signed_in
from web.display.labels import application_status_labels as status_labels
from web.display.labels import reason_code_labels as reason_codes
from web.display.refusals import said
from web.errors import status_of
from web.forms import done, listed, text
from web.i18n import gettext_ as _
from web.pages.common import app_of, caught_up, me, page, read
from web.pages.common import roles_of as roles

Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
Req = Request[Any, Any, Any]
MAX_LINES = 50


# -- shared by the staff pages (funds, admin, audit, dashboards) ----------------------------


def uuid_or_none(value: str) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        return None




def project_titles(tx: Tx, ids: Iterable[UUID]) -> dict[UUID, str]:
    wanted = sorted({i.hex for i in ids})
    if not wanted:
        return {}
    marks = ", ".join("?" for _id in wanted)
    rows = tx.execute(f"SELECT project_id, title FROM prj_projects WHERE project_id IN ({marks})",
                      wanted).fetchall()
    return {UUID(r[0]): r[1] for r in rows}


def attempt(action: Callable[[], Any], errors: dict[str, str], key: str) -> tuple[Any, int]:
    """Run one command; a refusal goes into `errors[key]` with its status."""
    try:
        return action(), 200
    except DomainError as error:
        errors[key] = said(error)
        return None, status_of(error)


# -- the breakdown editor --------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    item: str
    amount: str


def _lines(data: dict[str, Any]) -> list[Line]:
    items, amounts = listed(data, "item"), listed(data, "amount")
    amounts += [""] * (len(items) - len(amounts))
    return [Line(i.strip(), a.strip()) for i, a in zip(items, amounts, strict=False)]


def _breakdown(values: dict[str, Any],
               errors: dict[str, str]) -> tuple[int | None, list[dict[str, Any]]]:
    """The amount and the filled breakdown lines, with inline errors for what is wrong."""
    amount: int | None = None
    try:
        amount = int(str(values["amount_krw"]).replace(",", ""))
        if amount <= 0:
            raise ValueError
    except ValueError:
        errors["amount_krw"] = _("Enter the amount in won, a whole number above 0.")
    out: list[dict[str, Any]] = []
    for line in values["lines"]:
        if not line.item and not line.amount:
            continue
        try:
            value = int(line.amount.replace(",", ""))
            if value <= 0 or not line.item:
                raise ValueError
        except ValueError:
            errors["breakdown"] = _("Each line needs an item and an amount in won above 0.")
            continue
        out.append({"item": line.item, "amount_krw": value})
    if not out and "breakdown" not in errors:
        errors["breakdown"] = _("List at least one item of the budget.")
    if amount is not None and out and "breakdown" not in errors:
        total = sum(line["amount_krw"] for line in out)
        if total != amount:
            errors["breakdown"] = _(
                "The lines add up to ₩%(total)s, not the ₩%(amount)s asked for.",
                total=f"{total:,}", amount=f"{amount:,}")
    return amount, out


def _form_values(data: dict[str, Any]) -> dict[str, Any]:
    lines = _lines(data)[:MAX_LINES]
    if "add_row" in data and len(lines) < MAX_LINES:
        lines.append(Line("", ""))
    return {"project_id": text(data, "project_id"), "amount_krw": text(data, "amount_krw"),
            "lines": lines or [Line("", "")]}


# -- funds -----------------------------------------------------------------------------------


def _fund_context(request: Req, fund_id: UUID, values: dict[str, Any] | None = None,
                  errors: dict[str, str] | None = None) -> dict[str, Any]:
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
        "fund": fund, "ledger": ledger, "mine": mine, "titles": titles,
        "can_apply": allowed(member_roles, Action.APPLY_FOR_SUBSIDY),
        "is_admin": Role.ADMIN in member_roles,
        "projects": [p for p in projects if p.status != "cancelled"],
        "values": values or {"project_id": "", "amount_krw": "", "lines": [Line("", "")]},
        "errors": errors or {}, "statuses": status_labels(),
        "kinds": {"opened": _("Opened"), "committed": _("Committed"), "released": _("Released"),
                  "disbursed": _("Disbursed")},
        "now": app_of(request).clock.now(),
    }


@get("/funds", name="funds", sync_to_thread=True, include_in_schema=False)
def funds_page(request: Req) -> Template:
    member = me(request)
    with read(request) as tx:
        funds = Funds.funds(tx)
        mine = Funds.applications(tx, applicant_id=member) if member else []
        titles = project_titles(tx, [a.project_id for a in mine])
    by_id = {f.fund_id: f for f in funds}
    return page(request, "funds/_list.html", "funds/index.html", {
        "funds": funds, "mine": mine, "titles": titles, "fund_names": {
            k: v.name for k, v in by_id.items()}, "statuses": status_labels(),
        "now": app_of(request).clock.now()})


@get("/funds/{fund_id:uuid}", name="fund", sync_to_thread=True, include_in_schema=False)
def fund_page(request: Req, fund_id: UUID) -> Template:
    return page(request, "funds/_fund.html", "funds/fund.html", _fund_context(request, fund_id))


@get("/funds/{fund_id:uuid}/breakdown-row", guards=[signed_in], sync_to_thread=False,
     include_in_schema=False)
def breakdown_row(request: Req, fund_id: UUID) -> Template:
    """One more empty line for the breakdown editor (htmx appends it)."""
    return Template("funds/_line.html", context={"line": Line("", "")})


@post("/funds/{fund_id:uuid}/applications", guards=[may(Action.APPLY_FOR_SUBSIDY)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def apply(request: Req, fund_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    values = _form_values(data)
    errors: dict[str, str] = {}
    if "add_row" in data:
        return page(request, "funds/_apply.html", "funds/fund.html",
                    _fund_context(request, fund_id, values, errors))
    project_id = uuid_or_none(values["project_id"])
    if project_id is None:
        errors["project_id"] = _("Choose one of your projects.")
    amount, lines = _breakdown(values, errors)
    status = 422
    if not errors and project_id is not None:
        application_id, status = attempt(lambda: app_of(request).apply_for_subsidy(
            ctx, fund_id,
            project_id=project_id, amount_krw=amount, breakdown=lines), errors, "form")
        if application_id is not None:
            caught_up(request)
            return done(request, f"/applications/{application_id}")
    return page(request, "funds/_apply.html", "funds/fund.html",
                _fund_context(request, fund_id, values, errors), status=status)


# -- one application ------------------------------------------------------------------------


def _viewer(request: Req, row: ApplicationRow) -> str:
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
    raise Forbidden(_("Only the applicant, the application's reviewers and the centre's staff "
                      "can see this application."))


def _application_row(request: Req, application_id: UUID) -> ApplicationRow:
    with read(request) as tx:
        row = Funds.application(tx, application_id)
    if row is None:
        raise NotFound(f"no application {application_id}")
    return row


def _application_context(request: Req, application_id: UUID, values: dict[str, Any] | None = None,
                         errors: dict[str, str] | None = None) -> dict[str, Any]:
    row = _application_row(request, application_id)
    viewer = _viewer(request, row)
    aggregate = app_of(request).subsidy_application(application_id)
    with read(request) as tx:
        fund = Funds.fund(tx, row.fund_id)
        reviewers = Funds.reviewers(tx, application_id)
        who = Directory.names(tx, [r.reviewer_id for r in reviewers] + [row.applicant_id])
        title = project_titles(tx, [row.project_id]).get(row.project_id, "")
    current = aggregate.versions[-1] if aggregate.versions else None
    start = {"project_id": str(row.project_id),
             "amount_krw": str(current["amount_krw"]) if current else "",
             "lines": [Line(b["item"], str(b["amount_krw"])) for b in current["breakdown"]]
             if current else [Line("", "")]}
    return {
        "row": row, "fund": fund, "viewer": viewer, "versions": list(reversed(aggregate.versions)),
        "reviewers": reviewers, "names": who, "title": title, "statuses": status_labels(),
        "tranches": aggregate.tranches, "values": values or start, "errors": errors or {},
        "can_revise": viewer == "applicant" and row.status == "submitted" and fund is not None
        and not fund.closed,
    }


@get("/applications/{application_id:uuid}", guards=[signed_in], sync_to_thread=True,
     include_in_schema=False)
def application_page(request: Req, application_id: UUID) -> Template:
    return page(request, "funds/_application.html", "funds/application.html",
                _application_context(request, application_id))


@post("/applications/{application_id:uuid}/revise", guards=[may(Action.APPLY_FOR_SUBSIDY)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def revise(request: Req, application_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    row = _application_row(request, application_id)
    if row.applicant_id != me(request):
        raise Forbidden(_("Only the applicant can revise the application."))
    values = _form_values(data)
    values["project_id"] = str(row.project_id)
    errors: dict[str, str] = {}
    if "add_row" in data:
        return page(request, "funds/_revise.html", "funds/application.html",
                    _application_context(request, application_id, values, errors))
    amount, lines = _breakdown(values, errors)
    status = 422
    if not errors:
        version, status = attempt(lambda: app_of(request).revise_application(
            ctx, application_id, amount_krw=amount, breakdown=lines), errors, "form")
        if version is not None:
            caught_up(request)
            return done(request, f"/applications/{application_id}")
    return page(request, "funds/_revise.html", "funds/application.html",
                _application_context(request, application_id, values, errors), status=status)


@get("/applications/{application_id:uuid}/receipt", guards=[signed_in], sync_to_thread=True,
     include_in_schema=False)
def receipt(request: Req, application_id: UUID) -> Template:
    """The decision receipt: what the decision was based on, for the applicant to keep."""
    row = _application_row(request, application_id)
    _viewer(request, row)
    if row.decision is None:
        raise NotFound(_("This application has not been decided yet; the receipt appears with "
                         "the decision."))
    with read(request) as tx:
        fund = Funds.fund(tx, row.fund_id)
        decided_by = uuid_or_none(str(row.decision.get("decided_by") or ""))
        who = Directory.names(tx, [decided_by, row.applicant_id])
        title = project_titles(tx, [row.project_id]).get(row.project_id, "")
    return page(request, "funds/_receipt.html", "funds/receipt.html", {
        "row": row, "d": row.decision, "fund": fund, "title": title,
        "decided_by": who.get(decided_by, _("the centre")) if decided_by else _("the centre"),
        "applicant": who.get(row.applicant_id, ""), "codes": dict(reason_codes()),
        "statuses": status_labels()})


# -- reviews ---------------------------------------------------------------------------------


def _queue_context(request: Req, errors: dict[str, dict[str, str]] | None = None,
                   notice: str = "") -> dict[str, Any]:
    member = me(request)
    with read(request) as tx:
        queue = Funds.review_queue(tx, member) if member else []
        funds = {f.fund_id: f for f in Funds.funds(tx)}
        titles = project_titles(tx, [a.project_id for a in queue])
    return {"queue": queue, "funds": funds, "titles": titles, "errors": errors or {},
            "notice": notice}


@get("/reviews", guards=[signed_in], sync_to_thread=True, include_in_schema=False)
def reviews_page(request: Req) -> Template:
    return page(request, "funds/_queue.html", "funds/reviews.html", _queue_context(request))


@post("/applications/{application_id:uuid}/reviews", guards=[owns(appointed_reviewer)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def review(request: Req, application_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    errors: dict[str, str] = {}
    score = text(data, "score")
    if score not in {"1", "2", "3", "4", "5"}:
        errors["score"] = _("Choose a score from 1 to 5.")
    comment = text(data, "comment")
    if not comment:
        errors["comment"] = _("Say in a few words why you gave this score.")
    criteria = {k[len("criterion_"):]: v for k, v in data.items()
                if k.startswith("criterion_") and isinstance(v, str) and v}
    status = 422
    if not errors:
        version, status = attempt(lambda: app_of(request).review_application(
            ctx, application_id, score=int(score), comment=comment,
            criteria_scores={k: int(v) for k, v in criteria.items()} or None), errors, "form")
        if version is not None:
            caught_up(request)
            if request.htmx:  # type: ignore[attr-defined]
                return Template("funds/_queue.html", context=_queue_context(
                    request, notice=_("Your review of version %(version)s is recorded.",
                                      version=version)))
            return Redirect("/reviews", status_code=303)
    return page(request, "funds/_queue.html", "funds/reviews.html",
                _queue_context(request, {str(application_id): errors}), status=status)


@post("/applications/{application_id:uuid}/conflict", guards=[signed_in],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def declare_conflict(request: Req, application_id: UUID, data: Form,
                     ctx: Context) -> Response[Any]:
    _application_row(request, application_id)
    if me(request) not in app_of(request).subsidy_application(application_id).reviewers:
        raise Forbidden("only a reviewer of this application can declare a conflict on it")
    errors: dict[str, str] = {}
    reason = text(data, "reason")
    status = 422
    if not reason:
        errors["reason"] = _("Say what the conflict is, e.g. \"we studied together\".")
    else:
        _done, status = attempt(lambda: app_of(request).declare_conflict(
            ctx, application_id, reason=reason), errors, "reason")
        if not errors:
            caught_up(request)
            if request.htmx:  # type: ignore[attr-defined]
                return Template("funds/_queue.html", context=_queue_context(
                    request, notice=_("Your conflict is declared; your score will not count.")))
            return Redirect("/reviews", status_code=303)
    return page(request, "funds/_queue.html", "funds/reviews.html",
                _queue_context(request, {str(application_id): errors}), status=status)


ROUTES = [funds_page, fund_page, breakdown_row, apply, application_page, revise, receipt,
          reviews_page, review, declare_conflict]
