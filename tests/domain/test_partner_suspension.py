"""A partner's suspension closes its open calls in the same write; reinstating it leaves them
closed until the partner reopens them. Given events, when a command, then events (or this
error). Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from domain.errors import Conflict, Forbidden
from tests.domain.test_opportunities import DEADLINE, post
from tests.domain.test_partners import events_of, member, pitched_project, verified_partner


def race(commands):
    """Run the commands at once (released together by a barrier); name each one's outcome."""
    barrier = threading.Barrier(len(commands))
    outcomes = [""] * len(commands)

    def run(i):
        barrier.wait()
        try:
            commands[i]()
            outcomes[i] = "ok"
        except Forbidden:
            outcomes[i] = "forbidden"
        except Conflict:
            outcomes[i] = "conflict"

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(commands))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


@pytest.fixture
def partner(app, admin):
    return verified_partner(app, admin)


def partner_id_of(app, partner):
    return app.partner_of(partner.actor).id


def test_suspension_closes_every_open_call_in_the_same_write(app, admin, partner):
    # Given two open calls, one closed by the partner, one past its deadline
    open_calls = [post(app, partner, title=f"Call {n}") for n in range(2)]
    closed = post(app, partner, title="Closed call")
    app.close_opportunity(partner, closed, "full")
    past = post(app, partner, title="Past call", deadline=app.clock.now() + timedelta(hours=1))
    app.clock.advance(timedelta(hours=2))
    pid = partner_id_of(app, partner)
    # When the centre suspends the partner
    count = app.suspend_partner(admin, pid, "posted unpaid work as paid")
    # Then the open calls closed with the centre's reason; the others are as they were
    assert count == 2
    for call in open_calls:
        opportunity = app.opportunity(call)
        assert opportunity.closed and opportunity.reason == "posted unpaid work as paid"
        assert events_of(app, call)[-1] == "Closed"
    assert app.opportunity(closed).reason == "full"
    assert not app.opportunity(past).closed
    assert events_of(app, pid)[-1] == "Suspended"


def test_reinstating_leaves_calls_closed_until_the_partner_reopens_them(app, admin, partner):
    call = post(app, partner)
    pid = partner_id_of(app, partner)
    app.suspend_partner(admin, pid, "under review")
    # A suspended partner cannot reopen
    with pytest.raises(Forbidden, match="suspended"):
        app.reopen_opportunity(partner, call)
    # When the centre reinstates it, the call is still closed
    app.verify_partner(admin, pid)
    assert app.opportunity(call).closed
    # Until the partner reopens it
    app.reopen_opportunity(partner, call)
    assert not app.opportunity(call).closed
    with pytest.raises(Conflict, match="open already"):
        app.reopen_opportunity(partner, call)


def test_reopening_another_partners_call_or_after_the_deadline_is_refused(app, admin, partner):
    call = post(app, partner)
    app.close_opportunity(partner, call, "")
    other = verified_partner(app, admin, "scout@river.example", "2208162517", "River Films")
    with pytest.raises(Forbidden):
        app.reopen_opportunity(other, call)
    app.clock.set(DEADLINE + timedelta(minutes=1))
    with pytest.raises(Conflict, match="deadline"):
        app.reopen_opportunity(partner, call)


def test_suspending_twice_is_a_conflict(app, admin, partner):
    pid = partner_id_of(app, partner)
    app.suspend_partner(admin, pid, "under review")
    with pytest.raises(Conflict, match="only a verified one is suspended"):
        app.suspend_partner(admin, pid, "again")


@pytest.mark.parametrize("round_", range(3))
def test_a_call_posted_while_the_partner_is_suspended_never_stays_open(
    app, admin, partner, database_url, round_
):
    pid = partner_id_of(app, partner)
    posted = []
    # When a call is posted while the centre suspends the partner
    outcomes = race(
        [
            lambda: posted.append(post(app, partner, title="Late call")),
            lambda: app.suspend_partner(admin, pid, "under review"),
        ]
    )
    # Then the suspension lands; the call was refused, or it is closed
    assert outcomes[1] == "ok", outcomes
    assert app.partner(pid).status.value == "suspended"
    if posted:
        assert app.opportunity(posted[0]).closed
    else:
        assert outcomes[0] == "forbidden"


def test_a_submission_racing_a_suspension_meets_a_closed_call(app, admin, partner):
    call = post(app, partner)
    director = member(app, "mina@example.com", "director")
    project = pitched_project(app, director)
    pid = partner_id_of(app, partner)
    outcomes = race(
        [
            lambda: app.submit_to_opportunity(director, call, project, "Our deck."),
            lambda: app.suspend_partner(admin, pid, "under review"),
        ]
    )
    assert outcomes[1] == "ok"
    assert app.opportunity(call).closed
    assert outcomes[0] in ("ok", "conflict")
