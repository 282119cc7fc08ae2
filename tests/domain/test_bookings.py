"""Bookings: time slots, the rules of each kind of room, hour quotas, requests that need an
admin's approval, desks let by the month, cancellations. Given events, when a command, then
events (or this error). The clock stands at Monday 2026-03-02 10:00, Seoul time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest

from domain.booking import WorkspaceDay
from domain.booking_errors import (
    InBlackout,
    NoDeskFree,
    OutsideHours,
    SlotTaken,
    TooFarAhead,
    TooLittleNotice,
    TooLong,
)
from domain.booking_refusals import Alternative, EndsBeforeStart
from domain.clock import SEOUL
from domain.context import SYSTEM, Context
from domain.errors import Conflict, Forbidden, Invalid, NotFound
from domain.member import EmailIndex, Member
from domain.quota import MemberWeek, QuotaExceeded, UniversityWeek
from domain.university import University
from domain.vocabulary import BookingStatus, Role
from domain.workspace import Workspace

SUITE_1 = Workspace.id_for("editing-suite-1")
SUITE_2 = Workspace.id_for("editing-suite-2")
SUITE_3 = Workspace.id_for("editing-suite-3")
SOUND = Workspace.id_for("sound-room")
MEETING_A = Workspace.id_for("meeting-room-a")
SCREENING = Workspace.id_for("screening-room")
OFFICE = Workspace.id_for("shared-office")
WEEK = date(2026, 3, 2)
CAU = University.id_for("cau")


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SEOUL)


def given_member(app, email: str, *roles: str, university: str | None = None) -> Context:
    """A registered member, given as events (sign-up's password hashing is slow on purpose)."""
    key = app.email_key(email)
    member = Member.register(
        email=email,
        name=email.split("@")[0].title(),
        password_hash="(not used in these tests)",
        roles=[Role(r) for r in roles],
        university_id=University.id_for(university) if university else None,
        email_key=key,
    )
    app._save(SYSTEM, member, EmailIndex.claim(key, member.id))
    return Context(member.id)


def given_university_hours(app, slug: str, week: date, hours: int) -> None:
    """The university's members have already booked `hours` in that week."""
    ledger = UniversityWeek.open(University.id_for(slug), week)
    ledger.reserve(uuid4(), hours * 60, who=slug, period="that week")
    app._save(SYSTEM, ledger)


def event_names(app, aggregate_id) -> list[str]:
    return [
        type(app.mapper.to_domain_event(s)).__name__
        for s in app.recorder.select_events(aggregate_id)
    ]


@pytest.fixture
def rooms(app):
    app.seed_workspaces()
    return app


@pytest.fixture
def mina(rooms) -> Context:
    return given_member(rooms, "mina@example.com", "director", university="cau")


# -- booking a slot ---------------------------------------------------------------------


def test_book_workspace_confirms_and_takes_the_slot(rooms, mina):
    booking_id = rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))
    booking = rooms.booking(booking_id)
    assert booking.status is BookingStatus.CONFIRMED
    assert (booking.member_id, booking.university_id) == (mina.actor, CAU)
    assert (booking.start, booking.end, booking.minutes) == (at(3, 14), at(3, 16), 120)
    assert rooms.taken_slots(SUITE_2, date(2026, 3, 3)) == [(booking_id, at(3, 14), at(3, 16))]
    assert rooms.member_hours(mina.actor, WEEK).used_minutes == 120
    assert rooms.university_hours(CAU, WEEK).used_minutes == 120
    assert event_names(rooms, booking_id) == ["Made"]
    day_id = WorkspaceDay.id_for(SUITE_2, date(2026, 3, 3))
    assert event_names(rooms, day_id) == ["Opened", "SlotBooked"]
    assert event_names(rooms, MemberWeek.id_for(mina.actor, WEEK)) == ["Opened", "HoursReserved"]


