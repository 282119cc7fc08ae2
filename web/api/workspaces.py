"""Workspaces and bookings."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Annotated, Any, Literal
from uuid import UUID

from litestar import MediaType, Request, Response, delete, get, post
from litestar.openapi.datastructures import ResponseSpec
from msgspec import Meta, Struct, field

from domain.booking_refusals import Alternative
from domain.context import Context
from domain.errors import DomainError, Listing
from domain.permissions import Action
from domain.vocabulary import WorkspaceKind
from web.api.common import ERROR_DESCRIPTIONS, SIGNED_IN, Aware, Name, Short, filmhouse, responses
from web.auth import booker_or_admin, may, owns, workspace_exists
from web.errors import CODES, status_of
from web.i18n import choose, speaking
from web.refusals import said

KindName = Literal[tuple(k.value for k in WorkspaceKind)]  # type: ignore[valid-type]


class WorkspaceOut(Struct):
    workspace_id: UUID
    name: str
    kind: str
    capacity: int
    equipment: list[str]


class WorkspaceIn(Struct):
    name: Name
    kind: KindName
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


class BookingRefused(Struct):
    """A refused booking: `{error, detail}` as every refusal, and the refusal's facts as data:
    `code` (its kind), `field` (start or end), and `params` (for a clash: `clash` — own_booking,
    booking, own_offer or offer —, `own`, `booking_id` or `entry_id`, and `alternatives`, the
    free rooms of the same kind at that time, each `{workspace_id, name}`)."""

    error: str
    detail: str
    code: str = ""
    field: str = ""
    params: dict[str, Any] = {}


def _fact(value: object) -> object:
    if isinstance(value, DomainError):
        return said(value)
    if isinstance(value, Listing):
        return list(value.items)
    if isinstance(value, tuple) and all(isinstance(v, Alternative) for v in value):
        return [{"workspace_id": str(a.workspace_id), "name": a.name} for a in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, UUID | date):
        return str(value) if isinstance(value, UUID) else value.isoformat()
    return str(value)


def booking_refused(request: Request[Any, Any, Any], error: DomainError) -> Response[Any]:
    """The refusal as JSON, with its facts; the sentence English unless Korean is asked for."""
    status = status_of(error)
    with speaking(choose(None, request.headers.get("accept-language"))):
        body = BookingRefused(
            error=CODES.get(status, "refused"), detail=said(error), code=error.code,
            field=str(getattr(error, "field", "")),
            params={k: _fact(v) for k, v in error.params.items()},
        )
    return Response(body, status_code=status, media_type=MediaType.JSON)


def _refusals(*codes: int) -> dict[int, ResponseSpec]:
    found = responses(*codes)
    for code in (409, 422):
        found[code] = ResponseSpec(data_container=BookingRefused, generate_examples=False,
                                   description=ERROR_DESCRIPTIONS[code])
    return found


@get("/workspaces", sync_to_thread=True, responses=responses(),
     summary="The centre's rooms and stations")
def workspaces(request: Request[Any, Any, Any]) -> list[WorkspaceOut]:
    return [WorkspaceOut(workspace_id=w.id, name=w.name, kind=w.kind.value,
                         capacity=w.capacity, equipment=list(w.equipment))
            for w in filmhouse(request).workspaces()]


@post("/workspaces", guards=[may(Action.MANAGE_WORKSPACES)], status_code=201,
      sync_to_thread=True, responses=responses(*SIGNED_IN, 409),
      summary="Add a room or station (admins only)")
def create_workspace(request: Request[Any, Any, Any], data: WorkspaceIn,
                     ctx: Context) -> WorkspaceCreated:
    workspace_id = filmhouse(request).create_workspace(
        ctx, name=data.name, kind=data.kind, capacity=data.capacity,
        equipment=list(data.equipment),
    )
    return WorkspaceCreated(workspace_id=workspace_id)


@post("/workspaces/{workspace_id:uuid}/bookings",
      guards=[may(Action.BOOK_WORKSPACE), owns(workspace_exists)], status_code=201,
      sync_to_thread=True, responses=_refusals(*SIGNED_IN, 409),
      summary="Book a slot; 409 when it overlaps a booking (saying whose, and which rooms of "
              "the same kind are free then) or exceeds a quota")
def book(request: Request[Any, Any, Any], workspace_id: UUID, data: BookingIn,
         ctx: Context) -> BookingOut | Response[Any]:
    app = filmhouse(request)
    try:
        booking_id = app.book_workspace(ctx, workspace_id, start=data.start, end=data.end)
    except DomainError as error:
        if status_of(error) not in (409, 422):
            raise
        return booking_refused(request, error)
    return BookingOut(booking_id=booking_id, status=app.booking(booking_id).status.value)


@delete("/bookings/{booking_id:uuid}", guards=[owns(booker_or_admin)], status_code=200,
        sync_to_thread=True, responses=responses(*SIGNED_IN, 409),
        summary="Cancel a booking (the booker or an admin); frees the slot")
def cancel(request: Request[Any, Any, Any], booking_id: UUID, ctx: Context) -> BookingOut:
    app = filmhouse(request)
    app.cancel_booking(ctx, booking_id)
    return BookingOut(booking_id=booking_id, status=app.booking(booking_id).status.value)


ROUTES = [workspaces, create_workspace, book, cancel]
