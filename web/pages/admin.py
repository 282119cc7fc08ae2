"""The admin console: members and roles, partners to verify, opportunity take-downs, workspaces
and blackouts, booking requests and strike appeals, trainings, funds with reviewer assignment,
decisions and disbursements, member reports, and the what-if tool.

Every section is one URL that serves the whole page or, for htmx, the section alone; every form
posts to one command and comes back to its section (303, or the re-rendered section for htmx),
or shows the refusal next to the form with its status (403, 404, 409, 422).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from litestar import get, post
from litestar.response import Redirect, Response, Template

from domain.clock import SEOUL
from domain.context import Context
from domain.errors import NotFound
from domain.permissions import Action
from domain.vocabulary import GRANTED_ROLES, WorkspaceKind
from projections.projector.sql import Tx
from projections.views.bridge import Bridge
from projections.views.calendar import Calendar
from projections.views.directory import Directory
from projections.views.funds import Funds
from projections.views.inbox import Inbox
from projections.views.trainings import Trainings
from web.auth import may
from web.display.labels import application_status_labels, reason_code_labels
from web.forms import listed, text
from web.i18n import gettext_ as _
from web.pages.common import app_of, caught_up, read
from web.pages.fund_notices import opened_notice
from web.pages.funds import (
    Form,
    Req,
    attempt,
    project_titles,
    uuid_or_none,
)

ADMIN = [may(Action.MANAGE_WORKSPACES)]  # the role table's staff: admins
# GET handlers sharing their path with a POST run on the event loop (sync_to_thread=False):
# Litestar 2 wraps such a GET twice when threaded and answers with an un-awaited coroutine.
Builder = Callable[..., dict[str, Any]]


def _links() -> list[tuple[str, str]]:
    return [
        ("/admin", _("Overview")), ("/admin/members", _("Members")),
        ("/admin/partners", _("Partners")), ("/admin/opportunities", _("Opportunities")),
        ("/admin/workspaces", _("Workspaces")), ("/admin/bookings", _("Bookings and appeals")),
        ("/admin/trainings", _("Trainings")), ("/admin/funds", _("Funds")),
        ("/admin/reports", _("Reports of members")), ("/admin/what-if", _("What-if")),
        ("/dashboard#fairness", _("Fairness report")),
    ]


def _render(request: Req, fragment: str, context: dict[str, Any], status: int = 200,
            title: str = "") -> Template:
    context = {"errors": {}, "values": {}, "notice": "", **context, "links": _links(),
               "fragment": f"admin/_{fragment}.html",
               "title": title or context.get("page_title") or _("Admin")}
    name = context["fragment"] if request.htmx else "admin/page.html"  # type: ignore[attr-defined]
    return Template(name, context=context, status_code=status)


def _after(request: Req, action: Callable[[], Any], key: str, back: str, fragment: str,
           builder: Builder, *args: Any, notice: str = "", values: dict[str, Any] | None = None,
           title: str = "") -> Response[Any]:
    """Run one command: on success back to the section; on a refusal the section again with
    the reason next to the form that asked."""
    errors: dict[str, str] = {}
    _result, status = attempt(action, errors, key)
    if errors:
        return _render(request, fragment, {**builder(request, *args), "errors": errors,
                                           "values": values or {}}, status, title)
    caught_up(request)
    if request.htmx:  # type: ignore[attr-defined]
        return _render(request, fragment, {**builder(request, *args),
                                           "notice": notice or _("Done.")}, 200, title)
    return Redirect(back, status_code=303)


def _refuse(request: Req, key: str, message: str, fragment: str, builder: Builder, *args: Any,
            values: dict[str, Any] | None = None) -> Template:
    return _render(request, fragment, {**builder(request, *args), "errors": {key: message},
                                       "values": values or {}}, 422)


def _seoul(value: str) -> datetime | None:
    """A datetime-local input's value, in Seoul time."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=SEOUL)


def _whole(value: str) -> int | None:
    try:
        return int(value.replace(",", ""))
    except ValueError:
        return None


# -- overview --------------------------------------------------------------------------------


def _overview(request: Req) -> dict[str, Any]:
    with read(request) as tx:
        return {
            "pending_partners": len(Bridge.partners(tx, status="pending")),
            "requests": len(_requests(tx)),
            "appeals": len(Calendar.appeals(tx)),
            "reports": len(Inbox.reports(tx)),
            "undecided": int(tx.scalar("SELECT COUNT(*) FROM fnd_applications "
                                       "WHERE status = 'submitted'") or 0),
        }