def test_book_workspace_overlapping_is_refused_saying_what_is_free(rooms, mina):
    minas = rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))
    kim = given_member(rooms, "kim@example.com", "crew")
    with pytest.raises(SlotTaken) as refusal:
        rooms.book_workspace(kim, SUITE_2, start=at(3, 15), end=at(3, 17))
    assert refusal.value.message == (
        "Editing Suite 2 is taken 14:00–16:00; free from 16:00. "
        "Free at that time: Editing Suite 1, Editing Suite 3."
    )
    assert (refusal.value.code, refusal.value.field) == ("slot_taken", "start")
    params = refusal.value.params
    assert (params["clash"], params["own"], params["booking_id"]) == ("booking", False, minas)
    assert params["alternatives"] == (
        Alternative(SUITE_1, "Editing Suite 1"),
        Alternative(SUITE_3, "Editing Suite 3"),
    )
    assert rooms.member_hours(kim.actor, WEEK).used_minutes == 0
    assert len(rooms.taken_slots(SUITE_2, date(2026, 3, 3))) == 1


def test_book_workspace_inside_a_busy_afternoon_names_the_next_gap(rooms, mina):
    rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))
    rooms.book_workspace(mina, SUITE_2, start=at(3, 18), end=at(3, 20))
    kim = given_member(rooms, "kim@example.com", "crew")
    with pytest.raises(SlotTaken, match=r"taken 14:00–16:00; free from 16:00 to 18:00\."):
        rooms.book_workspace(kim, SUITE_2, start=at(3, 13), end=at(3, 15))
    assert rooms.free_slots(SUITE_2, date(2026, 3, 3)) == [
        (at(3, 9), at(3, 14)),
        (at(3, 16), at(3, 18)),
        (at(3, 20), at(3, 22)),
    ]


def test_book_workspace_adjacent_slots_both_succeed(rooms, mina):
    kim = given_member(rooms, "kim@example.com", "crew")
    rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))
    rooms.book_workspace(kim, SUITE_2, start=at(3, 16), end=at(3, 18))
    rooms.book_workspace(kim, SUITE_1, start=at(3, 14), end=at(3, 16))
    assert [s[1:] for s in rooms.taken_slots(SUITE_2, date(2026, 3, 3))] == [
        (at(3, 14), at(3, 16)),
        (at(3, 16), at(3, 18)),
    ]


def test_book_workspace_with_another_offset_is_held_in_seoul_time(rooms, mina):
    start = datetime(2026, 3, 3, 5, 0, tzinfo=UTC)
    booking_id = rooms.book_workspace(mina, SUITE_2, start=start, end=start + timedelta(hours=2))
    assert rooms.booking(booking_id).start == at(3, 14)
    assert rooms.booking(booking_id).day == date(2026, 3, 3)
    later = rooms.book_workspace(
        mina,
        SUITE_2,
        start=datetime.fromisoformat("2026-03-03T16:00:00+09:00"),
        end=datetime.fromisoformat("2026-03-03T09:00:00Z"),
    )
    assert (rooms.booking(later).start, rooms.booking(later).end) == (at(3, 16), at(3, 18))


@pytest.mark.parametrize(
    ("start", "end"), [(at(3, 8), at(3, 10)), (at(3, 21), at(3, 23)), (at(3, 22), at(3, 23))]
)
def test_book_workspace_outside_opening_hours_is_refused(rooms, mina, start, end):
    with pytest.raises(OutsideHours, match="open 09:00–22:00 on Tuesdays"):
        rooms.book_workspace(mina, SUITE_2, start=start, end=end)


def test_book_workspace_outside_opening_hours_carries_the_hours_and_the_field(rooms, mina):
    with pytest.raises(OutsideHours) as early:
        rooms.book_workspace(mina, SUITE_2, start=at(3, 8), end=at(3, 10))
    with pytest.raises(OutsideHours) as late:
        rooms.book_workspace(mina, SUITE_2, start=at(3, 21), end=at(3, 23))
    assert (early.value.field, late.value.field) == ("start", "end")
    assert {k: early.value.params[k] for k in ("opens", "closes", "weekday")} == {
        "opens": "09:00",
        "closes": "22:00",
        "weekday": "Tuesday",
    }


def test_book_workspace_ending_before_it_starts_is_refused_with_the_hours(rooms, mina):
    with pytest.raises(EndsBeforeStart) as refusal:
        rooms.book_workspace(mina, SUITE_2, start=at(3, 17), end=at(3, 14))
    assert refusal.value.message == (
        "The end (2026-03-03 14:00) must come after the start (2026-03-03 17:00). "
        "Editing Suite 2 is open 09:00–22:00 on Tuesdays."
    )
    assert refusal.value.field == "end"
    assert (refusal.value.params["opens"], refusal.value.params["closes"]) == ("09:00", "22:00")
    assert rooms.member_hours(mina.actor, WEEK).used_minutes == 0


