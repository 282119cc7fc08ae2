"""The pitch editor: drafting a project and editing its details. The editor is read from the
Projects view; the details form is read by web/pages/project_details_form.py; its status moves
(web/pages/project_status.py), roles (web/pages/project_roles.py) and attachments
(web/pages/project_attachments.py) are sections of the same page."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import get, post
from litestar.response import Redirect, Response, Template

from domain.context import Context
from domain.errors import DomainError, NotFound
from domain.permissions import Action
from projections.views.directory import Directory
from projections.views.project_queries import ProjectPage, RoleRow
from projections.views.projects import Projects
from web.auth import directs_project, may, owns
from web.display.labels import format_labels
from web.errors import status_of
from web.forms import Form, done
from web.i18n import gettext_ as _
from web.pages.common import Req, app_of, caught_up, read
from web.pages.common import page as render
from web.pages.project_common import explain, htmx, in_thread, vocabulary
from web.pages.project_details_form import detail_error_key, details_input

FINAL_STATUSES = ("wrapped", "cancelled")


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
    return {
        "role": "", "skills": "", "count": "1", "start": "", "end": "", "paid": "",
        "budget_krw": "",
    }  # fmt: skip


def _role_values(role: RoleRow) -> dict[str, str]:
    return {
        "role": role.role,
        "skills": ", ".join(role.skills),
        "count": str(role.count),
        "start": role.start.isoformat(),
        "end": role.end.isoformat(),
        "paid": "on" if role.paid else "",
        "budget_krw": str(role.budget_krw) if role.budget_krw else "",
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


ROUTES = [new_project, create_project, edit_project, update_project]
