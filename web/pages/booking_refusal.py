"""A refused booking on the calendar page, said from the refusal's data: the sentence in the
reader's language, next to the field it is about; when the member's own booking (or an offer
held for them) is in the way, a link to it and no waitlist; otherwise the waitlist; and links
to the free rooms of the same kind at that time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.booking_refusals import Alternative
from domain.errors import DomainError
from projections.views.calendar_rows import RoomRow
from web.display.refusals import said
from web.pages.calendar_grid import calendar_url


@dataclass(frozen=True)
class Room:
    name: str
    href: str


@dataclass(frozen=True)
class RefusalView:
    message: str
    field: str  # "form", "start" or "end": where the page shows it
    own_href: str = ""  # the member's own booking or offer in the way
    own_offer: bool = False
    waitlist: bool = False
    alternatives: tuple[Room, ...] = ()


def refusal_view(
    error: DomainError, workspace: RoomRow, day: date, begin: datetime, finish: datetime
) -> RefusalView:
    params: dict[str, Any] = error.params
    clash = params.get("clash")
    if clash is None:
        where = getattr(error, "field", "form")
        return RefusalView(said(error), where if where in ("start", "end") else "form")
    own_href = ""
    if clash == "own_booking":
        own_href = f"/my/bookings#booking-{params['booking_id']}"
    elif clash == "own_offer":
        own_href = f"/my/bookings#entry-{params['entry_id']}"
    rooms: tuple[Alternative, ...] = params.get("alternatives", ())
    return RefusalView(
        message=said(error),
        field="form",
        own_href=own_href,
        own_offer=clash == "own_offer",
        waitlist=not params.get("own") and not workspace.rules.needs_approval,
        alternatives=tuple(
            Room(r.name, calendar_url(r.workspace_id, day, begin, finish) + "#book") for r in rooms
        ),
    )
