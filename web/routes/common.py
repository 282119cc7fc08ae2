"""What every page handler needs of its request: who is asking, the application, the views,
and how to answer with the whole page or, for htmx, only its fragment."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request, Response
from litestar.plugins.htmx import ClientRedirect
from litestar.response import Redirect, Template

from domain.filmhouse import FilmHouse
from domain.vocabulary import Role
from web.auth import SESSION_MEMBER

Req = Request[Any, Any, Any]


def me(request: Req) -> UUID | None:
    """The signed-in member, from the server-side session (None for a visitor)."""
    raw = (request.scope.get("session") or {}).get(SESSION_MEMBER)
    try:
        return UUID(str(raw)) if raw else None
    except ValueError:
        return None


def app_of(request: Req) -> FilmHouse:
    return request.app.state.filmhouse  # type: ignore[no-any-return]


def roles_of(request: Req) -> frozenset[Role]:
    member = me(request)
    return app_of(request).roles_of(member) if member else frozenset()


def read(request: Req) -> Any:
    """A read transaction on the views."""
    return request.app.state.projector.db.read()


def caught_up(request: Req) -> None:
    """After a command, let the views reach the new head before rendering them."""
    request.app.state.projector.wait_for()


def wants_fragment(request: Req) -> bool:
    """An htmx request, except htmx restoring history (that needs the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]


def page(request: Req, fragment: str, whole: str, context: dict[str, Any],
         status: int = 200) -> Template:
    """The whole page, or for htmx only its fragment."""
    return Template(fragment if wants_fragment(request) else whole, context=context,
                    status_code=status)


def done(request: Req, target: str) -> Response[Any]:
    """After a form that changes the page as a whole: back to `target` (htmx follows a client
    redirect)."""
    if wants_fragment(request):
        return ClientRedirect(redirect_to=target)
    return Redirect(target, status_code=303)


def text(data: dict[str, Any], key: str) -> str:
    """One form field as stripped text (the first, when a field came more than once)."""
    value = data.get(key, "")
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).strip()


def listed(data: dict[str, Any], key: str) -> list[str]:
    """A repeated form field (checkboxes, multiple selects) as a list of text."""
    value = data.get(key, [])
    return [str(v) for v in (value if isinstance(value, list) else [value])]
