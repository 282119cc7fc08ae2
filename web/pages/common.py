"""What every page handler needs of its request: who is asking, the application, the views,
and how to answer with the whole page or, for htmx, only its fragment."""

from __future__ import annotations

import html
import re
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any
from uuid import UUID

from litestar import Request
from litestar.response import Template
from litestar.utils.empty import value_or_default
from litestar.utils.scope.state import ScopeState
from markupsafe import Markup, escape

from domain.filmhouse import FilmHouse
from domain.vocabulary import Role
from web.auth import SESSION_MEMBER
from web.navigation import viewer_name

Req = Request[Any, Any, Any]


def me(request: Req) -> UUID | None:
    """The signed-in member, from the server-side session (None for a visitor)."""
    session = request.scope.get("session")  # a dict once the session middleware has run
    raw = session.get(SESSION_MEMBER) if isinstance(session, dict) else None
    try:
        return UUID(str(raw)) if raw else None
    except ValueError:
        return None


def app_of(request: Req) -> FilmHouse:
    filmhouse: FilmHouse = request.app.state.filmhouse  # Litestar's state holds Any
    return filmhouse


def roles_of(request: Req) -> frozenset[Role]:
    member = me(request)
    return app_of(request).roles_of(member) if member else frozenset()


def read(request: Req) -> Any:
    """A read transaction on the views."""
    return request.app.state.projector.db.read()


def caught_up(request: Req, position: int | None = None) -> None:
    """After a command, let the views reach its write's log `position` (default: the head)
    before rendering them."""
    request.app.state.projector.wait_for(position)


def wants_fragment(request: Req) -> bool:
    """An htmx request, except htmx restoring history (that needs the whole page)."""
    htmx = getattr(request, "htmx", None)
    if not htmx:
        return False
    return not htmx.history_restore_request


def page(
    request: Req, fragment: str, whole: str, context: dict[str, Any], status: int = 200
) -> Template:
    """The whole page, or for htmx only its fragment."""
    return Template(
        fragment if wants_fragment(request) else whole, context=context, status_code=status
    )


# -- rendered fragments, kept ------------------------------------------------------------------

# Stands, in a kept fragment, for the viewer's own CSRF form field (the one thing of a session
# the fragments carry); a page's text can never contain it, since text is escaped.
CSRF_MARK = "<!--fh:csrf-->"


def csrf_input(request: Req) -> str:
    """The hidden CSRF field exactly as Litestar's template responses write it."""
    token = value_or_default(ScopeState.from_scope(request.scope).csrf_token, "")
    return f'<input type="hidden" name="_csrf_token" value="{html.escape(token)}" />'


# In a kept whole page, for the viewer's CSRF token (base.html's htmx header) and their name.
TOKEN_MARK = "<!--fh:token-->"
NAME_MARK = "<!--fh:name-->"


def rendered(request: Req, template: str, context: dict[str, Any]) -> str:
    """A template rendered to text with the viewer's own parts left as marks: the CSRF field
    as CSRF_MARK; and in a whole page (base.html) the CSRF token as TOKEN_MARK and the name
    as NAME_MARK. `personal` puts them in (see FragmentCache)."""
    templates = request.app.template_engine
    if templates is None:
        raise RuntimeError("pages need the app's template engine (web/app.py configures it)")
    engine = templates.engine
    page: str = engine.get_template(template).render(
        {
            **context,
            "request": request,
            "csrf_input": CSRF_MARK,
            "csrf_token": lambda: Markup(TOKEN_MARK),
            "viewer_name": Markup(NAME_MARK),
        }
    )
    return page


_MARKS = re.compile(f"({CSRF_MARK}|{TOKEN_MARK}|{NAME_MARK})")


def keepable(html: str) -> tuple[str, ...]:
    """A rendering split at its marks, as `personal` joins it again (one pass per answer)."""
    return tuple(_MARKS.split(html))


def personal(request: Req, kept: tuple[str, ...]) -> str:
    """A kept rendering with the viewer's own CSRF field, token and name in place of the
    marks (escaped as the templates escape them)."""
    token = value_or_default(ScopeState.from_scope(request.scope).csrf_token, "")
    name = viewer_name(request)
    own = {
        CSRF_MARK: csrf_input(request),
        TOKEN_MARK: str(escape(token)),
        NAME_MARK: str(escape(name)),
    }
    return "".join([own.get(part, part) for part in kept])


class FragmentCache:
    """Rendered HTML of page parts, keyed by everything they depend on (the caller's key must
    name it all: the log position read, the language, the viewer, ...), least recently used
    dropped first. Thread-safe: sync handlers run in worker threads."""

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            value = self._kept.get(key)
            if value is not None:
                self._kept.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._kept[key] = value
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)

    def __len__(self) -> int:
        return len(self._kept)
