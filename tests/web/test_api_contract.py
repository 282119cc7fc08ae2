"""The fixed JSON API contract (SPEC section 6), walked end to end through the ASGI app."""

from __future__ import annotations

from uuid import UUID

import pytest

PASSWORD = "a-long-password"


def _token(web, email: str) -> dict[str, str]:
    response = web.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer"
    return {"Authorization": f"Bearer {body['token']}"}


def _sign_up(web, email: str, *roles: str, university_id: str | None = None) -> str:
    body = {
        "email": email,
        "password": PASSWORD,
        "name": email.split("@")[0].title(),
        "roles": list(roles),
    }
    if university_id:
        body["university_id"] = university_id
    response = web.post("/api/v1/auth/signup", json=body)
    assert response.status_code == 201, response.text
    return response.json()["member_id"]


@pytest.fixture
def people(web, filmhouse):
    universities = web.get("/api/v1/universities").json()
    director_id = _sign_up(
        web, "director@filmhouse.test", "director", university_id=universities[0]["university_id"]
    )
    crew_id = _sign_up(
        web, "crew@filmhouse.test", "crew", university_id=universities[1]["university_id"]
    )
    other_id = _sign_up(
        web, "other@filmhouse.test", "crew", university_id=universities[0]["university_id"]
    )
    admin_id = str(
        filmhouse.create_admin(email="admin@filmhouse.test", password=PASSWORD, name="Admin")
    )
    return {
        "director": (director_id, _token(web, "director@filmhouse.test")),
        "crew": (crew_id, _token(web, "crew@filmhouse.test")),
        "other": (other_id, _token(web, "other@filmhouse.test")),
        "admin": (admin_id, _token(web, "admin@filmhouse.test")),
    }


PROJECT = {
    "title": "Night Bus",
    "logline": "A driver and a runaway share the last bus across Seoul.",
    "genres": ["drama"],
    "format": "short",
    "budget_krw": 30_000_000,
    "shoot_start": "2026-05-01",
    "shoot_end": "2026-05-10",
    "roles": [
        {
            "role": "editor",
            "skills": ["editing"],
            "count": 1,
            "start": "2026-05-01",
            "end": "2026-06-30",
        }
    ],
}


def test_universities_are_the_network_of_23(web):
    response = web.get("/api/v1/universities")
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 23
    assert {"university_id", "name"} <= set(rows[0])


def test_signup_twice_is_a_conflict_and_bad_roles_are_refused(web):
    _sign_up(web, "twice@filmhouse.test", "crew")
    again = web.post(
        "/api/v1/auth/signup",
        json={
            "email": "twice@filmhouse.test",
            "password": PASSWORD,
            "name": "T",
            "roles": ["crew"],
        },
    )
    assert again.status_code == 409
    refused = again.json()
    assert set(refused) == {"error", "detail", "code", "field"}
    assert (refused["error"], refused["code"], refused["field"]) == (
        "conflict",
        "email_taken",
        "email",
    )
    staff = web.post(
        "/api/v1/auth/signup",
        json={"email": "s@filmhouse.test", "password": PASSWORD, "name": "S", "roles": ["admin"]},
    )
    assert staff.status_code == 403
    short = web.post(
        "/api/v1/auth/signup",
        json={"email": "p@filmhouse.test", "password": "short", "name": "P", "roles": ["crew"]},
    )
    assert short.status_code == 422


def test_wrong_password_gets_no_token(web):
    _sign_up(web, "someone@filmhouse.test", "crew")
    response = web.post(
        "/api/v1/auth/token",
        json={"email": "someone@filmhouse.test", "password": "not-the-password"},
    )
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"


