"""The site's navigation for the member looking at it: what their roles let them reach, read
from the same role table the guards use."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from uuid import UUID

from litestar.connection import ASGIConnection

from domain.permissions import Action, allowed
from domain.vocabulary import Role
from projections.views.directory import Directory
from web.i18n import current_language
from web.i18n import gettext_ as _
from web.recommend import READ_HEAD

Connection = ASGIConnection[Any, Any, Any, Any]  # the page's request, as templates pass it


@dataclass(frozen=True)
class Link:
    href: str
    label: str


# Where a page that has loaded the member's roles leaves them in the request's state
# (web/pages/projects.py `my_roles`): the navigation then need not read them again.
ROLES = "filmhouse_roles"


def _session(request: Connection) -> dict[str, Any]:
    """The signed-in member's session (empty for a visitor)."""
    session = request.scope.get("session")
    return session if isinstance(session, dict) else {}


def roles_for_nav(request: Connection, member_hex: str) -> frozenset[Role]:
    """The member's roles: the ones the request has already loaded, else the directory's."""
    state = request.scope.get("state") or {}
    if state.get(ROLES) is not None:
        return state[ROLES]  # type: ignore[no-any-return]
    return _card(request, member_hex)[0]


def viewer_name(request: Connection) -> str:
    """The signed-in member's name for the header, as the directory has it now (a rename
    shows on the next page); the name kept at sign-in only when the directory lacks them."""
    session = _session(request)
    member_hex = session.get("member_id")
    if not member_hex:
        return ""
    name = _card(request, member_hex)[1]
    return str(session.get("name", "")) if name is None else name


def _card(request: Connection, member_hex: str) -> tuple[frozenset[Role], str | None]:
    """The member's roles and name from the directory view (never a replay of the aggregate),
    kept per log position the request read (a change of roles or name is an event: it moves
    the position on)."""
    head = (request.scope.get("state") or {}).get(READ_HEAD)
    kept = request.app.state.fragments
    key = ("nav roles", member_hex, head)  # the name the kept-page tests know it by
    found = kept.get(key) if head is not None else None
    if found is None:
        with request.app.state.projector.db.read() as tx:
            card = Directory.member(tx, UUID(member_hex))
        found = (frozenset(Role(r) for r in card.roles), card.name) if card else (frozenset(), None)
        if head is not None:
            kept.put(key, found)
    return found


def links(request: Connection) -> tuple[Link, ...]:
    session = _session(request)
    member_hex = session.get("member_id")
    roles = roles_for_nav(request, member_hex) if member_hex else frozenset()
    return _links(current_language(), bool(member_hex), roles)


@lru_cache(maxsize=256)
def _links(language: str, signed_in: bool, roles: frozenset[Role]) -> tuple[Link, ...]:
    """The links in `language`: a pure function of its arguments, so kept."""
    found = [
        Link("/projects", _("Projects")),
        Link("/members", _("Members")),
        Link("/opportunities", _("Opportunities")),
        Link("/workspaces", _("Workspaces")),
        Link("/trainings", _("Trainings")),
        Link("/funds", _("Funds")),
        Link("/dashboard", _("Dashboard")),
    ]
    if not signed_in:
        return tuple(found)
    found += [Link("/inbox", _("Inbox")), Link("/my/bookings", _("My bookings"))]
    if allowed(roles, Action.CREATE_PROJECT):
        found.append(Link("/my/projects", _("My projects")))
    if allowed(roles, Action.APPLY_TO_ROLE):
        found.append(Link("/my/invitations", _("My invitations")))
    if Role.PARTNER in roles:
        found.append(Link("/scout", _("Scouting")))
    found.append(Link("/reviews", _("Reviews")))
    if allowed(roles, Action.VERIFY_AFFILIATION):
        found.append(Link("/coordinator", _("Students")))
    if Role.ADMIN in roles:
        found.append(Link("/admin", _("Admin")))
    if allowed(roles, Action.READ_AUDIT):
        found.append(Link("/audit", _("Audit")))
    found.append(Link("/me", _("My profile")))
    return tuple(found)
