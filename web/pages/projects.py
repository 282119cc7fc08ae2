"""Projects: the board of pitched projects, the pitch editor, the project page (roles, hired
crew, recommended crew, the crewing pipeline), a director's projects and the attachments they
link to. Crewing (inviting, applying, answering) is in web/pages/project_crewing.py.

Every URL serves its whole page, or with `HX-Request` the fragment that changed; every form also
works without JavaScript (a 303 back to the page, or the page again with the refusal inline).
Drafts are seen only by their director (and the centre's admins).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Annotated, Any
from uuid import UUID

import anyio
from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.enums import MediaType, RequestEncodingType
from litestar.exceptions import NotAuthorizedException
from litestar.params import Body, Parameter
from litestar.response import Redirect, Response, Template
from markupsafe import Markup

from domain.clock import SEOUL
from domain.commitments import DatesClash
from domain.context import Context
from domain.errors import DomainError, NotFound
from domain.permissions import Action, allowed
from domain.project import RoleFull
from domain.vocabulary import ProjectStatus, Role
from projections.graph.retrain import TABLE as RANKER_TABLE
from projections.projector.sql import Tx
from projections.views.bridge import Bridge
from projections.views.directory import Directory
from projections.views.projects import ProjectPage, Projects
from web import navigation
from web.auth import directs_project, may, owns
from web.display.labels import format_labels, pipeline_labels
from web.display.labels import project_status_labels as status_labels
from web.display.labels import submission_labels as state_labels
from web.display.vocabulary import GENRE, ROLE, SKILL, key_of, keys_of
from web.errors import status_of
from web.forms import done
from web.forms import text as field
from web.i18n import current_language
from web.i18n import gettext_ as _
from web.pages.common import (
    app_of,
    caught_up,
    keepable,
    me,
    personal,
    read,
    rendered,
    roles_of,
    wants_fragment,
)
from web.pages.common import page as render
from web.recommend import READ_HEAD, localised, model, recommend

Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]
Req = Request[Any, Any, Any]

OPEN_STATUSES = ("pitched", "crewing", "in_production")
RECOMMENDED_PER_ROLE = 5
BOARD_PAGE = 30
UPLOAD_BODY_MAX = 22 * 1024 * 1024  # a 20 MB deck and the form around it; the domain says why


# -- small helpers this area's pages share (bridge.py uses them too) --------------------------


def many(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key, [])
    return [str(v).strip() for v in (value if isinstance(value, list) else [value]) if str(v)]


def as_uuid(value: object) -> UUID | None:
    try:
        return UUID(str(value))
    except ValueError:
        return None


def commas(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\uff0c", ",").split(",") if part.strip()]


def whole_number(text: str) -> int | None:
    cleaned = text.replace(",", "").replace("₩", "").replace(" ", "")
    return int(cleaned) if cleaned.isdigit() else None




def attempt(action: Callable[[], Any], errors: dict[str, str], key: str) -> tuple[Any, int]:
    """Run one command; a refusal goes into `errors[key]` in words, with its status."""
    try:
        return action(), 200
    except DomainError as error:
        errors[key] = explain(error)
        return None, status_of(error)


def explain(error: DomainError) -> str:
    """The refusal in words, led by what it means for the member where we can say it."""
    if isinstance(error, RoleFull):
        return _("This role is full: %(detail)s", detail=error.message)
    if isinstance(error, DatesClash):
        return _("The dates clash with another shoot: %(detail)s", detail=error.message)
    return error.message


def field_of(message: str, known: Iterable[str], default: str = "form") -> str:
    first = message.split(" ", 1)[0]
    return first if first in set(known) else default


async def in_thread(function: Callable[..., Any], *args: Any) -> Any:
    """Run blocking reads off the event loop. (A page whose URL also takes a POST is written as
    an async handler: Litestar 2.25 wraps a sync_to_thread GET twice when its path has another
    method, and the page would answer 500.)"""
    return await anyio.to_thread.run_sync(partial(function, *args))


def my_roles(request: Req) -> frozenset[Role]:
    """The signed-in member's roles, loaded once per request (a page asks several times)."""
    state = request.scope.setdefault("state", {})
    if navigation.ROLES not in state:
        state[navigation.ROLES] = roles_of(request)
    return state[navigation.ROLES]  # type: ignore[no-any-return]


