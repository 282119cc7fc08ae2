"""Hours against the weekly quotas: a booking's hours reserved in the member's week and the
university's week in the booking's own write, given back when it is cancelled or refused, and
read for the pages ("8 of 12 hours left this week")."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from domain.booking import Booking
from domain.clock import week_start
from domain.member import Member
from domain.quota import (
    MEMBER_WEEKLY_HOURS,
    UNIVERSITY_WEEKLY_HOURS,
    MemberWeek,
    UniversityWeek,
    quota_period,
)
from domain.services.booking_time import WeekHours, midnight
from domain.services.rooms import RoomServices
from domain.university import University

Ledger = MemberWeek | UniversityWeek


class HourServices(RoomServices):
    def _university_of(self, member: Member) -> University | None:
        if member.university_id is None:
            return None
        return self._load_or_none(University, member.university_id)

    def _reserve_hours(
        self,
        booking_id: UUID,
        member: Member,
        university: University | None,
        start: datetime,
        minutes: int,
        now: datetime,
    ) -> tuple[MemberWeek, UniversityWeek | None]:
        """Count a booking's hours in the member's week and the university's, refusing when
        either has too few left; the caller saves both with the booking."""
        week = week_start(start)
        period = quota_period(week, week_start(now))
        member_week = self._load_or_none(
            MemberWeek, MemberWeek.id_for(member.id, week)
        ) or MemberWeek.open(member.id, week)
        member_week.reserve(booking_id, minutes, period=period)
        if university is None:
            return member_week, None
        university_week = self._load_or_none(
            UniversityWeek, UniversityWeek.id_for(university.id, week)
        ) or UniversityWeek.open(university.id, week)
        university_week.reserve(booking_id, minutes, who=university.name, period=period)
        return member_week, university_week

    def _return_hours(self, booking: Booking) -> list[Ledger]:
        member_week = self._load(MemberWeek, MemberWeek.id_for(booking.member_id, booking.week))
        member_week.release(booking.id)
        ledgers: list[Ledger] = [member_week]
        if booking.university_id is not None:
            university_week = self._load(
                UniversityWeek, UniversityWeek.id_for(booking.university_id, booking.week)
            )
            university_week.release(booking.id)
            ledgers.append(university_week)
        return ledgers

    def member_hours(self, member_id: UUID, week: date) -> WeekHours:
        """A member's booked hours and allowance in the quota week starting `week`."""
        start = week_start(midnight(week))
        ledger = self._load_or_none(MemberWeek, MemberWeek.id_for(member_id, start))
        if ledger is None:
            return WeekHours(start, 0, MEMBER_WEEKLY_HOURS * 60)
        return WeekHours(start, ledger.used_minutes, ledger.allowance_minutes())

    def university_hours(self, university_id: UUID, week: date) -> WeekHours:
        """A university's booked hours and shared budget in the quota week starting `week`."""
        start = week_start(midnight(week))
        ledger = self._load_or_none(UniversityWeek, UniversityWeek.id_for(university_id, start))
        used = ledger.used_minutes if ledger else 0
        return WeekHours(start, used, UNIVERSITY_WEEKLY_HOURS * 60)
