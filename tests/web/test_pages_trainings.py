"""Training pages: the list with seats and waitlists, one training with its sessions, enrolment
(a seat or a numbered waitlist place) and withdrawal, whole and as htmx fragments."""

from __future__ import annotations

import re
from datetime import datetime
from uuid import UUID

import pytest

from domain.context import Context

PASSWORD = "a-long-password"
HX = {"HX-Request": "true"}


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


def post(web, path: str, htmx: bool = False):
    return web.post(
        path,
        data={"_csrf_token": csrf(web, "/trainings")},
        headers=HX if htmx else {},
        follow_redirects=False,
    )


@pytest.fixture
def setting(filmhouse):
    admin = filmhouse.create_admin(email=email_of("Admin Kim"), password=PASSWORD, name="Admin Kim")
    training = filmhouse.schedule_training(
        Context(admin),
        title="AI-assisted editing",
        description="Rough cuts with AI tools.",
        skill="AI editing",
        capacity=1,
        sessions=[
            (
                datetime.fromisoformat("2026-03-10T14:00:00+09:00"),
                datetime.fromisoformat("2026-03-10T17:00:00+09:00"),
            ),
            (
                datetime.fromisoformat("2026-03-17T14:00:00+09:00"),
                datetime.fromisoformat("2026-03-17T17:00:00+09:00"),
            ),
        ],
    )
    return {
        "admin": admin,
        "training": training,
        "ann": join(filmhouse, "Ann Lee"),
        "bo": join(filmhouse, "Bo Park", roles=("director",)),
    }


@pytest.fixture
def web(setting, web):
    """The training and members exist before the app starts."""
    return web


@pytest.mark.parametrize("htmx", [False, True])
def test_trainings_list_shows_seats_and_waitlist(web, setting, htmx):
    response = web.get("/trainings", headers=HX if htmx else {})
    assert response.status_code == 200
    html = response.text
    assert "AI-assisted editing" in html and "AI editing" in html
    assert "1 of 1 free" in html
    assert "2026-03-10 (Tue) 14:00" in html
    assert "My enrolments" not in html  # not signed in
    assert ("<html" in html) is not htmx


def test_trainings_list_in_korean(web, setting):
    web.cookies.set("fh_lang", "ko")
    html = web.get("/trainings").text
    assert "예정된 교육" in html and "1석 중 1석 남음" in html


@pytest.mark.parametrize("htmx", [False, True])
def test_training_page_shows_sessions_and_sign_in(web, setting, htmx):
    response = web.get(f"/trainings/{setting['training']}", headers=HX if htmx else {})
    assert response.status_code == 200
    html = response.text
    assert "2026-03-10 (Tue) 14:00–17:00" in html and "2026-03-17 (Tue) 14:00–17:00" in html
    assert "0 taken, 1 free of 1" in html and "nobody waiting" in html
    assert "Sign in to enrol" in html
    assert ("<html" in html) is not htmx


def test_training_unknown_is_404(web, setting):
    assert web.get("/trainings/00000000-0000-0000-0000-000000000003").status_code == 404
    sign_in(web, "Ann Lee")
    assert post(web, "/trainings/00000000-0000-0000-0000-000000000003/enrol").status_code == 404


def test_enrol_needs_sign_in(web, setting):
    assert post(web, f"/trainings/{setting['training']}/enrol").status_code == 401
    assert post(web, f"/trainings/{setting['training']}/withdraw").status_code == 401


def test_enrol_without_js_then_listed_in_my_enrolments(web, setting):
    sign_in(web, "Ann Lee")
    training = setting["training"]
    assert "Enrol</button>" in web.get(f"/trainings/{training}").text
    response = post(web, f"/trainings/{training}/enrol")
    assert response.status_code == 303
    assert response.headers["location"] == f"/trainings/{training}?notice=enrolled"
    html = web.get(response.headers["location"]).text
    assert "You are enrolled. See you at the first session." in html
    assert "1 taken, 0 free of 1" in html
    assert "Withdraw from the training" in html
    listing = web.get("/trainings").text
    assert "My enrolments" in listing and "Enrolled" in listing


@pytest.mark.parametrize("htmx", [False, True])
def test_enrol_when_full_puts_member_on_the_waitlist(web, filmhouse, setting, htmx):
    filmhouse.enrol(Context(setting["ann"]), setting["training"])
    sign_in(web, "Bo Park")
    page = web.get(f"/trainings/{setting['training']}").text
    assert "Join the waitlist" in page and "you would be number 1 in line" in page
    response = post(web, f"/trainings/{setting['training']}/enrol", htmx=htmx)
    if htmx:
        assert response.status_code == 200 and "<html" not in response.text
        html = response.text
    else:
        assert response.status_code == 303
        html = web.get(response.headers["location"]).text
    assert "so you are on its waitlist" in html
    assert "You are number 1 on the waitlist." in html
    assert "Waitlist, number 1" in web.get("/trainings").text


def test_enrol_twice_is_refused_inline(web, filmhouse, setting):
    filmhouse.enrol(Context(setting["ann"]), setting["training"])
    sign_in(web, "Ann Lee")
    response = post(web, f"/trainings/{setting['training']}/enrol", htmx=True)
    assert response.status_code == 409
    assert "you are already enrolled in this training" in response.text
    assert 'id="training"' in response.text


@pytest.mark.parametrize("htmx", [False, True])
def test_withdraw_passes_the_seat_on(web, filmhouse, setting, htmx):
    filmhouse.enrol(Context(setting["ann"]), setting["training"])
    filmhouse.enrol(Context(setting["bo"]), setting["training"])
    sign_in(web, "Ann Lee")
    response = post(web, f"/trainings/{setting['training']}/withdraw", htmx=htmx)
    assert response.status_code == (200 if htmx else 303)
    html = web.get(f"/trainings/{setting['training']}").text
    assert "You are not enrolled." in html
    assert "1 taken, 0 free of 1" in html and "nobody waiting" in html
    assert "You withdrew" in web.get("/trainings").text


def test_withdraw_without_a_place_is_refused(web, setting):
    sign_in(web, "Ann Lee")
    response = post(web, f"/trainings/{setting['training']}/withdraw")
    assert response.status_code == 404
    assert "you are neither enrolled nor on the waitlist" in response.text


def test_enrolment_closes_when_the_training_starts(web, clock, setting):
    clock.set(datetime.fromisoformat("2026-03-10T15:00:00+09:00"))
    sign_in(web, "Ann Lee")
    html = web.get(f"/trainings/{setting['training']}").text
    assert "Enrolment closed on 2026-03-10 (Tue) 14:00." in html
    response = post(web, f"/trainings/{setting['training']}/enrol")
    assert response.status_code == 409
    assert "enrolment closed" in response.text
