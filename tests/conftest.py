"""Test fixtures: the application on a fresh SQLite file or a fresh PostgreSQL schema.

Domain and projection suites take `app`, which runs every test on both databases. PostgreSQL is
found through FILMHOUSE_TEST_POSTGRES_URL (default: the machine's server, database `test`); where
no server answers the PostgreSQL variants are skipped with the reason, except under CI, where
that is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from uuid import uuid4

import psycopg
import pytest
from argon2 import PasswordHasher

from domain.clock import SEOUL, SettableClock
from domain.context import Context
from domain.filmhouse import FilmHouse
from projections.log.eventstore import open_application

PG_URL = os.environ.get("FILMHOUSE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
SECRET = b"test-secret-test-secret-test-secret"
# Real argon2, at a cost that keeps hundreds of sign-ups in the suite quick.
FAST_ARGON2 = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
START = datetime(2026, 3, 2, 10, 0, tzinfo=SEOUL)  # a Monday


def _pg_available() -> str | None:
    try:
        with psycopg.connect(PG_URL.split("?")[0], connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as error:
        return str(error).strip() or type(error).__name__
    return None


_PG_PROBLEM = _pg_available()


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(START)


@pytest.fixture
def sqlite_url(tmp_path: object) -> str:
    return f"sqlite:///{tmp_path}/filmhouse.sqlite"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    if _PG_PROBLEM:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI: {_PG_PROBLEM}")
        pytest.skip(f"no PostgreSQL server: {_PG_PROBLEM}")
    schema = f"t_{uuid4().hex[:12]}"
    base = PG_URL.split("?")[0]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{base}?schema={schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue(f"{request.param}_url"))


# Fixtures that reach a PostgreSQL server: a test using any of them is marked `postgres`, so
# `-m "not postgres"` runs without one. (The `database_url` parameter marks itself.)
POSTGRES_FIXTURES = frozenset({"postgres_url", "cluster"})


# Tests too long for `make check` (its fast tier runs `-m "not postgres and not browser and not
# slow"` in under three minutes), by node id or its beginning, with what they cost on the
# shared 2-core machine (7 Dec, `pytest --durations=60` on the SQLite tier). The fault tests
# (tests/faults) mark themselves.
SLOW = {
    "tests/projections/test_parallel_rebuild.py::": "rebuilds in worker processes, 9-15 s each",
    "tests/matching/test_evaluate.py::test_main_json": "evaluates the ranker end to end, 5 s",
    "tests/domain/test_transcoder.py::": "each writes a demo history first, 3 s each",
    "tests/web/test_demo.py::": "loads the short demo, 18 s",
    "tests/web/test_audit_every_kind.py::": "loads a demo history, 10 s",
    "tests/web/test_openapi_fuzz.py::": "schemathesis over the whole API, 17 s",
}
# A fixture whose every test is slow: `web` builds the whole Litestar application (every
# handler's signature model) for each test, 1-2 s of CPU before the test starts.
SLOW_FIXTURES = frozenset({"web"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if POSTGRES_FIXTURES & fixtures:
            item.add_marker(pytest.mark.postgres)
        if SLOW_FIXTURES & fixtures or any(item.nodeid.startswith(n) for n in SLOW):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def app(database_url: str, clock: SettableClock) -> Iterator[FilmHouse]:
    application = open_application(database_url, secret=SECRET, clock_=clock, passwords=FAST_ARGON2)
    application.seed_universities()
    try:
        yield application
        if os.environ.get("FILMHOUSE_FREEZE_INTO"):
            from tests.migrations.freeze import collect

            collect(application, os.environ["FILMHOUSE_FREEZE_INTO"])
    finally:
        application.close()


@pytest.fixture
def admin(app: FilmHouse) -> Context:
    return Context(
        app.create_admin(email="admin@filmhouse.test", password="admin-password", name="Admin")
    )


def sign_up(app: FilmHouse, email: str, *roles: str, university: str | None = None) -> Context:
    from domain.university import University

    uni = University.id_for(university) if university else None
    member_id = app.sign_up(
        Context(None),
        email=email,
        password="a-long-password",
        name=email.split("@")[0].title(),
        roles=list(roles),
        university_id=uni,
    )
    return Context(member_id)
