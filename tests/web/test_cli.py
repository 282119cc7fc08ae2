"""The `filmhouse` command line, run as a user would, on a fresh SQLite file."""

from __future__ import annotations

import pytest

from domain.vocabulary import Role
from projections.log.eventstore import open_application
from web.cli import main
from web.settings import Settings


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FILMHOUSE_DATABASE_URL", f"sqlite:///{tmp_path}/cli.sqlite")
    monkeypatch.setenv("FILMHOUSE_SECRET", "cli-test-secret-cli-test-secret")
    return tmp_path


def _open():
    settings = Settings.from_env()
    return open_application(settings.database_url, secret=settings.secret)


def test_admin_create_makes_an_admin_who_can_sign_in(env, capsys):
    assert (
        main(
            [
                "admin",
                "create",
                "--email",
                "boss@filmhouse.test",
                "--password",
                "a-long-password",
                "--name",
                "Boss",
            ]
        )
        == 0
    )
    assert "boss@filmhouse.test" in capsys.readouterr().out
    filmhouse = _open()
    member_id = filmhouse.authenticate("boss@filmhouse.test", "a-long-password")
    assert member_id is not None
    assert Role.ADMIN in filmhouse.member(member_id).roles
    filmhouse.close()


def test_admin_create_twice_keeps_one_account(env):
    for _ in range(2):
        main(
            [
                "admin",
                "create",
                "--email",
                "boss@filmhouse.test",
                "--password",
                "a-long-password",
                "--name",
                "Boss",
            ]
        )
    filmhouse = _open()
    assert filmhouse.member_by_email("boss@filmhouse.test") is not None
    filmhouse.close()


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("serve", "demo", "admin", "match"):
        assert command in out
