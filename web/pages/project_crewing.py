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

from typing import Any
from uuid import UUID

from litestar import get, post
from litestar.response import Redirect, Response, Template

from domain.context import Context
from domain.errors import Forbidden, NotFound
from domain.permissions import Action
from projections.projector.sql import Tx
from projections.views.directory import Directory
from projections.views.projects import PipelineItem, ProjectPage, Projects
from web.auth import directs_project, invited, may, owns, signed_in
from web.forms import text as field
from web.i18n import gettext_ as _
from web.pages.common import app_of, caught_up, me, read
from web.pages.common import page as render
from web.pages.projects import (
    Form,
    Req,
    as_uuid,
    attempt,
    project_answer,
    project_context,
    recommended_for,
    role_names,
    visible_page,
    vocabulary,
)


def pipeline_context(tx: Tx, page: ProjectPage) -> dict[str, Any]:
    """What projects/_pipeline.html shows: the project's invitations and applications."""
    pipeline = Projects.pipeline(tx, project_id=page.card.project_id)
    return {"pipeline": pipeline, "names": Directory.names(tx, [i.member_id for i in pipeline]),
            "role_of": {r.role_id: r.role for r in page.roles}}


def _project_answer(request: Req, project_id: UUID, status: int, anchor: str = "",
                    **extra: Any) -> Response[Any]:
    if status == 200 and not request.htmx:  # type: ignore[attr-defined]
        return Redirect(f"/projects/{project_id}{anchor}", status_code=303)
    return project_answer(request, project_id, status, **extra)


