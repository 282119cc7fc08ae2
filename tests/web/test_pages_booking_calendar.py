"""The workspace calendar as a member meets it: picking a start and an end books exactly that
span, and says so before it is booked; a refused booking says whose booking is in the way
(linking the member's own, offering no waitlist for it) and which rooms of the same kind are
free then, on the page, in its htmx fragment, in Korean and in the API's JSON; strikes show as
expired once their weeks are over; after every htmx action the regions it swapped read as a
reload does. Without JavaScript first: every cell is a plain link, every action a plain form."""

from __future__ import annotations

import html as markup
import re

import pytest

from domain.context import SYSTEM, Context
from domain.workspace import Workspace
from tests.web import test_pages_workspaces as workspaces
from tests.web.test_pages_workspaces import HX, SUITE, TOMORROW, at, book, post, sign_in

people = workspaces.people  # the workspace pages' members, as fixtures here
web = workspaces.web
SUITE_1 = Workspace.id_for("editing-suite-1")
SUITE_3 = Workspace.id_for("editing-suite-3")
CALENDAR = f"/workspaces/{SUITE}?day={TOMORROW}"


def cell_links(page: str) -> dict[str, str]:
    """Each day-grid cell's link by the time it shows."""
    grid = page[
        page.index('class="ws-grid"') : page.index("</table>", page.index('class="ws-grid"'))
    ]
    return {
        text: markup.unescape(href).split("#")[0]
        for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(\d\d:\d\d)<span', grid)
    }


def refusal_box(page: str) -> str:
    found = re.search(
        r'<div class="refusal" role="alert" id="booking-refusal">(.*?)</div>', page, re.S
    )
    assert found, "no refusal shown"
    return found.group(1)


# -- picking a span -------------------------------------------------------------------------


def test_choosing_14_then_17_books_14_to_17_without_javascript(web, filmhouse, people):
    sign_in(web, "Ann Lee")
    first = cell_links(web.get(CALENDAR).text)["14:00"]
    chosen = web.get(first).text
    second = cell_links(chosen)["17:00"]
    assert second == f"{CALENDAR}&start=14:00&end=17:00"
    page = web.get(second).text
    assert "To be booked: Editing Suite 2, 2026-03-03 (Tue) 14:00–17:00 (3 hours)." in page
    assert "Chosen: 2026-03-03 (Tue) 14:00–17:00 (3 hours)." in page
    assert '<option value="14:00" selected>' in page and '<option value="17:00" selected>' in page
    assert 'class="ws-cell ws-free ws-ends"' in page  # the line where it ends: at 17:00
    response = post(
        web, f"/workspaces/{SUITE}/bookings", {"day": TOMORROW, "start": "14:00", "end": "17:00"}
    )
    assert response.status_code == 303
    [(booking_id, start, end)] = filmhouse.taken_slots(SUITE, at(TOMORROW, "14:00").date())
    assert (start, end) == (at(TOMORROW, "14:00"), at(TOMORROW, "17:00"))
    assert filmhouse.booking(booking_id).minutes == 180
    assert "2026-03-03 (Tue) 14:00–17:00" in web.get("/my/bookings").text


def test_a_chosen_start_can_end_at_closing_time_or_where_a_booking_begins(web, filmhouse, people):
    book(filmhouse, people["bo"], "17:00", "18:00")
    sign_in(web, "Ann Lee")
    late = cell_links(web.get(f"{CALENDAR}&start=20:00&end=21:00").text)
    assert late["22:00"] == f"{CALENDAR}&start=20:00&end=22:00"
    afternoon = cell_links(web.get(f"{CALENDAR}&start=14:00&end=15:00").text)
    assert afternoon["17:00"] == f"{CALENDAR}&start=14:00&end=17:00"
    assert afternoon["18:00"] == f"{CALENDAR}&start=18:00&end=19:00"  # past the booking: a start
    assert "17:15" not in afternoon


# -- refusals -----------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_booking_over_ones_own_booking_links_it_and_offers_no_waitlist(
    web, filmhouse, people, htmx
):
    own = book(filmhouse, people["ann"], "14:00", "16:00")
    sign_in(web, "Ann Lee")
    response = post(
        web,
        f"/workspaces/{SUITE}/bookings",
        {"day": TOMORROW, "start": "15:00", "end": "17:00"},
        htmx=htmx,
    )
    assert response.status_code == 409
    box = refusal_box(response.text)
    assert (
        "You already have Editing Suite 2 booked 14:00–16:00; this time overlaps your own "
        "booking. Free at that time: Editing Suite 1, Editing Suite 3."
    ) in box
    assert f'<a href="/my/bookings#booking-{own}">See your booking in My bookings</a>' in box
    assert (
        f'href="/workspaces/{SUITE_1}?day={TOMORROW}&amp;start=15:00&amp;end=17:00#book">'
        "Book Editing Suite 1 at that time instead</a>"
    ) in box
    assert "Join the waitlist" not in response.text
    assert ("<html" in response.text) is not htmx
    assert f'id="booking-{own}"' in web.get("/my/bookings").text


