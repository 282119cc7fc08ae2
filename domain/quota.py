"""Fair share, counted in hours: each member's weekly quota and each university's weekly budget.

A booking reserves its hours in the member's week and the university's week in the same write
as the booking itself, so concurrent bookings can never take more than either allows: one write
loses on the ledger's version, retries, and then sees the hours already gone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity, stable_id
from domain.clock import week_start
from domain.errors import Conflict, DomainError, Forbidden, Hours
from domain.vocabulary import StrikeStatus

MEMBER_WEEKLY_HOURS = 12
UNIVERSITY_WEEKLY_HOURS = 200
STRIKE_MINUTES = 120  # each no-show strike takes 2 hours off…
STRIKE_WEEKS = 4  # …in each of the four quota weeks after the no-show's week


class QuotaExceeded(Conflict):
    pass


class Period(DomainError):
    """Never raised: the quota week a refusal is about, said as a phrase of its own ("this
    week", "in the week of 2026-03-16") that each language says its own way."""


def quota_period(week: date, this_week: date) -> Period:
    """The week a booking's hours count in, as seen from `this_week`."""
    if week == this_week:
        return Period("this week")
    if week == this_week + timedelta(days=7):
        return Period("next week")
    return Period("in the week of {week}", week=week)


def hours_text(minutes: int) -> Hours:
    """Minutes as hours for people: 120 → "2", 90 → "1.5", 15 → "0.25"."""
    return Hours(minutes)


class WeekLedger(Entity):
    """The hours booked in one quota week (Monday to Sunday, Seoul time) against an allowance,
    booking by booking: a booking's hours are reserved when they fit and released when it is
    cancelled or refused. MemberWeek and UniversityWeek keep their own events (their topics
    name them), and differ only in whose week it is and how a refusal says so."""

    reserved: dict[UUID, int]

    @property
    def used_minutes(self) -> int:
        return sum(self.reserved.values())

    def _reserve(
        self, booking_id: UUID, minutes: int, allowance: int, refuse: Callable[[int], Conflict]
    ) -> None:
        """Count a booking's hours when they fit in `allowance` minutes; else `refuse(left)`."""
        if booking_id in self.reserved:
            raise Conflict("this booking's hours are already counted")
        left = max(0, allowance - self.used_minutes)
        if minutes > left:
            raise refuse(left)
        self._hours_reserved(booking_id=booking_id, minutes=minutes)

    def release(self, booking_id: UUID) -> None:
        """A cancelled or refused booking gives its hours back."""
        if booking_id not in self.reserved:
            raise Conflict("this booking's hours are not counted in that week")
        self._hours_returned(booking_id=booking_id, minutes=self.reserved[booking_id])

    def _hours_reserved(self, booking_id: UUID, minutes: int) -> None:
        self.reserved[booking_id] = minutes

    def _hours_returned(self, booking_id: UUID, minutes: int) -> None:
        self.reserved.pop(booking_id, None)


class MemberWeek(WeekLedger):
    """The hours one member has booked in one quota week. No-show strikes lower the week's
    allowance (`reduced_minutes`)."""

    class Opened(Entity.Created):
        member_id: UUID
        week: date

    class HoursReserved(Entity.Event):
        booking_id: UUID
        minutes: int

    class HoursReturned(Entity.Event):
        booking_id: UUID
        minutes: int

    class QuotaReduced(Entity.Event):
        minutes: int
        reason: str

    class QuotaRestored(Entity.Event):
        minutes: int
        reason: str

    @event(Opened)
    def __init__(self, member_id: UUID, week: date) -> None:
        self.member_id, self.week = member_id, week
        self.reserved = {}
        self.reduced_minutes = 0

    @classmethod
    def open(cls, member_id: UUID, week: date) -> MemberWeek:
        return cls._create(
            cls.Opened, id=cls.id_for(member_id, week), member_id=member_id, week=week
        )

    @staticmethod
    def id_for(member_id: UUID, week: date) -> UUID:
        return stable_id("member-week", member_id, week.isoformat())

    def allowance_minutes(self, weekly_hours: int = MEMBER_WEEKLY_HOURS) -> int:
        return max(0, weekly_hours * 60 - self.reduced_minutes)

    def left_minutes(self, weekly_hours: int = MEMBER_WEEKLY_HOURS) -> int:
        return max(0, self.allowance_minutes(weekly_hours) - self.used_minutes)

    def reserve(
        self,
        booking_id: UUID,
        minutes: int,
        *,
        period: DomainError | str,
        weekly_hours: int = MEMBER_WEEKLY_HOURS,
    ) -> None:
        """Count a booking's hours against the member's week, when they fit."""
        allowance = self.allowance_minutes(weekly_hours)
        self._reserve(
            booking_id,
            minutes,
            allowance,
            lambda left: QuotaExceeded(
                "You have {left} of {weekly_hours} hours left {period}; this booking needs "
                "{minutes}.",
                left=hours_text(left),
                weekly_hours=hours_text(allowance),
                period=period,
                minutes=hours_text(minutes),
            ),
        )

    @event(HoursReserved)
    def _hours_reserved(self, booking_id: UUID, minutes: int) -> None:
        self.reserved[booking_id] = minutes

    @event(HoursReturned)
    def _hours_returned(self, booking_id: UUID, minutes: int) -> None:
        self.reserved.pop(booking_id, None)

    def reduce(self, minutes: int, reason: str) -> None:
        """Lower this week's allowance, as a no-show strike does."""
        if minutes <= 0:
            raise Conflict("a quota reduction must take away some time")
        self._quota_reduced(minutes=minutes, reason=reason)

    @event(QuotaReduced)
    def _quota_reduced(self, minutes: int, reason: str) -> None:
        self.reduced_minutes += minutes

    def restore(self, minutes: int, reason: str) -> None:
        """Give back a reduction, as overturning a strike does."""
        if minutes <= 0 or minutes > self.reduced_minutes:
            raise Conflict(
                "only {reduced_minutes} hours were taken off this week",
                reduced_minutes=hours_text(self.reduced_minutes),
            )
        self._quota_restored(minutes=minutes, reason=reason)

    @event(QuotaRestored)
    def _quota_restored(self, minutes: int, reason: str) -> None:
        self.reduced_minutes -= minutes


class UniversityWeek(WeekLedger):
    """The hours all members of one university have booked in one quota week: a shared budget,
    so that one university's students cannot crowd out the other twenty-two."""

    class Opened(Entity.Created):
        university_id: UUID
        week: date

    class HoursReserved(Entity.Event):
        booking_id: UUID
        minutes: int

    class HoursReturned(Entity.Event):
        booking_id: UUID
        minutes: int

    @event(Opened)
    def __init__(self, university_id: UUID, week: date) -> None:
        self.university_id, self.week = university_id, week
        self.reserved = {}

    @classmethod
    def open(cls, university_id: UUID, week: date) -> UniversityWeek:
        return cls._create(
            cls.Opened, id=cls.id_for(university_id, week), university_id=university_id, week=week
        )

    @staticmethod
    def id_for(university_id: UUID, week: date) -> UUID:
        return stable_id("university-week", university_id, week.isoformat())

    def left_minutes(self, weekly_hours: int = UNIVERSITY_WEEKLY_HOURS) -> int:
        return max(0, weekly_hours * 60 - self.used_minutes)

    def reserve(
        self,
        booking_id: UUID,
        minutes: int,
        *,
        who: str,
        period: DomainError | str,
        weekly_hours: int = UNIVERSITY_WEEKLY_HOURS,
    ) -> None:
        """Count a booking's hours against the member's university, when they fit."""
        self._reserve(
            booking_id,
            minutes,
            weekly_hours * 60,
            lambda left: QuotaExceeded(
                "{who} has {left} of {weekly_hours} hours left {period}, shared by its members; "
                "this booking needs {minutes}.",
                who=who,
                left=hours_text(left),
                weekly_hours=weekly_hours,
                period=period,
                minutes=hours_text(minutes),
            ),
        )

    @event(HoursReserved)
    def _hours_reserved(self, booking_id: UUID, minutes: int) -> None:
        self.reserved[booking_id] = minutes

    @event(HoursReturned)
    def _hours_returned(self, booking_id: UUID, minutes: int) -> None:
        self.reserved.pop(booking_id, None)


def strike_weeks(no_show_start: datetime) -> list[date]:
    """The quota weeks a no-show's strike lowers: the four after the week of the booking."""
    first = week_start(no_show_start) + timedelta(days=7)
    return [first + timedelta(days=7 * i) for i in range(STRIKE_WEEKS)]


def strike_ends(weeks: list[date] | tuple[date, ...]) -> date:
    """The day a strike stops lowering the quota: the Monday after the last week it lowers.
    From then on it shows as expired."""
    return max(weeks) + timedelta(days=7)


def strike_in_force(weeks: list[date] | tuple[date, ...], overturned: bool, today: date) -> bool:
    """A strike is in force from the no-show until its weeks are over, unless overturned."""
    return not overturned and today < strike_ends(weeks)


class Strike(Entity):
    """A no-show on the record: it takes hours off the member's next weekly quotas (recorded on
    those weeks in the same write), and the member may appeal it; an admin upholds it or
    overturns it, which gives the hours back. One per released booking (a stable id), so the
    release can never strike twice."""

    class Recorded(Entity.Created):
        member_id: UUID
        booking_id: UUID
        weeks: list[date]
        minutes: int
        reason: str

    class Appealed(Entity.Event):
        reason: str

    class Upheld(Entity.Event):
        reason: str

    class Overturned(Entity.Event):
        reason: str

    @event(Recorded)
    def __init__(
        self, member_id: UUID, booking_id: UUID, weeks: list[date], minutes: int, reason: str
    ) -> None:
        self.member_id, self.booking_id = member_id, booking_id
        self.weeks, self.minutes, self.reason = list(weeks), minutes, reason
        self.status = StrikeStatus.ACTIVE
        self.appeal = ""
        self.decision = ""

    @classmethod
    def record(
        cls, *, member_id: UUID, booking_id: UUID, weeks: list[date], minutes: int, reason: str
    ) -> Strike:
        return cls._create(
            cls.Recorded,
            id=cls.id_for(booking_id),
            member_id=member_id,
            booking_id=booking_id,
            weeks=weeks,
            minutes=minutes,
            reason=reason,
        )

    @staticmethod
    def id_for(booking_id: UUID) -> UUID:
        return stable_id("strike", booking_id)

    def in_force(self, today: date) -> bool:
        return strike_in_force(self.weeks, self.status is StrikeStatus.OVERTURNED, today)

    def appeal_by(self, member_id: UUID, reason: str) -> None:
        """The member explains why the no-show was not theirs to answer for."""
        if member_id != self.member_id:
            raise Forbidden("only the member who got the strike can appeal it")
        if self.status is not StrikeStatus.ACTIVE:
            raise Conflict(
                "this strike is {status}; it can be appealed only once", status=self.status.value
            )
        self._appealed(reason=reason)

    @event(Appealed)
    def _appealed(self, reason: str) -> None:
        self.status = StrikeStatus.APPEALED
        self.appeal = reason

    def _require_appeal(self) -> None:
        if self.status is not StrikeStatus.APPEALED:
            raise Conflict(
                "this strike is {status}, not an appeal awaiting a decision",
                status=self.status.value,
            )

    def uphold(self, reason: str) -> None:
        """An admin finds the strike stands; the hours stay off."""
        self._require_appeal()
        self._upheld(reason=reason)

    @event(Upheld)
    def _upheld(self, reason: str) -> None:
        self.status = StrikeStatus.UPHELD
        self.decision = reason

    def overturn(self, reason: str) -> None:
        """An admin lifts the strike; the caller restores the weeks' hours in the same write."""
        self._require_appeal()
        self._overturned(reason=reason)

    @event(Overturned)
    def _overturned(self, reason: str) -> None:
        self.status = StrikeStatus.OVERTURNED
        self.decision = reason
