"""Following directors: any member follows a director's work (not their own); the director's
next pitch and wrap reach the follower's inbox (projections/views/inbox.py).

Following is idempotent both ways: a second follow, and an unfollow of a director not followed,
change nothing and say nothing, so a button pressed twice is harmless. In logs written before
members followed, an organisation followed directors itself (Partner.DirectorFollowed); its
representative's unfollow of such a director is recorded as a Follow started and stopped, which
from then on is the word that counts (projections/views/bridge_follows.py).
"""

from __future__ import annotations

from uuid import UUID

from domain.context import Context
from domain.errors import Conflict
from domain.follow import Follow
from domain.member import Member
from domain.partner import Partner, Representation
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
                if not self._organisation_follows(member.id, director_id):
                    return False
                follow = Follow.start(member.id, director_id)
            follow.stop()
            return self._save_if_changed(ctx, follow)

        return self._attempt(command)

    def _organisation_follows(self, member_id: UUID, director_id: UUID) -> bool:
        """Whether the organisation the member represents followed the director itself."""
        seat = self._load_or_none(Representation, Representation.id_for(member_id))
        partner = self._load_or_none(Partner, seat.partner_id) if seat else None
        return (
            partner is not None
            and partner.representative_id == member_id
            and director_id in partner.following
        )

    def _save_if_changed(self, ctx: Context, follow: Follow) -> bool:
        if not follow.pending_events:
            return False
        self._save(ctx, follow)
        return True
