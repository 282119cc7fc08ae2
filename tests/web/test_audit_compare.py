"""Compare two moments of an entity as a readable difference: which fields changed, and the
events between the moments that changed them, each with who made it, why and what it set."""

from __future__ import annotations

import re
from datetime import timedelta

from domain.context import Context
from tests.conftest import START
from tests.web.test_pages_audit import auditor  # noqa: F401 (the fixture)
from tests.web.test_pages_funds import HX, fund


def _compare(web, entity, first, second, htmx=True):
    response = web.get(
        f"/audit/entities/{entity}?first={first}&second={second}",
        headers={**HX, "HX-Target": "compare"} if htmx else {},
    )
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text.split('id="compare"', 1)[1]))


def test_the_events_between_two_moments_say_who_why_and_what(web, filmhouse, auditor):  # noqa: F811
    fund_id = fund(filmhouse, auditor)
    filmhouse.clock.set(START + timedelta(days=1))
    filmhouse.close_fund(Context(auditor), fund_id, reason="Paused for the audit")
    first = START.strftime("%Y-%m-%dT%H:%M:%S")
    second = (START + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    text = _compare(web, fund_id, first, second)
    assert "Made by these events" in text
    events = text.split("Made by these events", 1)[1]
    assert "Fund closed" in events and "Admin Kim" in events
    assert "Why: Paused for the audit" in events and "Set:" in events
    assert "Fund opened" not in events  # before the first moment


def test_the_events_read_in_korean_and_reversed_moments_name_the_same_events(
    web,
    filmhouse,
    auditor,  # noqa: F811
):
    fund_id = fund(filmhouse, auditor)
    filmhouse.clock.set(START + timedelta(days=1))
    filmhouse.close_fund(Context(auditor), fund_id, reason="Paused")
    first = START.strftime("%Y-%m-%dT%H:%M:%S")
    second = (START + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    reversed_text = _compare(web, fund_id, second, first, htmx=False)
    assert "Why: Paused" in reversed_text
    web.cookies.set("fh_lang", "ko")
    korean = _compare(web, fund_id, first, second)
    assert "이 변경을 만든 이벤트" in korean and "사유: Paused" in korean


def test_no_event_between_lists_none(web, filmhouse, auditor):  # noqa: F811
    fund_id = fund(filmhouse, auditor)
    moment = (START + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    text = _compare(web, fund_id, moment, moment)
    assert "Nothing changed between those moments." in text
    assert "Made by these events" not in text
