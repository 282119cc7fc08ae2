"""/my/bookings: the member's own bookings with cancel and check-in, waitlist entries and offers
to accept or decline, strikes with their appeal, and an .ics download; all read from the
calendar view."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from litestar import get, post
from litestar.response import Redirect, Response, Template

from domain.booking_terms import CHECK_IN_GRACE, CHECK_IN_OPENS
from domain.clock import SEOUL, seoul_date
from domain.context import Context
from domain.errors import DomainError, Forbidden
from domain.permissions import Action, allowed
from domain.quota import STRIKE_MINUTES, STRIKE_WEEKS
from domain.vocabulary import BookingStatus, WaitlistStatus, WorkspaceKind
from projections.views.calendar import Calendar
from projections.views.calendar_rows import BookingRow
from web.auth import booker_or_admin, may, owns, signed_in
from web.display.labels import booking_status_labels as status_labels
from web.display.refusals import said
from web.errors import status_of
from web.forms import Form, text
from web.i18n import gettext_ as _
from web.navigation import roles_for_nav
from web.pages.booking_text import formatters, hours_left, month_label, now_of, span
from web.pages.calendar_grid import clock
from web.pages.common import Req, app_of, caught_up, me, page, read

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
    return {
        "b": b,
        "desk": desk,
        "check_in": check_in,
        "day": b.start.astimezone(SEOUL).date().isoformat(),
        "check_in_opens": clock(b.start - CHECK_IN_OPENS),
        "can_cancel": b.status in (BookingStatus.CONFIRMED, BookingStatus.REQUESTED)
        and b.start > now,
        "when": month_label(b.start.astimezone(SEOUL).date()) if desk else span(b.start, b.end),
    }


def _my_notice(code: str) -> str:
    return {
        "cancelled": _("The booking is cancelled and its hours are back in your quota."),
        "checked_in": _("You are checked in. Enjoy the session."),
        "accepted": _("The offer is yours: the slot is booked."),
        "declined": _("Offer declined; it passes to the next member in line."),
        "left": _("You have left the waitlist."),
        "appealed": _("Your appeal is sent. An admin will decide; the answer appears here."),
    }.get(code, "")


def _my_context(
    request: Req,
    errors: dict[str, str] | None = None,
    notice: str = "",
    values: dict[str, str] | None = None,
) -> dict[str, Any]:
    member = me(request)
    now = now_of(request)
    if member is None:
        return {}
    may_book = allowed(roles_for_nav(request, member.hex), Action.BOOK_WORKSPACE)
    with read(request) as tx:
        mine = Calendar.my_bookings(tx, member, now)
        waiting = Calendar.my_waitlist(tx, member)
        strikes = Calendar.my_strikes(tx, member)
        left = (
            hours_left(Calendar.member_hours(tx, member, seoul_date(now)), now) if may_book else ""
        )
    shown = (
        {str(b.booking_id) for b in mine.upcoming}
        | {str(w.entry_id) for w in waiting}
        | {str(s.strike_id) for s in strikes}
    )
    errors = dict(errors or {})
    stray = [message for key, message in errors.items() if key not in shown]
    if stray:  # a refusal about something not listed here shows above the lists
        errors["form"] = stray[0]
    return {
        "upcoming": [_booking_view(b, now) for b in mine.upcoming],
        "past": [_booking_view(b, now) for b in mine.past],
        "waiting": [
            w for w in waiting if w.status in (WaitlistStatus.OFFERED, WaitlistStatus.WAITING)
        ],
        "waiting_done": [
            w for w in waiting if w.status not in (WaitlistStatus.OFFERED, WaitlistStatus.WAITING)
        ],
        "strikes": strikes,
        "statuses": status_labels(),
        "errors": errors,
        "today": seoul_date(now),
        "strike_weeks": STRIKE_WEEKS,
        "strike_minutes": STRIKE_MINUTES,
        "values": values or {},
        "notice": notice,
        "now": now,
        "hours_left": left,
        **formatters(),
    }


@get(
    "/my/bookings",
    name="my_bookings",
    guards=[signed_in],
    sync_to_thread=True,
    include_in_schema=False,
)
def my_bookings(request: Req, notice: str = "") -> Template:
    return page(
        request,
        "workspaces/_my_bookings.html",
        "workspaces/my_bookings.html",
        _my_context(request, notice=_my_notice(notice)),
    )


@get(
    "/my/bookings.ics",
    name="my_bookings_ics",
    guards=[signed_in],
    sync_to_thread=True,
    include_in_schema=False,
)
def my_bookings_ics(request: Req) -> Response[str]:
    member = me(request)
    host = request.url.hostname or "filmhouse"
    with read(request) as tx:
        body = Calendar.ics(tx, member, host=host) if member else ""
    return Response(
        body,
        media_type="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="filmhouse-bookings.ics"'},
    )


def _my_action(
    request: Req, action: Any, key: str, code: str, values: dict[str, str] | None = None
) -> Response[Any]:
    """Run one command for the member's own page; a refusal shows next to the item."""
    errors: dict[str, str] = {}
    try:
        action()
    except DomainError as error:
        errors[key] = said(error)
        return page(
            request,
            "workspaces/_my_bookings.html",
            "workspaces/my_bookings.html",
            _my_context(request, errors=errors, values=values),
            status=status_of(error),
        )
    if request.htmx:  # type: ignore[attr-defined]
        caught_up(request)
        return page(
            request,
            "workspaces/_my_bookings.html",
            "workspaces/my_bookings.html",
            _my_context(request, notice=_my_notice(code)),
        )
    return Redirect(f"/my/bookings?notice={code}", status_code=303)


