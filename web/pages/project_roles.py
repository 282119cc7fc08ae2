"""The editor's crew roles: adding a role, changing one, removing one nobody is hired in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from litestar import post
from litestar.response import Redirect, Response

from domain.context import Context
from domain.errors import DomainError
from web.auth import directs_project, owns
from web.display.vocabulary import ROLE, SKILL, key_of, keys_of
from web.errors import status_of
from web.forms import Form, attempt, day_or_none, field_of, text
from web.i18n import gettext_ as _
from web.pages.common import Req, app_of, caught_up
from web.pages.common import page as render
from web.pages.project_common import commas, explain, htmx, whole_number
from web.pages.project_editor import editor_context

ROLE_NAMES = ("role", "skills", "count", "start", "end", "paid", "budget_krw")


@dataclass(frozen=True)
class RoleInput:
    """The role form read into the values the role commands take."""

    role: str
    skills: list[str]
    count: int
    start: date
    end: date
    paid: bool
    budget_krw: int  # the most the project pays for the role in all; 0: not set


def role_input(data: dict[str, Any]) -> tuple[dict[str, str], RoleInput | None, dict[str, str]]:
    """The form's values as typed, the command's arguments (None when the form is incomplete),
    and what is missing or malformed."""
    values = {name: text(data, name) for name in ROLE_NAMES}
    errors: dict[str, str] = {}
    if not values["role"]:
        errors["role"] = _("Name the role, e.g. cinematographer.")
    count = whole_number(values["count"] or "1")
    if count is None or not 1 <= count <= 50:
        errors["count"] = _("How many people: a whole number from 1 to 50.")
    start, end = day_or_none(values["start"]), day_or_none(values["end"])
    if not values["start"] or not values["end"]:
        errors["dates"] = _("Give the role's first and last day.")
    elif start is None or end is None:
        errors["dates"] = _("Write each date as a day, e.g. 2026-05-01.")
    budget = whole_number(values["budget_krw"] or "0")
    if budget is None:
        errors["budget_krw"] = _("Write the role's budget as a whole number of won, e.g. 3000000.")
    elif budget and not values["paid"]:
        errors["budget_krw"] = _("Only a paid role has a budget: tick Paid, or leave it empty.")
    if errors or count is None or start is None or end is None or budget is None:
        return values, None, errors
    return (
        values,
        RoleInput(
            role=key_of(ROLE, values["role"]),
            skills=keys_of(SKILL, commas(values["skills"])),
            count=count,
            start=start,
            end=end,
            paid=bool(values["paid"]),
            budget_krw=budget,
        ),
        errors,
    )


def role_error_key(error: DomainError) -> str:
    """Where on a role's form a refusal goes: its dates share one place."""
    key = field_of(error, ("role", "skills", "count", "start", "end", "budget_krw"))
    return "dates" if key in ("start", "end") else key


def _roles_answer(request: Req, project_id: UUID, status: int, **extra: Any) -> Response[Any]:
    if status == 200 and not htmx(request):
        return Redirect(f"/projects/{project_id}/edit#roles", status_code=303)
    context = editor_context(request, project_id, where="roles", **extra)
    return render(request, "projects/_roles.html", "projects/edit.html", context, status=status)


@post(
    "/projects/{project_id:uuid}/roles",
    guards=[owns(directs_project)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def add_role(request: Req, project_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    values, role, errors = role_input(data)
    if role is None:
        return _roles_answer(request, project_id, 422, new_role=values, new_role_errors=errors)
    try:
        app_of(request).add_role(
            ctx,
            project_id,
            role=role.role,
            skills=role.skills,
            count=role.count,
            start=role.start,
            end=role.end,
            paid=role.paid,
            budget_krw=role.budget_krw,
        )
    except DomainError as error:
        errors[role_error_key(error)] = explain(error)
        return _roles_answer(
            request, project_id, status_of(error), new_role=values, new_role_errors=errors
        )
    caught_up(request)
    return _roles_answer(request, project_id, 200, notice=_("Role added."))


@post(
    "/projects/{project_id:uuid}/roles/{role_id:uuid}",
    guards=[owns(directs_project)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def change_role(
    request: Req, project_id: UUID, role_id: UUID, data: Form, ctx: Context
) -> Response[Any]:
    values, role, errors = role_input(data)
    if role is None:
        return _roles_answer(
            request, project_id, 422, role_values={role_id: values}, role_errors={role_id: errors}
        )
    try:
        app_of(request).change_role(
            ctx,
            project_id,
            role_id,
            role=role.role,
            skills=role.skills,
            count=role.count,
            start=role.start,
            end=role.end,
            paid=role.paid,
            budget_krw=role.budget_krw,
        )
    except DomainError as error:
        errors[role_error_key(error)] = explain(error)
        return _roles_answer(
            request,
            project_id,
            status_of(error),
            role_values={role_id: values},
            role_errors={role_id: errors},
        )
    caught_up(request)
    return _roles_answer(request, project_id, 200, notice=_("Role saved."))


@post(
    "/projects/{project_id:uuid}/roles/{role_id:uuid}/remove",
    guards=[owns(directs_project)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def remove_role(request: Req, project_id: UUID, role_id: UUID, ctx: Context) -> Response[Any]:
    errors: dict[str, str] = {}
    _ignored, status = attempt(
        lambda: app_of(request).remove_role(ctx, project_id, role_id), errors
    )
    if status != 200:
        return _roles_answer(request, project_id, status, role_errors={role_id: errors})
    caught_up(request)
    return _roles_answer(request, project_id, 200, notice=_("Role removed."))


ROUTES = [add_role, change_role, remove_role]
