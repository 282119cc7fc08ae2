"""Timers run as policies, driven by the settable clock: advance the clock, run what is due, and
see the events. A timer someone already handled is skipped, not an error."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest

from domain.booking_terms import NO_ANSWER
from domain.context import SYSTEM
from domain.quota import Strike
from domain.vocabulary import BookingStatus, WaitlistStatus
from projections.log.eventstore import open_application
from projections.policies.runner import PolicyRunner
from projections.projector.runner import Projector
from projections.views.calendar import Calendar
from projections.views.timers import CHECK_IN_GRACE_ENDS, Timers
from tests.conftest import FAST_ARGON2, SECRET
from tests.domain.test_bookings import SCREENING, SUITE_1, SUITE_2, at, event_names, given_member

TUESDAY = date(2026, 3, 3)


@pytest.fixture
def rooms(app):
    app.seed_workspaces()
    return app


@pytest.fixture
def runner(rooms):
    projector = Projector(rooms, [Timers()])
    projector.ensure()
    return PolicyRunner(rooms, projector)


@pytest.fixture
def mina(rooms):
    return given_member(rooms, "mina@example.com", "director", university="cau")


@pytest.fixture
def kim(rooms):
    return given_member(rooms, "kim@example.com", "crew")


def test_run_due_releases_a_booking_nobody_checked_into(rooms, runner, mina, clock):
    booking_id = rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))
    clock.set(at(3, 14, 14))
    assert runner.run_due(clock.now()) == 0
    assert rooms.booking(booking_id).status is BookingStatus.CONFIRMED
    clock.advance(timedelta(minutes=1))
    assert runner.run_due(clock.now()) == 1
    assert event_names(rooms, booking_id) == ["Made", "ReleasedAsNoShow"]
    assert rooms.strike(Strike.id_for(booking_id)).member_id == mina.actor
    assert rooms.taken_slots(SUITE_2, TUESDAY) == []
    clock.advance(timedelta(minutes=5))
    assert runner.run_due(clock.now()) == 0
    assert event_names(rooms, booking_id) == ["Made", "ReleasedAsNoShow"]


def test_run_due_leaves_a_checked_in_booking_alone(rooms, runner, mina, clock):
    booking_id = rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))
    clock.set(at(3, 14, 10))
    rooms.check_in(mina, booking_id)
    clock.set(at(3, 18))
    assert runner.run_due(clock.now()) == 0
    assert rooms.booking(booking_id).status is BookingStatus.CONFIRMED
    assert event_names(rooms, booking_id) == ["Made", "CheckedIn"]


def test_run_due_passes_an_expired_offer_to_the_next_in_line(rooms, runner, mina, kim, clock):
    lee = given_member(rooms, "lee@example.com", "crew")
    booking_id = rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))
    first = rooms.join_waitlist(kim, SUITE_2, start=at(3, 14), end=at(3, 16))
    second = rooms.join_waitlist(lee, SUITE_2, start=at(3, 14), end=at(3, 16))
    rooms.cancel_booking(mina, booking_id)
    clock.advance(timedelta(hours=1, minutes=59))
    assert runner.run_due(clock.now()) == 0
    clock.advance(timedelta(minutes=1))
    assert runner.run_due(clock.now()) == 1
    assert rooms.waitlist_entry(first).status is WaitlistStatus.EXPIRED
    assert rooms.waitlist_entry(second).expires == at(2, 14)
    clock.advance(timedelta(hours=2))
    assert runner.run_due(clock.now()) == 1
    assert rooms.waitlist_entry(second).status is WaitlistStatus.EXPIRED
    assert rooms.held_slots(SUITE_2, TUESDAY) == []
    assert rooms.free_slots(SUITE_2, TUESDAY) == [(at(3, 9), at(3, 22))]


def test_run_due_refuses_a_request_unanswered_for_seven_days(rooms, runner, mina, clock):
    booking_id = rooms.book_workspace(mina, SCREENING, start=at(20, 18), end=at(20, 21))
    clock.advance(timedelta(days=7) - timedelta(minutes=1))
    assert runner.run_due(clock.now()) == 0
    clock.advance(timedelta(minutes=1))
    assert runner.run_due(clock.now()) == 1
    booking = rooms.booking(booking_id)
    assert (booking.status, booking.reason) == (BookingStatus.REFUSED, NO_ANSWER)
    assert rooms.member_hours(mina.actor, date(2026, 3, 16)).used_minutes == 0


def test_run_due_after_an_admin_answered_does_nothing(rooms, runner, admin, mina, clock):
    booking_id = rooms.book_workspace(mina, SCREENING, start=at(20, 18), end=at(20, 21))
    rooms.approve_booking_request(admin, booking_id, "Fine")
    clock.advance(timedelta(days=8))
    assert runner.run_due(clock.now()) == 0
    assert rooms.booking(booking_id).status is BookingStatus.CONFIRMED


def test_run_due_over_a_simulated_day_handles_each_timer_once(rooms, runner, mina, kim, clock):
    attended = rooms.book_workspace(mina, SUITE_2, start=at(3, 10), end=at(3, 12))
    missed = rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))
    entry = rooms.join_waitlist(kim, SUITE_2, start=at(3, 15), end=at(3, 16))
    handled = 0
    clock.set(at(3, 8))
    while clock.now() < at(3, 20):
        if clock.now() == at(3, 10):
            rooms.check_in(mina, attended)
        handled += runner.run_due(clock.now())
        clock.advance(timedelta(minutes=5))
    # The no-show at 14:15, then the offer it made to Kim running out at 15:00.
    assert handled == 2
    assert rooms.booking(attended).status is BookingStatus.CONFIRMED
    assert rooms.booking(missed).status is BookingStatus.NO_SHOW
    assert rooms.waitlist_entry(entry).status is WaitlistStatus.EXPIRED
    assert rooms.member_hours(mina.actor, date(2026, 3, 9)).allowance_minutes == 600


def test_execute_skips_a_timer_someone_else_handled(rooms, runner, admin, mina, clock):
    booking_id = rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))
    clock.set(at(3, 14, 30))
    due = runner.due(clock.now())
    assert [(t.kind, t.subject_id) for t in due] == [(CHECK_IN_GRACE_ENDS, booking_id)]
    rooms.release_no_show(admin, booking_id)
    run = runner.execute(due)
    assert (run.done, run.skipped) == ([], due)
    assert event_names(rooms, booking_id) == ["Made", "ReleasedAsNoShow"]


def test_two_serve_processes_handle_each_timer_exactly_once(rooms, database_url, mina, kim, clock):
    """Two `serve` processes on one database (two applications, as two hosts would have) run
    the same due timers at the same moment: each timer is acted on once."""
    bookings = [
        rooms.book_workspace(who, room, start=at(3, hour), end=at(3, hour + 1))
        for who, room in ((mina, SUITE_1), (kim, SUITE_2))
        for hour in (10, 12, 14)
    ]
    other = open_application(database_url, secret=SECRET, clock_=clock, passwords=FAST_ARGON2)
    try:
        runners = []
        for app in (rooms, other):
            projector = Projector(app, [Timers()])
            projector.ensure()
            runners.append(PolicyRunner(app, projector))
        runners[1].projector.catch_up_all()
        clock.set(at(3, 18))
        counts = [0, 0]
        barrier = threading.Barrier(2)

        errors: list[BaseException] = []

        def run(i: int) -> None:
            barrier.wait()
            try:
                counts[i] = runners[i].run_due(clock.now())
            except BaseException as error:  # noqa: BLE001 - reported by the assertion below
                errors.append(error)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        assert sum(counts) == len(bookings) == 6
        assert all(rooms.booking(b).status is BookingStatus.NO_SHOW for b in bookings)
        assert runners[0].run_due(clock.now()) == runners[1].run_due(clock.now()) == 0
        strikes = [rooms.strike(Strike.id_for(b)) for b in bookings]
        assert {s.member_id for s in strikes} == {mina.actor, kim.actor}
    finally:
        other.close()


def test_policy_runner_needs_the_timers_view(rooms):
    with pytest.raises(ValueError, match="timers view"):
        PolicyRunner(rooms, Projector(rooms, [Calendar()]))


def test_run_due_as_system_is_recorded_as_the_system(rooms, runner, mina, clock):
    booking_id = rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))
    clock.set(at(3, 15))
    runner.run_due(clock.now())
    notes = rooms.recorder.select_notifications(start=1, limit=10000)
    released = [
        rooms.mapper.decode(n)
        for n in notes
        if n.originator_id == booking_id and n.originator_version == 2
    ]
    ((_, meta),) = released
    assert meta["actor"] == SYSTEM.actor_label
