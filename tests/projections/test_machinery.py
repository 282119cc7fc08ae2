"""The projection machinery: catch-up, exactly-once resume, redelivery, rebuild, status."""

from __future__ import annotations

import pytest

from projections.directory import Directory
from projections.runner import Projector
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
    monkeypatch.setattr(Directory, "SCHEMA_VERSION", 2)
    again = Projector(app, [Directory()])
    assert again.ensure() == ["directory"]
    assert again.status()[0].position == 0
    again.catch_up_all()
    assert len(rows(again)) == 1


def test_view_replayed_as_of_a_position_equals_the_live_view_then(app, projector, admin, clock):
    import random
    from datetime import timedelta

    from projections.database import Database

    snapshots = {}
    rng = random.Random(7)
    members = []
    for i in range(12):
        clock.advance(timedelta(hours=1))
        members.append(sign_up(app, f"m{i}@example.com", rng.choice(["crew", "director"])))
        app.claim_skill(rng.choice(members), skill=rng.choice(["editing", "sound"]),
                        level=rng.randint(1, 5))
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