def test_book_workspace_on_a_closed_day_is_refused(rooms, admin, mina):
    rooms.update_workspace(admin, SUITE_2, weekly_hours={"sunday": None})
    with pytest.raises(OutsideHours, match="closed on Sundays"):
        rooms.book_workspace(mina, SUITE_2, start=at(8, 10), end=at(8, 12))
    assert rooms.free_slots(SUITE_2, date(2026, 3, 8)) == []


def test_book_workspace_in_a_blackout_is_refused_with_the_reason(rooms, admin, mina):
    rooms.add_blackout(admin, SUITE_2, start=at(4, 12), end=at(4, 15), reason="Monitor calibration")
    with pytest.raises(InBlackout, match="closed 2026-03-04 12:00–2026-03-04 15:00: Monitor calib"):
        rooms.book_workspace(mina, SUITE_2, start=at(4, 14), end=at(4, 16))
    assert rooms.free_slots(SUITE_2, date(2026, 3, 4)) == [
        (at(4, 9), at(4, 12)),
        (at(4, 15), at(4, 22)),
    ]
    rooms.book_workspace(mina, SUITE_2, start=at(4, 15), end=at(4, 17))


@pytest.mark.parametrize(
    ("room", "hours", "limit"),
    [(MEETING_A, 3, "2 hours"), (SUITE_2, 9, "8 hours"), (SCREENING, 5, "4 hours")],
)
def test_book_workspace_longer_than_its_kind_allows_is_invalid(rooms, mina, room, hours, limit):
    start = at(20, 9)
    with pytest.raises(TooLong, match=f"at most {limit} at a time"):
        rooms.book_workspace(mina, room, start=start, end=start + timedelta(hours=hours))
    assert rooms.member_hours(mina.actor, date(2026, 3, 16)).used_minutes == 0


def test_book_workspace_with_too_little_notice_is_refused(rooms, mina):
    with pytest.raises(
        TooLittleNotice,
        match="at least 1 hour ahead; the earliest start you can ask for now is 2026-03-02 11:00",
    ):
        rooms.book_workspace(mina, SUITE_2, start=at(2, 10, 30), end=at(2, 12))
    rooms.book_workspace(mina, SUITE_2, start=at(2, 11), end=at(2, 12))
    rooms.book_workspace(mina, MEETING_A, start=at(2, 10, 15), end=at(2, 11))


def test_book_workspace_too_far_ahead_is_refused(rooms, mina):
    with pytest.raises(TooFarAhead, match="at most 90 days ahead, up to 2026-05-31 10:00"):
        rooms.book_workspace(mina, SUITE_2, start=at(1, 14, month=6), end=at(1, 16, month=6))


@pytest.mark.parametrize(
    ("start", "end", "why"),
    [
        (datetime(2026, 3, 3, 14), datetime(2026, 3, 3, 16), "needs a UTC offset"),
        (at(3, 14), datetime(2026, 3, 3, 16), "needs a UTC offset"),
        ("2026-03-03T14:00", at(3, 16), "must be a date and time"),
        ("tomorrow at two", at(3, 16), "must be a date and time"),
        (1772514000, at(3, 16), "must be a date and time"),
        (at(3, 16), at(3, 14), "must come after the start"),
        (at(3, 14), at(3, 14), "must come after the start"),
        (at(3, 14, 10), at(3, 16), "quarter hour"),
        (at(2, 8), at(2, 9), "has already passed"),
    ],
)
def test_book_workspace_with_malformed_times_is_invalid(rooms, mina, start, end, why):
    with pytest.raises(Invalid, match=why):
        rooms.book_workspace(mina, SUITE_2, start=start, end=end)


def test_book_workspace_by_partner_is_forbidden(rooms):
    partner = given_member(rooms, "studio@example.com", "partner")
    with pytest.raises(Forbidden):
        rooms.book_workspace(partner, SUITE_2, start=at(3, 14), end=at(3, 16))
    with pytest.raises(Forbidden):
        rooms.book_workspace(Context(None), SUITE_2, start=at(3, 14), end=at(3, 16))


def test_book_workspace_unknown_is_not_found(rooms, mina):
    with pytest.raises(NotFound):
        rooms.book_workspace(mina, uuid4(), start=at(3, 14), end=at(3, 16))