@pytest.mark.parametrize("htmx", [False, True])
def test_booking_over_someone_elses_booking_offers_the_waitlist_and_free_rooms(
    web, filmhouse, people, htmx
):
    book(filmhouse, people["bo"], "14:00", "16:00")
    book(filmhouse, people["bo"], "14:00", "16:00", workspace=SUITE_1)
    sign_in(web, "Ann Lee")
    response = post(
        web,
        f"/workspaces/{SUITE}/bookings",
        {"day": TOMORROW, "start": "15:00", "end": "17:00"},
        htmx=htmx,
    )
    assert response.status_code == 409
    box = refusal_box(response.text)
    assert (
        "Editing Suite 2 is taken 14:00–16:00; free from 16:00. Free at that time: Editing Suite 3."
    ) in box
    assert "My bookings" not in box
    assert "Book Editing Suite 3 at that time instead" in box and "Editing Suite 1" not in box
    assert "Join the waitlist for 2026-03-03 (Tue) 15:00–17:00" in response.text


def test_booking_when_no_room_of_the_kind_is_free_says_so(web, filmhouse, people):
    for room in (SUITE, SUITE_1, SUITE_3):
        book(filmhouse, people["bo"], "14:00", "15:00", workspace=room)
    sign_in(web, "Ann Lee")
    response = post(
        web,
        f"/workspaces/{SUITE}/bookings",
        {"day": TOMORROW, "start": "14:00", "end": "15:00"},
        htmx=True,
    )
    assert response.status_code == 409
    assert "No other room of this kind is free at that time." in refusal_box(response.text)
    assert "at that time instead" not in response.text


@pytest.mark.parametrize("htmx", [False, True])
def test_refusals_in_korean_say_whose_booking_and_where_else(web, filmhouse, people, htmx):
    own = book(filmhouse, people["ann"], "14:00", "16:00")
    web.cookies.set("fh_lang", "ko")
    sign_in(web, "Ann Lee")
    response = post(
        web,
        f"/workspaces/{SUITE}/bookings",
        {"day": TOMORROW, "start": "15:00", "end": "17:00"},
        htmx=htmx,
    )
    box = refusal_box(response.text)
    assert (
        "14:00–16:00에 이미 Editing Suite 2을(를) 예약해 두셨습니다. 이 시간은 회원님 본인의 "
        "예약과 겹칩니다. 그 시간에 비어 있는 곳: Editing Suite 1, Editing Suite 3."
    ) in box
    assert f'<a href="/my/bookings#booking-{own}">내 예약에서 이 예약 보기</a>' in box
    assert "같은 시간에 Editing Suite 1 예약하기" in box
    assert "You already" not in response.text and "Free at that time" not in response.text
    assert "<span>22:00 문 닫는 시각</span>" in web.get(f"/workspaces/{SUITE}?day=2026-03-04").text
    ended = post(
        web,
        f"/workspaces/{SUITE}/bookings",
        {"day": TOMORROW, "start": "15:00", "end": "14:00"},
        htmx=htmx,
    )
    assert ended.status_code == 422
    assert (
        "종료 시각(2026-03-03 14:00)은 시작 시각(2026-03-03 15:00)보다 늦어야 합니다. "
        "Editing Suite 2은(는) 화요일 09:00–22:00에 엽니다."
    ) in ended.text


def test_api_refusal_carries_whose_booking_and_the_free_rooms(web, filmhouse, people):
    own = book(filmhouse, people["ann"], "14:00", "16:00")
    token = web.post(
        "/api/v1/auth/token",
        json={"email": "ann.lee@filmhouse.test", "password": "a-long-password"},
    ).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    path = f"/api/v1/workspaces/{SUITE}/bookings"
    clash = web.post(
        path,
        headers=auth,
        json={"start": f"{TOMORROW}T15:00:00+09:00", "end": f"{TOMORROW}T17:00:00+09:00"},
    )
    assert clash.status_code == 409
    body = clash.json()
    assert (body["error"], body["code"], body["field"]) == ("conflict", "slot_taken", "start")
    assert body["detail"].startswith("You already have Editing Suite 2 booked 14:00–16:00")
    params = body["params"]
    assert (params["clash"], params["own"], params["booking_id"]) == ("own_booking", True, str(own))
    assert params["alternatives"] == [
        {"workspace_id": str(SUITE_1), "name": "Editing Suite 1"},
        {"workspace_id": str(SUITE_3), "name": "Editing Suite 3"},
    ]
    backwards = web.post(
        path,
        headers=auth,
        json={"start": f"{TOMORROW}T17:00:00+09:00", "end": f"{TOMORROW}T16:00:00+09:00"},
    )
    assert backwards.status_code == 422
    assert (backwards.json()["code"], backwards.json()["field"]) == ("ends_before_start", "end")
    assert (backwards.json()["params"]["opens"], backwards.json()["params"]["closes"]) == (
        "09:00",
        "22:00",
    )


