"""The project page: the pitch, its roles and hired crew, for the director the recommended crew
and the crewing pipeline, for a partner the bridge panel. Its article is kept rendered per
viewer and log position (`project_article`), so a page served again costs no reads."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from litestar import get, post
from litestar.enums import MediaType
from litestar.response import Redirect, Response, Template
from markupsafe import Markup

from domain.context import Context
from domain.permissions import Action, allowed
from domain.vocabulary import Role
from projections.projector.sql import Tx
from projections.views.bridge import Bridge
from projections.views.directory import Directory
from projections.views.project_queries import ProjectCard, ProjectPage, RoleRow
from projections.views.projects import Projects
from web.auth import may
from web.forms import Form, attempt, uuid_or_none
from web.forms import text as field
from web.i18n import current_language
from web.i18n import gettext_ as _
from web.pages.common import (
    Req,
    app_of,
    caught_up,
    keepable,
    me,
    personal,
    read,
    rendered,
    wants_fragment,
)
from web.pages.project_common import OPEN_STATUSES, in_thread, my_roles, visible_page, vocabulary
from web.pages.project_partners import partners_panel
from web.recommend import READ_HEAD, Recommendation, localised, model, ranker_on_loop, recommend

RECOMMENDED_PER_ROLE = 5


def partner_panel(request: Req, page: ProjectPage, tx: Tx) -> dict[str, Any] | None:
    """What a partner sees of the bridge on a project page: interest and following."""
    member = me(request)
    if member is None or Role.PARTNER not in my_roles(request):
        return None
    partner = Bridge.partner_of(tx, member)
    if partner is None or partner.status != "verified":
        return {
            "partner": partner,
            "verified": False,
            "interest": None,
            "following": False,
            "project_id": page.card.project_id,
            "director_id": page.card.director_id,
        }
    interest = next(
        (
            i
            for i in Bridge.interests_of(tx, partner.partner_id)
            if i.project_id == page.card.project_id
        ),
        None,
    )
    following = any(
        f.director_id == page.card.director_id for f in Bridge.following(tx, partner.partner_id)
    )
    return {
        "partner": partner,
        "verified": True,
        "interest": interest,
        "following": following,
        "project_id": page.card.project_id,
        "director_id": page.card.director_id,
    }


def recommended_for(request: Req, tx: Tx, page: ProjectPage, role: RoleRow) -> list[Recommendation]:
    """The one recommender the JSON API uses, asked the same way."""
    state = request.app.state
    return localised(
        recommend(
            tx,
            state.match_graph,
            project_id=page.card.project_id,
            role_id=role.role_id,
            exclude={page.card.director_id, *role.hired},
            limit=RECOMMENDED_PER_ROLE,
            exposure=state.exposure,
            head=request.scope.get("state", {}).get(READ_HEAD),
        )
    )


def project_context(request: Req, project_id: UUID, **extra: Any) -> dict[str, Any]:
    page = visible_page(request, project_id)
    member = me(request)
    roles = my_roles(request)
    is_director = member is not None and member == page.card.director_id
    open_project = page.card.status in OPEN_STATUSES
    with read(request) as tx:
        pipeline = Projects.pipeline(tx, project_id=project_id) if is_director else []
        mine = (
            Projects.pipeline(tx, project_id=project_id, member_id=member)
            if (member and not is_director)
            else []
        )
        recommended: dict[UUID, list[Recommendation]] = {}
        if is_director and open_project:
            for role in page.roles:
                if role.open_seats:
                    recommended[role.role_id] = recommended_for(request, tx, page, role)
        interest = Bridge.interest_in(tx, project_id) if is_director else []
        people: set[UUID | None] = {page.card.director_id}
        people.update(h for r in page.roles for h in r.hired)
        people.update(i.member_id for i in pipeline)
        who = Directory.names(tx, people) if member else {}
        panel = partner_panel(request, page, tx)
        partners = partners_panel(request, tx, page)
    by_pair = {(i.role_id, i.member_id): i for i in pipeline}
    context: dict[str, Any] = {
        "page": page,
        "card": page.card,
        "project_id": project_id,
        "signed_in": member is not None,
        "is_director": is_director,
        "open_project": open_project,
        "can_apply": (
            allowed(roles, Action.APPLY_TO_ROLE)
            and not is_director
            and open_project
            and member is not None
        ),
        "mine": {i.role_id: i for i in mine},
        "pipeline": pipeline,
        "by_pair": by_pair,
        "recommended": recommended,
        "interest": interest,
        "names": who,
        "panel": panel,
        "partners": partners,
        "role_of": {r.role_id: r.role for r in page.roles},
        "errors": {},
        "messages": {},
        "notice": "",
        **vocabulary(),
    }
    context.update(extra)
    return context


@dataclass(frozen=True)
class Article:
    """The project page's article (projects/_project.html) rendered for one viewer as of one
    log position, with CSRF_MARK where the viewer's CSRF field goes."""

    html: tuple[str, ...]  # split at its marks (`keepable`)
    card: ProjectCard
    shown: tuple[UUID, ...]  # the recommended crew it shows: counted again each time it is served


