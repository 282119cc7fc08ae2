"""The projection machinery: catch-up, exactly-once resume, redelivery, rebuild, status."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable

import pytest
from eventsourcing.postgres import PostgresDatastore

from domain.member import Member
from projections.projector import following
from projections.projector.runner import Projector
from projections.projector.sql import Database, Tx
from projections.projector.view import Envelope, View, on
from projections.views.directory import Directory
from tests.conftest import sign_up


@pytest.fixture
def projector(app):
    p = Projector(app, [Directory()])
    p.ensure()
    return p


def rows(projector):
    with projector.db.read() as tx:
        return tx.execute("SELECT * FROM dir_members ORDER BY member_id").fetchall()


def test_catch_up_fills_the_view_and_tracks_the_head(app, projector):
    a = sign_up(app, "a@example.com", "crew", university="cau")
    app.claim_skill(a, skill="editing", level=4)
    projector.catch_up_all()
    with projector.db.read() as tx:
        card = Directory.member(tx, a.actor)
        assert len(Directory.universities(tx)) == 23
    assert card.skills == {"editing": 4} and card.roles == ("crew",)
    assert [s.lag for s in projector.status()] == [0]


def test_crash_mid_catch_up_resumes_exactly_once(app, projector, monkeypatch):
    for i in range(30):
        sign_up(app, f"m{i}@example.com", "crew")
    calls = {"n": 0}
    original = Directory.apply

    def crashing(self, tx, envelope):
        calls["n"] += 1
        if calls["n"] == 40:
            raise RuntimeError("killed")
        original(self, tx, envelope)

    monkeypatch.setattr(Directory, "apply", crashing)
    with pytest.raises(RuntimeError):
        projector.catch_up("directory", batch=10)
    monkeypatch.setattr(Directory, "apply", original)
    assert 0 < projector.status()[0].position < projector.head()

    fresh = Projector(app, [Directory()])
    fresh.ensure()
    fresh.catch_up_all()
    assert len(rows(fresh)) == 30
    expected = rows(fresh)
    fresh.rebuild()
    assert rows(fresh) == expected


def test_redelivered_events_change_nothing(app, projector):
    sign_up(app, "a@example.com", "crew")
    projector.catch_up_all()
    before = rows(projector)
    view = projector.views["directory"]
    notes = app.recorder.select_notifications(start=1, limit=1000, topics=view.topics())
    with projector.db.write() as tx:
        for note in notes:
            view.apply(tx, projector.decode(note))
    assert rows(projector) == before


def test_rebuild_equals_the_live_view(app, projector, admin):
    a = sign_up(app, "a@example.com", "crew")
    projector.catch_up_all()
    app.grant_role(admin, a.actor, "auditor")
    app.update_profile(a, name="Ahn", city="Seoul")
    projector.catch_up_all()
    live = rows(projector)
    projector.rebuild(["directory"])
    assert rows(projector) == live


def test_changed_schema_version_rebuilds_at_start(app, projector, monkeypatch):
    sign_up(app, "a@example.com", "crew")
    projector.catch_up_all()
    monkeypatch.setattr(Directory, "SCHEMA_VERSION", Directory.SCHEMA_VERSION + 1)
    again = Projector(app, [Directory()])
    assert again.ensure() == ["directory"]
    assert again.status()[0].position == 0
    again.catch_up_all()
    assert len(rows(again)) == 1


def test_view_replayed_as_of_a_position_equals_the_live_view_then(app, projector, admin, clock):
    import random
    from datetime import timedelta

    from projections.projector.sql import Database

    snapshots = {}
    rng = random.Random(7)
    members = []
    for i in range(12):
        clock.advance(timedelta(hours=1))
        members.append(sign_up(app, f"m{i}@example.com", rng.choice(["crew", "director"])))
        app.claim_skill(
            rng.choice(members), skill=rng.choice(["editing", "sound"]), level=rng.randint(1, 5)
        )
        if i % 4 == 3:
            app.grant_role(admin, members[i].actor, "auditor")
        projector.catch_up_all()
        snapshots[projector.head()] = rows(projector)
    for position in rng.sample(sorted(snapshots), 4):
        past = Projector(app, [Directory()], db=Database.memory())
        past.ensure()
        past.catch_up_all(until=position)
        assert rows(past) == snapshots[position]


def test_run_follows_new_events_as_they_are_written(app, projector):
    """`projections run`: LISTEN/NOTIFY on PostgreSQL, polling on SQLite."""
    import time

    stop = projector.start()
    try:
        member = sign_up(app, "late@example.com", "crew")
        deadline = time.monotonic() + 5
        found = None
        while time.monotonic() < deadline and found is None:
            with projector.db.read() as tx:
                found = Directory.member(tx, member.actor)
            time.sleep(0.02)
    finally:
        stop()
    assert found is not None and found.name == "Late"


def test_a_fresh_view_moved_by_another_projector_reads_the_table_again(app, projector):
    # given a view just created (its caches know the empty table) and a second projector
    # over the same database that applies the first member's registration
    a = sign_up(app, "a@example.com", "crew")
    other = Projector(app, [Directory()])
    other.ensure()
    other.catch_up_all()
    # when the member claims a skill and the first projector catches up from there
    app.claim_skill(a, skill="editing", level=3)
    projector.catch_up_all()
    # then it found the row the other one wrote, instead of taking the member for absent
    with projector.db.read() as tx:
        assert Directory.member(tx, a.actor).skills == {"editing": 3}


def test_rebuild_in_many_small_batches_equals_the_live_views(app, admin, monkeypatch):
    # given the directory and inbox followed live over members who register, claim skills,
    # are granted roles and report one another (rows inserted, then changed in later batches)
    from projections.views.inbox import Inbox

    views = [Directory(), Inbox()]
    live = Projector(app, views)
    live.ensure()
    members = [sign_up(app, f"m{i}@example.com", "crew") for i in range(6)]
    for i, member in enumerate(members):
        app.claim_skill(member, skill="editing", level=1 + i % 5)
        app.grant_role(admin, member.actor, "auditor")
    report = app.report_member(members[0], members[1].actor, kind="harassment", reason="Rude")
    app.resolve_report(admin, report, "Warned")
    live.catch_up_all()

    def tables():
        with live.db.read() as tx:
            return {
                t: sorted(tx.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for v in views
                for t in v.TABLES
            }

    expected = tables()
    # when they are rebuilt three events per transaction
    monkeypatch.setattr(following, "REBUILD_BATCH", 3)
    live.rebuild()
    # then every table holds what the live views held
    assert tables() == expected


def test_a_rebuild_leaves_the_views_connections_committing_durably_again(app, projector):
    # given SQLite's setting on the views' connections before a rebuild
    if projector.db.postgres:
        pytest.skip("synchronous is a SQLite setting")

    def synchronous():
        with projector.db.write() as tx:
            return tx.scalar("PRAGMA synchronous")

    before = synchronous()
    sign_up(app, "a@example.com", "crew")
    # when every view is rebuilt (its batches committed with synchronous=NORMAL)
    projector.rebuild()
    # then the pooled connection commits as it did before
    assert synchronous() == before


def test_a_follower_at_the_head_does_not_take_the_write_lock(app, projector):
    # given a view at the head, and another connection holding SQLite's one write lock
    if projector.db.postgres:
        pytest.skip("SQLite's single writer")
    sign_up(app, "a@example.com", "crew")
    projector.catch_up_all()
    other = sqlite3.connect(projector.db.datastore.pool.db_name, timeout=0, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        # when the follower looks for new events (as it does every 50 ms)
        applied = projector.catch_up_all()
    finally:
        other.rollback()
        other.close()
    # then it found nothing to apply without waiting for the lock (or timing out on it)
    assert applied == 0 and [s.lag for s in projector.status()] == [0]


class Seen(View):
    """Counts, per member, how many times their registration was applied (twice is a bug)."""

    name = "seen"
    TABLES = ("seen_members", "seen_log")
    DDL = (
        "CREATE TABLE seen_members (member_id TEXT PRIMARY KEY, times INTEGER NOT NULL)",
        "CREATE TABLE seen_log (member_id TEXT PRIMARY KEY, position BIGINT NOT NULL)",
    )
    during: Callable[[Seen, Envelope], None] | None = None  # called on each event, once
    writes = False  # the handler also writes seen_log with SQL of its own

    def __init__(self) -> None:
        super().__init__()
        self._members = self.rows("seen_members", ("member_id",), ("member_id", "times"))

    @on(Member.Registered, batched=True)
    def _registered(self, tx: Tx, e: Envelope) -> None:
        key = (e.originator_id.hex,)
        row = self._members.get(tx, key)
        self._members.put((*key, (row[1] if row else 0) + 1))
        if self.writes:
            tx.execute("INSERT INTO seen_log VALUES (?, ?)", (*key, e.position))
        if self.during is not None:
            during, self.during = self.during, None
            during(self, e)


def seen(projector: Projector) -> dict[str, int]:
    with projector.db.read() as tx:
        return dict(tx.execute("SELECT member_id, times FROM seen_members").fetchall())


def test_a_batch_is_applied_before_the_write_lock_is_taken(app):
    # given members to catch up, and a moment inside the handlers where another connection
    # asks SQLite for its one write lock without waiting
    if app.factory.datastore.__class__.__name__.startswith("Postgres"):
        pytest.skip("SQLite's single writer")
    for i in range(5):
        sign_up(app, f"m{i}@example.com", "crew")
    projector = Projector(app, [Seen()])
    projector.ensure()
    got = []

    def take_the_lock(view, envelope):
        other = sqlite3.connect(
            projector.db.datastore.pool.db_name, timeout=0, isolation_level=None
        )
        try:
            other.execute("BEGIN IMMEDIATE")
            got.append(True)
            other.rollback()
        except sqlite3.OperationalError:
            got.append(False)
        finally:
            other.close()

    projector.views["seen"].during = take_the_lock
    # when the view catches up as a rebuild does (one large batch)
    projector.rebuild()
    # then an append could have been written while the handlers ran, and each member counts once
    assert got == [True]
    assert sorted(seen(projector).values()) == [1] * 5


def test_a_handler_that_writes_sql_is_applied_under_the_lock_exactly_once(app):
    # given a batched handler that also writes SQL of its own, over many members
    members = [sign_up(app, f"m{i}@example.com", "crew") for i in range(12)]
    view = Seen()
    view.writes = True
    projector = Projector(app, [view])
    projector.ensure()
    # when it catches up in batches of five
    projector.catch_up("seen", batch=5)
    # then every registration was applied once, its own SQL included, and the view is at the head
    assert seen(projector) == {m.actor.hex: 1 for m in members}
    with projector.db.read() as tx:
        logged = tx.execute("SELECT member_id FROM seen_log").fetchall()
    assert sorted(r[0] for r in logged) == sorted(m.actor.hex for m in members)
    assert [s.lag for s in projector.status()] == [0]


def test_a_view_moved_by_another_process_mid_batch_is_not_applied_twice(app):
    # given two projectors of the same view; the second catches the view up while the first is
    # applying its batch (before the first takes the write lock)
    for i in range(8):
        sign_up(app, f"m{i}@example.com", "crew")
    first, second = Projector(app, [Seen()]), Projector(app, [Seen()])
    first.ensure()
    second.ensure()
    first.views["seen"].during = lambda view, envelope: second.catch_up_all()
    # when the first catches up
    first.catch_up_all()
    # then it saw the view moved, dropped its batch, and no registration counts twice
    assert sorted(seen(first).values()) == [1] * 8
    assert [s.lag for s in first.status()] == [0]


def test_a_handler_that_writes_other_tables_leaves_a_rebuilt_view_its_rows(app, projector):
    # given universities (written by a handler with SQL of its own) and members after them
    for i in range(4):
        sign_up(app, f"m{i}@example.com", "crew", university="cau")
    # when the directory is rebuilt from zero
    projector.rebuild()
    # then the universities were written, and the members' rows the view holds still count as
    # all the table has: later events need no query to find a member absent
    view = projector.views["directory"]
    with projector.db.read() as tx:
        assert len(Directory.universities(tx)) == 23
    assert len(rows(projector)) == 4
    assert view._members.complete


def test_reading_a_long_batch_does_not_keep_a_transaction_open(app, monkeypatch):
    # given PostgreSQL ending any session idle in a transaction for 0.3 s, and reading a chunk
    # of the log that takes longer than that (a large batch on a busy machine)
    datastore = app.factory.datastore
    if not isinstance(datastore, PostgresDatastore):
        pytest.skip("PostgreSQL's idle-in-transaction timeout")
    settings = datastore.pool.kwargs
    strict = PostgresDatastore(
        settings["dbname"],
        settings["host"],
        settings["port"],
        settings["user"],
        settings.get("password", ""),
        schema=datastore.schema,
        pool_size=2,
        idle_in_transaction_session_timeout=0.3,
    )
    for i in range(6):
        sign_up(app, f"m{i}@example.com", "crew")
    projector = Projector(app, [Seen()], db=Database(strict))
    projector.ensure()
    decode = Projector._decode

    def slow(self, *args):
        time.sleep(0.6)
        return decode(self, *args)

    monkeypatch.setattr(Projector, "_decode", slow)
    # when the view catches up in chunks of two events, in one batch
    monkeypatch.setattr(following, "CHUNK", 2)
    projector.catch_up("seen", batch=1000)
    # then no transaction was left open while the chunks were read and decoded
    assert sorted(seen(projector).values()) == [1] * 6
    strict.close()
