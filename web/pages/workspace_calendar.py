"""A workspace's page: its calendar, and booking or joining the waitlist from it.

The calendar is a day grid of quarter-hour cells (or a week of hours) read from the calendar
view. Clicking a free cell picks a start; clicking a later free cell in the same free stretch
picks the end. Each cell is a plain link (the page reloads with `start` and `end` filled in),
and with htmx only the calendar fragment is swapped. The booking form has start and end selects,
so it works without the grid. The shared office lets desks by the month instead.

A booking's walk: the form is read here (web/forms.py) into an aware start and end (a desk
form's month into its first and the next month's midnight); one command books it
(`FilmHouse.book`, domain/services/bookings.py), which decides slot or desk, and answers with
`Booked` (id, status, day, the write's log position); the page then waits for the views to reach
that position and draws the calendar from the views alone (projections/views/calendar.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from litestar import get, post
from litestar.response import Redirect, Response, Template

from domain.booking import NoDeskFree
from domain.clock import SEOUL, seoul_date
from domain.context import Context
from domain.errors import DomainError, NotFound
from domain.permissions import Action, allowed
from domain.quota import QuotaExceeded
from domain.vocabulary import BookingStatus, Role
from projections.projector.sql import Tx
from projections.views.calendar import Calendar, CalendarSlot, RoomRow
from projections.views.directory import Directory
from web.auth import may
from web.display.labels import workspace_kind_labels as kind_labels
from web.display.refusals import said
from web.errors import status_of
from web.forms import day_or_none, month_or_none, text, time_on
from web.i18n import gettext_ as _
from web.navigation import roles_for_nav
from web.pages.booking_refusal import RefusalView, refusal_view
from web.pages.booking_text import (
    Form,
    Req,
    formatters,
    hours_left,
    hours_summary,
    length_text,
    month_label,
    now_of,
    rules_text,
    span,
    when,
)
from web.pages.calendar_grid import (
    QUARTER,
    at,
    calendar_url,
    clock,
    day_grid,
    parse_day,
    quarters,
    week_grid,
)
from web.pages.common import app_of, caught_up, me, page, read

# -- reading the form ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    """What a booking or waitlist form asks for: the window, or what is missing from it."""

    params: dict[str, str]  # as typed, to fill the form again
    start: datetime | None
    end: datetime | None
    errors: dict[str, str]
    desk: bool  # the desk form (a month), not the slot form (a day, a start, an end)


def _next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=SEOUL)


def asked(data: Form) -> Asked:
    """A desk form's month (YYYY-MM), or a slot form's day, start and end, with inline errors
    for what is missing or wrong."""
    if "month" in data:
        month = month_or_none(text(data, "month"))
        params = {"day": month.isoformat() if month else ""}
        if month is None:
            return Asked(params, None, None, {"form": _("Choose a month.")}, True)
        return Asked(params, _midnight(month), _midnight(_next_month(month)), {}, True)
    params = {key: text(data, key) for key in ("day", "start", "end", "view")}
    errors: dict[str, str] = {}
    day = day_or_none(params["day"])
    if day is None:
        errors["day"] = _("Choose a day.")
        return Asked(params, None, None, errors, False)
    begin, finish = time_on(day, params["start"]), time_on(day, params["end"])
    if begin is None:
        errors["start"] = _("Choose a start time.")
    if finish is None:
        errors["end"] = _("Choose an end time.")
    return Asked(params, begin, finish, errors, False)


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
        taken = len(Calendar.between(tx, room.id, _midnight(month), _midnight(_next_month(month))))
        months.append(
            {
                "month": month,
                "value": month.strftime("%Y-%m"),
                "taken": taken,
                "free": max(room.capacity - taken, 0),
                "mine": month in mine,
            }
        )
        month = _next_month(month)
    return months


def _calendar_context(
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
        _calendar_context(request, workspace_id, params, notice=_workspace_notice(notice)),
    )


def _workspace_notice(code: str) -> str:
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


# -- booking and waiting ------------------------------------------------------------------------


def _after_write(
    request: Req, workspace_id: UUID, params: dict[str, str], code: str, written: int
) -> Response[Any]:
    """After a booking or a waitlist entry: the calendar of the day again, with what happened,
    and no choice left over (the choice is booked now), as a reload of its address shows it.
    For htmx, drawn once the views have reached the write."""
    day = parse_day(params.get("day", ""), seoul_date(now_of(request)))
    url = calendar_url(workspace_id, day, view="week" if params.get("view") == "week" else "")
    if request.htmx:  # type: ignore[attr-defined]
        caught_up(request, written)
        shown = page(
            request,
            "workspaces/_calendar.html",
            "workspaces/workspace.html",
            _calendar_context(
                request,
                workspace_id,
                {"day": day.isoformat(), "view": params.get("view", "")},
                notice=_workspace_notice(code),
            ),
        )
        shown.headers["HX-Replace-Url"] = url
        return shown
    return Redirect(f"{url}&notice={code}", status_code=303)


def _refused(
    request: Req,
    workspace_id: UUID,
    params: dict[str, str],
    errors: dict[str, str],
    status: int,
    waitlist: dict[str, str] | None = None,
    refusal: RefusalView | None = None,
) -> Template:
    context = _calendar_context(request, workspace_id, params, errors=errors, waitlist=waitlist)
    context["refusal"] = refusal
    return page(
        request, "workspaces/_calendar.html", "workspaces/workspace.html", context, status=status
    )


def _booking_refused(request: Req, workspace_id: UUID, form: Asked, error: DomainError) -> Template:
    """The calendar with the refusal where it belongs, said from the refusal's data: next to
    the field it names; with the member's own booking, the waitlist or the free rooms of the
    same kind at that time when it is about a taken slot; with the hours left when it is
    about the form as a whole."""
    if isinstance(error, NotFound):
        raise error
    context = _calendar_context(request, workspace_id, form.params)
    room: RoomRow = context["w"]
    if form.desk or form.start is None or form.end is None:
        month = seoul_date(form.start) if form.start else None
        waitlist = (
            {"month": month.strftime("%Y-%m"), "label": month_label(month)}
            if month is not None and isinstance(error, NoDeskFree)
            else None
        )
        context.update(errors={"form": said(error)}, waitlist=waitlist)
    else:
        begin, finish = form.start, form.end
        refusal = refusal_view(error, room, begin.date(), begin, finish)
        message = refusal.message
        if (
            refusal.field == "form"
            and not isinstance(error, QuotaExceeded)
            and context.get("hours_left")
        ):
            message = f"{message} {context['hours_left']}"
        context.update(
            errors={refusal.field: message},
            refusal=refusal,
            waitlist={**form.params, "label": span(begin, finish)} if refusal.waitlist else None,
        )
    return page(
        request,
        "workspaces/_calendar.html",
        "workspaces/workspace.html",
        context,
        status=status_of(error),
    )


@post(
    "/workspaces/{workspace_id:uuid}/bookings",
    guards=[may(Action.BOOK_WORKSPACE)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def book(request: Req, workspace_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    """Book the chosen slot (a request, for the screening room; a month, for a desk): one trip
    into the domain, which loads the room once and decides slot or desk."""
    form = asked(data)
    if form.start is None or form.end is None:
        return _refused(request, workspace_id, form.params, form.errors, 422)
    try:
        booked = app_of(request).book(ctx, workspace_id, start=form.start, end=form.end)
    except DomainError as error:
        return _booking_refused(request, workspace_id, form, error)
    code = (
        "desk"
        if booked.desk
        else ("requested" if booked.status is BookingStatus.REQUESTED else "booked")
    )
    return _after_write(request, workspace_id, form.params, code, booked.written)


@post(
    "/workspaces/{workspace_id:uuid}/waitlist",
    guards=[may(Action.BOOK_WORKSPACE)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def join_waitlist(request: Req, workspace_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    """Wait for a taken slot (or a month whose desks are all let): one trip into the domain."""
    form = asked(data)
    if form.start is None or form.end is None:
        return _refused(request, workspace_id, form.params, form.errors, 422)
    try:
        waiting = app_of(request).enter_waitlist(ctx, workspace_id, start=form.start, end=form.end)
    except NotFound:
        raise
    except DomainError as error:  # the waitlist form's fields are hidden: said above it
        return _refused(request, workspace_id, form.params, {"form": said(error)}, status_of(error))
    return _after_write(request, workspace_id, form.params, "waitlisted", waiting.written)


ROUTES = [workspace_page, book, join_waitlist]
