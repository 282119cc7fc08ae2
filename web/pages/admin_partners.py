"""The admin console's commercial bridge: partners waiting to be verified (or rejected, with
the reason they can correct), and postings to take down when they break a rule."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import get, post
from litestar.response import Response, Template

from domain.context import Context
from domain.permissions import Action
from projections.views.bridge import Bridge
from projections.views.directory import Directory
from web.auth import may
from web.forms import Form, text
from web.i18n import gettext_ as _
from web.pages.admin_console import ADMIN, after, refuse, render
from web.pages.common import Req, app_of, read


def _partners(request: Req) -> dict[str, Any]:
    with read(request) as tx:
        pending = Bridge.partners(tx, status="pending")
        verified = Bridge.partners(tx, status="verified")
        suspended = Bridge.partners(tx, status="suspended")
        who = Directory.names(tx, [p.representative_id for p in pending])
    return {"partners": pending, "names": who, "verified": verified, "suspended": suspended}


@get("/admin/partners", guards=ADMIN, sync_to_thread=True, include_in_schema=False)
def partners(request: Req) -> Template:
    return render(request, "partners", _partners(request))


@post(
    "/admin/partners/{partner_id:uuid}/verify",
    guards=[may(Action.VERIFY_PARTNER)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def verify_partner(request: Req, partner_id: UUID, ctx: Context) -> Response[Any]:
    return after(
        request,
        lambda: app_of(request).verify_partner(ctx, partner_id),
        f"partner-{partner_id}",
        "/admin/partners",
        "partners",
        _partners,
        notice=_("The partner is verified and can post opportunities."),
    )


@post(
    "/admin/partners/{partner_id:uuid}/reject",
    guards=[may(Action.VERIFY_PARTNER)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def reject_partner(request: Req, partner_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    reason = text(data, "reason")
    key = f"partner-{partner_id}"
    if not reason:
        return refuse(
            request, key, _("Say why, so that the partner can correct it."), "partners", _partners
        )
    return after(
        request,
        lambda: app_of(request).reject_partner(ctx, partner_id, reason),
        key,
        "/admin/partners",
        "partners",
        _partners,
    )


@post(
    "/admin/partners/{partner_id:uuid}/suspend",
    guards=[may(Action.VERIFY_PARTNER)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def suspend_partner(request: Req, partner_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    """Stop a verified organisation acting on the bridge, with a reason; its open calls close
    in the same write."""
    reason = text(data, "reason")
    key = f"standing-{partner_id}"
    if not reason:
        return refuse(
            request,
            key,
            _("Say why the partner is suspended: they read it, and so does the record."),
            "partners",
            _partners,
        )
    return after(
        request,
        lambda: app_of(request).suspend_partner(ctx, partner_id, reason),
        key,
        "/admin/partners",
        "partners",
        _partners,
        notice=_("The partner is suspended; its open calls are closed."),
    )


@post(
    "/admin/partners/{partner_id:uuid}/reinstate",
    guards=[may(Action.VERIFY_PARTNER)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def reinstate_partner(request: Req, partner_id: UUID, ctx: Context) -> Response[Any]:
    """A suspended organisation may act again; its calls stay closed until it reopens them."""
    return after(
        request,
        lambda: app_of(request).verify_partner(ctx, partner_id),
        f"standing-{partner_id}",
        "/admin/partners",
        "partners",
        _partners,
        notice=_("The partner is reinstated; its calls stay closed until it reopens them."),
    )


def _opportunities(request: Req) -> dict[str, Any]:
    with read(request) as tx:
        board = Bridge.board(tx, app_of(request).clock.now(), limit=200)
    return {"opportunities": board}


@get("/admin/opportunities", guards=ADMIN, sync_to_thread=True, include_in_schema=False)
def opportunities(request: Req) -> Template:
    return render(request, "opportunities", _opportunities(request))


@post(
    "/admin/opportunities/{opportunity_id:uuid}/take-down",
    guards=[may(Action.TAKE_DOWN_POSTING)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def take_down(request: Req, opportunity_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    reason = text(data, "reason")
    key = f"opportunity-{opportunity_id}"
    if not reason:
        return refuse(
            request,
            key,
            _("Say which rule the posting breaks; the partner sees it."),
            "opportunities",
            _opportunities,
        )
    return after(
        request,
        lambda: app_of(request).take_down_opportunity(ctx, opportunity_id, reason),
        key,
        "/admin/opportunities",
        "opportunities",
        _opportunities,
        notice=_("The posting is taken down."),
    )


ROUTES = [
    partners,
    verify_partner,
    reject_partner,
    suspend_partner,
    reinstate_partner,
    opportunities,
    take_down,
]
