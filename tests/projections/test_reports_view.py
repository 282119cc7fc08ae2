"""Dashboard figures and the fairness view, from real commands."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.clock import seoul_time
from domain.university import University
from domain.vocabulary import ReasonCode
from projections.projector.runner import Projector
from projections.views.exposure import ESTABLISHED, NEWCOMERS, ExposureCounter, exposure_fairness
from projections.views.projects import Projects
from projections.views.reports import Reports
from tests.conftest import START, sign_up
from tests.domain.test_subsidies import apply, make_project, open_fund


@pytest.fixture
def projector(app):
    app.seed_workspaces()
    p = Projector(app, [Reports(), Projects()])
    p.ensure()
    return p


def test_summary_utilisation_and_fairness(app, admin, projector):
    cau = University.id_for("cau")
    mina = sign_up(app, "mina@example.com", "director", university="cau")
    joon = sign_up(app, "joon@example.com", "director", university="karts")
    crew = sign_up(app, "crew@example.com", "crew", university="cau")
    suite = next(w for w in app.workspaces() if w.name == "Editing Suite 1")
    tomorrow = START.date() + timedelta(days=1)
    start = seoul_time(tomorrow, START.timetz().replace(hour=10, tzinfo=None))
    app.book_workspace(crew, suite.id, start=start, end=start + timedelta(hours=3))
    cancelled = app.book_workspace(
        crew, suite.id, start=start + timedelta(hours=4), end=start + timedelta(hours=5)
    )
    app.cancel_booking(crew, cancelled, "plans changed")

    fund_id = open_fund(app, admin, budget_krw=10_000_000, cap_krw=5_000_000)
    first = apply(
        app,
        fund_id,
        mina,
        make_project(app, mina),
        amount=4_000_000,
        breakdown=[{"item": "camera", "amount_krw": 4_000_000}],
    )
    second = apply(
        app,
        fund_id,
        joon,
        make_project(app, joon, title="Salt"),
        amount=3_000_000,
        breakdown=[{"item": "sound", "amount_krw": 3_000_000}],
    )
    app.decide_subsidy(
        admin,
        first,
        approve=True,
        amount_krw=4_000_000,
        reason_code=ReasonCode.MEETS_CRITERIA,
        reason="Strong plan.",
    )
    app.decide_subsidy(
        admin, second, approve=False, reason_code=ReasonCode.INCOMPLETE, reason="No schedule."
    )
    app.disburse(admin, first, amount_krw=1_000_000, note="first tranche")
    projector.catch_up_all()

    with projector.db.read() as tx:
        centre = Reports.summary(tx)
        assert (centre.members, centre.bookings, centre.booked_hours) == (4, 1, 3.0)
        assert (centre.requested_krw, centre.approved_krw, centre.disbursed_krw) == (
            7_000_000,
            4_000_000,
            1_000_000,
        )
        assert (centre.applications, centre.approvals, centre.projects_pitched) == (2, 1, 2)
        at_cau = Reports.summary(tx, university_id=cau)
        assert (at_cau.members, at_cau.approved_krw, at_cau.booked_hours) == (2, 4_000_000, 3.0)

        use = {u.name: u for u in Reports.utilisation(tx, START, START + timedelta(days=7))}
        assert use["Editing Suite 1"].booked_hours == 3.0
        assert use["Editing Suite 1"].open_hours == 91.0
        assert use["Editing Suite 2"].booked_hours == 0.0

        lines = {line.group: line for line in Reports.fairness(tx)}
        assert lines["Chung-Ang University"].approval_rate == 1.0
        assert lines["Korea National University of Arts"].approved_krw == 0
        assert lines["First-time applicants"].applications == 2
        assert sum(
            line.share_of_approved_krw
            for line in Reports.fairness(tx)
            if "applicants" not in line.group
        ) == pytest.approx(1.0)
        by_uni = {u.name: u for u in Reports.universities(tx)}
        assert by_uni["Chung-Ang University"].members == 2
        assert by_uni["Chung-Ang University"].approved_krw == 4_000_000
        assert [p.value for p in Reports.monthly(tx, "members")] == [4.0]
        assert date.fromisoformat(Reports.monthly(tx, "approved_krw")[0].month + "-01")


def test_exposure_counts_each_appearance_under_the_status_it_was_shown_with(app, projector):
    mina = sign_up(app, "mina@example.com", "crew", university="cau").actor
    joon = sign_up(app, "joon@example.com", "crew", university="karts").actor
    projector.catch_up_all()
    counter = ExposureCounter(projector.db, batch=1)
    counter.shown([mina, joon], newcomers={mina})
    counter.shown([mina, joon], newcomers={mina})
    counter.shown([mina], newcomers=set())  # mina's second film is known now
    counter.shown([mina, joon])  # a kept page served again: as each was last ranked
    with projector.db.read() as tx:
        lines = [(x.group, x.members, x.shown, x.share) for x in exposure_fairness(tx)]
    assert lines == [
        (NEWCOMERS, 1, 2, 0.286),
        (ESTABLISHED, 2, 5, 0.714),
        ("Chung-Ang University", 1, 4, 0.571),
        ("Korea National University of Arts", 1, 3, 0.429),
    ]


def test_exposure_counts_from_before_newcomers_were_told_apart_are_set_aside(app, projector):
    with projector.db.write() as tx:
        tx.execute(
            "CREATE TABLE exposure_counts (day TEXT NOT NULL, member_id TEXT NOT NULL, "
            "shown BIGINT NOT NULL, PRIMARY KEY (day, member_id))"
        )
        tx.execute("INSERT INTO exposure_counts VALUES ('2026-03-01', 'abc', 7)")
    counter = ExposureCounter(projector.db, batch=1)
    member = sign_up(app, "mina@example.com", "crew").actor
    counter.shown([member], newcomers={member})
    ExposureCounter(projector.db)  # a second start changes nothing
    with projector.db.read() as tx:
        assert tx.execute("SELECT * FROM exposure_counts_v1").fetchall() == [
            ("2026-03-01", "abc", 7)
        ]
        assert tx.execute("SELECT newcomer, shown FROM exposure_counts").fetchall() == [(1, 1)]
        assert [(x.group, x.shown) for x in exposure_fairness(tx)] == [
            (NEWCOMERS, 1),
            (ESTABLISHED, 0),
            ("Outside the network", 1),
        ]
