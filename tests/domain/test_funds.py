"""Funds: opening, closing, and the balance. Given events, when a command, then events."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest

from domain.clock import SEOUL
from domain.context import Context
from domain.errors import Conflict, Forbidden, Invalid, NotFound
from domain.fund import BudgetExhausted, Fund, as_typed
from domain.vocabulary import FundEligibility
from tests.domain.test_subsidies import sign_up

MARCH_1 = date(2026, 3, 1)
MARCH_31 = date(2026, 3, 31)


@pytest.fixture
def admin(app) -> Context:
    return sign_up(app, "admin@filmhouse.test")


def open_march_fund(app, admin, **overrides):
    terms = {
        "name": "Short Film Fund 2026",
        "budget_krw": 10_000_000,
        "cap_krw": 3_000_000,
        "opens": MARCH_1,
        "closes": MARCH_31,
    }
    terms.update(overrides)
    return app.open_fund(admin, **terms)


def test_open_fund_by_admin_records_terms_and_defaults(app, admin):
    fund_id = open_march_fund(app, admin, eligibility="Directors of a first or second short")
    fund = app.fund(fund_id)
    assert fund.name == "Short Film Fund 2026"
    assert (fund.budget_krw, fund.cap_krw) == (10_000_000, 3_000_000)
    assert fund.opens == datetime(2026, 3, 1, tzinfo=SEOUL)
    assert fund.closes == datetime(2026, 4, 1, tzinfo=SEOUL)  # the whole of the closing day
    assert fund.criteria == [{"name": "overall", "weight": 1}]
    assert fund.min_reviews == 0
    assert (fund.committed_krw, fund.disbursed_krw, fund.remaining_krw) == (0, 0, 10_000_000)
    assert not fund.closed
    assert fund.eligibility == "Directors of a first or second short"


def test_open_fund_with_criteria_flags_and_aware_times_records_them(app, admin):
    opens = datetime(2026, 3, 2, 9, 0, tzinfo=SEOUL)
    fund_id = open_march_fund(
        app,
        admin,
        opens=opens,
        closes=datetime(2026, 3, 20, 18, 0, tzinfo=SEOUL),
        criteria=["Story", {"name": "feasibility", "weight": 2}],
        requires=["affiliated_students"],
        min_reviews=2,
    )
    fund = app.fund(fund_id)
    assert fund.opens == opens
    assert fund.closes == datetime(2026, 3, 20, 18, 0, tzinfo=SEOUL)
    assert fund.criteria == [{"name": "story", "weight": 1}, {"name": "feasibility", "weight": 2}]
    assert fund.requires == [FundEligibility.AFFILIATED_STUDENTS]
    assert fund.min_reviews == 2


def test_open_fund_by_director_is_forbidden(app):
    director = sign_up(app, "dir@example.com", "director")
    with pytest.raises(Forbidden):
        open_march_fund(app, director)


@pytest.mark.parametrize(
    "overrides",
    [
        {"cap_krw": 20_000_000},  # cap above the budget
        {"cap_krw": 0},
        {"budget_krw": -5},
        {"budget_krw": "lots"},
        {"name": ""},
        {"name": "F" * 201},
        {"closes": date(2026, 2, 1)},  # closes before it opens
        {"opens": date(2026, 2, 1), "closes": date(2026, 2, 20)},  # already past
        {"opens": datetime(2026, 3, 2, 9, 0)},  # no offset
        {"closes": "2026-03-20T18:00:00"},  # no offset
        {"closes": "next week"},
        {"criteria": []},
        {"criteria": ["story", "Story"]},
        {"criteria": [{"name": "story", "weight": 0}]},
        {"requires": ["rich_parents"]},
        {"min_reviews": -1},
        {"eligibility": "x" * 2001},
    ],
)
def test_open_fund_with_malformed_terms_is_invalid(app, admin, overrides):
    with pytest.raises(Invalid):
        open_march_fund(app, admin, **overrides)


def test_close_fund_by_admin_stops_submissions(app, admin):
    fund_id = open_march_fund(app, admin)
    app.close_fund(admin, fund_id, reason="budget moved to the autumn round")
    fund = app.fund(fund_id)
    assert fund.closed
    assert "closed" in (fund.refuses_submissions(app.clock.now()) or "")


def test_close_fund_twice_is_a_conflict(app, admin):
    fund_id = open_march_fund(app, admin)
    app.close_fund(admin, fund_id)
    with pytest.raises(Conflict):
        app.close_fund(admin, fund_id)


def test_close_fund_by_director_is_forbidden(app, admin):
    fund_id = open_march_fund(app, admin)
    director = sign_up(app, "dir@example.com", "director")
    with pytest.raises(Forbidden):
        app.close_fund(director, fund_id)
    assert not app.fund(fund_id).closed


def test_close_fund_unknown_is_not_found(app, admin):
    with pytest.raises(NotFound):
        app.close_fund(admin, uuid4())


def test_close_fund_if_due_closes_only_after_the_closing_date(app, admin, clock):
    fund_id = open_march_fund(app, admin)
    assert app.close_fund_if_due(fund_id) is False
    assert not app.fund(fund_id).closed
    clock.advance(timedelta(days=31))
    assert app.close_fund_if_due(fund_id) is True
    assert app.fund(fund_id).closed
    assert app.close_fund_if_due(fund_id) is False


def test_refuses_submissions_before_opening_and_after_closing(app, admin, clock):
    fund_id = open_march_fund(app, admin, opens=date(2026, 3, 10))
    fund = app.fund(fund_id)
    assert "opens" in (fund.refuses_submissions(clock.now()) or "")
    assert fund.refuses_submissions(datetime(2026, 3, 15, tzinfo=SEOUL)) is None
    assert "closed" in (fund.refuses_submissions(datetime(2026, 4, 1, tzinfo=SEOUL)) or "")


def _fund() -> Fund:
    return Fund.open(
        name="F",
        budget_krw=1_000,
        cap_krw=600,
        opens=datetime(2026, 3, 1, tzinfo=SEOUL),
        closes=datetime(2026, 4, 1, tzinfo=SEOUL),
        eligibility="",
        requires=[],
        criteria=[{"name": "overall", "weight": 1}],
        min_reviews=0,
    )


def test_commit_beyond_remaining_budget_is_refused_naming_the_balance():
    fund = _fund()
    fund.commit(uuid4(), 600)
    with pytest.raises(BudgetExhausted, match="400 KRW left"):
        fund.commit(uuid4(), 500)
    assert fund.committed_krw == 600


def test_commit_same_application_twice_is_a_conflict():
    fund = _fund()
    application_id = uuid4()
    fund.commit(application_id, 100)
    with pytest.raises(Conflict):
        fund.commit(application_id, 100)


def test_release_returns_the_unpaid_part_to_the_budget():
    fund = _fund()
    application_id = uuid4()
    fund.commit(application_id, 600)
    fund.disburse(application_id, 200)
    fund.release(application_id, 400, "closed early")
    assert (fund.committed_krw, fund.disbursed_krw, fund.remaining_krw) == (200, 200, 800)
    with pytest.raises(Conflict):
        fund.release(application_id, 300, "more than is left")


def test_disburse_without_approval_is_a_conflict():
    with pytest.raises(Conflict):
        _fund().disburse(uuid4(), 100)


# -- the closing day: a fund takes applications through the whole of it, Seoul time ----------


def test_apply_late_on_the_closing_day_seoul_time_is_accepted(app, admin, clock):
    from tests.domain.test_subsidies import apply, make_project

    fund_id = open_march_fund(app, admin)  # closes typed as 2026-03-31
    director = sign_up(app, "dir@example.com", "director")
    clock.set(datetime(2026, 3, 31, 23, 59, 30, tzinfo=SEOUL))
    application_id = apply(app, fund_id, director, make_project(app, director))
    assert app.subsidy_application(application_id).submitted_version == 1


def test_apply_the_day_after_the_closing_day_is_refused_naming_the_closing_day(app, admin, clock):
    from tests.domain.test_subsidies import apply, make_project

    fund_id = open_march_fund(app, admin)
    director = sign_up(app, "dir@example.com", "director")
    project_id = make_project(app, director)
    clock.set(datetime(2026, 4, 1, 0, 0, tzinfo=SEOUL))
    with pytest.raises(Conflict) as refused:
        apply(app, fund_id, director, project_id)
    assert refused.value.params["closes"] == MARCH_31
    assert refused.value.message == (
        "the fund Short Film Fund 2026 closed for applications on 2026-03-31"
    )


def test_close_fund_if_due_keeps_the_fund_open_through_its_closing_day(app, admin, clock):
    fund_id = open_march_fund(app, admin)
    clock.set(datetime(2026, 3, 31, 23, 59, 59, tzinfo=SEOUL))
    assert app.close_fund_if_due(fund_id) is False
    clock.set(datetime(2026, 3, 31, 15, 0, tzinfo=ZoneInfo("UTC")))
    assert app.close_fund_if_due(fund_id) is True  # 00:00 on 1 April in Seoul


def test_a_fund_reads_its_dates_as_typed():
    fund = _fund()
    assert as_typed(fund.opens) == date(2026, 3, 1)
    assert fund.closing_day == date(2026, 3, 31)
    at_six = datetime(2026, 3, 20, 18, 0, tzinfo=SEOUL)
    assert as_typed(at_six, closing=True) == at_six


@pytest.mark.parametrize(
    ("criteria", "says"),
    [
        ([{"name": "story", "weight": 0}], "the weight of story"),
        ([{"name": "", "weight": 1}], "criterion name"),
        (["story", "Story"], "listed twice"),
    ],
)
def test_open_fund_with_a_bad_criterion_names_the_criteria_field(app, admin, criteria, says):
    with pytest.raises(Invalid, match=says) as refused:
        open_march_fund(app, admin, criteria=criteria)
    assert refused.value.field == "criteria"
