"""The admin's partners section: suspend a verified partner with a reason (its open calls close
and leave the board) and reinstate it (the calls stay closed until the partner reopens them
from its postings)."""

from __future__ import annotations

import pytest

from tests.web.test_pages_bridge import bridge, opportunity
from tests.web.test_pages_projects import HX, post, sign_in

__all__ = ["bridge"]


@pytest.fixture
def call(filmhouse, bridge):
    """Given the verified partner's open call on the board."""
    return opportunity(filmhouse, bridge["partner"], title="Spring shorts slate")


@pytest.mark.parametrize("htmx", [False, True])
def test_suspending_closes_the_calls_and_takes_them_off_the_board(
    web, filmhouse, bridge, call, htmx
):
    sign_in(web, "admin@filmhouse.test")
    assert "Spring shorts slate" in web.get("/opportunities").text
    section = web.get("/admin/partners").text
    assert "Han River Pictures" in section and f"/admin/partners/{bridge['org']}/suspend" in section
    response = post(
        web, f"/admin/partners/{bridge['org']}/suspend", {"reason": "Unpaid work."}, htmx=htmx
    )
    assert response.status_code == (200 if htmx else 303), response.text
    assert filmhouse.opportunity(call).closed
    assert "Spring shorts slate" not in web.get("/opportunities").text
    section = web.get("/admin/partners").text
    assert "Suspended: Unpaid work." in section
    assert f"/admin/partners/{bridge['org']}/reinstate" in section


def test_suspending_needs_a_reason_and_only_once(web, filmhouse, bridge, call):
    sign_in(web, "admin@filmhouse.test")
    path = f"/admin/partners/{bridge['org']}/suspend"
    assert post(web, path, {"reason": ""}, htmx=True).status_code == 422
    assert post(web, path, {"reason": "Unpaid work."}).status_code == 303
    assert post(web, path, {"reason": "Again."}, htmx=True).status_code == 409


def test_reinstated_partner_reopens_its_call_from_its_postings(web, filmhouse, bridge, call):
    sign_in(web, "admin@filmhouse.test")
    post(web, f"/admin/partners/{bridge['org']}/suspend", {"reason": "Unpaid work."})
    # the partner cannot reopen while suspended
    sign_in(web, "partner@filmhouse.test")
    refused = post(web, f"/scout/opportunities/{call}/reopen", htmx=True)
    assert refused.status_code == 403
    sign_in(web, "admin@filmhouse.test")
    assert post(web, f"/admin/partners/{bridge['org']}/reinstate").status_code == 303
    assert filmhouse.opportunity(call).closed
    assert "Spring shorts slate" not in web.get("/opportunities").text
    sign_in(web, "partner@filmhouse.test")
    scout = web.get("/scout").text
    assert f"/scout/opportunities/{call}/reopen" in scout
    response = post(web, f"/scout/opportunities/{call}/reopen", htmx=True)
    assert response.status_code == 200, response.text
    assert not filmhouse.opportunity(call).closed
    assert "Spring shorts slate" in web.get("/opportunities").text


def test_the_section_is_korean_on_a_korean_page(web, bridge, call):
    sign_in(web, "admin@filmhouse.test")
    web.cookies.set("fh_lang", "ko")
    html = web.get("/admin/partners", headers=HX).text
    assert "인증된 파트너" in html and "정지 이유" in html
