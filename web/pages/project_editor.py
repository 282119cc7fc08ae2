"""The pitch editor: drafting a project, editing its details, moving its status (pitch, crewing,
production, wrap, cancel) and, at wrap, confirming the crew. The editor is read from the
Projects view; its roles (web/pages/project_roles.py) and attachments
(web/pages/project_attachments.py) are sections of the same page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from litestar import get, post
from litestar.response import Redirect, Response, Template

from domain.context import Context
from domain.errors import DomainError, NotFound
from domain.permissions import Action
from domain.vocabulary import ProjectFormat
from projections.views.directory import Directory
from projections.views.projects import ProjectPage, Projects, RoleRow
from web.auth import directs_project, may, owns
from web.display.labels import format_labels
from web.display.vocabulary import GENRE, keys_of
from web.errors import status_of
from web.forms import attempt, day_or_none, done, field_of, text
from web.i18n import gettext_ as _
from web.pages.common import app_of, caught_up, read
from web.pages.common import page as render
from web.pages.project_common import (
    Form,
    Req,
    as_uuid,
    commas,
    explain,
    htmx,
    in_thread,
    many,
    vocabulary,
    whole_number,
)

DETAIL_NAMES = (
    "title",
    "logline",
    "synopsis",
    "genres",
    "format",
    "language",
    "budget_krw",
    "prep_start",
    "prep_end",
    "shoot_start",
    "shoot_end",
    "post_start",
    "post_end",
)
DATE_NAMES = ("prep_start", "prep_end", "shoot_start", "shoot_end", "post_start", "post_end")
FINAL_STATUSES = ("wrapped", "cancelled")


# -- reading the details form ----------------------------------------------------------------


@dataclass(frozen=True)
class DetailsInput:
    """The details form read into the values the project commands take."""

    title: str
    logline: str
    synopsis: str
    genres: list[str]
    format: ProjectFormat
    language: str
    budget_krw: int
    shoot_start: date
    shoot_end: date
    prep_start: date | None
    prep_end: date | None
    post_start: date | None
    post_end: date | None


def details_input(
    data: dict[str, Any],
) -> tuple[dict[str, str], DetailsInput | None, dict[str, str]]:
    """The form's values as typed, the command's arguments (None when the form is incomplete),
    and what is missing or malformed."""
    values = {name: text(data, name) for name in DETAIL_NAMES}
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
    days = {name: day_or_none(values[name]) for name in DATE_NAMES}
    shoot_start, shoot_end = days["shoot_start"], days["shoot_end"]
    if shoot_start is None or shoot_end is None:
        errors["dates"] = _("Give the first and the last shoot day.")
    elif any(values[name] and days[name] is None for name in DATE_NAMES):
        errors["dates"] = _("Write each date as a day, e.g. 2026-05-01.")
    if errors or budget is None or shoot_start is None or shoot_end is None:
        return values, None, errors
    return (
        values,
        DetailsInput(
            title=values["title"],
            logline=values["logline"],
            synopsis=values["synopsis"],
            genres=keys_of(GENRE, commas(values["genres"])),
            format=ProjectFormat(values["format"]),
            language=values["language"],
            budget_krw=budget,
            shoot_start=shoot_start,
            shoot_end=shoot_end,
            prep_start=days["prep_start"],
            prep_end=days["prep_end"],
            post_start=days["post_start"],
            post_end=days["post_end"],
        ),
        errors,
    )


def detail_error_key(error: DomainError) -> str:
    """Where on the details form a refusal goes: the dates share one place."""
    key = field_of(error, DETAIL_NAMES)
    return "dates" if key in DATE_NAMES else key


# -- the editor as the view has it -----------------------------------------------------------


def _details_values(page: ProjectPage) -> dict[str, str]:
    card = page.card
    days = {
        "shoot_start": card.shoot_start,
        "shoot_end": card.shoot_end,
        "prep_start": page.prep_start,
        "prep_end": page.prep_end,
        "post_start": page.post_start,
        "post_end": page.post_end,
    }
    return {
        "title": card.title,
        "logline": card.logline,
        "synopsis": page.synopsis,
        "genres": ", ".join(card.genres),
        "format": card.format,
        "language": card.language,
        "budget_krw": str(card.budget_krw),
        **{name: (day.isoformat() if day else "") for name, day in days.items()},
    }


def empty_role() -> dict[str, str]:
    return {"role": "", "skills": "", "count": "1", "start": "", "end": "", "paid": ""}


def _role_values(role: RoleRow) -> dict[str, str]:
    return {
        "role": role.role,
        "skills": ", ".join(role.skills),
        "count": str(role.count),
        "start": role.start.isoformat(),
        "end": role.end.isoformat(),
        "paid": "on" if role.paid else "",
    }


def editor_context(request: Req, project_id: UUID, **extra: Any) -> dict[str, Any]:
    """What the editor's templates show, read from the Projects view."""
    with read(request) as tx:
        page = Projects.page(tx, project_id)
        if page is None:
            raise NotFound(_("There is no such project, or it has not been pitched yet."))
        crew = Directory.names(tx, [h for r in page.roles for h in r.hired])
    roles = sorted(page.roles, key=lambda r: (r.start, r.role, r.role_id.hex))
    project = {
        "title": page.card.title,
        "pitch_deck": page.pitch_deck,
        "stills": list(page.stills),
        "cancel_reason": page.cancel_reason,
    }
    context: dict[str, Any] = {
        "project": project,
        "project_id": project_id,
        "roles": roles,
        "crew": crew,
        "editable": page.card.status not in FINAL_STATUSES,
        "status": page.card.status,
        "values": _details_values(page),
        "errors": {},
        "role_values": {},
        "role_errors": {},
        "new_role": empty_role(),
        "new_role_errors": {},
        "attach_errors": {},
        "status_errors": {},
        "notice": "",
        "where": "",
        "cancel_reason": "",
        "format_choices": list(format_labels().items()),
        **vocabulary(),
    }
    context.update(extra)
    context["role_values"] = {
        **{r.role_id: _role_values(r) for r in roles},
        **extra.get("role_values", {}),
    }
    return context


