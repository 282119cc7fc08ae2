"""The audit console: find, timeline, as-of, compare, export and verify, for auditors and
admins only, with secrets' hashes withheld."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from domain.context import Context
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
    assert "Registered" in html and "(withheld)" in html
    assert "argon2" not in html
    assert ("<html" in html) is not htmx


def test_unknown_entity_is_404(web, auditor):
    assert web.get("/audit/entities/00000000-0000-0000-0000-000000000000").status_code == 404


def test_as_of_shows_the_entity_as_it_stood(web, filmhouse, auditor):
    fund_id = fund(filmhouse, auditor)
    before = (START - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    filmhouse.clock.set(START + timedelta(days=1))
    filmhouse.close_fund(Context(auditor), fund_id, reason="Paused")
    response = web.get(f"/audit/entities/{fund_id}?as_of={before}",
                       headers={**HX, "HX-Target": "as-of"})
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
    response = web.get(f"/audit/entities/{fund_id}?first={first}&second={second}",
                       headers={**HX, "HX-Target": "compare"})
    assert response.status_code == 200
    assert 'id="compare"' in response.text and "closed" in response.text
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
    from projections.database import Database

    database = Database(filmhouse.factory.datastore)
    with database.write() as tx:
        tx.execute("UPDATE stored_events SET state = ? WHERE rowid = 3", (b"{}",))
    response = web.get("/audit/verify")
    assert "The log does not verify" in response.text and "First bad position: 3" in response.text


def test_admins_use_the_console_too(web, filmhouse):
    boss = admin(filmhouse)
    sign_in(web, "Admin Kim")
    assert web.get(f"/audit/entities/{boss}").status_code == 200
