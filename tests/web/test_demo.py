"""The demo generator writes a believable history through the real commands, and its last
chapter, dated from the moment the demo is loaded, leaves each demo account something to do."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

import pytest

from domain.clock import SEOUL, SettableClock, SystemClock, seoul_date, seoul_time, week_start
from domain.filmhouse import FilmHouse
from domain.vocabulary import WorkspaceKind
from projections.log.eventstore import open_application
from projections.projector.catalogue import all_views
from projections.projector.runner import Projector
from projections.views.audit import Audit
from projections.views.bridge import Bridge
from projections.views.calendar import Calendar
from projections.views.directory import Directory
from projections.views.funds import Funds
from projections.views.projects import Projects
from projections.views.trainings import Trainings
from tests.conftest import FAST_ARGON2, SECRET
from web.demo import generate
from web.demo.base import PASSWORD, Figures
from web.demo.cast import DEMO_ACCOUNTS

MEMBERS, WEEKS = 120, 30  # the short demo the browser tests load


@dataclass(frozen=True)
class Loaded:
    app: FilmHouse
    projector: Projector
    figures: Figures
    started: datetime

    def member(self, role: str) -> UUID:
        email = next(a.email for a in DEMO_ACCOUNTS if a.role == role)
        found = self.app.member_by_email(email)
        assert found is not None, role
        return found.id


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loaded]:
    """The short demo, loaded now (its history starts 30 weeks ago), with every view caught up."""
    ago = SystemClock().now().astimezone(SEOUL) - timedelta(weeks=WEEKS)
    started = seoul_time(
        ago.date() - timedelta(days=ago.weekday()), datetime.min.time()
    ) + timedelta(hours=9)
    url = f"sqlite:///{tmp_path_factory.mktemp('demo')}/filmhouse.sqlite"
    app = open_application(url, secret=SECRET, clock_=SettableClock(started), passwords=FAST_ARGON2)
    app.seed_universities()
    app.seed_workspaces()
    figures = generate(app, members=MEMBERS, weeks=WEEKS, say=lambda line: None)
    projector = Projector(app, all_views())
    projector.ensure()
    projector.catch_up_all()
    try:
        yield Loaded(app, projector, figures, started)
        if os.environ.get("FILMHOUSE_FREEZE_INTO"):  # the demo's events join the frozen samples
            from tests.migrations.freeze import collect

            collect(app, os.environ["FILMHOUSE_FREEZE_INTO"])
    finally:
        app.close()


def test_demo_writes_weeks_of_life_that_every_view_can_show(demo: Loaded) -> None:
    figures, app = demo.figures, demo.app
    assert figures.members >= 100 and figures.projects >= 50 and figures.bookings >= 300
    assert figures.hires > 0 and figures.decisions > 0 and figures.trainings > 0
    assert figures.partners > 0 and figures.submissions > 0
    for account in DEMO_ACCOUNTS:
        assert app.authenticate(account.email, PASSWORD) is not None, account.role
    with demo.projector.db.read() as tx:
        assert Directory.count(tx) == figures.members + 1  # and the admin
        assert len(Projects.board(tx, limit=500)) > 0
        assert (
            sum(len(Funds.applications(tx, fund_id=f.fund_id)) for f in Funds.funds(tx))
            == figures.applications
        )
    assert Audit(app).verify().ok
    # The history is spread over the simulated weeks, not written "now".
    first = Audit(app).position_at(demo.started + timedelta(weeks=1))
    assert 0 < first < demo.projector.head()


def test_demo_leaves_a_fund_open_today_with_work_for_the_reviewer_and_the_admin(
    demo: Loaded,
) -> None:
    now = SystemClock().now()
    with demo.projector.db.read() as tx:
        open_now = [
            f
            for f in Funds.funds(tx)
            if not f.closed
            and seoul_date(datetime.fromisoformat(f.opens))
            <= seoul_date(now)
            < seoul_date(datetime.fromisoformat(f.closes))
        ]
        assert open_now
        fund = open_now[0]
        queue = Funds.review_queue(tx, demo.member("reviewer"))
        awaiting = [
            a
            for a in Funds.applications(tx, fund_id=fund.fund_id)
            if a.status == "submitted" and a.reviews >= fund.min_reviews
        ]
    assert [a for a in queue if a.fund_id == fund.fund_id]
    assert awaiting


def test_demo_partner_has_waiting_submissions_on_an_open_call(demo: Loaded) -> None:
    now = SystemClock().now()
    with demo.projector.db.read() as tx:
        partner = Bridge.partner_of(tx, demo.member("partner"))
        assert partner is not None and partner.status == "verified"
        waiting = Bridge.pipeline(tx, partner.partner_id)["submitted"]
        calls = [Bridge.opportunity(tx, s.opportunity_id) for s in waiting]
    assert [c for c in calls if c is not None and c.status == "open" and c.deadline > now]


def test_demo_crew_member_is_invited_and_the_director_has_a_role_to_fill(demo: Loaded) -> None:
    crew, director = demo.member("crew"), demo.member("director")
    with demo.projector.db.read() as tx:
        invited = Projects.pipeline(tx, member_id=crew, status="pending")
        own = [
            p
            for p in Projects.directed_by(tx, director)
            if p.status in ("pitched", "crewing") and p.open_seats > 0
        ]
        asked = {
            i.project_id
            for p in own
            for i in Projects.pipeline(tx, project_id=p.project_id)
            if i.kind == "invitation" and i.status == "pending"
        }
    assert len([i for i in invited if i.kind == "invitation"]) >= 2
    assert asked


def test_demo_leaves_bookings_this_week_and_next_and_free_slots_in_an_editing_suite(
    demo: Loaded,
) -> None:
    now = SystemClock().now()
    next_monday = week_start(now) + timedelta(days=7)
    next_week = [next_monday + timedelta(days=n) for n in range(7)]
    suites = [w for w in demo.app.workspaces() if w.kind is WorkspaceKind.EDITING_SUITE]
    free = [(w.name, day) for w in suites for day in next_week if demo.app.free_slots(w.id, day)]
    assert free
    with demo.projector.db.read() as tx:
        for role in ("director", "crew"):
            upcoming = Calendar.my_bookings(tx, demo.member(role), now).upcoming
            assert [b for b in upcoming if week_start(b.start) == next_monday], role
        assert Calendar.my_waitlist(tx, demo.member("crew"))


def test_demo_has_a_training_with_free_seats_and_a_newcomer_who_fits_an_open_role(
    demo: Loaded,
) -> None:
    now = SystemClock().now()
    with demo.projector.db.read() as tx:
        assert [t for t in Trainings.trainings(tx, starting_from=now) if t.seats_free > 0]
        cinematographers = Directory.search(tx, role="crew", skill="cinematography", limit=5000)
        newcomers = [
            m
            for m in cinematographers
            if m.skills.get("cinematography") == 4
            and not Trainings.credits(tx, m.member_id)
            and not Projects.crewed_by(tx, m.member_id)
            and datetime.fromisoformat(m.joined) > now - timedelta(days=7)
        ]
        pages = [
            Projects.page(tx, p.project_id) for p in Projects.board(tx, open_roles=True, limit=500)
        ]
        open_roles = [
            r
            for page in pages
            if page is not None
            for r in page.roles
            if r.role == "cinematographer" and r.open_seats > 0 and r.start > seoul_date(now)
        ]
    assert newcomers
    assert open_roles


def test_demo_holds_one_of_every_kind_of_thing(demo: Loaded) -> None:
    with demo.projector.db.read() as tx:
        projects = {r[0] for r in tx.execute("SELECT DISTINCT status FROM prj_projects").fetchall()}
        applications = {a.status for a in Funds.applications(tx)}
        pipeline = Projects.pipeline(tx)
        partners = Bridge.partners(tx)
        deals = Bridge.deals(tx)
        appeals = Calendar.appeals(tx)
        waitlisted = tx.scalar("SELECT COUNT(*) FROM cal_waitlist")
        opportunities = [o for p in partners for o in Bridge.postings_of(tx, p.partner_id)]
    assert projects == {"draft", "pitched", "crewing", "in_production", "wrapped", "cancelled"}
    assert applications == {"draft", "submitted", "approved", "rejected", "closed"}
    assert {i.kind for i in pipeline} == {"invitation", "application"}
    assert {p.status for p in partners} >= {"verified", "pending"}
    assert opportunities and deals and appeals and waitlisted


def test_demo_director_sees_a_partner_with_an_open_call_on_every_pitched_project(
    demo: Loaded,
) -> None:
    from projections.graph.feeder import GraphFeeder
    from web.partner_recommend import partners_for_project

    director = demo.member("director")
    feeder = GraphFeeder(demo.app)
    with demo.projector.db.read() as tx:
        pitched = [
            p.project_id
            for p in Projects.directed_by(tx, director)
            if p.status in ("pitched", "crewing", "in_production")
        ]
        without_a_call = [
            project_id
            for project_id in pitched
            if not any(
                s.open_calls
                for s in partners_for_project(tx, feeder, project_id=project_id, limit=5)
            )
        ]
    assert pitched and not without_a_call
