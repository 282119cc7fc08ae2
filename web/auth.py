"""Who is asking. Pages know the member from the server-side session; the JSON API under
/api/v1 only from `Authorization: Bearer <token>` (tokens are the domain's own:
AccountServices.issue_token / member_for_token, revocable and expiring), never from a cookie, so
a browser's session cannot be ridden into the API and the API needs no CSRF token.

Guards run before Litestar reads the request body, which is what makes the order of answers
401 → 403/404 → 422 → 409 hold: `signed_in` (401), then `may(action)` from the one role table in
domain/permissions.py (403), then resource guards that check the thing exists and is the
member's to act on (404/403), and only then the body is parsed (422) and the command run (409).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID, uuid4

import anyio
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler

from domain.context import Context
from domain.errors import Forbidden, NotFound
from domain.filmhouse import FilmHouse
from domain.permissions import Action, allowed, require
from domain.vocabulary import Role

MEMBER_KEY = "filmhouse_member"
SESSION_MEMBER = "member_id"
API_PREFIX = "/api/"

Connection = ASGIConnection[Any, Any, Any, Any]
Guard = Callable[[Connection, BaseRouteHandler], Awaitable[None]]


def filmhouse_of(connection: Connection) -> FilmHouse:
    return connection.app.state.filmhouse  # type: ignore[no-any-return]


def _bearer(connection: Connection) -> str | None:
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _live(filmhouse: FilmHouse, member_id: UUID) -> bool:
    try:
        return not filmhouse.member(member_id).erased
    except NotFound:
        return False


def _resolve(connection: Connection) -> UUID | None:
    filmhouse = filmhouse_of(connection)
    if connection.scope["path"].startswith(API_PREFIX):
        token = _bearer(connection)
        return filmhouse.member_for_token(token) if token else None
    if "session" not in connection.scope:
        return None
    raw = connection.session.get(SESSION_MEMBER)
    try:
        member_id = UUID(str(raw)) if raw else None
    except ValueError:
        return None
    return member_id if member_id is not None and _live(filmhouse, member_id) else None


async def current_member(connection: Connection) -> UUID | None:
    """The signed-in member (bearer token under /api, session elsewhere), looked up once per
    request."""
    state: dict[str, Any] = connection.scope.setdefault("state", {})
    if MEMBER_KEY not in state:
        state[MEMBER_KEY] = await anyio.to_thread.run_sync(_resolve, connection)
    return state[MEMBER_KEY]  # type: ignore[no-any-return]


def roles_of(connection: Connection, member_id: UUID | None) -> frozenset[Role]:
    return filmhouse_of(connection).roles_of(member_id) if member_id else frozenset()


async def provide_context(request: Connection) -> Context:
    """The `ctx` dependency: every command's first argument."""
    return Context(actor=await current_member(request), request_id=uuid4().hex)


# -- guards -------------------------------------------------------------------------------


async def signed_in(connection: Connection, _: BaseRouteHandler) -> None:
    if await current_member(connection) is None:
        detail = (
            "send Authorization: Bearer <token>; get one from POST /api/v1/auth/token"
            if connection.scope["path"].startswith(API_PREFIX)
            else "sign in first"
        )
        raise NotAuthorizedException(detail)


def may(action: Action) -> Guard:
    """403 unless one of the member's roles is allowed the action by the role table."""

    async def guard(connection: Connection, handler: BaseRouteHandler) -> None:
        await signed_in(connection, handler)
        member_id = await current_member(connection)
        roles = await anyio.to_thread.run_sync(roles_of, connection, member_id)
        require(roles, action)

    guard.__name__ = f"may_{action.value}"
    return guard


def owns(check: Callable[[FilmHouse, UUID, dict[str, Any]], None]) -> Guard:
    """A resource guard: `check(filmhouse, member_id, path_params)` raises NotFound or
    Forbidden before the body is read."""

    async def guard(connection: Connection, handler: BaseRouteHandler) -> None:
        await signed_in(connection, handler)
        member_id = await current_member(connection)
        if member_id is None:
            raise NotAuthorizedException("sign in first")
        await anyio.to_thread.run_sync(
            check, filmhouse_of(connection), member_id, dict(connection.path_params)
        )

    guard.__name__ = f"owns_{check.__name__}"
    return guard


def is_admin(filmhouse: FilmHouse, member_id: UUID) -> bool:
    return allowed(filmhouse.roles_of(member_id), Action.CANCEL_ANY_BOOKING)


# Resource checks (404 when the thing is not there, 403 when it is not the member's).


def directs_project(filmhouse: FilmHouse, member_id: UUID, params: dict[str, Any]) -> None:
    project = filmhouse.project(params["project_id"])
    if project.director_id != member_id:
        if not project.visible:
            raise NotFound(f"no project {project.id}")
        raise Forbidden("only the project's director can do this")
    if "role_id" in params:
        project.role(params["role_id"])


def sees_project(filmhouse: FilmHouse, member_id: UUID, params: dict[str, Any]) -> None:
    project = filmhouse.project(params["project_id"])
    if (
        not project.visible
        and project.director_id != member_id
        and not is_admin(filmhouse, member_id)
    ):
        raise NotFound(f"no project {project.id}")
    if "role_id" in params:
        project.role(params["role_id"])


def invited(filmhouse: FilmHouse, member_id: UUID, params: dict[str, Any]) -> None:
    invitation = filmhouse.invitation(params["invitation_id"])
    if invitation.member_id != member_id:
        raise Forbidden("only the invited member can answer this invitation")


def workspace_exists(filmhouse: FilmHouse, member_id: UUID, params: dict[str, Any]) -> None:
    filmhouse.workspace(params["workspace_id"])


def booker_or_admin(filmhouse: FilmHouse, member_id: UUID, params: dict[str, Any]) -> None:
    booking = filmhouse.booking(params["booking_id"])
    if booking.member_id != member_id and not is_admin(filmhouse, member_id):
        raise Forbidden("only the member who made this booking, or an admin, can cancel it")


def fund_exists(filmhouse: FilmHouse, member_id: UUID, params: dict[str, Any]) -> None:
    filmhouse.fund(params["fund_id"])


def application_exists(filmhouse: FilmHouse, member_id: UUID, params: dict[str, Any]) -> None:
    filmhouse.subsidy_application(params["application_id"])


def appointed_reviewer(filmhouse: FilmHouse, member_id: UUID, params: dict[str, Any]) -> None:
    application = filmhouse.subsidy_application(params["application_id"])
    if member_id not in application.reviewers or application.excluded(member_id):
        raise Forbidden(
            "only reviewers appointed to this application, without a declared "
            "conflict, can review it"
        )


def member_exists(filmhouse: FilmHouse, member_id: UUID, params: dict[str, Any]) -> None:
    if not _live(filmhouse, params["member_id"]):
        raise NotFound(f"no member {params['member_id']}")
