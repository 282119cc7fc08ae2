"""The scouting page's landing: two short lists for a verified partner, "Projects to see" and
"Directors to watch", each item with its reasons in the reader's language and an action
(shortlist the project: the director's inbox is told; follow the director). More of each list
is behind "More" (htmx, or a plain link without JavaScript); the search, the organisation's
postings and its submissions follow (web/pages/bridge_scout.py)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import get, post
from litestar.params import Parameter
from litestar.response import Redirect, Response, Template

from domain.context import Context
from domain.permissions import Action
from projections.projector.sql import Tx
from projections.views.bridge import Bridge
from projections.views.bridge_profiles import profile
from web.auth import may
from web.forms import Form, attempt
from web.forms import text as field
from web.i18n import gettext_ as _
from web.pages.bridge_scout import scout_context
from web.pages.common import Req, app_of, caught_up, read
from web.pages.common import page as render
from web.pages.project_common import as_uuid, visible_page
from web.partner_recommend import directors_for_partner, localised, projects_for_partner
from web.recommend import READ_HEAD

SHORT = 5  # items each list opens on
MOST = 50  # items "More" reaches at most


def _shown(value: int) -> int:
    return min(max(SHORT, value - value % SHORT if value > SHORT else SHORT), MOST)


def lists_context(
    request: Req, tx: Tx, partner_id: UUID, *, see: int = SHORT, watch: int = SHORT
) -> dict[str, Any]:
    """The two lists, `see` projects and `watch` directors long, with what the partner has
    already done about each item."""
    state = request.app.state
    head = request.scope.get("state", {}).get(READ_HEAD)
    exposure = state.get("director_exposure")  # counts the directors scouts are shown
    projects = localised(
        projects_for_partner(
            tx, state.match_graph, partner_id=partner_id, limit=see, exposure=exposure, head=head
        )
    )
    directors = localised(
        directors_for_partner(
            tx, state.match_graph, partner_id=partner_id, limit=watch, exposure=exposure, head=head
        )
    )
    # Whether "More" has more to show: asked one longer and uncounted (only what is shown is
    # counted for the fairness report).
    more_projects = projects_for_partner(
        tx, state.match_graph, partner_id=partner_id, limit=see + 1, head=head
    )
    more_directors = directors_for_partner(
        tx, state.match_graph, partner_id=partner_id, limit=watch + 1, head=head
    )
    return {
        "to_see": projects,
        "to_watch": directors,
        "see": see,
        "watch": watch,
        "more_to_see": len(more_projects) > see,
        "more_to_watch": len(more_directors) > watch,
        "profile_stated": profile(tx, partner_id) is not None,
        "shortlisted": {i.project_id for i in Bridge.interests_of(tx, partner_id)},
        "watched": {f.director_id for f in Bridge.following(tx, partner_id)},
        "list_errors": {},
        "list_notice": {},
    }


def home_context(
    request: Req, *, see: int = SHORT, watch: int = SHORT, **extra: Any
) -> dict[str, Any]:
    """The whole scouting page: the two lists, then the board of bridge_scout.py."""
    context = scout_context(request, **extra)
    partner = context["partner"]
    if context["verified"] and partner is not None:
        with read(request) as tx:
            lists = lists_context(request, tx, partner.partner_id, see=see, watch=watch)
        context.update({k: v for k, v in lists.items() if k not in extra})
    return context


@get("/scout", guards=[may(Action.SCOUT)], sync_to_thread=True, include_in_schema=False)
def scout(
    request: Req,
    q: Annotated[str, Parameter(max_length=200)] = "",
    genre: Annotated[str, Parameter(max_length=80)] = "",
    format: Annotated[str, Parameter(max_length=40)] = "",
    open_roles: Annotated[str, Parameter(query="open", max_length=5)] = "",
    decided: Annotated[str, Parameter(max_length=36)] = "",
    see: Annotated[int, Parameter(ge=0, le=1000)] = SHORT,
    watch: Annotated[int, Parameter(ge=0, le=1000)] = SHORT,
    offset: Annotated[int, Parameter(ge=0, le=100_000)] = 0,
) -> Template:
    """The verified partner's landing; with htmx, only the project results of the search.
    `?decided=` names the submission just decided, which the pipeline confirms; `?see=` and
    `?watch=` how long each list is (what "More" asks without JavaScript)."""
    context = home_context(
        request,
        see=_shown(see),
        watch=_shown(watch),
        q=q.strip(),
        genre=genre.strip().lower(),
        format=format,
        open_roles=bool(open_roles),
        decided=as_uuid(decided),
        offset=offset,
    )
    return render(request, "bridge/_scout_projects.html", "bridge/scout.html", context)


@get("/scout/more", guards=[may(Action.SCOUT)], sync_to_thread=True, include_in_schema=False)
def more(
    request: Req,
    which: Annotated[str, Parameter(query="list", max_length=10)] = "see",
    show: Annotated[int, Parameter(ge=0, le=1000)] = SHORT,
) -> Response[Any]:
    """One list (`?list=see` or `watch`), `show` long: the fragment for htmx, else the page
    at that list."""
    key = {"see": "see", "watch": "watch"}.get(which)
    if key is None:
        return Redirect("/scout", status_code=303)
    if not request.htmx:  # type: ignore[attr-defined]
        return Redirect(f"/scout?{key}={_shown(show)}#{key}", status_code=303)
    context = home_context(request, **{key: _shown(show)})
    return Template(f"bridge/_scout_{key}.html", context=context)


def _list_answer(
    request: Req, key: str, item: UUID, status: int, errors: dict[str, str], notice: str
) -> Response[Any]:
    if status == 200:
        caught_up(request)
        if not request.htmx:  # type: ignore[attr-defined]
            return Redirect(f"/scout#{key}", status_code=303)
    extra: dict[str, Any] = {
        "list_errors": {item: errors[next(iter(errors))]} if errors else {},
        "list_notice": {item: notice} if status == 200 else {},
        "oob": True,
    }
    context = home_context(request, **extra)
    if request.htmx:  # type: ignore[attr-defined]
        return Template(f"bridge/_scout_{key}_answer.html", context=context, status_code=status)
    return Template("bridge/scout.html", context=context, status_code=status)


@post(
    "/scout/projects/{project_id:uuid}/shortlist",
    guards=[may(Action.SCOUT)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def shortlist(request: Req, project_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    """Register interest in a recommended project: the director's inbox is told."""
    visible_page(request, project_id)  # a draft is not found, as on its own page
    errors: dict[str, str] = {}
    _ignored, status = attempt(
        lambda: app_of(request).register_interest(ctx, project_id, field(data, "note")),
        errors,
        "list",
    )
    notice = _("Shortlisted. The director has been told in their inbox.")
    return _list_answer(request, "see", project_id, status, errors, notice)


@post(
    "/scout/directors/{director_id:uuid}/follow",
    guards=[may(Action.SCOUT)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def follow(request: Req, director_id: UUID, ctx: Context) -> Response[Any]:
    """Follow a director to watch: their next pitch and wrap reach your inbox."""
    errors: dict[str, str] = {}
    _ignored, status = attempt(
        lambda: app_of(request).follow_director(ctx, director_id), errors, "list"
    )
    notice = _("Following. Their next pitch and wrap will reach your inbox.")
    return _list_answer(request, "watch", director_id, status, errors, notice)


ROUTES = [scout, more, shortlist, follow]
