"""Group commit on SQLite (and PostgreSQL): concurrent saves share transactions, a colliding
save is rolled back alone (and retried by `_attempt`), a failing batch commits nothing, the
audit chain holds."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from eventsourcing.persistence import IntegrityError, PersistenceError, StoredEvent

from domain.context import Context
from domain.partner import Partner
from projections.log.eventstore import open_application
from projections.log.group_commit import GroupCommitter, PostgresGroupCommitter, _Save
from projections.views.audit import Audit
from tests.conftest import FAST_ARGON2, SECRET, sign_up

THREADS = 32


@pytest.fixture
def lite(sqlite_url, clock):
    application = open_application(sqlite_url, secret=SECRET, clock_=clock, passwords=FAST_ARGON2)
    application.seed_universities()
    yield application
    application.close()


def _stored(app, originator_id, version: int) -> StoredEvent:
    """A stored event the application can decode (the audit decodes every event it checks)."""
    event = Partner.Verified(
        originator_id=originator_id, originator_version=version, timestamp=datetime.now(UTC)
    )
    return app.mapper.to_stored_event(event)


def _count(app) -> int:
    with app.factory.datastore.transaction(commit=False) as c:
        c.execute("SELECT COUNT(*) FROM stored_events")
        return int(c.fetchone()[0])


def test_concurrent_saves_share_transactions_and_all_commit(lite):
    members = [sign_up(lite, f"m{i}@example.com", "crew") for i in range(THREADS)]
    group = lite.recorder.group
    assert isinstance(group, GroupCommitter)
    before = (group.stats.commits, group.stats.saves)
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def claim(ctx: Context) -> None:
        barrier.wait()
        for n in range(5):
            try:
                lite.claim_skill(ctx, skill=f"skill-{n}", level=3)
            except PersistenceError as error:
                errors.append(error)

    threads = [threading.Thread(target=claim, args=(m,)) for m in members]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert all(len(lite.member(m.actor).skills) == 5 for m in members)
    commits, saves = group.stats.commits - before[0], group.stats.saves - before[1]
    assert saves == THREADS * 5
    assert commits < saves  # some transactions carried several callers' saves
    assert Audit(lite).verify().ok


def test_save_colliding_within_a_batch_is_rolled_back_alone(lite):
    head = lite.recorder.max_notification_id()
    a, b = uuid4(), uuid4()
    batch = [
        _Save([_stored(lite, a, 1), _stored(lite, a, 2)], {}),
        _Save([_stored(lite, b, 1), _stored(lite, a, 2)], {}),  # a@2 is taken by the save before it
        _Save([_stored(lite, b, 1)], {}),
    ]
    lite.recorder.group._write(batch)
    assert [s.done for s in batch] == [True, True, True]
    assert list(batch[0].ids) == [head + 1, head + 2] and batch[0].error is None
    assert batch[1].ids is None and isinstance(batch[1].error, IntegrityError)
    assert list(batch[2].ids) == [head + 3] and batch[2].error is None  # b@1 was rolled back
    assert [s.originator_version for s in lite.recorder.select_events(b)] == [1]
    assert Audit(lite).verify().ok


def test_colliding_save_is_retried_by_attempt_until_it_lands(lite):
    ctx = sign_up(lite, "kim@example.com", "crew")
    barrier = threading.Barrier(16)

    def claim(i: int) -> None:
        barrier.wait()
        lite.claim_skill(Context(ctx.actor), skill=f"skill-{i}", level=3)

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(lite.member(ctx.actor).skills) == 16
    assert Audit(lite).verify().ok


def test_batch_with_a_database_error_commits_nothing_and_tells_everyone(lite):
    before = _count(lite)
    batch = [
        _Save([_stored(lite, uuid4(), 1)], {}),
        _Save([StoredEvent(uuid4(), 1, "bench:Event", object())], {}),  # cannot be bound
    ]
    lite.recorder.group._write(batch)
    assert all(s.done and s.ids is None and isinstance(s.error, PersistenceError) for s in batch)
    assert not isinstance(batch[0].error, IntegrityError)  # not a conflict: not retried
    assert _count(lite) == before
    assert Audit(lite).verify().ok


def test_group_commit_can_be_switched_off(sqlite_url, clock, monkeypatch):
    monkeypatch.setenv("FILMHOUSE_GROUP_COMMIT", "off")
    application = open_application(sqlite_url, secret=SECRET, clock_=clock)
    try:
        assert application.recorder.group is None
        ctx = sign_up(application, "a@example.com", "crew")
        application.claim_skill(ctx, skill="editing", level=4)
        assert application.member(ctx.actor).skills == {"editing": 4}
        assert Audit(application).verify().ok
    finally:
        application.close()


@pytest.fixture
def pg(postgres_url, clock):
    application = open_application(postgres_url, secret=SECRET, clock_=clock, passwords=FAST_ARGON2)
    application.seed_universities()
    yield application
    application.close()


def test_postgres_saves_share_transactions_and_a_collision_is_rolled_back_alone(pg):
    group = pg.recorder.group
    assert isinstance(group, PostgresGroupCommitter)
    head = pg.recorder.max_notification_id()
    a, b = uuid4(), uuid4()
    batch = [
        _Save([_stored(pg, a, 1), _stored(pg, a, 2)], {}),
        _Save([_stored(pg, b, 1), _stored(pg, a, 2)], {}),  # a@2 is taken by the save before it
        _Save([_stored(pg, b, 1)], {}),
    ]
    group._write(batch)
    assert batch[0].error is None and len(batch[0].ids) == 2
    assert batch[1].ids is None and isinstance(batch[1].error, IntegrityError)
    assert batch[2].error is None and min(batch[2].ids) > max(batch[0].ids) > head
    assert [s.originator_version for s in pg.recorder.select_events(b)] == [1]
    assert Audit(pg).verify().ok


def test_postgres_concurrent_conflicting_commands_all_land(pg):
    ctx = sign_up(pg, "kim@example.com", "crew")
    barrier = threading.Barrier(16)

    def claim(i: int) -> None:
        barrier.wait()
        pg.claim_skill(Context(ctx.actor), skill=f"skill-{i}", level=3)

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(pg.member(ctx.actor).skills) == 16
    assert pg.recorder.group.stats.commits < pg.recorder.group.stats.saves
    assert Audit(pg).verify().ok
