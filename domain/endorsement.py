"""Endorsements: one member vouching for a skill another member claims.

An endorsement's id is derived from (endorser, member, skill), so a member endorses a given skill
of a given colleague at most once: two endorsements sent at the same moment collide on version 1
of the same aggregate, and the retry sees the first. Withdrawing and endorsing again reuses it.
"""

from __future__ import annotations

from collections.abc import Collection
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity, stable_id
from domain.errors import Conflict, Invalid


class Endorsement(Entity):
    """A member's word that a colleague really has a skill they claim; it counts for the
    colleague on their profile and in matching until it is withdrawn."""

    class Given(Entity.Created):
        endorser_id: UUID
        member_id: UUID
        skill: str

    class Withdrawn(Entity.Event):
        pass

    class Renewed(Entity.Event):
        pass

    @event(Given)
    def __init__(self, endorser_id: UUID, member_id: UUID, skill: str) -> None:
        self.endorser_id = endorser_id
        self.member_id = member_id
        self.skill = skill
        self.active = True

    @staticmethod
    def id_for(endorser_id: UUID, member_id: UUID, skill: str) -> UUID:
        return stable_id("endorsement", endorser_id, member_id, skill)

    @staticmethod
    def _check(endorser_id: UUID, member_id: UUID, skill: str, claimed: Collection[str]) -> None:
        if endorser_id == member_id:
            raise Invalid("members cannot endorse their own skills")
        if skill not in claimed:
            raise Conflict(
                "the member has not claimed {skill}; only a claimed skill can be endorsed",
                skill=skill,
            )

    @classmethod
    def give(
        cls, endorser_id: UUID, member_id: UUID, skill: str, claimed: Collection[str]
    ) -> Endorsement:
        """Vouch for a skill the colleague claims (`claimed`: their claimed skills)."""
        cls._check(endorser_id, member_id, skill, claimed)
        return cls._create(
            cls.Given,
            id=cls.id_for(endorser_id, member_id, skill),
            endorser_id=endorser_id,
            member_id=member_id,
            skill=skill,
        )

    def renew(self, claimed: Collection[str]) -> None:
        """Endorse again after withdrawing."""
        self._check(self.endorser_id, self.member_id, self.skill, claimed)
        if self.active:
            raise Conflict("you already endorse this member's {skill}", skill=self.skill)
        self._renewed()

    @event(Renewed)
    def _renewed(self) -> None:
        self.active = True

    def withdraw(self) -> None:
        """The endorser takes their word back."""
        if not self.active:
            raise Conflict("you do not endorse this member's {skill}", skill=self.skill)
        self._withdrawn()

    @event(Withdrawn)
    def _withdrawn(self) -> None:
        self.active = False
