"""The life of a booking after it is made: waitlists and their offers, check-in, no-shows and
strikes with their appeals, and screening-room requests nobody answered. Given events, when a
command, then events (or this error). The clock stands at Monday 2026-03-02 10:00, Seoul time.
"""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID, uuid4

import pytest

from domain.booking import WorkspaceDay
from domain.booking_errors import NoDeskFree, NotDue, SlotTaken
from domain.booking_terms import NO_ANSWER
from domain.context import SYSTEM, Context
from domain.errors import Conflict, Forbidden, Invalid, NotFound
from domain.quota import MemberWeek, QuotaExceeded, Strike, strike_ends
from domain.vocabulary import BookingStatus, StrikeStatus, WaitlistStatus
from domain.waitlist import OfferLapsed, Waitlist
from tests.domain.test_booking_concurrency import race, report
from tests.domain.test_bookings import (
    CAU,
    OFFICE,
    SCREENING,
    SUITE_2,
    WEEK,
    at,
    event_names,
    given_member,
)

TUESDAY = date(2026, 3, 3)


@pytest.fixture
def rooms(app):
    app.seed_workspaces()
    return app


@pytest.fixture
def mina(rooms) -> Context:
    return given_member(rooms, "mina@example.com", "director", university="cau")


@pytest.fixture
def kim(rooms) -> Context:
    return given_member(rooms, "kim@example.com", "crew", university="cau")


@pytest.fixture
def lee(rooms) -> Context:
    return given_member(rooms, "lee@example.com", "crew")


def given_booking(app, who: Context, day: int = 3, start: int = 14, end: int = 16) -> UUID:
    return app.book_workspace(who, SUITE_2, start=at(day, start), end=at(day, end))


# -- joining a waitlist -------------------------------------------------------------------


def test_join_waitlist_for_a_taken_slot_queues_members_in_turn(rooms, mina, kim, lee):
    given_booking(rooms, mina)
    first = rooms.join_waitlist(kim, SUITE_2, start=at(3, 14), end=at(3, 16))
    second = rooms.join_waitlist(lee, SUITE_2, start=at(3, 15), end=at(3, 16))
    assert (rooms.waitlist_position(first), rooms.waitlist_position(second)) == (1, 2)
    entry = rooms.waitlist_entry(first)
    assert (entry.member_id, entry.start, entry.end) == (kim.actor, at(3, 14), at(3, 16))
    assert entry.status is WaitlistStatus.WAITING
    waitlist_id = Waitlist.id_for(SUITE_2, TUESDAY)
    assert event_names(rooms, waitlist_id) == ["Opened", "Joined", "Joined"]


def test_join_waitlist_for_a_free_slot_conflicts(rooms, mina, kim):
    with pytest.raises(Conflict, match="is free 14:00–16:00; book it instead"):
        rooms.join_waitlist(kim, SUITE_2, start=at(3, 14), end=at(3, 16))
    given_booking(rooms, mina)
    with pytest.raises(Conflict, match="is free 16:00–17:00"):
        rooms.join_waitlist(kim, SUITE_2, start=at(3, 16), end=at(3, 17))


def test_join_waitlist_for_ones_own_booking_is_refused_as_ones_own(rooms, mina, kim):
    own = given_booking(rooms, mina)
    given_booking(rooms, kim, start=16, end=18)
    with pytest.raises(SlotTaken) as refusal:
        rooms.join_waitlist(mina, SUITE_2, start=at(3, 15), end=at(3, 17))
    assert (refusal.value.params["clash"], refusal.value.params["booking_id"]) == (
        "own_booking",
        own,
    )
    assert (
        rooms.waitlist_position(rooms.join_waitlist(kim, SUITE_2, start=at(3, 15), end=at(3, 16)))
        == 1
    )


def test_join_waitlist_twice_for_overlapping_windows_conflicts(rooms, mina, kim):
    given_booking(rooms, mina)
    rooms.join_waitlist(kim, SUITE_2, start=at(3, 14), end=at(3, 16))
    with pytest.raises(
        Conflict,
        match="already on the waitlist for Editing Suite 2 14:00–16:00 "
        r"\(number 1 in line\)",
    ):
        rooms.join_waitlist(kim, SUITE_2, start=at(3, 15), end=at(3, 16))


