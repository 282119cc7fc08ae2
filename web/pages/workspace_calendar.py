"""A workspace's page: its calendar, drawn from the views.

The calendar is a day grid of quarter-hour cells (or a week of hours) read from the calendar
view. Clicking a free cell picks a start; clicking a later free cell in the same free stretch
picks the end. Each cell is a plain link (the page reloads with `start` and `end` filled in),
and with htmx only the calendar fragment is swapped. The booking form has start and end selects,
so it works without the grid. The shared office lets desks by the month instead.

Booking and joining the waitlist from this page are web/pages/workspace_booking.py; after a
write it draws this calendar again from the views alone (projections/views/calendar.py).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from litestar import get
from litestar.response import Template

from domain.clock import SEOUL, seoul_date
from domain.errors import NotFound
from domain.permissions import Action, allowed
from domain.vocabulary import BookingStatus, Role
from projections.projector.sql import Tx
from projections.views.calendar import Calendar
from projections.views.calendar_rows import CalendarSlot, RoomRow
from projections.views.directory import Directory
from web.display.labels import workspace_kind_labels as kind_labels
from web.i18n import gettext_ as _
from web.navigation import roles_for_nav
from web.pages.booking_text import (
    formatters,
    hours_left,
    hours_summary,
    length_text,
    now_of,
    rules_text,
    span,
    when,
)
from web.pages.calendar_grid import QUARTER, at, clock, day_grid, parse_day, quarters, week_grid
from web.pages.common import Req, me, page, read


def next_month(month: date) -> date:
    """The first of the month after `month` (a desk is let from one first to the next)."""
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def midnight(day: date) -> datetime:
    """The start of a day in Seoul, where the centre keeps its days."""
    return datetime.combine(day, time(0), tzinfo=SEOUL)


# -- the calendar, from the views ---------------------------------------------------------------


def _times(room: RoomRow, day: date) -> tuple[list[str], list[str]]:
    """The start and end choices of the booking form on a day: every quarter hour it is open."""
    hours = room.hours_on(day)
    if hours is None:
        return [], []
    moments = quarters(hours[0], hours[1])
    return [clock(m) for m in moments], [clock(m + QUARTER, day) for m in moments]


def _default_day(room: RoomRow, now: datetime) -> date:
    """Today, or for rooms asked for well ahead, the first day they can be asked for."""
    notice = room.rules.notice
    return seoul_date(now + notice) if notice >= timedelta(days=1) else seoul_date(now)


def _months(tx: Tx, room: RoomRow, member: UUID | None, now: datetime) -> list[dict[str, Any]]:
    """The months a desk can be taken in, each with how many desks are let and whether the
    member holds one."""
    mine = {
        b.start.astimezone(SEOUL).date()
        for b in (Calendar.bookings_of(tx, member) if member else [])
        if b.status is BookingStatus.CONFIRMED
    }
    month = seoul_date(now).replace(day=1)
    latest = seoul_date(now + room.rules.horizon).replace(day=1)
    months = []
    while month <= latest:
        taken = len(Calendar.between(tx, room.id, midnight(month), midnight(next_month(month))))
        months.append(
            {
                "month": month,
                "value": month.strftime("%Y-%m"),
                "taken": taken,
                "free": max(room.capacity - taken, 0),
                "mine": month in mine,
            }
        )
        month = next_month(month)
    return months


def calendar_context(
    request: Req,
    workspace_id: UUID,
    params: dict[str, str],
    errors: dict[str, str] | None = None,
    notice: str = "",
    waitlist: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Everything the calendar page shows, read in one transaction on the views."""
    now = now_of(request)
    member = me(request)
    roles = roles_for_nav(request, member.hex) if member else frozenset()
    is_admin = Role.ADMIN in roles
    view = "week" if params.get("view") == "week" else "day"
    with read(request) as tx:
        room = Calendar.room(tx, workspace_id)
        if room is None:
            raise NotFound("no {what} {aggregate_id}", what="workspace", aggregate_id=workspace_id)
        can_book = allowed(roles, Action.BOOK_WORKSPACE) and not room.retired
        day = parse_day(params.get("day", ""), _default_day(room, now))
        context: dict[str, Any] = {
            "w": room,
            "kinds": kind_labels(),
            "rules": rules_text(room),
            "hours": hours_summary(room),
            "is_admin": is_admin,
            "can_book": can_book,
            "signed_in": member is not None,
            "errors": errors or {},
            "notice": notice,
            "waitlist": waitlist,
            "day": day,
            "view": view,
            "now": now,
            "office": False,
            "refusal": None,
            **formatters(),
        }
        if room.rules.let_by_month:
            context.update(months=_months(tx, room, member, now), office=True)
            return context
        left = (
            hours_left(Calendar.member_hours(tx, member, day), now)
            if member is not None and can_book
            else ""
        )
        if view == "week":
            monday = day - timedelta(days=day.weekday())
            week = Calendar.week(tx, workspace_id, monday)
            slots: list[CalendarSlot] = [s for found in week.values() for s in found]
        else:
            slots = Calendar.day(tx, workspace_id, day)
        who = Directory.names(tx, {s.member_id for s in slots}) if is_admin else None
    start, end = at(day, params.get("start", "")), at(day, params.get("end", ""))
    chosen = (start, end) if start is not None and end is not None and end > start else None
    if view == "week":
        days, rows = week_grid(room, monday, week, now, member)
        context.update(
            week_days=days,
            rows=rows,
            prev_day=day - timedelta(days=7),
            next_day=day + timedelta(days=7),
        )
    else:
        context.update(
            rows=day_grid(room, day, slots, now, member=member, who=who, chosen=chosen),
            prev_day=day - timedelta(days=1),
            next_day=day + timedelta(days=1),
            taken=[
                {
                    "span": span(s.start, s.end),
                    "who": _("you")
                    if s.member_id == member
                    else (who or {}).get(s.member_id, "")
                    if is_admin
                    else "",
                    "state": s.state,
                }
                for s in slots
            ],
        )
    starts, ends = _times(room, day)
    values = {
        "day": day.isoformat(),
        "start": params.get("start") or (clock(chosen[0]) if chosen else ""),
        "end": params.get("end") or (clock(chosen[1], day) if chosen else ""),
    }
    context.update(
        starts=starts,
        ends=ends,
        values=values,
        chosen=chosen,
        chosen_text=span(chosen[0], chosen[1]) if chosen else "",
        chosen_length=length_text(chosen[1] - chosen[0]) if chosen else "",
        hours_left=left,
        closed=room.hours_on(day) is None,
        earliest=when(now + room.rules.notice) if room.rules.notice >= timedelta(hours=1) else "",
    )
    return context


@get(
    "/workspaces/{workspace_id:uuid}",
    name="workspace",
    sync_to_thread=True,
    include_in_schema=False,
)
def workspace_page(
    request: Req,
    workspace_id: UUID,
    day: str = "",
    start: str = "",
    end: str = "",
    view: str = "",
    notice: str = "",
) -> Template:
    params = {"day": day, "start": start, "end": end, "view": view}
    return page(
        request,
        "workspaces/_calendar.html",
        "workspaces/workspace.html",
        calendar_context(request, workspace_id, params, notice=workspace_notice(notice)),
    )


def workspace_notice(code: str) -> str:
    return {
        "booked": _("Booked. It is in My bookings; check in from 15 minutes before the start."),
        "requested": _(
            "Request sent. The centre answers within 7 days; until then it shows "
            "as awaiting approval in My bookings."
        ),
        "desk": _("Your desk is booked for the month. It is in My bookings."),
        "waitlisted": _(
            "You are on the waitlist. When the time frees up it is offered to you "
            "in turn; the offer appears in My bookings."
        ),
    }.get(code, "")


ROUTES = [workspace_page]
