"""Workspaces: /workspaces lists the centre's rooms, from the calendar view. A room's own page
(its calendar) is web/pages/workspace_calendar.py, booking and the waitlist from it
web/pages/workspace_booking.py; the member's own
bookings are web/pages/my_bookings.py; the words they share are web/pages/booking_text.py.
"""

from __future__ import annotations

from litestar import get
from litestar.response import Template

from projections.views.calendar import Calendar
from web.display.labels import workspace_kind_labels as kind_labels
from web.pages import my_bookings, workspace_booking, workspace_calendar
from web.pages.booking_text import hours_summary, rules_text
from web.pages.common import Req, page, read

__all__ = ["ROUTES"]


@get("/workspaces", name="workspaces", sync_to_thread=True, include_in_schema=False)
def workspaces_page(request: Req) -> Template:
    with read(request) as tx:
        rooms = Calendar.rooms(tx)
    return page(
        request,
        "workspaces/_list.html",
        "workspaces/index.html",
        {
            "rooms": [{"w": w, "hours": hours_summary(w), "rules": rules_text(w)} for w in rooms],
            "kinds": kind_labels(),
        },
    )


ROUTES = [
    workspaces_page,
    *workspace_calendar.ROUTES,
    *workspace_booking.ROUTES,
    *my_bookings.ROUTES,
]