def is_admin(roles: frozenset[Role]) -> bool:
    return Role.ADMIN in roles


# -- words for the vocabulary ------------------------------------------------------------------


def when(moment: datetime | str | None) -> str:
    """A moment as Seoul wall-clock time, to the minute."""
    if not moment:
        return ""
    value = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    if value.tzinfo is not None:
        value = value.astimezone(SEOUL)
    return value.strftime("%Y-%m-%d %H:%M")


def vocabulary() -> dict[str, Any]:
    return {"statuses": status_labels(), "formats": format_labels(),
            "pipeline_words": pipeline_labels(), "when": when}


# -- reading projects --------------------------------------------------------------------------


def may_see(page: ProjectPage, member: UUID | None, roles: frozenset[Role]) -> bool:
    return page.card.status != "draft" or member == page.card.director_id or is_admin(roles)


def visible_page(request: Req, project_id: UUID) -> ProjectPage:
    """The project as its page shows it; a draft is not found for anyone but its director."""
    with read(request) as tx:
        page = Projects.page(tx, project_id)
    if page is None or not may_see(page, me(request), my_roles(request)):
        raise NotFound(_("There is no such project, or it has not been pitched yet."))
    return page


def genres_on_board(tx: Tx) -> list[str]:
    rows = tx.execute("SELECT genres FROM prj_projects WHERE status IN (?, ?, ?)",
                      OPEN_STATUSES).fetchall()
    found: set[str] = set()
    for (raw,) in rows:
        found.update(json.loads(raw))
    return sorted(found)


def role_names(tx: Tx, role_ids: Iterable[UUID]) -> dict[UUID, tuple[str, str, UUID]]:
    """Role id → (role, project title, director) for the pipeline lists."""
    wanted = sorted({r.hex for r in role_ids})
    if not wanted:
        return {}
    marks = ", ".join("?" for _ in wanted)
    rows = tx.execute(
        "SELECT r.role_id, r.role, p.title, p.director_id FROM prj_roles r "
        f"JOIN prj_projects p ON p.project_id = r.project_id WHERE r.role_id IN ({marks})",
        wanted).fetchall()
    return {UUID(r[0]): (r[1], r[2], UUID(r[3])) for r in rows}


def project_with_file(tx: Tx, sha256: str) -> list[tuple[UUID, UUID, str, dict[str, Any]]]:
    """Projects recording the file: (project, director, status, the file's record)."""
    rows = tx.execute(
        "SELECT project_id, director_id, status, pitch_deck, stills FROM prj_projects "
        "WHERE pitch_deck LIKE ? OR stills LIKE ?", (f"%{sha256}%", f"%{sha256}%")).fetchall()
    found = []
    for project_id, director_id, status, deck, stills in rows:
        files = ([json.loads(deck)] if deck else []) + json.loads(stills)
        for record in files:
            if record["sha256"] == sha256:
                found.append((UUID(project_id), UUID(director_id), status, record))
    return found


# -- the board ---------------------------------------------------------------------------------


def _board_context(request: Req, q: str, genre: str, format: str, open_roles: bool,
                   offset: int) -> dict[str, Any]:
    with read(request) as tx:
        cards = Projects.board(tx, key_of(GENRE, q[:100]), genre=genre or None,
                               format=format if format in format_labels() else None,
                               open_roles=open_roles, limit=BOARD_PAGE + 1, offset=offset,
                               role=key_of(ROLE, q[:100]))  # "촬영감독" finds cinematographers
        genres = genres_on_board(tx)
        directors = Directory.names(tx, [c.director_id for c in cards]) if me(request) else {}
    return {"cards": cards[:BOARD_PAGE], "more": len(cards) > BOARD_PAGE, "offset": offset,
            "page_size": BOARD_PAGE, "genres": genres, "directors": directors,
            "filters": {"q": q, "genre": genre, "format": format, "open": open_roles},
            "can_pitch": allowed(my_roles(request), Action.CREATE_PROJECT), **vocabulary()}