def test_book_workspace_retired_conflicts(rooms, admin, mina):
    rooms.retire_workspace(admin, SUITE_2, "Moved")
    with pytest.raises(Conflict, match="retired"):
        rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))


# -- hour quotas --------------------------------------------------------------------------


def test_book_workspace_beyond_the_member_quota_says_how_much_is_left(rooms, mina):
    rooms.book_workspace(mina, SUITE_1, start=at(3, 9), end=at(3, 17))
    rooms.book_workspace(mina, SOUND, start=at(4, 10), end=at(4, 12))
    with pytest.raises(QuotaExceeded) as refusal:
        rooms.book_workspace(mina, SUITE_2, start=at(5, 10), end=at(5, 14))
    assert refusal.value.message == ("You have 2 of 12 hours left this week; this booking needs 4.")
    assert rooms.taken_slots(SUITE_2, date(2026, 3, 5)) == []
    rooms.book_workspace(mina, SUITE_2, start=at(5, 10), end=at(5, 12))
    hours = rooms.member_hours(mina.actor, WEEK)
    assert (hours.used_minutes, hours.left_minutes) == (720, 0)


def test_book_workspace_next_week_counts_against_next_week(rooms, mina):
    rooms.book_workspace(mina, SUITE_1, start=at(3, 9), end=at(3, 17))
    rooms.book_workspace(mina, SUITE_1, start=at(4, 9), end=at(4, 13))
    rooms.book_workspace(mina, SUITE_1, start=at(9, 9), end=at(9, 17))
    with pytest.raises(QuotaExceeded, match="You have 4 of 12 hours left next week"):
        rooms.book_workspace(mina, SUITE_1, start=at(10, 9), end=at(10, 15))
    with pytest.raises(QuotaExceeded, match="0 of 12 hours left this week"):
        rooms.book_workspace(mina, SUITE_1, start=at(8, 9), end=at(8, 10))
    assert rooms.member_hours(mina.actor, date(2026, 3, 12)).used_minutes == 480


def test_book_workspace_beyond_the_university_budget_is_refused(rooms, mina):
    given_university_hours(rooms, "cau", WEEK, 197)
    with pytest.raises(QuotaExceeded) as refusal:
        rooms.book_workspace(mina, SUITE_2, start=at(3, 10), end=at(3, 14))
    assert refusal.value.message == (
        "Chung-Ang University has 3 of 200 hours left this week, shared by its members; "
        "this booking needs 4."
    )
    assert rooms.member_hours(mina.actor, WEEK).used_minutes == 0
    rooms.book_workspace(mina, SUITE_2, start=at(3, 10), end=at(3, 13))
    assert rooms.university_hours(CAU, WEEK).left_minutes == 0


def test_book_workspace_without_university_counts_only_the_member_quota(rooms):
    given_university_hours(rooms, "cau", WEEK, 200)
    free_agent = given_member(rooms, "solo@example.com", "crew")
    booking_id = rooms.book_workspace(free_agent, SUITE_2, start=at(3, 10), end=at(3, 14))
    assert rooms.booking(booking_id).university_id is None
    assert rooms.member_hours(free_agent.actor, WEEK).used_minutes == 240


def test_member_week_reduce_lowers_the_allowance_for_strikes():
    ledger = MemberWeek.open(uuid4(), WEEK)
    ledger.reduce(120, "no-show on 2026-03-03")
    assert ledger.allowance_minutes() == 600
    with pytest.raises(QuotaExceeded, match="You have 10 of 10 hours left"):
        ledger.reserve(uuid4(), 11 * 60, period="this week")
    with pytest.raises(Conflict):
        ledger.reduce(0, "nothing")


# -- requests that need an admin's approval -----------------------------------------------


def test_book_workspace_screening_room_makes_a_request_due_in_seven_days(rooms, mina):
    booking_id = rooms.book_workspace(mina, SCREENING, start=at(20, 18), end=at(20, 21))
    booking = rooms.booking(booking_id)
    assert booking.status is BookingStatus.REQUESTED
    assert booking.answer_by == at(9, 10)
    assert rooms.taken_slots(SCREENING, date(2026, 3, 20)) == []
    assert rooms.member_hours(mina.actor, date(2026, 3, 16)).used_minutes == 180
    assert event_names(rooms, booking_id) == ["Requested"]


