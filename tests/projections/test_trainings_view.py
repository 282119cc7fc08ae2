"""The trainings view: seats and waitlists, a member's enrolments, a member's skills (claimed,
certified, endorsed) and credits (claimed, verified). Real commands, then the view."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from domain.clock import SEOUL
from domain.context import Context
from domain.project_parts import RoleSpec
from projections.projector.runner import Projector
from projections.views.training_queries import CreditRow, SkillBadge
from projections.views.trainings import Trainings
from tests.domain.test_projects import draft, sign_up

FIRST = datetime(2026, 3, 9, 14, 0, tzinfo=SEOUL)
HOURS_3 = timedelta(hours=3)


@pytest.fixture
def projector(app):
    p = Projector(app, [Trainings()])
    p.ensure()
    return p


def schedule(app, admin, **overrides):
    fields = {
        "title": "AI-assisted editing",
        "description": "Rough cuts, fast.",
        "skill": "ai editing",
        "capacity": 2,
        "starts": FIRST,
        "ends": FIRST + HOURS_3,
    }
    fields.update(overrides)
    return app.schedule_training(admin, **fields)


def all_rows(projector):
    with projector.db.read() as tx:
        return {
            table: tx.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in Trainings.TABLES
        }


def test_trainings_list_shows_seats_taken_free_and_waitlist_length(app, admin, projector):
    editing = schedule(app, admin, capacity=2)
    dubbing = schedule(
        app,
        admin,
        title="AI dubbing",
        skill="ai dubbing",
        capacity=3,
        starts=FIRST + timedelta(days=1),
        ends=FIRST + timedelta(days=1) + HOURS_3,
    )
    crew = [sign_up(app, f"m{n}@example.com", "crew") for n in range(5)]
    for member in crew:
        app.enrol(member, editing)
    app.enrol(crew[0], dubbing)
    projector.catch_up_all()
    with projector.db.read() as tx:
        rows = Trainings.trainings(tx)
        waitlist = Trainings.waitlist(tx, editing)
        roster = Trainings.roster(tx, editing)
    assert [(r.title, r.seats_taken, r.seats_free, r.waitlist_length) for r in rows] == [
        ("AI-assisted editing", 2, 0, 3),
        ("AI dubbing", 1, 2, 0),
    ]
    assert rows[0].starts == FIRST and rows[0].enrol_by == FIRST
    assert roster == [crew[0].actor, crew[1].actor]
    assert waitlist == [crew[2].actor, crew[3].actor, crew[4].actor]


def test_withdrawal_promotion_and_cancellation_show_in_the_view(app, admin, projector):
    editing = schedule(app, admin, capacity=1)
    dubbing = schedule(
        app,
        admin,
        title="AI dubbing",
        skill="ai dubbing",
        starts=FIRST + timedelta(days=1),
        ends=FIRST + timedelta(days=1) + HOURS_3,
    )
    kim, lee, park = (sign_up(app, f"{n}@example.com", "crew") for n in ("kim", "lee", "park"))
    for member in (kim, lee, park):
        app.enrol(member, editing)
    app.enrol(lee, dubbing)
    app.withdraw_from_training(kim, editing)
    app.cancel_training(admin, dubbing, "the trainer is ill")
    projector.catch_up_all()
    with projector.db.read() as tx:
        listed = Trainings.trainings(tx)
        everything = Trainings.trainings(tx, include_cancelled=True)
        roster = Trainings.roster(tx, editing)
        mine = Trainings.enrolments(tx, park.actor)
        lees = Trainings.enrolments(tx, lee.actor)
        kims = Trainings.enrolments(tx, kim.actor)
    assert [r.title for r in listed] == ["AI-assisted editing"]
    assert [(r.title, r.cancelled, r.cancel_reason) for r in everything][1] == (
        "AI dubbing",
        True,
        "the trainer is ill",
    )
    assert roster == [lee.actor]
    assert [(e.state, e.waitlist_position) for e in mine] == [("waitlisted", 1)]
    assert [(e.title, e.state, e.cancelled) for e in lees] == [
        ("AI-assisted editing", "enrolled", False),
        ("AI dubbing", "enrolled", True),
    ]
    assert [e.state for e in kims] == ["withdrawn"]


def test_completion_shows_attendance_and_a_certified_skill_apart_from_claims(
    app, admin, clock, projector
):
    training_id = schedule(app, admin)
    kim, lee = sign_up(app, "kim@example.com", "crew"), sign_up(app, "lee@example.com", "crew")
    app.claim_skill(kim, skill="AI Dubbing", level=3)
    app.endorse_skill(lee, kim.actor, "ai dubbing")
    app.enrol(kim, training_id)
    app.enrol(lee, training_id)
    clock.set(FIRST + timedelta(minutes=10))
    app.record_attendance(admin, training_id, 1, [kim.actor])
    app.complete_training(admin, training_id, kim.actor)
    projector.catch_up_all()
    with projector.db.read() as tx:
        skills = Trainings.skills(tx, kim.actor)
        kims = Trainings.enrolments(tx, kim.actor)
        lees = Trainings.enrolments(tx, lee.actor)
        certified = Trainings.certified_members(tx, "AI editing")
        endorsers = Trainings.endorsers(tx, kim.actor, "ai dubbing")
    assert skills == [
        SkillBadge("ai dubbing", claimed_level=3, certified_by=(), endorsements=1),
        SkillBadge(
            "ai editing", claimed_level=None, certified_by=("AI-assisted editing",), endorsements=0
        ),
    ]
    assert [s.certified for s in skills] == [False, True]
    assert [(e.state, e.attended, e.sessions) for e in kims] == [("completed", (1,), 1)]
    assert [(e.state, e.attended) for e in lees] == [("enrolled", ())]
    assert certified == [kim.actor]
    assert endorsers == [lee.actor]


def test_withdrawn_endorsement_no_longer_counts(app, projector):
    kim, lee = sign_up(app, "kim@example.com", "crew"), sign_up(app, "lee@example.com", "crew")
    app.claim_skill(kim, skill="sound", level=2)
    app.endorse_skill(lee, kim.actor, "sound")
    app.withdraw_endorsement(lee, kim.actor, "sound")
    projector.catch_up_all()
    with projector.db.read() as tx:
        assert Trainings.skills(tx, kim.actor)[0].endorsements == 0
        assert Trainings.endorsers(tx, kim.actor, "sound") == []


def wrapped_with(app, director: Context, member: Context):
    project_id = draft(app, director, title="Night Bus", roles=[
        RoleSpec(role="Editor", skills=(), count=1, start=date(2026, 5, 1), end=date(2026, 5, 10))
    ])  # fmt: skip
    app.pitch_project(director, project_id)
    role_id = next(iter(app.project(project_id).roles))
    app.accept_invitation(member, app.invite(director, project_id, role_id, member.actor))
    app.start_production(director, project_id)
    app.wrap_project(director, project_id)
    return project_id


def test_credits_list_claimed_and_verified_apart(app, projector):
    director = sign_up(app, "mina@example.com", "director")
    kim = sign_up(app, "kim@example.com", "crew")
    app.claim_credit(kim, title="Old Short", year=2024, role="editor", link="https://example.com")
    app.claim_credit(kim, title="Night Bus", year=2026, role="editor")
    project_id = wrapped_with(app, director, kim)
    app.confirm_crew_at_wrap(director, project_id)
    projector.catch_up_all()
    with projector.db.read() as tx:
        credits = Trainings.credits(tx, kim.actor)
    assert credits == [
        CreditRow("Night Bus", 2026, "editor", "", verified=True, project_id=project_id),
        CreditRow("Night Bus", 2026, "editor", "", verified=False, project_id=None),
        CreditRow(
            "Old Short", 2024, "editor", "https://example.com", verified=False, project_id=None
        ),
    ]


def test_erasure_removes_what_the_member_typed_and_keeps_platform_records(
    app, admin, clock, projector
):
    director = sign_up(app, "mina@example.com", "director")
    kim = sign_up(app, "kim@example.com", "crew")
    app.claim_skill(kim, skill="sound", level=2)
    app.claim_credit(kim, title="Old Short", year=2024, role="editor")
    project_id = wrapped_with(app, director, kim)
    app.confirm_crew_at_wrap(director, project_id)
    member = app.member(kim.actor)
    member.erase()
    app._save(kim, member)
    projector.catch_up_all()
    with projector.db.read() as tx:
        assert [s.skill for s in Trainings.skills(tx, kim.actor)] == []
        assert [c.verified for c in Trainings.credits(tx, kim.actor)] == [True]


def test_redelivered_events_change_nothing_and_rebuild_equals_live(app, admin, clock, projector):
    training_id = schedule(app, admin, capacity=1)
    crew = [sign_up(app, f"m{n}@example.com", "crew") for n in range(3)]
    app.claim_skill(crew[0], skill="grading", level=4)
    app.endorse_skill(crew[1], crew[0].actor, "grading")
    for member in crew:
        app.enrol(member, training_id)
    app.withdraw_from_training(crew[0], training_id)
    app.change_training_capacity(admin, training_id, 2)
    clock.set(FIRST + timedelta(minutes=5))
    app.record_attendance(admin, training_id, 1, [crew[1].actor, crew[2].actor])
    app.complete_training(admin, training_id, crew[1].actor)
    projector.catch_up_all()
    live = all_rows(projector)
    assert live["tr_certificates"] and live["tr_places"] and live["tr_endorsements"]

    view = projector.views["trainings"]
    notes = app.recorder.select_notifications(start=1, limit=10_000, topics=view.topics())
    with projector.db.write() as tx:
        for note in notes:
            view.apply(tx, projector.decode(note))
    assert all_rows(projector) == live

    projector.rebuild(["trainings"])
    assert all_rows(projector) == live
