"""Crewing on the project pages: the director invites recommended crew and answers
applications (the pipeline); crew apply to roles and answer their invitations
(/my/invitations).

After an htmx action every region of the page it changes shows what a reload would: the
invite answers with its recommendation row and, out of band (`hx-swap-oob`), the pipeline
the invitation joins; the pipeline's own forms answer with the whole article; an answer to an
invitation answers with the whole list, since a hire also moves the project into "Projects
you are hired on". Without JavaScript every form answers with a 303 back to its page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from litestar import get, post
from litestar.response import Redirect, Response, Template

from domain.context import Context
from domain.errors import DomainError, Forbidden, NotFound
from domain.permissions import Action
from projections.projector.sql import Tx
from projections.views.directory import Directory
from projections.views.project_queries import PipelineItem, ProjectPage
from projections.views.projects import Projects
from web.auth import directs_project, invited, may, owns, signed_in
from web.errors import status_of
from web.forms import Form, attempt, text, uuid_or_none
from web.i18n import gettext_ as _
from web.pages.common import Req, app_of, caught_up, me, read
from web.pages.common import page as render
from web.pages.project_common import explain, htmx, visible_page, vocabulary
from web.pages.project_page import project_answer, project_context, recommended_for


def _hiring(accept: Callable[[], None], errors: dict[str, str], key: str) -> int:
    """Accept an offer: a refusal is said with what it means for the hire (the role is full,
    the dates clash) into `errors[key]`; the answer's status."""
    try:
        accept()
    except DomainError as error:
        errors[key] = explain(error)
        return status_of(error)
    return 200


def pipeline_context(tx: Tx, page: ProjectPage) -> dict[str, Any]:
    """What projects/_pipeline.html shows: the project's invitations and applications."""
    pipeline = Projects.pipeline(tx, project_id=page.card.project_id)
    return {
        "pipeline": pipeline,
        "names": Directory.names(tx, [i.member_id for i in pipeline]),
        "role_of": {r.role_id: r.role for r in page.roles},
    }


def _project_answer(
    request: Req, project_id: UUID, status: int, anchor: str = "", **extra: Any
) -> Response[Any]:
    if status == 200 and not htmx(request):
        return Redirect(f"/projects/{project_id}{anchor}", status_code=303)
    return project_answer(request, project_id, status, **extra)


