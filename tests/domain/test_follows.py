"""Following a director: any member, not oneself, once however often they press the button.
Given events, when a command, then events (or this error)."""

from __future__ import annotations

import pytest

from domain.context import Context
from domain.errors import Conflict, Forbidden, NotFound
from domain.follow import Follow
from domain.member import Member
from tests.domain.test_partners import member, verified_partner


def events_of(app, follower, director) -> list[str]:
    follow_id = Follow.id_for(follower.actor, director.actor)
    if not app.exists(follow_id):
        return []
    return [type(e).__name__ for e in app.events.get(follow_id)]


def test_follow_director_by_crew_starts_a_follow(app):
    crew = member(app, "kim@example.com", "crew")
    director = member(app, "mina@example.com", "director")

    assert app.follow_director(crew, director.actor) is True

    [started] = list(app.events.get(Follow.id_for(crew.actor, director.actor)))
    assert isinstance(started, Follow.Started)
    assert (started.follower_id, started.director_id) == (crew.actor, director.actor)


def test_follow_director_by_a_partner_representative_goes_through_follow(app, admin):
    scout = verified_partner(app, admin)
    director = member(app, "mina@example.com", "director")

    app.follow_director(scout, director.actor)

    assert events_of(app, scout, director) == ["Started"]
    partner_events = [type(e).__name__ for e in app.events.get(app.partner_of(scout.actor).id)]
    assert "DirectorFollowed" not in partner_events


def test_follow_director_twice_is_a_no_op(app):
    crew = member(app, "kim@example.com", "crew")
    director = member(app, "mina@example.com", "director")
    app.follow_director(crew, director.actor)

    assert app.follow_director(crew, director.actor) is False

    assert events_of(app, crew, director) == ["Started"]


def test_follow_oneself_is_conflict_on_director_id(app):
    director = member(app, "mina@example.com", "director")

    with pytest.raises(Conflict, match="cannot follow yourself") as refused:
        app.follow_director(director, director.actor)

    assert refused.value.field == "director_id"
    assert events_of(app, director, director) == []


def test_follow_a_member_who_is_not_a_director_is_conflict(app):
    crew = member(app, "kim@example.com", "crew")
    other = member(app, "lee@example.com", "crew")

    with pytest.raises(Conflict, match="only directors") as refused:
        app.follow_director(crew, other.actor)

    assert refused.value.field == "director_id"


def test_follow_an_erased_director_is_conflict(app, admin):
    crew = member(app, "kim@example.com", "crew")
    director = member(app, "mina@example.com", "director")
    app.erase_member(admin, director.actor)

    with pytest.raises(Conflict, match="only directors"):
        app.follow_director(crew, director.actor)


def test_follow_nobody_is_not_found(app):
    crew = member(app, "kim@example.com", "crew")

    with pytest.raises(NotFound):
        app.follow_director(crew, Follow.id_for(crew.actor, crew.actor))


def test_follow_signed_out_is_forbidden(app):
    director = member(app, "mina@example.com", "director")

    with pytest.raises(Forbidden):
        app.follow_director(Context(None), director.actor)


def test_unfollow_then_follow_again_stops_and_resumes(app):
    crew = member(app, "kim@example.com", "crew")
    director = member(app, "mina@example.com", "director")
    app.follow_director(crew, director.actor)

    assert app.unfollow_director(crew, director.actor) is True
    assert app.follow_director(crew, director.actor) is True

    assert events_of(app, crew, director) == ["Started", "Stopped", "Resumed"]


def test_unfollow_twice_is_a_no_op(app):
    crew = member(app, "kim@example.com", "crew")
    director = member(app, "mina@example.com", "director")
    app.follow_director(crew, director.actor)
    app.unfollow_director(crew, director.actor)

    assert app.unfollow_director(crew, director.actor) is False

    assert events_of(app, crew, director) == ["Started", "Stopped"]


def test_unfollow_a_director_never_followed_is_a_no_op(app):
    crew = member(app, "kim@example.com", "crew")
    director = member(app, "mina@example.com", "director")

    assert app.unfollow_director(crew, director.actor) is False

    assert events_of(app, crew, director) == []


def test_follow_is_one_aggregate_per_pair(app):
    crew = member(app, "kim@example.com", "crew")
    mina = member(app, "mina@example.com", "director")
    jun = member(app, "jun@example.com", "director")

    app.follow_director(crew, mina.actor)
    app.follow_director(crew, jun.actor)

    assert Follow.id_for(crew.actor, mina.actor) != Follow.id_for(crew.actor, jun.actor)
    assert isinstance(app.repository.get(mina.actor), Member)


def test_unfollow_of_an_organisations_earlier_follow_records_a_stopped_follow(app, admin):
    scout = verified_partner(app, admin)
    director = member(app, "mina@example.com", "director")
    partner = app.partner_of(scout.actor)
    partner._director_followed(director_id=director.actor)  # as logs before Follow hold it
    app._save(scout, partner)

    assert app.unfollow_director(scout, director.actor) is True

    assert events_of(app, scout, director) == ["Started", "Stopped"]
    assert app.unfollow_director(scout, director.actor) is False
