"""The shared office's desks, let by the calendar month: one aggregate per workspace and month,
so two members can never both take the last desk (the second writer loses on the month's
version, retries, and sees the office full). Moved from domain/booking.py; its stored topics
(`domain.booking:DeskMonth…`) resolve here through migrations/topics.py."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity, stable_id
from domain.booking_errors import NoDeskFree
from domain.errors import Conflict


class DeskMonth(Entity):
    """Who holds the shared office's desks in one calendar month: one desk per member, never
    more desks than the office has. A desk offered to a waitlisted member is held for them
    and counts as let until they answer or the offer runs out."""

    class Opened(Entity.Created):
        workspace_id: UUID
        month: date

    class DeskLet(Entity.Event):
        booking_id: UUID
        member_id: UUID

    class DeskFreed(Entity.Event):
        booking_id: UUID

    class DeskHeld(Entity.Event):
        entry_id: UUID
        member_id: UUID
        expires: datetime

    class DeskHoldReleased(Entity.Event):
        entry_id: UUID

    class HeldDeskLet(Entity.Event):
        entry_id: UUID
        booking_id: UUID

    @event(Opened)
    def __init__(self, workspace_id: UUID, month: date) -> None:
        self.workspace_id, self.month = workspace_id, month
        self.holders: dict[UUID, UUID] = {}
        self.held: dict[UUID, UUID] = {}  # waitlist entry → member

    def free_desks(self, desks: int) -> int:
        return max(0, desks - len(self.holders) - len(self.held))

    @classmethod
    def open(cls, workspace_id: UUID, month: date) -> DeskMonth:
        return cls._create(
            cls.Opened, id=cls.id_for(workspace_id, month), workspace_id=workspace_id, month=month
        )

    @staticmethod
    def id_for(workspace_id: UUID, month: date) -> UUID:
        return stable_id("desk-month", workspace_id, month.isoformat())

    def let(self, booking_id: UUID, member_id: UUID, *, desks: int, name: str) -> None:
        """Let one desk for the month to a member who holds none yet."""
        if member_id in self.holders.values():
            raise Conflict(
                "You already hold a desk in the {name} for {month:%B %Y}.",
                name=name,
                month=self.month,
                field="month",
            )
        if self.free_desks(desks) == 0 and self.held:
            raise NoDeskFree(
                "All {desks} desks in the {name} are let or offered to the waitlist for "
                "{month:%B %Y}; try another month or join the waitlist.",
                desks=desks,
                name=name,
                month=self.month,
                field="month",
            )
        if self.free_desks(desks) == 0:
            raise NoDeskFree(
                "All {desks} desks in the {name} are let for {month:%B %Y}; try another month "
                "or join the waitlist.",
                desks=desks,
                name=name,
                month=self.month,
                field="month",
            )
        self._desk_let(booking_id=booking_id, member_id=member_id)

    @event(DeskLet)
    def _desk_let(self, booking_id: UUID, member_id: UUID) -> None:
        self.holders[booking_id] = member_id

    def free(self, booking_id: UUID) -> None:
        if booking_id not in self.holders:
            raise Conflict("this booking holds no desk in that month")
        self._desk_freed(booking_id=booking_id)

    @event(DeskFreed)
    def _desk_freed(self, booking_id: UUID) -> None:
        self.holders.pop(booking_id, None)

    def hold(self, entry_id: UUID, member_id: UUID, expires: datetime, *, desks: int) -> None:
        """Keep a free desk for the waitlisted member it is offered to."""
        if entry_id in self.held:
            raise Conflict("a desk is already held for that offer")
        if self.free_desks(desks) == 0:
            raise NoDeskFree("no desk is free to offer")
        self._desk_held(entry_id=entry_id, member_id=member_id, expires=expires)

    @event(DeskHeld)
    def _desk_held(self, entry_id: UUID, member_id: UUID, expires: datetime) -> None:
        self.held[entry_id] = member_id

    def release_hold(self, entry_id: UUID) -> None:
        if entry_id not in self.held:
            raise Conflict("no desk is held for this offer")
        self._desk_hold_released(entry_id=entry_id)

    @event(DeskHoldReleased)
    def _desk_hold_released(self, entry_id: UUID) -> None:
        self.held.pop(entry_id, None)

    def let_held(self, entry_id: UUID, booking_id: UUID, *, name: str) -> None:
        """The member took up the offered desk."""
        if entry_id not in self.held:
            raise Conflict("no desk is held for this offer any more")
        if self.held[entry_id] in self.holders.values():
            raise Conflict(
                "You already hold a desk in the {name} for {month:%B %Y}.",
                name=name,
                month=self.month,
            )
        self._held_desk_let(entry_id=entry_id, booking_id=booking_id)

    @event(HeldDeskLet)
    def _held_desk_let(self, entry_id: UUID, booking_id: UUID) -> None:
        self.holders[booking_id] = self.held.pop(entry_id)
