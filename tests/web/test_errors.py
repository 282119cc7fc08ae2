"""An unforeseen failure is logged for the operator and never shown to the person."""

from __future__ import annotations

import logging

from litestar import get
from litestar.testing import TestClient

import web.app as web_app
from tests.conftest import SECRET
from web.settings import Settings


@get("/boom", sync_to_thread=False, include_in_schema=False)
def boom() -> str:
    raise RuntimeError("kaput: the secret internals")


def test_server_error_is_logged_with_its_traceback_and_hidden_from_the_page(
        sqlite_url, monkeypatch, caplog):
    routes = web_app.page_routes
    monkeypatch.setattr(web_app, "page_routes", lambda: [*routes(), boom])
    settings = Settings(database_url=sqlite_url, host="127.0.0.1", port=0, secret=SECRET,
                        development=True, timers=False)
    with caplog.at_level(logging.ERROR, logger="web.errors"), \
            TestClient(app=web_app.create_app(settings)) as client:
        response = client.get("/boom")
        api = client.get("/api/v1/projects/not-a-uuid")
    assert response.status_code == 500 and "kaput" not in response.text
    assert any(r.exc_info and "kaput" in str(r.exc_info[1]) for r in caplog.records)
    assert api.status_code in (404, 422) and not [r for r in caplog.records
                                                 if "not-a-uuid" in r.getMessage()]
