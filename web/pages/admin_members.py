"""The admin console's people: members found by name with the roles staff may grant or revoke
(coordinator, auditor, admin), and members' reports of one another to resolve."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import get, post
from litestar.response import Response, Template

from domain.context import Context
from domain.permissions import Action
from domain.vocabulary import GRANTED_ROLES
from projections.views.directory import Directory
from projections.views.inbox import Inbox
from web.auth import may
from web.forms import Form, text
from web.i18n import gettext_ as _
from web.pages.admin_console import ADMIN, after, refuse, render
from web.pages.common import Req, app_of, read


def _members(request: Req, q: str = "") -> dict[str, Any]:
    with read(request) as tx:
        found = Directory.search(tx, q, limit=50)
        universities = {u.university_id: u for u in Directory.universities(tx)}
    return {
        "members": found,
        "q": q,
        "universities": universities,
        "granted": sorted(r.value for r in GRANTED_ROLES),
    }


@get("/admin/members", guards=ADMIN, sync_to_thread=True, include_in_schema=False)
def members(request: Req, q: str = "") -> Template:
    return render(request, "members", _members(request, q[:120]))


def _role_change(
    request: Req, member_id: UUID, data: Form, ctx: Context, grant: bool
) -> Response[Any]:
    role = text(data, "role")
    q = text(data, "q")
    key = f"role-{member_id}"
    if role not in {r.value for r in GRANTED_ROLES}:
        return refuse(
            request, key, _("Choose coordinator, auditor or admin."), "members", _members, q
        )
    command = app_of(request).grant_role if grant else app_of(request).revoke_role
    return after(
        request,
        lambda: command(ctx, member_id, role),
        key,
        f"/admin/members?q={q}",
        "members",
        _members,
        q,
    )


@post(
    "/admin/members/{member_id:uuid}/grant",
    guards=[may(Action.GRANT_ROLE)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def grant_role(request: Req, member_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    return _role_change(request, member_id, data, ctx, grant=True)


@post(
    "/admin/members/{member_id:uuid}/revoke",
    guards=[may(Action.GRANT_ROLE)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def revoke_role(request: Req, member_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    return _role_change(request, member_id, data, ctx, grant=False)


def _reports(request: Req) -> dict[str, Any]:
    with read(request) as tx:
        return {"reports": Inbox.reports(tx)}


@get("/admin/reports", guards=[may(Action.MODERATE)], sync_to_thread=True, include_in_schema=False)
def reports(request: Req) -> Template:
    return render(request, "reports", _reports(request))


@post(
    "/admin/reports/{report_id:uuid}/resolve",
    guards=[may(Action.MODERATE)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def resolve_report(request: Req, report_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    note = text(data, "note")
    key = f"report-{report_id}"
    if not note:
        return refuse(
            request,
            key,
            _("Say what was done; the member who reported sees it."),
            "reports",
            _reports,
        )
    return after(
        request,
        lambda: app_of(request).resolve_report(ctx, report_id, note),
        key,
        "/admin/reports",
        "reports",
        _reports,
        notice=_("The report is resolved."),
    )


ROUTES = [members, grant_role, revoke_role, reports, resolve_report]
