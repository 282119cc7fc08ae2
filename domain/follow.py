"""A member following a director's work: the director's next pitch and wrap reach the
follower's inbox, and the follow is a signal the recommender reads.

One Follow per follower and director (its id is derived from both), so following twice is the
same follow: a second follow changes nothing, and unfollowing then following again resumes it.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity, stable_id


class Follow(Entity):
    """A member follows a director; stopped and resumed as often as they like."""

    class Started(Entity.Created):
        follower_id: UUID
        director_id: UUID

    class Stopped(Entity.Event):
        pass

    class Resumed(Entity.Event):
        pass

    @event(Started)
    def __init__(self, follower_id: UUID, director_id: UUID) -> None:
        self.follower_id, self.director_id = follower_id, director_id
        self.active = True

    @classmethod
    def start(cls, follower_id: UUID, director_id: UUID) -> Follow:
        return cls._create(
            cls.Started,
            id=cls.id_for(follower_id, director_id),
            follower_id=follower_id,
            director_id=director_id,
        )

    @staticmethod
    def id_for(follower_id: UUID, director_id: UUID) -> UUID:
        return stable_id("follow", follower_id, director_id)

    def resume(self) -> None:
        """Follow again; a follow already on is left as it is (no event)."""
        if not self.active:
            self._resumed()

    @event(Resumed)
    def _resumed(self) -> None:
        self.active = True

    def stop(self) -> None:
        """Stop following; a follow already stopped is left as it is (no event)."""
        if self.active:
            self._stopped()

    @event(Stopped)
    def _stopped(self) -> None:
        self.active = False
