"""The grant's final report on the application's page: the applicant closes an approved grant
with a summary and what was spent; the part approved but never paid goes back to the fund, which
the fund's ledger shows as released."""

from __future__ import annotations

import pytest

from domain.context import Context
from tests.web.test_pages_funds import PASSWORD, applied, join, post, setting, sign_in

__all__ = ["setting"]


@pytest.fixture
def approved(filmhouse, setting):
    """Given an application approved for 2,500,000 won, 1,000,000 of it paid out."""
    application_id = applied(filmhouse, setting["director"], setting["fund"], setting["project"])
    boss = Context(setting["admin"])
    filmhouse.decide_subsidy(
        boss,
        application_id,
        approve=True,
        amount_krw=2_500_000,
        reason_code="meets_criteria",
        reason="A clear plan.",
    )
    filmhouse.disburse(boss, application_id, amount_krw=1_000_000, note="first")
    return application_id


def report(web, application_id, data, htmx=False):
    return post(
        web,
        f"/applications/{application_id}/final-report",
        data,
        htmx=htmx,
        page=f"/applications/{application_id}",
    )


def test_the_applicant_sees_the_report_form_with_what_goes_back(web, approved):
    sign_in(web, "Director Lee")
    html = web.get(f"/applications/{approved}").text
    assert 'id="final-report-form"' in html and "₩1,500,000" in html


@pytest.mark.parametrize("htmx", [False, True])
def test_the_final_report_closes_the_grant_and_returns_the_unpaid_part(
    web, filmhouse, setting, approved, htmx
):
    sign_in(web, "Director Lee")
    response = report(
        web, approved, {"summary": "Shot in nine days.", "spent_krw": "1,000,000"}, htmx
    )
    assert response.status_code == (200 if htmx else 303)
    html = web.get(f"/applications/{approved}").text
    assert "Grant closed" in html and "Shot in nine days." in html
    assert 'id="final-report-form"' not in html
    assert "Returned to the fund" in html and "₩1,500,000" in html
    fund = filmhouse.fund(setting["fund"])
    assert (fund.committed_krw, fund.disbursed_krw) == (1_000_000, 1_000_000)
    ledger = web.get(f"/funds/{setting['fund']}").text
    assert "Released" in ledger


def test_a_report_without_words_or_with_a_bad_amount_says_so_inline(web, approved):
    sign_in(web, "Director Lee")
    response = report(web, approved, {"summary": " ", "spent_krw": "lots"}, htmx=True)
    assert response.status_code == 422
    assert "whole number" in response.text and "in a few words" in response.text


def test_a_second_report_is_a_conflict(web, filmhouse, setting, approved):
    filmhouse.submit_final_report(
        Context(setting["director"]), approved, summary="Done.", spent_krw=0
    )
    sign_in(web, "Director Lee")
    response = report(web, approved, {"summary": "Again.", "spent_krw": "0"})
    assert response.status_code == 409


def test_someone_else_cannot_report(web, filmhouse, approved):
    join(filmhouse, "Other Director")
    sign_in(web, "Other Director")
    assert report(web, approved, {"summary": "Mine.", "spent_krw": "0"}).status_code == 403


def test_the_report_form_is_korean_on_a_korean_page(web, approved):
    sign_in(web, "Director Lee")
    web.cookies.set("fh_lang", "ko")
    html = web.get(f"/applications/{approved}").text
    assert "최종 보고서를 제출하고 지원을 종료하기" in html


def test_the_api_closes_the_grant_for_its_applicant(web, filmhouse, setting, approved):
    token = web.post(
        "/api/v1/auth/token", json={"email": "director.lee@filmhouse.test", "password": PASSWORD}
    ).json()["token"]
    stranger = join(filmhouse, "Other Director")
    assert stranger
    response = web.post(
        f"/api/v1/applications/{approved}/final-report",
        json={"summary": "Shot.", "spent_krw": 900_000},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["released_krw"] == 1_500_000
