"""Audit: history, entity as of a moment, compare, export, and every kind of tampering caught."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from domain.personal_data import ERASED
from projections.views.audit import Audit, Seal
from tests.conftest import START, sign_up


@pytest.fixture
def audit(app):
    return Audit(app)


@pytest.fixture
def busy_log(app, admin, clock):
    """A member whose life spans a few days, and a few other members."""
    member = sign_up(app, "kim@example.com", "crew", university="cau")
    clock.advance(timedelta(days=1))
    app.claim_skill(member, skill="editing", level=3)
    clock.advance(timedelta(days=1))
    app.grant_role(admin, member.actor, "auditor")
    for i in range(5):
        sign_up(app, f"m{i}@example.com", "director")
    return member


def test_history_lists_events_in_log_order_with_actor(app, audit, busy_log, admin):
    history = audit.history(busy_log.actor)
    assert [h.type for h in history] == [
        "Member.Registered",
        "Member.SkillClaimed",
        "Member.RoleGranted",
    ]
    assert [h.position for h in history] == sorted(h.position for h in history)
    assert history[2].actor == admin.actor.hex
    assert history[1].data == {"skill": "editing", "level": 3}
    assert history[0].data["name"] == "Kim"


def test_entity_as_of_a_past_moment(app, audit, busy_log):
    before_skill = audit.position_at(START + timedelta(hours=12))
    state = audit.entity_state(busy_log.actor, before_skill)
    assert state["skills"] == {} and "auditor" not in state["roles"]
    now = audit.entity_state(busy_log.actor, audit.position_at(START + timedelta(days=3)))
    assert now["skills"] == {"editing": 3} and "auditor" in now["roles"]
    assert audit.entity_state(busy_log.actor, audit.position_at(START - timedelta(days=1))) is None


def test_a_clock_that_goes_back_never_moves_a_moment_before_an_earlier_head(app, audit, clock):
    """Given a save stamped earlier than the head before it (clocks are not monotonic), the
    head at any moment is still the last position written by then, never an earlier one."""
    first = sign_up(app, "first@example.com", "crew")
    after_first = audit.position_at(clock.now())
    clock.advance(timedelta(hours=-2))  # the clock steps back
    sign_up(app, "second@example.com", "crew")
    after_second = audit.position_at(clock.now() + timedelta(hours=2))
    assert after_second > after_first
    # An hour after the step back but before the first save's moment: only what was written
    # before the first save's time counts, as the second save became head only after it.
    assert audit.position_at(clock.now() + timedelta(hours=1)) < after_first
    assert audit.entity_state(first.actor, after_first) is not None


def test_compare_two_moments_names_what_changed(audit, busy_log):
    first = audit.position_at(START + timedelta(hours=12))
    second = audit.position_at(START + timedelta(days=3))
    diff = audit.compare(busy_log.actor, first, second)
    assert set(diff["changed"]) >= {"skills", "roles"}
    assert diff["changed"]["skills"] == {"before": {}, "after": {"editing": 3}}


def test_entity_state_of_a_project_with_roles_is_plain_data(app, audit):
    """Given a project whose roles are records (CrewRole), its state as of now is JSON-safe:
    each role a plain object with its hires, nothing left as a Python object."""
    from tests.domain.test_subsidies import make_project

    director = sign_up(app, "lee@example.com", "director")
    editor = sign_up(app, "kang@example.com", "crew")
    project_id = make_project(app, director, crew=(editor.actor,))
    state = audit.entity_state(project_id, audit.position_at(START + timedelta(days=1)))
    (role,) = json.loads(json.dumps(state))["roles"].values()
    assert role["role"] == "editor" and role["hired"] == [str(editor.actor)]
    assert role["start"] == "2026-05-01" and state["status"] == "crewing"


def test_entity_state_of_an_application_says_its_status(app, admin, audit):
    """A subsidy application derives its status; the state as of a moment carries it."""
    from tests.domain.test_subsidies import apply, make_project, open_fund

    director = sign_up(app, "lee@example.com", "director", university="karts")
    application = apply(app, open_fund(app, admin), director, make_project(app, director))
    state = audit.entity_state(application, audit.position_at(START + timedelta(days=1)))
    assert state["status"] == "submitted" and state["type"] == "SubsidyApplication"
    json.dumps(state)


def test_export_history_as_csv_and_json(audit, busy_log):
    as_json = json.loads(audit.export(busy_log.actor, "json"))
    assert [e["type"] for e in as_json][-1] == "Member.RoleGranted"
    as_csv = audit.export(busy_log.actor, "csv").splitlines()
    assert as_csv[0] == "position,type,at,actor,reason,data" and len(as_csv) == 4
    with pytest.raises(ValueError):
        audit.export(busy_log.actor, "xml")


def test_erased_member_history_reads_as_erased(app, audit, busy_log):
    app.keys.shred(busy_log.actor)
    assert audit.history(busy_log.actor)[0].data["name"] == ERASED
    assert audit.verify().ok


def test_verify_intact_log(audit, busy_log):
    result = audit.verify()
    assert result.ok and result.events == result.head > 30 and result.first_bad_position is None


def _positions(audit, tx):
    col = "notification_id" if tx.postgres else "rowid"
    return col, [
        r[0]
        for r in tx.execute(f"SELECT {col} FROM {audit.events_table} ORDER BY {col}").fetchall()
    ]


def test_verify_catches_an_edited_event(audit, busy_log):
    with audit.db.write() as tx:
        col, positions = _positions(audit, tx)
        target = positions[10]
        tx.execute(
            f"UPDATE {audit.events_table} SET state = ? WHERE {col} = ?", (b'{"x":1}', target)
        )
    result = audit.verify()
    assert not result.ok and result.first_bad_position == target


def test_verify_catches_a_deleted_event(audit, busy_log):
    with audit.db.write() as tx:
        col, positions = _positions(audit, tx)
        target = positions[7]
        tx.execute(f"DELETE FROM {audit.events_table} WHERE {col} = ?", (target,))
    result = audit.verify()
    assert not result.ok and result.first_bad_position == target


def test_verify_catches_an_inserted_event(audit, busy_log):
    from uuid import uuid4

    with audit.db.write() as tx:
        _col, positions = _positions(audit, tx)
        fake = uuid4()
        if tx.postgres:
            tx.execute(
                f"INSERT INTO {audit.events_table} (originator_id, originator_version, "
                f"topic, state) VALUES (?, 1, 'domain.member:Member.Erased', ?)",
                (fake, b"{}"),
            )
        else:
            tx.execute(
                "INSERT INTO stored_events VALUES (?, 1, 'domain.member:Member.Erased', ?)",
                (fake.hex, b"{}"),
            )
        _col, after = _positions(audit, tx)
    inserted = (set(after) - set(positions)).pop()
    result = audit.verify()
    assert not result.ok and result.first_bad_position == inserted


def test_verify_catches_reordered_events(audit, busy_log):
    with audit.db.write() as tx:
        col, positions = _positions(audit, tx)
        a, b = positions[5], positions[9]
        tx.execute(f"UPDATE {audit.events_table} SET {col} = ? WHERE {col} = ?", (-1, a))
        tx.execute(f"UPDATE {audit.events_table} SET {col} = ? WHERE {col} = ?", (a, b))
        tx.execute(f"UPDATE {audit.events_table} SET {col} = ? WHERE {col} = ?", (b, -1))
    result = audit.verify()
    assert not result.ok and result.first_bad_position == a


def test_verify_catches_a_truncated_tail_by_checkpoint_and_by_seal(audit, busy_log):
    seal = audit.seal()
    assert Seal.parse(str(seal)) == seal
    with audit.db.write() as tx:
        col, positions = _positions(audit, tx)
        cut = positions[-3]
        tx.execute(f"DELETE FROM {audit.events_table} WHERE {col} >= ?", (cut,))
        tx.execute("DELETE FROM audit_chain WHERE position >= ?", (cut,))
    result = audit.verify()
    assert not result.ok and result.first_bad_position == positions[-4] + 1
    with audit.db.write() as tx:
        tx.execute("DELETE FROM head_checkpoints WHERE position >= ?", (cut,))
    assert audit.verify().ok  # without the seal, a clean cut with its witnesses is invisible
    sealed = audit.verify(seal)
    assert not sealed.ok and sealed.first_bad_position == positions[-4] + 1


def test_verify_against_a_seal_catches_a_rewritten_chain(app, audit, busy_log):
    seal = audit.seal()
    from projections.log.chain import GENESIS, link

    with audit.db.write() as tx:
        col, positions = _positions(audit, tx)
        tx.execute(
            f"UPDATE {audit.events_table} SET state = ? WHERE {col} = ?", (b'{"x":2}', positions[3])
        )
        rows = tx.execute(
            f"SELECT {col}, originator_id, originator_version, topic, state "
            f"FROM {audit.events_table} ORDER BY {col}"
        ).fetchall()
        previous = GENESIS
        from uuid import UUID

        for r in rows:
            ident = r[1] if isinstance(r[1], UUID) else UUID(r[1])
            previous = link(previous, r[0], ident, r[2], r[3], bytes(r[4]))
            tx.execute("UPDATE audit_chain SET hash = ? WHERE position = ?", (previous, r[0]))
    assert audit.verify().ok  # a forger who rewrote every link fools the chain alone
    result = audit.verify(seal)
    assert not result.ok and result.first_bad_position == seal.position


def test_seal_parse_refuses_other_text():
    with pytest.raises(ValueError):
        Seal.parse("hello")


def test_erase_member_blanks_views_keeps_chain_and_survives_restore(app, admin, audit):
    from projections.projector.runner import Projector
    from projections.views.directory import Directory

    member = sign_up(app, "kim@example.com", "crew")
    projector = Projector(app, [Directory()])
    projector.ensure()
    projector.catch_up_all()
    seal = audit.seal()
    backed_up_key = app.keys.key(member.actor)
    app.erase_member(member, member.actor)
    projector.catch_up_all()
    with projector.db.read() as tx:
        assert Directory.member(tx, member.actor).name == ERASED
    assert app.member(member.actor).name == ERASED
    assert audit.history(member.actor)[0].data["email"] == ERASED
    assert audit.verify(seal).ok
    projector.rebuild()
    with projector.db.read() as tx:
        assert Directory.member(tx, member.actor).name == ERASED
    # A restore from a backup taken before the erasure brings the key back ...
    with audit.db.write() as tx:
        tx.execute(
            "INSERT INTO member_keys (subject, key) VALUES (?, ?)",
            (member.actor.hex, backed_up_key),
        )
    app.keys._cache.clear()  # as a process started on the restored database would be
    app.keys._shredded.clear()
    assert app.member(member.actor).name == "Kim"
    # ... and re-applying the ledger shreds it again.
    assert app.reapply_erasures() == 1
    assert app.member(member.actor).name == ERASED


def test_erase_another_member_is_forbidden(app):
    from domain.errors import Forbidden

    a = sign_up(app, "a@example.com", "crew")
    b = sign_up(app, "b@example.com", "crew")
    with pytest.raises(Forbidden):
        app.erase_member(a, b.actor)
