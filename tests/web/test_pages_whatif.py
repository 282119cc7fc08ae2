"""The admin's what-if page: a fund replayed from what it really decided, and bookings under
another quota, whole and as the htmx section."""

from __future__ import annotations

import pytest

from domain.context import Context
from tests.web.test_pages_funds import HX, admin, applied, fund, join, project, sign_in


@pytest.fixture
def decided(web, filmhouse):
    """Given a fund (cap 5,000,000) with one application granted 3,000,000 and one still
    waiting for a decision, and the admin signed in."""
    boss = admin(filmhouse)
    fund_id = fund(filmhouse, boss)
    reviewer = join(filmhouse, "Reviewer Park", roles=("crew",))
    granted = join(filmhouse, "Director Lee")
    waiting = join(filmhouse, "Director Oh")
    first = applied(filmhouse, granted, fund_id, project(filmhouse, granted))
    applied(filmhouse, waiting, fund_id, project(filmhouse, waiting, title="Salt"))
    filmhouse.assign_reviewer(Context(boss), first, reviewer)
    filmhouse.review_application(Context(reviewer), first, score=4, comment="Good")
    filmhouse.decide_subsidy(
        Context(boss),
        first,
        approve=True,
        amount_krw=3_000_000,
        reason_code="meets_criteria",
        reason="ok",
    )
    sign_in(web, "Admin Kim")
    return fund_id


@pytest.mark.parametrize("htmx", [False, True])
def test_what_if_under_the_funds_own_rule_shows_no_change(web, decided, htmx):
    response = web.get(
        f"/admin/what-if?fund_id={decided}&cap_krw=5,000,000&budget_krw=20000000",
        headers=HX if htmx else {},
    )
    assert response.status_code == 200
    assert ("<html" in response.text) is not htmx
    assert "0 would gain, 0 would lose" in response.text
    assert "Night Bus" in response.text and "Not decided yet" in response.text
    assert "₩3,000,000" in response.text and "no change" in response.text


@pytest.mark.parametrize("htmx", [False, True])
def test_what_if_with_a_lower_cap_names_the_loser(web, decided, htmx):
    response = web.get(
        f"/admin/what-if?fund_id={decided}&cap_krw=1000000", headers=HX if htmx else {}
    )
    assert response.status_code == 200
    assert "0 would gain, 1 would lose" in response.text
    assert "Director Lee" in response.text and "\N{MINUS SIGN}₩2,000,000" in response.text
    assert "The proposed cap cuts the grant" in response.text


def test_what_if_in_korean(web, decided):
    web.cookies.set("fh_lang", "ko")
    response = web.get(f"/admin/what-if?fund_id={decided}&cap_krw=1000000")
    assert "The proposed cap cuts the grant" not in response.text
    assert "Not decided yet" not in response.text and "\N{MINUS SIGN}₩2,000,000" in response.text


def test_what_if_refuses_what_is_not_a_number(web, decided):
    assert web.get(f"/admin/what-if?fund_id={decided}&cap_krw=abc").status_code == 422
    assert web.get(f"/admin/what-if?fund_id={decided}&cap_krw=0").status_code == 422
