"""Opening hours: the week's hours of a room as typed (`["09:00", "22:00"]` a day, `[]` when
closed), checked on the quarter hour; and what they mean on a Seoul date, with the room's
blackouts. The Workspace aggregate and the calendar view read a room's hours the same way."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from domain.clock import SEOUL
from domain.errors import DomainError, Invalid

DEFAULT_OPENS = "09:00"
DEFAULT_CLOSES = "22:00"
SLOT_MINUTES = 15
EQUIPMENT_MAX = 40
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

Interval = tuple[datetime, datetime]
Blackouts = Mapping[UUID, Mapping[str, Any]]  # id → {"start", "end", "reason"}


class TimeOfDay(DomainError):
    """Never raised: which opening or closing time a refusal is about ("the closing time on
    Mondays"), said in each language its own way."""


def _time_of(which: str, weekday: str | None) -> TimeOfDay:
    if weekday is None:
        return TimeOfDay("the opening time") if which == "opens" else TimeOfDay("the closing time")
    if which == "opens":
        return TimeOfDay("the opening time on {weekday}s", weekday=weekday)
    return TimeOfDay("the closing time on {weekday}s", weekday=weekday)


def _minutes(value: object, what: DomainError | str, field: str) -> int:
    """A time of day ("09:00", up to "24:00") in minutes after midnight, on a quarter hour."""
    if not isinstance(value, str) or len(value) != 5 or value[2] != ":":
        raise Invalid("{what} must be a time of day like 09:00", what=what, field=field)
    hh, mm = value[:2], value[3:]
    if not (hh.isdigit() and mm.isdigit()):
        raise Invalid("{what} must be a time of day like 09:00", what=what, field=field)
    total = int(hh) * 60 + int(mm)
    if int(mm) >= 60 or total > 24 * 60 or total % SLOT_MINUTES:
        raise Invalid(
            "{what} must be a time from 00:00 to 24:00 on a quarter hour", what=what, field=field
        )
    return total


def _day_hours(opens: object, closes: object, weekday: str | None) -> list[str]:
    """One day's [opens, closes]: every day's (`opens`, `closes`), or one weekday's
    (`weekly_hours`)."""
    fields = ("opens", "closes") if weekday is None else ("weekly_hours", "weekly_hours")
    start = _minutes(opens, _time_of("opens", weekday), fields[0])
    end = _minutes(closes, _time_of("closes", weekday), fields[1])
    if start >= end:
        raise Invalid(
            "{what} closes ({closes}) before it opens ({opens})",
            what=weekday or "the workspace",
            closes=closes,
            opens=opens,
            field=fields[1],
        )
    return [str(opens), str(closes)]


def _weekday(key: object) -> int:
    if isinstance(key, int) and not isinstance(key, bool) and 0 <= key <= 6:
        return key
    if isinstance(key, str):
        name = key.strip().lower()
        for index, day in enumerate(WEEKDAYS):
            if name in (day, day[:3]):
                return index
    raise Invalid(
        "unknown weekday {key!r}: use monday…sunday or 0 (Monday)…6 (Sunday)",
        key=key,
        field="weekly_hours",
    )


def opening_hours(
    opens: object = DEFAULT_OPENS,
    closes: object = DEFAULT_CLOSES,
    weekly: object = None,
    *,
    base: list[list[str]] | None = None,
) -> list[list[str]]:
    """The week's opening hours, Monday first: every day `opens` to `closes` (or as in `base`),
    except the days that `weekly` names, each mapped to an (opens, closes) pair or to None when
    closed all day."""
    if base is not None:
        week = [list(day) for day in base]
    else:
        week = [_day_hours(opens, closes, None) for _ in WEEKDAYS]
    if weekly is None:
        return week
    if not isinstance(weekly, Mapping):
        raise Invalid(
            "weekly hours must map weekdays to (opens, closes) or to null when closed",
            field="weekly_hours",
        )
    for key, value in weekly.items():
        index = _weekday(key)
        if value is None or value == "closed":
            week[index] = []
        elif isinstance(value, list | tuple) and len(value) == 2:
            week[index] = _day_hours(value[0], value[1], WEEKDAYS[index].title())
        else:
            raise Invalid(
                "hours for {weekday} must be (opens, closes) or null",
                weekday=WEEKDAYS[index],
                field="weekly_hours",
            )
    return week


def equipment_list(values: object) -> list[str]:
    if not isinstance(values, list | tuple):
        raise Invalid("equipment must be a list", field="equipment")
    items: list[str] = []
    for value in values:
        if not isinstance(value, str) or not value.strip():
            raise Invalid("each piece of equipment must be named", field="equipment")
        if len(value.strip()) > 120:
            raise Invalid("an equipment entry is at most 120 characters", field="equipment")
        if value.strip() not in items:
            items.append(value.strip())
    if len(items) > EQUIPMENT_MAX:
        raise Invalid(
            "at most {equipment_max} pieces of equipment",
            equipment_max=EQUIPMENT_MAX,
            field="equipment",
        )
    return items


def clock_text(moment: datetime, day: date | None = None) -> str:
    """A moment as Seoul wall time; midnight after `day` reads 24:00."""
    local = moment.astimezone(SEOUL)
    if day is not None and local.date() > day and local.time() == time(0):
        return "24:00"
    return local.strftime("%H:%M")


def hours_on(hours: list[list[str]], day: date) -> Interval | None:
    """Opening and closing time on a Seoul date; None when closed all day."""
    today = hours[day.weekday()]
    if not today:
        return None
    midnight = datetime.combine(day, time(0), tzinfo=SEOUL)
    opens = midnight + timedelta(minutes=_minutes(today[0], "opens", "opens"))
    closes = midnight + timedelta(minutes=_minutes(today[1], "closes", "closes"))
    return opens, closes


def blackout_during(blackouts: Blackouts, start: datetime, end: datetime) -> dict[str, Any] | None:
    """The first blackout overlapping [start, end), if any."""
    hits = [dict(b) for b in blackouts.values() if b["start"] < end and start < b["end"]]
    return min(hits, key=lambda b: b["start"]) if hits else None


def blackouts_on(blackouts: Blackouts, day: date) -> list[Interval]:
    midnight = datetime.combine(day, time(0), tzinfo=SEOUL)
    following = midnight + timedelta(days=1)
    return sorted(
        (b["start"], b["end"])
        for b in blackouts.values()
        if b["start"] < following and midnight < b["end"]
    )


def free_intervals(opening: Interval | None, busy: list[Interval]) -> list[Interval]:
    """The parts of the opening hours not covered by any busy interval."""
    if opening is None:
        return []
    free: list[Interval] = []
    cursor, closes = opening
    for start, end in sorted(busy):
        if end <= cursor or start >= closes:
            continue
        if start > cursor:
            free.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < closes:
        free.append((cursor, closes))
    return free


def next_quarter_hour(moment: datetime) -> datetime:
    floor = moment.replace(second=0, microsecond=0)
    floor -= timedelta(minutes=floor.minute % 15)
    return floor if floor == moment else floor + timedelta(minutes=15)
