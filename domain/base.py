"""What every aggregate shares: event timestamps from the application clock, stable ids."""

from __future__ import annotations

from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import clock

FILMHOUSE_NAMESPACE = uuid5(NAMESPACE_URL, "filmhouse")


def stable_id(kind: str, *parts: object) -> UUID:
    """An id derived from a natural key, so that two writers creating the same thing collide
    on version 1 of the same aggregate instead of creating two."""
    return uuid5(FILMHOUSE_NAMESPACE, "/".join([kind, *map(str, parts)]))


class Entity(Aggregate):
    """Base of Film House aggregates: their events are stamped by the application clock."""

    class Event(Aggregate.Event):
        @staticmethod
        def create_timestamp() -> datetime:
            return clock.now()

    class Created(Event, Aggregate.Created):
        pass