@pytest.mark.parametrize(
    ("start", "end", "why"),
    [
        (at(2, 8), at(2, 9), "has already passed"),
        (at(3, 14, 10), at(3, 16), "quarter hour"),
        (at(3, 16), at(3, 14), "must come after the start"),
        (at(3, 9), at(3, 18), "at most 8 hours"),
    ],
)
def test_join_waitlist_with_malformed_times_is_invalid(rooms, mina, kim, start, end, why):
    given_booking(rooms, mina)
    with pytest.raises(Invalid, match=why):
        rooms.join_waitlist(kim, SUITE_2, start=start, end=end)


def test_join_waitlist_of_the_screening_room_is_invalid(rooms, kim):
    with pytest.raises(Invalid, match="takes requests"):
        rooms.join_waitlist(kim, SCREENING, start=at(20, 18), end=at(20, 20))


def test_join_waitlist_by_partner_is_forbidden(rooms, mina):
    given_booking(rooms, mina)
    partner = given_member(rooms, "studio@example.com", "partner")
    with pytest.raises(Forbidden):
        rooms.join_waitlist(partner, SUITE_2, start=at(3, 14), end=at(3, 16))


def test_leave_waitlist_takes_the_member_out_of_line(rooms, mina, kim, lee):
    given_booking(rooms, mina)
    first = rooms.join_waitlist(kim, SUITE_2, start=at(3, 14), end=at(3, 16))
    second = rooms.join_waitlist(lee, SUITE_2, start=at(3, 14), end=at(3, 16))
    with pytest.raises(Forbidden):
        rooms.leave_waitlist(lee, first)
    rooms.leave_waitlist(kim, first)
    assert rooms.waitlist_entry(first).status is WaitlistStatus.LEFT
    assert rooms.waitlist_position(second) == 1
    with pytest.raises(Conflict, match="left, no longer waiting"):
        rooms.leave_waitlist(kim, first)
    with pytest.raises(NotFound):
        rooms.leave_waitlist(kim, uuid4())


# -- offers -------------------------------------------------------------------------------


def test_cancel_booking_offers_the_slot_to_the_first_member_whose_window_fits(
    rooms, mina, kim, lee, clock
):
    booking_id = given_booking(rooms, mina)
    rooms.book_workspace(lee, SUITE_2, start=at(3, 16), end=at(3, 18))
    too_long = rooms.join_waitlist(kim, SUITE_2, start=at(3, 14), end=at(3, 17))
    fits = rooms.join_waitlist(lee, SUITE_2, start=at(3, 14), end=at(3, 15))
    rooms.cancel_booking(mina, booking_id, "Shoot moved")
    assert rooms.waitlist_entry(too_long).status is WaitlistStatus.WAITING
    offer = rooms.waitlist_entry(fits)
    expires = clock.now() + timedelta(hours=2)
    assert (offer.status, offer.expires) == (WaitlistStatus.OFFERED, expires)
    assert [(h.entry_id, h.start, h.end) for h in rooms.held_slots(SUITE_2, TUESDAY)] == [
        (fits, at(3, 14), at(3, 15))
    ]
    day_events = event_names(rooms, WorkspaceDay.id_for(SUITE_2, TUESDAY))
    assert day_events[-2:] == ["SlotFreed", "SlotHeld"]


def test_offer_holds_the_slot_against_anyone_else(rooms, mina, kim, lee):
    booking_id = given_booking(rooms, mina)
    rooms.join_waitlist(kim, SUITE_2, start=at(3, 14), end=at(3, 16))
    rooms.cancel_booking(mina, booking_id)
    with pytest.raises(
        SlotTaken,
        match="14:00–16:00 is offered to a member on the waitlist until 12:00; join the waitlist",
    ):
        rooms.book_workspace(lee, SUITE_2, start=at(3, 15), end=at(3, 17))
    assert rooms.free_slots(SUITE_2, TUESDAY) == [(at(3, 9), at(3, 14)), (at(3, 16), at(3, 22))]
    assert rooms.taken_slots(SUITE_2, TUESDAY) == []


