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


class Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_server_error_is_logged_with_its_traceback_and_hidden_from_the_page(
    sqlite_url, monkeypatch
):
    routes = web_app.page_routes
    monkeypatch.setattr(web_app, "page_routes", lambda: [*routes(), boom])
    settings = Settings(
        database_url=sqlite_url,
        host="127.0.0.1",
        port=0,
        secret=SECRET,
        development=True,
        timers=False,
    )
    kept = Kept()
    with TestClient(app=web_app.create_app(settings)) as client:
        logging.getLogger("web.errors").addHandler(kept)
        try:
            response = client.get("/boom")
            api = client.get("/api/v1/projects/not-a-uuid")
        finally:
            logging.getLogger("web.errors").removeHandler(kept)
    assert response.status_code == 500 and "kaput" not in response.text
    assert any(r.exc_info and "kaput" in str(r.exc_info[1]) for r in kept.records)
    assert api.status_code in (401, 404, 422)
    assert not [r for r in kept.records if "not-a-uuid" in r.getMessage()]
