"""The team endpoints of the JSON API: the proposal and the batch of invitations, with the
contract's error order (401, 403/404, 422, 409)."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from domain.context import Context
from tests.web.test_api_contract import _sign_up, _token

PROJECT = {
    "title": "Night Bus",
    "logline": "A driver and a runaway share the last bus across Seoul.",
    "genres": ["drama"],
    "format": "short",
    "budget_krw": 30_000_000,
    "shoot_start": "2026-05-01",
    "shoot_end": "2026-05-10",
    "roles": [
        {"role": "editor", "skills": ["editing"], "start": "2026-05-01", "end": "2026-05-10",
         "paid": True, "budget_krw": 5_000_000},
        {"role": "colourist", "skills": ["colour"], "start": "2026-05-01", "end": "2026-05-10"},
    ],
}  # fmt: skip


@pytest.fixture
def crewed(web, filmhouse):
    _sign_up(web, "director@filmhouse.test", "director")
    crew_id = _sign_up(web, "crew@filmhouse.test", "crew")
    filmhouse.claim_skill(Context(UUID(crew_id)), skill="editing", level=4)
    director = _token(web, "director@filmhouse.test")
    created = web.post("/api/v1/projects", json=PROJECT, headers=director)
    assert created.status_code == 201, created.text
    body = created.json()
    project_id = body["project_id"]
    roles = {r["role"]: r["role_id"] for r in body["roles"]}
    assert {r["role"]: r["budget_krw"] for r in body["roles"]} == {
        "editor": 5_000_000,
        "colourist": 0,
    }
    return {
        "project": project_id,
        "roles": roles,
        "crew": crew_id,
        "director": director,
        "crew_token": _token(web, "crew@filmhouse.test"),
    }


def _pitch(web, crewed) -> None:
    assert web.post(f"/api/v1/projects/{crewed['project']}/pitch", headers=crewed["director"])


def test_team_proposal_lists_picks_and_open_roles_with_why(web, crewed):
    _pitch(web, crewed)
    response = web.get(
        f"/api/v1/projects/{crewed['project']}/team-proposal", headers=crewed["director"]
    )
    assert response.status_code == 200, response.text
    body = response.json()
    (pick,) = body["picks"]
    assert (pick["role"], pick["member_id"], pick["rate_not_stated"]) == (
        "editor",
        crewed["crew"],
        True,
    )
    assert pick["paid"] is True and pick["cost_krw"] == 0 and pick["days"] == 10
    assert pick["budget_krw"] == 5_000_000
    assert "claims editing (level 4)" in pick["reasons"]
    (open_role,) = body["unfilled"]
    assert open_role["code"] == "no_one_skilled" and open_role["params"]["skills"] == "colour"
    assert open_role["reason"] == "No one on Film House holds the skills (colour)."


def test_team_invitations_answer_per_member(web, filmhouse, crewed):
    _pitch(web, crewed)
    url = f"/api/v1/projects/{crewed['project']}/team-invitations"
    body = {
        "invitations": [
            {"role_id": crewed["roles"]["editor"], "member_id": crewed["crew"]},
            {"role_id": crewed["roles"]["colourist"], "member_id": str(uuid4())},
        ]
    }
    response = web.post(url, json=body, headers=crewed["director"])
    assert response.status_code == 200, response.text
    first, second = response.json()["answers"]
    assert first["status"] == "invited" and first["invitation_id"]
    assert (second["status"], second["code"], second["field"]) == (
        "refused",
        "not_found",
        "member_id",
    )
    again = web.post(url, json=body, headers=crewed["director"]).json()["answers"][0]
    assert again["status"] == "refused" and "already invited" in again["detail"]
    # the crew member accepts through the contract's own endpoint: hired
    accepted = web.post(
        f"/api/v1/invitations/{first['invitation_id']}/accept", headers=crewed["crew_token"]
    )
    assert accepted.status_code == 200


def test_team_endpoints_error_order(web, crewed):
    project = crewed["project"]
    proposal = f"/api/v1/projects/{project}/team-proposal"
    invitations = f"/api/v1/projects/{project}/team-invitations"
    assert web.get(proposal).status_code == 401
    assert web.post(invitations, json={"invitations": []}).status_code == 401
    assert web.get(proposal, headers=crewed["crew_token"]).status_code == 404  # a draft
    draft = web.get(proposal, headers=crewed["director"])  # not pitched yet
    assert draft.status_code == 409 and "pitched project" in draft.json()["detail"]
    _pitch(web, crewed)
    assert web.get(proposal, headers=crewed["crew_token"]).status_code == 403
    empty = {"invitations": []}
    assert web.post(invitations, json=empty, headers=crewed["crew_token"]).status_code == 403
    unknown = f"/api/v1/projects/{uuid4()}/team-proposal"
    assert web.get(unknown, headers=crewed["director"]).status_code == 404
    assert web.post(invitations, json=empty, headers=crewed["director"]).status_code == 422
    wrong = web.post(
        invitations, json={"invitations": [{"role_id": 3}]}, headers=crewed["director"]
    )
    assert wrong.status_code == 422


def test_team_endpoints_are_in_the_openapi_schema(web):
    paths = web.get("/schema/openapi.json").json()["paths"]
    assert "get" in paths["/api/v1/projects/{project_id}/team-proposal"]
    assert "post" in paths["/api/v1/projects/{project_id}/team-invitations"]
