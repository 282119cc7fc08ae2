"""The workspace calendar: each room as the calendar page shows it (name, kind, capacity, hours,
blackouts, retired), per workspace and day the confirmed slots and the slots held for waitlist
offers, with who holds them (member ids; names are the web's concern and shown to admins only),
and each member's hours in each quota week. This module keeps those rows; Calendar inherits its
queries: a room's calendar and a member's week from projections/views/room_calendar.py, and a
member's own bookings, waitlist entries, strikes and .ics from projections/views/my_bookings.py.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from domain.booking import Booking
from domain.member import Member
from domain.quota import MemberWeek, Strike
from domain.vocabulary import BookingStatus, StrikeStatus, WaitlistStatus
from domain.waitlist import Waitlist
from domain.workspace import Workspace
from projections.projector.sql import Tx
from projections.projector.view import Envelope, View, on
from projections.views.my_bookings import MemberQueries
from projections.views.room_calendar import RoomQueries
from projections.views.timers import micros

__all__ = ["Calendar"]


class Calendar(RoomQueries, MemberQueries, View):
    name = "calendar"
    SCHEMA_VERSION = 2  # 2: rooms with hours, blackouts and capacity; members' quota weeks
    TABLES = ("cal_workspaces", "cal_bookings", "cal_waitlist", "cal_strikes", "cal_member_weeks")
    DDL = (
        "CREATE TABLE cal_workspaces (workspace_id TEXT PRIMARY KEY, name TEXT NOT NULL, "
        "kind TEXT NOT NULL, capacity INTEGER NOT NULL DEFAULT 1, equipment TEXT NOT NULL "
        "DEFAULT '[]', hours TEXT NOT NULL DEFAULT '[]', blackouts TEXT NOT NULL DEFAULT '{}', "
        "retired INTEGER NOT NULL DEFAULT 0)",
        "CREATE TABLE cal_member_weeks (ledger_id TEXT PRIMARY KEY, member_id TEXT NOT NULL, "
        "week TEXT NOT NULL, used INTEGER NOT NULL, reduced INTEGER NOT NULL, "
        "version INTEGER NOT NULL)",
        "CREATE INDEX cal_member_weeks_member ON cal_member_weeks (member_id, week)",
        "CREATE TABLE cal_bookings (booking_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, "
        "member_id TEXT NOT NULL, kind TEXT NOT NULL, start_at TEXT NOT NULL, "
        "end_at TEXT NOT NULL, start_us BIGINT NOT NULL, end_us BIGINT NOT NULL, "
        "status TEXT NOT NULL, minutes INTEGER NOT NULL, checked_in_at TEXT, answer_by TEXT, "
        "reason TEXT NOT NULL, sequence INTEGER NOT NULL, updated_at TEXT NOT NULL)",
        "CREATE INDEX cal_bookings_room ON cal_bookings (workspace_id, start_us)",
        "CREATE INDEX cal_bookings_member ON cal_bookings (member_id, start_us)",
        "CREATE TABLE cal_waitlist (entry_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, "
        "waitlist_id TEXT NOT NULL, member_id TEXT NOT NULL, start_at TEXT NOT NULL, "
        "end_at TEXT NOT NULL, start_us BIGINT NOT NULL, end_us BIGINT NOT NULL, "
        "status TEXT NOT NULL, expires_at TEXT, booking_id TEXT, joined BIGINT NOT NULL)",
        "CREATE INDEX cal_waitlist_member ON cal_waitlist (member_id)",
        "CREATE INDEX cal_waitlist_room ON cal_waitlist (workspace_id, start_us)",
        "CREATE TABLE cal_strikes (strike_id TEXT PRIMARY KEY, member_id TEXT NOT NULL, "
        "booking_id TEXT NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL, "
        "weeks TEXT NOT NULL, minutes INTEGER NOT NULL, appeal TEXT NOT NULL, "
        "decision TEXT NOT NULL, recorded_at TEXT NOT NULL)",
        "CREATE INDEX cal_strikes_member ON cal_strikes (member_id)",
    )

    # -- workspaces ---------------------------------------------------------------------------

    @on(Workspace.Added, writes_other_tables=True)
    def _workspace(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            "INSERT INTO cal_workspaces (workspace_id, name, kind, capacity, equipment, hours) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id) DO UPDATE SET "
            "name = excluded.name, kind = excluded.kind, capacity = excluded.capacity, "
            "equipment = excluded.equipment, hours = excluded.hours",
            (
                e.originator_id.hex,
                ev.name,
                ev.kind.value,
                ev.capacity,
                json.dumps(list(ev.equipment)),
                json.dumps(ev.hours),
            ),
        )

    @on(Workspace.Changed, writes_other_tables=True)
    def _renamed(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            "UPDATE cal_workspaces SET name = ?, capacity = ?, equipment = ?, hours = ? "
            "WHERE workspace_id = ?",
            (
                ev.name,
                ev.capacity,
                json.dumps(list(ev.equipment)),
                json.dumps(ev.hours),
                e.originator_id.hex,
            ),
        )

    @on(Workspace.BlackoutAdded, Workspace.BlackoutRemoved, writes_other_tables=True)
    def _blackouts(self, tx: Tx, e: Envelope) -> None:
        found = tx.execute(
            "SELECT blackouts FROM cal_workspaces WHERE workspace_id = ?", (e.originator_id.hex,)
        ).fetchone()
        blackouts = json.loads(found[0]) if found else {}
        ev = e.event
        if isinstance(ev, Workspace.BlackoutAdded):
            blackouts[ev.blackout_id.hex] = [ev.start.isoformat(), ev.end.isoformat(), ev.reason]
        else:
            blackouts.pop(ev.blackout_id.hex, None)
        tx.execute(
            "UPDATE cal_workspaces SET blackouts = ? WHERE workspace_id = ?",
            (json.dumps(blackouts), e.originator_id.hex),
        )

    @on(Workspace.Retired, writes_other_tables=True)
    def _retired(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "UPDATE cal_workspaces SET retired = 1 WHERE workspace_id = ?", (e.originator_id.hex,)
        )

    @on(MemberWeek.Opened, writes_other_tables=True)
    def _week_opened(self, tx: Tx, e: Envelope) -> None:
        """A member's quota week: hours booked, and hours taken off by strikes."""
        tx.execute(
            "INSERT INTO cal_member_weeks (ledger_id, member_id, week, used, reduced, version) "
            "VALUES (?, ?, ?, 0, 0, 1) ON CONFLICT (ledger_id) DO NOTHING",
            (e.originator_id.hex, e.event.member_id.hex, e.event.week.isoformat()),
        )

    @on(
        MemberWeek.HoursReserved,
        MemberWeek.HoursReturned,
        MemberWeek.QuotaReduced,
        MemberWeek.QuotaRestored,
        writes_other_tables=True,
    )
    def _week_changed(self, tx: Tx, e: Envelope) -> None:
        column, sign = {
            MemberWeek.HoursReserved: ("used", 1),
            MemberWeek.HoursReturned: ("used", -1),
            MemberWeek.QuotaReduced: ("reduced", 1),
            MemberWeek.QuotaRestored: ("reduced", -1),
        }[type(e.event)]
        version = e.event.originator_version  # an event delivered again changes nothing
        tx.execute(
            f"UPDATE cal_member_weeks SET {column} = {column} + ?, version = ? "
            "WHERE ledger_id = ? AND version < ?",
            (sign * e.event.minutes, version, e.originator_id.hex, version),
        )

    # -- bookings -----------------------------------------------------------------------------

    def __init__(self) -> None:
        super().__init__()
        self._bookings = self.rows(
            "cal_bookings",
            ("booking_id",),
            (
                "booking_id",
                "workspace_id",
                "member_id",
                "kind",
                "start_at",
                "end_at",
                "start_us",
                "end_us",
                "status",
                "minutes",
                "checked_in_at",
                "answer_by",
                "reason",
                "sequence",
                "updated_at",
            ),
        )

    @on(Booking.Made, Booking.Requested, batched=True)
    def _placed(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        requested = isinstance(ev, Booking.Requested)
        status = BookingStatus.REQUESTED if requested else BookingStatus.CONFIRMED
        self._bookings.insert_new(
            (
                e.originator_id.hex,
                ev.workspace_id.hex,
                ev.member_id.hex,
                ev.kind.value,
                ev.start.isoformat(),
                ev.end.isoformat(),
                micros(ev.start),
                micros(ev.end),
                status.value,
                ev.minutes,
                None,
                ev.answer_by.isoformat() if requested else None,
                "",
                0,
                e.at.isoformat(),
            )
        )

    def _booking_changed(self, tx: Tx, e: Envelope, **values: Any) -> None:
        self._bookings.update(
            tx,
            (e.originator_id.hex,),
            sequence=e.event.originator_version - 1,
            updated_at=e.at.isoformat(),
            **values,
        )

    @on(Booking.Approved, batched=True)
    def _approved(self, tx: Tx, e: Envelope) -> None:
        self._booking_changed(tx, e, status=BookingStatus.CONFIRMED.value, reason=e.event.reason)

    @on(Booking.Refused, batched=True)
    def _refused(self, tx: Tx, e: Envelope) -> None:
        self._booking_changed(tx, e, status=BookingStatus.REFUSED.value, reason=e.event.reason)

    @on(Booking.Cancelled, batched=True)
    def _cancelled(self, tx: Tx, e: Envelope) -> None:
        self._booking_changed(tx, e, status=BookingStatus.CANCELLED.value, reason=e.event.reason)

    @on(Booking.CheckedIn, batched=True)
    def _checked_in(self, tx: Tx, e: Envelope) -> None:
        self._booking_changed(tx, e, checked_in_at=e.event.at.isoformat())

    @on(Booking.ReleasedAsNoShow, batched=True)
    def _no_show(self, tx: Tx, e: Envelope) -> None:
        self._booking_changed(tx, e, status=BookingStatus.NO_SHOW.value)

    # -- waitlists ----------------------------------------------------------------------------

    @on(Waitlist.Joined, writes_other_tables=True)
    def _joined(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            "INSERT INTO cal_waitlist (entry_id, workspace_id, waitlist_id, member_id, start_at, "
            "end_at, start_us, end_us, status, expires_at, booking_id, joined) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?) ON CONFLICT (entry_id) DO NOTHING",
            (
                ev.entry_id.hex,
                ev.workspace_id.hex,
                e.originator_id.hex,
                ev.member_id.hex,
                ev.start.isoformat(),
                ev.end.isoformat(),
                micros(ev.start),
                micros(ev.end),
                WaitlistStatus.WAITING.value,
                e.position,
            ),
        )

    def _entry(self, tx: Tx, entry_id: UUID, **values: Any) -> None:
        sets = ", ".join(f"{k} = ?" for k in values)
        tx.execute(
            f"UPDATE cal_waitlist SET {sets} WHERE entry_id = ?", (*values.values(), entry_id.hex)
        )

    @on(Waitlist.Offered, writes_other_tables=True)
    def _offered(self, tx: Tx, e: Envelope) -> None:
        self._entry(
            tx,
            e.event.entry_id,
            status=WaitlistStatus.OFFERED.value,
            expires_at=e.event.expires.isoformat(),
        )

    @on(Waitlist.OfferAccepted, writes_other_tables=True)
    def _accepted(self, tx: Tx, e: Envelope) -> None:
        self._entry(
            tx,
            e.event.entry_id,
            status=WaitlistStatus.BOOKED.value,
            booking_id=e.event.booking_id.hex,
        )

    @on(
        Waitlist.OfferDeclined,
        Waitlist.OfferExpired,
        Waitlist.Left,
        Waitlist.Lapsed,
        writes_other_tables=True,
    )
    def _closed(self, tx: Tx, e: Envelope) -> None:
        status = {
            Waitlist.OfferDeclined: WaitlistStatus.DECLINED,
            Waitlist.OfferExpired: WaitlistStatus.EXPIRED,
            Waitlist.Left: WaitlistStatus.LEFT,
            Waitlist.Lapsed: WaitlistStatus.LAPSED,
        }[type(e.event)]
        self._entry(tx, e.event.entry_id, status=status.value)

    # -- strikes ------------------------------------------------------------------------------

    @on(Strike.Recorded, writes_other_tables=True)
    def _struck(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            "INSERT INTO cal_strikes (strike_id, member_id, booking_id, status, reason, weeks, "
            "minutes, appeal, decision, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', '', ?) "
            "ON CONFLICT (strike_id) DO NOTHING",
            (
                e.originator_id.hex,
                ev.member_id.hex,
                ev.booking_id.hex,
                StrikeStatus.ACTIVE.value,
                ev.reason,
                json.dumps([w.isoformat() for w in ev.weeks]),
                ev.minutes,
                e.at.isoformat(),
            ),
        )

    @on(Strike.Appealed, writes_other_tables=True)
    def _appealed(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "UPDATE cal_strikes SET status = ?, appeal = ? WHERE strike_id = ?",
            (StrikeStatus.APPEALED.value, e.event.reason, e.originator_id.hex),
        )

    @on(Strike.Upheld, Strike.Overturned, writes_other_tables=True)
    def _decided(self, tx: Tx, e: Envelope) -> None:
        upheld = isinstance(e.event, Strike.Upheld)
        status = StrikeStatus.UPHELD if upheld else StrikeStatus.OVERTURNED
        tx.execute(
            "UPDATE cal_strikes SET status = ?, decision = ? WHERE strike_id = ?",
            (status.value, e.event.reason, e.originator_id.hex),
        )

    @on(Member.Erased)
    def _erased(self, tx: Tx, e: Envelope) -> None:
        """Reasons the member wrote are theirs: blank them; ids and times stay."""
        member = e.originator_id.hex
        tx.execute("UPDATE cal_strikes SET appeal = '' WHERE member_id = ?", (member,))
        tx.execute(
            "UPDATE cal_bookings SET reason = '' WHERE member_id = ? AND status = ?",
            (member, BookingStatus.CANCELLED.value),
        )
