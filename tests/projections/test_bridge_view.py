"""The bridge view: the opportunities board, a partner's pipeline, interest, follows, deals and
the partner queue, after real commands; redelivery changes nothing, a rebuild equals the live
view, and an erased director's cover notes are blanked."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from domain.clock import SEOUL
from domain.context import Context
from domain.personal_data import ERASED
from projections.projector.runner import Projector
from projections.views.bridge import Bridge
from projections.views.bridge_rows import STATES
from tests.domain.test_opportunities import DEADLINE, HIRING, post
from tests.domain.test_partners import brn, member, pitched_project, register, verified_partner

TABLES = ("br_partners", "br_projects", "br_opportunities", "br_submissions", "br_interest",
          "br_follows", "br_deals")  # fmt: skip


def app_ctx(app, scene, partner: str) -> Context:
    return Context(app.partner(scene[partner]).representative_id)


@pytest.fixture
def projector(app):
    p = Projector(app, [Bridge()])
    p.ensure()
    return p


def rows(projector) -> dict[str, list[tuple]]:
    with projector.db.read() as tx:
        return {t: tx.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}


@pytest.fixture
def scene(app, admin, clock):
    """Two partners, three directors, a board of four postings, a pipeline with every step."""
    lotus = verified_partner(app, admin)
    north = verified_partner(app, admin, "north@stream.example", brn("220810123"), "North Stream")
    mina = member(app, "mina@example.com", "director")
    jun = member(app, "jun@example.com", "director")
    ara = member(app, "ara@example.com", "director")
    pitches = post(app, lotus)
    hiring = post(app, lotus, **HIRING, deadline=DEADLINE - timedelta(days=10))
    distribution = post(app, north, kind="distribution", title="Festival shorts for streaming",
                        deadline=DEADLINE + timedelta(days=20))  # fmt: skip
    gone = post(app, north, kind="co_production", title="Co-pro with an entry fee")
    app.take_down_opportunity(admin, gone, "asks directors for an entry fee")
    night_bus = pitched_project(app, mina)
    harbour = pitched_project(app, jun, title="Harbour")
    winter = pitched_project(app, ara, title="Winter Light")
    s1 = app.submit_to_opportunity(mina, pitches, night_bus, "Deck attached")
    clock.advance(timedelta(hours=1))
    s2 = app.submit_to_opportunity(jun, pitches, harbour, "A port-city drama")
    clock.advance(timedelta(hours=1))
    s3 = app.submit_to_opportunity(ara, pitches, winter)
    app.submit_to_opportunity(mina, distribution, night_bus)
    app.shortlist_submission(lotus, s1, "strong visual voice")
    app.request_meeting(lotus, s1, "talk budget", datetime(2026, 3, 9, 15, 0, tzinfo=SEOUL))
    app.sign_deal(lotus, s1, "fits our slate", amount_krw=30_000_000, kind="development",
                  summary="development fee")  # fmt: skip
    app.shortlist_submission(lotus, s2, "we love the setting")
    app.pass_submission(lotus, s3, "no room for period pieces this year")
    app.register_interest(lotus, winter, "keep us posted")
    app.register_interest(north, night_bus, "for our shorts strand")
    app.register_interest(north, harbour)
    app.withdraw_interest(north, harbour)
    app.follow_director(lotus, mina.actor)
    app.follow_director(north, mina.actor)
    app.follow_director(north, jun.actor)
    app.unfollow_director(north, jun.actor)
    pending = member(app, "new@studio.example", "partner")
    register(app, pending, brn("105860007"), name="New Studio", kind="studio")
    return {
        "lotus": app.partner_of(lotus.actor).id, "north": app.partner_of(north.actor).id,
        "pending": app.partner_of(pending.actor).id, "mina": mina, "jun": jun, "ara": ara,
        "pitches": pitches, "hiring": hiring, "distribution": distribution, "gone": gone,
        "night_bus": night_bus, "harbour": harbour, "winter": winter, "s1": s1, "s2": s2,
        "s3": s3,
    }  # fmt: skip


def test_board_lists_open_postings_by_deadline(app, projector, scene, clock):
    projector.catch_up_all()
    with projector.db.read() as tx:
        board = Bridge.board(tx, clock.now())
        by_kind = Bridge.board_by_kind(tx, clock.now())
        hiring_only = Bridge.board(tx, clock.now(), kind="hiring")
    assert [c.opportunity_id for c in board] == [
        scene["hiring"],
        scene["pitches"],
        scene["distribution"],
    ]
    assert [c.partner_name for c in board] == ["Lotus Pictures"] * 2 + ["North Stream"]
    job = hiring_only[0]
    assert (job.pay_min_krw, job.pay_max_krw, job.pay_basis) == (2_800_000, 3_200_000,
                                                                 "per_month")  # fmt: skip
    assert job.conditions.startswith("Mon–Fri") and job.deadline == DEADLINE - timedelta(days=10)
    assert board[1].submissions == 3 and board[1].criteria == ("first or second film",
                                                                "shoots in Seoul")  # fmt: skip
    assert {k: len(v) for k, v in by_kind.items()} == {
        "call_for_pitches": 1,
        "co_production": 0,
        "distribution": 1,
        "hiring": 1,
    }


def test_board_drops_postings_past_their_deadline_or_closed(app, projector, scene, clock):
    clock.set(DEADLINE - timedelta(days=10))
    app.close_opportunity(app_ctx(app, scene, "north"), scene["distribution"], "slate full")
    projector.catch_up_all()
    with projector.db.read() as tx:
        board = Bridge.board(tx, clock.now())
        closed = Bridge.opportunity(tx, scene["distribution"])
        gone = Bridge.opportunity(tx, scene["gone"])
    assert [c.opportunity_id for c in board] == [scene["pitches"]]
    assert (closed.status, closed.reason) == ("closed", "slate full")
    assert (gone.status, gone.reason) == ("taken_down", "asks directors for an entry fee")


def test_pipeline_groups_a_partners_submissions_by_state(app, projector, scene):
    projector.catch_up_all()
    with projector.db.read() as tx:
        pipeline = Bridge.pipeline(tx, scene["lotus"])
        north = Bridge.pipeline(tx, scene["north"])
        mine = Bridge.submissions_of_director(tx, scene["mina"].actor)
    assert list(pipeline) == list(STATES)
    assert {state: [s.submission_id for s in rows] for state, rows in pipeline.items()} == {
        "submitted": [], "shortlisted": [scene["s2"]], "meeting_requested": [],
        "deal_signed": [scene["s1"]], "passed": [scene["s3"]], "withdrawn": [],
    }  # fmt: skip
    deal = pipeline["deal_signed"][0]
    assert (deal.project_title, deal.opportunity_title) == ("Night Bus", "Spring shorts slate")
    assert deal.reason == "fits our slate" and deal.note == "Deck attached"
    assert deal.proposed_at == datetime(2026, 3, 9, 15, 0, tzinfo=SEOUL)
    assert pipeline["passed"][0].reason == "no room for period pieces this year"
    assert [s.project_id for s in north["submitted"]] == [scene["night_bus"]]
    assert {s.state for s in mine} == {"deal_signed", "submitted"}


def test_interest_follows_and_deals_are_listed(app, projector, scene):
    projector.catch_up_all()
    with projector.db.read() as tx:
        lotus_interest = Bridge.interests_of(tx, scene["lotus"])
        on_night_bus = Bridge.interest_in(tx, scene["night_bus"])
        on_harbour = Bridge.interest_in(tx, scene["harbour"])
        mina_followers = Bridge.followers(tx, scene["mina"].actor)
        jun_followers = Bridge.followers(tx, scene["jun"].actor)
        north_follows = Bridge.following(tx, scene["north"])
        deals = Bridge.deals(tx)
        mina_deals = Bridge.deals(tx, director_id=scene["mina"].actor)
        north_deals = Bridge.deals(tx, partner_id=scene["north"])
    assert [(i.project_title, i.note) for i in lotus_interest] == [
        ("Winter Light", "keep us posted")
    ]
    assert [(i.partner_name, i.note) for i in on_night_bus] == [
        ("North Stream", "for our shorts strand")
    ]
    assert on_harbour == [] and jun_followers == []
    assert {f.partner_id for f in mina_followers} == {scene["lotus"], scene["north"]}
    assert [f.director_id for f in north_follows] == [scene["mina"].actor]
    assert len(deals) == 1 and deals == mina_deals and north_deals == []
    assert (deals[0].amount_krw, deals[0].kind, deals[0].summary) == (
        30_000_000,
        "development",
        "development fee",
    )
    assert deals[0].project_title == "Night Bus" and deals[0].partner_name == "Lotus Pictures"


def test_partners_queue_shows_pending_and_verified(app, projector, scene, admin):
    projector.catch_up_all()
    with projector.db.read() as tx:
        pending = Bridge.partners(tx, status="pending")
        everyone = Bridge.partners(tx)
    assert [(p.partner_id, p.name, p.kind) for p in pending] == [
        (scene["pending"], "New Studio", "studio")
    ]
    assert len(everyone) == 3
    app.reject_partner(admin, scene["pending"], "no such company in the registry")
    projector.catch_up_all()
    with projector.db.read() as tx:
        rejected = Bridge.partner(tx, scene["pending"])
        assert Bridge.partners(tx, status="pending") == []
    assert (rejected.status, rejected.reason) == ("rejected", "no such company in the registry")


def test_erased_director_cover_notes_are_blanked(app, projector, scene):
    app.erase_member(scene["mina"], scene["mina"].actor)
    projector.catch_up_all()
    with projector.db.read() as tx:
        notes = {s.submission_id: s.note for rows in Bridge.pipeline(tx, scene["lotus"]).values()
                 for s in rows}  # fmt: skip
    assert notes[scene["s1"]] == ERASED
    assert notes[scene["s2"]] == "A port-city drama"
    live = rows(projector)
    projector.rebuild(["bridge"])
    assert rows(projector) == live


def test_redelivered_events_change_nothing(app, projector, scene):
    projector.catch_up_all()
    before = rows(projector)
    view = projector.views["bridge"]
    notes = app.recorder.select_notifications(start=1, limit=10_000, topics=view.topics())
    with projector.db.write() as tx:
        for note in notes:
            view.apply(tx, projector.decode(note))
    assert rows(projector) == before


def test_rebuild_equals_the_live_view(app, projector, scene):
    projector.catch_up_all()
    live = rows(projector)
    assert live["br_submissions"] and live["br_deals"]
    projector.rebuild(["bridge"])
    assert rows(projector) == live
