"""The Follow button's state, shared by the member page (members.py) and the follow commands'
answers (bridge_interest.py): whether the viewer may follow this member, whether they do, and
how many follow them."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from projections.projector.sql import Tx
from projections.views.bridge import Bridge
from projections.views.directory import Directory


@dataclass(frozen=True)
class FollowButton:
    director_id: UUID
    name: str
    following: bool
    followers: int
    can_follow: bool  # a signed-in member other than the director


def follow_button(tx: Tx, viewer: UUID | None, director_id: UUID) -> FollowButton | None:
    """The button for a director's page; None when the member is not a director."""
    card = Directory.member(tx, director_id)
    if card is None or "director" not in card.roles:
        return None
    return FollowButton(
        director_id=director_id,
        name=card.name,
        following=viewer is not None and Bridge.follows(tx, viewer, director_id),
        followers=Bridge.follower_count(tx, director_id),
        can_follow=viewer is not None and viewer != director_id,
    )
