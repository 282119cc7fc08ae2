"""A partner's interest in a project, from the project page's partner panel; and following
directors (any member), from a director's page, the project page's partner panel and the
scouting board: each answers with the region it came from (htmx), or redirects back to it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import post
from litestar.response import Redirect, Response, Template

from domain.context import Context
from domain.permissions import Action
from web.auth import may
from web.forms import Form, attempt
from web.forms import text as field
from web.i18n import gettext_ as _
from web.pages.bridge_common import bridge_words, partner_row_of
from web.pages.bridge_scout import scout_context
from web.pages.common import Req, app_of, caught_up, me, read, wants_fragment
from web.pages.common import page as render
from web.pages.follow_common import follow_button
from web.pages.members import _profile_context as member_page_context
from web.pages.project_common import as_uuid, visible_page
from web.pages.project_page import partner_panel, project_context


def _panel_answer(
    request: Req, project_id: UUID, status: int, error: str = "", notice: str = ""
) -> Response[Any]:
    if status == 200 and not request.htmx:  # type: ignore[attr-defined]
        return Redirect(f"/projects/{project_id}#partner", status_code=303)
    page = visible_page(request, project_id)
    with read(request) as tx:
        panel = partner_panel(request, page, tx)
    context = {
        "panel": panel,
        "panel_error": error,
        "panel_notice": notice,
        "project_id": project_id,
        **bridge_words(),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return Template("bridge/_partner_panel.html", context=context, status_code=status)
    return Template(
        "projects/project.html",
        status_code=status,
        context={**project_context(request, project_id), **context},
    )


@post(
    "/projects/{project_id:uuid}/interest",
    guards=[may(Action.SCOUT)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def register_interest(request: Req, project_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    visible_page(request, project_id)
    errors: dict[str, str] = {}
    _ignored, status = attempt(
        lambda: app_of(request).register_interest(ctx, project_id, field(data, "note")),
        errors,
        "panel",
    )
    if status == 200:
        caught_up(request)
    return _panel_answer(
        request,
        project_id,
        status,
        errors.get("panel", ""),
        _("The director has been told of your interest.") if status == 200 else "",
    )


@post(
    "/projects/{project_id:uuid}/interest/withdraw",
    guards=[may(Action.SCOUT)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def withdraw_interest(request: Req, project_id: UUID, ctx: Context) -> Response[Any]:
    visible_page(request, project_id)
    errors: dict[str, str] = {}
    _ignored, status = attempt(
        lambda: app_of(request).withdraw_interest(ctx, project_id), errors, "panel"
    )
    if status == 200:
        caught_up(request)
    return _panel_answer(request, project_id, status, errors.get("panel", ""))


def _member_answer(request: Req, director_id: UUID, status: int, error: str) -> Response[Any]:
    """The director's page (its Follow region for htmx) after a follow or an unfollow."""
    if status == 200 and not wants_fragment(request):
        return Redirect(f"/members/{director_id}#follow", status_code=303)
    if wants_fragment(request):
        with read(request) as tx:
            button = follow_button(tx, me(request), director_id)
        context = {"follow": button, "follow_error": error}
        return Template("members/_follow.html", context=context, status_code=status)
    context = {**member_page_context(request, director_id), "follow_error": error}
    return Template("members/profile.html", context=context, status_code=status)


def _follow(
    request: Req, director_id: UUID, data: dict[str, Any], ctx: Context, follow: bool
) -> Response[Any]:
    errors: dict[str, str] = {}
    app = app_of(request)
    command = app.follow_director if follow else app.unfollow_director
    _ignored, status = attempt(lambda: command(ctx, director_id), errors, "panel")
    if status == 200:
        caught_up(request)
    project_id = as_uuid(field(data, "project_id"))
    if project_id is not None:
        return _panel_answer(request, project_id, status, errors.get("panel", ""))
    partner = partner_row_of(request)
    if field(data, "back") == "member" or partner is None or partner.status != "verified":
        return _member_answer(request, director_id, status, errors.get("panel", ""))
    if status == 200 and not request.htmx:  # type: ignore[attr-defined]
        return Redirect("/scout#directors", status_code=303)
    return render(
        request,
        "bridge/_directors.html",
        "bridge/scout.html",
        scout_context(request, follow_error=errors.get("panel", "")),
        status=status,
    )


@post(
    "/directors/{director_id:uuid}/follow",
    guards=[may(Action.FOLLOW_DIRECTOR)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def follow_director(request: Req, director_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    return _follow(request, director_id, data, ctx, True)


@post(
    "/directors/{director_id:uuid}/unfollow",
    guards=[may(Action.FOLLOW_DIRECTOR)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def unfollow_director(request: Req, director_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    return _follow(request, director_id, data, ctx, False)


ROUTES = [register_interest, withdraw_interest, follow_director, unfollow_director]
