"""The repository's aggregate cache (domain/aggregate_cache.py) is only a shortcut: a command
decided on a stale copy conflicts and runs again on fresh state, a write by another process is
seen by the next load, and a member's decrypted data does not outlive their key.

"Another process" is a second application on the same database, with its own cache.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from domain.errors import Conflict
from domain.filmhouse import FilmHouse
from domain.member import Member
from domain.personal_data import ERASED
from projections.log.eventstore import open_application
from tests.conftest import FAST_ARGON2, SECRET, sign_up


@pytest.fixture
def other(app: FilmHouse, database_url: str, clock) -> Iterator[FilmHouse]:
    """A second process's application on the same database."""
    application = open_application(database_url, secret=SECRET, clock_=clock, passwords=FAST_ARGON2)
    yield application
    application.close()


def test_a_command_decided_on_a_stale_copy_conflicts_and_its_retry_keeps_both_writes(app, other):
    ctx = sign_up(app, "mina@example.com", "crew")
    app.member(ctx.actor)  # now in this process's cache
    versions_seen: list[int] = []

    def command() -> None:
        member = app._load(Member, ctx.actor)
        if not versions_seen:
            # Another process writes after our load and before our save.
            other.claim_skill(ctx, skill="sound", level=2)
        versions_seen.append(member.version)
        member.claim_skill("grading", 4)
        app._save(ctx, member)

    conflicts = app.conflicts
    app._attempt(command)

    assert app.conflicts == conflicts + 1  # the stale decision was refused by the database...
    assert versions_seen[1] == versions_seen[0] + 1  # ...and retried on the newer version
    assert app.member(ctx.actor).skills == {"sound": 2, "grading": 4}
    assert other.member(ctx.actor).skills == {"sound": 2, "grading": 4}


def test_a_write_by_another_process_is_seen_by_the_next_load(app, other):
    ctx = sign_up(app, "joon@example.com", "crew")
    assert app.member(ctx.actor).skills == {}  # cached here
    other.claim_skill(ctx, skill="editing", level=3)
    assert app.member(ctx.actor).skills == {"editing": 3}
    assert app.repository.stats.forwarded >= 1  # brought forward, not rebuilt


def test_a_refused_command_leaves_the_cached_aggregate_untouched(app):
    ctx = sign_up(app, "ara@example.com", "crew")
    app.claim_skill(ctx, skill="editing", level=3)
    with pytest.raises(Conflict):
        app.claim_skill(ctx, skill="editing", level=3)  # already claimed at that level
    loaded = app.member(ctx.actor)
    loaded.claim_skill("sound", 1)  # changed in memory, never saved
    assert app.member(ctx.actor).skills == {"editing": 3}


def test_a_saved_aggregate_is_the_next_load_without_reading_its_events(app):
    ctx = sign_up(app, "hana@example.com", "crew")
    app.claim_skill(ctx, skill="editing", level=3)
    rebuilt = app.repository.stats.rebuilt
    member = app.member(ctx.actor)
    assert member.skills == {"editing": 3}
    assert app.repository.stats.rebuilt == rebuilt


def test_an_erased_members_cached_aggregate_reads_as_erased(app, admin):
    ctx = sign_up(app, "mina@example.com", "director")
    assert app.member(ctx.actor).name == "Mina"  # decrypted, and cached
    app.erase_member(admin, ctx.actor)
    member = app.member(ctx.actor)
    assert member.erased
    assert member.name == ERASED and member.email == ERASED


def test_a_shredded_key_erases_the_cached_copy_in_this_process_at_once(app):
    ctx = sign_up(app, "mina@example.com", "director")
    assert app.member(ctx.actor).name == "Mina"
    app.keys.shred(ctx.actor)
    assert app.member(ctx.actor).name == ERASED


def test_an_erasure_in_another_process_reaches_this_process_at_its_next_load(app, other, admin):
    """No waiting for this process's key cache to lapse: following the log, the next load sees
    the member's Erased event and never uses their key again."""
    ctx = sign_up(app, "mina@example.com", "director")
    assert app.member(ctx.actor).name == "Mina"  # cached here, with the key
    other.erase_member(admin, ctx.actor)
    member = app.member(ctx.actor)
    assert member.erased
    assert member.name == ERASED
    project_member = sign_up(app, "joon@example.com", "director")
    assert app.member(project_member.actor).name == "Joon"  # other members are untouched


def test_the_cache_can_be_switched_off(database_url, clock, monkeypatch):
    monkeypatch.setenv("FILMHOUSE_AGGREGATE_CACHE", "0")
    application = open_application(database_url, secret=SECRET, clock_=clock, passwords=FAST_ARGON2)
    try:
        ctx = sign_up(application, "a@example.com", "crew")
        application.claim_skill(ctx, skill="editing", level=4)
        assert application.member(ctx.actor).skills == {"editing": 4}
        assert application.repository.stats.hits == 0
    finally:
        application.close()
