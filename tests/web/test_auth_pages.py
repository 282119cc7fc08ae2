"""Sign-up and sign-in pages, whole or as htmx fragments, in English and Korean."""

from __future__ import annotations

import re

import pytest

from domain.context import Context

PASSWORD = "a-long-password"


def _csrf(web, path: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', web.get(path).text)
    assert found
    return found.group(1)


@pytest.mark.parametrize("htmx", [False, True])
def test_signup_page_has_labelled_fields(web, htmx):
    response = web.get("/signup", headers={"HX-Request": "true"} if htmx else {})
    assert response.status_code == 200
    html = response.text
    for field in ("signup-name", "signup-email", "signup-password", "signup-university"):
        assert f'<label for="{field}">' in html
    assert 'name="_csrf_token"' in html
    assert "Korea National University of Arts" in html
    assert ("<html" in html) is not htmx
    assert '<form id="signup-form"' in html


@pytest.mark.parametrize("htmx", [False, True])
def test_signin_page_has_labelled_fields(web, htmx):
    response = web.get("/signin", headers={"HX-Request": "true"} if htmx else {})
    assert response.status_code == 200
    assert '<label for="signin-email">' in response.text
    assert '<label for="signin-password">' in response.text
    assert ("<html" in response.text) is not htmx


@pytest.mark.parametrize("htmx", [False, True])
def test_signup_with_mistakes_shows_inline_errors(web, htmx):
    token = _csrf(web, "/signup")
    headers = {"HX-Request": "true"} if htmx else {}
    response = web.post(
        "/signup",
        headers=headers,
        data={"_csrf_token": token, "name": "", "email": "not-an-address", "password": "short"},
    )
    assert response.status_code == 422
    html = response.text
    assert 'id="signup-name-error"' in html and 'id="signup-email-error"' in html
    assert "at least 10 characters" in html
    assert "Choose at least one" in html
    assert 'aria-invalid="true"' in html
    assert 'value="not-an-address"' in html
    assert ("<html" in html) is not htmx


@pytest.mark.parametrize("htmx", [False, True])
def test_signup_signs_the_new_member_in(web, filmhouse, htmx):
    token = _csrf(web, "/signup")
    headers = {"HX-Request": "true"} if htmx else {}
    response = web.post(
        "/signup",
        headers=headers,
        follow_redirects=False,
        data={
            "_csrf_token": token,
            "name": "Min-ji Park",
            "email": "minji@filmhouse.test",
            "password": PASSWORD,
            "roles": ["director", "crew"],
        },
    )
    if htmx:
        assert response.status_code == 200 and response.headers["HX-Redirect"] == "/welcome"
    else:
        assert response.status_code == 303 and response.headers["location"] == "/welcome"
    assert filmhouse.member_by_email("minji@filmhouse.test") is not None
    assert "Min-ji Park" in web.get("/").text
    first_steps = web.get("/welcome").text
    assert "First steps" in first_steps and "Add your skills" in first_steps
    assert "Draft your first project" in first_steps


def test_signup_with_a_taken_email_says_so_next_to_the_field(web, filmhouse):
    filmhouse.sign_up(
        Context(None), email="taken@filmhouse.test", password=PASSWORD, name="Taken", roles=["crew"]
    )
    token = _csrf(web, "/signup")
    response = web.post(
        "/signup",
        data={
            "_csrf_token": token,
            "name": "Another",
            "email": "taken@filmhouse.test",
            "password": PASSWORD,
            "roles": "crew",
        },
    )
    assert response.status_code == 409
    assert 'id="signup-email-error"' in response.text
    assert "already exists" in response.text


@pytest.mark.parametrize("htmx", [False, True])
def test_signin_with_wrong_password_says_so(web, filmhouse, htmx):
    filmhouse.sign_up(
        Context(None), email="crew@filmhouse.test", password=PASSWORD, name="Crew", roles=["crew"]
    )
    token = _csrf(web, "/signin")
    headers = {"HX-Request": "true"} if htmx else {}
    response = web.post(
        "/signin",
        headers=headers,
        data={"_csrf_token": token, "email": "crew@filmhouse.test", "password": "wrong-password"},
    )
    assert response.status_code == 401
    assert "do not match an account" in response.text
    assert 'value="crew@filmhouse.test"' in response.text


def test_signin_then_signout(web, filmhouse):
    filmhouse.sign_up(
        Context(None),
        email="crew@filmhouse.test",
        password=PASSWORD,
        name="Crew Member",
        roles=["crew"],
    )
    token = _csrf(web, "/signin")
    web.post(
        "/signin",
        data={
            "_csrf_token": token,
            "email": "crew@filmhouse.test",
            "password": PASSWORD,
            "next": "//evil.example",
        },
        follow_redirects=False,
    )
    home = web.get("/")
    assert "Crew Member" in home.text
    token = re.search(r'name="_csrf_token" value="([^"]+)"', home.text).group(1)
    out = web.post("/signout", data={"_csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303
    assert "Crew Member" not in web.get("/").text


def test_language_switch_is_remembered(web):
    token = _csrf(web, "/signin")
    response = web.post(
        "/language",
        data={"_csrf_token": token, "lang": "ko", "next": "/signin"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/signin"
    page = web.get("/signin")
    assert '<html lang="ko">' in page.text
    assert "로그인" in page.text and "비밀번호" in page.text
    assert "필름하우스 가입" in web.get("/signup").text


def test_browser_language_is_used_without_a_cookie(web):
    page = web.get("/signup", headers={"Accept-Language": "ko-KR,ko;q=0.9,en;q=0.8"})
    assert "가입하기" in page.text
    assert "Create account" in web.get("/signup").text


def test_every_catalogue_entry_has_a_korean_translation():
    from babel.messages.pofile import read_po

    from web.i18n import LOCALES

    with (LOCALES / "ko" / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalogue = read_po(source, locale="ko")
    missing = [m.id for m in catalogue if m.id and not m.string]
    assert not missing
