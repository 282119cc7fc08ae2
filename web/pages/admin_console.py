"""What every section of the admin console shares: who may open it, its section links, and
how a section answers: the whole page or, for htmx, the section alone; after a command, back
to the section (303, or the re-rendered section for htmx), or the section again with the
refusal next to the form that asked and its status (403, 404, 409, 422).

GET handlers sharing their path with a POST run on the event loop (sync_to_thread=False):
Litestar 2 wraps such a GET twice when threaded and answers with an un-awaited coroutine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar.response import Redirect, Response, Template

from domain.permissions import Action
from web.auth import may
from web.forms import attempt
from web.i18n import gettext_ as _
from web.pages.common import Req, caught_up, wants_fragment

ADMIN = [may(Action.MANAGE_WORKSPACES)]  # the role table's staff: admins
Builder = Callable[..., dict[str, Any]]  # a section's context, from the request and its ids


def links() -> list[tuple[str, str]]:
    return [
        ("/admin", _("Overview")),
        ("/admin/members", _("Members")),
        ("/admin/partners", _("Partners")),
        ("/admin/opportunities", _("Opportunities")),
        ("/admin/workspaces", _("Workspaces")),
        ("/admin/bookings", _("Bookings and appeals")),
        ("/admin/trainings", _("Trainings")),
        ("/admin/funds", _("Funds")),
        ("/admin/reports", _("Reports of members")),
        ("/admin/what-if", _("What-if")),
        ("/dashboard#fairness", _("Fairness report")),
    ]


def render(
    request: Req, fragment: str, context: dict[str, Any], status: int = 200, title: str = ""
) -> Template:
    context = {
        "errors": {},
        "values": {},
        "notice": "",
        **context,
        "links": links(),
        "fragment": f"admin/_{fragment}.html",
        "title": title or context.get("page_title") or _("Admin"),
    }
    name = context["fragment"] if wants_fragment(request) else "admin/page.html"
    return Template(name, context=context, status_code=status)


def after(
    request: Req,
    action: Callable[[], object],
    key: str,
    back: str,
    fragment: str,
    builder: Builder,
    *args: Any,
    notice: str = "",
    values: dict[str, Any] | None = None,
    title: str = "",
) -> Response[Any]:
    """Run one command: on success back to the section; on a refusal the section again with
    the reason next to the form that asked."""
    errors: dict[str, str] = {}
    _result, status = attempt(action, errors, key)
    if errors:
        return render(
            request,
            fragment,
            {**builder(request, *args), "errors": errors, "values": values or {}},
            status,
            title,
        )
    caught_up(request)
    if wants_fragment(request):
        return render(
            request,
            fragment,
            {**builder(request, *args), "notice": notice or _("Done.")},
            200,
            title,
        )
    return Redirect(back, status_code=303)


def refuse(
    request: Req,
    key: str,
    message: str,
    fragment: str,
    builder: Builder,
    *args: Any,
    values: dict[str, Any] | None = None,
) -> Template:
    """The section again with a refusal the page itself makes (an empty reason, say)."""
    return render(
        request,
        fragment,
        {**builder(request, *args), "errors": {key: message}, "values": values or {}},
        422,
    )


def whole(value: str) -> int | None:
    """A whole number as staff type it ("1,500,000" too), or None."""
    try:
        return int(value.replace(",", ""))
    except ValueError:
        return None
