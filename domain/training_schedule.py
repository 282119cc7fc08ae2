"""What a training's schedule must be: a room of a sensible size, and sessions in order that
do not overlap, the first still ahead, with an enrolment deadline no later than it."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise

from domain.clock import SEOUL
from domain.errors import Invalid

CAPACITY_MAX = 500
SESSIONS_MAX = 30


def when(moment: datetime) -> str:
    """A moment as a refusal quotes it: Seoul time, to the minute."""
    return moment.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M")


def check_capacity(capacity: int) -> int:
    if not 1 <= capacity <= CAPACITY_MAX:
        raise Invalid(
            "capacity must be between 1 and {capacity_max}",
            capacity_max=CAPACITY_MAX,
            field="capacity",
        )
    return capacity


def checked_schedule(
    sessions: list[tuple[datetime, datetime]], enrol_by: datetime | None, now: datetime
) -> tuple[list[tuple[datetime, datetime]], datetime]:
    """The sessions in order and the enrolment deadline (by default, the first session's
    start), refused when they cannot make a course."""
    if not sessions:
        raise Invalid("a training needs at least one session", field="sessions")
    if len(sessions) > SESSIONS_MAX:
        raise Invalid(
            "a training has at most {sessions_max} sessions",
            sessions_max=SESSIONS_MAX,
            field="sessions",
        )
    ordered = sorted(sessions)
    for number, (start, end) in enumerate(ordered, 1):
        if end <= start:
            raise Invalid(
                "session {number} ends ({end}) before it starts",
                number=number,
                end=when(end),
                field="sessions",
            )
    for (_, end), (start, _) in pairwise(ordered):
        if start < end:
            raise Invalid(
                "two sessions overlap: one ends {end}, the next starts {start}",
                end=when(end),
                start=when(start),
                field="sessions",
            )
    first = ordered[0][0]
    if first <= now:
        raise Invalid(
            "the first session ({first}) must be in the future", first=when(first), field="sessions"
        )
    deadline = first if enrol_by is None else enrol_by
    if deadline > first:
        raise Invalid(
            "the enrolment deadline ({deadline}) must not be after the first session ({first})",
            deadline=when(deadline),
            first=when(first),
            field="enrol_by",
        )
    if deadline <= now:
        raise Invalid(
            "the enrolment deadline ({deadline}) has already passed",
            deadline=when(deadline),
            field="enrol_by",
        )
    return ordered, deadline