@get("/projects", name="projects", include_in_schema=False)
async def board(
    request: Req,
    q: Annotated[str, Parameter(max_length=200)] = "",
    genre: Annotated[str, Parameter(max_length=80)] = "",
    format: Annotated[str, Parameter(max_length=40)] = "",
    open_roles: Annotated[str, Parameter(query="open", max_length=5)] = "",
    offset: Annotated[int, Parameter(ge=0, le=100_000)] = 0,
) -> Template:
    """Pitched projects: search as you type, filter by genre, format and open roles."""
    context = await in_thread(_board_context, request, q.strip(), genre.strip().lower(), format,
                              bool(open_roles), offset)
    return render(request, "projects/_board_results.html", "projects/board.html", context)


# -- the pitch editor --------------------------------------------------------------------------

DETAIL_NAMES = ("title", "logline", "synopsis", "genres", "format", "language", "budget_krw",
                "prep_start", "prep_end", "shoot_start", "shoot_end", "post_start", "post_end")
DATE_NAMES = ("prep_start", "prep_end", "shoot_start", "shoot_end", "post_start", "post_end")
ROLE_NAMES = ("role", "skills", "count", "start", "end", "paid")


def _details_input(data: dict[str, Any]) -> tuple[dict[str, str], dict[str, Any],
                                                   dict[str, str]]:
    """The form's values as typed, the command's arguments, and what is missing or malformed."""
    values = {name: field(data, name) for name in DETAIL_NAMES}
    errors: dict[str, str] = {}
    if not values["title"]:
        errors["title"] = _("Give the project a title.")
    if not values["logline"]:
        errors["logline"] = _("Write the logline: the film in one sentence.")
    if values["format"] not in format_labels():
        errors["format"] = _("Choose the format.")
    budget = whole_number(values["budget_krw"])
    if budget is None:
        errors["budget_krw"] = _("Enter the budget in won as a whole number, e.g. 30000000.")
    if not values["shoot_start"] or not values["shoot_end"]:
        errors["dates"] = _("Give the first and the last shoot day.")
    arguments: dict[str, Any] = {
        "title": values["title"], "logline": values["logline"], "synopsis": values["synopsis"],
        "genres": keys_of(GENRE, commas(values["genres"])), "format": values["format"],
        "language": values["language"], "budget_krw": budget,
        **{name: values[name] or None for name in DATE_NAMES},
    }
    return values, arguments, errors


def _detail_error(error: DomainError) -> str:
    message = error.message
    key = field_of(message, DETAIL_NAMES)
    if key in DATE_NAMES or any(w in message for w in ("shoot", "prep", "post-production")):
        return "dates"
    return key


def _details_values(project: Any) -> dict[str, str]:
    d = project.details
    return {"title": d.title, "logline": d.logline, "synopsis": d.synopsis,
            "genres": ", ".join(d.genres), "format": d.format.value, "language": d.language,
            "budget_krw": str(d.budget_krw),
            **{name: (getattr(d, name).isoformat() if getattr(d, name) else "")
               for name in DATE_NAMES}}


def _empty_role() -> dict[str, str]:
    return {"role": "", "skills": "", "count": "1", "start": "", "end": "", "paid": ""}


def _role_input(data: dict[str, Any]) -> tuple[dict[str, str], dict[str, Any], dict[str, str]]:
    values = {name: field(data, name) for name in ROLE_NAMES}
    errors: dict[str, str] = {}
    if not values["role"]:
        errors["role"] = _("Name the role, e.g. cinematographer.")
    count = whole_number(values["count"] or "1")
    if count is None or not 1 <= count <= 50:
        errors["count"] = _("How many people: a whole number from 1 to 50.")
    if not values["start"] or not values["end"]:
        errors["dates"] = _("Give the role's first and last day.")
    arguments = {"role": key_of(ROLE, values["role"]),
                 "skills": keys_of(SKILL, commas(values["skills"])), "count": count,
                 "start": values["start"], "end": values["end"],
                 "paid": bool(values["paid"])}
    return values, arguments, errors


