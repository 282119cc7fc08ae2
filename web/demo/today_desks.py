"""Today's rooms: the demo accounts' bookings this week and next, other members' bookings next
week that leave most slots free, the demo crew member waiting for a taken slot, a screening-room
request for the admin to answer, and a no-show's strike under appeal."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from domain.clock import seoul_time, week_start
from domain.context import Context
from domain.quota import Strike
from domain.vocabulary import WorkspaceKind
from web.demo.workspaces import HOURLY, Workspaces

EDIT, MEET, AI = (
    WorkspaceKind.EDITING_SUITE,
    WorkspaceKind.MEETING_ROOM,
    WorkspaceKind.AI_WORKSTATION,
)
# Who books what, this week and next: (demo account, kind of room, hours, next week?).
PLANS = (
    ("director", MEET, 2, False),
    ("director", EDIT, 3, True),
    ("crew", EDIT, 4, False),
    ("crew", EDIT, 3, True),
    ("coordinator", MEET, 2, True),
    ("auditor", AI, 2, True),
    ("reviewer", MEET, 2, False),
)
Slot = tuple[Any, datetime, datetime]


class Desks(Workspaces):
    def rooms(self, day: date) -> None:
        rooms = self.app.workspaces()
        monday = week_start(self.loaded)
        this_week = [monday + timedelta(days=n) for n in range(day.weekday(), 7)]
        next_week = self.rng.sample([monday + timedelta(days=n) for n in range(7, 14)], k=7)
        held: list[tuple[Context, Slot]] = []
        for role, kind, hours, later in PLANS:
            slot = self.book(
                self.cast[role],
                [r for r in rooms if r.kind is kind],
                next_week if later else this_week,
                hours,
            )
            if slot is not None:
                held.append((self.cast[role], slot))
        bookable = [r for r in rooms if r.kind in HOURLY]
        for _ in range(24):
            booker = self.rng.choice(self.bookers)
            slot = self.book(
                booker,
                [self.rng.choice(bookable)],
                [self.rng.choice(next_week)],
                self.rng.choice([2, 3, 4]),
            )
            if slot is not None:
                held.append((booker, slot))
        self.wait_for_a_suite(self.cast["crew"], held)
        screening = [r for r in rooms if r.kind is WorkspaceKind.SCREENING_ROOM]
        self.book(self.cast["director"], screening, [day + timedelta(days=18)], 3)
        self.appeal()

    def wait_for_a_suite(self, member: Context, held: list[tuple[Context, Slot]]) -> None:
        """The member joins the waitlist for an editing suite someone else holds, at a time
        their own bookings leave free."""
        own = [(s, e) for who, (_, s, e) in held if who.actor == member.actor]
        for who, (room, start, end) in held:
            if (
                who.actor == member.actor
                or room.kind is not EDIT
                or any(s < end and start < e for s, e in own)
            ):
                continue
            if (
                self.attempt(lambda: self.app.join_waitlist(member, room.id, start=start, end=end))
                is not None
            ):
                self.figures.waitlisted += 1
                return

    def book(self, who: Context, rooms: list[Any], days: list[date], hours: int) -> Slot | None:
        """The first of these rooms free for `hours` on one of these days, from two hours
        after the demo is loaded; None when all are taken."""
        earliest = self.loaded + timedelta(hours=2)
        for day in days:
            for hour in self.rng.sample([10, 13, 15, 18], k=4):
                start = seoul_time(day, time(hour))
                end = start + timedelta(hours=hours)
                if start < earliest:
                    continue
                for room in rooms:
                    booking = self.attempt(
                        lambda: self.app.book_workspace(who, room.id, start=start, end=end)
                    )
                    if booking is not None:
                        self.figures.bookings += 1
                        self.bookings.append((who, booking))
                        return room, start, end
        return None

    def appeal(self) -> None:
        """The latest no-show's member says why it was not theirs to answer for."""
        for booker, booking in reversed(self.missed):
            if self.app.booking(booking).status.value != "no_show":
                continue
            strike: UUID = Strike.id_for(booking)
            if self.succeeded(
                lambda: self.app.appeal_strike(
                    booker,
                    strike,
                    "The suite's door code did not work; I waited outside for an hour.",
                )
            ):
                return