# -- my bookings: a plain list, and strikes that expire ---------------------------------------


def test_my_bookings_is_a_plain_list_not_highlighted_as_yours(web, filmhouse, people):
    book(filmhouse, people["ann"], "14:00", "15:00")
    sign_in(web, "Ann Lee")
    page = web.get("/my/bookings").text
    assert 'id="my-bookings" class="ws-my-bookings"' in page
    assert "ws-mine" not in page
    assert "ws-mine" in web.get(CALENDAR).text  # the calendar still marks the own booking


def test_a_strike_shows_in_force_for_its_four_weeks_then_expired(web, filmhouse, clock, people):
    booking = book(filmhouse, people["ann"], "14:00", "15:00")
    clock.set(at(TOMORROW, "14:20"))
    filmhouse.release_no_show(SYSTEM, booking)
    sign_in(web, "Ann Lee")
    page = web.get("/my/bookings").text
    assert "<strong>In force</strong>" in page
    assert "in force until 2026-04-05 (Sun)" in page
    assert "Why should this strike be lifted?" in page
    clock.set(at("2026-04-06", "09:00"))
    page = web.get("/my/bookings").text
    assert "<strong>Expired</strong>" in page and "In force" not in page
    assert "Expired on 2026-04-06 (Mon): it no longer lowers your quota." in page
    assert "Why should this strike be lifted?" not in page
    assert "You have 12 of 12 hours left this week." in page
    web.cookies.set("fh_lang", "ko")
    assert "<strong>만료됨</strong>" in web.get("/my/bookings").text


# -- after an htmx action, what a reload shows ------------------------------------------------


def _same_as_reload(web, fragment: str, path: str) -> None:
    def plain(text: str) -> str:
        return re.sub(r'<p class="ws-notice" role="status">[^<]*</p>', "", text)

    reload = web.get(path, headers=HX)
    assert reload.status_code == 200
    assert plain(fragment) == plain(reload.text)


def test_booking_with_htmx_shows_the_calendar_a_reload_shows(web, people):
    sign_in(web, "Ann Lee")
    web.get(f"{CALENDAR}&start=14:00&end=17:00", headers=HX)
    response = post(
        web,
        f"/workspaces/{SUITE}/bookings",
        {"day": TOMORROW, "start": "14:00", "end": "17:00"},
        htmx=True,
    )
    assert response.status_code == 200
    assert response.headers["HX-Replace-Url"] == CALENDAR
    assert "Booked." in response.text and "To be booked" not in response.text
    assert "You have 9 of 12 hours left this week." in response.text
    _same_as_reload(web, response.text, response.headers["HX-Replace-Url"])


def test_joining_the_waitlist_with_htmx_shows_what_a_reload_shows(web, filmhouse, people):
    book(filmhouse, people["bo"], "14:00", "16:00")
    sign_in(web, "Ann Lee")
    response = post(
        web,
        f"/workspaces/{SUITE}/waitlist",
        {"day": TOMORROW, "start": "14:00", "end": "15:00"},
        htmx=True,
    )
    assert response.status_code == 200 and "You are on the waitlist." in response.text
    _same_as_reload(web, response.text, response.headers["HX-Replace-Url"])


def _offered(filmhouse, people):
    booking = book(filmhouse, people["bo"], "14:00", "16:00")
    entry = filmhouse.join_waitlist(
        Context(people["ann"]), SUITE, start=at(TOMORROW, "14:00"), end=at(TOMORROW, "15:00")
    )
    filmhouse.cancel_booking(Context(people["bo"]), booking)
    return entry


@pytest.mark.parametrize("action", ["cancel", "check-in", "accept", "decline", "leave", "appeal"])
def test_my_bookings_action_with_htmx_shows_what_a_reload_shows(
    web, filmhouse, clock, people, action
):
    if action in ("accept", "decline"):
        path = f"/my/waitlist/{_offered(filmhouse, people)}/{action}"
    elif action == "leave":
        book(filmhouse, people["bo"], "14:00", "16:00")
        entry = filmhouse.join_waitlist(
            Context(people["ann"]), SUITE, start=at(TOMORROW, "14:00"), end=at(TOMORROW, "15:00")
        )
        path = f"/my/waitlist/{entry}/leave"
    elif action == "appeal":
        booking = book(filmhouse, people["ann"], "14:00", "15:00")
        clock.set(at(TOMORROW, "14:20"))
        path = f"/my/strikes/{filmhouse.release_no_show(SYSTEM, booking)}/appeal"
    else:
        booking = book(filmhouse, people["ann"], "14:00", "15:00")
        if action == "check-in":
            clock.set(at(TOMORROW, "13:50"))
        path = f"/my/bookings/{booking}/{action}"
    sign_in(web, "Ann Lee")
    before = web.get("/my/bookings", headers=HX).text
    response = post(web, path, {"reason": "A fire alarm closed the building."}, htmx=True)
    assert response.status_code == 200, response.text
    assert response.text != before
    _same_as_reload(web, response.text, "/my/bookings")
