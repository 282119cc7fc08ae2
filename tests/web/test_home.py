"""The home page and health check, with and without htmx."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

from tests.conftest import SECRET
from web.app import create_app
from web.settings import Settings


@pytest.fixture
def client(sqlite_url, clock):
    from projections.log.eventstore import open_application

    filmhouse = open_application(sqlite_url, secret=SECRET, clock_=clock)
    filmhouse.seed_universities()
    settings = Settings(
        database_url=sqlite_url, host="127.0.0.1", port=0, secret=SECRET, development=True
    )
    with TestClient(app=create_app(settings, filmhouse)) as test_client:
        yield test_client
    filmhouse.close()


@pytest.mark.parametrize("htmx", [False, True])
def test_home_page_shows_the_network(client, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get("/", headers=headers)
    assert response.status_code == 200
    assert "Korea National University of Arts" in response.text
    assert "한국예술종합학교" in response.text
    assert "0 members; 23 events in the centre" in response.text


def test_health_reports_the_head(client):
    response = client.get("/healthz")
    assert response.json() == {"ok": True, "head": 23}


def test_htmx_script_is_the_pinned_one():
    from web import assets

    script = assets.TARGET
    assert script.exists(), "make setup fetches htmx"
    assert f'version:"{assets.VERSION}"'.encode() in script.read_bytes()
    assert assets.VERSION.startswith("2.")