@post(
    "/my/bookings/{booking_id:uuid}/cancel",
    guards=[owns(booker_or_admin)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def cancel_booking(request: Req, booking_id: UUID, ctx: Context) -> Response[Any]:
    return _my_action(
        request,
        lambda: app_of(request).cancel_booking(ctx, booking_id),
        str(booking_id),
        "cancelled",
    )


@post(
    "/my/bookings/{booking_id:uuid}/check-in",
    guards=[signed_in],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def check_in(request: Req, booking_id: UUID, ctx: Context) -> Response[Any]:
    return _my_action(
        request, lambda: app_of(request).check_in(ctx, booking_id), str(booking_id), "checked_in"
    )


@post(
    "/my/waitlist/{entry_id:uuid}/accept",
    guards=[may(Action.BOOK_WORKSPACE)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def accept_offer(request: Req, entry_id: UUID, ctx: Context) -> Response[Any]:
    return _my_action(
        request, lambda: app_of(request).accept_offer(ctx, entry_id), str(entry_id), "accepted"
    )


@post(
    "/my/waitlist/{entry_id:uuid}/decline",
    guards=[signed_in],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def decline_offer(request: Req, entry_id: UUID, ctx: Context) -> Response[Any]:
    return _my_action(
        request, lambda: app_of(request).decline_offer(ctx, entry_id), str(entry_id), "declined"
    )


@post(
    "/my/waitlist/{entry_id:uuid}/leave",
    guards=[signed_in],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def leave_waitlist(request: Req, entry_id: UUID, ctx: Context) -> Response[Any]:
    return _my_action(
        request, lambda: app_of(request).leave_waitlist(ctx, entry_id), str(entry_id), "left"
    )


@post(
    "/my/strikes/{strike_id:uuid}/appeal",
    guards=[signed_in],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def appeal_strike(request: Req, strike_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    if app_of(request).strike(strike_id).member_id != me(request):
        raise Forbidden("only the member who got the strike can appeal it")
    reason = text(data, "reason")
    key = str(strike_id)
    if not reason:
        return page(
            request,
            "workspaces/_my_bookings.html",
            "workspaces/my_bookings.html",
            _my_context(
                request,
                errors={key: _("Say why the strike should be lifted, e.g. what kept you away.")},
            ),
            status=422,
        )
    if len(reason) > 2000:
        return page(
            request,
            "workspaces/_my_bookings.html",
            "workspaces/my_bookings.html",
            _my_context(
                request,
                errors={key: _("The reason is at most 2,000 characters.")},
                values={key: reason},
            ),
            status=422,
        )
    return _my_action(
        request,
        lambda: app_of(request).appeal_strike(ctx, strike_id, reason),
        key,
        "appealed",
        values={key: reason},
    )


ROUTES = [
    my_bookings,
    my_bookings_ics,
    cancel_booking,
    check_in,
    accept_offer,
    decline_offer,
    leave_waitlist,
    appeal_strike,
]
