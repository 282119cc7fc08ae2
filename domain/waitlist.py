"""Waitlists: members waiting, in the order they joined, for a taken workspace slot (or, in the
shared office, a desk in a let-out month).

A waitlist is one aggregate per workspace and Seoul date (per month for desks). When time frees
up (a cancellation, a no-show, a declined or expired offer), the service offers it to the first
waiting member whose window fits, in the same write that holds the slot in the day's schedule
and frees it; accepting turns the hold into a booking in one write with the quotas. A ticket
names the waitlist an entry lives in, so an entry is found by its own id.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity, stable_id
from domain.booking_errors import NotDue
from domain.errors import Conflict, DomainError, Forbidden
from domain.opening_hours import clock_text
from domain.vocabulary import WaitlistStatus

OPEN = (WaitlistStatus.WAITING, WaitlistStatus.OFFERED)


class OfferLapsed(Conflict):
    """The offer ran out before it was taken up."""


class Turn(DomainError):
    """Never raised: where a member's entry stands, said inside a refusal (" (number 2 in
    line)"), so that each language says it its own way."""


def turn_of(where: int | None) -> Turn:
    if where:
        return Turn(" (number {where} in line)", where=where)
    return Turn(" (an offer is waiting for you)")


@dataclass(frozen=True)
class Entry:
    """One member's place on a waitlist: the window they want and where their turn stands."""

    entry_id: UUID
    member_id: UUID
    start: datetime
    end: datetime
    status: WaitlistStatus = WaitlistStatus.WAITING
    expires: datetime | None = None
    booking_id: UUID | None = None


