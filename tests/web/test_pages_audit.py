"""The audit console: find, timeline, as-of, compare, export and verify, for auditors and
admins only, with secrets' hashes withheld."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from uuid import UUID

import pytest

from domain.context import Context
from domain.project_parts import RoleSpec
from domain.vocabulary import ProjectFormat
from tests.conftest import START
from tests.web.test_pages_funds import HX, admin, fund, grant, join, sign_in


@pytest.fixture
def auditor(web, filmhouse):
    boss = admin(filmhouse)
    member = join(filmhouse, "Auditor Moon", roles=("crew",))
    grant(filmhouse, boss, member, "auditor")
    sign_in(web, "Auditor Moon")
    return boss


@pytest.mark.parametrize("htmx", [False, True])
def test_console_and_find(web, auditor, htmx):
    response = web.get("/audit", headers=HX if htmx else {})
    assert response.status_code == 200 and '<label for="audit-entity">' in response.text
    assert ("<html" in response.text) is not htmx
    response = web.get(f"/audit?entity={auditor}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/audit/entities/{auditor}"


def test_find_explains_a_bad_or_unknown_id(web, auditor):
    response = web.get("/audit?entity=nonsense")
    assert response.status_code == 404 and "That is not an id" in response.text
    response = web.get("/audit?entity=00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404 and "Nothing in the log" in response.text


@pytest.mark.parametrize("path", ["/audit", "/audit/verify"])
def test_console_is_for_auditors_and_admins(web, filmhouse, path):
    assert web.get(path).status_code == 401
    join(filmhouse, "Director Lee")
    sign_in(web, "Director Lee")
    assert web.get(path).status_code == 403


@pytest.mark.parametrize("htmx", [False, True])
def test_timeline_withholds_secrets(web, filmhouse, auditor, htmx):
    member = join(filmhouse, "Director Lee")
    response = web.get(f"/audit/entities/{member}", headers=HX if htmx else {})
    assert response.status_code == 200
    html = response.text
    assert "Member registered" in html and '<span class="muted">withheld</span>' in html
    assert "argon2" not in html and "(withheld)" not in html
    assert ("<html" in html) is not htmx


def test_unknown_entity_is_404(web, auditor):
    assert web.get("/audit/entities/00000000-0000-0000-0000-000000000000").status_code == 404


def test_as_of_shows_the_entity_as_it_stood(web, filmhouse, auditor):
    fund_id = fund(filmhouse, auditor)
    before = (START - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    filmhouse.clock.set(START + timedelta(days=1))
    filmhouse.close_fund(Context(auditor), fund_id, reason="Paused")
    response = web.get(
        f"/audit/entities/{fund_id}?as_of={before}", headers={**HX, "HX-Target": "as-of"}
    )
    assert response.status_code == 200
    assert 'id="as-of"' in response.text and "did not exist yet" in response.text
    at_start = START.strftime("%Y-%m-%dT%H:%M:%S")
    page = web.get(f"/audit/entities/{fund_id}?as_of={at_start}").text
    assert "Short Film Fund 2026" in page and "log position" in page


def test_compare_two_moments(web, filmhouse, auditor):
    fund_id = fund(filmhouse, auditor)
    filmhouse.clock.set(START + timedelta(days=1))
    filmhouse.close_fund(Context(auditor), fund_id, reason="Paused")
    first = START.strftime("%Y-%m-%dT%H:%M:%S")
    second = (START + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = web.get(
        f"/audit/entities/{fund_id}?first={first}&second={second}",
        headers={**HX, "HX-Target": "compare"},
    )
    assert response.status_code == 200
    assert 'id="compare"' in response.text
    assert re.search(r">Closed</th><td[^>]*>No</td><td[^>]*>Yes</td>", response.text)
    response = web.get(f"/audit/entities/{fund_id}?first={first}")
    assert response.status_code == 422


def test_bad_as_of_is_422(web, filmhouse, auditor):
    fund_id = fund(filmhouse, auditor)
    assert web.get(f"/audit/entities/{fund_id}?as_of=yesterday").status_code == 422


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_downloads_without_secrets(web, filmhouse, auditor, fmt):
    member = join(filmhouse, "Director Lee")
    response = web.get(f"/audit/entities/{member}/export?format={fmt}")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    assert "(withheld)" in response.text and "argon2" not in response.text
    if fmt == "json":
        assert json.loads(response.text)[0]["type"].endswith("Registered")
    assert web.get(f"/audit/entities/{member}/export?format=xml").status_code == 422


@pytest.mark.parametrize("htmx", [False, True])
def test_verify_shows_ok_and_the_seal(web, auditor, htmx):
    response = web.get("/audit/verify", headers=HX if htmx else {})
    assert response.status_code == 200
    assert "The log is intact" in response.text and "filmhouse-seal:v1:" in response.text
    assert ("<html" in response.text) is not htmx


def test_verify_names_the_first_bad_position(web, filmhouse, auditor):
    from projections.projector.sql import Database

    database = Database(filmhouse.factory.datastore)
    with database.write() as tx:
        tx.execute("UPDATE stored_events SET state = ? WHERE rowid = 3", (b"{}",))
    response = web.get("/audit/verify")
    assert "The log does not verify" in response.text and "First bad position: 3" in response.text


def test_admins_use_the_console_too(web, filmhouse):
    boss = admin(filmhouse)
    sign_in(web, "Admin Kim")
    assert web.get(f"/audit/entities/{boss}").status_code == 200


# -- a project with crew roles, as of a moment and compared ------------------------------------


RAW = ("null", "None", "CrewRole", "{", "}", "[]", "_krw", "role_id")


def crewed_project(filmhouse, auditor) -> tuple[UUID, str]:
    """Given a pitched project with a paid editor role, one editor hired on it a day later."""
    from datetime import date

    director = join(filmhouse, "Director Lee")
    editor = join(filmhouse, "Editor Kang", roles=("crew",))
    project_id = filmhouse.create_project(
        Context(director),
        title="Night Bus",
        logline="A driver and a city at night.",
        genres=["drama"],
        format=ProjectFormat.SHORT,
        budget_krw=12_500_000,
        shoot_start=date(2026, 5, 1),
        shoot_end=date(2026, 5, 10),
        roles=[
            RoleSpec(
                role="editor",
                skills=["editing"],
                count=2,
                start=date(2026, 5, 1),
                end=date(2026, 5, 10),
                paid=True,
            )
        ],
    )
    filmhouse.pitch_project(Context(director), project_id)
    role_id = next(iter(filmhouse.project(project_id).roles))
    filmhouse.clock.set(START + timedelta(days=1))
    invitation = filmhouse.invite(Context(director), project_id, role_id, editor)
    filmhouse.accept_invitation(Context(editor), invitation)
    return project_id, (START + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")


def readable(html: str) -> str:
    """The text between tags of the as-of or compare region (markup and links aside)."""
    region = html.split('id="as-of"', 1)[-1] if 'id="as-of"' in html else html
    return re.sub(r"<[^>]+>", " ", region.split('id="compare"', 1)[0])


@pytest.mark.parametrize("htmx", [False, True])
def test_as_of_a_project_with_roles_reads_as_a_person_reads(web, filmhouse, auditor, htmx):
    project_id, later = crewed_project(filmhouse, auditor)
    headers = {**HX, "HX-Target": "as-of"} if htmx else {}
    response = web.get(f"/audit/entities/{project_id}?as_of={later}", headers=headers)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="as-of"') is htmx
    text = readable(response.text)
    assert "Editor" in text and "Editing" in text and "Editor Kang" in text
    assert "₩12,500,000" in text and "2026-05-01" in text and "Crewing" in text
    assert "Director Lee" in text and "Korean" not in text  # no language was given
    assert "Preparation starts" in text and "—" in text
    assert not [raw for raw in RAW if raw in text]


def test_as_of_a_project_in_korean(web, filmhouse, auditor):
    project_id, later = crewed_project(filmhouse, auditor)
    web.cookies.set("fh_lang", "ko")
    text = readable(web.get(f"/audit/entities/{project_id}?as_of={later}").text)
    assert "예산" in text and "₩12,500,000" in text and "스태프 모집 중" in text
    assert "Budget" not in text and "Shoot starts" not in text


@pytest.mark.parametrize("htmx", [False, True])
def test_compare_a_project_before_and_after_a_hire(web, filmhouse, auditor, htmx):
    project_id, later = crewed_project(filmhouse, auditor)
    first = START.strftime("%Y-%m-%dT%H:%M:%S")
    headers = {**HX, "HX-Target": "compare"} if htmx else {}
    response = web.get(
        f"/audit/entities/{project_id}?first={first}&second={later}", headers=headers
    )
    assert response.status_code == 200
    text = re.sub(r"<[^>]+>", " ", response.text.split('id="compare"', 1)[1])
    assert "Crew roles" in text and "Hired" in text and "Editor Kang" in text
    assert "Pitched" in text and "Crewing" in text and "none" in text  # nobody hired before
    assert not [raw for raw in RAW if raw in text.split("Timeline")[0]]


def test_compare_from_before_an_entity_existed_says_so(web, filmhouse, auditor):
    project_id, later = crewed_project(filmhouse, auditor)
    first = (START - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = web.get(
        f"/audit/entities/{project_id}?first={first}&second={later}",
        headers={**HX, "HX-Target": "compare"},
    )
    assert "It did not exist yet at the first moment" in response.text
    assert "Why it was cancelled" not in response.text  # "—" before and after alike


def test_api_as_of_a_project_with_roles_returns_them(web, filmhouse, auditor):
    project_id, _later = crewed_project(filmhouse, auditor)
    token = filmhouse.issue_token(auditor, label="audit")
    response = web.get(
        f"/api/v1/audit/entities/{project_id}",
        params={"as_of": "2026-03-04T10:00:00+09:00"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    (role,) = response.json()["entity"]["roles"].values()
    assert role["role"] == "editor" and role["paid"] is True and role["count"] == 2
    assert [UUID(m) for m in role["hired"]] == filmhouse.project(project_id).roles[
        UUID(role["role_id"])
    ].hired
