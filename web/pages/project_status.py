"""A project's status moves on its editor page: pitch, start crewing, start production, wrap,
cancel with a reason and, at wrap, confirming the crew (verified credits). They answer with the
editor's status section (web/pages/project_editor.py reads it from the Projects view).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from litestar import post
from litestar.response import Redirect, Response, Template

from domain.context import Context
from projections.views.directory import Directory
from web.auth import directs_project, owns
from web.forms import Form, attempt, text
from web.i18n import gettext_ as _
from web.pages.common import Req, app_of, caught_up, read
from web.pages.common import page as render
from web.pages.project_common import as_uuid, htmx, many
from web.pages.project_editor import editor_context

# -- the project's status --------------------------------------------------------------------


STATUS_MOVES = ("pitch", "crewing", "production", "wrap", "cancel")


def _notices() -> dict[str, str]:
    return {
        "pitch": _("Pitched: crew can now apply and partners can see it."),
        "crewing": _("Crewing has started."),
        "production": _("Production has started."),
        "wrap": _("Wrapped. Confirm the crew below to give them verified credits."),
        "cancel": _("The project is cancelled; its crew's dates are free again."),
    }


@post(
    "/projects/{project_id:uuid}/status",
    guards=[owns(directs_project)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def move_status(request: Req, project_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    """Pitch, start crewing, start production, wrap, or cancel with a reason."""
    move, reason = text(data, "move"), text(data, "reason")
    errors: dict[str, str] = {}
    app = app_of(request)
    commands: dict[str, Callable[[], None]] = {
        "pitch": lambda: app.pitch_project(ctx, project_id),
        "crewing": lambda: app.start_crewing(ctx, project_id),
        "production": lambda: app.start_production(ctx, project_id),
        "wrap": lambda: app.wrap_project(ctx, project_id),
        "cancel": lambda: app.cancel_project(ctx, project_id, reason),
    }
    status = 422
    if move not in commands:
        errors["form"] = _("Choose what should happen to the project.")
    elif move == "cancel" and not reason:
        errors["reason"] = _("Say why the project is cancelled; the crew will read it.")
    else:
        _ignored, status = attempt(commands[move], errors, fields=("reason",))
    if status == 200:
        caught_up(request)
        if not htmx(request):
            return Redirect(f"/projects/{project_id}/edit#status", status_code=303)
        return Template(
            "projects/_editor.html",
            context=editor_context(request, project_id, notice=_notices()[move], where="status"),
        )
    context = editor_context(
        request, project_id, status_errors=errors, cancel_reason=reason, where="status"
    )
    return render(request, "projects/_editor.html", "projects/edit.html", context, status=status)


@post(
    "/projects/{project_id:uuid}/confirm-crew",
    guards=[owns(directs_project)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def confirm_crew(request: Req, project_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    """At wrap the director confirms who worked on the film: verified credits for them."""
    chosen = [m for m in (as_uuid(v) for v in many(data, "member_id")) if m is not None]
    errors: dict[str, str] = {}
    credited: list[UUID] | None = None
    if not chosen:
        errors["confirm"] = _("Tick at least one member of the crew to confirm.")
        status = 422
    else:
        credited, status = attempt(
            lambda: app_of(request).confirm_crew_at_wrap(ctx, project_id, chosen), errors, "confirm"
        )
    notice = ""
    if status == 200:
        caught_up(request)
        with read(request) as tx:
            who = Directory.names(tx, credited or [])
        notice = _(
            "Verified credits given to: %(names)s.",
            names=", ".join(who.get(m, str(m)) for m in credited or []),
        )
    context = editor_context(
        request, project_id, status_errors=errors, notice=notice, where="status"
    )
    return render(request, "projects/_status.html", "projects/edit.html", context, status=status)


ROUTES = [move_status, confirm_crew]
