"""`filmhouse audit verify` on tampered logs: each kind of tampering is reported at its position
with `ok: false` and exit 1, never a traceback, and the run leaves every row of every table as
it found it (the command opens the database read-only: no seeding, no migration, no key).
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from uuid import UUID

import pytest

from projections.log.chain import GENESIS, link
from projections.views.audit import Audit
from tests.conftest import sign_up
from web.cli import main


@pytest.fixture
def log(app, admin, clock, database_url, monkeypatch, tmp_path):
    """A log of a few dozen events, and the command line pointed at its database."""
    for i in range(6):
        member = sign_up(app, f"m{i}@example.com", "crew")
        clock.advance(timedelta(hours=1))
        app.claim_skill(member, skill="editing", level=2)
    monkeypatch.setenv("FILMHOUSE_DATABASE_URL", database_url)
    monkeypatch.delenv("FILMHOUSE_SECRET", raising=False)
    monkeypatch.chdir(tmp_path)  # where a careless command would write var/secret.key
    return Audit(app)


def _column(tx):
    return "notification_id" if tx.postgres else "rowid"


def _positions(audit):
    with audit.db.read() as tx:
        col = _column(tx)
        rows = tx.execute(f"SELECT {col} FROM {audit.events_table} ORDER BY {col}").fetchall()
    return [int(r[0]) for r in rows]


def _dump(audit):
    """Every row of every table of the database (the log's and the views' alike)."""
    with audit.db.read() as tx:
        if tx.postgres:
            names = [
                r[0]
                for r in tx.execute(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = current_schema() ORDER BY table_name"
                ).fetchall()
            ]
        else:
            names = [
                r[0]
                for r in tx.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                ).fetchall()
            ]
        return {
            name: sorted(
                (
                    tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                    for row in tx.execute(f'SELECT * FROM "{name}"').fetchall()
                ),
                key=repr,
            )
            for name in names
        }


def _verify(capsys, *extra):
    code = main(["audit", "verify", "--json", *extra])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, json.loads(captured.out)


def _set(audit, position, column, value):
    with audit.db.write() as tx:
        tx.execute(
            f"UPDATE {audit.events_table} SET {column} = ? WHERE {_column(tx)} = ?",
            (value, position),
        )


def _rechain(audit):
    """What a forger who knows the chain's recipe does after editing: rewrite every link."""
    with audit.db.write() as tx:
        col = _column(tx)
        rows = tx.execute(
            f"SELECT {col}, originator_id, originator_version, topic, state "
            f"FROM {audit.events_table} ORDER BY {col}"
        ).fetchall()
        previous = GENESIS
        for r in rows:
            ident = r[1] if isinstance(r[1], UUID) else UUID(r[1])
            previous = link(previous, r[0], ident, r[2], r[3], bytes(r[4]))
            tx.execute("UPDATE audit_chain SET hash = ? WHERE position = ?", (previous, r[0]))


def test_an_intact_log_is_ok_and_left_as_it_was(log, capsys, tmp_path):
    before = _dump(log)
    code, result = _verify(capsys)
    assert code == 0 and result["ok"] and result["first_bad_position"] is None
    assert result["events"] == len(_positions(log))
    assert _dump(log) == before
    assert not (tmp_path / "var").exists()  # no secret written, no database made


@pytest.mark.parametrize(
    ("where", "column", "value"),
    [
        ("early", "state", b'{"x":1}'),
        ("late", "state", b'{"name":"Someone Else"}'),
        ("last", "state", b"{}"),
        ("late", "topic", "domain.member:Member.Erased"),
        ("early", "topic", "domain.nowhere:Nothing.Happened"),
        ("late", "state", b"\xff\xfe not json at all"),
    ],
)
def test_each_tampering_is_reported_at_its_position(log, capsys, where, column, value):
    positions = _positions(log)
    target = {"early": positions[2], "late": positions[-5], "last": positions[-1]}[where]
    _set(log, target, column, value)
    before = _dump(log)
    code, result = _verify(capsys)
    assert code == 1
    assert result["ok"] is False and result["first_bad_position"] == target
    assert result["events"] == positions.index(target)
    assert _dump(log) == before


@pytest.mark.parametrize("where", ["early", "late", "last"])
def test_an_event_that_no_longer_decodes_is_caught_even_with_the_chain_rewritten(
    log, capsys, where
):
    """The chain alone is fooled by a forger who rewrote every link; the event, which no longer
    decodes, still names its position."""
    positions = _positions(log)
    target = {"early": positions[1], "late": positions[-4], "last": positions[-1]}[where]
    _set(log, target, "state", b"\x00\x01 broken")
    _rechain(log)
    before = _dump(log)
    code, result = _verify(capsys)
    assert code == 1 and result["first_bad_position"] == target
    assert "cannot be decoded" in result["problem"]
    assert _dump(log) == before


def test_a_foreign_topic_with_the_chain_rewritten_is_caught(log, capsys):
    positions = _positions(log)
    _set(log, positions[-3], "topic", "domain.nowhere:Nothing.Happened")
    _rechain(log)
    code, result = _verify(capsys)
    assert code == 1 and result["first_bad_position"] == positions[-3]


def test_a_seal_checks_the_rewritten_chain_and_a_bad_digest_is_refused(log, capsys):
    seal = str(log.seal())
    code, result = _verify(capsys, "--digest", seal)
    assert code == 0 and result["ok"]
    positions = _positions(log)
    _set(log, positions[4], "state", b'{"name":"x"}')
    _rechain(log)
    code, result = _verify(capsys, "--digest", seal)
    assert code == 1 and result["first_bad_position"] == positions[-1]
    code = main(["audit", "verify", "--digest", "sha256:abc"])
    captured = capsys.readouterr()
    assert code == 2 and "not a Film House seal" in captured.err
    assert "Traceback" not in captured.err


def test_no_database_is_an_answer_not_a_traceback_and_makes_none(monkeypatch, tmp_path, capsys):
    missing = tmp_path / "nowhere" / "filmhouse.sqlite"
    monkeypatch.setenv("FILMHOUSE_DATABASE_URL", f"sqlite:///{missing}")
    assert main(["audit", "verify"]) == 2
    assert "no database" in capsys.readouterr().err
    assert not missing.parent.exists()
    other = tmp_path / "other.sqlite"
    other.write_bytes(b"this is not a database file, just text")
    monkeypatch.setenv("FILMHOUSE_DATABASE_URL", f"sqlite:///{other}")
    assert main(["audit", "verify"]) == 2
    assert "not a Film House database" in capsys.readouterr().err
    assert os.path.getsize(other) == len(b"this is not a database file, just text")


def test_a_seal_taken_on_the_command_line_is_recorded_and_verifies(log, capsys, monkeypatch):
    from projections.views.audit import seals_taken

    monkeypatch.setenv("FILMHOUSE_SECRET", "test-secret-test-secret-test-secret")
    assert main(["audit", "seal"]) == 0
    seal = capsys.readouterr().out.strip()
    (taken,) = seals_taken(log)
    assert str(taken.seal) == seal and taken.actor == "system"
    code, result = _verify(capsys, "--digest", seal)
    assert code == 0 and result["ok"]