def article_key(request: Req, project_id: UUID, tx: Tx) -> Hashable | None:
    """Everything the article depends on: the project; the log position the request read (the
    views and the recommender's graph have reached it, and every change to the project, its
    crew, the viewer's roles or the graph moves it on); the ranker `match retrain` stored
    (kept outside the log); the language; and the viewer (what they may see and do: owner
    actions, their own applications, a partner's panel). None when the read position is not
    known: the article is then not kept."""
    head = request.scope.get("state", {}).get(READ_HEAD)
    if head is None:
        return None
    return (
        project_id,
        head,
        model(tx),
        current_language(),
        me(request),
        request.app.state.exposure.epoch,
    )  # the newcomers' appearances the slot turns by


def article_key_on_loop(request: Req, project_id: UUID) -> Hashable | None:
    """`article_key` read on the event loop through the loop's own SQLite connection, the
    ranker named by the row `match retrain` stored last (None: no loop reader, or SQLite busy;
    the worker-thread path then answers)."""
    head = request.scope.get("state", {}).get(READ_HEAD)
    reader = request.app.state.loop_reader
    if head is None or reader is None:
        return None
    ranker = ranker_on_loop(reader)
    if ranker is None:
        return None
    return (
        project_id,
        head,
        ranker,
        current_language(),
        me(request),
        request.app.state.exposure.epoch,
    )


def project_article(request: Req, project_id: UUID, key: Hashable | None, **extra: Any) -> Article:
    """The article: the kept one under `key` (None: not kept), else read and rendered."""
    state = request.app.state
    kept = state.fragments.get(key) if key is not None else None
    if kept is not None:
        state.exposure.shown(kept.shown)
        return kept  # type: ignore[no-any-return]
    context = project_context(request, project_id, **extra)
    article = Article(
        keepable(rendered(request, "projects/_project.html", context)),
        context["card"],
        tuple(r.member_id for found in context["recommended"].values() for r in found),
    )
    if key is not None:
        state.fragments.put(key, article)
    return article


def project_answer(
    request: Req, project_id: UUID, status: int = 200, key: Hashable | None = None, **extra: Any
) -> Response[Any]:
    """The project page, or for htmx its article. Kept when nothing but the log and the
    viewer shapes it; an answer to a form, with its errors or notice, is rendered afresh and
    not kept. `key`: the one `article_key_on_loop` found, else it is read here."""
    if extra:
        key = None
    elif key is None:
        with read(request) as tx:
            key = article_key(request, project_id, tx)
    return article_answer(request, project_article(request, project_id, key, **extra), status, key)


def article_answer(
    request: Req, article: Article, status: int = 200, key: Hashable | None = None
) -> Response[Any]:
    """The article for htmx, else the whole page around it (kept too, under the article's key
    and the path: base.html shows nothing else but the viewer's CSRF token and name, which
    `personal` puts in)."""
    if wants_fragment(request):
        return Response(
            personal(request, article.html), media_type=MediaType.HTML, status_code=status
        )
    kept = request.app.state.fragments
    whole_key = None if key is None else ("whole page", key, request.url.path)
    whole = kept.get(whole_key) if whole_key is not None else None
    if whole is None:
        whole = keepable(
            rendered(
                request,
                "projects/project.html",
                {"article": Markup("".join(article.html)), "card": article.card},
            )
        )
        if whole_key is not None:
            kept.put(whole_key, whole)
    return Response(personal(request, whole), media_type=MediaType.HTML, status_code=status)


@get("/projects/{project_id:uuid}", name="project", include_in_schema=False)
async def project_page(request: Req, project_id: UUID) -> Response[Any]:
    """A kept article is served on the event loop (no worker-thread hop); else the page is
    read and rendered in a worker thread."""
    key = article_key_on_loop(request, project_id)
    kept = request.app.state.fragments.get(key) if key is not None else None
    if kept is not None:
        request.app.state.impressions.add(kept.shown)
        return article_answer(request, kept, key=key)
    answer: Response[Any] = await in_thread(project_answer, request, project_id, 200, key)
    return answer


@post(
    "/projects/{project_id:uuid}/partners/submit",
    guards=[may(Action.SUBMIT_TO_OPPORTUNITY)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def submit_to_partner(request: Req, project_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    """One click: submit this project to a suggested partner's open call."""
    opportunity_id = uuid_or_none(field(data, "opportunity_id"))
    title = field(data, "title")[:200]
    errors: dict[str, str] = {}
    status = 422
    if opportunity_id is None:
        errors["partners"] = _("Choose one of the open calls shown.")
    else:
        chosen = opportunity_id
        _ignored, status = attempt(
            lambda: app_of(request).submit_to_opportunity(ctx, chosen, project_id),
            errors,
            "partners",
        )
    if status == 200:
        caught_up(request)
        if not request.htmx:  # type: ignore[attr-defined]
            return Redirect(f"/projects/{project_id}#partners", status_code=303)
    notice = (
        _("Submitted to %(call)s. The partner will answer on the call's page.", call=title)
        if status == 200
        else ""
    )
    if not request.htmx:  # type: ignore[attr-defined]
        return project_answer(
            request, project_id, status, partners_error=errors.get("partners", "")
        )
    page = visible_page(request, project_id)
    with read(request) as tx:
        panel = partners_panel(request, tx, page) or {"suggestions": [], "project_id": project_id}
    return Template(
        "projects/_partners.html",
        context={
            "partners": panel,
            "project_id": project_id,
            "partners_error": errors.get("partners", ""),
            "partners_notice": notice,
        },
        status_code=status,
    )


ROUTES = [project_page, submit_to_partner]
