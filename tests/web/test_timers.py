"""The timers `serve` runs: one process holds the lease, and a tick does what fell due."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.clock import seoul_time
from projections.policies.mail import DevelopmentTransport
from projections.policies.timekeeper import Lease, Timekeeper
from projections.projector.catalogue import all_views
from projections.projector.runner import Projector
from projections.views.mailbox import Mailbox
from tests.conftest import START, sign_up
from tests.domain.test_subsidies import open_fund


@pytest.fixture
def keeper(app):
    app.seed_workspaces()
    projector = Projector(app, all_views())
    projector.ensure()
    return Timekeeper(app, projector, transport=DevelopmentTransport(projector.db))


def test_only_one_process_holds_the_timer_lease(keeper):
    first, second = Lease(keeper.projector.db), Lease(keeper.projector.db)
    assert first.take() is True
    assert second.take() is False
    assert first.take() is True  # renewing


def test_a_tick_releases_no_shows_closes_funds_and_sends_mail(app, admin, clock, keeper):
    crew = sign_up(app, "crew@example.com", "crew", university="cau")
    suite = next(w for w in app.workspaces() if w.name == "Editing Suite 1")
    start = seoul_time(START.date() + timedelta(days=1), START.timetz().replace(tzinfo=None))
    booking = app.book_workspace(crew, suite.id, start=start, end=start + timedelta(hours=2))
    fund_id = open_fund(app, admin)
    app.request_email_verification(crew)

    assert keeper.tick() == 1  # only the verification mail is due now
    clock.set(start + timedelta(hours=1))
    assert keeper.tick() == 1  # the booking was not checked into: a no-show
    assert app.booking(booking).status.value == "no_show"
    clock.advance(timedelta(days=40))
    keeper.tick()
    assert app.fund(fund_id).closed
    keeper.projector.catch_up_all()
    with keeper.projector.db.read() as tx:
        assert [m.status for m in Mailbox.mails(tx, member_id=crew.actor)] == ["sent"]
