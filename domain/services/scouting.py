"""Scouting: a verified partner registers interest in pitched projects; with following directors
(domain/services/following.py, open to every member), the bridge's scouting services."""

from __future__ import annotations

from uuid import UUID

from domain import validation as v
from domain.context import Context
from domain.errors import Conflict
from domain.permissions import Action
from domain.project import Project
from domain.services.bridge_reading import BridgeReading
from domain.services.following import FollowingServices
from domain.vocabulary import ProjectStatus


class ScoutingServices(FollowingServices, BridgeReading):
    def register_interest(self, ctx: Context, project_id: UUID, note: object = "") -> None:
        """A verified partner tells a director it is interested in their pitched project."""
        words = v.text(note, "note", limit=v.COMMENT_MAX, required=False)

        def command() -> None:
            member, partner = self._as_partner(ctx, Action.SCOUT, "register interest")
            project = self._load(Project, project_id, "project")
            if not project.visible:
                raise Conflict("the project has not been pitched yet")
            if project.status is ProjectStatus.CANCELLED:
                raise Conflict("“{project}” was cancelled", project=project.title)
            if project.director_id == member.id:
                raise Conflict("you cannot register interest in your own project")
            partner.register_interest(project.id, project.director_id, words)
            self._save(ctx, partner)

        self._attempt(command)

    def withdraw_interest(self, ctx: Context, project_id: UUID) -> None:
        def command() -> None:
            _, partner = self._as_partner(ctx, Action.SCOUT, "withdraw interest")
            partner.withdraw_interest(project_id)
            self._save(ctx, partner)

        self._attempt(command)