def test_the_contract_end_to_end(web, people, filmhouse):
    director_id, director = people["director"]
    crew_id, crew = people["crew"]
    other_id, other = people["other"]
    _, admin = people["admin"]

    # skills and roles
    assert (
        web.post(
            "/api/v1/members/me/skills", json={"skill": "Editing", "level": 4}, headers=crew
        ).status_code
        == 201
    )
    assert (
        web.post(
            "/api/v1/members/me/skills", json={"skill": "editing", "level": 2}, headers=other
        ).status_code
        == 201
    )
    assert (
        web.post(
            "/api/v1/members/me/skills", json={"skill": "editing", "level": 9}, headers=crew
        ).status_code
        == 422
    )
    granted = web.post(f"/api/v1/members/{other_id}/roles", json={"role": "auditor"}, headers=admin)
    assert granted.status_code == 200
    assert "auditor" in granted.json()["roles"]
    assert (
        web.post(
            f"/api/v1/members/{other_id}/roles", json={"role": "admin"}, headers=crew
        ).status_code
        == 403
    )

    # projects
    created = web.post("/api/v1/projects", json=PROJECT, headers=director)
    assert created.status_code == 201, created.text
    project = created.json()
    assert project["status"] == "draft"
    project_id = project["project_id"]
    (role,) = project["roles"]
    assert {"role_id", "role", "skills", "count", "start", "end"} <= set(role)
    assert role["role"] == "editor" and role["skills"] == ["editing"] and role["count"] == 1
    role_id = role["role_id"]
    assert web.post("/api/v1/projects", json=PROJECT, headers=crew).status_code == 403
    too_long = dict(PROJECT, title="x" * 201)
    assert web.post("/api/v1/projects", json=too_long, headers=director).status_code == 422

    pitched = web.post(f"/api/v1/projects/{project_id}/pitch", headers=director)
    assert pitched.status_code == 200
    assert web.post(f"/api/v1/projects/{project_id}/pitch", headers=director).status_code == 409

    page = web.get(f"/api/v1/projects/{project_id}", headers=crew)
    assert page.status_code == 200
    body = page.json()
    assert body["project_id"] == project_id and body["title"] == "Night Bus"
    assert body["status"] == "pitched"
    assert body["roles"][0]["role_id"] == role_id and body["roles"][0]["hired"] == []

    # recommendations: claimed skills, ranked, with reasons in words
    recs = web.get(
        f"/api/v1/projects/{project_id}/roles/{role_id}/recommendations?limit=5", headers=director
    )
    assert recs.status_code == 200, recs.text
    ranked = recs.json()
    assert [r["member_id"] for r in ranked] == [crew_id, other_id]
    assert "claims editing (level 4)" in ranked[0]["reasons"]
    assert ranked[0]["score"] > ranked[1]["score"]
    assert (
        web.get(
            f"/api/v1/projects/{project_id}/roles/{role_id}/recommendations?limit=0",
            headers=director,
        ).status_code
        == 422
    )

    # invitations: accept, then a second acceptance finds the role full
    invited = web.post(
        f"/api/v1/projects/{project_id}/roles/{role_id}/invitations",
        json={"member_id": crew_id},
        headers=director,
    )
    assert invited.status_code == 201, invited.text
    invitation_id = invited.json()["invitation_id"]
    second = web.post(
        f"/api/v1/projects/{project_id}/roles/{role_id}/invitations",
        json={"member_id": other_id},
        headers=director,
    ).json()["invitation_id"]
    assert web.post(f"/api/v1/invitations/{invitation_id}/accept", headers=other).status_code == 403
    assert web.post(f"/api/v1/invitations/{invitation_id}/accept", headers=crew).status_code == 200
    full = web.post(f"/api/v1/invitations/{second}/accept", headers=other)
    assert full.status_code == 409, full.text
    assert web.get(f"/api/v1/projects/{project_id}", headers=crew).json()["roles"][0]["hired"] == [
        crew_id
    ]
    assert web.post(f"/api/v1/invitations/{second}/decline", headers=other).status_code in (
        200,
        409,
    )

    # workspaces and bookings
    rooms = web.get("/api/v1/workspaces").json()
    assert {"workspace_id", "name", "kind"} <= set(rooms[0])
    suite = next(r for r in rooms if r["kind"] == "editing_suite")["workspace_id"]
    made = web.post(
        "/api/v1/workspaces", json={"name": "Suite 9", "kind": "editing_suite"}, headers=admin
    )
    assert made.status_code == 201 and UUID(made.json()["workspace_id"])
    assert (
        web.post(
            "/api/v1/workspaces", json={"name": "Suite 10", "kind": "editing_suite"}, headers=crew
        ).status_code
        == 403
    )
    slot = {"start": "2026-03-03T14:00:00+09:00", "end": "2026-03-03T16:00:00+09:00"}
    booked = web.post(f"/api/v1/workspaces/{suite}/bookings", json=slot, headers=crew)
    assert booked.status_code == 201, booked.text
    booking_id = booked.json()["booking_id"]
    overlap = web.post(
        f"/api/v1/workspaces/{suite}/bookings",
        json={"start": "2026-03-03T15:00:00+09:00", "end": "2026-03-03T17:00:00+09:00"},
        headers=director,
    )
    assert overlap.status_code == 409
    assert "Editing Suite" in overlap.json()["detail"]
    naive = web.post(
        f"/api/v1/workspaces/{suite}/bookings",
        json={"start": "2026-03-03T18:00:00", "end": "2026-03-03T19:00:00"},
        headers=director,
    )
    assert naive.status_code == 422
    assert web.delete(f"/api/v1/bookings/{booking_id}", headers=director).status_code == 403
    cancelled = web.delete(f"/api/v1/bookings/{booking_id}", headers=crew)
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert (
        web.post(
            f"/api/v1/workspaces/{suite}/bookings",
            json={"start": "2026-03-03T15:00:00+09:00", "end": "2026-03-03T17:00:00+09:00"},
            headers=director,
        ).status_code
        == 201
    )

    # funds, applications, reviewers, reviews, decisions
    fund = web.post(
        "/api/v1/funds",
        json={
            "name": "Short Film Fund 2026",
            "budget_krw": 50_000_000,
            "cap_krw": 20_000_000,
            "opens": "2026-03-01T00:00:00+09:00",
            "closes": "2026-06-30T23:59:00+09:00",
        },
        headers=admin,
    )
    assert fund.status_code == 201, fund.text
    fund_id = fund.json()["fund_id"]
    applied = web.post(
        f"/api/v1/funds/{fund_id}/applications",
        json={
            "project_id": project_id,
            "amount_krw": 15_000_000,
            "breakdown": [
                {"item": "camera", "amount_krw": 10_000_000},
                {"item": "edit", "amount_krw": 5_000_000},
            ],
        },
        headers=director,
    )
    assert applied.status_code == 201, applied.text
    application_id = applied.json()["application_id"]
    # the hired crew member is on the project: a conflict of interest
    conflicted = web.post(
        f"/api/v1/applications/{application_id}/reviewers",
        json={"member_id": crew_id},
        headers=admin,
    )
    assert conflicted.status_code == 409
    assert "conflict of interest" in conflicted.json()["detail"]
    reviewer_id = _sign_up(web, "reviewer@filmhouse.test", "crew")
    reviewer = _token(web, "reviewer@filmhouse.test")
    assigned = web.post(
        f"/api/v1/applications/{application_id}/reviewers",
        json={"member_id": reviewer_id},
        headers=admin,
    )
    assert assigned.status_code == 201, assigned.text
    assert (
        web.post(
            f"/api/v1/applications/{application_id}/reviews",
            json={"score": 4, "comment": "Clear plan."},
            headers=crew,
        ).status_code
        == 403
    )
    reviewed = web.post(
        f"/api/v1/applications/{application_id}/reviews",
        json={"score": 4, "comment": "Clear plan, sound budget."},
        headers=reviewer,
    )
    assert reviewed.status_code == 201, reviewed.text
    above_cap = web.post(
        f"/api/v1/applications/{application_id}/decision",
        json={
            "approve": True,
            "amount_krw": 25_000_000,
            "reason_code": "meets_criteria",
            "reason": "Strong.",
        },
        headers=admin,
    )
    assert above_cap.status_code == 422, above_cap.text
    no_reason = web.post(
        f"/api/v1/applications/{application_id}/decision",
        json={"approve": True, "amount_krw": 10_000_000, "reason_code": "meets_criteria"},
        headers=admin,
    )
    assert no_reason.status_code == 422
    decided = web.post(
        f"/api/v1/applications/{application_id}/decision",
        json={
            "approve": True,
            "amount_krw": 12_000_000,
            "reason_code": "meets_criteria",
            "reason": "Strong reviews; a realistic budget.",
        },
        headers=admin,
    )
    assert decided.status_code == 200, decided.text
    again = web.post(
        f"/api/v1/applications/{application_id}/decision",
        json={"approve": False, "reason_code": "other", "reason": "Changed our mind."},
        headers=admin,
    )
    assert again.status_code == 409

    # audit: as of a moment, history, verify
    assert web.get("/api/v1/audit/verify", headers=crew).status_code == 403
    verified = web.get("/api/v1/audit/verify", headers=admin)
    assert verified.status_code == 200
    assert verified.json()["ok"] is True and verified.json()["events"] > 0
    assert set(verified.json()) >= {"ok", "events", "head", "first_bad_position"}
    history = web.get(f"/api/v1/audit/entities/{project_id}/history", headers=other)
    assert history.status_code == 200
    entries = history.json()
    assert entries[0]["type"].endswith("Drafted") or entries[0]["position"] > 0
    assert {"position", "type", "at", "actor", "data"} <= set(entries[0])
    assert entries[0]["actor"] == UUID(director_id).hex
    as_of = web.get(
        f"/api/v1/audit/entities/{project_id}",
        params={"as_of": "2026-03-02T10:00:00+09:00"},
        headers=admin,
    )
    assert as_of.status_code == 200, as_of.text
    snapshot = as_of.json()
    assert {"position", "as_of", "entity"} <= set(snapshot)
    assert snapshot["entity"]["status"] in ("draft", "pitched", "crewing")
    before = web.get(
        f"/api/v1/audit/entities/{project_id}",
        params={"as_of": "2026-01-01T00:00:00+09:00"},
        headers=admin,
    ).json()
    assert before["entity"] is None
    naive_as_of = web.get(
        f"/api/v1/audit/entities/{project_id}",
        params={"as_of": "2026-03-02T10:00:00"},
        headers=admin,
    )
    assert naive_as_of.status_code == 422
    member_history = web.get(f"/api/v1/audit/entities/{crew_id}/history", headers=admin).json()
    assert "password_hash" not in str(
        [
            e["data"].get("password_hash", "")
            for e in member_history
            if e["data"].get("password_hash") not in (None, "(withheld)")
        ]
    )
