"""`filmhouse replay --as-of T --out PATH`: the views as they stood at T, written by the
projector's own rebuild into a new SQLite file, with one CSV file per view table beside it;
an existing file is never overwritten."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import timedelta

import pytest

from domain.clock import SettableClock
from domain.personal_data import ERASED
from projections.log.eventstore import open_application
from projections.projector.catalogue import all_views
from tests.conftest import START, sign_up
from web.cli import main
from web.settings import Settings


@pytest.fixture
def history(tmp_path, monkeypatch):
    """Given Kim and Park signed up on the first day, Lee a week later, and Park erased since."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FILMHOUSE_DATABASE_URL", f"sqlite:///{tmp_path}/cli.sqlite")
    monkeypatch.setenv("FILMHOUSE_SECRET", "cli-test-secret-cli-test-secret")
    settings = Settings.from_env()
    clock = SettableClock(START)
    app = open_application(settings.database_url, secret=settings.secret, clock_=clock)
    app.seed_universities()
    sign_up(app, "kim@example.com", "crew", university="cau")
    park = sign_up(app, "park@example.com", "crew")
    clock.advance(timedelta(days=7))
    sign_up(app, "lee@example.com", "director")
    clock.advance(timedelta(days=1))
    app.erase_member(park, park.actor)
    app.close()
    return tmp_path


def _replay(capsys, as_of, out):
    code = main(["replay", "--as-of", as_of, "--out", str(out)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured


def test_the_views_as_they_stood_go_to_a_new_sqlite_file_and_csv(history, capsys):
    out = history / "past" / "march.sqlite"
    as_of = (START + timedelta(days=1)).isoformat()
    code, captured = _replay(capsys, as_of, out)
    assert code == 0, captured.err
    answer = json.loads(captured.out)
    with sqlite3.connect(out) as db:
        names = [r[0] for r in db.execute("SELECT name FROM dir_members ORDER BY name")]
    assert names == sorted([ERASED, "Kim"])  # Lee came later; Park, erased since, reads as erased
    assert answer["rows"]["dir_members"] == 2 and answer["database"] == str(out)
    folder = history / "past" / "march-csv"
    tables = [t for v in all_views() for t in v.TABLES]
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.csv" for t in tables)
    with (folder / "dir_members.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert sorted(r["name"] for r in rows) == sorted([ERASED, "Kim"]) and "member_id" in rows[0]


def test_a_later_moment_shows_the_later_member(history, capsys):
    out = history / "later.sqlite"
    code, _ = _replay(capsys, (START + timedelta(days=9)).isoformat(), out)
    assert code == 0
    with sqlite3.connect(out) as db:
        names = sorted(r[0] for r in db.execute("SELECT name FROM dir_members"))
    assert names == sorted([ERASED, "Kim", "Lee"])


def test_an_existing_file_is_never_overwritten(history, capsys):
    out = history / "kept.sqlite"
    out.write_bytes(b"the auditor's own notes")
    code, captured = _replay(capsys, START.isoformat(), out)
    assert code == 2 and "exists" in captured.err
    assert out.read_bytes() == b"the auditor's own notes"
    assert not (history / "kept-csv").exists()