def test_book_workspace_over_a_slot_held_for_ones_own_offer_says_to_accept_it(
    rooms, mina, kim, lee
):
    booking_id = given_booking(rooms, mina)
    entry = rooms.join_waitlist(kim, SUITE_2, start=at(3, 14), end=at(3, 16))
    rooms.cancel_booking(mina, booking_id)
    with pytest.raises(SlotTaken) as own:
        rooms.book_workspace(kim, SUITE_2, start=at(3, 14), end=at(3, 15))
    assert own.value.message == (
        "Editing Suite 2 14:00–16:00 is held for you until 12:00: accept the offer in My "
        "bookings. Free at that time: Editing Suite 1, Editing Suite 3."
    )
    assert (own.value.params["clash"], own.value.params["own"], own.value.params["entry_id"]) == (
        "own_offer",
        True,
        entry,
    )
    with pytest.raises(SlotTaken) as others:
        rooms.book_workspace(lee, SUITE_2, start=at(3, 14), end=at(3, 15))
    assert (others.value.params["clash"], others.value.params["own"]) == ("offer", False)


def test_offer_expires_when_the_slot_starts_if_that_is_sooner(rooms, mina, kim, clock):
    booking_id = given_booking(rooms, mina, day=2, start=13, end=14)
    entry = rooms.join_waitlist(kim, SUITE_2, start=at(2, 13), end=at(2, 14))
    clock.set(at(2, 12))
    rooms.cancel_booking(mina, booking_id)
    assert rooms.waitlist_entry(entry).expires == at(2, 13)


def test_accept_offer_confirms_a_booking_and_counts_the_hours(rooms, mina, kim):
    booking_id = given_booking(rooms, mina)
    entry = rooms.join_waitlist(kim, SUITE_2, start=at(3, 14), end=at(3, 16))
    rooms.cancel_booking(mina, booking_id)
    new_id = rooms.accept_offer(kim, entry)
    booking = rooms.booking(new_id)
    assert (booking.member_id, booking.status) == (kim.actor, BookingStatus.CONFIRMED)
    assert (booking.start, booking.end, booking.minutes) == (at(3, 14), at(3, 16), 120)
    assert rooms.taken_slots(SUITE_2, TUESDAY) == [(new_id, at(3, 14), at(3, 16))]
    assert rooms.held_slots(SUITE_2, TUESDAY) == []
    assert rooms.member_hours(kim.actor, WEEK).used_minutes == 120
    assert rooms.university_hours(CAU, WEEK).used_minutes == 120
    entry_now = rooms.waitlist_entry(entry)
    assert (entry_now.status, entry_now.booking_id) == (WaitlistStatus.BOOKED, new_id)
    assert event_names(rooms, WorkspaceDay.id_for(SUITE_2, TUESDAY))[-1] == "HoldBooked"
    with pytest.raises(Conflict, match="booked; there is no offer"):
        rooms.accept_offer(kim, entry)


def test_accept_offer_beyond_the_quota_is_refused_and_the_offer_stands(rooms, mina, kim):
    booking_id = given_booking(rooms, mina)
    entry = rooms.join_waitlist(kim, SUITE_2, start=at(3, 14), end=at(3, 16))
    rooms.book_workspace(kim, SUITE_2, start=at(4, 9), end=at(4, 17))
    rooms.book_workspace(kim, SUITE_2, start=at(5, 9), end=at(5, 12))
    rooms.cancel_booking(mina, booking_id)
    with pytest.raises(QuotaExceeded, match="You have 1 of 12 hours left this week"):
        rooms.accept_offer(kim, entry)
    assert rooms.waitlist_entry(entry).status is WaitlistStatus.OFFERED
    assert len(rooms.held_slots(SUITE_2, TUESDAY)) == 1


def test_accept_offer_after_it_ran_out_is_refused(rooms, mina, kim, clock):
    booking_id = given_booking(rooms, mina)
    entry = rooms.join_waitlist(kim, SUITE_2, start=at(3, 14), end=at(3, 16))
    rooms.cancel_booking(mina, booking_id)
    clock.advance(timedelta(hours=2))
    with pytest.raises(OfferLapsed, match="ran out at 12:00"):
        rooms.accept_offer(kim, entry)
    assert rooms.taken_slots(SUITE_2, TUESDAY) == []


