"""Follows and partners' profiles as the views keep them: who follows whom (members, and the
organisations their representatives speak for), a followed director's pitch and wrap in each
follower's inbox (not after unfollowing), a partner's stated profile; redelivery and a rebuild
change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.context import Context
from projections.projector.runner import Projector
from projections.views.bridge import Bridge
from projections.views.inbox import Inbox
from tests.conftest import sign_up
from tests.domain.test_partner_profile import PROFILE
from tests.domain.test_partners import brn, verified_partner
from tests.projections.test_inbox import pitched


@pytest.fixture
def projector(app):
    p = Projector(app, [Bridge(), Inbox()])
    p.ensure()
    return p


@pytest.fixture
def mina(app) -> Context:
    return sign_up(app, "mina@example.com", "director", university="cau")


@pytest.fixture
def jun(app) -> Context:
    return sign_up(app, "jun@example.com", "director")


@pytest.fixture
def kim(app) -> Context:
    return sign_up(app, "kim@example.com", "crew", university="cau")


def items(projector, who: Context, kind: str) -> list:
    projector.catch_up_all()
    with projector.db.read() as tx:
        return [i for i in Inbox.items(tx, who.actor) if i.kind == kind]


def wrap(app, director: Context, project_id) -> None:
    app.start_crewing(director, project_id)
    app.start_production(director, project_id)
    app.wrap_project(director, project_id)


def test_followers_and_following_are_listed(app, admin, clock, projector, mina, jun, kim):
    scout = verified_partner(app, admin)
    app.follow_director(kim, mina.actor)
    clock.advance(timedelta(hours=1))
    app.follow_director(scout, mina.actor)
    app.follow_director(kim, jun.actor)
    app.unfollow_director(kim, jun.actor)

    projector.catch_up_all()
    with projector.db.read() as tx:
        mina_followers = Bridge.member_followers(tx, mina.actor)
        kim_following = Bridge.member_following(tx, kim.actor)
        partners_on_mina = Bridge.followers(tx, mina.actor)
        lotus_following = Bridge.following(tx, app.partner_of(scout.actor).id)
        kim_follows = (Bridge.follows(tx, kim.actor, mina.actor),
                       Bridge.follows(tx, kim.actor, jun.actor))  # fmt: skip
        count = Bridge.follower_count(tx, mina.actor)

    assert [f.follower_id for f in mina_followers] == [kim.actor, scout.actor]
    assert [f.director_id for f in kim_following] == [mina.actor]
    assert kim_follows == (True, False) and count == 2
    assert [(f.partner_name, f.director_id) for f in partners_on_mina] == [
        ("Lotus Pictures", mina.actor)
    ]
    assert [f.director_id for f in lotus_following] == [mina.actor]


def test_pitch_by_followed_director_reaches_each_follower(app, admin, projector, mina, jun, kim):
    scout = verified_partner(app, admin)
    app.follow_director(kim, mina.actor)
    app.follow_director(scout, mina.actor)

    project_id, _ = pitched(app, mina, title="Night Bus")
    pitched(app, jun, title="Harbour")

    for follower in (kim, scout):
        [item] = items(projector, follower, "followed_pitched")
        assert item.subject_id == project_id and item.other_id == mina.actor
        assert item.other_name == "Mina"
        assert item.data["project_title"] == "Night Bus"
    assert items(projector, mina, "followed_pitched") == []
    assert items(projector, jun, "followed_pitched") == []


def test_wrap_by_followed_director_reaches_the_follower(app, projector, mina, kim):
    project_id, _ = pitched(app, mina)
    app.follow_director(kim, mina.actor)

    wrap(app, mina, project_id)

    [item] = items(projector, kim, "followed_wrapped")
    assert (item.subject_id, item.data["project_id"]) == (project_id, project_id.hex)
    assert items(projector, kim, "followed_pitched") == []


def test_no_item_after_unfollowing_and_again_after_following_again(app, projector, mina, kim):
    app.follow_director(kim, mina.actor)
    app.unfollow_director(kim, mina.actor)
    pitched(app, mina, title="Night Bus")
    assert items(projector, kim, "followed_pitched") == []

    app.follow_director(kim, mina.actor)
    pitched(app, mina, title="Second")

    assert [i.data["project_title"] for i in items(projector, kim, "followed_pitched")] == [
        "Second"
    ]


def test_partner_profile_is_kept_and_only_verified_ones_recommendable(app, admin, projector):
    scout = verified_partner(app, admin)
    lotus = app.partner_of(scout.actor).id
    pending = sign_up(app, "north@stream.example", "partner")
    north = app.register_partner(pending, name="North Stream", kind="streamer",
                                 business_number=brn("220810123"))  # fmt: skip
    app.state_partner_profile(scout, lotus, **PROFILE)
    app.state_partner_profile(pending, north, genres=["documentary"], budget_max_krw=0)

    projector.catch_up_all()
    with projector.db.read() as tx:
        profile = Bridge.profile(tx, lotus)
        north_profile = Bridge.profile(tx, north)
        recommendable = [p.partner_id for p in Bridge.profiles(tx)]
        every = [p.partner_id for p in Bridge.profiles(tx, recommendable=False)]

    assert profile is not None and north_profile is not None
    assert (profile.genres, profile.formats, profile.stages, profile.offers) == (
        ("drama", "thriller"),
        ("feature", "series"),
        ("development", "production"),
        ("co_production", "call_for_pitches"),
    )
    assert (profile.budget_min_krw, profile.budget_max_krw) == (50_000_000, 2_000_000_000)
    assert north_profile.genres == ("documentary",)
    assert recommendable == [lotus] and sorted(every) == sorted([lotus, north])

    app.suspend_partner(admin, lotus, "unpaid work")
    projector.catch_up_all()
    with projector.db.read() as tx:
        assert Bridge.profiles(tx) == []


def test_redelivery_and_rebuild_equal_the_live_view(app, admin, projector, mina, kim):
    scout = verified_partner(app, admin)
    app.state_partner_profile(scout, app.partner_of(scout.actor).id, **PROFILE)
    app.follow_director(kim, mina.actor)
    app.follow_director(scout, mina.actor)
    app.unfollow_director(scout, mina.actor)
    project_id, _ = pitched(app, mina)
    wrap(app, mina, project_id)
    projector.catch_up_all()
    tables = ("br_member_follows", "br_partner_profiles", "inbox_follows", "inbox_items")

    def rows() -> dict[str, list]:
        with projector.db.read() as tx:
            return {t: tx.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}

    live = rows()
    assert all(live.values())
    for name in ("bridge", "inbox"):
        view = projector.views[name]
        notes = app.recorder.select_notifications(start=1, limit=10_000, topics=view.topics())
        with projector.db.write() as tx:
            for note in notes:
                view.apply(tx, projector.decode(note))
    assert rows() == live
    projector.rebuild(["bridge", "inbox"])
    assert rows() == live


def test_an_organisations_earlier_follow_counts_until_its_representative_unfollows(
    app, admin, projector, mina
):
    scout = verified_partner(app, admin)
    lotus = app.partner_of(scout.actor)
    lotus._director_followed(director_id=mina.actor)  # as logs before Follow hold it
    app._save(scout, lotus)
    projector.catch_up_all()
    with projector.db.read() as tx:
        assert [f.director_id for f in Bridge.following(tx, lotus.id)] == [mina.actor]
        assert [f.partner_id for f in Bridge.followers(tx, mina.actor)] == [lotus.id]

    app.unfollow_director(scout, mina.actor)

    projector.catch_up_all()
    with projector.db.read() as tx:
        assert Bridge.following(tx, lotus.id) == [] and Bridge.followers(tx, mina.actor) == []
