"""Concurrent bookings never double-book a workspace nor overrun a quota, on both databases.

Each test releases its threads at once (a barrier) against one application, so their writes
really do race; the optimistic-concurrency retries they cause are counted in `app.conflicts`.
Run with `-s` to see the figures.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from itertools import pairwise
from uuid import UUID

from domain.booking_errors import SlotTaken
from domain.errors import DomainError
from domain.quota import QuotaExceeded
from domain.university import University
from domain.workspace import Workspace
from tests.domain.test_bookings import WEEK, at, given_member, given_university_hours

THREADS = 16
SUITE_2 = Workspace.id_for("editing-suite-2")
SLOT_ROOMS = [
    Workspace.id_for(slug)
    for slug in (
        "editing-suite-1",
        "editing-suite-2",
        "editing-suite-3",
        "ai-workstation-1",
        "ai-workstation-2",
        "ai-workstation-3",
        "ai-workstation-4",
        "sound-room",
    )
]


def race(count: int, attempt: Callable[[int], UUID]) -> list[tuple[str, object]]:
    """Run `attempt(i)` for i in range(count), all threads released together; each outcome is
    ("ok", booking id) or (error class name, message)."""
    barrier = threading.Barrier(count)
    outcomes: list[tuple[str, object] | None] = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        try:
            outcomes[i] = ("ok", attempt(i))
        except DomainError as refusal:
            outcomes[i] = (type(refusal).__name__, refusal.message)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    finished = [o for o in outcomes if o is not None]
    assert len(finished) == count, "a thread died without an answer"
    return finished


def report(app, name: str, outcomes: list[tuple[str, object]], conflicts_before: int) -> Counter:
    tally = Counter(kind for kind, _ in outcomes)
    database = type(app.recorder).__name__
    print(
        f"\n{name} [{database}]: attempts={len(outcomes)} successes={tally['ok']} "
        f"refusals={len(outcomes) - tally['ok']} {dict(tally)} "
        f"retries(app.conflicts)={app.conflicts - conflicts_before}"
    )
    return tally


def test_book_workspace_same_slot_concurrently_only_one_wins(app):
    app.seed_workspaces()
    members = [given_member(app, f"editor{i}@example.com", "crew") for i in range(THREADS)]
    conflicts_before = app.conflicts
    all_outcomes = []
    for day in (3, 4, 5):
        # Every request contains 13:45 to 15:00, so any two of them overlap.
        def attempt(i: int, day: int = day) -> UUID:
            start = at(day, 13) + timedelta(minutes=15 * (i % 4))
            end = at(day, 15) + timedelta(minutes=15 * (i % 3))
            return app.book_workspace(members[i], SUITE_2, start=start, end=end)

        outcomes = race(THREADS, attempt)
        all_outcomes += outcomes
        winners = [value for kind, value in outcomes if kind == "ok"]
        assert len(winners) == 1
        assert {kind for kind, _ in outcomes} == {"ok", SlotTaken.__name__}
        slots = app.taken_slots(SUITE_2, date(2026, 3, day))
        assert [booking_id for booking_id, _, _ in slots] == winners
        assert all(a[2] <= b[1] for a, b in pairwise(slots))
    tally = report(app, "same slot", all_outcomes, conflicts_before)
    assert tally["ok"] == 3


def test_book_workspace_one_member_concurrently_never_exceeds_the_quota(app):
    app.seed_workspaces()
    mina = given_member(app, "mina@example.com", "director", university="cau")
    conflicts_before = app.conflicts

    # Sixteen 2-hour bookings in different rooms and days: 32 hours against a 12-hour quota.
    def attempt(i: int) -> UUID:
        start = at(3 + i // len(SLOT_ROOMS), 10)
        return app.book_workspace(
            mina, SLOT_ROOMS[i % len(SLOT_ROOMS)], start=start, end=start + timedelta(hours=2)
        )

    outcomes = race(THREADS, attempt)
    tally = report(app, "member quota", outcomes, conflicts_before)
    assert tally["ok"] == 6
    assert tally[QuotaExceeded.__name__] == THREADS - 6
    booked = [app.booking(value) for kind, value in outcomes if kind == "ok"]
    assert sum(b.minutes for b in booked) == 12 * 60
    assert app.member_hours(mina.actor, WEEK).used_minutes == 12 * 60


def test_book_workspace_one_university_concurrently_never_exceeds_its_budget(app):
    app.seed_workspaces()
    given_university_hours(app, "cau", WEEK, 190)
    students = [
        given_member(app, f"student{i}@example.com", "crew", university="cau")
        for i in range(THREADS)
    ]
    conflicts_before = app.conflicts

    # Sixteen students each ask for 4 hours in their own room and day; 10 hours are left.
    def attempt(i: int) -> UUID:
        start = at(3 + i // len(SLOT_ROOMS), 10)
        return app.book_workspace(
            students[i],
            SLOT_ROOMS[i % len(SLOT_ROOMS)],
            start=start,
            end=start + timedelta(hours=4),
        )

    outcomes = race(THREADS, attempt)
    tally = report(app, "university budget", outcomes, conflicts_before)
    assert tally["ok"] == 2
    assert tally[QuotaExceeded.__name__] == THREADS - 2
    used = app.university_hours(University.id_for("cau"), WEEK).used_minutes
    assert used == 198 * 60 <= 200 * 60