def test_book_workspace_screening_room_under_two_weeks_ahead_is_refused(rooms, mina):
    with pytest.raises(TooLittleNotice, match="at least 14 days ahead"):
        rooms.book_workspace(mina, SCREENING, start=at(12, 18), end=at(12, 20))


def test_approve_booking_request_confirms_and_takes_the_slot(rooms, admin, mina):
    booking_id = rooms.book_workspace(mina, SCREENING, start=at(20, 18), end=at(20, 21))
    rooms.approve_booking_request(admin, booking_id, "Graduation screening")
    booking = rooms.booking(booking_id)
    assert (booking.status, booking.reason) == (BookingStatus.CONFIRMED, "Graduation screening")
    assert rooms.taken_slots(SCREENING, date(2026, 3, 20)) == [(booking_id, at(20, 18), at(20, 21))]
    assert event_names(rooms, booking_id) == ["Requested", "Approved"]
    with pytest.raises(Conflict, match="confirmed, not a request"):
        rooms.approve_booking_request(admin, booking_id)


def test_approve_booking_request_overlapping_an_approved_one_is_refused(rooms, admin, mina):
    kim = given_member(rooms, "kim@example.com", "crew")
    first = rooms.book_workspace(mina, SCREENING, start=at(20, 18), end=at(20, 21))
    second = rooms.book_workspace(kim, SCREENING, start=at(20, 19), end=at(20, 22))
    rooms.approve_booking_request(admin, first)
    with pytest.raises(SlotTaken, match="Screening Room is taken 18:00–21:00; free from 21:00"):
        rooms.approve_booking_request(admin, second)
    assert rooms.booking(second).status is BookingStatus.REQUESTED
    with pytest.raises(SlotTaken):
        rooms.book_workspace(kim, SCREENING, start=at(20, 20), end=at(20, 22))


def test_refuse_booking_request_returns_the_hours(rooms, admin, mina):
    booking_id = rooms.book_workspace(mina, SCREENING, start=at(20, 18), end=at(20, 21))
    rooms.refuse_booking_request(admin, booking_id, "The room is kept for the festival jury")
    booking = rooms.booking(booking_id)
    assert booking.status is BookingStatus.REFUSED
    assert rooms.member_hours(mina.actor, date(2026, 3, 16)).used_minutes == 0
    assert rooms.university_hours(CAU, date(2026, 3, 16)).used_minutes == 0
    with pytest.raises(Conflict):
        rooms.approve_booking_request(admin, booking_id)


def test_refuse_booking_request_without_a_reason_is_invalid(rooms, admin, mina):
    booking_id = rooms.book_workspace(mina, SCREENING, start=at(20, 18), end=at(20, 21))
    with pytest.raises(Invalid):
        rooms.refuse_booking_request(admin, booking_id, "  ")
    assert rooms.booking(booking_id).status is BookingStatus.REQUESTED


def test_approve_booking_request_by_member_is_forbidden(rooms, mina):
    booking_id = rooms.book_workspace(mina, SCREENING, start=at(20, 18), end=at(20, 21))
    with pytest.raises(Forbidden):
        rooms.approve_booking_request(mina, booking_id)
    with pytest.raises(Forbidden):
        rooms.refuse_booking_request(mina, booking_id, "no")


def test_approve_booking_request_of_an_ordinary_booking_conflicts(rooms, admin, mina):
    booking_id = rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))
    with pytest.raises(Conflict):
        rooms.approve_booking_request(admin, booking_id)


# -- desks let by the month ---------------------------------------------------------------


def test_book_desk_lets_one_desk_for_the_month_without_counting_hours(rooms, mina):
    booking_id = rooms.book_desk(mina, OFFICE, month=date(2026, 4, 15))
    booking = rooms.booking(booking_id)
    assert booking.status is BookingStatus.CONFIRMED
    assert (booking.start, booking.end) == (at(1, 0, month=4), at(1, 0, month=5))
    assert rooms.desk_holders(OFFICE, date(2026, 4, 1)) == [mina.actor]
    assert rooms.member_hours(mina.actor, date(2026, 4, 1)).used_minutes == 0


def test_book_desk_twice_in_one_month_conflicts(rooms, mina):
    rooms.book_desk(mina, OFFICE, month=date(2026, 4, 1))
    with pytest.raises(Conflict, match="already hold a desk in the Shared Office for April 2026"):
        rooms.book_workspace(mina, OFFICE, start=at(1, 0, month=4), end=at(1, 0, month=5))
    rooms.book_desk(mina, OFFICE, month=date(2026, 5, 1))


