"""A seal taken of the log: the digest of the audit chain's link at a position, with the count
of events up to it, recorded when an auditor or admin takes one (on the audit console or with
`filmhouse audit seal`) so the console can list the seals taken and who took them. The seal
itself is kept outside the system too; this record only says one was taken.

One record per seal (its id is derived from the position and digest): taking the same seal
again records nothing new.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity, stable_id


class SealRecord(Entity):
    """A seal taken: events counted, the position sealed, the link's digest (hex)."""

    class Taken(Entity.Created):
        events: int
        position: int
        digest: str

    @event(Taken)
    def __init__(self, events: int, position: int, digest: str) -> None:
        self.events, self.position, self.digest = events, position, digest

    @classmethod
    def take(cls, events: int, position: int, digest: str) -> SealRecord:
        return cls._create(
            cls.Taken,
            id=cls.id_for(position, digest),
            events=events,
            position=position,
            digest=digest,
        )

    @staticmethod
    def id_for(position: int, digest: str) -> UUID:
        return stable_id("seal", position, digest)
