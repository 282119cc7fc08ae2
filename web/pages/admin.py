"""The admin console: members and roles, partners to verify, opportunity take-downs, workspaces
and blackouts, booking requests and strike appeals, trainings, funds with reviewer assignment,
decisions and disbursements, member reports, and the what-if tool.

Here the overview (what waits for staff) and every section's routes; each section is its own
module (admin_members, admin_partners, admin_workspaces, admin_trainings, admin_funds,
admin_applications, whatif) on what they share (admin_console).
"""

from __future__ import annotations

from typing import Any

from litestar import get
from litestar.response import Template

from projections.views.bridge import Bridge
from projections.views.calendar import Calendar
from projections.views.console import Console
from projections.views.inbox import Inbox
from web.pages import (
    admin_applications,
    admin_funds,
    admin_members,
    admin_partners,
    admin_trainings,
    admin_workspaces,
)
from web.pages.admin_console import ADMIN, render
from web.pages.common import Req, read


def _overview(request: Req) -> dict[str, Any]:
    with read(request) as tx:
        return {
            "pending_partners": len(Bridge.partners(tx, status="pending")),
            "requests": len(Console.booking_requests(tx)),
            "appeals": len(Calendar.appeals(tx)),
            "reports": len(Inbox.reports(tx)),
            "undecided": Console.undecided_applications(tx),
        }


@get("/admin", guards=ADMIN, sync_to_thread=True, include_in_schema=False)
def overview(request: Req) -> Template:
    return render(request, "overview", _overview(request))


ROUTES = [
    overview,
    *admin_members.ROUTES,
    *admin_partners.ROUTES,
    *admin_workspaces.ROUTES,
    *admin_trainings.ROUTES,
    *admin_funds.ROUTES,
    *admin_applications.ROUTES,
]
