"""A fresh app on a fresh SQLite file for each web test, with fast password hashing."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

from projections.log.eventstore import open_application
from tests.conftest import FAST_ARGON2, SECRET
from web.app import create_app
from web.settings import Settings


@pytest.fixture
def filmhouse(sqlite_url, clock):
    application = open_application(sqlite_url, secret=SECRET, clock_=clock, passwords=FAST_ARGON2)
    application.seed_universities()
    application.seed_workspaces()
    yield application
    application.close()


@pytest.fixture
def web(filmhouse, sqlite_url):
    settings = Settings(
        database_url=sqlite_url, host="127.0.0.1", port=0, secret=SECRET, development=True
    )
    with TestClient(app=create_app(settings, filmhouse)) as client:
        yield client
