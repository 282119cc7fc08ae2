"""The workspace calendar, "my bookings", the .ics export and the timers view, built from real
commands on both databases; redelivery changes nothing and a rebuild equals the live view."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.context import SYSTEM
from domain.vocabulary import BookingStatus, StrikeStatus, WaitlistStatus
from projections.projector.runner import Projector
from projections.views.calendar import Calendar
from projections.views.my_bookings import ics_fold, ics_text
from projections.views.timers import CHECK_IN_GRACE_ENDS, OFFER_EXPIRES, REQUEST_ANSWER_DUE, Timers
from tests.domain.test_bookings import OFFICE, SCREENING, SUITE_1, SUITE_2, at, given_member

TUESDAY = date(2026, 3, 3)


@pytest.fixture
def rooms(app):
    app.seed_workspaces()
    return app


@pytest.fixture
def projector(rooms):
    p = Projector(rooms, [Calendar(), Timers()])
    p.ensure()
    return p


@pytest.fixture
def mina(rooms):
    return given_member(rooms, "mina@example.com", "director", university="cau")


@pytest.fixture
def kim(rooms):
    return given_member(rooms, "kim@example.com", "crew")


def read(projector, query, *args, **kwargs):
    projector.catch_up_all()
    with projector.db.read() as tx:
        return query(tx, *args, **kwargs)


def dump(projector):
    with projector.db.read() as tx:
        return {
            table: tx.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for view in projector.views.values()
            for table in view.TABLES
        }


# -- the workspace calendar ---------------------------------------------------------------


def test_a_room_reads_from_the_view_as_the_aggregate_books_by_it(rooms, projector, admin):
    rooms.add_blackout(admin, SUITE_2, start=at(4, 12), end=at(4, 15), reason="Calibration")
    gone = rooms.add_blackout(admin, SUITE_2, start=at(5, 9), end=at(5, 10), reason="Cleaning")
    rooms.remove_blackout(admin, SUITE_2, gone)
    rooms.update_workspace(admin, SUITE_2, weekly_hours={"sunday": None})
    room = read(projector, Calendar.room, SUITE_2)
    aggregate = rooms.workspace(SUITE_2)
    assert (room.name, room.kind, room.capacity, room.retired) == (
        aggregate.name,
        aggregate.kind,
        aggregate.capacity,
        False,
    )
    for day in (TUESDAY, date(2026, 3, 4), date(2026, 3, 5), date(2026, 3, 8)):
        assert room.hours_on(day) == aggregate.hours_on(day)
        assert room.blackouts_on(day) == aggregate.blackouts_on(day)
    assert room.blackout_during(at(4, 14), at(4, 16))["reason"] == "Calibration"
    assert room.rules == aggregate.rules
    rooms.retire_workspace(admin, SUITE_2, "moved")
    assert read(projector, Calendar.room, SUITE_2).retired
    assert SUITE_2 not in [r.id for r in read(projector, Calendar.rooms)]


def test_a_members_hours_read_from_the_view_as_the_quota_counts_them(rooms, projector, mina):
    kept = rooms.book_workspace(mina, SUITE_2, start=at(3, 10), end=at(3, 12))
    gone = rooms.book_workspace(mina, SUITE_1, start=at(4, 10), end=at(4, 13))
    rooms.cancel_booking(mina, gone)
    hours = read(projector, Calendar.member_hours, mina.actor, TUESDAY)
    ledger = rooms.member_hours(mina.actor, TUESDAY)
    assert (
        (hours.week, hours.used_minutes, hours.allowance_minutes)
        == (ledger.week, ledger.used_minutes, ledger.allowance_minutes)
        == (date(2026, 3, 2), 120, 720)
    )
    assert rooms.booking(kept).minutes == 120
    empty = read(projector, Calendar.member_hours, mina.actor, date(2026, 3, 10))
    assert (empty.used_minutes, empty.allowance_minutes) == (0, 720)


def test_day_shows_confirmed_and_held_slots_with_who_holds_them(rooms, projector, mina, kim, clock):
    first = rooms.book_workspace(mina, SUITE_2, start=at(3, 10), end=at(3, 12))
    gone = rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))
    rooms.book_workspace(kim, SUITE_1, start=at(3, 14), end=at(3, 16))
    entry = rooms.join_waitlist(kim, SUITE_2, start=at(3, 14), end=at(3, 15))
    rooms.cancel_booking(mina, gone)
    clock.set(at(3, 9, 50))
    rooms.check_in(mina, first)
    slots = read(projector, Calendar.day, SUITE_2, TUESDAY)
    assert [(s.member_id, s.start, s.end, s.state) for s in slots] == [
        (mina.actor, at(3, 10), at(3, 12), "checked_in"),
        (kim.actor, at(3, 14), at(3, 15), "held"),
    ]
    assert (slots[0].booking_id, slots[1].entry_id) == (first, entry)
    assert slots[1].expires == at(2, 12)
    assert read(projector, Calendar.day, SUITE_2, date(2026, 3, 4)) == []
    week = read(projector, Calendar.week, SUITE_2, date(2026, 3, 2))
    assert [len(week[d]) for d in sorted(week)] == [0, 2, 0, 0, 0, 0, 0]


def test_day_of_the_shared_office_lists_the_months_desks(rooms, projector, mina):
    rooms.book_desk(mina, OFFICE, month=date(2026, 4, 1))
    slots = read(projector, Calendar.day, OFFICE, date(2026, 4, 15))
    assert [(s.member_id, s.state) for s in slots] == [(mina.actor, "confirmed")]
    assert read(projector, Calendar.day, OFFICE, date(2026, 5, 1)) == []


# -- my bookings, waitlist, strikes -------------------------------------------------------


def test_my_bookings_splits_upcoming_and_past_with_status(rooms, projector, admin, mina, clock):
    missed = rooms.book_workspace(mina, SUITE_2, start=at(3, 10), end=at(3, 12))
    cancelled = rooms.book_workspace(mina, SUITE_2, start=at(4, 10), end=at(4, 12))
    later = rooms.book_workspace(mina, SUITE_1, start=at(5, 10), end=at(5, 11))
    request = rooms.book_workspace(mina, SCREENING, start=at(20, 18), end=at(20, 20))
    rooms.cancel_booking(mina, cancelled, "Shoot moved")
    clock.set(at(3, 10, 15))
    strike_id = rooms.release_no_show(SYSTEM, missed)
    mine = read(projector, Calendar.my_bookings, mina.actor, clock.now())
    assert [(b.booking_id, b.status) for b in mine.upcoming] == [
        (later, BookingStatus.CONFIRMED),
        (request, BookingStatus.REQUESTED),
    ]
    assert mine.upcoming[0].workspace_name == "Editing Suite 1"
    assert mine.upcoming[1].answer_by == at(9, 10)
    assert [(b.booking_id, b.status, b.reason) for b in mine.past] == [
        (cancelled, BookingStatus.CANCELLED, "Shoot moved"),
        (missed, BookingStatus.NO_SHOW, ""),
    ]
    rooms.appeal_strike(mina, strike_id, "Fire alarm")
    strikes = read(projector, Calendar.my_strikes, mina.actor)
    assert [(s.strike_id, s.status, s.appeal) for s in strikes] == [
        (strike_id, StrikeStatus.APPEALED, "Fire alarm")
    ]
    assert strikes[0].weeks[0] == date(2026, 3, 9) and strikes[0].minutes == 120
    assert [s.strike_id for s in read(projector, Calendar.appeals)] == [strike_id]
    rooms.overturn_strike(admin, strike_id, "Alarm log confirms it")
    assert read(projector, Calendar.appeals) == []
    assert read(projector, Calendar.my_strikes, mina.actor)[0].status is StrikeStatus.OVERTURNED


def test_my_waitlist_shows_offers_first_then_places_in_line(rooms, projector, mina, kim):
    lee = given_member(rooms, "lee@example.com", "crew")
    taken = rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))
    rooms.book_workspace(mina, SUITE_2, start=at(4, 14), end=at(4, 16))
    rooms.join_waitlist(lee, SUITE_2, start=at(4, 14), end=at(4, 16))
    waiting = rooms.join_waitlist(kim, SUITE_2, start=at(4, 14), end=at(4, 15))
    offered = rooms.join_waitlist(kim, SUITE_2, start=at(3, 14), end=at(3, 16))
    rooms.cancel_booking(mina, taken)
    rows = read(projector, Calendar.my_waitlist, kim.actor)
    assert [(r.entry_id, r.status, r.position, r.expires) for r in rows] == [
        (offered, WaitlistStatus.OFFERED, None, at(2, 12)),
        (waiting, WaitlistStatus.WAITING, 2, None),
    ]
    booking_id = rooms.accept_offer(kim, offered)
    rows = read(projector, Calendar.my_waitlist, kim.actor)
    assert [(r.status, r.booking_id) for r in rows] == [
        (WaitlistStatus.WAITING, None),
        (WaitlistStatus.BOOKED, booking_id),
    ]


def test_erasure_blanks_what_the_member_wrote(rooms, projector, admin, mina, clock):
    booking_id = rooms.book_workspace(mina, SUITE_2, start=at(3, 10), end=at(3, 12))
    clock.set(at(3, 10, 15))
    strike_id = rooms.release_no_show(SYSTEM, booking_id)
    rooms.appeal_strike(mina, strike_id, "My phone number is 010-1234-5678")
    rooms.erase_member(admin, mina.actor)
    strikes = read(projector, Calendar.my_strikes, mina.actor)
    assert strikes[0].appeal == "" and strikes[0].status is StrikeStatus.APPEALED


# -- the .ics export ------------------------------------------------------------------------


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def events(text: str) -> list[dict[str, str]]:
    found, current = [], None
    for line in unfold(text):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            key, _, value = line.partition(":")
            current[key] = value
    return found


def test_ics_lists_each_booking_in_utc_with_a_stable_uid(rooms, projector, mina):
    first = rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))
    second = rooms.book_workspace(mina, SCREENING, start=at(20, 18), end=at(20, 21))
    text = read(projector, Calendar.ics, mina.actor)
    lines = unfold(text)
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"] and lines[-1] == "END:VCALENDAR"
    assert any(line.startswith("PRODID:") for line in lines)
    vevents = events(text)
    assert [(e["UID"], e["DTSTART"], e["DTEND"], e["STATUS"]) for e in vevents] == [
        (f"{first}@filmhouse", "20260303T050000Z", "20260303T070000Z", "CONFIRMED"),
        (f"{second}@filmhouse", "20260320T090000Z", "20260320T120000Z", "TENTATIVE"),
    ]
    assert vevents[0]["SUMMARY"] == "Editing Suite 2"
    assert vevents[0]["LOCATION"] == "Film House\\, Editing Suite 2"
    assert vevents[0]["DTSTAMP"] == "20260302T010000Z"
    assert vevents[1]["SUMMARY"] == "Screening Room (awaiting approval)"
    start = datetime.strptime(vevents[0]["DTSTART"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert start == at(3, 14)


def test_ics_escapes_text_and_folds_long_lines_and_marks_cancellations(
    rooms, projector, mina, clock
):
    booking_id = rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))
    clock.advance(timedelta(minutes=5))
    reason = "Shoot moved; crew, cast\nand the 감독 too\\" + " 편집" * 30
    rooms.cancel_booking(mina, booking_id, reason)
    text = read(projector, Calendar.ics, mina.actor)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert any(line.startswith(" ") for line in text.split("\r\n"))
    (event,) = events(text)
    assert event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == "1"
    assert event["DTSTAMP"] == "20260302T010500Z"
    assert event["DESCRIPTION"] == "Booking cancelled: " + ics_text(reason.strip())
    assert "\\;" in event["DESCRIPTION"] and "\\," in event["DESCRIPTION"]
    assert "\\n" in event["DESCRIPTION"] and "\\\\" in event["DESCRIPTION"]
    assert event["DESCRIPTION"].encode().decode("utf-8")  # no character was cut in two


def test_ics_fold_never_splits_a_character():
    line = "DESCRIPTION:" + "가" * 40
    folded = ics_fold(line).split("\r\n ")
    assert "".join(folded) == line
    assert all(len(part.encode()) <= 75 for part in folded)
    assert ics_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_ics_of_a_member_without_bookings_is_an_empty_calendar(rooms, projector, kim):
    text = read(projector, Calendar.ics, kim.actor)
    assert events(text) == [] and unfold(text)[-1] == "END:VCALENDAR"


# -- the timers view ------------------------------------------------------------------------


def test_timers_track_what_falls_due_and_forget_what_was_handled(
    rooms, projector, admin, mina, kim, clock
):
    slot = rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))
    attended = rooms.book_workspace(mina, SUITE_1, start=at(2, 11), end=at(2, 12))
    request = rooms.book_workspace(mina, SCREENING, start=at(20, 18), end=at(20, 20))
    approved = rooms.book_workspace(kim, SCREENING, start=at(21, 18), end=at(21, 20))
    rooms.book_desk(mina, OFFICE, month=date(2026, 4, 1))
    entry = rooms.join_waitlist(kim, SUITE_2, start=at(3, 14), end=at(3, 16))
    rooms.approve_booking_request(admin, approved)
    pending = {(t.kind, t.subject_id): t.due for t in read(projector, Timers.pending)}
    assert pending == {
        (CHECK_IN_GRACE_ENDS, slot): at(3, 14, 15),
        (CHECK_IN_GRACE_ENDS, attended): at(2, 11, 15),
        (REQUEST_ANSWER_DUE, request): at(9, 10),
        (CHECK_IN_GRACE_ENDS, approved): at(21, 18, 15),
    }
    rooms.cancel_booking(mina, slot)
    clock.set(at(2, 10, 50))
    rooms.check_in(mina, attended)
    pending = {(t.kind, t.subject_id): t.due for t in read(projector, Timers.pending)}
    assert (OFFER_EXPIRES, entry) in pending and pending[(OFFER_EXPIRES, entry)] == at(2, 12)
    assert (CHECK_IN_GRACE_ENDS, slot) not in pending
    assert (CHECK_IN_GRACE_ENDS, attended) not in pending
    assert [t.subject_id for t in read(projector, Timers.due, at(2, 12))] == [entry]
    assert read(projector, Timers.due, at(2, 11, 59)) == []
    assert read(projector, Timers.next_due) == at(2, 12)
    rooms.accept_offer(kim, entry)
    kinds = {t.kind for t in read(projector, Timers.pending)}
    assert OFFER_EXPIRES not in kinds


# -- the machinery: redelivery and rebuild --------------------------------------------------


def given_a_busy_week(rooms, admin, mina, kim, clock):
    first = rooms.book_workspace(mina, SUITE_2, start=at(3, 14), end=at(3, 16))
    missed = rooms.book_workspace(mina, SUITE_1, start=at(3, 10), end=at(3, 12))
    entry = rooms.join_waitlist(kim, SUITE_2, start=at(3, 14), end=at(3, 16))
    rooms.cancel_booking(mina, first, "Moved, sorry")
    rooms.accept_offer(kim, entry)
    request = rooms.book_workspace(mina, SCREENING, start=at(20, 18), end=at(20, 20))
    rooms.approve_booking_request(admin, request, "Fine")
    clock.set(at(3, 10, 20))
    strike_id = rooms.release_no_show(SYSTEM, missed)
    rooms.appeal_strike(mina, strike_id, "Ill")


def test_redelivered_events_change_nothing(rooms, projector, admin, mina, kim, clock):
    given_a_busy_week(rooms, admin, mina, kim, clock)
    projector.catch_up_all()
    before = dump(projector)
    for view in projector.views.values():
        notes = rooms.recorder.select_notifications(start=1, limit=10000, topics=view.topics())
        with projector.db.write() as tx:
            for note in notes:
                view.apply(tx, projector.decode(note))
    assert dump(projector) == before


def test_rebuild_equals_the_live_view(rooms, projector, admin, mina, kim, clock):
    given_a_busy_week(rooms, admin, mina, kim, clock)
    projector.catch_up_all()
    live = dump(projector)
    assert live["cal_strikes"] and live["cal_waitlist"] and live["tm_timers"]
    projector.rebuild()
    assert dump(projector) == live
