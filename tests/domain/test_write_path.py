"""The one write path: head checkpoints, clock, encryption keys, storage settings."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.context import Context
from domain.personal_data import ERASED
from projections.log.eventstore import position_at, storage_env
from tests.conftest import START, sign_up


def test_save_records_the_head_position_at_the_clock_time(app, clock):
    head_before = app.recorder.max_notification_id()
    clock.advance(timedelta(days=1))
    sign_up(app, "a@example.com", "crew")
    head_a = app.recorder.max_notification_id()
    clock.advance(timedelta(days=1))
    sign_up(app, "b@example.com", "crew")
    head_b = app.recorder.max_notification_id()

    assert position_at(app, START - timedelta(seconds=1)) == 0
    assert position_at(app, START + timedelta(hours=1)) == head_before
    assert position_at(app, START + timedelta(days=1, hours=1)) == head_a
    assert position_at(app, START + timedelta(days=5)) == head_b


def test_event_timestamps_come_from_the_application_clock(app, clock):
    clock.advance(timedelta(days=30))
    ctx = sign_up(app, "a@example.com", "crew")
    assert app.member(ctx.actor).created_on == START + timedelta(days=30)


def test_shredding_a_members_key_erases_their_personal_data_only(app):
    ctx = sign_up(app, "mina@example.com", "director")
    other = sign_up(app, "joon@example.com", "crew")
    app.claim_skill(ctx, skill="directing", level=5)
    app.keys.shred(ctx.actor)
    member = app.member(ctx.actor)
    assert member.name == ERASED and member.email == ERASED
    assert member.skills == {"directing": 5}
    assert app.member(other.actor).name == "Joon"


def test_authenticate_after_shredding_fails(app):
    ctx = sign_up(app, "mina@example.com", "director")
    app.keys.shred(ctx.actor)
    assert app.authenticate("mina@example.com", "a-long-password") is None


def test_conflicting_writers_are_retried_not_lost(app):
    import threading
    from concurrent.futures import ThreadPoolExecutor

    ctx = sign_up(app, "kim@example.com", "crew")
    barrier = threading.Barrier(8)

    def claim(i: int) -> None:
        barrier.wait()
        app.claim_skill(Context(ctx.actor), skill=f"skill-{i}", level=3)

    with ThreadPoolExecutor(8) as pool:
        for future in [pool.submit(claim, i) for i in range(8)]:
            future.result()  # re-raises whatever a writer met
    assert len(app.member(ctx.actor).skills) == 8


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///var/x.sqlite", {"SQLITE_DBNAME": "var/x.sqlite"}),
        (
            "postgresql://fh:pw@db.internal:6432/films?schema=app",
            {
                "POSTGRES_DBNAME": "films",
                "POSTGRES_HOST": "db.internal",
                "POSTGRES_PORT": "6432",
                "POSTGRES_USER": "fh",
                "POSTGRES_PASSWORD": "pw",
                "POSTGRES_SCHEMA": "app",
            },
        ),
    ],
)
def test_storage_env_maps_the_database_url(url, expected, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = storage_env(url)
    assert {k: env[k] for k in expected} == expected
    assert "POSTGRES_ENABLE_DB_FUNCTIONS" not in env


def test_storage_env_refuses_other_databases():
    with pytest.raises(ValueError):
        storage_env("mysql://localhost/x")


def test_sqlite_log_runs_in_wal_with_full_sync(sqlite_url, clock):
    from projections.log.eventstore import open_application
    from tests.conftest import SECRET

    app = open_application(sqlite_url, secret=SECRET, clock_=clock)
    with app.factory.datastore.transaction(commit=False) as c:
        c.execute("PRAGMA journal_mode")
        mode = c.fetchone()[0]
        c.execute("PRAGMA synchronous")
        sync = c.fetchone()[0]
    app.close()
    assert (mode, sync) == ("wal", 2)
