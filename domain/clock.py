"""The time the domain reads. The centre works in Asia/Seoul.

The application installs one clock for the process; tests set it, the demo generator moves it
through two years of simulated history, and every event timestamp comes from it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(SEOUL)


class SettableClock:
    """A clock that stands still until told to move (tests, simulated history)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("a clock's time needs an offset")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("a clock's time needs an offset")
        self._now = moment

    def advance(self, delta: timedelta) -> None:
        self._now = self._now + delta


_current: Clock = SystemClock()


def use(clock: Clock) -> None:
    global _current
    _current = clock


def current() -> Clock:
    return _current


def now() -> datetime:
    return _current.now()


def seoul_date(moment: datetime) -> date:
    return moment.astimezone(SEOUL).date()


def week_start(moment: datetime) -> date:
    """The Monday (Seoul time) of the quota week holding this moment."""
    day = seoul_date(moment)
    return day - timedelta(days=day.weekday())


def seoul_time(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=SEOUL)
