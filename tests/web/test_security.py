"""CSRF, session renewal, sign-in rate limits, security headers, no cookie auth on the API, and
the order of refusals: 401 → 403/404 → 422 → 409."""

from __future__ import annotations

import re
from uuid import uuid4

from domain.context import Context

PASSWORD = "a-long-password"


def _csrf(web, path: str = "/signin") -> str:
    page = web.get(path)
    found = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert found, "the form carries a CSRF token"
    return found.group(1)


def _member(filmhouse, email: str, *roles: str):
    return filmhouse.sign_up(
        Context(None),
        email=email,
        password=PASSWORD,
        name=email.split("@")[0].title(),
        roles=list(roles),
    )


def _token(web, email: str) -> dict[str, str]:
    body = web.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD}).json()
    return {"Authorization": f"Bearer {body['token']}"}


def test_form_post_without_csrf_token_is_refused(web, filmhouse):
    _member(filmhouse, "crew@filmhouse.test", "crew")
    web.get("/signin")
    response = web.post("/signin", data={"email": "crew@filmhouse.test", "password": PASSWORD})
    assert response.status_code == 403
    assert "fh_session" not in response.headers.get("set-cookie", "") or (
        "member_id" not in response.text
    )


def test_htmx_post_with_csrf_header_is_accepted(web, filmhouse):
    _member(filmhouse, "crew@filmhouse.test", "crew")
    token = _csrf(web)
    response = web.post(
        "/signin",
        data={"email": "crew@filmhouse.test", "password": PASSWORD},
        headers={"HX-Request": "true", "x-csrftoken": token},
    )
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == "/"


