"""The coordinator's students page: a university's members whose affiliation waits for
verification, and those verified; a coordinator verifies or revokes, and records film-registry
checks (an admin may look at any university)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from litestar import get, post
from litestar.params import Parameter
from litestar.response import Redirect, Response, Template

from domain.context import Context
from domain.permissions import Action
from domain.vocabulary import Role
from projections.views.directory import Directory, MemberCard
from web.auth import may, member_exists, owns
from web.display.labels import member_role_labels as role_labels
from web.forms import Form, attempt, text, uuid_or_none
from web.i18n import gettext_ as _
from web.pages.common import Req, app_of, caught_up, page, read, wants_fragment
from web.pages.member_common import live_member, signed_in_member, university_name

STUDENTS_PAGE = 100


def _coordinator_context(
    request: Req,
    university: str = "",
    number: int = 1,
    *,
    errors: dict[str, dict[str, str]] | None = None,
    notice: str = "",
) -> dict[str, Any]:
    member_id = signed_in_member(request)
    coordinator = live_member(app_of(request), member_id)
    is_admin = Role.ADMIN in coordinator.roles
    chosen = coordinator.university_id
    if is_admin and university:
        chosen = uuid_or_none(university) or chosen
    with read(request) as tx:
        universities = Directory.universities(tx)
        students: list[MemberCard] = []
        if chosen is not None:
            students = [
                c
                for c in Directory.search(
                    tx,
                    university_id=chosen,
                    limit=STUDENTS_PAGE + 1,
                    offset=(number - 1) * STUDENTS_PAGE,
                )
                if c.member_id != member_id
            ]
    by_id = {u.university_id: u for u in universities}
    shown = students[:STUDENTS_PAGE]
    return {
        "is_admin": is_admin,
        "universities": universities,
        "chosen": chosen,
        "university": university_name(by_id.get(chosen)) if chosen else "",
        "pending": [s for s in shown if not s.affiliation_verified],
        "verified": [s for s in shown if s.affiliation_verified],
        "has_next": len(students) > STUDENTS_PAGE,
        "page_number": number,
        "roles": role_labels(),
        "errors": errors or {},
        "notice": notice,
        "university_names": {u.university_id: university_name(u) for u in universities},
    }


@get(
    "/coordinator",
    name="coordinator",
    guards=[may(Action.VERIFY_AFFILIATION)],
    sync_to_thread=True,
    include_in_schema=False,
)
def coordinator(
    request: Req,
    university: str = "",
    number: Annotated[int, Parameter(query="page", ge=1, le=10_000)] = 1,
) -> Template:
    return page(
        request,
        "members/_students.html",
        "members/coordinator.html",
        _coordinator_context(request, university, number),
    )


def _coordinated(
    request: Req,
    member_id: UUID,
    data: Form,
    action: Callable[[], Any],
    notice: str,
    errors: dict[str, str],
    key: str,
) -> Response[Any]:
    university = text(data, "university")
    status = 422
    if not errors:
        _done, status = attempt(action, errors, key)
    if not errors:
        caught_up(request)
        if not wants_fragment(request):
            return Redirect(
                f"/coordinator?university={university}" if university else "/coordinator",
                status_code=303,
            )
        return Template(
            "members/_students.html",
            context=_coordinator_context(request, university, notice=notice),
        )
    return page(
        request,
        "members/_students.html",
        "members/coordinator.html",
        _coordinator_context(request, university, errors={member_id.hex: errors}),
        status=status,
    )


@post(
    "/coordinator/{member_id:uuid}/verify",
    guards=[may(Action.VERIFY_AFFILIATION), owns(member_exists)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def verify_student(request: Req, member_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    return _coordinated(
        request,
        member_id,
        data,
        lambda: app_of(request).verify_affiliation(ctx, member_id),
        _("Affiliation verified."),
        {},
        "verify",
    )


@post(
    "/coordinator/{member_id:uuid}/revoke",
    guards=[may(Action.VERIFY_AFFILIATION), owns(member_exists)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def revoke_student(request: Req, member_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    reason = text(data, "reason")
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = _('Say why, e.g. "graduated in 2025" or "not enrolled".')
    return _coordinated(
        request,
        member_id,
        data,
        lambda: app_of(request).revoke_affiliation(ctx, member_id, reason),
        _("Affiliation revoked."),
        errors,
        "reason",
    )


@post(
    "/coordinator/{member_id:uuid}/registry",
    guards=[may(Action.RECORD_REGISTRY_CHECK), owns(member_exists)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def registry_check(request: Req, member_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    registry_id = text(data, "registry_id")
    errors: dict[str, str] = {}
    if not registry_id:
        errors["registry_id"] = _("Enter the film-registry id you looked up.")
    confirmed = text(data, "confirmed") == "yes"
    return _coordinated(
        request,
        member_id,
        data,
        lambda: app_of(request).record_registry_check(ctx, member_id, registry_id, confirmed),
        _("Registry check recorded."),
        errors,
        "registry_id",
    )


ROUTES = [coordinator, verify_student, revoke_student, registry_check]