def test_accept_offer_made_to_another_member_is_forbidden(rooms, mina, kim, lee):
    booking_id = given_booking(rooms, mina)
    entry = rooms.join_waitlist(kim, SUITE_2, start=at(3, 14), end=at(3, 16))
    rooms.cancel_booking(mina, booking_id)
    with pytest.raises(Forbidden):
        rooms.accept_offer(lee, entry)
    with pytest.raises(Forbidden):
        rooms.decline_offer(lee, entry)
    with pytest.raises(NotFound):
        rooms.accept_offer(kim, uuid4())


def test_accept_offer_while_still_waiting_conflicts(rooms, mina, kim):
    given_booking(rooms, mina)
    entry = rooms.join_waitlist(kim, SUITE_2, start=at(3, 14), end=at(3, 16))
    with pytest.raises(Conflict, match="waiting; there is no offer"):
        rooms.accept_offer(kim, entry)


def test_decline_offer_passes_it_to_the_next_in_line(rooms, mina, kim, lee):
    booking_id = given_booking(rooms, mina)
    first = rooms.join_waitlist(kim, SUITE_2, start=at(3, 14), end=at(3, 16))
    second = rooms.join_waitlist(lee, SUITE_2, start=at(3, 14), end=at(3, 15))
    rooms.cancel_booking(mina, booking_id)
    assert rooms.waitlist_entry(second).status is WaitlistStatus.WAITING
    rooms.decline_offer(kim, first)
    assert rooms.waitlist_entry(first).status is WaitlistStatus.DECLINED
    assert rooms.waitlist_entry(second).status is WaitlistStatus.OFFERED
    assert [h.member_id for h in rooms.held_slots(SUITE_2, TUESDAY)] == [lee.actor]


def test_leave_waitlist_with_an_offer_standing_declines_it(rooms, mina, kim, lee):
    booking_id = given_booking(rooms, mina)
    first = rooms.join_waitlist(kim, SUITE_2, start=at(3, 14), end=at(3, 16))
    second = rooms.join_waitlist(lee, SUITE_2, start=at(3, 14), end=at(3, 16))
    rooms.cancel_booking(mina, booking_id)
    rooms.leave_waitlist(kim, first)
    assert rooms.waitlist_entry(first).status is WaitlistStatus.DECLINED
    assert rooms.waitlist_entry(second).status is WaitlistStatus.OFFERED


def test_expire_offer_passes_it_on_only_once_it_ran_out(rooms, mina, kim, lee, admin, clock):
    booking_id = given_booking(rooms, mina)
    first = rooms.join_waitlist(kim, SUITE_2, start=at(3, 14), end=at(3, 16))
    second = rooms.join_waitlist(lee, SUITE_2, start=at(3, 14), end=at(3, 16))
    rooms.cancel_booking(mina, booking_id)
    with pytest.raises(NotDue, match="stands until 12:00"):
        rooms.expire_offer(SYSTEM, first)
    with pytest.raises(Forbidden):
        rooms.expire_offer(kim, first)
    clock.advance(timedelta(hours=2))
    rooms.expire_offer(admin, first)
    assert rooms.waitlist_entry(first).status is WaitlistStatus.EXPIRED
    offered = rooms.waitlist_entry(second)
    assert (offered.status, offered.expires) == (WaitlistStatus.OFFERED, at(2, 14))
    with pytest.raises(Conflict, match="expired; there is no offer"):
        rooms.expire_offer(SYSTEM, first)


def test_offer_to_a_window_that_has_begun_lapses_it(rooms, mina, kim, lee, admin, clock):
    booking_id = given_booking(rooms, mina)
    early = rooms.join_waitlist(kim, SUITE_2, start=at(3, 14), end=at(3, 15))
    late = rooms.join_waitlist(lee, SUITE_2, start=at(3, 15), end=at(3, 16))
    clock.set(at(3, 14, 30))
    rooms.cancel_booking(admin, booking_id, "Power cut")
    assert rooms.waitlist_entry(early).status is WaitlistStatus.LAPSED
    late_entry = rooms.waitlist_entry(late)
    assert (late_entry.status, late_entry.expires) == (WaitlistStatus.OFFERED, at(3, 15))


# -- the shared office's waitlist -----------------------------------------------------------