@post(
    "/projects/{project_id:uuid}/roles/{role_id:uuid}/invite",
    guards=[owns(directs_project)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def invite(
    request: Req, project_id: UUID, role_id: UUID, data: Form, ctx: Context
) -> Response[Any]:
    """The director invites a recommended member; with htmx the row updates in place and the
    pipeline below it, out of band."""
    invitee = uuid_or_none(text(data, "member_id"))
    errors: dict[str, str] = {}
    status = 422
    if invitee is None:
        errors["invite"] = _("Choose a member to invite.")
    else:
        _ignored, status = attempt(
            lambda: app_of(request).invite(ctx, project_id, role_id, invitee), errors, "invite"
        )
    if status == 200:
        caught_up(request)
    if not htmx(request):
        key = f"invite:{role_id}:{invitee}"
        return _project_answer(
            request, project_id, status, f"#role-{role_id}", errors={key: errors.get("invite", "")}
        )
    page = visible_page(request, project_id)
    role = next((r for r in page.roles if r.role_id == role_id), None)
    with read(request) as tx:
        found = recommended_for(request, tx, page, role) if role is not None else []
        item = (
            next(
                (
                    i
                    for i in Projects.pipeline(tx, project_id=project_id, member_id=invitee)
                    if i.role_id == role_id
                ),
                None,
            )
            if invitee
            else None
        )
        who = Directory.names(tx, [invitee])
        pipeline = pipeline_context(tx, page)
    rec = next((r for r in found if r.member_id == invitee), None)
    return Template(
        "projects/_invite_answer.html",
        status_code=status,
        context={
            "rec": rec,
            "member_id": invitee,
            "name": who.get(invitee, "") if invitee else "",
            "role_id": role_id,
            "project_id": project_id,
            "item": item,
            "error": errors.get("invite", ""),
            "errors": {},
            **pipeline,
            **vocabulary(),
        },
    )


@post(
    "/projects/{project_id:uuid}/roles/{role_id:uuid}/apply",
    guards=[may(Action.APPLY_TO_ROLE)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def apply(request: Req, project_id: UUID, role_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    """A crew member asks for a role, with a message to the director."""
    message = text(data, "message")
    errors: dict[str, str] = {}
    _ignored, status = attempt(
        lambda: app_of(request).apply_to_role(ctx, project_id, role_id, message),
        errors,
        f"apply:{role_id}",
    )
    if status == 200:
        caught_up(request)
    if not htmx(request):
        return _project_answer(
            request,
            project_id,
            status,
            f"#role-{role_id}",
            errors=errors,
            messages={role_id: message},
        )
    context = project_context(request, project_id, errors=errors, messages={role_id: message})
    role = next((r for r in context["page"].roles if r.role_id == role_id), None)
    if role is None:
        raise NotFound(_("That role is no longer on the project."))
    context["role"] = role
    return Template("projects/_apply.html", context=context, status_code=status)


def _deciding(request: Req, application_id: UUID) -> PipelineItem:
    """The application as the pipeline lists it, for its director (or its applicant)."""
    with read(request) as tx:
        item = Projects.pipeline_item(tx, application_id, "application")
    if item is None:
        raise NotFound(_("There is no such application."))
    return item


@get(
    "/crew-applications/{application_id:uuid}",
    guards=[signed_in],
    sync_to_thread=True,
    include_in_schema=False,
)
def crew_application(request: Req, application_id: UUID, ctx: Context) -> Template:
    """One application with the applicant's message, for the director and the applicant."""
    item = _deciding(request, application_id)
    message = app_of(request).application_message(ctx, application_id)
    with read(request) as tx:
        who = Directory.names(tx, [item.member_id])
        role = Projects.role_names(tx, [item.role_id]).get(item.role_id)
    return render(
        request,
        "projects/_application.html",
        "projects/application.html",
        {
            "application": item,
            "message": message,
            "name": who.get(item.member_id, ""),
            "role": role,
            "is_director": role is not None and me(request) == role[2],
            "errors": {},
            **vocabulary(),
        },
    )


@post(
    "/crew-applications/{application_id:uuid}/accept",
    guards=[may(Action.MANAGE_OWN_PROJECT)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def accept_application(request: Req, application_id: UUID, ctx: Context) -> Response[Any]:
    item = _deciding(request, application_id)
    errors: dict[str, str] = {}
    status = _hiring(
        lambda: app_of(request).accept_application(ctx, application_id),
        errors,
        f"item:{application_id}",
    )
    if status == 200:
        caught_up(request)
    return _project_answer(
        request,
        item.project_id,
        status,
        "#pipeline",
        errors=errors,
        notice=_("Hired.") if status == 200 else "",
    )


@post(
    "/crew-applications/{application_id:uuid}/reject",
    guards=[may(Action.MANAGE_OWN_PROJECT)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def reject_application(
    request: Req, application_id: UUID, data: Form, ctx: Context
) -> Response[Any]:
    item = _deciding(request, application_id)
    page = visible_page(request, item.project_id)
    if page.card.director_id != me(request):
        raise Forbidden(_("Only the project's director decides its applications."))
    reason = text(data, "reason")
    errors: dict[str, str] = {}
    status = 422
    if not reason:
        errors[f"item:{application_id}"] = _("Say why, in a sentence; the applicant will read it.")
    else:
        _ignored, status = attempt(
            lambda: app_of(request).reject_application(ctx, application_id, reason),
            errors,
            f"item:{application_id}",
        )
    if status == 200:
        caught_up(request)
    return _project_answer(request, item.project_id, status, "#pipeline", errors=errors)


@post(
    "/invitations/{invitation_id:uuid}/withdraw",
    guards=[may(Action.MANAGE_OWN_PROJECT)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def withdraw_invitation(
    request: Req, invitation_id: UUID, data: Form, ctx: Context
) -> Response[Any]:
    with read(request) as tx:
        invitation = Projects.pipeline_item(tx, invitation_id, "invitation")
    if invitation is None:
        raise NotFound(_("There is no such invitation."))
    errors: dict[str, str] = {}
    _ignored, status = attempt(
        lambda: app_of(request).withdraw_invitation(ctx, invitation_id, text(data, "reason")),
        errors,
        f"item:{invitation_id}",
    )
    if status == 200:
        caught_up(request)
    return _project_answer(request, invitation.project_id, status, "#pipeline", errors=errors)


# -- a member's invitations and applications ---------------------------------------------------


def _my_items(request: Req) -> dict[str, Any]:
    member = me(request)
    with read(request) as tx:
        items = Projects.pipeline(tx, member_id=member) if member else []
        roles = Projects.role_names(tx, [i.role_id for i in items])
        directors = Directory.names(tx, [r[2] for r in roles.values()])
        crewed = Projects.crewed_by(tx, member) if member else []
    return {"items": items, "roles": roles, "directors": directors, "crewed": crewed}


def _row_answer(request: Req, item_id: UUID, status: int, error: str = "") -> Response[Any]:
    if status == 200 and not htmx(request):
        return Redirect("/my/invitations", status_code=303)
    return render(
        request,
        "projects/_invitations.html",
        "projects/invitations.html",
        {**_my_items(request), "errors": {item_id: error}, **vocabulary()},
        status=status,
    )


@get("/my/invitations", guards=[signed_in], sync_to_thread=True, include_in_schema=False)
def my_invitations(request: Req) -> Template:
    return render(
        request,
        "projects/_invitations.html",
        "projects/invitations.html",
        {**_my_items(request), "errors": {}, **vocabulary()},
    )


@post(
    "/invitations/{invitation_id:uuid}/accept",
    guards=[owns(invited)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def accept_invitation(request: Req, invitation_id: UUID, ctx: Context) -> Response[Any]:
    errors: dict[str, str] = {}
    status = _hiring(lambda: app_of(request).accept_invitation(ctx, invitation_id), errors, "row")
    if status == 200:
        caught_up(request)
    return _row_answer(request, invitation_id, status, errors.get("row", ""))


@post(
    "/invitations/{invitation_id:uuid}/decline",
    guards=[owns(invited)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def decline_invitation(
    request: Req, invitation_id: UUID, data: Form, ctx: Context
) -> Response[Any]:
    errors: dict[str, str] = {}
    _ignored, status = attempt(
        lambda: app_of(request).decline_invitation(ctx, invitation_id, text(data, "reason")),
        errors,
        "row",
    )
    if status == 200:
        caught_up(request)
    return _row_answer(request, invitation_id, status, errors.get("row", ""))


@post(
    "/crew-applications/{application_id:uuid}/withdraw",
    guards=[may(Action.APPLY_TO_ROLE)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def withdraw_application(request: Req, application_id: UUID, ctx: Context) -> Response[Any]:
    errors: dict[str, str] = {}
    _ignored, status = attempt(
        lambda: app_of(request).withdraw_application(ctx, application_id), errors, "row"
    )
    if status == 200:
        caught_up(request)
    return _row_answer(request, application_id, status, errors.get("row", ""))


ROUTES = [
    invite,
    apply,
    crew_application,
    accept_application,
    reject_application,
    withdraw_invitation,
    my_invitations,
    accept_invitation,
    decline_invitation,
    withdraw_application,
]
