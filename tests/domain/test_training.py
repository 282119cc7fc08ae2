"""Trainings: scheduling, enrolment and the waitlist, attendance, completion and the skill it
certifies. Given events, when a command, then events (or this error)."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID, uuid4

import pytest

from domain.clock import SEOUL
from domain.context import Context
from domain.errors import Conflict, Forbidden, Invalid, NotFound
from domain.training import Certifications, Place
from tests.conftest import START
from tests.domain.test_projects import events_of, sign_up

DAY = timedelta(days=1)
FIRST = datetime(2026, 3, 9, 14, 0, tzinfo=SEOUL)  # a week after the clock's start


def schedule(app, admin: Context, **overrides) -> UUID:
    fields = {
        "title": "AI-assisted editing",
        "description": "Rough cuts with transcript search and auto-reframing.",
        "skill": "AI Editing",
        "capacity": 2,
        "starts": FIRST,
        "ends": FIRST + timedelta(hours=3),
    }
    fields.update(overrides)
    return app.schedule_training(admin, **fields)


def members(app, n: int) -> list[Context]:
    return [sign_up(app, f"m{i}@example.com", "crew") for i in range(n)]


@pytest.fixture
def two_sessions(app, admin) -> UUID:
    return schedule(app, admin, starts=None, ends=None, sessions=[
        (FIRST + DAY, FIRST + DAY + timedelta(hours=3)),
        (FIRST, FIRST + timedelta(hours=3)),
    ])  # fmt: skip


# -- schedule ----------------------------------------------------------------------------


def test_schedule_training_by_admin_records_scheduled(app, admin):
    training_id = schedule(app, admin)
    training = app.training(training_id)
    assert events_of(app, training_id) == ["Scheduled"]
    assert training.skill == "ai editing"
    assert training.capacity == 2 and training.seats_free == 2
    assert training.sessions == [(FIRST, FIRST + timedelta(hours=3))]
    assert training.enrol_by == FIRST  # the default deadline: the first session's start
    assert not training.cancelled


def test_schedule_training_with_several_sessions_orders_them(app, two_sessions):
    training = app.training(two_sessions)
    assert [s for s, _ in training.sessions] == [FIRST, FIRST + DAY]
    assert training.starts == FIRST and training.ends == FIRST + DAY + timedelta(hours=3)


def test_schedule_training_with_a_deadline_keeps_it(app, admin):
    training_id = schedule(app, admin, enrol_by=datetime(2026, 3, 6, 18, 0, tzinfo=SEOUL))
    training = app.training(training_id)
    assert training.starts == FIRST
    assert training.enrol_by == datetime(2026, 3, 6, 18, 0, tzinfo=SEOUL)


def test_schedule_training_takes_moments_not_text(app, admin):
    """Text is parsed where it arrives (the page, the API); the service takes datetimes."""
    with pytest.raises(Invalid) as refused:
        schedule(app, admin, starts="2026-03-09T14:00:00+09:00")
    assert refused.value.field == "starts"


def test_schedule_training_by_member_is_forbidden(app):
    member = sign_up(app, "kim@example.com", "crew", "director")
    with pytest.raises(Forbidden):
        schedule(app, member)


@pytest.mark.parametrize(
    "overrides",
    [
        {"title": "x" * 201},
        {"title": ""},
        {"skill": ""},
        {"description": "d" * 5001},
        {"capacity": 0},
        {"capacity": "5"},
        {"starts": datetime(2026, 3, 9, 14, 0)},  # no offset
        {"starts": "next monday"},
        {"ends": FIRST - timedelta(hours=1)},
        {"starts": START - DAY, "ends": START - DAY + timedelta(hours=2)},
        {"enrol_by": FIRST + timedelta(minutes=1)},
        {"enrol_by": START - timedelta(minutes=1)},
        {"sessions": [(FIRST, FIRST + timedelta(hours=1))]},  # both forms at once
        {"starts": None, "ends": None, "sessions": []},
        {
            "starts": None,
            "ends": None,
            "sessions": [
                (FIRST, FIRST + timedelta(hours=3)),
                (FIRST + timedelta(hours=2), FIRST + timedelta(hours=4)),
            ],
        },
    ],
)
def test_schedule_training_with_malformed_input_is_invalid(app, admin, overrides):
    with pytest.raises(Invalid):
        schedule(app, admin, **overrides)


# -- enrol -------------------------------------------------------------------------------


def test_enrol_with_a_free_seat_enrols(app, admin):
    training_id = schedule(app, admin)
    (kim,) = members(app, 1)
    assert app.enrol(kim, training_id) is Place.ENROLLED
    training = app.training(training_id)
    assert events_of(app, training_id) == ["Scheduled", "Enrolled"]
    assert training.enrolled == [kim.actor] and training.seats_free == 1


def test_enrol_when_full_waitlists_in_arrival_order(app, admin):
    training_id = schedule(app, admin, capacity=2)
    crew = members(app, 4)
    places = [app.enrol(m, training_id) for m in crew]
    assert places == [Place.ENROLLED, Place.ENROLLED, Place.WAITLISTED, Place.WAITLISTED]
    training = app.training(training_id)
    assert training.enrolled == [crew[0].actor, crew[1].actor]
    assert training.waitlist == [crew[2].actor, crew[3].actor]
    assert training.waitlist_position(crew[3].actor) == 2
    assert events_of(app, training_id)[-2:] == ["Waitlisted", "Waitlisted"]


def test_enrol_by_any_signed_in_role_is_allowed(app, admin):
    training_id = schedule(app, admin, capacity=5)
    partner = sign_up(app, "studio@example.com", "partner")
    assert app.enrol(partner, training_id) is Place.ENROLLED
    assert app.enrol(admin, training_id) is Place.ENROLLED


@pytest.mark.parametrize("who", ["enrolled", "waitlisted"])
def test_enrol_twice_is_conflict(app, admin, who):
    training_id = schedule(app, admin, capacity=1)
    first, second = members(app, 2)
    app.enrol(first, training_id)
    app.enrol(second, training_id)
    again = first if who == "enrolled" else second
    with pytest.raises(Conflict):
        app.enrol(again, training_id)
    assert len(events_of(app, training_id)) == 3


def test_enrol_after_the_deadline_is_conflict(app, admin, clock):
    training_id = schedule(app, admin, enrol_by=FIRST - DAY)
    (kim,) = members(app, 1)
    clock.set(FIRST - DAY + timedelta(minutes=1))
    with pytest.raises(Conflict, match="enrolment closed"):
        app.enrol(kim, training_id)


def test_enrol_in_a_cancelled_training_is_conflict(app, admin):
    training_id = schedule(app, admin)
    app.cancel_training(admin, training_id, "the trainer is ill")
    (kim,) = members(app, 1)
    with pytest.raises(Conflict, match="cancelled"):
        app.enrol(kim, training_id)


def test_enrol_signed_out_is_forbidden(app, admin):
    training_id = schedule(app, admin)
    with pytest.raises(Forbidden):
        app.enrol(Context(None), training_id)


def test_enrol_in_unknown_training_is_not_found(app):
    (kim,) = members(app, 1)
    with pytest.raises(NotFound):
        app.enrol(kim, uuid4())


# -- withdraw ----------------------------------------------------------------------------


def test_withdraw_from_training_promotes_the_first_on_the_waitlist(app, admin):
    training_id = schedule(app, admin, capacity=2)
    crew = members(app, 4)
    for m in crew:
        app.enrol(m, training_id)
    withdrawing = Context(crew[0].actor, request_id="withdraw-1")
    head = app.recorder.max_notification_id()

    promoted = app.withdraw_from_training(withdrawing, training_id)

    assert promoted == crew[2].actor
    training = app.training(training_id)
    assert training.enrolled == [crew[1].actor, crew[2].actor]
    assert training.waitlist == [crew[3].actor]
    notes = app.recorder.select_notifications(head + 1, 10)
    assert [n.topic.rsplit(".", 1)[-1] for n in notes] == ["Withdrawn", "PromotedFromWaitlist"]
    assert {app.mapper.decode(n)[1]["request"] for n in notes} == {"withdraw-1"}


def test_withdraw_from_the_waitlist_leaves_it_without_promotion(app, admin):
    training_id = schedule(app, admin, capacity=1)
    crew = members(app, 3)
    for m in crew:
        app.enrol(m, training_id)
    assert app.withdraw_from_training(crew[1], training_id) is None
    training = app.training(training_id)
    assert events_of(app, training_id)[-1] == "LeftWaitlist"
    assert training.enrolled == [crew[0].actor] and training.waitlist == [crew[2].actor]


def test_withdraw_when_neither_enrolled_nor_waitlisted_is_not_found(app, admin):
    training_id = schedule(app, admin)
    (kim,) = members(app, 1)
    with pytest.raises(NotFound):
        app.withdraw_from_training(kim, training_id)


def test_withdraw_after_the_training_began_is_conflict(app, admin, clock):
    training_id = schedule(app, admin)
    (kim,) = members(app, 1)
    app.enrol(kim, training_id)
    clock.set(FIRST + timedelta(minutes=5))
    with pytest.raises(Conflict, match="began"):
        app.withdraw_from_training(kim, training_id)
    assert app.training(training_id).enrolled == [kim.actor]


# -- capacity ----------------------------------------------------------------------------


def test_change_training_capacity_up_promotes_the_waitlist_in_order(app, admin):
    training_id = schedule(app, admin, capacity=1)
    crew = members(app, 4)
    for m in crew:
        app.enrol(m, training_id)
    app.change_training_capacity(admin, training_id, 3)
    training = app.training(training_id)
    assert events_of(app, training_id)[-3:] == [
        "CapacityChanged",
        "PromotedFromWaitlist",
        "PromotedFromWaitlist",
    ]
    assert training.enrolled == [crew[0].actor, crew[1].actor, crew[2].actor]
    assert training.waitlist == [crew[3].actor]


def test_change_training_capacity_below_the_enrolled_is_conflict(app, admin):
    training_id = schedule(app, admin, capacity=2)
    for m in members(app, 2):
        app.enrol(m, training_id)
    with pytest.raises(Conflict, match="2 members are enrolled"):
        app.change_training_capacity(admin, training_id, 1)
    assert app.training(training_id).capacity == 2


def test_change_training_capacity_by_member_is_forbidden(app, admin):
    training_id = schedule(app, admin)
    (kim,) = members(app, 1)
    with pytest.raises(Forbidden):
        app.change_training_capacity(kim, training_id, 10)


# -- cancel ------------------------------------------------------------------------------


def test_cancel_training_by_admin_records_the_reason(app, admin):
    training_id = schedule(app, admin)
    app.cancel_training(admin, training_id, "the trainer is ill")
    training = app.training(training_id)
    assert events_of(app, training_id) == ["Scheduled", "Cancelled"]
    assert training.cancelled and training.cancel_reason == "the trainer is ill"


def test_cancel_training_twice_is_conflict(app, admin):
    training_id = schedule(app, admin)
    app.cancel_training(admin, training_id, "the trainer is ill")
    with pytest.raises(Conflict):
        app.cancel_training(admin, training_id, "again")


def test_cancel_training_after_it_ended_is_conflict(app, admin, clock):
    training_id = schedule(app, admin)
    clock.set(FIRST + timedelta(hours=4))
    with pytest.raises(Conflict, match="ended"):
        app.cancel_training(admin, training_id, "too late")


def test_cancel_training_without_reason_is_invalid(app, admin):
    training_id = schedule(app, admin)
    with pytest.raises(Invalid):
        app.cancel_training(admin, training_id, "  ")


def test_cancel_training_by_member_is_forbidden(app, admin):
    training_id = schedule(app, admin)
    (kim,) = members(app, 1)
    with pytest.raises(Forbidden):
        app.cancel_training(kim, training_id, "I do not like it")


# -- attendance --------------------------------------------------------------------------


def test_record_attendance_after_the_session_starts_records_who_was_there(
    app, admin, clock, two_sessions
):
    crew = members(app, 2)
    for m in crew:
        app.enrol(m, two_sessions)
    clock.set(FIRST + timedelta(hours=1))
    app.record_attendance(admin, two_sessions, 1, [crew[1].actor, crew[0].actor])
    app.record_attendance(admin, two_sessions, 1, [crew[0].actor])  # a correction
    training = app.training(two_sessions)
    assert events_of(app, two_sessions)[-2:] == ["AttendanceRecorded", "AttendanceRecorded"]
    assert training.attended(crew[0].actor) == [1] and training.attended(crew[1].actor) == []


def test_record_attendance_before_the_session_is_conflict(app, admin, clock, two_sessions):
    (kim,) = members(app, 1)
    app.enrol(kim, two_sessions)
    clock.set(FIRST + timedelta(hours=1))
    with pytest.raises(Conflict, match="session 2 starts"):
        app.record_attendance(admin, two_sessions, 2, [kim.actor])


def test_record_attendance_of_a_member_not_enrolled_is_conflict(app, admin, clock):
    training_id = schedule(app, admin, capacity=1)
    first, waiting = members(app, 2)
    app.enrol(first, training_id)
    app.enrol(waiting, training_id)
    clock.set(FIRST)
    with pytest.raises(Conflict, match="not enrolled"):
        app.record_attendance(admin, training_id, 1, [first.actor, waiting.actor])


def test_record_attendance_of_an_unknown_session_is_not_found(app, admin, clock):
    training_id = schedule(app, admin)
    clock.set(FIRST)
    with pytest.raises(NotFound):
        app.record_attendance(admin, training_id, 2, [])


def test_record_attendance_by_member_is_forbidden(app, admin, clock):
    training_id = schedule(app, admin)
    (kim,) = members(app, 1)
    app.enrol(kim, training_id)
    clock.set(FIRST)
    with pytest.raises(Forbidden):
        app.record_attendance(kim, training_id, 1, [kim.actor])


# -- complete ----------------------------------------------------------------------------


def attend_all(app, admin, clock, training_id, *present: Context) -> None:
    training = app.training(training_id)
    for number, (start, _) in enumerate(training.sessions, 1):
        clock.set(start + timedelta(minutes=30))
        app.record_attendance(admin, training_id, number, [m.actor for m in present])


def test_complete_training_with_full_attendance_certifies_the_skill(
    app, admin, clock, two_sessions
):
    (kim,) = members(app, 1)
    app.claim_skill(kim, skill="sound", level=3)
    app.enrol(kim, two_sessions)
    attend_all(app, admin, clock, two_sessions, kim)

    app.complete_training(admin, two_sessions, kim.actor)

    assert events_of(app, two_sessions)[-1] == "Completed"
    assert app.training(two_sessions).completed == [kim.actor]
    certifications = app.certifications_of(kim.actor)
    assert events_of(app, Certifications.id_for(kim.actor)) == ["Opened", "SkillCertified"]
    assert certifications.skills == {"ai editing"}
    assert certifications.certificates[two_sessions]["title"] == "AI-assisted editing"
    assert app.member(kim.actor).skills == {"sound": 3}  # a certificate is not a claim


def test_complete_training_with_a_missed_session_is_conflict(app, admin, clock, two_sessions):
    kim, lee = members(app, 2)
    app.enrol(kim, two_sessions)
    app.enrol(lee, two_sessions)
    clock.set(FIRST + timedelta(minutes=30))
    app.record_attendance(admin, two_sessions, 1, [kim.actor, lee.actor])
    clock.set(FIRST + DAY + timedelta(minutes=30))
    app.record_attendance(admin, two_sessions, 2, [kim.actor])
    with pytest.raises(Conflict, match="missing: session 2"):
        app.complete_training(admin, two_sessions, lee.actor)
    assert app.certifications_of(lee.actor) is None


def test_complete_training_for_a_member_not_enrolled_is_conflict(app, admin, clock):
    training_id = schedule(app, admin)
    (kim,) = members(app, 1)
    clock.set(FIRST + timedelta(hours=4))
    with pytest.raises(Conflict, match="only an enrolled member"):
        app.complete_training(admin, training_id, kim.actor)


def test_complete_training_twice_is_conflict(app, admin, clock):
    training_id = schedule(app, admin)
    (kim,) = members(app, 1)
    app.enrol(kim, training_id)
    attend_all(app, admin, clock, training_id, kim)
    app.complete_training(admin, training_id, kim.actor)
    with pytest.raises(Conflict, match="already completed"):
        app.complete_training(admin, training_id, kim.actor)
    assert len(app.certifications_of(kim.actor).certificates) == 1


def test_complete_a_cancelled_training_is_conflict(app, admin, clock, two_sessions):
    (kim,) = members(app, 1)
    app.enrol(kim, two_sessions)
    clock.set(FIRST + timedelta(minutes=30))
    app.record_attendance(admin, two_sessions, 1, [kim.actor])
    app.cancel_training(admin, two_sessions, "the building flooded")
    with pytest.raises(Conflict, match="cancelled"):
        app.complete_training(admin, two_sessions, kim.actor)


def test_complete_training_by_member_is_forbidden(app, admin, clock):
    training_id = schedule(app, admin)
    (kim,) = members(app, 1)
    app.enrol(kim, training_id)
    attend_all(app, admin, clock, training_id, kim)
    with pytest.raises(Forbidden):
        app.complete_training(kim, training_id, kim.actor)


def test_complete_two_trainings_in_one_skill_keeps_both_certificates(app, admin, clock):
    first = schedule(app, admin)
    second = schedule(
        app,
        admin,
        title="AI editing, advanced",
        starts=FIRST + 2 * DAY,
        ends=FIRST + 2 * DAY + timedelta(hours=2),
    )
    (kim,) = members(app, 1)
    app.enrol(kim, first)
    app.enrol(kim, second)
    attend_all(app, admin, clock, first, kim)
    app.complete_training(admin, first, kim.actor)
    attend_all(app, admin, clock, second, kim)
    app.complete_training(admin, second, kim.actor)
    certifications = app.certifications_of(kim.actor)
    assert set(certifications.certificates) == {first, second}
    assert certifications.skills == {"ai editing"}
