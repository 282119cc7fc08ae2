"""Rebuilding disjoint sets of views in parallel processes gives the views a serial rebuild and
the live follower give; a worker that fails leaves its views restartable and is named."""

from __future__ import annotations

import os
from uuid import UUID

import pytest

from domain.member import Member
from domain.personal_data import ERASED
from projections.projector.catalogue import all_views
from projections.projector.following import TRACKING
from projections.projector.parallel_rebuild import group_cost, partition, rebuild
from projections.projector.runner import Projector
from projections.projector.view import Envelope, View, on
from projections.views.directory import Directory
from tests.conftest import SECRET, sign_up
from web import cli
from web.demo import generate

BREAK = "FILMHOUSE_TEST_BREAK_REBUILD"  # set: the broken view fails on its third member


class Broken(View):
    """A view that fails part-way through a rebuild when told to (a crashing worker)."""

    name = "broken"
    TABLES = ("brk_members",)
    DDL = (
        "CREATE TABLE IF NOT EXISTS brk_members (member_id TEXT PRIMARY KEY, "
        "position BIGINT NOT NULL)",
    )

    @on(Member.Registered)
    def _registered(self, tx, e: Envelope) -> None:
        if os.environ.get(BREAK) and tx.scalar("SELECT COUNT(*) FROM brk_members") >= 2:
            raise RuntimeError("the broken view broke")
        tx.execute("INSERT INTO brk_members VALUES (?, ?)", (e.originator_id.hex, e.position))


def views_with_a_broken_one() -> list[View]:
    return [*all_views(), Broken()]


@pytest.fixture
def history(app, admin):
    """A log with every kind of event the views handle (the demo's weeks of life, written
    through the real commands) and a member who was erased."""
    app.seed_workspaces()
    generate(app, members=24, weeks=6, say=lambda line: None)
    kim, mina = sign_up(app, "kim@example.com", "crew"), sign_up(app, "mina@example.com", "crew")
    for a, b in ((kim, mina), (mina, kim)):
        app.accept_contact(a, b.actor)
    app.send_message(mina, kim.actor, "Free in May?")
    app.send_message(kim, mina.actor, "Yes, all month")
    kept = app.save_search(kim, kind="projects", query="night")
    app.save_search(kim, kind="members", role="crew", skill="editing")
    app.delete_search(kim, kept)
    app.mark_inbox_read_up_to(kim, app.recorder.max_notification_id())
    report = app.report_member(kim, mina.actor, kind="harassment", reason="Rude")
    app.resolve_report(admin, report, "Warned")
    app.request_password_reset(kim, "kim@example.com")
    erased = sign_up(app, "erased@example.com", "crew")
    app.claim_skill(erased, skill="editing", level=3)
    for a, b in ((kim, erased), (erased, kim)):
        app.accept_contact(a, b.actor)
    app.send_message(erased, kim.actor, "Remember me?")
    app.erase_member(erased, erased.actor)
    return erased.actor


