"""Workspaces, the workspace calendar with slot picking, and "my bookings".

/workspaces lists the centre's rooms. A workspace's page is its calendar: a day grid of
quarter-hour cells (or a week of hours) read from the calendar view. Clicking a free cell picks a
start; clicking a later free cell in the same free stretch picks the end. Each cell is a plain
link (the page reloads with `start` and `end` filled in), and with htmx only the calendar
fragment is swapped. The booking form has start and end selects, so it works without the grid.
The shared office lets desks by the month instead. /my/bookings is the member's own: bookings
with cancel and check-in, waitlist entries and offers, strikes with their appeal, and an .ics
download.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any
from uuid import UUID

from babel.dates import format_date
from babel.numbers import format_decimal
from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Response, Template

from domain.booking import CHECK_IN_GRACE, CHECK_IN_OPENS, NoDeskFree
from domain.clock import SEOUL, seoul_date, week_start
from domain.context import Context
from domain.errors import DomainError, Forbidden
from domain.permissions import Action, allowed
from domain.quota import STRIKE_MINUTES, STRIKE_WEEKS, QuotaExceeded, hours_text
from domain.vocabulary import BookingStatus, Role, WaitlistStatus, WorkspaceKind
from domain.workspace import Workspace
from projections.views.calendar import BookingRow, Calendar
from projections.views.directory import Directory
from web.auth import booker_or_admin, may, owns, signed_in, workspace_exists
from web.display.labels import booking_status_labels as status_labels
from web.display.labels import workspace_kind_labels as kind_labels
from web.display.refusals import said
from web.errors import status_of
from web.forms import text
from web.i18n import current_language
from web.i18n import gettext_ as _
from web.pages.booking_refusal import RefusalView, refusal_view
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
from web.pages.common import app_of, caught_up, me, page, read, roles_of

Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
Req = Request[Any, Any, Any]


# -- small helpers ----------------------------------------------------------------------------


def now_of(request: Req) -> datetime:
    return app_of(request).clock.now().astimezone(SEOUL)




def day_label(day: date) -> str:
    return f"{day.isoformat()} ({format_date(day, 'EEE', locale=current_language())})"


def when(moment: datetime | None) -> str:
    """A moment as its Seoul date and time."""
    if moment is None:
        return "—"
    local = moment.astimezone(SEOUL)
    return f"{day_label(local.date())} {local:%H:%M}"


def span(start: datetime, end: datetime) -> str:
    """From–to in Seoul, with the date (and the end's date when it differs)."""
    first = start.astimezone(SEOUL)
    last = end.astimezone(SEOUL)
    if last.date() == first.date() or (last - first <= timedelta(days=1) and
                                       clock(last, first.date()) == "24:00"):
        return f"{day_label(first.date())} {first:%H:%M}–{clock(last, first.date())}"
    return f"{when(first)} – {when(last)}"


def month_label(month: date) -> str:
    return format_date(month, "yyyy-MM" if current_language() == "ko" else "MMMM yyyy",
                       locale=current_language())


def formatters() -> dict[str, Any]:
    return {"when": when, "span": span, "clock": clock, "day_label": day_label,
            "month_label": month_label, "hours_of": hours_text}


def length_text(length: timedelta) -> str:
    if length >= timedelta(days=1) and length % timedelta(days=1) == timedelta(0):
        days = length // timedelta(days=1)
        return _("%(n)s days", n=days) if days != 1 else _("1 day")
    minutes = length // timedelta(minutes=1)
    if minutes % 60 == 0:
        return _("%(n)s hours", n=minutes // 60) if minutes != 60 else _("1 hour")
    return _("%(n)s minutes", n=minutes)


def rules_text(workspace: Workspace) -> list[str]:
    """What a member should know before booking this kind of room."""
    rules = workspace.rules
    if rules.let_by_month:
        return [_("Desks are let by the calendar month, one desk per member."),
                _("%(n)s desks in all.", n=workspace.capacity)]
    found = [_("At most %(length)s at a time.", length=length_text(rules.longest))]
    if rules.needs_approval:
        found.append(_("Ask at least %(notice)s ahead; the centre answers within %(answer)s.",
                       notice=length_text(rules.notice),
                       answer=length_text(rules.answer_within or timedelta(0))))
    elif rules.notice:
        found.append(_("Book at least %(notice)s ahead.", notice=length_text(rules.notice)))
    found.append(_("Up to %(horizon)s ahead.", horizon=length_text(rules.horizon)))
    return found


def hours_summary(workspace: Workspace) -> list[str]:
    """Opening hours, with days of equal hours run together."""
    day_names = [format_date(date(2026, 3, 2) + timedelta(days=i), "EEE",
                             locale=current_language()) for i in range(7)]
    groups: list[tuple[int, int, list[str]]] = []
    for index, hours in enumerate(workspace.hours):
        if groups and groups[-1][2] == hours and groups[-1][1] == index - 1:
            groups[-1] = (groups[-1][0], index, hours)
        else:
            groups.append((index, index, list(hours)))
    if len(groups) == 1:
        hours = groups[0][2]
        return [_("Every day %(hours)s", hours=f"{hours[0]}–{hours[1]}") if hours
                else _("Closed every day")]
    lines = []
    for first, last, hours in groups:
        days = day_names[first] if first == last else f"{day_names[first]}–{day_names[last]}"
        lines.append(f"{days} {hours[0]}–{hours[1]}" if hours else f"{days} {_('not open')}")
    return lines


# -- /workspaces -----------------------------------------------------------------------------


@get("/workspaces", name="workspaces", sync_to_thread=True, include_in_schema=False)
def workspaces_page(request: Req) -> Template:
    rooms = app_of(request).workspaces()
    return page(request, "workspaces/_list.html", "workspaces/index.html", {
        "rooms": [{"w": w, "hours": hours_summary(w), "rules": rules_text(w)} for w in rooms],
        "kinds": kind_labels()})


# -- the workspace page ----------------------------------------------------------------------


def _times(workspace: Workspace, day: date) -> tuple[list[str], list[str]]:
    """The start and end choices of the booking form on a day: every quarter hour it is open."""
    hours = workspace.hours_on(day)
    if hours is None:
        return [], []
    moments = quarters(hours[0], hours[1])
    starts = [clock(m) for m in moments]
    ends = [clock(m + QUARTER, day) for m in moments]
    return starts, ends


def _default_day(workspace: Workspace, now: datetime) -> date:
    """Today, or for rooms asked for well ahead, the first day they can be asked for."""
    notice = workspace.rules.notice
    return seoul_date(now + notice) if notice >= timedelta(days=1) else seoul_date(now)


def _months(workspace: Workspace, now: datetime) -> list[date]:
    first = seoul_date(now).replace(day=1)
    latest = seoul_date(now + workspace.rules.horizon).replace(day=1)
    months = [first]
    while months[-1] < latest:
        months.append((months[-1].replace(day=28) + timedelta(days=4)).replace(day=1))
    return months


def _next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def _hours_left(request: Req, member: UUID | None, day: date, now: datetime) -> str:
    if member is None:
        return ""
    hours = app_of(request).member_hours(member, day)
    language = current_language()
    values = {"left": format_decimal(hours.left_minutes / 60, locale=language),
              "allowance": format_decimal(hours.allowance_minutes / 60, locale=language)}
    if hours.week == week_start(now):
        return _("You have %(left)s of %(allowance)s hours left this week.", **values)
    return _("You have %(left)s of %(allowance)s hours left in the week of %(week)s.",
             week=hours.week.isoformat(), **values)


def _calendar_context(request: Req, workspace_id: UUID, params: dict[str, str],
                      errors: dict[str, str] | None = None, notice: str = "",
                      waitlist: dict[str, str] | None = None) -> dict[str, Any]:
    filmhouse = app_of(request)
    workspace = filmhouse.workspace(workspace_id)
    now = now_of(request)
    member = me(request)
    member_roles = roles_of(request)
    is_admin = Role.ADMIN in member_roles
    can_book = allowed(member_roles, Action.BOOK_WORKSPACE) and not workspace.retired
    rules = workspace.rules
    day = parse_day(params.get("day", ""), _default_day(workspace, now))
    view = "week" if params.get("view") == "week" else "day"
    start = at(day, params.get("start", ""))
    end = at(day, params.get("end", ""))
    chosen = (start, end) if start is not None and end is not None and end > start else None
    context: dict[str, Any] = {
        "w": workspace, "kinds": kind_labels(), "rules": rules_text(workspace),
        "hours": hours_summary(workspace), "is_admin": is_admin, "can_book": can_book,
        "signed_in": member is not None, "errors": errors or {}, "notice": notice,
        "waitlist": waitlist, "day": day, "view": view, "now": now, "office": False,
        **formatters(),
    }
    if rules.let_by_month:
        months = []
        with read(request) as tx:
            mine = {b.start.astimezone(SEOUL).date() for b in
                    (Calendar.bookings_of(tx, member) if member else [])
                    if b.status is BookingStatus.CONFIRMED}
            for month in _months(workspace, now):
                first = datetime.combine(month, time(0), tzinfo=SEOUL)
                last = datetime.combine(_next_month(month), time(0), tzinfo=SEOUL)
                taken = len(Calendar.between(tx, workspace_id, first, last))
                months.append({"month": month, "value": month.strftime("%Y-%m"),
                               "taken": taken, "free": max(workspace.capacity - taken, 0),
                               "mine": month in mine})
        context.update(months=months, office=True)
        return context
    with read(request) as tx:
        if view == "week":
            monday = day - timedelta(days=day.weekday())
            week = Calendar.week(tx, workspace_id, monday)
            who = Directory.names(tx, {s.member_id for slots in week.values() for s in slots}) \
                if is_admin else None
        else:
            slots = Calendar.day(tx, workspace_id, day)
            who = Directory.names(tx, {s.member_id for s in slots}) if is_admin else None
    if view == "week":
        days, rows = week_grid(workspace, monday, week, now, member)
        context.update(week_days=days, rows=rows, prev_day=day - timedelta(days=7),
                       next_day=day + timedelta(days=7))
    else:
        context.update(rows=day_grid(workspace, day, slots, now, member=member, who=who,
                                     chosen=chosen),
                       prev_day=day - timedelta(days=1), next_day=day + timedelta(days=1),
                       taken=[{"span": span(s.start, s.end),
                               "who": _("you") if s.member_id == member else
                               (who or {}).get(s.member_id, "") if is_admin else "",
                               "state": s.state} for s in slots])
    starts, ends = _times(workspace, day)
    values = {"day": day.isoformat(),
              "start": params.get("start") or (clock(chosen[0]) if chosen else ""),
              "end": params.get("end") or (clock(chosen[1], day) if chosen else "")}
    context.update(
        starts=starts, ends=ends, values=values, chosen=chosen,
        chosen_text=span(chosen[0], chosen[1]) if chosen else "",
        chosen_length=length_text(chosen[1] - chosen[0]) if chosen else "", refusal=None,
        hours_left=_hours_left(request, member, day, now) if can_book else "",
        closed=workspace.hours_on(day) is None,
        earliest=when(now + rules.notice) if rules.notice >= timedelta(hours=1) else "",
    )
    return context


@get("/workspaces/{workspace_id:uuid}", name="workspace", sync_to_thread=True,
     include_in_schema=False)
def workspace_page(request: Req, workspace_id: UUID, day: str = "", start: str = "",
                   end: str = "", view: str = "", notice: str = "") -> Template:
    params = {"day": day, "start": start, "end": end, "view": view}
    return page(request, "workspaces/_calendar.html", "workspaces/workspace.html",
                _calendar_context(request, workspace_id, params,
                                  notice=_workspace_notice(notice)))


def _workspace_notice(code: str) -> str:
    return {
        "booked": _("Booked. It is in My bookings; check in from 15 minutes before the start."),
        "requested": _("Request sent. The centre answers within 7 days; until then it shows "
                       "as awaiting approval in My bookings."),
        "desk": _("Your desk is booked for the month. It is in My bookings."),
        "waitlisted": _("You are on the waitlist. When the time frees up it is offered to you "
                        "in turn; the offer appears in My bookings."),
    }.get(code, "")


def _after_write(request: Req, workspace_id: UUID, params: dict[str, str],
                 code: str) -> Response[Any]:
    """After a booking or a waitlist entry: the calendar of the day again, with what happened,
    and no choice left over (the choice is booked now), as a reload of its address shows it."""
    day = parse_day(params.get("day", ""), seoul_date(now_of(request)))
    url = calendar_url(workspace_id, day, view="week" if params.get("view") == "week" else "")
    if request.htmx:  # type: ignore[attr-defined]
        caught_up(request)
        shown = page(request, "workspaces/_calendar.html", "workspaces/workspace.html",
                     _calendar_context(request, workspace_id,
                                       {"day": day.isoformat(), "view": params.get("view", "")},
                                       notice=_workspace_notice(code)))
        shown.headers["HX-Replace-Url"] = url
        return shown
    return Redirect(f"{url}&notice={code}", status_code=303)


def _month_of(value: str) -> date | None:
    try:
        return date.fromisoformat(f"{value}-01") if len(value) == 7 else None
    except ValueError:
        return None


def _month(data: dict[str, Any], errors: dict[str, str]) -> tuple[dict[str, str], date | None]:
    """The month of a desk form (YYYY-MM), with an inline error when it is missing or wrong."""
    month = _month_of(text(data, "month"))
    if month is None:
        errors["form"] = _("Choose a month.")
    return {"day": month.isoformat() if month else ""}, month


def _window(data: dict[str, Any], errors: dict[str, str]
            ) -> tuple[dict[str, str], datetime | None, datetime | None]:
    """The day, start and end of a booking form, with inline errors for what is missing."""
    params = {"day": text(data, "day"), "start": text(data, "start"), "end": text(data, "end"),
              "view": text(data, "view")}
    day: date | None
    try:
        day = date.fromisoformat(params["day"])
    except ValueError:
        day = None
        errors["day"] = _("Choose a day.")
    begin = at(day, params["start"]) if day else None
    finish = at(day, params["end"]) if day else None
    if day and begin is None:
        errors["start"] = _("Choose a start time.")
    if day and finish is None:
        errors["end"] = _("Choose an end time.")
    return params, begin, finish


def _refused(request: Req, workspace_id: UUID, params: dict[str, str], errors: dict[str, str],
             status: int, waitlist: dict[str, str] | None = None,
             refusal: RefusalView | None = None) -> Template:
    context = _calendar_context(request, workspace_id, params, errors=errors, waitlist=waitlist)
    context["refusal"] = refusal
    return page(request, "workspaces/_calendar.html", "workspaces/workspace.html", context,
                status=status)


def _booking_refused(request: Req, workspace: Workspace, params: dict[str, str],
                     error: DomainError, begin: datetime, finish: datetime) -> Template:
    """The calendar with the refusal where it belongs, said from the refusal's data."""
    refusal = refusal_view(error, workspace, begin.date(), begin, finish)
    member = me(request)
    message = refusal.message
    if refusal.field == "form" and not isinstance(error, QuotaExceeded) and member is not None:
        message = f"{message} {_hours_left(request, member, begin.date(), now_of(request))}"
    waitlist = {**params, "label": span(begin, finish)} if refusal.waitlist else None
    return _refused(request, workspace.id, params, {refusal.field: message}, status_of(error),
                    waitlist, refusal)


@post("/workspaces/{workspace_id:uuid}/bookings",
      guards=[may(Action.BOOK_WORKSPACE), owns(workspace_exists)], sync_to_thread=True,
      status_code=200, include_in_schema=False)
def book(request: Req, workspace_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    """Book the chosen slot (a request, for the screening room; a month, for a desk)."""
    filmhouse = app_of(request)
    workspace = filmhouse.workspace(workspace_id)
    errors: dict[str, str] = {}
    if workspace.rules.let_by_month:
        params, month = _month(data, errors)
        if month is None:
            return _refused(request, workspace_id, params, errors, 422)
        try:
            filmhouse.book_desk(ctx, workspace_id, month=month)
        except DomainError as error:
            errors["form"] = said(error)
            waitlist = {"month": month.strftime("%Y-%m"), "label": month_label(month)} \
                if isinstance(error, NoDeskFree) else None
            return _refused(request, workspace_id, params, errors, status_of(error), waitlist)
        return _after_write(request, workspace_id, params, "desk")
    params, begin, finish = _window(data, errors)
    if errors or begin is None or finish is None:
        return _refused(request, workspace_id, params, errors, 422)
    try:
        booking_id = filmhouse.book_workspace(ctx, workspace_id, start=begin, end=finish)
    except DomainError as error:
        return _booking_refused(request, workspace, params, error, begin, finish)
    status = filmhouse.booking(booking_id).status
    return _after_write(request, workspace_id, params,
                        "requested" if status is BookingStatus.REQUESTED else "booked")


@post("/workspaces/{workspace_id:uuid}/waitlist",
      guards=[may(Action.BOOK_WORKSPACE), owns(workspace_exists)], sync_to_thread=True,
      status_code=200, include_in_schema=False)
def join_waitlist(request: Req, workspace_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    """Wait for a taken slot (or a month whose desks are all let)."""
    filmhouse = app_of(request)
    workspace = filmhouse.workspace(workspace_id)
    errors: dict[str, str] = {}
    if workspace.rules.let_by_month:
        params, month = _month(data, errors)
        if month is None:
            return _refused(request, workspace_id, params, errors, 422)
        try:
            filmhouse.join_desk_waitlist(ctx, workspace_id, month=month)
        except DomainError as error:
            errors["form"] = said(error)
            return _refused(request, workspace_id, params, errors, status_of(error))
        return _after_write(request, workspace_id, params, "waitlisted")
    params, begin, finish = _window(data, errors)
    if errors or begin is None or finish is None:
        return _refused(request, workspace_id, params, errors, 422)
    try:
        filmhouse.join_waitlist(ctx, workspace_id, start=begin, end=finish)
    except DomainError as error:
        errors["form"] = said(error)
        return _refused(request, workspace_id, params, errors, status_of(error))
    return _after_write(request, workspace_id, params, "waitlisted")


# -- /my/bookings ----------------------------------------------------------------------------


def _booking_view(b: BookingRow, now: datetime) -> dict[str, Any]:
    desk = b.kind == WorkspaceKind.SHARED_OFFICE.value
    confirmed = b.status is BookingStatus.CONFIRMED
    check_in = ""
    if confirmed and not desk and b.checked_in_at is None:
        opens = b.start - CHECK_IN_OPENS
        if now < opens:
            check_in = "later"
        elif now < b.start + CHECK_IN_GRACE:
            check_in = "open"
    return {"b": b, "desk": desk, "check_in": check_in,
            "day": b.start.astimezone(SEOUL).date().isoformat(),
            "check_in_opens": clock(b.start - CHECK_IN_OPENS),
            "can_cancel": b.status in (BookingStatus.CONFIRMED, BookingStatus.REQUESTED)
            and b.start > now,
            "when": month_label(b.start.astimezone(SEOUL).date()) if desk
            else span(b.start, b.end)}


def _my_notice(code: str) -> str:
    return {
        "cancelled": _("The booking is cancelled and its hours are back in your quota."),
        "checked_in": _("You are checked in. Enjoy the session."),
        "accepted": _("The offer is yours: the slot is booked."),
        "declined": _("Offer declined; it passes to the next member in line."),
        "left": _("You have left the waitlist."),
        "appealed": _("Your appeal is sent. An admin will decide; the answer appears here."),
    }.get(code, "")


def _my_context(request: Req, errors: dict[str, str] | None = None, notice: str = "",
                values: dict[str, str] | None = None) -> dict[str, Any]:
    member = me(request)
    now = now_of(request)
    if member is None:
        return {}
    with read(request) as tx:
        mine = Calendar.my_bookings(tx, member, now)
        waiting = Calendar.my_waitlist(tx, member)
        strikes = Calendar.my_strikes(tx, member)
    shown = {str(b.booking_id) for b in mine.upcoming} | {str(w.entry_id) for w in waiting} | {
        str(s.strike_id) for s in strikes}
    errors = dict(errors or {})
    stray = [message for key, message in errors.items() if key not in shown]
    if stray:  # a refusal about something not listed here shows above the lists
        errors["form"] = stray[0]
    return {
        "upcoming": [_booking_view(b, now) for b in mine.upcoming],
        "past": [_booking_view(b, now) for b in mine.past],
        "waiting": [w for w in waiting
                    if w.status in (WaitlistStatus.OFFERED, WaitlistStatus.WAITING)],
        "waiting_done": [w for w in waiting
                         if w.status not in (WaitlistStatus.OFFERED, WaitlistStatus.WAITING)],
        "strikes": strikes, "statuses": status_labels(), "errors": errors,
        "today": seoul_date(now), "strike_weeks": STRIKE_WEEKS,
        "strike_minutes": STRIKE_MINUTES,
        "values": values or {}, "notice": notice, "now": now,
        "hours_left": _hours_left(request, member, seoul_date(now), now)
        if allowed(roles_of(request), Action.BOOK_WORKSPACE) else "",
        **formatters(),
    }


@get("/my/bookings", name="my_bookings", guards=[signed_in], sync_to_thread=True,
     include_in_schema=False)
def my_bookings(request: Req, notice: str = "") -> Template:
    return page(request, "workspaces/_my_bookings.html", "workspaces/my_bookings.html",
                _my_context(request, notice=_my_notice(notice)))


@get("/my/bookings.ics", name="my_bookings_ics", guards=[signed_in], sync_to_thread=True,
     include_in_schema=False)
def my_bookings_ics(request: Req) -> Response[str]:
    member = me(request)
    host = request.url.hostname or "filmhouse"
    with read(request) as tx:
        body = Calendar.ics(tx, member, host=host) if member else ""
    return Response(body, media_type="text/calendar", headers={
        "Content-Disposition": 'attachment; filename="filmhouse-bookings.ics"'})


def _my_action(request: Req, action: Any, key: str, code: str,
               values: dict[str, str] | None = None) -> Response[Any]:
    """Run one command for the member's own page; a refusal shows next to the item."""
    errors: dict[str, str] = {}
    try:
        action()
    except DomainError as error:
        errors[key] = said(error)
        return page(request, "workspaces/_my_bookings.html", "workspaces/my_bookings.html",
                    _my_context(request, errors=errors, values=values),
                    status=status_of(error))
    if request.htmx:  # type: ignore[attr-defined]
        caught_up(request)
        return page(request, "workspaces/_my_bookings.html", "workspaces/my_bookings.html",
                    _my_context(request, notice=_my_notice(code)))
    return Redirect(f"/my/bookings?notice={code}", status_code=303)


@post("/my/bookings/{booking_id:uuid}/cancel", guards=[owns(booker_or_admin)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def cancel_booking(request: Req, booking_id: UUID, ctx: Context) -> Response[Any]:
    return _my_action(request, lambda: app_of(request).cancel_booking(ctx, booking_id),
                      str(booking_id), "cancelled")


@post("/my/bookings/{booking_id:uuid}/check-in", guards=[signed_in], sync_to_thread=True,
      status_code=200, include_in_schema=False)
def check_in(request: Req, booking_id: UUID, ctx: Context) -> Response[Any]:
    return _my_action(request, lambda: app_of(request).check_in(ctx, booking_id),
                      str(booking_id), "checked_in")


@post("/my/waitlist/{entry_id:uuid}/accept", guards=[may(Action.BOOK_WORKSPACE)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def accept_offer(request: Req, entry_id: UUID, ctx: Context) -> Response[Any]:
    return _my_action(request, lambda: app_of(request).accept_offer(ctx, entry_id),
                      str(entry_id), "accepted")


@post("/my/waitlist/{entry_id:uuid}/decline", guards=[signed_in], sync_to_thread=True,
      status_code=200, include_in_schema=False)
def decline_offer(request: Req, entry_id: UUID, ctx: Context) -> Response[Any]:
    return _my_action(request, lambda: app_of(request).decline_offer(ctx, entry_id),
                      str(entry_id), "declined")


@post("/my/waitlist/{entry_id:uuid}/leave", guards=[signed_in], sync_to_thread=True,
      status_code=200, include_in_schema=False)
def leave_waitlist(request: Req, entry_id: UUID, ctx: Context) -> Response[Any]:
    return _my_action(request, lambda: app_of(request).leave_waitlist(ctx, entry_id),
                      str(entry_id), "left")


@post("/my/strikes/{strike_id:uuid}/appeal", guards=[signed_in], sync_to_thread=True,
      status_code=200, include_in_schema=False)
def appeal_strike(request: Req, strike_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    if app_of(request).strike(strike_id).member_id != me(request):
        raise Forbidden("only the member who got the strike can appeal it")
    reason = text(data, "reason")
    key = str(strike_id)
    if not reason:
        return page(request, "workspaces/_my_bookings.html", "workspaces/my_bookings.html",
                    _my_context(request, errors={key: _(
                        "Say why the strike should be lifted, e.g. what kept you away.")}),
                    status=422)
    if len(reason) > 2000:
        return page(request, "workspaces/_my_bookings.html", "workspaces/my_bookings.html",
                    _my_context(request, errors={key: _(
                        "The reason is at most 2,000 characters.")}, values={key: reason}),
                    status=422)
    return _my_action(request, lambda: app_of(request).appeal_strike(ctx, strike_id, reason),
                      key, "appealed", values={key: reason})


ROUTES = [workspaces_page, workspace_page, book, join_waitlist, my_bookings, my_bookings_ics,
          cancel_booking, check_in, accept_offer, decline_offer, leave_waitlist, appeal_strike]
