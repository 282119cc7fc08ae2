"""The amounts every page shows for a decided application are the amounts the decision recorded
in the log: the grant where a grant is shown, the request where a request is shown, each with
its label. Several grants below their request, made through the real commands, then every page
(and the API answer) that lists them."""

from __future__ import annotations

import re
from uuid import UUID

import pytest

from domain.context import Context
from domain.subsidy import SubsidyApplication
from tests.web.test_pages_funds import HX, admin, applied, fund, join, project, sign_in

# (director, project, requested, granted or None for a rejection)
CASES = [
    ("Director Lee", "Night Bus", 8_000_000, 6_000_000),
    ("Director Cho", "Harbour Song", 5_000_000, 3_500_000),
    ("Director Yoon", "Paper Moon", 4_000_000, 4_000_000),
    ("Director Han", "Salt Road", 3_000_000, None),
]


def won(amount: int) -> str:
    return f"₩{amount:,}"


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def row_of(html: str, text: str) -> str:
    """The table row (or list item) that names `text`."""
    for found in re.finditer(r"<(tr|li)\b.*?</\1>", html, re.S):
        if text in found.group(0):
            return found.group(0)
    raise AssertionError(f"no row names {text!r}")


def cell(row: str, label: str) -> str:
    found = re.search(rf'data-label="{re.escape(label)}"[^>]*>(.*?)</td>', row, re.S)
    assert found, f"no {label!r} cell in {row!r}"
    return plain(found.group(1))


def fact(html: str, label: str) -> str:
    found = re.search(rf"<dt>{re.escape(label)}</dt>\s*<dd>(.*?)</dd>", html, re.S)
    assert found, f"no {label!r} fact"
    return plain(found.group(1))


def decided_in_the_log(filmhouse) -> dict[UUID, tuple[int, int | None]]:
    """Each decided application's (requested, granted) as its decision event recorded them."""
    out: dict[UUID, tuple[int, int | None]] = {}
    for note in filmhouse.recorder.select_notifications(start=1, limit=10_000):
        event = filmhouse.mapper.to_domain_event(note)
        if isinstance(event, SubsidyApplication.Approved):
            out[event.originator_id] = (event.requested_krw, event.amount_krw)
        elif isinstance(event, SubsidyApplication.Rejected):
            out[event.originator_id] = (event.requested_krw, None)
    return out


@pytest.fixture
def decided(filmhouse):
    """A fund, four directors' applications, three grants (two below the request) and a
    rejection, each decided through the decision command."""
    boss = admin(filmhouse)
    fund_id = fund(filmhouse, boss, budget_krw=30_000_000, cap_krw=10_000_000)
    applications = {}
    for name, title, requested, granted in CASES:
        director = join(filmhouse, name)
        application_id = applied(
            filmhouse, director, fund_id, project(filmhouse, director, title), amount=requested
        )
        filmhouse.decide_subsidy(
            Context(boss),
            application_id,
            approve=granted is not None,
            amount_krw=granted,
            reason_code="meets_criteria" if granted else "insufficient_quality",
            reason="Decided for the test.",
        )
        applications[title] = application_id
    return {"fund": fund_id, "applications": applications}


def test_every_page_shows_the_amounts_the_decisions_recorded(web, filmhouse, decided):
    log = decided_in_the_log(filmhouse)
    assert len(log) == len(CASES)
    fund_id = decided["fund"]
    for name, title, _requested, _granted in CASES:
        application_id = decided["applications"][title]
        requested, granted = log[application_id]
        shown_grant = won(granted) if granted is not None else "—"
        sign_in(web, name)
        mine = row_of(web.get("/funds").text, title)
        assert (cell(mine, "Requested"), cell(mine, "Granted")) == (won(requested), shown_grant)
        line = plain(row_of(web.get(f"/funds/{fund_id}").text, title))
        assert f"requested {won(requested)}" in line
        assert (f"granted {shown_grant}" in line) is (granted is not None)
        page = web.get(f"/applications/{application_id}").text
        assert fact(page, "Amount requested") == won(requested)
        if granted is not None:
            assert fact(page, "Amount granted") == won(granted)
            receipt = plain(web.get(f"/applications/{application_id}/receipt").text)
            assert f"Approved: {won(granted)} granted of the {won(requested)} requested" in receipt
        else:
            assert "Amount granted" not in page
    sign_in(web, "Admin Kim")
    listing = web.get(f"/admin/funds/{fund_id}").text
    for title, application_id in decided["applications"].items():
        requested, granted = log[application_id]
        row = row_of(listing, title)
        assert cell(row, "Requested") == won(requested)
        assert cell(row, "Granted") == (won(granted) if granted is not None else "—")
        console = web.get(f"/admin/applications/{application_id}", headers=HX).text
        assert fact(console, "Amount requested") == won(requested)
        assert fact(console, "Amount granted") == (won(granted) if granted is not None else "—")
    total = sum(g for _r, g in log.values() if g is not None)
    assert total == 13_500_000
    assert fact(web.get(f"/funds/{fund_id}").text, "Committed") == won(total)
    summary = web.get("/dashboard", params={"format": "csv", "table": "summary"}).text
    assert f"Subsidy approved (KRW),{total}" in summary.replace("\r", "")


def test_the_decision_api_answers_with_the_request_and_the_grant(web, filmhouse):
    boss = admin(filmhouse)
    fund_id = fund(filmhouse, boss, cap_krw=10_000_000)
    director = join(filmhouse, "Director Lee")
    application_id = applied(
        filmhouse, director, fund_id, project(filmhouse, director), amount=8_000_000
    )
    token = web.post(
        "/api/v1/auth/token",
        json={"email": "admin.kim@filmhouse.test", "password": "a-long-password"},
    ).json()["token"]
    answer = web.post(
        f"/api/v1/applications/{application_id}/decision",
        json={
            "approve": True,
            "amount_krw": 6_000_000,
            "reason_code": "meets_criteria",
            "reason": "Strong, but the post budget is high.",
        },
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "application_id": str(application_id),
        "status": "approved",
        "requested_krw": 8_000_000,
        "granted_krw": 6_000_000,
    }