def test_desk_waitlist_offers_a_freed_desk_and_accepting_lets_it(rooms, admin, mina, kim, lee):
    rooms.update_workspace(admin, OFFICE, capacity=1)
    april = date(2026, 4, 1)
    with pytest.raises(Conflict, match="is free for April 2026; book it instead"):
        rooms.join_desk_waitlist(kim, OFFICE, month=april)
    desk = rooms.book_desk(mina, OFFICE, month=april)
    entry = rooms.join_desk_waitlist(kim, OFFICE, month=april)
    rooms.cancel_booking(mina, desk)
    assert rooms.waitlist_entry(entry).status is WaitlistStatus.OFFERED
    with pytest.raises(NoDeskFree, match="let or offered to the waitlist for April 2026"):
        rooms.book_desk(lee, OFFICE, month=april)
    new_desk = rooms.accept_offer(kim, entry)
    assert rooms.desk_holders(OFFICE, april) == [kim.actor]
    assert rooms.booking(new_desk).start == at(1, 0, month=4)


def test_join_desk_waitlist_while_holding_a_desk_conflicts(rooms, admin, mina):
    rooms.update_workspace(admin, OFFICE, capacity=1)
    rooms.book_desk(mina, OFFICE, month=date(2026, 4, 1))
    with pytest.raises(Conflict, match="already hold a desk"):
        rooms.join_desk_waitlist(mina, OFFICE, month=date(2026, 4, 1))
    with pytest.raises(Invalid, match="by time slot"):
        rooms.join_desk_waitlist(mina, SUITE_2, month=date(2026, 4, 1))


# -- check-in -----------------------------------------------------------------------------


def test_check_in_from_fifteen_minutes_before_is_recorded(rooms, mina, clock):
    booking_id = given_booking(rooms, mina)
    clock.set(at(3, 13, 45))
    rooms.check_in(mina, booking_id)
    assert rooms.booking(booking_id).checked_in_at == at(3, 13, 45)
    assert event_names(rooms, booking_id) == ["Made", "CheckedIn"]
    with pytest.raises(Conflict, match="already checked in at 13:45"):
        rooms.check_in(mina, booking_id)


@pytest.mark.parametrize(
    ("now", "why"),
    [(at(3, 13, 44), "check-in opens at 13:45"), (at(3, 14, 15), "check-in closed at 14:15")],
)
def test_check_in_outside_its_window_conflicts(rooms, mina, clock, now, why):
    booking_id = given_booking(rooms, mina)
    clock.set(now)
    with pytest.raises(Conflict, match=why):
        rooms.check_in(mina, booking_id)
    assert rooms.booking(booking_id).checked_in_at is None


def test_check_in_by_another_member_is_forbidden(rooms, mina, kim, clock):
    booking_id = given_booking(rooms, mina)
    clock.set(at(3, 14))
    with pytest.raises(Forbidden):
        rooms.check_in(kim, booking_id)


def test_check_in_to_a_cancelled_booking_or_a_desk_conflicts(rooms, mina, clock):
    booking_id = given_booking(rooms, mina)
    desk = rooms.book_desk(mina, OFFICE, month=date(2026, 3, 1))
    rooms.cancel_booking(mina, booking_id)
    clock.set(at(3, 14))
    with pytest.raises(Conflict, match="cancelled; only a confirmed one"):
        rooms.check_in(mina, booking_id)
    with pytest.raises(Conflict, match="desks are let by the month"):
        rooms.check_in(mina, desk)


# -- no-shows and strikes -----------------------------------------------------------------


def test_release_no_show_frees_the_slot_and_strikes_the_next_four_weeks(rooms, mina, clock):
    booking_id = given_booking(rooms, mina)
    clock.set(at(3, 14, 15))
    strike_id = rooms.release_no_show(SYSTEM, booking_id)
    booking = rooms.booking(booking_id)
    assert booking.status is BookingStatus.NO_SHOW
    assert event_names(rooms, booking_id) == ["Made", "ReleasedAsNoShow"]
    assert rooms.taken_slots(SUITE_2, TUESDAY) == []
    strike = rooms.strike(strike_id)
    assert (strike.member_id, strike.booking_id, strike.status) == (
        mina.actor,
        booking_id,
        StrikeStatus.ACTIVE,
    )
    assert strike.weeks == [
        date(2026, 3, 9),
        date(2026, 3, 16),
        date(2026, 3, 23),
        date(2026, 3, 30),
    ]
    assert strike_id == Strike.id_for(booking_id)
    # The no-show's hours stay spent; each of the next four weeks allows 10 hours, not 12.
    assert rooms.member_hours(mina.actor, WEEK).used_minutes == 120
    for week in strike.weeks:
        assert rooms.member_hours(mina.actor, week).allowance_minutes == 600
    assert rooms.member_hours(mina.actor, date(2026, 4, 6)).allowance_minutes == 720
    assert event_names(rooms, MemberWeek.id_for(mina.actor, date(2026, 3, 9))) == [
        "Opened",
        "QuotaReduced",
    ]


