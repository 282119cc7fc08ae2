"""The demo shows follows and profiles: the demo crew member and the demo partner follow the
demo director and find the director's pitches in their inboxes; every organisation has said
what it looks for, the demo partner's in its own words."""

from __future__ import annotations

from projections.views.bridge import Bridge
from projections.views.inbox import Inbox
from tests.web.test_demo import Loaded, demo  # noqa: F401  (the module's demo fixture)


def test_demo_crew_and_partner_follow_the_director_and_hear_of_pitches(demo: Loaded) -> None:  # noqa: F811
    director = demo.member("director")
    with demo.projector.db.read() as tx:
        followers = {f.follower_id for f in Bridge.member_followers(tx, director)}
        crew_items = Inbox.items(tx, demo.member("crew"), limit=500)
        partner_items = Inbox.items(tx, demo.member("partner"), limit=500)
        following = tx.scalar("SELECT COUNT(*) FROM br_member_follows WHERE active = 1")
    assert {demo.member("crew"), demo.member("partner")} <= followers
    for items in (crew_items, partner_items):
        pitches = [i for i in items if i.kind == "followed_pitched"]
        assert [i for i in pitches if i.other_id == director]
    assert following > 5


def test_demo_partners_say_what_they_look_for(demo: Loaded) -> None:  # noqa: F811
    with demo.projector.db.read() as tx:
        mine = Bridge.partner_of(tx, demo.member("partner"))
        assert mine is not None
        profile = Bridge.profile(tx, mine.partner_id)
        verified = [p.partner_id for p in Bridge.partners(tx, status="verified")]
        profiled = {p.partner_id for p in Bridge.profiles(tx)}
    assert profile is not None and profile.genres and profile.stages and profile.offers
    assert "Choi Dong-hyun scouts for us" in profile.description
    assert set(verified) == profiled