@get("/admin", guards=ADMIN, sync_to_thread=True, include_in_schema=False)
def overview(request: Req) -> Template:
    return _render(request, "overview", _overview(request))


# -- members and roles -----------------------------------------------------------------------


def _members(request: Req, q: str = "") -> dict[str, Any]:
    with read(request) as tx:
        found = Directory.search(tx, q, limit=50)
        universities = {u.university_id: u for u in Directory.universities(tx)}
    return {"members": found, "q": q, "universities": universities,
            "granted": sorted(r.value for r in GRANTED_ROLES)}


@get("/admin/members", guards=ADMIN, sync_to_thread=True, include_in_schema=False)
def members(request: Req, q: str = "") -> Template:
    return _render(request, "members", _members(request, q[:120]))


def _role_change(request: Req, member_id: UUID, data: dict[str, Any], ctx: Context,
                 grant: bool) -> Response[Any]:
    role = text(data, "role")
    q = text(data, "q")
    key = f"role-{member_id}"
    if role not in {r.value for r in GRANTED_ROLES}:
        return _refuse(request, key, _("Choose coordinator, auditor or admin."), "members",
                       _members, q)
    command = app_of(request).grant_role if grant else app_of(request).revoke_role
    return _after(request, lambda: command(ctx, member_id, role), key,
                  f"/admin/members?q={q}", "members", _members, q)