def tables(projector: Projector) -> dict[str, list[tuple]]:
    with projector.db.read() as tx:
        return {
            table: sorted(tx.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for view in projector.views.values()
            for table in view.TABLES
        }


def test_views_rebuilt_in_two_processes_equal_the_serial_rebuild_and_the_live_views(
    app, database_url, history: UUID
):
    # given every view followed live over the log
    projector = Projector(app, all_views())
    projector.ensure()
    projector.catch_up_all()
    live = tables(projector)
    filled = {table for table, rows in live.items() if rows}
    assert (
        len(filled) >= 40
        and {
            "inbox_messages",
            "inbox_searches",
            "inbox_reports",
            "inbox_marks",
            "mailbox_mails",
            "cal_waitlist",
        }
        <= filled
    )
    # when they are rebuilt serially, then in two processes
    projector.rebuild()
    serial = tables(projector)
    outcome = rebuild(
        projector, list(projector.views), jobs=2, database_url=database_url, secret=SECRET
    )
    # then every table of every view holds the same rows, erased members still erased
    assert outcome.applied > 0 and len(outcome.lock_wait) == 2
    assert tables(projector) == serial == live
    assert {s.lag for s in projector.status()} == {0}
    with projector.db.read() as tx:
        assert Directory.member(tx, history).name == ERASED


def test_a_failing_worker_is_named_and_leaves_its_view_restartable_from_zero(
    app, database_url, history: UUID, monkeypatch, capsys
):
    # given every view and one that breaks part-way through a rebuild, run by the command line
    monkeypatch.setenv("FILMHOUSE_DATABASE_URL", database_url)
    monkeypatch.setenv("FILMHOUSE_SECRET", SECRET.decode())
    monkeypatch.setenv(BREAK, "1")
    monkeypatch.setattr("projections.projector.catalogue.all_views", views_with_a_broken_one)
    monkeypatch.setattr(
        "projections.projector.parallel_rebuild.VIEWS", f"{__name__}:views_with_a_broken_one"
    )
    # when every view is rebuilt in two processes
    code = cli.main(["projections", "rebuild", "--jobs", "2"])
    # then the command fails naming the broken view, whose rows and position went back together
    assert code != 0
    assert "broken" in capsys.readouterr().err
    projector = Projector(app, views_with_a_broken_one())
    with projector.db.read() as tx:
        position = tx.scalar(f"SELECT position FROM {TRACKING} WHERE view = 'broken'")
        kept = tx.execute("SELECT position FROM brk_members").fetchall()
    assert all(p <= position for (p,) in kept)
    status = {s.name: s.lag for s in projector.status()}
    assert status["broken"] > 0
    # and once the fault is gone, it rebuilds from zero like the others
    monkeypatch.delenv(BREAK)
    assert cli.main(["projections", "rebuild", "--jobs", "2"]) == 0
    assert {s.lag for s in projector.status()} == {0}
    rebuilt = tables(projector)
    projector.rebuild(["broken"])
    assert tables(projector) == rebuilt and rebuilt["brk_members"]
    with projector.db.read() as tx:
        assert Directory.member(tx, history).name == ERASED


def test_views_that_take_the_same_events_are_rebuilt_together():
    # a and b take the members' events, c and d the bookings': reading and decoding the members'
    # events in both processes would cost more than any imbalance between the pairs
    topics = {
        "a": ["Registered"],
        "b": ["Registered", "Workspace"],
        "c": ["Booked"],
        "d": ["Booked"],
    }
    mix = {"Registered": 60_000, "Booked": 40_000, "Workspace": 10}
    assert partition(topics, mix, 2) == [["a", "b"], ["c", "d"]]


def test_the_costliest_group_of_the_real_views_is_the_least_one_step_can_make_it():
    topics = {view.name: view.topics() for view in all_views()}
    mix = {topic: 1_000 for names in topics.values() for topic in names}
    groups = partition(topics, mix, 2)
    assert sorted(n for group in groups for n in group) == sorted(topics)
    costliest = max(group_cost(topics, g, mix) for g in groups)
    assert costliest < 0.75 * group_cost(topics, list(topics), mix)
    for i, j in ((0, 1), (1, 0)):  # no view moved or swapped lowers it
        for name in groups[i]:
            for other in [None, *groups[j]]:
                moved = [set(g) for g in groups]
                moved[i].discard(name)
                moved[j].add(name)
                if other:
                    moved[j].discard(other)
                    moved[i].add(other)
                assert max(group_cost(topics, g, mix) for g in moved) >= costliest


def test_views_of_an_empty_log_are_still_spread_and_one_view_is_one_group():
    topics = {view.name: view.topics() for view in all_views()}
    groups = partition(topics, {}, 2)
    assert len(groups) == 2 and abs(len(groups[0]) - len(groups[1])) <= 1
    assert partition({"inbox": topics["inbox"]}, {}, 2) == [["inbox"]]
