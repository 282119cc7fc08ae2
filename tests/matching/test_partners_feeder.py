"""The bridge's events reach the match graph as facts (projections/graph/feeder.py): given
commands, when the feeder catches up, then the graph knows standings, profiles, follows, stages,
work terms and engagements, and the partner ranking reads them."""

from __future__ import annotations

from datetime import date, timedelta

from domain.context import Context
from domain.vocabulary import ProjectFormat
from matching.partners import recommend_partners, recommend_projects_for_partner
from projections.graph.feeder import GraphFeeder
from tests.conftest import sign_up
from web.demo.bridge import business_number


def _world(app):
    centre = Context(app.create_admin(email="admin@filmhouse.test", password="pw-long-enough",
                                      name="Admin"))  # fmt: skip
    director = sign_up(app, "kim@filmhouse.test", "director", university="hanyang")
    crew = sign_up(app, "lee@filmhouse.test", "crew")
    rep = sign_up(app, "scout@filmhouse.test", "partner")
    project_id = app.create_project(
        director,
        title="Night Bus",
        logline="A driver and a runaway share the last bus across Seoul.",
        genres=["drama"],
        format=ProjectFormat.SHORT,
        budget_krw=30_000_000,
        shoot_start=date(2026, 9, 1),
        shoot_end=date(2026, 9, 10),
        roles=[],
    )
    partner_id = app.register_partner(
        rep, name="Studio One", kind="studio", business_number=business_number(777)
    )
    app.state_partner_profile(
        rep,
        partner_id,
        genres=["drama"],
        formats=["short"],
        budget_min_krw=10_000_000,
        budget_max_krw=50_000_000,
        stages=["development"],
        offers=["call_for_pitches"],
        description="Shorts.",
    )
    return centre, director, crew, rep, project_id, partner_id


def test_standing_profile_stage_follow_and_work_terms_reach_the_graph(app):
    centre, director, crew, rep, project_id, partner_id = _world(app)
    feeder = GraphFeeder(app)
    feeder.catch_up()
    bridge, p, s = feeder.graph.bridge, project_id.hex, partner_id.hex
    assert bridge.stage[p] == "development" and not bridge.listed[p]  # a draft
    assert not bridge.recommendable(s)  # pending
    assert recommend_partners(feeder.graph, p) == []
    app.verify_partner(centre, partner_id)
    app.pitch_project(director, project_id)
    app.follow_director(rep, director.actor)
    app.state_work_terms(crew, day_rate_krw=150_000, genres=["drama", "comedy"])
    feeder.catch_up()
    assert bridge.recommendable(s) and bridge.listed[p]
    assert bridge.profiles[s].budget_max == 50_000_000
    assert bridge.follows(s, director.actor.hex)  # through its representative
    m = feeder.graph.members.index[crew.actor.hex]
    assert feeder.graph.day_rate[m] == 150_000
    assert feeder.graph.interests[m] == {"drama", "comedy"}
    [found] = recommend_partners(feeder.graph, p)
    assert found.partner_id == s
    assert found.reasons[-1] == "follows Kim"
    [seen] = recommend_projects_for_partner(feeder.graph, s)
    assert (seen.project_id, seen.first_time) == (p, True)
    app.suspend_partner(centre, partner_id, "unpaid invoices")
    app.cancel_project(director, project_id, "no money")
    feeder.catch_up()
    assert bridge.stage[p] == "cancelled"
    assert recommend_partners(feeder.graph, p) == []


def test_a_submission_shortlisted_counts_and_leaves_the_pair_out(app):
    centre, director, _crew, rep, project_id, partner_id = _world(app)
    app.verify_partner(centre, partner_id)
    app.pitch_project(director, project_id)
    call = app.post_opportunity(
        rep,
        kind="call_for_pitches",
        title="Night shifts",
        description="Stories of the night.",
        criteria=["a deck"],
        deadline=app.clock.now() + timedelta(weeks=3),
    )
    submission = app.submit_to_opportunity(director, call, project_id, "")
    app.shortlist_submission(rep, submission, "A distinctive voice.")
    feeder = GraphFeeder(app)
    feeder.catch_up()
    bridge = feeder.graph.bridge
    assert bridge.engaged[partner_id.hex] == {project_id.hex: 3}  # shortlisted
    assert recommend_partners(feeder.graph, project_id.hex) == []
    assert [
        (at.year > 2000, type(fact).__name__)
        for at, fact in GraphFeeder(app).timed_facts()
        if type(fact).__name__ in ("SubmittedTo", "Shortlisted")
    ] == [(True, "SubmittedTo"), (True, "Shortlisted")]