def _role_error_key(message: str) -> str:
    key = field_of(message, ("role", "skills", "count"))
    if key == "form" and ("start" in message or "end" in message):
        return "dates"
    return key


def _editor_context(request: Req, project_id: UUID, **extra: Any) -> dict[str, Any]:
    project = app_of(request).project(project_id)
    with read(request) as tx:
        crew = Directory.names(tx, project.hired())
    roles = sorted(project.roles.values(), key=lambda r: (r.start, r.role, r.role_id.hex))
    final = project.status in (ProjectStatus.WRAPPED, ProjectStatus.CANCELLED)
    context: dict[str, Any] = {
        "project": project, "project_id": project_id, "roles": roles, "crew": crew,
        "editable": not final, "status": project.status.value,
        "values": _details_values(project), "errors": {},
        "role_values": {}, "role_errors": {}, "new_role": _empty_role(), "new_role_errors": {},
        "attach_errors": {}, "status_errors": {}, "notice": "", "where": "",
        "cancel_reason": "",
        "format_choices": list(format_labels().items()), **vocabulary(),
    }
    context.update(extra)
    context["role_values"] = {**{r.role_id: _role_values(r) for r in roles},
                              **extra.get("role_values", {})}
    return context


def _role_values(role: Any) -> dict[str, str]:
    return {"role": role.role, "skills": ", ".join(role.skills), "count": str(role.count),
            "start": role.start.isoformat(), "end": role.end.isoformat(),
            "paid": "on" if role.paid else ""}


@get("/projects/new", guards=[may(Action.CREATE_PROJECT)], sync_to_thread=False,
     include_in_schema=False)
def new_project(request: Req) -> Template:
    context = {"values": {"format": "short"}, "errors": {}, "action": "/projects",
               "format_choices": list(format_labels().items()), "editable": True}
    return render(request, "projects/_details_form.html", "projects/new.html", context)


@post("/projects", guards=[may(Action.CREATE_PROJECT)], sync_to_thread=True, status_code=200,
      include_in_schema=False)
def create_project(request: Req, data: Form, ctx: Context) -> Response[Any]:
    values, arguments, errors = _details_input(data)
    status = 422
    if not errors:
        try:
            project_id = app_of(request).create_project(ctx, **arguments)
        except DomainError as error:
            errors[_detail_error(error)] = explain(error)
            status = status_of(error)
        else:
            caught_up(request)
            return done(request, f"/projects/{project_id}/edit")
    context = {"values": values, "errors": errors, "action": "/projects",
               "format_choices": list(format_labels().items()), "editable": True}
    return render(request, "projects/_details_form.html", "projects/new.html", context,
                  status=status)


@get("/projects/{project_id:uuid}/edit", guards=[owns(directs_project)], include_in_schema=False)
async def edit_project(request: Req, project_id: UUID) -> Template:
    return render(request, "projects/_editor.html", "projects/edit.html",
                  await in_thread(_editor_context, request, project_id))


@post("/projects/{project_id:uuid}/edit", guards=[owns(directs_project)], sync_to_thread=True,
      status_code=200, include_in_schema=False)