# -- drafting and editing the details --------------------------------------------------------


def _new_form(values: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    return {
        "values": values,
        "errors": errors,
        "action": "/projects",
        "format_choices": list(format_labels().items()),
        "editable": True,
    }


@get(
    "/projects/new",
    guards=[may(Action.CREATE_PROJECT)],
    sync_to_thread=False,
    include_in_schema=False,
)
def new_project(request: Req) -> Template:
    return render(
        request,
        "projects/_details_form.html",
        "projects/new.html",
        _new_form({"format": "short"}, {}),
    )


@post(
    "/projects",
    guards=[may(Action.CREATE_PROJECT)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def create_project(request: Req, data: Form, ctx: Context) -> Response[Any]:
    values, details, errors = details_input(data)
    status = 422
    if details is not None:
        try:
            project_id = app_of(request).create_project(
                ctx,
                title=details.title,
                logline=details.logline,
                synopsis=details.synopsis,
                genres=details.genres,
                format=details.format,
                language=details.language,
                budget_krw=details.budget_krw,
                shoot_start=details.shoot_start,
                shoot_end=details.shoot_end,
                prep_start=details.prep_start,
                prep_end=details.prep_end,
                post_start=details.post_start,
                post_end=details.post_end,
            )
        except DomainError as error:
            errors[detail_error_key(error)] = explain(error)
            status = status_of(error)
        else:
            caught_up(request)
            return done(request, f"/projects/{project_id}/edit")
    return render(
        request,
        "projects/_details_form.html",
        "projects/new.html",
        _new_form(values, errors),
        status=status,
    )


@get("/projects/{project_id:uuid}/edit", guards=[owns(directs_project)], include_in_schema=False)
async def edit_project(request: Req, project_id: UUID) -> Template:
    return render(
        request,
        "projects/_editor.html",
        "projects/edit.html",
        await in_thread(editor_context, request, project_id),
    )


@post(
    "/projects/{project_id:uuid}/edit",
    guards=[owns(directs_project)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def update_project(request: Req, project_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    values, details, errors = details_input(data)
    status = 422
    if details is not None:
        try:
            app_of(request).update_project(
                ctx,
                project_id,
                title=details.title,
                logline=details.logline,
                synopsis=details.synopsis,
                genres=details.genres,
                format=details.format,
                language=details.language,
                budget_krw=details.budget_krw,
                shoot_start=details.shoot_start,
                shoot_end=details.shoot_end,
                prep_start=details.prep_start,
                prep_end=details.prep_end,
                post_start=details.post_start,
                post_end=details.post_end,
            )
        except DomainError as error:
            errors[detail_error_key(error)] = explain(error)
            status = status_of(error)
        else:
            caught_up(request)
            if not htmx(request):
                return Redirect(f"/projects/{project_id}/edit", status_code=303)
            context = editor_context(
                request, project_id, notice=_("Saved."), where="details", retitled=True
            )
            return Template("projects/_details_section.html", context=context)
    context = editor_context(request, project_id, values=values, errors=errors)
    return render(
        request, "projects/_details_section.html", "projects/edit.html", context, status=status
    )


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


ROUTES = [new_project, create_project, edit_project, update_project, move_status, confirm_crew]
