"""Workspace pages: the list, the calendar with slot picking and booking, waitlists, desks by the
month, screening-room requests, and "my bookings" (cancel, check-in, offers, strikes, .ics),
whole and as htmx fragments."""

from __future__ import annotations

import re
from datetime import datetime
from uuid import UUID

import pytest

from domain.context import SYSTEM, Context
from domain.workspace import Workspace

PASSWORD = "a-long-password"
HX = {"HX-Request": "true"}
SUITE = Workspace.id_for("editing-suite-2")
SCREENING = Workspace.id_for("screening-room")
OFFICE = Workspace.id_for("shared-office")
TOMORROW = "2026-03-03"  # the test clock stands at Monday 2026-03-02 10:00 in Seoul


def csrf(web, path: str = "/signin") -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', web.get(path).text)
    assert found, path
    return found.group(1)


def email_of(name: str) -> str:
    return f"{name.lower().replace(' ', '.')}@filmhouse.test"


def join(filmhouse, name: str, roles=("crew",)) -> UUID:
    return filmhouse.sign_up(
        Context(None), email=email_of(name), password=PASSWORD, name=name, roles=list(roles)
    )


def sign_in(web, name: str) -> None:
    response = web.post(
        "/signin",
        data={"_csrf_token": csrf(web), "email": email_of(name), "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def post(web, path: str, data: dict | None = None, htmx: bool = False):
    return web.post(
        path,
        data={"_csrf_token": csrf(web, "/workspaces"), **(data or {})},
        headers=HX if htmx else {},
        follow_redirects=False,
    )


def at(day: str, clock: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}:00+09:00")


def book(
    filmhouse, member: UUID, start: str, end: str, day: str = TOMORROW, workspace: UUID = SUITE
) -> UUID:
    return filmhouse.book_workspace(
        Context(member), workspace, start=at(day, start), end=at(day, end)
    )


@pytest.fixture
def people(filmhouse):
    admin = filmhouse.create_admin(email=email_of("Admin Kim"), password=PASSWORD, name="Admin Kim")
    return {
        "admin": admin,
        "ann": join(filmhouse, "Ann Lee"),
        "bo": join(filmhouse, "Bo Park", roles=("director",)),
        "partner": join(filmhouse, "Pat Partner", roles=("partner",)),
    }


@pytest.fixture
def web(people, web):
    """The members exist before the app starts, so its first catch-up sees them."""
    return web


# -- /workspaces ---------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_workspaces_lists_rooms_with_hours_and_equipment(web, htmx):
    response = web.get("/workspaces", headers=HX if htmx else {})
    assert response.status_code == 200
    html = response.text
    assert "Editing Suite 2" in html and "Adobe Premiere Pro" in html
    assert "Every day 09:00–22:00" in html
    assert "Screening Room" in html and "Shared Office" in html
    assert ("<html" in html) is not htmx


def test_workspaces_in_korean(web):
    web.cookies.set("fh_lang", "ko")
    response = web.get("/workspaces")
    assert "작업 공간" in response.text
    assert "편집실" in response.text


# -- the calendar -------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_calendar_shows_day_grid_to_anyone_with_sign_in_link(web, htmx):
    response = web.get(f"/workspaces/{SUITE}?day={TOMORROW}", headers=HX if htmx else {})
    assert response.status_code == 200
    html = response.text
    assert 'id="workspace-calendar"' in html
    assert "2026-03-03 (Tue)" in html
    assert f"/workspaces/{SUITE}?day={TOMORROW}&amp;start=14:00&amp;end=15:00" in html
    assert "Sign in to book" in html
    assert ("<html" in html) is not htmx


def test_calendar_unknown_workspace_is_404(web):
    response = web.get("/workspaces/00000000-0000-0000-0000-000000000001")
    assert response.status_code == 404


def test_calendar_slot_picking_fills_the_form_and_offers_ends(web, people):
    sign_in(web, "Ann Lee")
    response = web.get(f"/workspaces/{SUITE}?day={TOMORROW}&start=14:00&end=15:00", headers=HX)
    html = response.text
    assert response.status_code == 200
    assert "Chosen: 2026-03-03 (Tue) 14:00–15:00" in html
    assert '<option value="14:00" selected>' in html
    assert '<option value="15:00" selected>' in html
    # a later free cell keeps the start and moves the end
    assert f"day={TOMORROW}&amp;start=14:00&amp;end=16:30" in html
    assert "ws-chosen" in html
    assert "You have 12 of 12 hours left in the week of 2026-03-02." not in html
    assert "You have 12 of 12 hours left this week." in html


def test_calendar_pick_stops_at_a_booking(web, filmhouse, people):
    book(filmhouse, people["bo"], "16:00", "17:00")
    sign_in(web, "Ann Lee")
    html = web.get(f"/workspaces/{SUITE}?day={TOMORROW}&start=14:00&end=15:00").text
    assert "start=14:00&amp;end=16:00" in html  # up to the booking's start, not past it
    assert "start=14:00&amp;end=16:15" not in html
    assert "start=14:00&amp;end=17:15" not in html
    # clicking 15:30 with nothing chosen proposes up to the booking only
    html = web.get(f"/workspaces/{SUITE}?day={TOMORROW}").text
    assert "start=15:30&amp;end=16:00" in html


def test_calendar_shows_booked_to_members_and_names_to_admins(web, filmhouse, people):
    book(filmhouse, people["bo"], "14:00", "16:00")
    sign_in(web, "Ann Lee")
    html = web.get(f"/workspaces/{SUITE}?day={TOMORROW}").text
    assert "booked" in html and "Bo Park" not in html
    web.post("/signout", data={"_csrf_token": csrf(web, "/workspaces")})
    sign_in(web, "Admin Kim")
    html = web.get(f"/workspaces/{SUITE}?day={TOMORROW}").text
    assert "Bo Park" in html


def test_calendar_marks_own_booking_as_yours(web, filmhouse, people):
    book(filmhouse, people["ann"], "14:00", "15:00")
    sign_in(web, "Ann Lee")
    html = web.get(f"/workspaces/{SUITE}?day={TOMORROW}").text
    assert "ws-mine" in html and "yours" in html
    assert "You have 11 of 12 hours left this week." in html


@pytest.mark.parametrize("htmx", [False, True])
def test_calendar_week_view(web, filmhouse, people, htmx):
    book(filmhouse, people["bo"], "14:00", "15:00")
    book(filmhouse, people["bo"], "14:00", "14:30", day="2026-03-04")
    response = web.get(f"/workspaces/{SUITE}?day={TOMORROW}&view=week", headers=HX if htmx else {})
    assert response.status_code == 200
    html = response.text
    assert "Week of 2026-03-02 (Mon)" in html
    assert "2026-03-08 (Sun)" in html
    assert 'class="ws-cell ws-booked">booked' in html  # 14:00–15:00 on Tuesday
    assert "partly free" in html  # 14:00–14:30 on Wednesday
    assert ("<html" in html) is not htmx


# -- booking ------------------------------------------------------------------------------------


def test_book_without_js_redirects_to_calendar_with_notice(web, filmhouse, people):
    sign_in(web, "Ann Lee")
    response = post(
        web, f"/workspaces/{SUITE}/bookings", {"day": TOMORROW, "start": "14:00", "end": "16:00"}
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/workspaces/{SUITE}?day={TOMORROW}&notice=booked"
    html = web.get(response.headers["location"]).text
    assert "Booked." in html
    assert "You have 10 of 12 hours left this week." in html
    assert "Editing Suite 2" in web.get("/my/bookings").text


def test_book_with_htmx_returns_the_updated_calendar(web, people):
    sign_in(web, "Ann Lee")
    response = post(
        web,
        f"/workspaces/{SUITE}/bookings",
        {"day": TOMORROW, "start": "14:00", "end": "15:00"},
        htmx=True,
    )
    assert response.status_code == 200
    html = response.text
    assert "<html" not in html and 'id="workspace-calendar"' in html
    assert "Booked." in html and "ws-mine" in html


@pytest.mark.parametrize("htmx", [False, True])
def test_book_taken_slot_says_why_and_offers_the_waitlist(web, filmhouse, people, htmx):
    book(filmhouse, people["bo"], "14:00", "16:00")
    book(filmhouse, people["ann"], "10:00", "16:00", day="2026-03-04")
    sign_in(web, "Ann Lee")
    response = post(
        web,
        f"/workspaces/{SUITE}/bookings",
        {"day": TOMORROW, "start": "14:00", "end": "15:00"},
        htmx=htmx,
    )
    assert response.status_code == 409
    html = response.text
    assert "Editing Suite 2 is taken 14:00–16:00; free from 16:00." in html
    assert "You have 6 of 12 hours left this week." in html
    assert "Join the waitlist" in html
    assert f'action="/workspaces/{SUITE}/waitlist"' in html
    assert ("<html" in html) is not htmx


def test_book_over_quota_says_hours_left(web, filmhouse, people):
    book(filmhouse, people["ann"], "09:00", "17:00", day="2026-03-04")
    sign_in(web, "Ann Lee")
    response = post(
        web, f"/workspaces/{SUITE}/bookings", {"day": TOMORROW, "start": "09:00", "end": "14:00"}
    )
    assert response.status_code == 409
    assert "You have 4 of 12 hours left this week; this booking needs 5." in response.text


def test_book_missing_times_is_422_with_inline_errors(web, people):
    sign_in(web, "Ann Lee")
    response = post(web, f"/workspaces/{SUITE}/bookings", {"day": TOMORROW, "start": "", "end": ""})
    assert response.status_code == 422
    assert 'id="book-start-error"' in response.text and "Choose a start time." in response.text
    response = post(
        web, f"/workspaces/{SUITE}/bookings", {"day": TOMORROW, "start": "15:00", "end": "14:00"}
    )
    assert response.status_code == 422
    found = re.search(r'<p id="book-end-error" class="error">([^<]*)</p>', response.text)
    assert found and found.group(1) == (
        "The end (2026-03-03 14:00) must come after the start (2026-03-03 15:00). "
        "Editing Suite 2 is open 09:00–22:00 on Tuesdays."
    )


def test_book_refusals_for_anonymous_partner_and_unknown_room(web, people):
    response = post(
        web, f"/workspaces/{SUITE}/bookings", {"day": TOMORROW, "start": "14:00", "end": "15:00"}
    )
    assert response.status_code == 401
    sign_in(web, "Pat Partner")
    assert "Your roles do not include booking." in web.get(f"/workspaces/{SUITE}").text
    response = post(
        web, f"/workspaces/{SUITE}/bookings", {"day": TOMORROW, "start": "14:00", "end": "15:00"}
    )
    assert response.status_code == 403
    web.post("/signout", data={"_csrf_token": csrf(web, "/workspaces")})
    sign_in(web, "Ann Lee")
    response = post(
        web,
        "/workspaces/00000000-0000-0000-0000-000000000001/bookings",
        {"day": TOMORROW, "start": "14:00", "end": "15:00"},
    )
    assert response.status_code == 404


def test_join_waitlist_then_see_place_in_my_bookings(web, filmhouse, people):
    book(filmhouse, people["bo"], "14:00", "16:00")
    sign_in(web, "Ann Lee")
    response = post(
        web, f"/workspaces/{SUITE}/waitlist", {"day": TOMORROW, "start": "14:00", "end": "15:00"}
    )
    assert response.status_code == 303
    assert response.headers["location"].endswith("notice=waitlisted")
    html = web.get("/my/bookings").text
    assert "Number 1 in line" in html and "Leave the waitlist" in html


def test_join_waitlist_for_a_free_slot_is_refused(web, people):
    sign_in(web, "Ann Lee")
    response = post(
        web,
        f"/workspaces/{SUITE}/waitlist",
        {"day": TOMORROW, "start": "14:00", "end": "15:00"},
        htmx=True,
    )
    assert response.status_code == 409
    assert "book it instead of waiting" in response.text


def test_screening_room_takes_a_request_two_weeks_ahead(web, filmhouse, people):
    sign_in(web, "Bo Park")
    page = web.get(f"/workspaces/{SCREENING}").text
    assert "2026-03-16" in page  # opens on the first day that can be asked for
    assert "Send the request" in page
    response = post(
        web,
        f"/workspaces/{SCREENING}/bookings",
        {"day": "2026-03-05", "start": "14:00", "end": "16:00"},
    )
    assert response.status_code == 409
    assert "at least 14 days ahead" in response.text
    response = post(
        web,
        f"/workspaces/{SCREENING}/bookings",
        {"day": "2026-03-20", "start": "14:00", "end": "16:00"},
    )
    assert response.status_code == 303
    assert response.headers["location"].endswith("notice=requested")
    html = web.get("/my/bookings").text
    assert "Awaiting approval" in html and "answered by" in html


@pytest.mark.parametrize("htmx", [False, True])
def test_shared_office_lets_desks_by_the_month(web, people, htmx):
    sign_in(web, "Ann Lee")
    page = web.get(f"/workspaces/{OFFICE}", headers=HX if htmx else {}).text
    assert "Desks by month" in page and "Take a desk" in page
    response = post(web, f"/workspaces/{OFFICE}/bookings", {"month": "2026-04"}, htmx=htmx)
    if htmx:
        assert response.status_code == 200
        assert "Your desk is booked for the month." in response.text
    else:
        assert response.status_code == 303
    assert "You hold a desk." in web.get(f"/workspaces/{OFFICE}").text
    again = post(web, f"/workspaces/{OFFICE}/bookings", {"month": "2026-04"})
    assert again.status_code == 409
    assert "You already hold a desk" in again.text


def test_shared_office_full_month_offers_the_waitlist(web, filmhouse, people):
    for n in range(12):
        member = join(filmhouse, f"Desk Holder {n}")
        filmhouse.book_desk(Context(member), OFFICE, month=datetime(2026, 4, 1).date())
    sign_in(web, "Ann Lee")
    page = web.get(f"/workspaces/{OFFICE}").text
    assert "12 / 12" in page
    response = post(web, f"/workspaces/{OFFICE}/waitlist", {"month": "2026-04"})
    assert response.status_code == 303
    assert "Number 1 in line" in web.get("/my/bookings").text


def _refusals(html: str) -> list[str]:
    """The refusals a page shows, as text."""
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()
        for found in re.finditer(r'class="refusal"[^>]*>(.*?)</(?:p|div)>', html, re.S)
    ]


@pytest.mark.parametrize("htmx", [False, True])
def test_a_korean_reader_joins_a_waitlist_in_korean(web, filmhouse, people, htmx):
    book(filmhouse, people["bo"], "14:00", "16:00")
    web.cookies.set("fh_lang", "ko")
    sign_in(web, "Ann Lee")
    slot = {"day": TOMORROW, "start": "14:00", "end": "15:00"}
    joined = post(web, f"/workspaces/{SUITE}/waitlist", slot, htmx=htmx)
    shown = joined if htmx else web.get(joined.headers["location"])
    assert "대기자 명단에 올랐습니다." in shown.text
    assert "You are on the waitlist" not in shown.text
    again = post(web, f"/workspaces/{SUITE}/waitlist", slot, htmx=htmx)
    assert again.status_code == 409
    assert _refusals(again.text) == [
        "Editing Suite 2 14:00–15:00 대기 명단에 이미 올라 있습니다(대기 1번)."
    ]


@pytest.mark.parametrize("htmx", [False, True])
def test_a_korean_reader_finds_a_month_full_and_waits_for_a_desk_in_korean(
    web, filmhouse, people, htmx
):
    for n in range(12):
        member = join(filmhouse, f"Desk Holder {n}")
        filmhouse.book_desk(Context(member), OFFICE, month=datetime(2026, 4, 1).date())
    web.cookies.set("fh_lang", "ko")
    sign_in(web, "Ann Lee")
    full = post(web, f"/workspaces/{OFFICE}/bookings", {"month": "2026-04"}, htmx=htmx)
    assert full.status_code == 409
    assert _refusals(full.text)[0] == (
        "2026년 04월 Shared Office의 책상 12개가 모두 나갔습니다. 다른 달을 고르거나 대기 명단에 "
        "올려 주세요."
    )
    assert "April" not in full.text
    joined = post(web, f"/workspaces/{OFFICE}/waitlist", {"month": "2026-04"}, htmx=htmx)
    shown = joined if htmx else web.get(joined.headers["location"])
    assert "대기자 명단에 올랐습니다." in shown.text
    again = post(web, f"/workspaces/{OFFICE}/waitlist", {"month": "2026-04"}, htmx=htmx)
    assert again.status_code == 409
    assert "(대기 1번)." in _refusals(again.text)[0]
    assert "in line" not in again.text


@pytest.mark.parametrize("path", ["bookings", "waitlist"])
@pytest.mark.parametrize("month", ["", "2026-13", "April"])
def test_a_desk_form_without_a_real_month_is_refused_and_books_nothing(
    web, filmhouse, people, path, month
):
    sign_in(web, "Ann Lee")
    head = filmhouse.recorder.max_notification_id()
    response = post(web, f"/workspaces/{OFFICE}/{path}", {"month": month})
    assert response.status_code == 422
    assert "Choose a month." in response.text
    assert filmhouse.recorder.max_notification_id() == head


# -- /my/bookings -------------------------------------------------------------------------------


def test_my_bookings_needs_sign_in(web):
    assert web.get("/my/bookings").status_code == 401
    assert web.get("/my/bookings.ics").status_code == 401


@pytest.mark.parametrize("htmx", [False, True])
def test_my_bookings_lists_upcoming_with_check_in_time(web, filmhouse, people, htmx):
    book(filmhouse, people["ann"], "14:00", "15:00")
    sign_in(web, "Ann Lee")
    response = web.get("/my/bookings", headers=HX if htmx else {})
    assert response.status_code == 200
    html = response.text
    assert "Editing Suite 2" in html and "2026-03-03 (Tue) 14:00–15:00" in html
    assert "Check-in opens at 13:45" in html
    assert "/check-in" not in html
    assert "Cancel booking" in html
    assert ("<html" in html) is not htmx


@pytest.mark.parametrize("htmx", [False, True])
def test_check_in_from_fifteen_minutes_before(web, filmhouse, clock, people, htmx):
    booking = book(filmhouse, people["ann"], "14:00", "15:00")
    sign_in(web, "Ann Lee")
    clock.set(at(TOMORROW, "13:50"))
    html = web.get("/my/bookings").text
    assert f"/my/bookings/{booking}/check-in" in html
    response = post(web, f"/my/bookings/{booking}/check-in", htmx=htmx)
    if htmx:
        assert response.status_code == 200 and "You are checked in." in response.text
    else:
        assert response.status_code == 303
    assert "checked in at 13:50" in web.get("/my/bookings").text


def test_check_in_too_early_is_refused_inline(web, filmhouse, people):
    booking = book(filmhouse, people["ann"], "14:00", "15:00")
    sign_in(web, "Ann Lee")
    response = post(web, f"/my/bookings/{booking}/check-in")
    assert response.status_code == 409
    assert "check-in opens at 13:45" in response.text


@pytest.mark.parametrize("htmx", [False, True])
def test_cancel_own_booking_returns_hours(web, filmhouse, people, htmx):
    booking = book(filmhouse, people["ann"], "14:00", "16:00")
    sign_in(web, "Ann Lee")
    response = post(web, f"/my/bookings/{booking}/cancel", htmx=htmx)
    if htmx:
        assert response.status_code == 200
        assert "The booking is cancelled" in response.text and "<html" not in response.text
    else:
        assert response.status_code == 303
        assert response.headers["location"] == "/my/bookings?notice=cancelled"
    html = web.get("/my/bookings").text
    assert "Cancelled" in html
    assert "You have 12 of 12 hours left this week." in html


def test_cancel_someone_elses_booking_is_403(web, filmhouse, people):
    booking = book(filmhouse, people["bo"], "14:00", "16:00")
    sign_in(web, "Ann Lee")
    assert post(web, f"/my/bookings/{booking}/cancel").status_code == 403
    missing = "00000000-0000-0000-0000-000000000002"
    assert post(web, f"/my/bookings/{missing}/cancel").status_code == 404


def _offered(filmhouse, people) -> UUID:
    """Bo holds 14:00–16:00, Ann waits for 14:00–15:00, Bo cancels: Ann has an offer."""
    booking = book(filmhouse, people["bo"], "14:00", "16:00")
    entry = filmhouse.join_waitlist(
        Context(people["ann"]), SUITE, start=at(TOMORROW, "14:00"), end=at(TOMORROW, "15:00")
    )
    filmhouse.cancel_booking(Context(people["bo"]), booking)
    return entry


@pytest.mark.parametrize("htmx", [False, True])
def test_accept_a_standing_offer(web, filmhouse, people, htmx):
    entry = _offered(filmhouse, people)
    sign_in(web, "Ann Lee")
    html = web.get("/my/bookings").text
    assert "Offered to you" in html
    assert "The offer stands until 2026-03-02 (Mon) 12:00." in html
    response = post(web, f"/my/waitlist/{entry}/accept", htmx=htmx)
    assert response.status_code == (200 if htmx else 303)
    html = web.get("/my/bookings").text
    assert "Confirmed" in html and "Offered to you" not in html


def test_decline_an_offer(web, filmhouse, people):
    entry = _offered(filmhouse, people)
    sign_in(web, "Ann Lee")
    response = post(web, f"/my/waitlist/{entry}/decline")
    assert response.status_code == 303
    assert "Declined" in web.get("/my/bookings").text


def test_offer_of_another_member_is_refused(web, filmhouse, people):
    entry = _offered(filmhouse, people)
    sign_in(web, "Bo Park")
    response = post(web, f"/my/waitlist/{entry}/accept")
    assert response.status_code == 403
    assert "this offer was made to another member" in response.text


def test_leave_the_waitlist(web, filmhouse, people):
    book(filmhouse, people["bo"], "14:00", "16:00")
    entry = filmhouse.join_waitlist(
        Context(people["ann"]), SUITE, start=at(TOMORROW, "14:00"), end=at(TOMORROW, "15:00")
    )
    sign_in(web, "Ann Lee")
    response = post(web, f"/my/waitlist/{entry}/leave", htmx=True)
    assert response.status_code == 200
    assert "You have left the waitlist." in response.text


def _struck(filmhouse, clock, people) -> UUID:
    booking = book(filmhouse, people["ann"], "14:00", "15:00")
    clock.set(at(TOMORROW, "14:20"))
    return filmhouse.release_no_show(SYSTEM, booking)


@pytest.mark.parametrize("htmx", [False, True])
def test_appeal_a_strike_with_a_reason(web, filmhouse, clock, people, htmx):
    strike = _struck(filmhouse, clock, people)
    sign_in(web, "Ann Lee")
    html = web.get("/my/bookings").text
    assert "No-show" in html and "Why should this strike be lifted?" in html
    response = post(web, f"/my/strikes/{strike}/appeal", {"reason": ""}, htmx=htmx)
    assert response.status_code == 422
    assert "Say why the strike should be lifted" in response.text
    response = post(
        web,
        f"/my/strikes/{strike}/appeal",
        {"reason": "The building was closed by a fire alarm."},
        htmx=htmx,
    )
    assert response.status_code == (200 if htmx else 303)
    html = web.get("/my/bookings").text
    assert "Appeal under review" in html and "fire alarm" in html


def test_appeal_of_another_members_strike_is_403(web, filmhouse, clock, people):
    strike = _struck(filmhouse, clock, people)
    sign_in(web, "Bo Park")
    response = post(web, f"/my/strikes/{strike}/appeal", {"reason": "Not mine to appeal."})
    assert response.status_code == 403


def test_ics_download(web, filmhouse, people):
    book(filmhouse, people["ann"], "14:00", "15:00")
    sign_in(web, "Ann Lee")
    response = web.get("/my/bookings.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert "attachment" in response.headers["content-disposition"]
    assert response.text.startswith("BEGIN:VCALENDAR")
    assert "SUMMARY:Editing Suite 2" in response.text
    assert "DTSTART:20260303T050000Z" in response.text


def test_times_shown_are_seoul_times(web, filmhouse, people):
    filmhouse.book_workspace(
        Context(people["ann"]),
        SUITE,
        start=datetime.fromisoformat("2026-03-03T05:00:00+00:00"),
        end=datetime.fromisoformat("2026-03-03T06:00:00+00:00"),
    )
    sign_in(web, "Ann Lee")
    assert "2026-03-03 (Tue) 14:00–15:00" in web.get("/my/bookings").text
