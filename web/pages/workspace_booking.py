"""Booking a workspace, or joining its waitlist, from its calendar page.

The booking and waitlist forms are read here (web/forms.py) into an aware start and end (a desk
form's month into its first and the next month's midnight); one command books it
(`FilmHouse.book`, domain/services/bookings.py), which decides slot or desk, and answers with
`Booked` (id, status, day, the write's log position); the page then waits for the views to reach
that position and draws the calendar again (web/pages/workspace_calendar.py), with the refusal
where it belongs when the domain says no.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from litestar import post
from litestar.response import Redirect, Response, Template

from domain.booking_errors import NoDeskFree
from domain.clock import seoul_date
from domain.context import Context
from domain.errors import DomainError, NotFound
from domain.permissions import Action
from domain.quota import QuotaExceeded
from domain.vocabulary import BookingStatus
from projections.views.calendar_rows import RoomRow
from web.auth import may
from web.display.refusals import said
from web.errors import status_of
from web.forms import Form, day_or_none, month_or_none, text, time_on
from web.i18n import gettext_ as _
from web.pages.booking_refusal import RefusalView, refusal_view
from web.pages.booking_text import month_label, now_of, span
from web.pages.calendar_grid import calendar_url, parse_day
from web.pages.common import Req, app_of, caught_up, page
from web.pages.workspace_calendar import calendar_context, midnight, next_month, workspace_notice

# -- reading the form ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    """What a booking or waitlist form asks for: the window, or what is missing from it."""

    params: dict[str, str]  # as typed, to fill the form again
    start: datetime | None
    end: datetime | None
    errors: dict[str, str]
    desk: bool  # the desk form (a month), not the slot form (a day, a start, an end)


def asked(data: Form) -> Asked:
    """A desk form's month (YYYY-MM), or a slot form's day, start and end, with inline errors
    for what is missing or wrong."""
    if "month" in data:
        month = month_or_none(text(data, "month"))
        params = {"day": month.isoformat() if month else ""}
        if month is None:
            return Asked(params, None, None, {"form": _("Choose a month.")}, True)
        return Asked(params, midnight(month), midnight(next_month(month)), {}, True)
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
            calendar_context(
                request,
                workspace_id,
                {"day": day.isoformat(), "view": params.get("view", "")},
                notice=workspace_notice(code),
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
    context = calendar_context(request, workspace_id, params, errors=errors, waitlist=waitlist)
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
    context = calendar_context(request, workspace_id, form.params)
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


ROUTES = [book, join_waitlist]
