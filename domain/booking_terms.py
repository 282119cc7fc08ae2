"""The terms a booking is held to, and the hold a waitlist offer puts on a slot.

The check-in window and the answer a request falls back to are read by the booking aggregate, by
the timers that release no-shows and refuse unanswered requests, and by the pages that tell a
member when to arrive; they live here so none of those readers has to import an aggregate for a
number. `Hold` is the value a workspace's day keeps for each slot offered from its waitlist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from domain.clock import SEOUL

CHECK_IN_OPENS = timedelta(minutes=15)  # before the start
CHECK_IN_GRACE = timedelta(minutes=15)  # after the start; then the booking is a no-show
NO_ANSWER = "no answer within 7 days"


@dataclass(frozen=True)
class Hold:
    """A slot kept for a waitlisted member while the offer to them stands."""

    entry_id: UUID
    member_id: UUID
    start: datetime
    end: datetime
    expires: datetime


def moment_text(at: datetime | None) -> str:
    """A moment as a refusal quotes it: Seoul date and clock time."""
    return at.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M") if at else "(no date)"
