"""Find by name on the audit console: projects, members, funds, partners and workspaces whose
name holds the words typed, case ignored, Korean too; each result opens that entity's history.
The query on both databases, the page and the API for auditors only."""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID

import pytest

from projections.projector.catalogue import all_views
from projections.projector.runner import Projector
from projections.views.audit_find import find_by_name
from tests.conftest import sign_up
from tests.domain.test_partners import pitched_project as pitched
from tests.domain.test_partners import register
from tests.web.test_pages_funds import HX, PASSWORD, admin, fund, grant, join, sign_in


@pytest.fixture
def named(app, admin):
    """Given a project 밤버스 (Night Bus) and one called Night Market directed by Kim, a fund, a
    partner, the centre's rooms and Park, since erased."""
    app.seed_workspaces()
    director = sign_up(app, "kim@example.com", "director")
    ids = {
        "bus": pitched(app, director, title="밤버스 Night Bus"),
        "market": pitched(app, director, title="Night Market"),
        "fund": app.open_fund(
            admin,
            name="Night Shoot Fund",
            budget_krw=10_000_000,
            cap_krw=5_000_000,
            opens=date(2026, 3, 1),
            closes=date(2026, 6, 30),
        ),
        "partner": register(
            app, sign_up(app, "rep@lotus.example", "partner"), name="Nightfall Films"
        ),
        "director": director.actor,
    }
    park = sign_up(app, "park@example.com", "crew")
    app.erase_member(park, park.actor)
    projector = Projector(app, all_views())
    projector.ensure()
    projector.catch_up_all()
    return projector, ids


def _find(projector, text):
    with projector.db.read() as tx:
        return find_by_name(tx, text)


def test_every_kind_is_found_by_part_of_its_name_case_ignored(named):
    projector, ids = named
    found = _find(projector, "  NIGHT ")
    assert {f.entity_id for f in found["Project"]} == {ids["bus"], ids["market"]}
    assert [f.entity_id for f in found["Fund"]] == [ids["fund"]]
    assert [f.name for f in found["Partner"]] == ["Nightfall Films"]
    assert set(found) == {"Project", "Fund", "Partner"}
    assert [f.name for f in _find(projector, "editing suite")["Workspace"]] == [
        "Editing Suite 1",
        "Editing Suite 2",
        "Editing Suite 3",
    ]
    assert [f.entity_id for f in _find(projector, "kim")["Member"]] == [ids["director"]]


def test_korean_is_found_and_wildcards_are_taken_literally(named):
    projector, ids = named
    assert [f.entity_id for f in _find(projector, "밤버")["Project"]] == [ids["bus"]]
    assert _find(projector, "%") == {} and _find(projector, "_") == {}
    assert _find(projector, "   ") == {}


def test_an_erased_member_is_not_found_by_the_erased_mark(named):
    projector, _ids = named
    assert "Member" not in _find(projector, "erased") and _find(projector, "Park") == {}


# -- the page and the API -------------------------------------------------------------------


@pytest.fixture
def auditor(web, filmhouse):
    boss = admin(filmhouse)
    member = join(filmhouse, "Auditor Moon", roles=("crew",))
    grant(filmhouse, boss, member, "auditor")
    fund(filmhouse, boss, name="Short Film Fund 2026")
    sign_in(web, "Auditor Moon")
    return boss


@pytest.mark.parametrize("htmx", [False, True])
def test_the_console_finds_by_name_and_links_each_history(web, filmhouse, auditor, htmx):
    response = web.get("/audit")
    assert '<label for="audit-name">' in response.text
    headers = {**HX, "HX-Target": "audit-found"} if htmx else {}
    response = web.get("/audit?name=short film", headers=headers)
    assert response.status_code == 200
    assert ("<html" in response.text) is not htmx
    (link,) = _links(response.text)
    history = web.get(f"/audit/entities/{link}")
    assert history.status_code == 200 and "Short Film Fund 2026" in history.text
    moon = web.get("/audit?name=moon", headers=headers)
    assert "Auditor Moon" in moon.text


def test_nothing_found_says_so_in_the_readers_language(web, auditor):
    response = web.get("/audit?name=zzzz")
    assert response.status_code == 200 and "No project, member, fund" in response.text
    web.cookies.set("fh_lang", "ko")
    response = web.get("/audit?name=zzzz")
    assert "이름에" in response.text


def test_the_api_finds_by_name_for_auditors_only(web, filmhouse, auditor):
    path, moon = "/api/v1/audit/entities", bearer(web, "auditor.moon@filmhouse.test")
    response = web.get(path, params={"name": "SHORT"}, headers=moon)
    assert response.status_code == 200
    (item,) = response.json()
    assert item["kind"] == "Fund" and item["name"] == "Short Film Fund 2026"
    assert web.get(path, params={"name": " "}, headers=moon).status_code == 422
    assert web.get(path, params={"name": "short"}).status_code == 401
    join(filmhouse, "Director Lee")
    lee = bearer(web, "director.lee@filmhouse.test")
    assert web.get(path, params={"name": "short"}, headers=lee).status_code == 403
    sign_in(web, "Director Lee")
    assert web.get("/audit?name=short").status_code == 403


def bearer(web, email: str) -> dict[str, str]:
    response = web.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def _links(html: str) -> set[UUID]:
    section = html[html.index('id="audit-found"') :]
    return {UUID(m) for m in re.findall(r'href="/audit/entities/([0-9a-f-]{36})"', section)}
