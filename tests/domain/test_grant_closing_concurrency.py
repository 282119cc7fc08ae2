"""Closing a grant while a tranche is paid: the final report and the payment land in either
order, never both on stale state. Whatever order wins, every won approved is either paid or back
in the fund's budget, and the fund never pays more than it committed. Runs on both databases."""

from __future__ import annotations

from collections import Counter

import pytest

from domain.errors import Conflict
from domain.subsidy import ApplicationStatus
from tests.domain.test_subsidies import apply, make_project, open_fund, sign_up
from tests.domain.test_subsidy_concurrency import race

APPROVED = 2_000_000
FIRST = 500_000
SECOND = 1_000_000


@pytest.fixture
def admin(app):
    return sign_up(app, "admin@filmhouse.test")


@pytest.fixture
def director(app):
    return sign_up(app, "mina@example.com", "director", university="karts")


@pytest.fixture
def fund_id(app, admin):
    return open_fund(app, admin)


@pytest.fixture
def approved_id(app, admin, director, fund_id):
    """Given an application approved for 2,000,000 won."""
    application_id = apply(app, fund_id, director, make_project(app, director))
    app.decide_subsidy(
        admin,
        application_id,
        approve=True,
        amount_krw=APPROVED,
        reason_code="meets_criteria",
        reason="Good.",
    )
    return application_id


@pytest.mark.parametrize("round_", range(3))
def test_closing_a_grant_while_a_tranche_is_paid(
    app, admin, director, fund_id, approved_id, database_url, round_
):
    # Given a grant of 2,000,000 won with 500,000 paid
    app.disburse(admin, approved_id, amount_krw=FIRST)
    outcomes: dict[str, object] = {}

    def close() -> None:
        outcomes["released"] = app.submit_final_report(
            director, approved_id, summary="Wrapped early.", spent_krw=FIRST
        )

    # When the applicant closes the grant while the admin pays a second tranche
    results = race([close, lambda: app.disburse(admin, approved_id, amount_krw=SECOND)])

    # Then the report always lands; the tranche lands only if it came first
    close_outcome, pay_outcome = results
    assert close_outcome == "ok", results
    assert pay_outcome in ("ok", "conflict"), results
    paid = FIRST + (SECOND if pay_outcome == "ok" else 0)
    application = app.subsidy_application(approved_id)
    fund = app.fund(fund_id)
    assert application.status is ApplicationStatus.CLOSED
    assert outcomes["released"] == APPROVED - paid
    assert (fund.committed_krw, fund.disbursed_krw) == (paid, paid)
    assert sum(t["amount_krw"] for t in application.tranches) == paid
    print(f"\n[{database_url.split(':')[0]}] close vs pay: {Counter(results)}")


def test_a_tranche_after_the_grant_closed_is_a_conflict(app, admin, director, approved_id):
    # Given a closed grant
    app.submit_final_report(director, approved_id, summary="Done.", spent_krw=0)
    # When the admin pays a tranche, then it is refused: the grant is closed
    with pytest.raises(Conflict, match="closed"):
        app.disburse(admin, approved_id, amount_krw=100_000)