@post("/admin/members/{member_id:uuid}/grant", guards=[may(Action.GRANT_ROLE)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def grant_role(request: Req, member_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    return _role_change(request, member_id, data, ctx, grant=True)


@post("/admin/members/{member_id:uuid}/revoke", guards=[may(Action.GRANT_ROLE)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def revoke_role(request: Req, member_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    return _role_change(request, member_id, data, ctx, grant=False)


# -- partners and opportunities ------------------------------------------------------------------


def _partners(request: Req) -> dict[str, Any]:
    with read(request) as tx:
        pending = Bridge.partners(tx, status="pending")
        who = Directory.names(tx, [p.representative_id for p in pending])
    return {"partners": pending, "names": who}


@get("/admin/partners", guards=ADMIN, sync_to_thread=True, include_in_schema=False)
def partners(request: Req) -> Template:
    return _render(request, "partners", _partners(request))


@post("/admin/partners/{partner_id:uuid}/verify", guards=[may(Action.VERIFY_PARTNER)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def verify_partner(request: Req, partner_id: UUID, ctx: Context) -> Response[Any]:
    return _after(request, lambda: app_of(request).verify_partner(ctx, partner_id),
                  f"partner-{partner_id}", "/admin/partners", "partners", _partners,
                  notice=_("The partner is verified and can post opportunities."))


@post("/admin/partners/{partner_id:uuid}/reject", guards=[may(Action.VERIFY_PARTNER)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def reject_partner(request: Req, partner_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    reason = text(data, "reason")
    key = f"partner-{partner_id}"
    if not reason:
        return _refuse(request, key, _("Say why, so that the partner can correct it."),
                       "partners", _partners)
    return _after(request, lambda: app_of(request).reject_partner(ctx, partner_id, reason),
                  key, "/admin/partners", "partners", _partners)


def _opportunities(request: Req) -> dict[str, Any]:
    with read(request) as tx:
        board = Bridge.board(tx, app_of(request).clock.now(), limit=200)
    return {"opportunities": board}


@get("/admin/opportunities", guards=ADMIN, sync_to_thread=True, include_in_schema=False)
def opportunities(request: Req) -> Template:
    return _render(request, "opportunities", _opportunities(request))


@post("/admin/opportunities/{opportunity_id:uuid}/take-down",
      guards=[may(Action.TAKE_DOWN_POSTING)], sync_to_thread=True, status_code=200,
      include_in_schema=False)
def take_down(request: Req, opportunity_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    reason = text(data, "reason")
    key = f"opportunity-{opportunity_id}"
    if not reason:
        return _refuse(request, key, _("Say which rule the posting breaks; the partner sees it."),
                       "opportunities", _opportunities)
    return _after(request, lambda: app_of(request).take_down_opportunity(
        ctx, opportunity_id, reason), key, "/admin/opportunities", "opportunities",
        _opportunities, notice=_("The posting is taken down."))


# -- workspaces ----------------------------------------------------------------------------------


def _workspaces(request: Req) -> dict[str, Any]:
    with read(request) as tx:
        rows = tx.execute(
            "SELECT w.workspace_id, w.name, w.kind, COALESCE(r.retired, 0) FROM cal_workspaces w "
            "LEFT JOIN rpt_workspaces r ON r.workspace_id = w.workspace_id ORDER BY w.name"
        ).fetchall()
    return {"workspaces": [{"workspace_id": UUID(r[0]), "name": r[1], "kind": r[2],
                            "retired": bool(r[3])} for r in rows],
            "kinds": [k.value for k in WorkspaceKind]}


@get("/admin/workspaces", guards=ADMIN, sync_to_thread=False, include_in_schema=False)
def workspaces(request: Req) -> Template:
    return _render(request, "workspaces", _workspaces(request))


@post("/admin/workspaces", guards=ADMIN, sync_to_thread=True, status_code=200,
      include_in_schema=False)
def create_workspace(request: Req, data: Form, ctx: Context) -> Response[Any]:
    values = {k: text(data, k) for k in ("name", "kind", "capacity", "opens", "closes",
                                         "equipment")}
    if not values["name"]:
        return _refuse(request, "create-name", _("Give the room a name."), "workspaces",
                       _workspaces, values=values)
    capacity = _whole(values["capacity"] or "1")
    if capacity is None:
        return _refuse(request, "create-capacity", _("Capacity is a whole number of seats."),
                       "workspaces", _workspaces, values=values)
    equipment = [e.strip() for e in values["equipment"].split(",") if e.strip()]
    return _after(request, lambda: app_of(request).create_workspace(
        ctx, name=values["name"], kind=values["kind"], capacity=capacity,
        opens=values["opens"] or "09:00", closes=values["closes"] or "22:00",
        equipment=equipment), "create", "/admin/workspaces", "workspaces", _workspaces,
        notice=_("The workspace is open for booking."), values=values)


def _workspace(request: Req, workspace_id: UUID) -> dict[str, Any]:
    room = app_of(request).workspace(workspace_id)
    blackouts = sorted(room.blackouts.items(), key=lambda item: item[1]["start"])
    return {"room": room, "blackouts": blackouts}


@get("/admin/workspaces/{workspace_id:uuid}", guards=ADMIN, sync_to_thread=True,
     include_in_schema=False)
def workspace(request: Req, workspace_id: UUID) -> Template:
    return _render(request, "workspace", _workspace(request, workspace_id))


@post("/admin/workspaces/{workspace_id:uuid}/blackouts", guards=ADMIN, sync_to_thread=True,
      status_code=200, include_in_schema=False)
def add_blackout(request: Req, workspace_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    values = {k: text(data, k) for k in ("start", "end", "reason")}
    start, end = _seoul(values["start"]), _seoul(values["end"])
    back = f"/admin/workspaces/{workspace_id}"
    if start is None or end is None:
        return _refuse(request, "blackout", _("Give a start and an end, date and time."),
                       "workspace", _workspace, workspace_id, values=values)
    if not values["reason"]:
        return _refuse(request, "blackout", _("Say why the room is closed; members see it."),
                       "workspace", _workspace, workspace_id, values=values)
    return _after(request, lambda: app_of(request).add_blackout(
        ctx, workspace_id, start=start, end=end, reason=values["reason"]), "blackout", back,
        "workspace", _workspace, workspace_id, values=values)


@post("/admin/workspaces/{workspace_id:uuid}/blackouts/{blackout_id:uuid}/remove",
      guards=ADMIN, sync_to_thread=True, status_code=200, include_in_schema=False)
def remove_blackout(request: Req, workspace_id: UUID, blackout_id: UUID,
                    ctx: Context) -> Response[Any]:
    return _after(request, lambda: app_of(request).remove_blackout(ctx, workspace_id,
                                                                   blackout_id),
                  "blackout", f"/admin/workspaces/{workspace_id}", "workspace", _workspace,
                  workspace_id)


@post("/admin/workspaces/{workspace_id:uuid}/retire", guards=ADMIN, sync_to_thread=True,
      status_code=200, include_in_schema=False)
def retire_workspace(request: Req, workspace_id: UUID, data: Form,
                     ctx: Context) -> Response[Any]:
    return _after(request, lambda: app_of(request).retire_workspace(
        ctx, workspace_id, text(data, "reason")), "retire", f"/admin/workspaces/{workspace_id}",
        "workspace", _workspace, workspace_id)


# -- booking requests and strike appeals -------------------------------------------------------


def _requests(tx: Tx) -> list[dict[str, Any]]:
    """Requests waiting for an admin (the screening room), soonest answer due first."""
    rows = tx.execute(
        "SELECT b.booking_id, COALESCE(w.name, ''), b.member_id, b.start_at, b.end_at, "
        "b.answer_by FROM cal_bookings b LEFT JOIN cal_workspaces w "
        "ON w.workspace_id = b.workspace_id WHERE b.status = 'requested' "
        "ORDER BY b.answer_by, b.start_us").fetchall()
    return [{"booking_id": UUID(r[0]), "workspace": r[1], "member_id": UUID(r[2]),
             "start": r[3], "end": r[4], "answer_by": r[5]} for r in rows]


def _bookings(request: Req) -> dict[str, Any]:
    with read(request) as tx:
        requests = _requests(tx)
        appeals = Calendar.appeals(tx)
        who = Directory.names(
            tx, [r["member_id"] for r in requests] + [a.member_id for a in appeals])
    return {"requests": requests, "appeals": appeals, "names": who}


@get("/admin/bookings", guards=ADMIN, sync_to_thread=True, include_in_schema=False)
def bookings(request: Req) -> Template:
    return _render(request, "bookings", _bookings(request))


@post("/admin/bookings/{booking_id:uuid}/approve", guards=[may(Action.DECIDE_BOOKING_REQUEST)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def approve_request(request: Req, booking_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    return _after(request, lambda: app_of(request).approve_booking_request(
        ctx, booking_id, text(data, "reason")), f"booking-{booking_id}", "/admin/bookings",
        "bookings", _bookings, notice=_("The request is approved; the slot is booked."))


@post("/admin/bookings/{booking_id:uuid}/refuse", guards=[may(Action.DECIDE_BOOKING_REQUEST)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def refuse_request(request: Req, booking_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    reason = text(data, "reason")
    key = f"booking-{booking_id}"
    if not reason:
        return _refuse(request, key, _("Say why the request is refused; the member sees it."),
                       "bookings", _bookings)
    return _after(request, lambda: app_of(request).refuse_booking_request(
        ctx, booking_id, reason), key, "/admin/bookings", "bookings", _bookings)


@post("/admin/strikes/{strike_id:uuid}/{verdict:str}", guards=[may(Action.DECIDE_STRIKE_APPEAL)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def decide_appeal(request: Req, strike_id: UUID, verdict: str, data: Form,
                  ctx: Context) -> Response[Any]:
    if verdict not in ("uphold", "overturn"):
        raise NotFound(f"no action {verdict}")
    reason = text(data, "reason")
    key = f"strike-{strike_id}"
    if not reason:
        return _refuse(request, key, _("Say why; the member sees your answer."), "bookings",
                       _bookings)
    command = (app_of(request).uphold_strike if verdict == "uphold"
               else app_of(request).overturn_strike)
    return _after(request, lambda: command(ctx, strike_id, reason), key, "/admin/bookings",
                  "bookings", _bookings)


# -- trainings -----------------------------------------------------------------------------------


def _trainings(request: Req) -> dict[str, Any]:
    with read(request) as tx:
        rows = Trainings.trainings(tx, include_cancelled=True, limit=200)
    return {"trainings": rows}


@get("/admin/trainings", guards=ADMIN, sync_to_thread=False, include_in_schema=False)
def trainings(request: Req) -> Template:
    return _render(request, "trainings", _trainings(request))


@post("/admin/trainings", guards=[may(Action.MANAGE_TRAININGS)], sync_to_thread=True,
      status_code=200, include_in_schema=False)
def schedule_training(request: Req, data: Form, ctx: Context) -> Response[Any]:
    values = {k: text(data, k) for k in ("title", "description", "skill", "capacity", "starts",
                                         "ends", "enrol_by")}
    starts, ends = _seoul(values["starts"]), _seoul(values["ends"])
    enrol_by = _seoul(values["enrol_by"]) if values["enrol_by"] else None
    capacity = _whole(values["capacity"])
    problems = {
        "schedule-title": _("Give the training a title.") if not values["title"] else "",
        "schedule-skill": _("Name the skill it certifies.") if not values["skill"] else "",
        "schedule-capacity": _("Capacity is a whole number of seats.") if capacity is None
        else "",
        "schedule-when": _("Give the start and the end, date and time.")
        if starts is None or ends is None else "",
    }
    problems = {k: v for k, v in problems.items() if v}
    if problems:
        return _render(request, "trainings", {**_trainings(request), "errors": problems,
                                              "values": values}, 422)
    return _after(request, lambda: app_of(request).schedule_training(
        ctx, title=values["title"], description=values["description"], skill=values["skill"],
        capacity=capacity, starts=starts, ends=ends, enrol_by=enrol_by), "schedule",
        "/admin/trainings", "trainings", _trainings, values=values,
        notice=_("The training is scheduled; members can enrol."))


def _training(request: Req, training_id: UUID) -> dict[str, Any]:
    with read(request) as tx:
        row = Trainings.training(tx, training_id)
        if row is None:
            raise NotFound(f"no training {training_id}")
        roster = Trainings.roster(tx, training_id)
        who = Directory.names(tx, roster)
    aggregate = app_of(request).training(training_id)
    return {"training": row, "roster": roster, "names": who,
            "attendance": {n: set(m) for n, m in aggregate.attendance.items()},
            "completed": set(aggregate.completed)}


@get("/admin/trainings/{training_id:uuid}", guards=ADMIN, sync_to_thread=True,
     include_in_schema=False)
def training(request: Req, training_id: UUID) -> Template:
    return _render(request, "training", _training(request, training_id))


@post("/admin/trainings/{training_id:uuid}/attendance", guards=[may(Action.MANAGE_TRAININGS)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def record_attendance(request: Req, training_id: UUID, data: Form,
                      ctx: Context) -> Response[Any]:
    session = _whole(text(data, "session")) or 0
    present = [u for u in (uuid_or_none(p) for p in listed(data, "present") if p) if u]
    return _after(request, lambda: app_of(request).record_attendance(
        ctx, training_id, session, present), f"session-{session}",
        f"/admin/trainings/{training_id}", "training", _training, training_id,
        notice=_("Attendance recorded."))


@post("/admin/trainings/{training_id:uuid}/complete/{member_id:uuid}",
      guards=[may(Action.MANAGE_TRAININGS)], sync_to_thread=True, status_code=200,
      include_in_schema=False)
def complete_training(request: Req, training_id: UUID, member_id: UUID,
                      ctx: Context) -> Response[Any]:
    return _after(request, lambda: app_of(request).complete_training(ctx, training_id,
                                                                     member_id),
                  f"complete-{member_id}", f"/admin/trainings/{training_id}", "training",
                  _training, training_id, notice=_("Completed: the skill is now certified."))


# -- funds, applications, decisions, disbursements ---------------------------------------------


def _funds(request: Req) -> dict[str, Any]:
    with read(request) as tx:
        return {"funds": Funds.funds(tx)}


@get("/admin/funds", guards=ADMIN, sync_to_thread=False, include_in_schema=False)
def funds(request: Req, opened: str = "") -> Template:
    """`?opened=` names the fund just opened (after the redirect without JavaScript)."""
    fund_id = uuid_or_none(opened[:36])
    return _render(request, "funds", {**_funds(request), "opened": fund_id,
                                      "notice": opened_notice(request, fund_id)})


def _criteria(textual: str) -> list[dict[str, Any]] | None:
    """"story:2, craft, budget:1" → named criteria with weights (a plain name weighs 1)."""
    if not textual.strip():
        return None
    out = []
    for part in textual.split(","):
        name, _sep, weight = part.strip().partition(":")
        out.append({"name": name.strip(), "weight": _whole(weight.strip() or "1") or 0})
    return out


@post("/admin/funds", guards=[may(Action.MANAGE_FUNDS)], sync_to_thread=True, status_code=200,
      include_in_schema=False)
def open_fund(request: Req, data: Form, ctx: Context) -> Response[Any]:
    values = {k: text(data, k) for k in ("name", "budget_krw", "cap_krw", "opens", "closes",
                                         "eligibility", "min_reviews", "criteria")}
    budget, cap = _whole(values["budget_krw"]), _whole(values["cap_krw"])
    minimum = _whole(values["min_reviews"] or "0")
    problems = {
        "open-name": _("Give the fund a name.") if not values["name"] else "",
        "open-budget": _("The budget is a whole number of won.") if budget is None else "",
        "open-cap": _("The cap is a whole number of won.") if cap is None else "",
        "open-dates": _("Give the opening and closing dates.")
        if not values["opens"] or not values["closes"] else "",
        "open-min": _("A whole number of reviews, 0 for none.") if minimum is None else "",
    }
    problems = {k: v for k, v in problems.items() if v}
    if problems:
        return _render(request, "funds", {**_funds(request), "errors": problems,
                                          "values": values}, 422)
    fund_id, status = attempt(lambda: app_of(request).open_fund(
        ctx, name=values["name"], budget_krw=budget, cap_krw=cap, opens=values["opens"],
        closes=values["closes"], eligibility=values["eligibility"],
        criteria=_criteria(values["criteria"]), min_reviews=minimum), problems, "open")
    if problems:
        return _render(request, "funds", {**_funds(request), "errors": problems,
                                          "values": values}, status)
    caught_up(request)
    if request.htmx:  # type: ignore[attr-defined]
        return _render(request, "funds", {**_funds(request), "opened": fund_id,
                                          "notice": opened_notice(request, fund_id)})
    return Redirect(f"/admin/funds?opened={fund_id}", status_code=303)


@post("/admin/funds/{fund_id:uuid}/close", guards=[may(Action.MANAGE_FUNDS)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def close_fund(request: Req, fund_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    return _after(request, lambda: app_of(request).close_fund(
        ctx, fund_id, reason=text(data, "reason")), f"fund-{fund_id}", "/admin/funds", "funds",
        _funds, notice=_("The fund takes no more applications."))


def _fund(request: Req, fund_id: UUID) -> dict[str, Any]:
    with read(request) as tx:
        row = Funds.fund(tx, fund_id)
        if row is None:
            raise NotFound(f"no fund {fund_id}")
        applications = Funds.applications(tx, fund_id=fund_id)
        titles = project_titles(tx, [a.project_id for a in applications])
        who = Directory.names(tx, [a.applicant_id for a in applications])
    return {"fund": row, "applications": applications, "titles": titles, "names": who,
            "statuses": application_status_labels(), "page_title": row.name}


@get("/admin/funds/{fund_id:uuid}", guards=ADMIN, sync_to_thread=True, include_in_schema=False)
def fund(request: Req, fund_id: UUID) -> Template:
    return _render(request, "fund", _fund(request, fund_id))


def _application(request: Req, application_id: UUID, q: str = "",
                 candidate: UUID | None = None) -> dict[str, Any]:
    with read(request) as tx:
        row = Funds.application(tx, application_id)
        if row is None:
            raise NotFound(f"no application {application_id}")
        fund_row = Funds.fund(tx, row.fund_id)
        reviewers = Funds.reviewers(tx, application_id)
        found = Directory.search(tx, q, limit=10) if q else []
        who = Directory.names(
            tx, [r.reviewer_id for r in reviewers] + [row.applicant_id, candidate])
        title = project_titles(tx, [row.project_id]).get(row.project_id, "")
    applicant = who.get(row.applicant_id, "")
    aggregate = app_of(request).subsidy_application(application_id)
    conflicts = (app_of(request).reviewer_conflicts(application_id, candidate)
                 if candidate else [])
    taken = {r.reviewer_id for r in reviewers} | {row.applicant_id}
    return {
        "row": row, "fund": fund_row, "reviewers": reviewers, "names": who,
        "project_title": title, "applicant": applicant,
        "page_title": _("%(project)s, applied for by %(applicant)s", project=title,
                        applicant=applicant),
        "versions": list(reversed(aggregate.versions)), "tranches": aggregate.tranches,
        "reviews": aggregate.reviews, "q": q, "found": [m for m in found
                                                        if m.member_id not in taken],
        "candidate": candidate, "conflicts": conflicts, "codes": reason_code_labels(),
        "statuses": application_status_labels(),
    }


@get("/admin/applications/{application_id:uuid}", guards=ADMIN, sync_to_thread=True,
     include_in_schema=False)
def application(request: Req, application_id: UUID, q: str = "",
                candidate: str = "") -> Template:
    """The application as staff handle it; `?candidate=` shows a member's conflicts of
    interest before they are assigned."""
    chosen = uuid_or_none(candidate) if candidate else None
    return _render(request, "application", _application(request, application_id, q[:120],
                                                        chosen))


@post("/admin/applications/{application_id:uuid}/reviewers",
      guards=[may(Action.ASSIGN_REVIEWER)], sync_to_thread=True, status_code=200,
      include_in_schema=False)
def assign_reviewer(request: Req, application_id: UUID, data: Form,
                    ctx: Context) -> Response[Any]:
    member_id = uuid_or_none(text(data, "member_id"))
    override = text(data, "override_reason") or None
    if member_id is None:
        return _refuse(request, "assign", _("Choose a member to appoint."), "application",
                       _application, application_id)
    return _after(request, lambda: app_of(request).assign_reviewer(
        ctx, application_id, member_id, override_reason=override), "assign",
        f"/admin/applications/{application_id}", "application", _application, application_id,
        "", member_id, values={"override_reason": override or ""},
        notice=_("The reviewer is appointed."))


@post("/admin/applications/{application_id:uuid}/decision", guards=[may(Action.DECIDE_SUBSIDY)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def decide(request: Req, application_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    values = {k: text(data, k) for k in ("approve", "amount_krw", "reason_code", "reason")}
    approve = values["approve"] == "yes"
    amount = _whole(values["amount_krw"]) if values["amount_krw"] else None
    if values["approve"] not in ("yes", "no"):
        return _refuse(request, "decision", _("Choose approve or reject."), "application",
                       _application, application_id, values=values)
    if approve and amount is None:
        return _refuse(request, "decision", _("An approval needs the amount granted, in won."),
                       "application", _application, application_id, values=values)
    if not values["reason"]:
        return _refuse(request, "decision", _("Give the reason in words; the applicant sees it "
                                              "on the receipt."),
                       "application", _application, application_id, values=values)
    return _after(request, lambda: app_of(request).decide_subsidy(
        ctx, application_id, approve=approve, amount_krw=amount if approve else None,
        reason_code=values["reason_code"], reason=values["reason"]), "decision",
        f"/admin/applications/{application_id}", "application", _application, application_id,
        values=values, notice=_("Decided. The receipt is ready for the applicant."))


@post("/admin/applications/{application_id:uuid}/disbursements",
      guards=[may(Action.DISBURSE_SUBSIDY)], sync_to_thread=True, status_code=200,
      include_in_schema=False)
def disburse(request: Req, application_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    values = {k: text(data, k) for k in ("amount_krw", "note")}
    amount = _whole(values["amount_krw"])
    if amount is None or amount <= 0:
        return _refuse(request, "disburse", _("The tranche is a whole number of won above 0."),
                       "application", _application, application_id, values=values)
    return _after(request, lambda: app_of(request).disburse(
        ctx, application_id, amount_krw=amount, note=values["note"]), "disburse",
        f"/admin/applications/{application_id}", "application", _application, application_id,
        values=values, notice=_("The tranche is paid."))


# -- member reports --------------------------------------------------------------------------


def _reports(request: Req) -> dict[str, Any]:
    with read(request) as tx:
        return {"reports": Inbox.reports(tx)}


@get("/admin/reports", guards=[may(Action.MODERATE)], sync_to_thread=True,
     include_in_schema=False)
def reports(request: Req) -> Template:
    return _render(request, "reports", _reports(request))


@post("/admin/reports/{report_id:uuid}/resolve", guards=[may(Action.MODERATE)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def resolve_report(request: Req, report_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    note = text(data, "note")
    key = f"report-{report_id}"
    if not note:
        return _refuse(request, key, _("Say what was done; the member who reported sees it."),
                       "reports", _reports)
    return _after(request, lambda: app_of(request).resolve_report(ctx, report_id, note), key,
                  "/admin/reports", "reports", _reports, notice=_("The report is resolved."))


ROUTES = [
    overview, members, grant_role, revoke_role, partners, verify_partner, reject_partner,
    opportunities, take_down, workspaces, create_workspace, workspace, add_blackout,
    remove_blackout, retire_workspace, bookings, approve_request, refuse_request, decide_appeal,
    trainings, schedule_training, training, record_attendance, complete_training, funds,
    open_fund, close_fund, fund, application, assign_reviewer, decide, disburse, reports,
    resolve_report,
]