def test_strike_is_in_force_exactly_while_it_lowers_the_quota(rooms, admin, mina, clock):
    booking_id = given_booking(rooms, mina)
    clock.set(at(3, 14, 15))
    strike = rooms.strike(rooms.release_no_show(SYSTEM, booking_id))
    assert strike.in_force(TUESDAY)
    for weeks_on in range(1, 8):
        monday = WEEK + timedelta(weeks=weeks_on)
        lowered = rooms.member_hours(mina.actor, monday).allowance_minutes < 720
        assert strike.in_force(monday) is lowered, monday
        assert strike.in_force(monday + timedelta(days=6)) is lowered, monday
    assert strike_ends(strike.weeks) == date(2026, 4, 6)
    rooms.appeal_strike(mina, strike.id, "The building was closed.")
    rooms.overturn_strike(admin, strike.id, "Confirmed with the building's log.")
    strike = rooms.strike(strike.id)
    assert not strike.in_force(date(2026, 3, 10))
    assert rooms.member_hours(mina.actor, date(2026, 3, 9)).allowance_minutes == 720


def test_book_workspace_after_a_strike_meets_the_lower_quota(rooms, mina, clock):
    booking_id = given_booking(rooms, mina)
    clock.set(at(3, 14, 15))
    rooms.release_no_show(SYSTEM, booking_id)
    rooms.book_workspace(mina, SUITE_2, start=at(9, 9), end=at(9, 17))
    with pytest.raises(QuotaExceeded, match="You have 2 of 10 hours left next week"):
        rooms.book_workspace(mina, SUITE_2, start=at(10, 9), end=at(10, 13))


def test_release_no_show_before_the_grace_period_ends_is_not_due(rooms, mina, clock):
    booking_id = given_booking(rooms, mina)
    clock.set(at(3, 14, 14))
    with pytest.raises(NotDue, match="may check in until 14:15"):
        rooms.release_no_show(SYSTEM, booking_id)
    assert rooms.booking(booking_id).status is BookingStatus.CONFIRMED


def test_release_no_show_after_check_in_conflicts(rooms, mina, clock):
    booking_id = given_booking(rooms, mina)
    clock.set(at(3, 14, 5))
    rooms.check_in(mina, booking_id)
    clock.set(at(3, 14, 20))
    with pytest.raises(Conflict, match="checked in at 14:05"):
        rooms.release_no_show(SYSTEM, booking_id)
    assert rooms.taken_slots(SUITE_2, TUESDAY) != []


def test_release_no_show_twice_conflicts_and_strikes_once(rooms, mina, clock):
    booking_id = given_booking(rooms, mina)
    clock.set(at(3, 14, 30))
    rooms.release_no_show(SYSTEM, booking_id)
    with pytest.raises(Conflict, match="no_show; there is nothing to release"):
        rooms.release_no_show(SYSTEM, booking_id)
    assert rooms.member_hours(mina.actor, date(2026, 3, 9)).allowance_minutes == 600


def test_release_no_show_by_a_member_is_forbidden(rooms, mina, clock):
    booking_id = given_booking(rooms, mina)
    clock.set(at(3, 14, 30))
    with pytest.raises(Forbidden):
        rooms.release_no_show(mina, booking_id)
    with pytest.raises(Forbidden):
        rooms.release_no_show(Context(None), booking_id)