def test_book_desk_when_every_desk_is_let_is_refused(rooms, admin, mina):
    rooms.update_workspace(admin, OFFICE, capacity=2)
    kim = given_member(rooms, "kim@example.com", "crew")
    lee = given_member(rooms, "lee@example.com", "crew")
    rooms.book_desk(mina, OFFICE, month=date(2026, 3, 1))
    rooms.book_workspace(kim, OFFICE, start=at(1, 0), end=at(1, 0, month=4))
    with pytest.raises(NoDeskFree, match="All 2 desks in the Shared Office are let for March"):
        rooms.book_desk(lee, OFFICE, month=date(2026, 3, 1))
    assert len(rooms.desk_holders(OFFICE, date(2026, 3, 1))) == 2


def test_book_workspace_shared_office_not_by_the_month_is_invalid(rooms, mina):
    with pytest.raises(Invalid, match="let by the calendar month"):
        rooms.book_workspace(mina, OFFICE, start=at(3, 9), end=at(3, 18))


def test_book_desk_in_a_past_or_distant_month_is_refused(rooms, mina):
    with pytest.raises(Invalid, match="February 2026 has passed"):
        rooms.book_desk(mina, OFFICE, month=date(2026, 2, 1))
    with pytest.raises(TooFarAhead, match="up to May 2026"):
        rooms.book_desk(mina, OFFICE, month=date(2026, 7, 1))
    with pytest.raises(Invalid, match="by time slot"):
        rooms.book_desk(mina, SUITE_2, month=date(2026, 4, 1))


# -- cancelling ---------------------------------------------------------------------------


def test_cancel_booking_frees_the_slot_and_returns_the_hours(rooms, mina):
    booking_id = rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))
    rooms.cancel_booking(mina, booking_id, "Shoot moved")
    booking = rooms.booking(booking_id)
    assert (booking.status, booking.reason) == (BookingStatus.CANCELLED, "Shoot moved")
    assert rooms.taken_slots(SUITE_2, date(2026, 3, 3)) == []
    assert rooms.member_hours(mina.actor, WEEK).used_minutes == 0
    assert rooms.university_hours(CAU, WEEK).used_minutes == 0
    assert event_names(rooms, booking_id) == ["Made", "Cancelled"]
    kim = given_member(rooms, "kim@example.com", "crew")
    rooms.book_workspace(kim, SUITE_2, start=at(3, 14), end=at(3, 16))


def test_cancel_booking_by_a_stranger_is_forbidden(rooms, mina):
    booking_id = rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))
    kim = given_member(rooms, "kim@example.com", "crew")
    with pytest.raises(Forbidden):
        rooms.cancel_booking(kim, booking_id)
    with pytest.raises(Forbidden):
        rooms.cancel_booking(Context(None), booking_id)
    assert rooms.booking(booking_id).status is BookingStatus.CONFIRMED


def test_cancel_booking_by_an_admin_after_it_began(rooms, admin, mina, clock):
    booking_id = rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))
    clock.set(at(3, 15))
    with pytest.raises(Conflict, match="already begun"):
        rooms.cancel_booking(mina, booking_id)
    rooms.cancel_booking(admin, booking_id, "Fire alarm")
    assert rooms.booking(booking_id).status is BookingStatus.CANCELLED
    clock.set(at(3, 17))
    other = rooms.book_workspace(mina, SUITE_2, start=at(3, 18), end=at(3, 19))
    clock.set(at(3, 20))
    with pytest.raises(Conflict, match="already ended"):
        rooms.cancel_booking(admin, other)


def test_cancel_booking_twice_conflicts(rooms, mina):
    booking_id = rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))
    rooms.cancel_booking(mina, booking_id)
    with pytest.raises(Conflict, match="already cancelled"):
        rooms.cancel_booking(mina, booking_id)
    with pytest.raises(NotFound):
        rooms.cancel_booking(mina, uuid4())


def test_cancel_booking_of_a_request_returns_the_hours(rooms, mina):
    booking_id = rooms.book_workspace(mina, SCREENING, start=at(20, 18), end=at(20, 21))
    rooms.cancel_booking(mina, booking_id)
    assert rooms.booking(booking_id).status is BookingStatus.CANCELLED
    assert rooms.member_hours(mina.actor, date(2026, 3, 16)).used_minutes == 0


