"""The admin's training page: change a training's capacity (the waitlist promoted in order, the
promoted member told; below the members enrolled is a 409 naming both numbers) and cancel it
with a reason (every member enrolled or waiting told in their inbox)."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from domain.clock import SEOUL
from domain.context import Context
from tests.conftest import START
from tests.web.test_pages_funds import HX, admin, join, post, sign_in


@pytest.fixture
def setting(web, filmhouse):
    """Given a training of one seat: Crew Han enrolled, Crew Oh then Crew Yun waiting."""
    boss = admin(filmhouse)
    starts = (START + timedelta(days=7)).astimezone(SEOUL)
    training_id = filmhouse.schedule_training(
        Context(boss),
        title="Colour grading",
        description="Grading a short on one monitor.",
        skill="colour grading",
        capacity=1,
        starts=starts,
        ends=starts + timedelta(hours=3),
    )
    crew = {
        name: join(filmhouse, name, roles=("crew",)) for name in ("Crew Han", "Crew Oh", "Crew Yun")
    }
    for member in crew.values():
        filmhouse.enrol(Context(member), training_id)
    sign_in(web, "Admin Kim")
    return {"training": training_id, **crew}


def inbox_of(web, name: str) -> str:
    web.cookies.clear()
    sign_in(web, name)
    return web.get("/inbox").text


@pytest.mark.parametrize("htmx", [False, True])
def test_more_seats_go_to_the_waitlist_in_order_and_the_member_is_told(
    web, filmhouse, setting, htmx
):
    link = f"/admin/trainings/{setting['training']}"
    response = post(web, f"{link}/capacity", {"capacity": "2"}, htmx=htmx, page=link)
    assert response.status_code == (200 if htmx else 303), response.text
    training = filmhouse.training(setting["training"])
    assert training.capacity == 2
    assert set(training.enrolled) == {setting["Crew Han"], setting["Crew Oh"]}
    assert list(training.waitlist) == [setting["Crew Yun"]]
    assert "A seat in Colour grading is yours" in inbox_of(web, "Crew Oh")
    assert "A seat in Colour grading" not in inbox_of(web, "Crew Yun")


def test_fewer_seats_than_members_enrolled_is_a_409_with_both_numbers(web, filmhouse, setting):
    link = f"/admin/trainings/{setting['training']}"
    post(web, f"{link}/capacity", {"capacity": "2"}, page=link)
    response = post(web, f"{link}/capacity", {"capacity": "1"}, htmx=True, page=link)
    assert response.status_code == 409
    assert "2 members are enrolled; the capacity cannot go down to 1" in response.text
    response = post(web, f"{link}/capacity", {"capacity": "none"}, htmx=True, page=link)
    assert response.status_code == 422


def test_cancel_with_a_reason_tells_every_member_enrolled_or_waiting(web, filmhouse, setting):
    link = f"/admin/trainings/{setting['training']}"
    response = post(web, f"{link}/cancel", {"reason": ""}, htmx=True, page=link)
    assert response.status_code == 422
    response = post(web, f"{link}/cancel", {"reason": "The trainer is ill."}, page=link)
    assert response.status_code == 303
    page = web.get(link).text
    assert "The trainer is ill." in page and 'action="' + link + '/cancel"' not in page
    for name in ("Crew Han", "Crew Oh", "Crew Yun"):
        assert "The training Colour grading is cancelled: The trainer is ill." in inbox_of(
            web, name
        ), name


def test_cancelling_twice_is_a_conflict(web, filmhouse, setting):
    link = f"/admin/trainings/{setting['training']}"
    post(web, f"{link}/cancel", {"reason": "Ill."}, page=link)
    response = post(web, f"{link}/cancel", {"reason": "Again."}, htmx=True, page=link)
    assert response.status_code == 409


def test_the_forms_are_korean_on_a_korean_page(web, setting):
    web.cookies.set("fh_lang", "ko")
    html = web.get(f"/admin/trainings/{setting['training']}", headers=HX).text
    assert "정원 변경" in html and "교육 취소" in html


def test_only_admins_change_or_cancel(web, filmhouse, setting):
    web.cookies.clear()
    sign_in(web, "Crew Han")
    link = f"/admin/trainings/{setting['training']}"
    assert post(web, f"{link}/capacity", {"capacity": "5"}).status_code == 403
    assert post(web, f"{link}/cancel", {"reason": "mine"}).status_code == 403
    assert filmhouse.training(UUID(str(setting["training"]))).capacity == 1
