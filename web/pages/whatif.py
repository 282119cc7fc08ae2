"""What-if: a fund's decisions or a period's bookings replayed under a proposed rule,
read-only, to see who would have gained or lost before adopting it. Admins find it on the admin
console; auditors, allowed it by the role table (RUN_WHAT_IF), on a page without the console's
sections around it.

A fund's baseline is what was decided (the decisions in the log), so replaying it under its own
cap, budget and weights shows no change; projections/views/whatif.py says how a change bites.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import get
from litestar.response import Template

from domain.permissions import Action, allowed
from projections.views.directory import Directory
from projections.views.funds import Funds, project_titles
from projections.views.whatif import Outcome, booking_what_if, fund_what_if
from web.auth import may
from web.forms import moment_or_none, uuid_or_none
from web.i18n import gettext_ as _
from web.pages.admin_console import render, whole
from web.pages.common import Req, app_of, read, roles_of, wants_fragment


def note_of(outcome: Outcome) -> str:
    """Why an outcome is what it is, in the reader's language."""
    score = "—" if outcome.score is None else str(outcome.score)
    said = {
        "as_decided": _("Granted as decided (score %(score)s)", score=score),
        "cut_to_cap": _("The proposed cap cuts the grant"),
        "raised_with_cap": _(
            "Held at the fund's cap; the proposed cap gives more of what was asked"
        ),
        "budget_cut": _("The proposed budget runs out before it (score %(score)s)", score=score),
        "funded_by_the_rule": _(
            "Turned down because the money was spent; the rule frees enough (score %(score)s)",
            score=score,
        ),
        "budget_exhausted": _(
            "Turned down because the money was spent; still not enough under the rule"
        ),
        "turned_down": _("Turned down for another reason; the rule does not change that"),
        "undecided": _("Not decided yet"),
        "draft": _("Still a draft"),
        "refused": _("%(n)s booking(s) refused under the rule", n=outcome.refused),
    }
    return said.get(outcome.note, "")


def _fund(request: Req, query: dict[str, str], context: dict[str, Any]) -> int:
    chosen = next(
        (f for f in context["funds"] if f.fund_id == uuid_or_none(query.get("fund_id", ""))), None
    )
    if chosen is None:
        context["errors"]["fund"] = _("Choose a fund.")
        return 422
    context["chosen"] = chosen
    weights = {
        str(c["name"]): whole(query.get(f"w_{c['name']}", "") or str(c["weight"]))
        for c in chosen.criteria
    }
    cap = whole(query["cap_krw"]) if query.get("cap_krw") else None
    budget = whole(query["budget_krw"]) if query.get("budget_krw") else None
    if (
        any(w is None for w in weights.values())
        or (query.get("cap_krw") and cap is None)
        or (query.get("budget_krw") and budget is None)
    ):
        context["errors"]["fund"] = _("Caps, budgets and weights are whole numbers.")
        return 422
    try:
        result = fund_what_if(
            app_of(request),
            chosen.fund_id,
            cap_krw=cap,
            budget_krw=budget,
            weights={k: int(v or 0) for k, v in weights.items()},
        )
    except ValueError:
        context["errors"]["fund"] = _(
            "A cap and a budget are more than 0; weights are 0 or more, and not all 0."
        )
        return 422
    context.update(result=result, kind="fund")
    return 200


def _bookings(request: Req, query: dict[str, str], context: dict[str, Any]) -> int:
    since, until = moment_or_none(query.get("since", "")), moment_or_none(query.get("until", ""))
    try:
        quota = float(query["quota_hours"])
        uni = float(query["university_hours"]) if query.get("university_hours") else None
    except ValueError:
        quota, uni = -1.0, None
    if since is None or until is None or until <= since:
        context["errors"]["booking"] = _("Give the period: a start and a later end.")
        return 422
    try:
        result = booking_what_if(
            app_of(request), since, until, member_quota_hours=quota, university_budget_hours=uni
        )
    except ValueError:
        context["errors"]["booking"] = _("Hours are a number above 0.")
        return 422
    context.update(result=result, kind="booking")
    return 200


@get(
    "/admin/what-if", guards=[may(Action.RUN_WHAT_IF)], sync_to_thread=True, include_in_schema=False
)
def what_if(request: Req) -> Template:
    """Replay past applications or bookings under a proposed rule: who gains, who loses."""
    query = {k: str(v)[:64] for k, v in request.query_params.items()}
    now = app_of(request).clock.now()
    query.setdefault("since", (now - timedelta(days=28)).strftime("%Y-%m-%dT%H:%M"))
    query.setdefault("until", now.strftime("%Y-%m-%dT%H:%M"))
    with read(request) as tx:
        funds = Funds.funds(tx)
    context: dict[str, Any] = {
        "funds": funds,
        "values": query,
        "errors": {},
        "result": None,
        "kind": "",
        "note_of": note_of,
        "names": {},
        "titles": {},
    }
    status = 200
    if query.get("fund_id"):
        status = _fund(request, query, context)
    elif query.get("quota_hours"):
        status = _bookings(request, query, context)
    if context["result"] is not None:
        outcomes = context["result"].outcomes
        with read(request) as tx:
            context["names"] = Directory.names(tx, [o.subject_id for o in outcomes])
            if context["kind"] == "fund":
                applications = {
                    a.application_id: a.project_id
                    for a in Funds.applications(tx, fund_id=context["chosen"].fund_id)
                }
                titles = project_titles(tx, applications.values())
                context["titles"] = {k: titles.get(v, "") for k, v in applications.items()}
    if allowed(roles_of(request), Action.MANAGE_WORKSPACES) or wants_fragment(request):
        return render(request, "whatif", context, status)
    # An auditor: the same replay, read-only, without the admin console's sections around it.
    context.update(fragment="admin/_whatif.html")
    return Template("audit/whatif.html", context=context, status_code=status)


ROUTES = [what_if]
