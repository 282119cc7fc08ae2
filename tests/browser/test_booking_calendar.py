"""The workspace calendar in Chromium, clicked as a person clicks it: a start, then the time it
should end at, books exactly that span (as My bookings and the log then show it); a clash with
one's own booking says so, links to it and offers no waitlist; a clash with someone else's offers
the waitlist; both name the free rooms of the same kind at that time."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from domain.clock import SEOUL
from tests.browser.conftest import account, sign_in
from tests.browser.test_journeys import PASSWORD, _given_member, _open_calendar

pytestmark = pytest.mark.browser

ROOM = "Editing Suite 1"


def _logged(page: Any, booking_id: str) -> dict[str, Any]:
    """The booking's Made event as the auditor's export of the log shows it."""
    auditor = account("auditor")
    sign_in(page, auditor.email, auditor.password)
    answer = page.request.get(f"/audit/entities/{booking_id}/export?format=json")
    assert answer.status == 200, answer.text()
    made = [e for e in json.loads(answer.text()) if e["type"].split(".")[-1] == "Made"]
    assert len(made) == 1, made
    return dict(made[0]["data"])


def test_crew_picks_14_then_17_and_books_exactly_14_to_17(new_page: Any) -> None:
    day = datetime.now(SEOUL).date() + timedelta(days=84)
    page = new_page()
    crew = _given_member(page, "Han Editor", ["crew"], {"editing": 4})
    sign_in(page, crew.email, PASSWORD)
    _open_calendar(page, ROOM, day)
    grid = page.locator("table.ws-grid")

    grid.get_by_role("link", name="14:00 free").click()
    expect(page.get_by_role("status")).to_contain_text("14:00–15:00")
    grid.get_by_role("link", name="17:00 end here").click()
    # Before confirming, the page says what will be booked.
    expect(page.get_by_role("status")).to_contain_text("14:00–17:00 (3 hours)")
    expect(page.locator("#booking-form")).to_contain_text(f"To be booked: {ROOM}")
    expect(page.locator("#booking-form")).to_contain_text("14:00–17:00 (3 hours)")
    expect(grid.locator("td.ws-chosen")).to_have_count(12)
    expect(page.get_by_label("End", exact=True)).to_have_value("17:00")
    page.get_by_role("button", name="Book this time").click()
    expect(page.get_by_role("status")).to_contain_text("Booked")
    expect(grid.locator("td.ws-mine")).to_have_count(12)
    expect(page).to_have_url(re.compile(rf"day={day.isoformat()}$"))

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My bookings").click()
    row = page.get_by_role("row").filter(has_text=ROOM)
    expect(row).to_contain_text(f"{day.isoformat()}")
    expect(row).to_contain_text("14:00–17:00")
    action = row.locator("form[action$='/cancel']").get_attribute("action") or ""
    booking_id = action.split("/")[3]

    made = _logged(new_page(), booking_id)
    assert datetime.fromisoformat(made["start"]) == datetime(
        day.year, day.month, day.day, 14, tzinfo=SEOUL
    )
    assert datetime.fromisoformat(made["end"]) == datetime(
        day.year, day.month, day.day, 17, tzinfo=SEOUL
    )
    assert made["minutes"] == 180


def test_a_clash_with_ones_own_booking_and_with_someone_elses(new_page: Any) -> None:
    day = datetime.now(SEOUL).date() + timedelta(days=85)
    page = new_page()
    crew = _given_member(page, "Go Editor", ["crew"], {"editing": 3})
    crew.call(
        page,
        f"/workspaces/{_room_id(page)}/bookings",
        {"start": f"{day}T14:00:00+09:00", "end": f"{day}T16:00:00+09:00"},
    )
    sign_in(page, crew.email, PASSWORD)
    _open_calendar(page, ROOM, day)
    page.get_by_label("Start", exact=True).select_option("15:00")
    page.get_by_label("End", exact=True).select_option("17:00")
    page.get_by_role("button", name="Book this time").click()
    refusal = page.locator("#book").get_by_role("alert")
    expect(refusal).to_contain_text(f"You already have {ROOM} booked 14:00–16:00")
    expect(refusal).to_contain_text("overlaps your own booking")
    expect(page.get_by_role("button", name="Join the waitlist")).to_have_count(0)
    refusal.get_by_role("link", name="See your booking in My bookings").click()
    expect(page.get_by_role("heading", name="My bookings", level=1)).to_be_visible()
    expect(page.locator("tr:target")).to_contain_text("14:00–16:00")

    rival = new_page()
    other = _given_member(rival, "Min Editor", ["crew"], {"editing": 3})
    sign_in(rival, other.email, PASSWORD)
    _open_calendar(rival, ROOM, day)
    rival.get_by_label("Start", exact=True).select_option("15:00")
    rival.get_by_label("End", exact=True).select_option("17:00")
    rival.get_by_role("button", name="Book this time").click()
    refusal = rival.locator("#book").get_by_role("alert")
    expect(refusal).to_contain_text(f"{ROOM} is taken 14:00–16:00; free from 16:00.")
    expect(rival.get_by_role("button", name="Join the waitlist")).to_be_visible()
    # The rooms of the same kind free then are named, each a link to its calendar at that time.
    expect(refusal).to_contain_text(
        re.compile(
            r"Free at that time: Editing Suite|No other room of this kind is free at that time"
        )
    )
    elsewhere = refusal.get_by_role("link", name=re.compile(r"^Book Editing Suite \d"))
    if elsewhere.count():
        name = (elsewhere.first.text_content() or "").split("Book ")[1].split(" at that")[0]
        elsewhere.first.click()
        expect(rival.get_by_role("heading", name=name, level=1)).to_be_visible()
        expect(rival.locator("#booking-form")).to_contain_text("15:00–17:00 (2 hours)")


def _room_id(page: Any) -> str:
    rooms = page.request.get("/api/v1/workspaces").json()
    return str(next(r["workspace_id"] for r in rooms if r["name"] == ROOM))
