"""`filmhouse backup` and `filmhouse restore`: a restored log verifies against a seal taken
before the backup, and members erased since the backup stay erased (the ledger is re-applied)."""

from __future__ import annotations

import pytest

from domain.context import Context
from domain.personal_data import ERASED
from projections.log.eventstore import open_application
from projections.views.audit import Audit
from tests.conftest import FAST_ARGON2, sign_up
from web.cli import main

SECRET = "backup-test-secret-backup-test-secret"


@pytest.fixture
def env(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path}/live.sqlite"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FILMHOUSE_DATABASE_URL", url)
    monkeypatch.setenv("FILMHOUSE_SECRET", SECRET)
    return url


def _open(url):
    app = open_application(url, secret=SECRET.encode(), passwords=FAST_ARGON2)
    app.seed_universities()
    return app


def test_restore_verifies_against_the_seal_and_keeps_erasures(env, tmp_path, capsys):
    app = _open(env)
    mina = sign_up(app, "mina@example.com", "director")
    joon = sign_up(app, "joon@example.com", "crew")
    app.claim_skill(mina, skill="directing", level=5)
    seal = Audit(app).seal()
    app.close()

    assert main(["backup", str(tmp_path / "backup.sqlite")]) == 0

    app = _open(env)
    app.erase_member(Context(mina.actor), mina.actor)
    app.close()

    assert main(["restore", str(tmp_path / "backup.sqlite")]) == 2  # not over a live log
    assert "--force" in capsys.readouterr().err
    assert main(["restore", str(tmp_path / "backup.sqlite"), "--force"]) == 0
    assert "1 member key(s) shredded again" in capsys.readouterr().out

    app = _open(env)
    try:
        assert Audit(app).verify(seal).ok
        assert Audit(app).verify().head == seal.position  # the log as it was at the backup
        member = app.member(mina.actor)
        assert member.name == ERASED and member.email == ERASED  # the ledger re-applied
        assert member.skills == {"directing": 5}
        assert app.member(joon.actor).name == "Joon"
    finally:
        app.close()


def test_backup_refuses_to_overwrite_a_file(env, tmp_path, capsys):
    _open(env).close()
    (tmp_path / "taken.sqlite").write_bytes(b"")
    assert main(["backup", str(tmp_path / "taken.sqlite")]) == 2
    assert "exists" in capsys.readouterr().err


def test_restore_into_an_empty_database_needs_no_force(env, tmp_path, monkeypatch):
    app = _open(env)
    sign_up(app, "mina@example.com", "director")
    seal = Audit(app).seal()
    app.close()
    assert main(["backup", str(tmp_path / "backup.sqlite")]) == 0
    monkeypatch.setenv("FILMHOUSE_DATABASE_URL", f"sqlite:///{tmp_path}/fresh.sqlite")
    assert main(["restore", str(tmp_path / "backup.sqlite")]) == 0
    app = _open(f"sqlite:///{tmp_path}/fresh.sqlite")
    try:
        assert Audit(app).verify(seal).ok
    finally:
        app.close()
