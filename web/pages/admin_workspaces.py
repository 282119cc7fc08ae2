"""The admin console's rooms: opening a workspace, closing it for a while (blackouts) or for
good (retiring it), answering booking requests for the rooms that need an admin's yes, and
deciding members' appeals of their no-show strikes."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import get, post
from litestar.response import Response, Template

from domain.context import Context
from domain.errors import NotFound
from domain.permissions import Action
from domain.vocabulary import WorkspaceKind
from projections.views.calendar import Calendar
from projections.views.console import Console
from projections.views.directory import Directory
from web.auth import may
from web.forms import Form, moment_or_none, text
from web.i18n import gettext_ as _
from web.pages.admin_console import ADMIN, after, refuse, render, whole
from web.pages.common import Req, app_of, read


def _workspaces(request: Req) -> dict[str, Any]:
    with read(request) as tx:
        rooms = Console.rooms(tx)
    return {"workspaces": rooms, "kinds": [k.value for k in WorkspaceKind]}


@get("/admin/workspaces", guards=ADMIN, sync_to_thread=False, include_in_schema=False)
def workspaces(request: Req) -> Template:
    return render(request, "workspaces", _workspaces(request))


@post(
    "/admin/workspaces", guards=ADMIN, sync_to_thread=True, status_code=200, include_in_schema=False
)
def create_workspace(request: Req, data: Form, ctx: Context) -> Response[Any]:
    values = {
        k: text(data, k) for k in ("name", "kind", "capacity", "opens", "closes", "equipment")
    }
    if not values["name"]:
        return refuse(
            request,
            "create-name",
            _("Give the room a name."),
            "workspaces",
            _workspaces,
            values=values,
        )
    capacity = whole(values["capacity"] or "1")
    if capacity is None:
        return refuse(
            request,
            "create-capacity",
            _("Capacity is a whole number of seats."),
            "workspaces",
            _workspaces,
            values=values,
        )
    equipment = [e.strip() for e in values["equipment"].split(",") if e.strip()]
    return after(
        request,
        lambda: app_of(request).create_workspace(
            ctx,
            name=values["name"],
            kind=values["kind"],
            capacity=capacity,
            opens=values["opens"] or "09:00",
            closes=values["closes"] or "22:00",
            equipment=equipment,
        ),
        "create",
        "/admin/workspaces",
        "workspaces",
        _workspaces,
        notice=_("The workspace is open for booking."),
        values=values,
    )


def _workspace(request: Req, workspace_id: UUID) -> dict[str, Any]:
    with read(request) as tx:
        room = Calendar.room(tx, workspace_id)
    if room is None:
        raise NotFound(f"no workspace {workspace_id}")
    blackouts = sorted(room.blackouts.items(), key=lambda item: item[1]["start"])
    return {"room": room, "blackouts": blackouts}


@get(
    "/admin/workspaces/{workspace_id:uuid}",
    guards=ADMIN,
    sync_to_thread=True,
    include_in_schema=False,
)
def workspace(request: Req, workspace_id: UUID) -> Template:
    return render(request, "workspace", _workspace(request, workspace_id))


@post(
    "/admin/workspaces/{workspace_id:uuid}/blackouts",
    guards=ADMIN,
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def add_blackout(request: Req, workspace_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    values = {k: text(data, k) for k in ("start", "end", "reason")}
    start, end = moment_or_none(values["start"]), moment_or_none(values["end"])
    back = f"/admin/workspaces/{workspace_id}"
    if start is None or end is None:
        return refuse(
            request,
            "blackout",
            _("Give a start and an end, date and time."),
            "workspace",
            _workspace,
            workspace_id,
            values=values,
        )
    if not values["reason"]:
        return refuse(
            request,
            "blackout",
            _("Say why the room is closed; members see it."),
            "workspace",
            _workspace,
            workspace_id,
            values=values,
        )
    return after(
        request,
        lambda: app_of(request).add_blackout(
            ctx, workspace_id, start=start, end=end, reason=values["reason"]
        ),
        "blackout",
        back,
        "workspace",
        _workspace,
        workspace_id,
        values=values,
    )


@post(
    "/admin/workspaces/{workspace_id:uuid}/blackouts/{blackout_id:uuid}/remove",
    guards=ADMIN,
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def remove_blackout(
    request: Req, workspace_id: UUID, blackout_id: UUID, ctx: Context
) -> Response[Any]:
    return after(
        request,
        lambda: app_of(request).remove_blackout(ctx, workspace_id, blackout_id),
        "blackout",
        f"/admin/workspaces/{workspace_id}",
        "workspace",
        _workspace,
        workspace_id,
    )


@post(
    "/admin/workspaces/{workspace_id:uuid}/retire",
    guards=ADMIN,
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def retire_workspace(request: Req, workspace_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    return after(
        request,
        lambda: app_of(request).retire_workspace(ctx, workspace_id, text(data, "reason")),
        "retire",
        f"/admin/workspaces/{workspace_id}",
        "workspace",
        _workspace,
        workspace_id,
    )


# -- booking requests and strike appeals -------------------------------------------------------


def _bookings(request: Req) -> dict[str, Any]:
    with read(request) as tx:
        requests = Console.booking_requests(tx)
        appeals = Calendar.appeals(tx)
        who = Directory.names(tx, [r.member_id for r in requests] + [a.member_id for a in appeals])
    return {"requests": requests, "appeals": appeals, "names": who}


@get("/admin/bookings", guards=ADMIN, sync_to_thread=True, include_in_schema=False)
def bookings(request: Req) -> Template:
    return render(request, "bookings", _bookings(request))


@post(
    "/admin/bookings/{booking_id:uuid}/approve",
    guards=[may(Action.DECIDE_BOOKING_REQUEST)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def approve_request(request: Req, booking_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    return after(
        request,
        lambda: app_of(request).approve_booking_request(ctx, booking_id, text(data, "reason")),
        f"booking-{booking_id}",
        "/admin/bookings",
        "bookings",
        _bookings,
        notice=_("The request is approved; the slot is booked."),
    )


@post(
    "/admin/bookings/{booking_id:uuid}/refuse",
    guards=[may(Action.DECIDE_BOOKING_REQUEST)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def refuse_request(request: Req, booking_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    reason = text(data, "reason")
    key = f"booking-{booking_id}"
    if not reason:
        return refuse(
            request,
            key,
            _("Say why the request is refused; the member sees it."),
            "bookings",
            _bookings,
        )
    return after(
        request,
        lambda: app_of(request).refuse_booking_request(ctx, booking_id, reason),
        key,
        "/admin/bookings",
        "bookings",
        _bookings,
    )


@post(
    "/admin/strikes/{strike_id:uuid}/{verdict:str}",
    guards=[may(Action.DECIDE_STRIKE_APPEAL)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def decide_appeal(
    request: Req, strike_id: UUID, verdict: str, data: Form, ctx: Context
) -> Response[Any]:
    if verdict not in ("uphold", "overturn"):
        raise NotFound(f"no action {verdict}")
    reason = text(data, "reason")
    key = f"strike-{strike_id}"
    if not reason:
        return refuse(
            request, key, _("Say why; the member sees your answer."), "bookings", _bookings
        )
    command = (
        app_of(request).uphold_strike if verdict == "uphold" else app_of(request).overturn_strike
    )
    return after(
        request,
        lambda: command(ctx, strike_id, reason),
        key,
        "/admin/bookings",
        "bookings",
        _bookings,
    )


ROUTES = [
    workspaces,
    create_workspace,
    workspace,
    add_blackout,
    remove_blackout,
    retire_workspace,
    bookings,
    approve_request,
    refuse_request,
    decide_appeal,
]