@post("/projects/{project_id:uuid}/roles/{role_id:uuid}/invite", guards=[owns(directs_project)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def invite(request: Req, project_id: UUID, role_id: UUID, data: Form,
           ctx: Context) -> Response[Any]:
    """The director invites a recommended member; with htmx the row updates in place and the
    pipeline below it, out of band."""
    invitee = as_uuid(field(data, "member_id"))
    errors: dict[str, str] = {}
    status = 422
    if invitee is None:
        errors["invite"] = _("Choose a member to invite.")
    else:
        _ignored, status = attempt(
            lambda: app_of(request).invite(ctx, project_id, role_id, invitee), errors, "invite")
    if status == 200:
        caught_up(request)
    if not request.htmx:  # type: ignore[attr-defined]
        key = f"invite:{role_id}:{invitee}"
        return _project_answer(request, project_id, status, f"#role-{role_id}",
                               errors={key: errors.get("invite", "")})
    page = visible_page(request, project_id)
    role = next((r for r in page.roles if r.role_id == role_id), None)
    with read(request) as tx:
        found = recommended_for(request, tx, page, role) if role is not None else []
        item = next((i for i in Projects.pipeline(tx, project_id=project_id, member_id=invitee)
                     if i.role_id == role_id), None) if invitee else None
        who = Directory.names(tx, [invitee])
        pipeline = pipeline_context(tx, page)
    rec = next((r for r in found if r.member_id == invitee), None)
    return Template("projects/_invite_answer.html", status_code=status, context={
        "rec": rec, "member_id": invitee, "name": who.get(invitee, "") if invitee else "",
        "role_id": role_id, "project_id": project_id, "item": item,
        "error": errors.get("invite", ""), "errors": {}, **pipeline, **vocabulary()})


@post("/projects/{project_id:uuid}/roles/{role_id:uuid}/apply",
      guards=[may(Action.APPLY_TO_ROLE)], sync_to_thread=True, status_code=200,
      include_in_schema=False)
def apply(request: Req, project_id: UUID, role_id: UUID, data: Form,
          ctx: Context) -> Response[Any]:
    """A crew member asks for a role, with a message to the director."""
    message = field(data, "message")
    errors: dict[str, str] = {}
    _ignored, status = attempt(
        lambda: app_of(request).apply_to_role(ctx, project_id, role_id, message), errors,
        f"apply:{role_id}")
    if status == 200:
        caught_up(request)
    if not request.htmx:  # type: ignore[attr-defined]
        return _project_answer(request, project_id, status, f"#role-{role_id}", errors=errors,
                               messages={role_id: message})
    context = project_context(request, project_id, errors=errors, messages={role_id: message})
    role = next((r for r in context["page"].roles if r.role_id == role_id), None)
    if role is None:
        raise NotFound(_("That role is no longer on the project."))
    context["role"] = role
    return Template("projects/_apply.html", context=context, status_code=status)


def _deciding(request: Req, application_id: UUID) -> PipelineItem:
    """The application as the pipeline lists it, for its director (or its applicant)."""
    with read(request) as tx:
        rows = tx.execute("SELECT project_id FROM prj_pipeline WHERE item_id = ? "
                          "AND kind = 'application'", (application_id.hex,)).fetchone()
        items = Projects.pipeline(tx, project_id=UUID(rows[0])) if rows else []
    item = next((i for i in items if i.item_id == application_id), None)
    if item is None:
        raise NotFound(_("There is no such application."))
    return item


@get("/crew-applications/{application_id:uuid}", guards=[signed_in], sync_to_thread=True,
     include_in_schema=False)
def crew_application(request: Req, application_id: UUID) -> Template:
    """One application with the applicant's message, for the director and the applicant."""
    application = app_of(request).crew_application(application_id)
    member = me(request)
    if member not in (application.director_id, application.member_id):
        raise Forbidden(_("Only the project's director and the applicant can read this "
                          "application."))
    with read(request) as tx:
        who = Directory.names(tx, [application.member_id])
        role = role_names(tx, [application.role_id]).get(application.role_id)
    return render(request, "projects/_application.html", "projects/application.html", {
        "application": application, "name": who.get(application.member_id, ""),
        "role": role, "is_director": member == application.director_id, "errors": {},
        **vocabulary()})


@post("/crew-applications/{application_id:uuid}/accept",
      guards=[may(Action.MANAGE_OWN_PROJECT)], sync_to_thread=True, status_code=200,
      include_in_schema=False)
def accept_application(request: Req, application_id: UUID, ctx: Context) -> Response[Any]:
    item = _deciding(request, application_id)
    errors: dict[str, str] = {}
    _ignored, status = attempt(
        lambda: app_of(request).accept_application(ctx, application_id), errors,
        f"item:{application_id}")
    if status == 200:
        caught_up(request)
    return _project_answer(request, item.project_id, status, "#pipeline", errors=errors,
                           notice=_("Hired.") if status == 200 else "")


@post("/crew-applications/{application_id:uuid}/reject",
      guards=[may(Action.MANAGE_OWN_PROJECT)], sync_to_thread=True, status_code=200,
      include_in_schema=False)
def reject_application(request: Req, application_id: UUID, data: Form,
                       ctx: Context) -> Response[Any]:
    item = _deciding(request, application_id)
    if app_of(request).project(item.project_id).director_id != me(request):
        raise Forbidden("only the project's director decides its applications")
    reason = field(data, "reason")
    errors: dict[str, str] = {}
    status = 422
    if not reason:
        errors[f"item:{application_id}"] = _("Say why, in a sentence; the applicant will read "
                                             "it.")
    else:
        _ignored, status = attempt(
            lambda: app_of(request).reject_application(ctx, application_id, reason), errors,
            f"item:{application_id}")
    if status == 200:
        caught_up(request)
    return _project_answer(request, item.project_id, status, "#pipeline", errors=errors)


@post("/invitations/{invitation_id:uuid}/withdraw", guards=[may(Action.MANAGE_OWN_PROJECT)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def withdraw_invitation(request: Req, invitation_id: UUID, data: Form,
                        ctx: Context) -> Response[Any]:
    invitation = app_of(request).invitation(invitation_id)
    errors: dict[str, str] = {}
    _ignored, status = attempt(
        lambda: app_of(request).withdraw_invitation(ctx, invitation_id, field(data, "reason")),
        errors, f"item:{invitation_id}")
    if status == 200:
        caught_up(request)
    return _project_answer(request, invitation.project_id, status, "#pipeline", errors=errors)


# -- a member's invitations and applications ---------------------------------------------------


def _my_items(request: Req) -> dict[str, Any]:
    member = me(request)
    with read(request) as tx:
        items = Projects.pipeline(tx, member_id=member) if member else []
        roles = role_names(tx, [i.role_id for i in items])
        directors = Directory.names(tx, [r[2] for r in roles.values()])
        crewed = Projects.crewed_by(tx, member) if member else []
    return {"items": items, "roles": roles, "directors": directors, "crewed": crewed}


def _row_answer(request: Req, item_id: UUID, status: int, error: str = "") -> Response[Any]:
    if status == 200 and not request.htmx:  # type: ignore[attr-defined]
        return Redirect("/my/invitations", status_code=303)
    return render(request, "projects/_invitations.html", "projects/invitations.html",
                  {**_my_items(request), "errors": {item_id: error}, **vocabulary()},
                  status=status)


@get("/my/invitations", guards=[signed_in], sync_to_thread=True, include_in_schema=False)
def my_invitations(request: Req) -> Template:
    return render(request, "projects/_invitations.html", "projects/invitations.html",
                  {**_my_items(request), "errors": {}, **vocabulary()})


@post("/invitations/{invitation_id:uuid}/accept", guards=[owns(invited)], sync_to_thread=True,
      status_code=200, include_in_schema=False)
def accept_invitation(request: Req, invitation_id: UUID, ctx: Context) -> Response[Any]:
    errors: dict[str, str] = {}
    _ignored, status = attempt(lambda: app_of(request).accept_invitation(ctx, invitation_id),
                               errors, "row")
    if status == 200:
        caught_up(request)
    return _row_answer(request, invitation_id, status, errors.get("row", ""))


@post("/invitations/{invitation_id:uuid}/decline", guards=[owns(invited)], sync_to_thread=True,
      status_code=200, include_in_schema=False)
def decline_invitation(request: Req, invitation_id: UUID, data: Form,
                       ctx: Context) -> Response[Any]:
    errors: dict[str, str] = {}
    _ignored, status = attempt(
        lambda: app_of(request).decline_invitation(ctx, invitation_id, field(data, "reason")),
        errors, "row")
    if status == 200:
        caught_up(request)
    return _row_answer(request, invitation_id, status, errors.get("row", ""))


@post("/crew-applications/{application_id:uuid}/withdraw", guards=[may(Action.APPLY_TO_ROLE)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def withdraw_application(request: Req, application_id: UUID, ctx: Context) -> Response[Any]:
    errors: dict[str, str] = {}
    _ignored, status = attempt(
        lambda: app_of(request).withdraw_application(ctx, application_id), errors, "row")
    if status == 200:
        caught_up(request)
    return _row_answer(request, application_id, status, errors.get("row", ""))


ROUTES = [
    invite, apply, crew_application, accept_application, reject_application,
    withdraw_invitation, my_invitations, accept_invitation, decline_invitation,
    withdraw_application,
]
