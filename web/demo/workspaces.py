"""The workspaces: a week's bookings (some refused as taken, some waitlisted, a few cancelled),
then the week lived: most people check in, the timers release the rest as no-shows."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from domain.clock import seoul_time
from domain.vocabulary import WorkspaceKind
from web.demo.base import Chapter

# Rooms a member books by the hour (the screening room takes requests, the office lets desks).
HOURLY = frozenset(WorkspaceKind) - {WorkspaceKind.SCREENING_ROOM, WorkspaceKind.SHARED_OFFICE}


class Workspaces(Chapter):
    def bookings_this_week(self, week_start: date, rooms: list[Any]) -> None:
        bookable = [r for r in rooms if r.kind in HOURLY]
        for _ in range(self.rng.randint(25, 40)):
            booker = self.rng.choice(self.bookers)
            room = self.rng.choice(bookable)
            day = week_start + timedelta(days=self.rng.randint(1, 6))
            hours = 2 if room.kind is WorkspaceKind.MEETING_ROOM else self.rng.choice([2, 3, 4])
            start = seoul_time(day, datetime.min.time()) + timedelta(
                hours=self.rng.randint(9, 22 - hours)
            )
            booking = self.attempt(
                lambda: self.app.book_workspace(
                    booker, room.id, start=start, end=start + timedelta(hours=hours)
                )
            )
            if booking is not None:
                self.figures.bookings += 1
                self.bookings.append((booker, booking))
                self.this_week.append((start, booker, booking))
            elif (
                self.rng.random() < 0.3
                and self.attempt(
                    lambda: self.app.join_waitlist(
                        booker, room.id, start=start, end=start + timedelta(hours=hours)
                    )
                )
                is not None
            ):
                self.figures.waitlisted += 1
        for booker, booking in self.rng.sample(self.bookings[-40:], k=min(4, len(self.bookings))):
            self.attempt(lambda: self.app.cancel_booking(booker, booking, "plans changed"))

    def attend_the_week(self, week_start: date) -> None:
        """Most people turn up and check in; the timers release the rest as no-shows."""
        for start, booker, booking in sorted(self.this_week, key=lambda b: b[0]):
            if self.app.booking(booking).status.value != "confirmed":
                continue
            self.at(start - timedelta(minutes=self.rng.randint(1, 14)))
            if self.rng.random() < 0.93:
                self.attempt(lambda: self.app.check_in(booker, booking))
            else:
                self.missed.append((booker, booking))
        self.this_week = []
        self.at(
            seoul_time(week_start + timedelta(days=7), datetime.min.time()) + timedelta(hours=6)
        )
        self.figures.timers += self.timekeeper.tick()
