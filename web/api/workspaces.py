"""Workspaces and bookings."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import anyio
from litestar import Litestar, Request, delete, get, post
from litestar.handlers.base import BaseRouteHandler
from msgspec import Meta, Struct, field

from domain.context import Context
from domain.permissions import Action
from domain.vocabulary import WorkspaceKind
from projections.views.calendar import Calendar
from web.api.common import SIGNED_IN, Aware, Name, Short, filmhouse, responses
from web.auth import Connection, booker_or_admin, may, owns


class WorkspaceOut(Struct):
    workspace_id: UUID
    name: str
    kind: str
    capacity: int
    equipment: list[str]


class WorkspaceIn(Struct):
    name: Name
    kind: WorkspaceKind
    capacity: Annotated[int, Meta(ge=1, le=500)] = 1
    equipment: Annotated[list[Short], Meta(max_length=50)] = field(default_factory=list)


class WorkspaceCreated(Struct):
    workspace_id: UUID


class BookingIn(Struct):
    start: Aware
    end: Aware


class BookingOut(Struct):
    booking_id: UUID
    status: str


@get(
    "/workspaces",
    sync_to_thread=True,
    responses=responses(),
    summary="The centre's rooms and stations",
)
def workspaces(request: Request[Any, Any, Any]) -> list[WorkspaceOut]:
    return [
        WorkspaceOut(
            workspace_id=w.id,
            name=w.name,
            kind=w.kind.value,
            capacity=w.capacity,
            equipment=list(w.equipment),
        )
        for w in filmhouse(request).workspaces()
    ]


@post(
    "/workspaces",
    guards=[may(Action.MANAGE_WORKSPACES)],
    status_code=201,
    sync_to_thread=True,
    responses=responses(*SIGNED_IN, 409),
    summary="Add a room or station (admins only)",
)
def create_workspace(
    request: Request[Any, Any, Any], data: WorkspaceIn, ctx: Context
) -> WorkspaceCreated:
    workspace_id = filmhouse(request).create_workspace(
        ctx, name=data.name, kind=data.kind, capacity=data.capacity, equipment=list(data.equipment)
    )
    return WorkspaceCreated(workspace_id=workspace_id)


def _room_listed(app: Litestar, workspace_id: UUID) -> None:
    with app.state.projector.db.read() as tx:
        if Calendar.room(tx, workspace_id) is not None:
            return
    app.state.filmhouse.workspace(workspace_id)  # a room too new for the view; NotFound if none


async def room_exists(connection: Connection, handler: BaseRouteHandler) -> None:
    """404 for an unknown room before the body is read, so that the API's answers keep their
    order (401, 403, 404, 422): asked of the calendar view, and of the domain only for a room
    the view has not caught up with yet."""
    await anyio.to_thread.run_sync(
        _room_listed, connection.app, connection.path_params["workspace_id"]
    )


room_exists.__name__ = "owns_workspace_exists"  # named as web.auth.owns names the same check


@post(
    "/workspaces/{workspace_id:uuid}/bookings",
    guards=[may(Action.BOOK_WORKSPACE), room_exists],
    status_code=201,
    sync_to_thread=True,
    responses=responses(*SIGNED_IN, 409),
    summary="Book a slot; 409 when it overlaps a booking (saying whose, and which rooms of "
    "the same kind are free then) or exceeds a quota",
)
def book(
    request: Request[Any, Any, Any], workspace_id: UUID, data: BookingIn, ctx: Context
) -> BookingOut:
    """One trip into the domain (it loads the room once and decides slot, request or desk);
    the answer is the command's own result, no read of the booking after it."""
    booked = filmhouse(request).book(ctx, workspace_id, start=data.start, end=data.end)
    return BookingOut(booking_id=booked.booking_id, status=booked.status.value)


@delete(
    "/bookings/{booking_id:uuid}",
    guards=[owns(booker_or_admin)],
    status_code=200,
    sync_to_thread=True,
    responses=responses(*SIGNED_IN, 409),
    summary="Cancel a booking (the booker or an admin); frees the slot",
)
def cancel(request: Request[Any, Any, Any], booking_id: UUID, ctx: Context) -> BookingOut:
    status = filmhouse(request).cancel_booking(ctx, booking_id)
    return BookingOut(booking_id=booking_id, status=status.value)


ROUTES = [workspaces, create_workspace, book, cancel]