def test_release_no_show_offers_the_rest_of_the_slot_to_the_waitlist(rooms, mina, kim, clock):
    booking_id = given_booking(rooms, mina)
    entry = rooms.join_waitlist(kim, SUITE_2, start=at(3, 15), end=at(3, 16))
    clock.set(at(3, 14, 15))
    rooms.release_no_show(SYSTEM, booking_id)
    offer = rooms.waitlist_entry(entry)
    assert (offer.status, offer.expires) == (WaitlistStatus.OFFERED, at(3, 15))
    new_id = rooms.accept_offer(kim, entry)
    assert rooms.taken_slots(SUITE_2, TUESDAY) == [(new_id, at(3, 15), at(3, 16))]


def test_appeal_strike_by_the_member_awaits_a_decision(rooms, mina, kim, clock):
    booking_id = given_booking(rooms, mina)
    clock.set(at(3, 14, 15))
    strike_id = rooms.release_no_show(SYSTEM, booking_id)
    with pytest.raises(Forbidden, match="only the member who got the strike"):
        rooms.appeal_strike(kim, strike_id, "Not mine")
    with pytest.raises(Invalid, match="reason is required"):
        rooms.appeal_strike(mina, strike_id, " ")
    rooms.appeal_strike(mina, strike_id, "The building was closed by a fire alarm")
    strike = rooms.strike(strike_id)
    assert (strike.status, strike.appeal) == (
        StrikeStatus.APPEALED,
        "The building was closed by a fire alarm",
    )
    with pytest.raises(Conflict, match="appealed only once"):
        rooms.appeal_strike(mina, strike_id, "Again")


def test_overturn_strike_restores_the_hours(rooms, admin, mina, clock):
    booking_id = given_booking(rooms, mina)
    clock.set(at(3, 14, 15))
    strike_id = rooms.release_no_show(SYSTEM, booking_id)
    with pytest.raises(Conflict, match="not an appeal awaiting a decision"):
        rooms.overturn_strike(admin, strike_id, "Too early")
    rooms.appeal_strike(mina, strike_id, "Fire alarm")
    with pytest.raises(Forbidden):
        rooms.overturn_strike(mina, strike_id, "Myself")
    with pytest.raises(Invalid):
        rooms.overturn_strike(admin, strike_id, "")
    rooms.overturn_strike(admin, strike_id, "The alarm log confirms it")
    strike = rooms.strike(strike_id)
    assert strike.status is StrikeStatus.OVERTURNED
    assert strike.decision == "The alarm log confirms it"
    for week in strike.weeks:
        assert rooms.member_hours(mina.actor, week).allowance_minutes == 720
    assert event_names(rooms, MemberWeek.id_for(mina.actor, date(2026, 3, 9)))[-1] == (
        "QuotaRestored"
    )
    with pytest.raises(Conflict):
        rooms.uphold_strike(admin, strike_id, "Changed my mind")


def test_uphold_strike_keeps_the_hours_off(rooms, admin, mina, clock):
    booking_id = given_booking(rooms, mina)
    clock.set(at(3, 14, 15))
    strike_id = rooms.release_no_show(SYSTEM, booking_id)
    rooms.appeal_strike(mina, strike_id, "I overslept")
    with pytest.raises(Forbidden):
        rooms.uphold_strike(mina, strike_id, "no")
    rooms.uphold_strike(admin, strike_id, "Oversleeping is what the rule is for")
    assert rooms.strike(strike_id).status is StrikeStatus.UPHELD
    assert rooms.member_hours(mina.actor, date(2026, 3, 16)).allowance_minutes == 600
    with pytest.raises(NotFound):
        rooms.uphold_strike(admin, uuid4(), "x")


# -- requests nobody answered -----------------------------------------------------------------


def test_refuse_unanswered_request_after_seven_days_returns_the_hours(rooms, mina, clock):
    booking_id = rooms.book_workspace(mina, SCREENING, start=at(20, 18), end=at(20, 21))
    clock.set(at(9, 9, 59))
    with pytest.raises(NotDue, match="may still be answered until 2026-03-09 10:00"):
        rooms.refuse_unanswered_request(SYSTEM, booking_id)
    clock.set(at(9, 10))
    rooms.refuse_unanswered_request(SYSTEM, booking_id)
    booking = rooms.booking(booking_id)
    assert (booking.status, booking.reason) == (BookingStatus.REFUSED, NO_ANSWER)
    assert booking.reason == "no answer within 7 days"
    assert rooms.member_hours(mina.actor, date(2026, 3, 16)).used_minutes == 0
    assert event_names(rooms, booking_id) == ["Requested", "Refused"]


