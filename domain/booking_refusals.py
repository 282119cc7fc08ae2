"""Why a booking cannot be had, said so that the member knows what to do next.

A refusal carries its facts as data, not only as English: `field` (the form field it is about),
`params["clash"]` (whose slot is in the way: `own_booking`, `booking`, `own_offer`, `offer`),
the clashing booking's id (or the waitlist entry's, for an offer), whether it is the member's
own, and the free rooms of the same kind at that time (`alternatives`, ids and names). The web
picks the sentence in the reader's language from these facts; the API returns them as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from domain.booking_errors import OutsideHours, SlotTaken
from domain.errors import DomainError, Invalid, Listing
from domain.opening_hours import WEEKDAYS, Interval, clock_text
from domain.workspace import Workspace


@dataclass(frozen=True)
class Alternative:
    """A room of the same kind that is open and free for the whole time asked for."""

    workspace_id: UUID
    name: str


@dataclass(frozen=True)
class Clash:
    """A busy stretch in the way: a confirmed booking, or a slot held for a waitlist offer."""

    start: datetime
    end: datetime
    member_id: UUID | None
    booking_id: UUID | None = None
    entry_id: UUID | None = None
    expires: datetime | None = None


class Elsewhere(DomainError):
    """Never raised: the part of a refusal that names where else the member can go then."""


class EndsBeforeStart(Invalid):
    field = "end"


def elsewhere(alternatives: tuple[Alternative, ...]) -> Elsewhere:
    if alternatives:
        return Elsewhere(
            "Free at that time: {rooms}.", rooms=Listing([a.name for a in alternatives])
        )
    return Elsewhere("No other room of this kind is free at that time.")


def _merged(intervals: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for start, end in sorted(intervals):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def slot_taken(
    room: Workspace,
    day: date,
    clashes: list[Clash],
    free: list[Interval],
    asked: Interval,
    member_id: UUID,
    alternatives: tuple[Alternative, ...],
) -> SlotTaken:
    """The refusal of a time that overlaps `clashes`. The member's own booking is named as
    theirs (there is nobody to wait for); a slot held for their own offer says to accept it;
    anyone else's says when the room is free next. Every one names the free rooms of the same
    kind at that time, or says that none is."""
    own = [c for c in clashes if c.member_id == member_id]
    first = own[0] if own else clashes[0]
    clash = ("own_" if own else "") + ("booking" if first.booking_id else "offer")
    data: dict[str, object] = {
        "clash": clash,
        "own": bool(own),
        "booking_id": first.booking_id,
        "entry_id": first.entry_id,
        "alternatives": alternatives,
        "elsewhere": elsewhere(alternatives),
        "room": room.name,
    }
    spans = Listing([f"{clock_text(c.start)}–{clock_text(c.end, day)}" for c in own or clashes])
    if clash == "own_booking":
        return SlotTaken(
            "You already have {room} booked {spans}; this time overlaps your own booking. "
            "{elsewhere}",
            spans=spans,
            **data,
        )
    if clash == "own_offer":
        return SlotTaken(
            "{room} {spans} is held for you until {expires}: accept the offer in My bookings. "
            "{elsewhere}",
            spans=spans,
            expires=clock_text(first.expires or first.start),
            **data,
        )
    if all(c.booking_id is None for c in clashes):
        return SlotTaken(
            "{room} {spans} is offered to a member on the waitlist until {expires}; join the "
            "waitlist to be offered it next. {elsewhere}",
            spans=spans,
            expires=clock_text(first.expires or first.start),
            **data,
        )
    hours = room.hours_on(day)
    return _taken_by_others(day, clashes, free, asked, hours[1] if hours else None, data)


def _taken_by_others(
    day: date,
    clashes: list[Clash],
    free: list[Interval],
    asked: Interval,
    closes: datetime | None,
    data: dict[str, object],
) -> SlotTaken:
    """Someone else's booking is in the way: when the room is free next, e.g. that Editing
    Suite 2 is taken from 14:00 to 16:00 and free from 16:00."""
    blocks = _merged([(c.start, c.end) for c in clashes])
    spans = Listing([f"{clock_text(a)}–{clock_text(b, day)}" for a, b in blocks])
    after = max(asked[0], blocks[-1][1])
    later = [(max(a, after), b) for a, b in free if b > after]
    if later:
        a, b = later[0]
        if b == closes:
            return SlotTaken(
                "{room} is taken {spans}; free from {free_from}. {elsewhere}",
                spans=spans,
                free_from=clock_text(a),
                **data,
            )
        return SlotTaken(
            "{room} is taken {spans}; free from {free_from} to {free_until}. {elsewhere}",
            spans=spans,
            free_from=clock_text(a),
            free_until=clock_text(b, day),
            **data,
        )
    if free:
        earlier = Listing([f"{clock_text(a)}–{clock_text(b, day)}" for a, b in free])
        return SlotTaken(
            "{room} is taken {spans}; nothing later is free that day (free before: {earlier}). "
            "{elsewhere}",
            spans=spans,
            earlier=earlier,
            **data,
        )
    return SlotTaken(
        "{room} is taken {spans}; nothing else is free on {day}. {elsewhere}",
        spans=spans,
        day=day.isoformat(),
        **data,
    )


# -- opening hours ------------------------------------------------------------------------------


def _hours_data(room: Workspace, day: date) -> dict[str, object]:
    hours = room.hours_on(day)
    return {
        "room": room.name,
        "weekday": WEEKDAYS[day.weekday()].title(),
        "opens": clock_text(hours[0]) if hours else "",
        "closes": clock_text(hours[1], day) if hours else "",
    }


def outside_hours(room: Workspace, day: date, begin: datetime, finish: datetime) -> OutsideHours:
    """A time outside the room's opening hours that day, refused with the hours."""
    data = _hours_data(room, day)
    hours = room.hours_on(day)
    if hours is None:
        error = OutsideHours("{room} is closed on {weekday}s", **data)
        error.field = "start"
        return error
    error = OutsideHours(
        "{room} is open {opens}–{closes} on {weekday}s; choose a time within those hours", **data
    )
    error.field = "start" if not hours[0] <= begin < hours[1] else "end"
    return error


def ends_before_start(
    room: Workspace, day: date, begin: datetime, finish: datetime, moments: tuple[str, str]
) -> EndsBeforeStart:
    """An end at or before the start, refused with the hours the room is open that day."""
    data = _hours_data(room, day)
    if room.hours_on(day) is None:
        return EndsBeforeStart(
            "The end ({finish}) must come after the start ({begin}). {room} is closed on "
            "{weekday}s.",
            begin=moments[0],
            finish=moments[1],
            **data,
        )
    return EndsBeforeStart(
        "The end ({finish}) must come after the start ({begin}). {room} is open "
        "{opens}–{closes} on {weekday}s.",
        begin=moments[0],
        finish=moments[1],
        **data,
    )