def update_project(request: Req, project_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    values, arguments, errors = _details_input(data)
    status = 422
    if not errors:
        try:
            app_of(request).update_project(ctx, project_id, **arguments)
        except DomainError as error:
            errors[_detail_error(error)] = explain(error)
            status = status_of(error)
        else:
            caught_up(request)
            if not request.htmx:  # type: ignore[attr-defined]
                return Redirect(f"/projects/{project_id}/edit", status_code=303)
            context = _editor_context(request, project_id, notice=_("Saved."), where="details",
                                      retitled=True)
            return Template("projects/_details_section.html", context=context)
    context = _editor_context(request, project_id, values=values, errors=errors)
    return render(request, "projects/_details_section.html", "projects/edit.html", context,
                  status=status)


def _roles_answer(request: Req, project_id: UUID, status: int, **extra: Any) -> Response[Any]:
    if status == 200 and not request.htmx:  # type: ignore[attr-defined]
        return Redirect(f"/projects/{project_id}/edit#roles", status_code=303)
    context = _editor_context(request, project_id, where="roles", **extra)
    return render(request, "projects/_roles.html", "projects/edit.html", context, status=status)


@post("/projects/{project_id:uuid}/roles", guards=[owns(directs_project)], sync_to_thread=True,
      status_code=200, include_in_schema=False)
def add_role(request: Req, project_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    values, arguments, errors = _role_input(data)
    if errors:
        return _roles_answer(request, project_id, 422, new_role=values, new_role_errors=errors)
    try:
        app_of(request).add_role(ctx, project_id, **arguments)
    except DomainError as error:
        errors[_role_error_key(error.message)] = explain(error)
        return _roles_answer(request, project_id, status_of(error), new_role=values,
                             new_role_errors=errors)
    caught_up(request)
    return _roles_answer(request, project_id, 200, notice=_("Role added."))


@post("/projects/{project_id:uuid}/roles/{role_id:uuid}", guards=[owns(directs_project)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def change_role(request: Req, project_id: UUID, role_id: UUID, data: Form,
                ctx: Context) -> Response[Any]:
    values, arguments, errors = _role_input(data)
    if errors:
        return _roles_answer(request, project_id, 422, role_values={role_id: values},
                             role_errors={role_id: errors})
    try:
        app_of(request).change_role(ctx, project_id, role_id, **arguments)
    except DomainError as error:
        errors[_role_error_key(error.message)] = explain(error)
        return _roles_answer(request, project_id, status_of(error), role_values={role_id: values},
                             role_errors={role_id: errors})
    caught_up(request)
    return _roles_answer(request, project_id, 200, notice=_("Role saved."))


@post("/projects/{project_id:uuid}/roles/{role_id:uuid}/remove", guards=[owns(directs_project)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def remove_role(request: Req, project_id: UUID, role_id: UUID, ctx: Context) -> Response[Any]:
    errors: dict[str, str] = {}
    _ignored, status = attempt(lambda: app_of(request).remove_role(ctx, project_id, role_id),
                               errors, "form")
    if status != 200:
        return _roles_answer(request, project_id, status, role_errors={role_id: errors})
    caught_up(request)
    return _roles_answer(request, project_id, 200, notice=_("Role removed."))


def _upload(data: dict[str, Any]) -> UploadFile | None:
    upload = data.get("file")
    if isinstance(upload, list):
        upload = upload[0] if upload else None
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    return upload


def _attachments_answer(request: Req, project_id: UUID, status: int,
                        **extra: Any) -> Response[Any]:
    if status == 200 and not request.htmx:  # type: ignore[attr-defined]
        return Redirect(f"/projects/{project_id}/edit#attachments", status_code=303)
    context = _editor_context(request, project_id, where="attachments", **extra)
    return render(request, "projects/_attachments.html", "projects/edit.html", context,
                  status=status)


def _attach(request: Req, project_id: UUID, data: dict[str, Any], ctx: Context,
            key: str) -> Response[Any]:
    upload = _upload(data)
    errors: dict[str, str] = {}
    if upload is None:
        errors[key] = _("Choose a file to upload.")
        return _attachments_answer(request, project_id, 422, attach_errors=errors)
    content = upload.file.read()
    command = (app_of(request).attach_pitch_deck if key == "deck"
               else app_of(request).attach_still)
    _ignored, status = attempt(
        lambda: command(ctx, project_id, upload.filename, upload.content_type, content),
        errors, key)
    if status != 200:
        return _attachments_answer(request, project_id, status, attach_errors=errors)
    caught_up(request)
    notice = _("Pitch deck attached.") if key == "deck" else _("Still attached.")
    return _attachments_answer(request, project_id, 200, notice=notice)


@post("/projects/{project_id:uuid}/deck", guards=[owns(directs_project)], sync_to_thread=True,
      status_code=200, include_in_schema=False, request_max_body_size=UPLOAD_BODY_MAX)
def attach_deck(request: Req, project_id: UUID, data: Upload, ctx: Context) -> Response[Any]:
    return _attach(request, project_id, data, ctx, "deck")


@post("/projects/{project_id:uuid}/stills", guards=[owns(directs_project)], sync_to_thread=True,
      status_code=200, include_in_schema=False, request_max_body_size=UPLOAD_BODY_MAX)
def attach_still(request: Req, project_id: UUID, data: Upload, ctx: Context) -> Response[Any]:
    return _attach(request, project_id, data, ctx, "still")


@post("/projects/{project_id:uuid}/stills/{sha256:str}/remove", guards=[owns(directs_project)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def remove_still(request: Req, project_id: UUID, sha256: str, ctx: Context) -> Response[Any]:
    errors: dict[str, str] = {}
    _ignored, status = attempt(lambda: app_of(request).remove_still(ctx, project_id, sha256[:64]),
                               errors, "still")
    if status != 200:
        return _attachments_answer(request, project_id, status, attach_errors=errors)
    caught_up(request)
    return _attachments_answer(request, project_id, 200, notice=_("Still removed."))


STATUS_MOVES = ("pitch", "crewing", "production", "wrap", "cancel")


@post("/projects/{project_id:uuid}/status", guards=[owns(directs_project)], sync_to_thread=True,
      status_code=200, include_in_schema=False)
def move_status(request: Req, project_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    """Pitch, start crewing, start production, wrap, or cancel with a reason."""
    move, reason = field(data, "move"), field(data, "reason")
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
        _ignored, status = attempt(commands[move], errors, "reason" if move == "cancel" else "form")
    if status == 200:
        caught_up(request)
        notices = {"pitch": _("Pitched: crew can now apply and partners can see it."),
                   "crewing": _("Crewing has started."),
                   "production": _("Production has started."),
                   "wrap": _("Wrapped. Confirm the crew below to give them verified credits."),
                   "cancel": _("The project is cancelled; its crew's dates are free again.")}
        if not request.htmx:  # type: ignore[attr-defined]
            return Redirect(f"/projects/{project_id}/edit#status", status_code=303)
        return Template("projects/_editor.html",
                        context=_editor_context(request, project_id, notice=notices[move],
                                                where="status"))
    context = _editor_context(request, project_id, status_errors=errors, cancel_reason=reason,
                              where="status")
    return render(request, "projects/_editor.html", "projects/edit.html", context, status=status)


@post("/projects/{project_id:uuid}/confirm-crew", guards=[owns(directs_project)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def confirm_crew(request: Req, project_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    """At wrap the director confirms who worked on the film: verified credits for them."""
    chosen = [m for m in (as_uuid(v) for v in many(data, "member_id")) if m is not None]
    errors: dict[str, str] = {}
    if not chosen:
        errors["confirm"] = _("Tick at least one member of the crew to confirm.")
        credited, status = None, 422
    else:
        credited, status = attempt(
            lambda: app_of(request).confirm_crew_at_wrap(ctx, project_id, chosen), errors,
            "confirm")
    notice = ""
    if status == 200:
        caught_up(request)
        with read(request) as tx:
            who = Directory.names(tx, credited or [])
        notice = _("Verified credits given to: %(names)s.",
                   names=", ".join(who.get(m, str(m)) for m in credited or []))
    context = _editor_context(request, project_id, status_errors=errors, notice=notice,
                              where="status")
    return render(request, "projects/_status.html", "projects/edit.html", context, status=status)


# -- the project page --------------------------------------------------------------------------


def partner_panel(request: Req, page: ProjectPage, tx: Tx) -> dict[str, Any] | None:
    """What a partner sees of the bridge on a project page: interest and following."""
    member = me(request)
    if member is None or Role.PARTNER not in my_roles(request):
        return None
    partner = Bridge.partner_of(tx, member)
    if partner is None or partner.status != "verified":
        return {"partner": partner, "verified": False, "interest": None, "following": False,
                "project_id": page.card.project_id, "director_id": page.card.director_id}
    interest = next((i for i in Bridge.interests_of(tx, partner.partner_id)
                     if i.project_id == page.card.project_id), None)
    following = any(f.director_id == page.card.director_id
                    for f in Bridge.following(tx, partner.partner_id))
    return {"partner": partner, "verified": True, "interest": interest, "following": following,
            "project_id": page.card.project_id, "director_id": page.card.director_id}


def recommended_for(request: Req, tx: Tx, page: ProjectPage, role: Any) -> list[Any]:
    """The one recommender the JSON API uses, asked the same way."""
    state = request.app.state
    return localised(recommend(tx, state.match_graph, project_id=page.card.project_id,
                               role_id=role.role_id, exclude={page.card.director_id, *role.hired},
                               limit=RECOMMENDED_PER_ROLE, exposure=state.exposure,
                               head=request.scope.get("state", {}).get(READ_HEAD)))


def project_context(request: Req, project_id: UUID, **extra: Any) -> dict[str, Any]:
    page = visible_page(request, project_id)
    member = me(request)
    roles = my_roles(request)
    is_director = member is not None and member == page.card.director_id
    open_project = page.card.status in OPEN_STATUSES
    with read(request) as tx:
        pipeline = Projects.pipeline(tx, project_id=project_id) if is_director else []
        mine = Projects.pipeline(tx, project_id=project_id, member_id=member) if (
            member and not is_director) else []
        recommended: dict[UUID, list[Any]] = {}
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
    by_pair = {(i.role_id, i.member_id): i for i in pipeline}
    context: dict[str, Any] = {
        "page": page, "card": page.card, "project_id": project_id, "signed_in": member is not None,
        "is_director": is_director, "open_project": open_project,
        "can_apply": (allowed(roles, Action.APPLY_TO_ROLE) and not is_director and open_project
                      and member is not None),
        "mine": {i.role_id: i for i in mine}, "pipeline": pipeline, "by_pair": by_pair,
        "recommended": recommended, "interest": interest, "names": who, "panel": panel,
        "role_of": {r.role_id: r.role for r in page.roles}, "errors": {}, "messages": {},
        "notice": "", **vocabulary(),
    }
    context.update(extra)
    return context


@dataclass(frozen=True)
class Article:
    """The project page's article (projects/_project.html) rendered for one viewer as of one
    log position, with CSRF_MARK where the viewer's CSRF field goes."""

    html: tuple[str, ...]  # split at its marks (`keepable`)
    card: Any
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
    return (project_id, head, model(tx), current_language(), me(request),
            request.app.state.exposure.epoch)  # the newcomers' appearances the slot turns by


def article_key_on_loop(request: Req, project_id: UUID) -> Hashable | None:
    """`article_key` read on the event loop through the loop's own SQLite connection, the
    ranker named by the row `match retrain` stored last (None: no loop reader, or SQLite busy;
    the worker-thread path then answers)."""
    head = request.scope.get("state", {}).get(READ_HEAD)
    reader = request.app.state.loop_reader
    if head is None or reader is None:
        return None
    found = reader.one(RANKER_TABLE_EXISTS, (RANKER_TABLE,))
    if found is None:
        return None
    ranker: Any = "offline weights"
    if found[0]:
        latest = reader.one(LATEST_RANKER)
        if latest is None:
            return None
        ranker = ("retrained", latest[0])
    return (project_id, head, ranker, current_language(), me(request),
            request.app.state.exposure.epoch)


RANKER_TABLE_EXISTS = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
LATEST_RANKER = (f"SELECT (SELECT rowid FROM {RANKER_TABLE} ORDER BY log_position DESC, "
                 "trained_at DESC LIMIT 1)")


def project_article(request: Req, project_id: UUID, key: Hashable | None,
                    **extra: Any) -> Article:
    """The article: the kept one under `key` (None: not kept), else read and rendered."""
    state = request.app.state
    kept = state.fragments.get(key) if key is not None else None
    if kept is not None:
        state.exposure.shown(kept.shown)
        return kept  # type: ignore[no-any-return]
    context = project_context(request, project_id, **extra)
    article = Article(keepable(rendered(request, "projects/_project.html", context)),
                      context["card"],
                      tuple(r.member_id for found in context["recommended"].values()
                            for r in found))
    if key is not None:
        state.fragments.put(key, article)
    return article


def project_answer(request: Req, project_id: UUID, status: int = 200,
                   key: Hashable | None = None, **extra: Any) -> Response[Any]:
    """The project page, or for htmx its article. Kept when nothing but the log and the
    viewer shapes it; an answer to a form, with its errors or notice, is rendered afresh and
    not kept. `key`: the one `article_key_on_loop` found, else it is read here."""
    if extra:
        key = None
    elif key is None:
        with read(request) as tx:
            key = article_key(request, project_id, tx)
    return article_answer(request, project_article(request, project_id, key, **extra), status,
                          key)


def article_answer(request: Req, article: Article, status: int = 200,
                   key: Hashable | None = None) -> Response[Any]:
    """The article for htmx, else the whole page around it (kept too, under the article's key
    and the path: base.html shows nothing else but the viewer's CSRF token and name, which
    `personal` puts in)."""
    if wants_fragment(request):
        return Response(personal(request, article.html), media_type=MediaType.HTML,
                        status_code=status)
    kept = request.app.state.fragments
    whole_key = None if key is None else ("whole page", key, request.url.path)
    whole = kept.get(whole_key) if whole_key is not None else None
    if whole is None:
        whole = keepable(rendered(request, "projects/project.html",
                                  {"article": Markup("".join(article.html)),
                                   "card": article.card}))
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


# -- a director's projects ---------------------------------------------------------------------


@get("/my/projects", guards=[may(Action.CREATE_PROJECT)], sync_to_thread=True,
     include_in_schema=False)
def my_projects(request: Req) -> Template:
    member = me(request)
    if member is None:
        raise NotAuthorizedException("sign in first")
    with read(request) as tx:
        projects = Projects.directed_by(tx, member)
        submissions = Bridge.submissions_of_director(tx, member)
        pending = {p.project_id: sum(1 for i in Projects.pipeline(
            tx, project_id=p.project_id, status="pending") if i.kind == "application")
            for p in projects}
    return render(request, "projects/_mine.html", "projects/mine.html", {
        "projects": projects, "submissions": submissions, "pending": pending,
        "states": state_labels(), **vocabulary()})


# -- attachments -------------------------------------------------------------------------------


@get("/files/{sha256:str}", sync_to_thread=True, include_in_schema=False)
def attachment(request: Req, sha256: str) -> Response[bytes]:
    """A pitch deck or still, for whoever may see a project that records it."""
    digest = sha256.lower()
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise NotFound(_("There is no such file."))
    member, roles = me(request), my_roles(request)
    with read(request) as tx:
        records = project_with_file(tx, digest)
    record = next((r for _p, director, status, r in records
                   if status != "draft" or director == member or is_admin(roles)), None)
    store = app_of(request).files
    content = store.get(digest) if record is not None and store is not None else None
    if record is None or content is None:
        raise NotFound(_("There is no such file."))
    filename = "".join(c for c in record["filename"] if c.isalnum() or c in "._- ") or "file"
    return Response(content, media_type=record["content_type"], headers={
        "Content-Disposition": f'inline; filename="{filename}"',
        "Cache-Control": "private, max-age=3600"})


ROUTES = [
    board, new_project, create_project, edit_project, update_project, add_role, change_role,
    remove_role, attach_deck, attach_still, remove_still, move_status, confirm_crew,
    project_page, my_projects, attachment,
]
