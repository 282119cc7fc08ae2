"""The demo generator writes a believable history through the real commands."""

from __future__ import annotations

from datetime import timedelta

from domain.clock import SettableClock
from projections.audit import Audit
from projections.catalogue import all_views
from projections.directory import Directory
from projections.eventstore import open_application
from projections.funds import Funds
from projections.projects import Projects
from projections.runner import Projector
from tests.conftest import FAST_ARGON2, SECRET, START
from web.demo import DEMO_ACCOUNTS, PASSWORD, generate


def test_demo_writes_two_dozen_weeks_of_life_that_every_view_can_show(sqlite_url):
    clock = SettableClock(START - timedelta(weeks=30))
    app = open_application(sqlite_url, secret=SECRET, clock_=clock, passwords=FAST_ARGON2)
    app.seed_universities()
    app.seed_workspaces()
    figures = generate(app, members=120, weeks=28, say=lambda line: None)
    assert figures.members >= 100 and figures.projects >= 50 and figures.bookings >= 300
    assert figures.hires > 0 and figures.decisions > 0 and figures.trainings > 0
    assert figures.partners > 0 and figures.submissions > 0
    for account in DEMO_ACCOUNTS:
        assert app.authenticate(account.email, PASSWORD) is not None, account.role
    projector = Projector(app, all_views())
    projector.ensure()
    projector.catch_up_all()
    with projector.db.read() as tx:
        assert Directory.count(tx) == figures.members + 1  # and the admin
        assert len(Projects.board(tx, limit=500)) > 0
        assert sum(len(Funds.applications(tx, fund_id=f.fund_id)) for f in Funds.funds(tx)) \
            == figures.applications
    assert Audit(app).verify().ok
    # The history is spread over the simulated weeks, not written "now".
    first = Audit(app).position_at(START - timedelta(weeks=29))
    assert 0 < first < projector.head()
    app.close()
