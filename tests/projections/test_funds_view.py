"""The fund ledger, decision receipts and review queues, from real commands."""

from __future__ import annotations

import pytest

from domain.vocabulary import ReasonCode
from projections.projector.runner import Projector
from projections.views.funds import Funds
from tests.conftest import sign_up
from tests.domain.test_subsidies import apply, make_project, open_fund


@pytest.fixture
def projector(app):
    p = Projector(app, [Funds()])
    p.ensure()
    return p


def test_ledger_receipt_and_queue_follow_the_grant(app, admin, projector):
    fund_id = open_fund(app, admin, min_reviews=1)
    director = sign_up(app, "mina@example.com", "director", university="karts")
    project_id = make_project(app, director)
    application_id = apply(app, fund_id, director, project_id, amount=2_000_000)
    reviewer = sign_up(app, "rev@example.com", "crew", university="cau")
    app.assign_reviewer(admin, application_id, reviewer.actor)
    projector.catch_up_all()
    with projector.db.read() as tx:
        assert [a.application_id for a in Funds.review_queue(tx, reviewer.actor)] == [
            application_id
        ]
    app.review_application(reviewer, application_id, score=4, comment="Clear plan.")
    app.decide_subsidy(
        admin,
        application_id,
        approve=True,
        amount_krw=1_500_000,
        reason_code=ReasonCode.MEETS_CRITERIA,
        reason="Strong, costed plan.",
    )
    app.disburse(admin, application_id, amount_krw=500_000, note="first tranche")
    projector.catch_up_all()
    with projector.db.read() as tx:
        assert Funds.review_queue(tx, reviewer.actor) == []
        fund = Funds.fund(tx, fund_id)
        assert (fund.committed_krw, fund.disbursed_krw, fund.remaining_krw) == (
            1_500_000,
            500_000,
            8_500_000,
        )
        assert [line.kind for line in Funds.ledger(tx, fund_id)] == [
            "opened",
            "committed",
            "disbursed",
        ]
        row = Funds.application(tx, application_id)
        assert (row.status, row.approved_krw, row.disbursed_krw, row.reviews) == (
            "approved",
            1_500_000,
            500_000,
            1,
        )
        receipt = row.decision
        assert receipt["reason_code"] == "meets_criteria" and receipt["reviews"] == 1
        assert receipt["decided_by"] == admin.actor.hex and receipt["version"] == 1
        live = [tx.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in Funds.TABLES]
    projector.rebuild()
    with projector.db.read() as tx:
        assert [
            tx.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in Funds.TABLES
        ] == live


def test_versions_tranches_and_conflicts_are_read_from_the_view(app, admin, projector):
    fund_id = open_fund(app, admin)
    director = sign_up(app, "mina@example.com", "director", university="karts")
    project_id = make_project(app, director)
    application_id = apply(app, fund_id, director, project_id, amount=2_000_000)
    app.revise_application(
        director,
        application_id,
        amount_krw=1_000_000,
        breakdown=[{"item": "Camera", "amount_krw": 1_000_000}],
    )
    colleague = sign_up(app, "rev@example.com", "crew", university="karts")
    app.assign_reviewer(admin, application_id, colleague.actor, override_reason="the only one")
    app.decide_subsidy(
        admin,
        application_id,
        approve=True,
        amount_krw=1_000_000,
        reason_code=ReasonCode.MEETS_CRITERIA,
        reason="Costed.",
    )
    app.disburse(admin, application_id, amount_krw=400_000, note="first")
    projector.catch_up_all()
    with projector.db.read() as tx:
        assert [(v.version, v.amount_krw) for v in Funds.versions(tx, application_id)] == [
            (2, 1_000_000),
            (1, 2_000_000),
        ]
        assert [(t.tranche, t.amount_krw, t.note) for t in Funds.tranches(tx, application_id)] == [
            (1, 400_000, "first")
        ]
        [reviewer] = Funds.reviewers(tx, application_id)
        assert reviewer.conflicts == ({"code": "same_university", "params": {}},)
