"""Partner recommendations for a project and project recommendations for a partner, through the
JSON API: who may ask (401, 403/404, 422 in the contract's order), and what they are told."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.context import Context
from domain.vocabulary import ProjectFormat
from tests.conftest import sign_up
from web.demo.bridge import business_number

PASSWORD = "a-long-password"


def _token(web, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = web.post("/api/v1/auth/token", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


@pytest.fixture
def bridge(filmhouse):
    """A pitched drama short; Studio One (verified) looks for drama shorts in development and
    has an open call; Pending Co, as well matched, is not verified."""
    app = filmhouse
    centre = Context(
        app.create_admin(email="admin@filmhouse.test", password=PASSWORD, name="Admin")
    )
    director = sign_up(app, "director@filmhouse.test", "director", university="hanyang")
    other = sign_up(app, "other@filmhouse.test", "director")
    project_id = app.create_project(
        director,
        title="Night Bus",
        logline="A driver and a runaway share the last bus across Seoul.",
        genres=["drama"],
        format=ProjectFormat.SHORT,
        budget_krw=30_000_000,
        shoot_start=date(2026, 9, 1),
        shoot_end=date(2026, 9, 10),
        roles=[],
    )
    app.pitch_project(director, project_id)
    partners = {}
    for n, (email, name, verified) in enumerate(
        (
            ("studio@filmhouse.test", "Studio One", True),
            ("pending@filmhouse.test", "Pending Co", False),
        )
    ):
        rep = sign_up(app, email, "partner")
        partner_id = app.register_partner(
            rep, name=name, kind="studio", business_number=business_number(300 + n * 41)
        )
        app.state_partner_profile(
            rep,
            partner_id,
            genres=["drama"],
            formats=["short"],
            budget_min_krw=10_000_000,
            budget_max_krw=50_000_000,
            stages=["development"],
            offers=["call_for_pitches"],
            description="Shorts from new voices.",
        )
        if verified:
            app.verify_partner(centre, partner_id)
        partners[name] = (rep, partner_id)
    rep, studio = partners["Studio One"]
    call = app.post_opportunity(
        rep,
        kind="call_for_pitches",
        title="Night shifts: a call for shorts",
        description="Stories of the people who work while the city sleeps.",
        criteria=["a complete pitch deck"],
        deadline=app.clock.now() + timedelta(weeks=3),
    )
    return {
        "project": project_id,
        "studio": studio,
        "pending": partners["Pending Co"][1],
        "call": call,
        "director": director,
        "other": other,
        "centre": centre,
    }


def test_the_director_sees_verified_partners_with_reasons_and_open_calls(web, bridge):
    headers = _token(web, "director@filmhouse.test")
    response = web.get(
        f"/api/v1/projects/{bridge['project']}/partner-recommendations", headers=headers
    )
    assert response.status_code == 200, response.text
    found = response.json()
    assert [p["name"] for p in found] == ["Studio One"]
    assert found[0]["reasons"] == [
        "looks for drama",
        "takes short projects",
        "the budget is within their range",
        "engages at the development stage",
    ]
    assert found[0]["open_calls"] == [
        {"opportunity_id": str(bridge["call"]), "title": "Night shifts: a call for shorts"}
    ]


def test_the_partner_sees_the_project_with_reasons(web, bridge):
    headers = _token(web, "studio@filmhouse.test")
    response = web.get(
        f"/api/v1/partners/{bridge['studio']}/project-recommendations?limit=5", headers=headers
    )
    assert response.status_code == 200, response.text
    [found] = response.json()
    assert found["title"] == "Night Bus"
    assert found["director_name"] == "Director"
    assert found["first_time"] is True
    assert found["reasons"] == [
        "in genres you look for: drama",
        "a format you take: short",
        "budget within your range",
        "at a stage you engage at: development",
    ]


def test_a_submitted_project_no_longer_lists_the_partner(web, filmhouse, bridge):
    filmhouse.submit_to_opportunity(bridge["director"], bridge["call"], bridge["project"], "")
    headers = _token(web, "director@filmhouse.test")
    response = web.get(
        f"/api/v1/projects/{bridge['project']}/partner-recommendations", headers=headers
    )
    assert response.json() == []


def test_answers_come_in_the_contracts_order(web, bridge):
    project = f"/api/v1/projects/{bridge['project']}/partner-recommendations"
    partner = f"/api/v1/partners/{bridge['studio']}/project-recommendations"
    assert web.get(project).status_code == 401
    assert web.get(partner).status_code == 401
    other = _token(web, "other@filmhouse.test")
    assert web.get(project, headers=other).status_code == 403
    assert web.get(partner, headers=other).status_code == 403
    pending = _token(web, "pending@filmhouse.test")
    assert web.get(partner, headers=pending).status_code == 403  # another organisation's
    missing = "00000000-0000-0000-0000-000000000001"
    director = _token(web, "director@filmhouse.test")
    assert (
        web.get(project.replace(str(bridge["project"]), missing), headers=director).status_code
        == 404
    )
    assert (
        web.get(partner.replace(str(bridge["studio"]), missing), headers=director).status_code
        == 404
    )
    assert web.get(f"{project}?limit=0", headers=other).status_code == 403  # before the 422
    assert web.get(f"{project}?limit=0", headers=director).status_code == 422
    centre = _token(web, "admin@filmhouse.test")
    assert web.get(project, headers=centre).status_code == 200
    assert web.get(partner, headers=centre).status_code == 200


def test_the_pending_partner_is_not_scouting(web, bridge):
    centre = _token(web, "admin@filmhouse.test")
    response = web.get(
        f"/api/v1/partners/{bridge['pending']}/project-recommendations", headers=centre
    )
    assert response.json() == []


def test_every_bridge_reason_reads_in_korean():
    from web import i18n
    from web.partner_recommend import in_words

    said = [
        "looks for drama, romance",
        "takes short projects",
        "the budget is within their range",
        "engages at the development stage",
        "signed 1 deal on drama projects",
        "picked 2 drama projects before",
        "follows Kim Ji-woo",
        "picked Night Bus, with Lee Min of this project",
        "picked 1 project from this director's university",
        "in genres you look for: drama",
        "a format you take: short",
        "budget within your range",
        "at a stage you engage at: production",
        "drama, like 2 projects you signed",
        "drama, like 1 project you picked",
        "from a university whose directors you picked 3 times",
        "by Kim Ji-woo, whom you follow",
        "by Kim Ji-woo, who was on Night Bus",
        "directs Spring",
        "was on Night Bus, which you picked",
        "2 projects you may like",
        "first-time director: given a fair look",
    ]
    i18n.load()
    token = i18n._current.set("ko")
    try:
        korean = [in_words(reason) for reason in said]
    finally:
        i18n._current.reset(token)
    untranslated = [english for english, ko in zip(said, korean, strict=True) if ko == english]
    assert not untranslated
    assert korean[0] == "드라마, 로맨스 작품을 찾고 있음"
    assert korean[12] == "참여하시는 단계: 제작"


def test_directors_shown_to_scouts_are_counted_for_the_fairness_report(web, bridge):
    from projections.views.exposure import ExposureView

    headers = _token(web, "studio@filmhouse.test")
    for _ in range(2):
        web.get(f"/api/v1/partners/{bridge['studio']}/project-recommendations", headers=headers)
    state = web.app.state
    state.director_exposure.flush()
    state.projector.catch_up_all()
    with state.projector.db.read() as tx:
        lines = {(x.group, x.members, x.shown) for x in ExposureView.director_exposure(tx)}
    assert ("First-time directors", 1, 2) in lines
    assert ("Directors with a wrapped project", 0, 0) in lines


def test_evaluate_partners_on_a_log_cut_at_a_moment(filmhouse, bridge, sqlite_url, capsys):
    import json

    from web.cli import main

    cut = filmhouse.clock.now()
    filmhouse.clock.advance(timedelta(days=2))
    rep = Context(filmhouse.partner(bridge["studio"]).representative_id)
    submission = filmhouse.submit_to_opportunity(
        bridge["director"], bridge["call"], bridge["project"], ""
    )
    filmhouse.shortlist_submission(rep, submission, "A distinctive voice.")
    argv = ["match", "evaluate-partners", "--log", sqlite_url, "--cut", cut.isoformat()]
    assert main([*argv, "--json"]) == 0
    lines = {(x["method"], x["direction"]): x for x in json.loads(capsys.readouterr().out)}
    ranker = lines[("ranker", "partners for a project")]
    assert (ranker["queries"], ranker["hr"], ranker["ndcg"]) == (1, 1.0, 1.0)
    assert lines[("ranker", "projects for a partner")]["first_time_share"] == 1.0
