"""Training seats under concurrency, on both databases: a training never holds more members than
its capacity, and its waitlist is one total order, however many requests arrive at once.

The Training aggregate holds the seats and the waitlist, so every enrolment or withdrawal is a
new version of it; writers that lose the race retry on fresh state (`_attempt`). Threads start
on a Barrier so that the load-decide-save closures really overlap. Each test prints attempts,
outcomes and optimistic-concurrency retries (`app.conflicts`); run with `-s` to see them.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from domain.clock import SEOUL
from domain.context import Context
from domain.errors import DomainError
from domain.training import Place, Training
from tests.domain.test_projects import sign_up

FIRST = datetime(2026, 3, 9, 14, 0, tzinfo=SEOUL)
SEATS = 5
MEMBERS = 16


def race(calls: list[Callable[[], Any]]) -> list[str]:
    """Run the calls at once, one thread each; return each call's outcome by name."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = ["unfinished"] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        barrier.wait(timeout=30)
        try:
            result = call()
        except DomainError as error:
            outcomes[index] = type(error).__name__
        else:
            outcomes[index] = result.value if isinstance(result, Place) else "done"

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def report(name: str, database: str, outcomes: list[str], retries: int, **figures: int) -> None:
    extra = " ".join(f"{k}={v}" for k, v in figures.items())
    print(
        f"\n[{name} on {database}] attempts={len(outcomes)} outcomes={dict(Counter(outcomes))} "
        f"{extra} app.conflicts={retries}"
    )


def history(app, training_id: UUID) -> list[Training]:
    """The training as every write left it (a write is the run of its events that carry one
    request id; the races below give every call its own request id)."""
    ends: list[int] = []
    last_request = None
    for note in app.recorder.select_notifications(1, 100_000):
        if note.originator_id != training_id:
            continue
        request = app.mapper.decode(note)[1]["request"]
        if request == last_request:
            ends[-1] = note.originator_version
        else:
            ends.append(note.originator_version)
        last_request = request
    return [app.repository.get(training_id, version=n) for n in ends]


def scheduled(app, admin) -> UUID:
    return app.schedule_training(
        admin, title="Generative previsualisation", description="Storyboards to animatics.",
        skill="generative previsualisation", capacity=SEATS, starts=FIRST,
        ends=FIRST + timedelta(hours=3),
    )  # fmt: skip


def test_enrol_many_at_once_never_exceeds_capacity_and_orders_the_waitlist(app, admin, request):
    training_id = scheduled(app, admin)
    crew = [sign_up(app, f"m{n}@example.com", "crew") for n in range(MEMBERS)]
    before = app.conflicts

    outcomes = race(
        [(lambda m=member: app.enrol(Context(m.actor), training_id)) for member in crew]
    )

    training = app.training(training_id)
    report(
        f"{MEMBERS} enrol into {SEATS} seats",
        request.node.callspec.id,
        outcomes,
        app.conflicts - before,
        enrolled=len(training.enrolled),
        waitlisted=len(training.waitlist),
    )
    assert Counter(outcomes) == {"enrolled": SEATS, "waitlisted": MEMBERS - SEATS}
    assert len(training.enrolled) == SEATS == len(set(training.enrolled))
    everyone = {m.actor for m in crew}
    assert set(training.enrolled) | set(training.waitlist) == everyone
    assert len(training.waitlist) == len(set(training.waitlist)) == MEMBERS - SEATS
    answered = {m.actor: outcome for m, outcome in zip(crew, outcomes, strict=True)}
    assert {m for m in training.enrolled if answered[m] == "enrolled"} == set(training.enrolled)
    # one total order: the waitlist is exactly the order of the Waitlisted events in the log
    waitlisted = [
        e.member_id for e in app.events.get(training_id) if isinstance(e, Training.Waitlisted)
    ]
    assert training.waitlist == waitlisted
    # and no saved version ever held more than the capacity
    versions = history(app, training_id)
    assert len(versions) == 1 + MEMBERS  # scheduled, then one write per enrolment
    assert max(len(t.enrolled) for t in versions) == SEATS
    assert not any(t.seats_free and t.waitlist for t in versions)


def test_withdraw_and_enrol_at_once_keep_seats_full_and_promote_in_order(app, admin, request):
    training_id = scheduled(app, admin)
    queued = [sign_up(app, f"q{n}@example.com", "crew") for n in range(SEATS + 4)]
    for member in queued:
        app.enrol(member, training_id)
    waitlist_before = app.training(training_id).waitlist
    leaving = queued[:3]
    arriving = [sign_up(app, f"new{n}@example.com", "crew") for n in range(6)]
    before = app.conflicts

    outcomes = race(
        [
            (lambda m=member: app.withdraw_from_training(Context(m.actor), training_id))
            for member in leaving
        ]
        + [(lambda m=member: app.enrol(Context(m.actor), training_id)) for member in arriving]
    )

    training = app.training(training_id)
    report(
        "3 withdraw while 6 enrol",
        request.node.callspec.id,
        outcomes,
        app.conflicts - before,
        enrolled=len(training.enrolled),
        waitlisted=len(training.waitlist),
    )
    assert Counter(outcomes) == {"done": 3, "waitlisted": 6}
    assert len(training.enrolled) == SEATS
    # the three freed seats went to the three who had waited longest, before any newcomer
    assert training.enrolled == [m.actor for m in queued[3:SEATS]] + waitlist_before[:3]
    assert training.waitlist[:1] == waitlist_before[3:]
    assert set(training.waitlist[1:]) == {m.actor for m in arriving}
    versions = history(app, training_id)
    assert len(versions) == 1 + len(queued) + len(leaving) + len(arriving)
    assert all(len(t.enrolled) <= SEATS for t in versions)
    # a saved version never leaves a seat empty while someone waits
    assert not any(t.seats_free and t.waitlist for t in versions)