def test_session_id_is_renewed_at_sign_in(web, filmhouse):
    _member(filmhouse, "crew@filmhouse.test", "crew")
    token = _csrf(web)
    before = web.cookies.get("fh_session")
    assert before
    response = web.post(
        "/signin",
        data={"email": "crew@filmhouse.test", "password": PASSWORD, "_csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    after = web.cookies.get("fh_session")
    assert after and after != before
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Crew" in web.get("/").text
    # The id known before sign-in is worth nothing now.
    web.cookies.set("fh_session", before)
    assert "Sign out" not in web.get("/").text


def test_session_cookie_is_secure_outside_development():
    from web.security import csrf_config, session_config

    assert session_config(development=False).secure is True
    assert session_config(development=False).httponly is True
    assert csrf_config(b"s" * 32, development=False).cookie_secure is True


def test_sign_in_is_limited_per_account(web, filmhouse):
    _member(filmhouse, "crew@filmhouse.test", "crew")
    for _ in range(5):
        wrong = web.post(
            "/api/v1/auth/token",
            json={"email": "crew@filmhouse.test", "password": "wrong-password"},
        )
        assert wrong.status_code == 401
    limited = web.post(
        "/api/v1/auth/token", json={"email": "crew@filmhouse.test", "password": PASSWORD}
    )
    assert limited.status_code == 429
    assert "too many failed sign-ins" in limited.json()["detail"]
    assert int(limited.headers["Retry-After"]) >= 1
    token = _csrf(web)
    page = web.post(
        "/signin", data={"email": "crew@filmhouse.test", "password": PASSWORD, "_csrf_token": token}
    )
    assert page.status_code == 429
    assert "Too many failed sign-ins" in page.text


def test_sign_in_is_limited_per_address(web, filmhouse):
    token = _csrf(web)
    for n in range(10):
        response = web.post(
            "/signin",
            data={
                "email": f"nobody{n}@filmhouse.test",
                "password": "wrong-password",
                "_csrf_token": token,
            },
        )
        assert response.status_code == 401
    _member(filmhouse, "fresh@filmhouse.test", "crew")
    limited = web.post(
        "/api/v1/auth/token", json={"email": "fresh@filmhouse.test", "password": PASSWORD}
    )
    assert limited.status_code == 429


def test_security_headers_on_pages_api_and_errors(web):
    for path in ("/", "/signin", "/api/v1/universities", "/no-such-page", "/api/v1/nope"):
        headers = web.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["x-frame-options"] == "DENY"


def test_signed_in_browser_session_is_not_api_auth(web, filmhouse):
    _member(filmhouse, "crew@filmhouse.test", "crew")
    token = _csrf(web)
    web.post(
        "/signin", data={"email": "crew@filmhouse.test", "password": PASSWORD, "_csrf_token": token}
    )
    assert "Sign out" in web.get("/").text
    me = web.get("/api/v1/members/me")
    assert me.status_code == 401
    assert me.json()["error"] == "unauthorized"
    skill = web.post(
        "/api/v1/members/me/skills",
        json={"skill": "editing", "level": 3},
        headers={"x-csrftoken": token},
    )
    assert skill.status_code == 401


def test_bearer_token_works_without_csrf(web, filmhouse):
    _member(filmhouse, "crew@filmhouse.test", "crew")
    bearer = _token(web, "crew@filmhouse.test")
    response = web.post(
        "/api/v1/members/me/skills", json={"skill": "editing", "level": 3}, headers=bearer
    )
    assert response.status_code == 201
    assert (
        web.get("/api/v1/members/me", headers={"Authorization": "Bearer fh_forged"}).status_code
        == 401
    )


def test_project_refusals_come_in_order(web, filmhouse):
    _member(filmhouse, "crew@filmhouse.test", "crew")
    _member(filmhouse, "director@filmhouse.test", "director")
    crew, director = _token(web, "crew@filmhouse.test"), _token(web, "director@filmhouse.test")
    malformed = {"title": 7}
    assert web.post("/api/v1/projects", json=malformed).status_code == 401
    assert web.post("/api/v1/projects", json=malformed, headers=crew).status_code == 403
    assert web.post("/api/v1/projects", json=malformed, headers=director).status_code == 422
    project = web.post(
        "/api/v1/projects",
        headers=director,
        json={
            "title": "T",
            "logline": "L",
            "genres": ["drama"],
            "format": "short",
            "budget_krw": 1,
            "shoot_start": "2026-05-01",
            "shoot_end": "2026-05-02",
        },
    ).json()
    path = f"/api/v1/projects/{project['project_id']}/pitch"
    assert web.post(path).status_code == 401
    assert web.post(path, headers=crew).status_code == 404  # a draft is not the crew's to see
    assert web.post(f"/api/v1/projects/{uuid4()}/pitch", headers=director).status_code == 404
    assert web.post(path, headers=director).status_code == 200
    assert web.post(path, headers=crew).status_code == 403  # pitched: visible, not theirs
    assert web.post(path, headers=director).status_code == 409


def test_booking_refusals_come_in_order(web, filmhouse):
    _member(filmhouse, "partner@filmhouse.test", "partner")
    _member(filmhouse, "director@filmhouse.test", "director")
    partner = _token(web, "partner@filmhouse.test")
    director = _token(web, "director@filmhouse.test")
    suite = next(r for r in web.get("/api/v1/workspaces").json() if r["kind"] == "editing_suite")[
        "workspace_id"
    ]
    naive = {"start": "2026-03-03T14:00:00", "end": "2026-03-03T15:00:00"}
    good = {"start": "2026-03-03T14:00:00+09:00", "end": "2026-03-03T15:00:00+09:00"}
    path = f"/api/v1/workspaces/{suite}/bookings"
    assert web.post(path, json=naive).status_code == 401
    assert web.post(path, json=naive, headers=partner).status_code == 403
    assert (
        web.post(f"/api/v1/workspaces/{uuid4()}/bookings", json=naive, headers=director).status_code
        == 404
    )
    assert web.post(path, json=naive, headers=director).status_code == 422
    assert web.post(path, json=good, headers=director).status_code == 201
    taken = web.post(path, json=good, headers=director)
    assert taken.status_code == 409
    # The contract's two fields, and the refusal's facts as data beside them.
    assert {"error", "detail"} <= set(taken.json())
    assert taken.json()["code"] == "slot_taken"
