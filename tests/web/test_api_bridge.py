"""The bridge's JSON API: opportunities (list, one, post, close), submissions (submit, withdraw,
the partner's and the director's views) and the partner's decisions, each answered in the
contract's order: 401, then 403/404, then 422, then 409."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from domain.context import Context
from domain.opportunity import Submission
from domain.vocabulary import ProjectFormat
from tests.domain.test_partners import brn

BRN = "124-81-00998"
PASSWORD = "a-long-password"


def _member(filmhouse, email: str, *roles: str) -> UUID:
    return filmhouse.sign_up(
        Context(None), email=email, password=PASSWORD, name=email.split("@")[0].title(),
        roles=list(roles),
    )  # fmt: skip


def _bearer(filmhouse, member_id: UUID) -> dict[str, str]:
    return {"Authorization": f"Bearer {filmhouse.issue_token(member_id)}"}


@pytest.fixture
def side(filmhouse):
    """A verified studio, a second verified studio, a pending one, two directors and a crew
    member, each with a token; and a pitched short drama of the first director."""
    admin = filmhouse.create_admin(email="admin@filmhouse.test", password=PASSWORD, name="Admin")
    people = {
        "partner": _member(filmhouse, "scout@han.example", "partner"),
        "rival": _member(filmhouse, "scout@rival.example", "partner"),
        "pending": _member(filmhouse, "scout@new.example", "partner"),
        "director": _member(filmhouse, "mina@filmhouse.test", "director"),
        "other_director": _member(filmhouse, "jun@filmhouse.test", "director"),
        "crew": _member(filmhouse, "crew@filmhouse.test", "crew"),
    }
    orgs = {}
    for who, name, number in (
        ("partner", "Han River Pictures", BRN),
        ("rival", "Rival Films", brn("220810123")),
        ("pending", "New Wave Co", brn("110810456")),
    ):
        orgs[who] = filmhouse.register_partner(
            Context(people[who]), name=name, kind="production_company", business_number=number
        )
        if who != "pending":
            filmhouse.verify_partner(Context(admin), orgs[who])
    project_id = filmhouse.create_project(
        Context(people["director"]),
        title="Night Bus",
        logline="A driver and the last passenger of the night.",
        genres=["drama"],
        format=ProjectFormat.SHORT,
        budget_krw=8_000_000,
        shoot_start=filmhouse.clock.now().date() + timedelta(days=60),
        shoot_end=filmhouse.clock.now().date() + timedelta(days=70),
    )
    filmhouse.pitch_project(Context(people["director"]), project_id)
    tokens = {who: _bearer(filmhouse, member_id) for who, member_id in people.items()}
    tokens["admin"] = _bearer(filmhouse, admin)
    return {"people": people, "orgs": orgs, "tokens": tokens, "project": project_id,
            "admin": admin}  # fmt: skip


def _deadline(filmhouse, days: int = 14) -> str:
    return (filmhouse.clock.now() + timedelta(days=days)).isoformat()


def _call(filmhouse, **overrides) -> dict:
    body = {
        "kind": "call_for_pitches",
        "title": "Spring shorts slate",
        "description": "We develop three short films a year with emerging directors.",
        "criteria": ["first or second film"],
        "deadline": _deadline(filmhouse),
    }
    body.update(overrides)
    return body


HIRING = {
    "kind": "hiring",
    "title": "Assistant editor, 8 weeks",
    "description": "Assist on a feature documentary's edit.",
    "criteria": ["Premiere or Avid"],
    "pay_min_krw": 2_800_000,
    "pay_max_krw": 3_200_000,
    "pay_basis": "per_month",
    "conditions": "Mon–Fri 10:00–19:00 in Mapo; written contract",
}


def _posted(web, filmhouse, side, who: str = "partner", **overrides) -> str:
    response = web.post(
        "/api/v1/opportunities", json=_call(filmhouse, **overrides), headers=side["tokens"][who]
    )
    assert response.status_code == 201, response.text
    return response.json()["opportunity_id"]


def _submitted(web, filmhouse, side, opportunity_id: str | None = None) -> str:
    opportunity_id = opportunity_id or _posted(web, filmhouse, side)
    response = web.post(
        f"/api/v1/opportunities/{opportunity_id}/submissions",
        json={"project_id": str(side["project"]), "note": "Deck attached to the project."},
        headers=side["tokens"]["director"],
    )
    assert response.status_code == 201, response.text
    return response.json()["submission_id"]


def _refused(response, status: int, *, field: str | None = None) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] and body["detail"]
    if field is not None:
        assert body.get("field", "") == field, body
    return body


# -- the board ------------------------------------------------------------------------------


def test_opportunities_lists_open_calls_soonest_first_by_kind_and_paged(web, filmhouse, side):
    later = _posted(web, filmhouse, side, title="Later call", deadline=_deadline(filmhouse, 30))
    sooner = _posted(web, filmhouse, side, title="Sooner call", deadline=_deadline(filmhouse, 7))
    hiring = _posted(web, filmhouse, side, **{**HIRING, "deadline": _deadline(filmhouse, 20)})
    closed = _posted(web, filmhouse, side, title="Closed call")
    filmhouse.close_opportunity(Context(side["people"]["partner"]), UUID(closed), "slate full")
    on_hold = _posted(web, filmhouse, side, who="rival", title="On hold")
    filmhouse.suspend_partner(Context(side["admin"]), side["orgs"]["rival"], "under review")

    listed = web.get("/api/v1/opportunities")
    assert listed.status_code == 200
    assert [o["opportunity_id"] for o in listed.json()] == [sooner, hiring, later]
    first = listed.json()[0]
    assert (first["title"], first["status"], first["partner_name"]) == (
        "Sooner call", "open", "Han River Pictures",
    )  # fmt: skip
    assert on_hold not in {o["opportunity_id"] for o in listed.json()}

    only_hiring = web.get("/api/v1/opportunities", params={"kind": "hiring"}).json()
    assert [(o["opportunity_id"], o["pay_min_krw"], o["pay_basis"]) for o in only_hiring] == [
        (hiring, 2_800_000, "per_month")
    ]
    page = web.get("/api/v1/opportunities", params={"limit": 1, "offset": 1}).json()
    assert [o["opportunity_id"] for o in page] == [hiring]


@pytest.mark.parametrize(
    "params", [{"kind": "internship"}, {"limit": 0}, {"limit": 101}, {"offset": -1}]
)
def test_opportunities_with_bad_query_is_refused_as_malformed(web, params):
    _refused(web.get("/api/v1/opportunities", params=params), 422)


def test_opportunity_is_shown_and_a_taken_down_one_only_to_its_poster_and_the_centre(
    web, filmhouse, side
):
    opportunity_id = _posted(web, filmhouse, side)
    shown = web.get(f"/api/v1/opportunities/{opportunity_id}")
    assert shown.status_code == 200
    assert shown.json()["criteria"] == ["first or second film"]
    _refused(web.get(f"/api/v1/opportunities/{uuid4()}"), 404)

    filmhouse.take_down_opportunity(Context(side["admin"]), UUID(opportunity_id), "entry fee")
    for who in (None, "director", "rival"):
        headers = side["tokens"][who] if who else {}
        _refused(web.get(f"/api/v1/opportunities/{opportunity_id}", headers=headers), 404)
    for who in ("partner", "admin"):
        seen = web.get(f"/api/v1/opportunities/{opportunity_id}", headers=side["tokens"][who])
        assert seen.status_code == 200
        assert (seen.json()["status"], seen.json()["reason"]) == ("taken_down", "entry fee")


def test_opportunity_past_its_deadline_reads_past(web, filmhouse, side, clock):
    opportunity_id = _posted(web, filmhouse, side, deadline=_deadline(filmhouse, 3))
    clock.set(filmhouse.clock.now() + timedelta(days=4))
    assert web.get(f"/api/v1/opportunities/{opportunity_id}").json()["status"] == "past"
    assert web.get("/api/v1/opportunities").json() == []


# -- posting --------------------------------------------------------------------------------


def test_post_opportunity_by_verified_partner_is_open_and_listed_at_once(web, filmhouse, side):
    body = _call(filmhouse, genres=["drama"], formats=["short", "feature"])
    response = web.post("/api/v1/opportunities", json=body, headers=side["tokens"]["partner"])
    assert response.status_code == 201, response.text
    posted = response.json()
    assert posted["status"] == "open" and posted["submissions"] == 0
    assert posted["partner_id"] == str(side["orgs"]["partner"])
    assert (posted["genres"], posted["formats"]) == (["drama"], ["short", "feature"])
    listed = web.get("/api/v1/opportunities").json()
    assert [o["opportunity_id"] for o in listed] == [posted["opportunity_id"]]


def test_post_hiring_opportunity_with_one_amount_is_a_range_of_one(web, filmhouse, side):
    body = {**_call(filmhouse), **HIRING, "pay_max_krw": None, "pay_basis": "per_shoot_day"}
    response = web.post("/api/v1/opportunities", json=body, headers=side["tokens"]["partner"])
    assert response.status_code == 201, response.text
    assert (response.json()["pay_min_krw"], response.json()["pay_max_krw"]) == (2_800_000,) * 2


def test_post_opportunity_refusals_come_in_the_contracts_order(web, filmhouse, side):
    good, bad = _call(filmhouse), _call(filmhouse, title="x" * 201)
    tokens = side["tokens"]
    _refused(web.post("/api/v1/opportunities", json=bad), 401)
    _refused(web.post("/api/v1/opportunities", json=bad, headers=tokens["director"]), 403)
    # an organisation not verified yet is told so before its body is read
    pending = _refused(web.post("/api/v1/opportunities", json=bad, headers=tokens["pending"]), 403)
    assert "only a verified partner can post opportunities" in pending["detail"]
    _refused(web.post("/api/v1/opportunities", json=bad, headers=tokens["partner"]), 422)
    assert (
        web.post("/api/v1/opportunities", json=good, headers=tokens["partner"]).status_code == 201
    )


def test_post_opportunity_by_suspended_partner_is_forbidden(web, filmhouse, side):
    filmhouse.suspend_partner(Context(side["admin"]), side["orgs"]["partner"], "unpaid work")
    refused = _refused(
        web.post("/api/v1/opportunities", json=_call(filmhouse), headers=side["tokens"]["partner"]),
        403,
    )
    assert "suspended: unpaid work" in refused["detail"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"pay_min_krw": 3_000_000, "pay_max_krw": 2_000_000}, "pay_max_krw"),
        ({"pay_min_krw": None, "pay_max_krw": None}, "pay_min_krw"),
        ({"conditions": ""}, "pay_min_krw"),
        ({"pay_basis": None}, "pay_basis"),
        ({"criteria": []}, "criteria"),
        ({"deadline": "2026-03-01T09:00:00+09:00"}, "deadline"),
        ({"deadline": "2027-06-01T09:00:00+09:00"}, "deadline"),
    ],
)
def test_post_opportunity_that_breaks_a_posting_rule_is_malformed_naming_the_field(
    web, filmhouse, side, changes, field
):
    body = {**_call(filmhouse), **HIRING, **changes}
    response = web.post("/api/v1/opportunities", json=body, headers=side["tokens"]["partner"])
    _refused(response, 422, field=field)


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": "internship"},
        {"deadline": "2026-04-01T18:00:00"},  # no offset
        {"deadline": "next friday"},
        {"formats": ["opera"]},
        {"pay_min_krw": -5},
        {"criteria": "one criterion, not a list"},
    ],
)
def test_post_opportunity_with_malformed_body_is_422(web, filmhouse, side, changes):
    body = _call(filmhouse, **changes)
    _refused(web.post("/api/v1/opportunities", json=body, headers=side["tokens"]["partner"]), 422)


# -- closing --------------------------------------------------------------------------------


def test_close_opportunity_by_its_partner_closes_it_and_again_is_conflict(web, filmhouse, side):
    opportunity_id = _posted(web, filmhouse, side)
    path = f"/api/v1/opportunities/{opportunity_id}/close"
    closed = web.post(path, json={"reason": "slate is full"}, headers=side["tokens"]["partner"])
    assert closed.status_code == 200, closed.text
    assert (closed.json()["status"], closed.json()["reason"]) == ("closed", "slate is full")
    assert web.get("/api/v1/opportunities").json() == []
    _refused(web.post(path, headers=side["tokens"]["partner"]), 409)


def test_close_opportunity_refusals_come_in_the_contracts_order(web, filmhouse, side):
    opportunity_id = _posted(web, filmhouse, side)
    path = f"/api/v1/opportunities/{opportunity_id}/close"
    bad = {"reason": "x" * 2001}
    tokens = side["tokens"]
    _refused(web.post(path, json=bad), 401)
    _refused(web.post(path, json=bad, headers=tokens["director"]), 403)
    rival = _refused(web.post(path, json=bad, headers=tokens["rival"]), 403)
    assert rival["detail"] == "only the organisation that posted it can close it"
    _refused(
        web.post(f"/api/v1/opportunities/{uuid4()}/close", json=bad, headers=tokens["partner"]), 404
    )
    _refused(web.post(path, json=bad, headers=tokens["partner"]), 422)
    assert web.post(path, headers=tokens["partner"]).status_code == 200


# -- submitting and withdrawing -------------------------------------------------------------


def test_submit_own_pitched_project_is_submitted_and_both_sides_see_it(web, filmhouse, side):
    opportunity_id = _posted(web, filmhouse, side)
    response = web.post(
        f"/api/v1/opportunities/{opportunity_id}/submissions",
        json={"project_id": str(side["project"]), "note": "Deck attached."},
        headers=side["tokens"]["director"],
    )
    assert response.status_code == 201, response.text
    submission = response.json()
    assert submission["submission_id"] == str(
        Submission.id_for(UUID(opportunity_id), side["project"])
    )
    assert (submission["state"], submission["note"], submission["project_title"]) == (
        "submitted", "Deck attached.", "Night Bus",
    )  # fmt: skip
    partner_view = web.get(
        f"/api/v1/opportunities/{opportunity_id}/submissions", headers=side["tokens"]["partner"]
    )
    assert partner_view.status_code == 200
    assert [s["submission_id"] for s in partner_view.json()] == [submission["submission_id"]]
    director_view = web.get(
        f"/api/v1/projects/{side['project']}/submissions", headers=side["tokens"]["director"]
    )
    assert director_view.status_code == 200
    assert [(s["opportunity_id"], s["state"]) for s in director_view.json()] == [
        (opportunity_id, "submitted")
    ]
    assert web.get(f"/api/v1/opportunities/{opportunity_id}").json()["submissions"] == 1


def test_submit_refusals_come_in_the_contracts_order(web, filmhouse, side):
    opportunity_id = _posted(web, filmhouse, side)
    path = f"/api/v1/opportunities/{opportunity_id}/submissions"
    tokens, bad = side["tokens"], {"project_id": "not-a-uuid"}
    good = {"project_id": str(side["project"])}
    _refused(web.post(path, json=bad), 401)
    _refused(web.post(path, json=bad, headers=tokens["partner"]), 403)
    _refused(
        web.post(f"/api/v1/opportunities/{uuid4()}/submissions", json=bad,
                 headers=tokens["director"]),
        404,
    )  # fmt: skip
    _refused(web.post(path, json=bad, headers=tokens["director"]), 422, field="")
    _refused(web.post(path, json={"note": "no project"}, headers=tokens["director"]), 422)
    # someone else's project: known only once the body is read
    _refused(web.post(path, json=good, headers=tokens["other_director"]), 403, field="project_id")
    assert web.post(path, json=good, headers=tokens["director"]).status_code == 201
    _refused(web.post(path, json=good, headers=tokens["director"]), 409, field="project_id")


def test_submit_to_closed_call_is_conflict(web, filmhouse, side):
    opportunity_id = _posted(web, filmhouse, side)
    web.post(f"/api/v1/opportunities/{opportunity_id}/close", headers=side["tokens"]["partner"])
    refused = _refused(
        web.post(
            f"/api/v1/opportunities/{opportunity_id}/submissions",
            json={"project_id": str(side["project"])},
            headers=side["tokens"]["director"],
        ),
        409,
    )
    assert "closed to submissions" in refused["detail"]


def test_submit_to_call_past_its_deadline_is_conflict(web, filmhouse, side, clock):
    opportunity_id = _posted(web, filmhouse, side, deadline=_deadline(filmhouse, 3))
    clock.set(filmhouse.clock.now() + timedelta(days=3))
    refused = _refused(
        web.post(
            f"/api/v1/opportunities/{opportunity_id}/submissions",
            json={"project_id": str(side["project"])},
            headers=side["tokens"]["director"],
        ),
        409,
    )
    assert "deadline" in refused["detail"] and refused["params"]["deadline"]


def test_submit_to_suspended_partners_call_is_conflict(web, filmhouse, side):
    opportunity_id = _posted(web, filmhouse, side)
    filmhouse.suspend_partner(Context(side["admin"]), side["orgs"]["partner"], "under review")
    refused = _refused(
        web.post(
            f"/api/v1/opportunities/{opportunity_id}/submissions",
            json={"project_id": str(side["project"])},
            headers=side["tokens"]["director"],
        ),
        409,
    )
    # suspending an organisation closes its open calls in the same write
    assert "is closed to submissions" in refused["detail"]


def test_withdraw_submission_by_its_director_and_again_is_conflict(web, filmhouse, side):
    submission_id = _submitted(web, filmhouse, side)
    path = f"/api/v1/submissions/{submission_id}/withdraw"
    withdrawn = web.post(
        path, json={"reason": "signed elsewhere"}, headers=side["tokens"]["director"]
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert (withdrawn.json()["state"], withdrawn.json()["reason"]) == (
        "withdrawn", "signed elsewhere",
    )  # fmt: skip
    _refused(web.post(path, json={"reason": "again"}, headers=side["tokens"]["director"]), 409)


def test_withdraw_refusals_come_in_the_contracts_order(web, filmhouse, side):
    submission_id = _submitted(web, filmhouse, side)
    path = f"/api/v1/submissions/{submission_id}/withdraw"
    tokens, bad = side["tokens"], {"reason": 7}
    _refused(web.post(path, json=bad), 401)
    _refused(web.post(path, json=bad, headers=tokens["partner"]), 403)
    _refused(web.post(path, json=bad, headers=tokens["other_director"]), 403)
    _refused(
        web.post(f"/api/v1/submissions/{uuid4()}/withdraw", json=bad, headers=tokens["director"]),
        404,
    )
    _refused(web.post(path, json=bad, headers=tokens["director"]), 422)
    _refused(web.post(path, json={"reason": " "}, headers=tokens["director"]), 422, field="reason")


# -- the two sides' views -------------------------------------------------------------------


def test_partners_view_of_submissions_refusals(web, filmhouse, side):
    opportunity_id = _posted(web, filmhouse, side)
    path = f"/api/v1/opportunities/{opportunity_id}/submissions"
    tokens = side["tokens"]
    _refused(web.get(path), 401)
    _refused(web.get(path, headers=tokens["director"]), 403)
    _refused(web.get(path, headers=tokens["pending"]), 403)
    rival = _refused(web.get(path, headers=tokens["rival"]), 403)
    assert rival["detail"] == "only the organisation that posted it sees its submissions"
    korean = web.get(path, headers={**tokens["rival"], "Accept-Language": "ko"}).json()
    assert korean["detail"] == "공고를 올린 기관만 제출 건을 볼 수 있습니다"
    _refused(
        web.get(f"/api/v1/opportunities/{uuid4()}/submissions", headers=tokens["partner"]), 404
    )
    assert web.get(path, headers=tokens["partner"]).json() == []


def test_directors_view_of_submissions_refusals(web, filmhouse, side):
    path = f"/api/v1/projects/{side['project']}/submissions"
    tokens = side["tokens"]
    _refused(web.get(path), 401)
    _refused(web.get(path, headers=tokens["other_director"]), 403)
    _refused(web.get(path, headers=tokens["partner"]), 403)
    _refused(web.get(f"/api/v1/projects/{uuid4()}/submissions", headers=tokens["director"]), 404)
    assert web.get(path, headers=tokens["director"]).json() == []


# -- decisions ------------------------------------------------------------------------------


def test_decision_shortlist_then_meeting_then_deal_reaches_the_director(web, filmhouse, side):
    submission_id = _submitted(web, filmhouse, side)
    path, partner = f"/api/v1/submissions/{submission_id}/decision", side["tokens"]["partner"]
    meet_at = (filmhouse.clock.now() + timedelta(days=5)).isoformat()
    steps = [
        ({"decision": "shortlist", "reason": "strong voice"}, "shortlisted"),
        ({"decision": "meeting", "reason": "let us talk", "proposed_at": meet_at},
         "meeting_requested"),
        ({"decision": "deal", "reason": "signed", "amount_krw": 20_000_000,
          "kind": "co_production", "summary": "50/50"}, "deal_signed"),
    ]  # fmt: skip
    for body, state in steps:
        response = web.post(path, json=body, headers=partner)
        assert response.status_code == 200, response.text
        assert (response.json()["state"], response.json()["reason"]) == (state, body["reason"])
    seen = web.get(
        f"/api/v1/projects/{side['project']}/submissions", headers=side["tokens"]["director"]
    ).json()
    assert [(s["state"], s["reason"]) for s in seen] == [("deal_signed", "signed")]


def test_decision_pass_is_final(web, filmhouse, side):
    submission_id = _submitted(web, filmhouse, side)
    path, partner = f"/api/v1/submissions/{submission_id}/decision", side["tokens"]["partner"]
    passed = web.post(path, json={"decision": "pass", "reason": "not our slate"}, headers=partner)
    assert passed.status_code == 200 and passed.json()["state"] == "passed"
    again = _refused(
        web.post(path, json={"decision": "shortlist", "reason": "changed"}, headers=partner), 409
    )
    assert "final" in again["detail"]


def test_decision_refusals_come_in_the_contracts_order(web, filmhouse, side):
    submission_id = _submitted(web, filmhouse, side)
    path = f"/api/v1/submissions/{submission_id}/decision"
    tokens, bad = side["tokens"], {"decision": "adore", "reason": "x"}
    _refused(web.post(path, json=bad), 401)
    _refused(web.post(path, json=bad, headers=tokens["director"]), 403)
    rival = _refused(web.post(path, json=bad, headers=tokens["rival"]), 403)
    assert rival["detail"] == "only the organisation it was submitted to decides on it"
    _refused(
        web.post(f"/api/v1/submissions/{uuid4()}/decision", json=bad, headers=tokens["partner"]),
        404,
    )
    _refused(web.post(path, json=bad, headers=tokens["partner"]), 422)
    for incomplete, field in (
        ({"decision": "shortlist", "reason": ""}, "reason"),
        ({"decision": "meeting", "reason": "talk"}, "proposed_at"),
        ({"decision": "deal", "reason": "ok", "kind": "distribution"}, "amount_krw"),
        ({"decision": "deal", "reason": "ok", "amount_krw": 5}, "kind"),
    ):
        _refused(web.post(path, json=incomplete, headers=tokens["partner"]), 422, field=field)
    # a deal before a shortlist conflicts with the submission's state
    deal = {"decision": "deal", "reason": "ok", "amount_krw": 5, "kind": "distribution"}
    _refused(web.post(path, json=deal, headers=tokens["partner"]), 409)


def test_decision_by_suspended_partner_is_forbidden_before_its_body_is_read(web, filmhouse, side):
    submission_id = _submitted(web, filmhouse, side)
    filmhouse.suspend_partner(Context(side["admin"]), side["orgs"]["partner"], "under review")
    path = f"/api/v1/submissions/{submission_id}/decision"
    for body in ({"decision": "adore"}, {"decision": "shortlist", "reason": "strong"}):
        refused = _refused(web.post(path, json=body, headers=side["tokens"]["partner"]), 403)
        assert "suspended: under review" in refused["detail"]


# -- the schema -----------------------------------------------------------------------------


def test_openapi_documents_every_bridge_endpoint(web):
    paths = web.get("/schema/openapi.json").json()["paths"]
    expected = {
        "/api/v1/opportunities": {"get", "post"},
        "/api/v1/opportunities/{opportunity_id}": {"get"},
        "/api/v1/opportunities/{opportunity_id}/close": {"post"},
        "/api/v1/opportunities/{opportunity_id}/submissions": {"get", "post"},
        "/api/v1/submissions/{submission_id}/withdraw": {"post"},
        "/api/v1/submissions/{submission_id}/decision": {"post"},
        "/api/v1/projects/{project_id}/submissions": {"get"},
    }
    for path, methods in expected.items():
        assert methods <= set(paths[path]), path
        for method in methods:
            assert "422" in paths[path][method]["responses"], (path, method)
