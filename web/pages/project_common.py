"""What the project pages share (web/pages/projects_board.py, project_editor.py,
project_attachments.py, project_page.py, project_crewing.py; bridge.py uses some too): the
request and form types, reading a few kinds of form value, saying a hiring refusal, seeing
a project as its viewer may.

Every URL serves its whole page, or with `HX-Request` the fragment that changed; every form also
works without JavaScript (a 303 back to the page, or the page again with the refusal inline).
Drafts are seen only by their director (and the centre's admins).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Annotated, Any, TypeVar
from uuid import UUID

import anyio
from litestar.enums import RequestEncodingType
from litestar.params import Body

from domain.clock import SEOUL
from domain.commitments import DatesClash
from domain.errors import DomainError, NotFound
from domain.project_parts import RoleFull
from domain.vocabulary import Role
from projections.views.project_queries import ProjectPage
from projections.views.projects import Projects
from web import navigation
from web.display.labels import format_labels, pipeline_labels
from web.display.labels import project_status_labels as status_labels
from web.display.refusals import said
from web.i18n import gettext_ as _
from web.pages.common import Req, me, read, roles_of

T = TypeVar("T")
Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]

OPEN_STATUSES = ("pitched", "crewing", "in_production")


# -- form values ---------------------------------------------------------------------------------


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


# -- refusals ------------------------------------------------------------------------------------


def explain(error: DomainError) -> str:
    """The refusal in words, led by what it means for the member where we can say it."""
    if isinstance(error, RoleFull):
        return _("This role is full: %(detail)s", detail=said(error))
    if isinstance(error, DatesClash):
        return _("The dates clash with another shoot: %(detail)s", detail=said(error))
    return said(error)


# -- requests ------------------------------------------------------------------------------------


async def in_thread(function: Callable[..., T], *args: Any) -> T:
    """Run blocking reads off the event loop. (A page whose URL also takes a POST is written as
    an async handler: Litestar 2.25 wraps a sync_to_thread GET twice when its path has another
    method, and the page would answer 500.)"""
    return await anyio.to_thread.run_sync(partial(function, *args))


def my_roles(request: Req) -> frozenset[Role]:
    """The signed-in member's roles, loaded once per request (a page asks several times)."""
    state = request.scope.setdefault("state", {})
    if navigation.ROLES not in state:
        state[navigation.ROLES] = roles_of(request)
    roles: frozenset[Role] = state[navigation.ROLES]
    return roles


def is_admin(roles: frozenset[Role]) -> bool:
    return Role.ADMIN in roles


def htmx(request: Req) -> bool:
    """Whether htmx sent the request (the page then answers with the fragment that changed)."""
    return bool(getattr(request, "htmx", False))


# -- words ---------------------------------------------------------------------------------------


def when(moment: datetime | str | None) -> str:
    """A moment as Seoul wall-clock time, to the minute."""
    if not moment:
        return ""
    value = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    if value.tzinfo is not None:
        value = value.astimezone(SEOUL)
    return value.strftime("%Y-%m-%d %H:%M")


def vocabulary() -> dict[str, Any]:
    return {
        "statuses": status_labels(),
        "formats": format_labels(),
        "pipeline_words": pipeline_labels(),
        "when": when,
    }


# -- seeing a project ----------------------------------------------------------------------------


def may_see(page: ProjectPage, member: UUID | None, roles: frozenset[Role]) -> bool:
    return page.card.status != "draft" or member == page.card.director_id or is_admin(roles)


def visible_page(request: Req, project_id: UUID) -> ProjectPage:
    """The project as its page shows it; a draft is not found for anyone but its director."""
    with read(request) as tx:
        page = Projects.page(tx, project_id)
    if page is None or not may_see(page, me(request), my_roles(request)):
        raise NotFound(_("There is no such project, or it has not been pitched yet."))
    return page
