"""Following directors: any member follows a director's work (not their own); the director's
next pitch and wrap reach the follower's inbox (projections/views/inbox.py).

Following is idempotent both ways: a second follow, and an unfollow of a director not followed,
change nothing and say nothing, so a button pressed twice is harmless.
"""

from __future__ import annotations

from uuid import UUID

from domain.context import Context
from domain.errors import Conflict
from domain.follow import Follow
from domain.member import Member
from domain.permissions import Action
from domain.services.core import Core
from domain.vocabulary import Role


class FollowingServices(Core):
    def follow_director(self, ctx: Context, director_id: UUID) -> bool:
        """The member follows a director; True when this changed anything (False: they
        already did)."""

        def command() -> bool:
            member = self._authorise(ctx, Action.FOLLOW_DIRECTOR)
            if director_id == member.id:
                raise Conflict("you cannot follow yourself", field="director_id")
            director = self._load(Member, director_id, "member")
            if director.erased or Role.DIRECTOR not in director.roles:
                raise Conflict("only directors are followed", field="director_id")
            follow = self._load_or_none(Follow, Follow.id_for(member.id, director.id))
            if follow is None:
                follow = Follow.start(member.id, director.id)
            else:
                follow.resume()
            return self._save_if_changed(ctx, follow)

        return self._attempt(command)

    def unfollow_director(self, ctx: Context, director_id: UUID) -> bool:
        """The member stops following a director; True when this changed anything (False: they
        did not follow them)."""

        def command() -> bool:
            member = self._authorise(ctx, Action.FOLLOW_DIRECTOR)
            follow = self._load_or_none(Follow, Follow.id_for(member.id, director_id))
            if follow is None:
                return False
            follow.stop()
            return self._save_if_changed(ctx, follow)

        return self._attempt(command)

    def _save_if_changed(self, ctx: Context, follow: Follow) -> bool:
        if not follow.pending_events:
            return False
        self._save(ctx, follow)
        return True
