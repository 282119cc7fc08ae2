"""The site's navigation for the member looking at it: what their roles let them reach, read
from the same role table the guards use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.permissions import Action, allowed
from domain.vocabulary import Role
from projections.directory import Directory
from web.i18n import gettext_ as _


@dataclass(frozen=True)
class Link:
    href: str
    label: str


def links(request: Any) -> list[Link]:
    session = request.scope.get("session") or {}
    member_hex = session.get("member_id")
    roles: frozenset[Role] = frozenset()
    if member_hex:
        # From the directory view: a page render never replays the member's aggregate.
        with request.app.state.projector.db.read() as tx:
            card = Directory.member(tx, UUID(member_hex))
        roles = frozenset(Role(r) for r in card.roles) if card else frozenset()
    found = [
        Link("/projects", _("Projects")),
        Link("/members", _("Members")),
        Link("/opportunities", _("Opportunities")),
        Link("/workspaces", _("Workspaces")),
        Link("/trainings", _("Trainings")),
        Link("/funds", _("Funds")),
        Link("/dashboard", _("Dashboard")),
    ]
    if not member_hex:
        return found
    found += [Link("/inbox", _("Inbox")), Link("/my/bookings", _("My bookings"))]
    if allowed(roles, Action.CREATE_PROJECT):
        found.append(Link("/my/projects", _("My projects")))
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
    return found