def test_refuse_unanswered_request_already_approved_conflicts(rooms, admin, mina, clock):
    booking_id = rooms.book_workspace(mina, SCREENING, start=at(20, 18), end=at(20, 21))
    rooms.approve_booking_request(admin, booking_id, "Fine")
    clock.set(at(10, 10))
    with pytest.raises(Conflict, match="confirmed, not a request"):
        rooms.refuse_unanswered_request(SYSTEM, booking_id)
    with pytest.raises(Forbidden):
        rooms.refuse_unanswered_request(mina, booking_id)


# -- concurrency --------------------------------------------------------------------------

THREADS = 16


def test_accept_offer_racing_direct_bookings_only_the_offered_member_gets_the_slot(rooms):
    """One member accepts the offer while fifteen others try to book the same slot outright."""
    members = [given_member(rooms, f"racer{i}@example.com", "crew") for i in range(THREADS)]
    conflicts_before = rooms.conflicts
    all_outcomes = []
    for day in (3, 4, 5):
        holder = given_member(rooms, f"holder{day}@example.com", "crew")
        booking_id = given_booking(rooms, holder, day=day)
        entry = rooms.join_waitlist(members[0], SUITE_2, start=at(day, 14), end=at(day, 16))
        second = rooms.join_waitlist(members[1], SUITE_2, start=at(day, 14), end=at(day, 16))
        rooms.cancel_booking(holder, booking_id)

        def attempt(i: int, day: int = day, entry: UUID = entry, second: UUID = second) -> UUID:
            if i == 0:
                return rooms.accept_offer(members[0], entry)
            if i == 1:
                return rooms.accept_offer(members[1], second)  # not offered: refused
            start = at(day, 13) + timedelta(minutes=15 * (i % 5))
            return rooms.book_workspace(members[i], SUITE_2, start=start, end=at(day, 15))

        outcomes = race(THREADS, attempt)
        all_outcomes += outcomes
        winners = [value for kind, value in outcomes if kind == "ok"]
        assert len(winners) == 1
        assert outcomes[0][0] == "ok"
        slots = rooms.taken_slots(SUITE_2, date(2026, 3, day))
        assert [b for b, _, _ in slots] == winners
        assert rooms.booking(winners[0]).member_id == members[0].actor
    tally = report(rooms, "offer vs direct bookings", all_outcomes, conflicts_before)
    assert tally["ok"] == 3


def test_two_members_racing_for_one_expired_offer_cannot_both_get_it(rooms, clock):
    """The first in line answers late while the timer passes the offer to the second, who
    accepts at once: whatever the order, the slot ends up booked at most once."""
    members = [given_member(rooms, f"waiter{i}@example.com", "crew") for i in range(2)]
    conflicts_before = rooms.conflicts
    all_outcomes = []
    for day in range(3, 15):
        clock.set(at(2, 10))
        holder = given_member(rooms, f"holder{day}@example.com", "crew")
        booking_id = given_booking(rooms, holder, day=day)
        first = rooms.join_waitlist(members[0], SUITE_2, start=at(day, 14), end=at(day, 16))
        second = rooms.join_waitlist(members[1], SUITE_2, start=at(day, 14), end=at(day, 16))
        rooms.cancel_booking(holder, booking_id)
        clock.set(at(2, 12))

        def attempt(i: int, first: UUID = first, second: UUID = second) -> UUID:
            if i % 3 == 0:
                return rooms.accept_offer(members[0], first)
            if i % 3 == 1:
                rooms.expire_offer(SYSTEM, first)
                return rooms.accept_offer(members[1], second)
            return rooms.accept_offer(members[1], second)

        outcomes = race(6, attempt)
        all_outcomes += outcomes
        winners = [value for kind, value in outcomes if kind == "ok"]
        assert len(winners) <= 1
        slots = rooms.taken_slots(SUITE_2, date(2026, 3, day))
        assert [b for b, _, _ in slots] == winners
        if winners:
            assert rooms.booking(winners[0]).member_id == members[1].actor
        assert all(kind != "ok" for kind, _ in outcomes[0::3])
    report(rooms, "expired offer race", all_outcomes, conflicts_before)