class Waitlist(Entity):
    """The members waiting for one workspace on one Seoul date (`period` is that date), or for
    a desk in one month (`period` is the month's first day), first come first offered."""

    class Opened(Entity.Created):
        workspace_id: UUID
        period: date

    class Joined(Entity.Event):
        entry_id: UUID
        member_id: UUID
        workspace_id: UUID
        start: datetime
        end: datetime

    class Left(Entity.Event):
        entry_id: UUID

    class Lapsed(Entity.Event):
        entry_id: UUID

    class Offered(Entity.Event):
        entry_id: UUID
        expires: datetime

    class OfferAccepted(Entity.Event):
        entry_id: UUID
        booking_id: UUID

    class OfferDeclined(Entity.Event):
        entry_id: UUID

    class OfferExpired(Entity.Event):
        entry_id: UUID

    @event(Opened)
    def __init__(self, workspace_id: UUID, period: date) -> None:
        self.workspace_id, self.period = workspace_id, period
        self.entries: dict[UUID, Entry] = {}

    @classmethod
    def open(cls, workspace_id: UUID, period: date) -> Waitlist:
        return cls._create(
            cls.Opened,
            id=cls.id_for(workspace_id, period),
            workspace_id=workspace_id,
            period=period,
        )

    @staticmethod
    def id_for(workspace_id: UUID, period: date) -> UUID:
        return stable_id("waitlist", workspace_id, period.isoformat())

    # -- reading ----------------------------------------------------------------------------

    def entry(self, entry_id: UUID) -> Entry:
        found = self.entries.get(entry_id)
        if found is None:
            raise Conflict("no such entry on this waitlist")
        return found

    def waiting(self) -> list[Entry]:
        """Entries still waiting for an offer, first joined first."""
        return [e for e in self.entries.values() if e.status is WaitlistStatus.WAITING]

    def position(self, entry_id: UUID) -> int | None:
        """1 for the next in turn; None once the entry no longer waits."""
        ids = [e.entry_id for e in self.waiting()]
        return ids.index(entry_id) + 1 if entry_id in ids else None

    def _mine(self, entry_id: UUID, member_id: UUID) -> Entry:
        entry = self.entry(entry_id)
        if entry.member_id != member_id:
            raise Forbidden("this waitlist entry belongs to another member")
        return entry

    def _set(self, entry_id: UUID, **changes: object) -> None:
        self.entries[entry_id] = replace(self.entries[entry_id], **changes)  # type: ignore[arg-type]

    # -- commands ---------------------------------------------------------------------------

    def join(
        self, entry_id: UUID, member_id: UUID, start: datetime, end: datetime, *, name: str
    ) -> None:
        """A member asks to be offered the window if it frees up; one open entry per member for
        overlapping windows."""
        for other in self.entries.values():
            if (
                other.member_id == member_id
                and other.status in OPEN
                and other.start < end
                and start < other.end
            ):
                raise Conflict(
                    "You are already on the waitlist for {name} {start}–{end}{turn}.",
                    name=name,
                    start=clock_text(other.start),
                    end=clock_text(other.end, self.period),
                    turn=turn_of(self.position(other.entry_id)),
                    field="start",
                )
        self._joined(
            entry_id=entry_id,
            member_id=member_id,
            workspace_id=self.workspace_id,
            start=start,
            end=end,
        )

    @event(Joined)
    def _joined(
        self, entry_id: UUID, member_id: UUID, workspace_id: UUID, start: datetime, end: datetime
    ) -> None:
        self.entries[entry_id] = Entry(entry_id, member_id, start, end)

    def leave(self, entry_id: UUID, member_id: UUID) -> None:
        """The member no longer wants the window (an offered entry is declined instead)."""
        entry = self._mine(entry_id, member_id)
        if entry.status is not WaitlistStatus.WAITING:
            raise Conflict("this entry is {status}, no longer waiting", status=entry.status.value)
        self._left(entry_id=entry_id)

    @event(Left)
    def _left(self, entry_id: UUID) -> None:
        self._set(entry_id, status=WaitlistStatus.LEFT)

    def lapse(self, entry_id: UUID) -> None:
        """The window began (or the month ended) before anything freed up."""
        if self.entry(entry_id).status is not WaitlistStatus.WAITING:
            raise Conflict("only a waiting entry lapses")
        self._lapsed(entry_id=entry_id)

    @event(Lapsed)
    def _lapsed(self, entry_id: UUID) -> None:
        self._set(entry_id, status=WaitlistStatus.LAPSED)

    def offer(self, entry_id: UUID, expires: datetime) -> None:
        """It is this member's turn: the caller holds the slot for them until `expires`."""
        if self.entry(entry_id).status is not WaitlistStatus.WAITING:
            raise Conflict("only a waiting entry can be offered a slot")
        self._offered(entry_id=entry_id, expires=expires)

    @event(Offered)
    def _offered(self, entry_id: UUID, expires: datetime) -> None:
        self._set(entry_id, status=WaitlistStatus.OFFERED, expires=expires)

    def _require_offer(self, entry: Entry) -> datetime:
        if entry.status is not WaitlistStatus.OFFERED or entry.expires is None:
            raise Conflict(
                "this entry is {status}; there is no offer to answer", status=entry.status.value
            )
        return entry.expires

    def accept(self, entry_id: UUID, member_id: UUID, booking_id: UUID, now: datetime) -> None:
        """The member takes the offered slot before the offer runs out."""
        entry = self._mine(entry_id, member_id)
        expires = self._require_offer(entry)
        if now >= expires:
            raise OfferLapsed(
                "the offer ran out at {expires}; it has passed to the next in line",
                expires=clock_text(expires),
            )
        self._offer_accepted(entry_id=entry_id, booking_id=booking_id)

    @event(OfferAccepted)
    def _offer_accepted(self, entry_id: UUID, booking_id: UUID) -> None:
        self._set(entry_id, status=WaitlistStatus.BOOKED, booking_id=booking_id)

    def decline(self, entry_id: UUID, member_id: UUID) -> None:
        """The member does not want the offered slot; it passes to the next in line."""
        self._require_offer(self._mine(entry_id, member_id))
        self._offer_declined(entry_id=entry_id)

    @event(OfferDeclined)
    def _offer_declined(self, entry_id: UUID) -> None:
        self._set(entry_id, status=WaitlistStatus.DECLINED)

    def expire(self, entry_id: UUID, now: datetime) -> None:
        """The offer was not taken up in time; it passes to the next in line."""
        expires = self._require_offer(self.entry(entry_id))
        if now < expires:
            raise NotDue("the offer stands until {expires}", expires=clock_text(expires))
        self._offer_expired(entry_id=entry_id)

    @event(OfferExpired)
    def _offer_expired(self, entry_id: UUID) -> None:
        self._set(entry_id, status=WaitlistStatus.EXPIRED)


class WaitlistTicket(Entity):
    """Which waitlist an entry lives in: created in the same write as the entry, so that the
    member's later answers find it by the entry's id alone."""

    class Issued(Entity.Created):
        waitlist_id: UUID
        member_id: UUID

    @event(Issued)
    def __init__(self, waitlist_id: UUID, member_id: UUID) -> None:
        self.waitlist_id, self.member_id = waitlist_id, member_id

    @classmethod
    def issue(cls, entry_id: UUID, waitlist_id: UUID, member_id: UUID) -> WaitlistTicket:
        return cls._create(cls.Issued, id=entry_id, waitlist_id=waitlist_id, member_id=member_id)