def test_cancel_booking_of_a_desk_frees_the_desk(rooms, admin, mina):
    rooms.update_workspace(admin, OFFICE, capacity=1)
    booking_id = rooms.book_desk(mina, OFFICE, month=date(2026, 4, 1))
    rooms.cancel_booking(mina, booking_id)
    assert rooms.desk_holders(OFFICE, date(2026, 4, 1)) == []
    kim = given_member(rooms, "kim@example.com", "crew")
    rooms.book_desk(kim, OFFICE, month=date(2026, 4, 1))
    assert rooms.desk_holders(OFFICE, date(2026, 4, 1)) == [kim.actor]


# -- refusals that say whose booking is in the way, and where else to go -----------------------


def test_book_workspace_over_ones_own_booking_says_it_is_ones_own(rooms, mina):
    own = rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))
    with pytest.raises(SlotTaken) as refusal:
        rooms.book_workspace(mina, SUITE_2, start=at(3, 15), end=at(3, 17))
    assert refusal.value.message == (
        "You already have Editing Suite 2 booked 14:00–16:00; this time overlaps your own "
        "booking. Free at that time: Editing Suite 1, Editing Suite 3."
    )
    params = refusal.value.params
    assert (params["clash"], params["own"], params["booking_id"]) == ("own_booking", True, own)
    assert rooms.member_hours(mina.actor, WEEK).used_minutes == 120


def test_book_workspace_over_own_and_others_bookings_names_the_own_one(rooms, mina):
    kim = given_member(rooms, "kim@example.com", "crew")
    rooms.book_workspace(kim, SUITE_2, start=at(3, 12), end=at(3, 13))
    own = rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 15))
    with pytest.raises(SlotTaken) as refusal:
        rooms.book_workspace(mina, SUITE_2, start=at(3, 12), end=at(3, 16))
    assert (refusal.value.params["clash"], refusal.value.params["booking_id"]) == (
        "own_booking",
        own,
    )
    assert "booked 14:00–15:00; this time overlaps your own booking" in refusal.value.message


def test_book_workspace_when_every_room_of_the_kind_is_busy_says_none_is_free(rooms, admin, mina):
    kim = given_member(rooms, "kim@example.com", "crew")
    rooms.book_workspace(kim, SUITE_1, start=at(3, 15), end=at(3, 16))
    rooms.add_blackout(admin, SUITE_3, start=at(3, 16), end=at(3, 17), reason="Cleaning")
    rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))
    with pytest.raises(SlotTaken) as refusal:
        rooms.book_workspace(kim, SUITE_2, start=at(3, 14), end=at(3, 17))
    assert refusal.value.message.endswith("No other room of this kind is free at that time.")
    assert refusal.value.params["alternatives"] == ()
    # From 15:00 to 16:00 Kim holds Suite 1, and Suite 3's cleaning has not begun.
    with pytest.raises(SlotTaken) as later:
        rooms.book_workspace(kim, SUITE_2, start=at(3, 15), end=at(3, 16))
    assert later.value.params["alternatives"] == (Alternative(SUITE_3, "Editing Suite 3"),)
    with pytest.raises(SlotTaken) as sooner:
        rooms.book_workspace(kim, SUITE_2, start=at(3, 14), end=at(3, 15))
    assert sooner.value.params["alternatives"] == (
        Alternative(SUITE_1, "Editing Suite 1"),
        Alternative(SUITE_3, "Editing Suite 3"),
    )


def test_book_workspace_alternatives_leave_out_retired_rooms_and_other_kinds(rooms, admin, mina):
    rooms.retire_workspace(admin, SUITE_3, "Moved")
    rooms.book_workspace(mina, SOUND, start=at(3, 14), end=at(3, 16))
    kim = given_member(rooms, "kim@example.com", "crew")
    with pytest.raises(SlotTaken) as refusal:
        rooms.book_workspace(kim, SOUND, start=at(3, 14), end=at(3, 15))
    assert refusal.value.params["alternatives"] == ()
    rooms.book_workspace(mina, SUITE_2, start=at(4, 14), end=at(4, 16))
    with pytest.raises(SlotTaken) as suites:
        rooms.book_workspace(kim, SUITE_2, start=at(4, 14), end=at(4, 15))
    assert suites.value.params["alternatives"] == (Alternative(SUITE_1, "Editing Suite 1"),)
