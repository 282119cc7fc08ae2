"""Checks on command input that every aggregate shares; each raises Invalid with the field's
name."""

from __future__ import annotations

import re
from datetime import date, datetime

from domain.errors import Invalid

TITLE_MAX = 200
LOGLINE_MAX = 300
SYNOPSIS_MAX = 5000
COMMENT_MAX = 2000
NAME_MAX = 120
SHORT_MAX = 80
URL_MAX = 500

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


def text(value: object, field: str, *, limit: int, required: bool = True) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise Invalid("{field} must be text", field=field)
    value = value.strip()
    if required and not value:
        raise Invalid("{field} is required", field=field)
    if len(value) > limit:
        raise Invalid(
            "{field} is {value_count} characters long; the limit is {limit}",
            field=field,
            value_count=len(value),
            limit=limit,
        )
    return value


def email(value: object) -> str:
    address = text(value, "email", limit=254)
    if not _EMAIL.match(address):
        raise Invalid("email must look like name@example.com", field="email")
    return address.lower()


def whole(value: object, field: str, *, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid("{field} must be a whole number", field=field)
    if not low <= value <= high:
        raise Invalid("{field} must be between {low} and {high}", field=field, low=low, high=high)
    return value


def aware(value: object, field: str) -> datetime:
    if not isinstance(value, datetime):
        raise Invalid("{field} must be a date and time", field=field)
    if value.tzinfo is None or value.utcoffset() is None:
        raise Invalid("{field} needs a UTC offset, e.g. 2026-03-02T14:00:00+09:00", field=field)
    return value


def period(start: object, end: object, what: str) -> tuple[date, date]:
    # A datetime is a date to isinstance, but a period of days cannot compare it with one.
    if (
        not isinstance(start, date)
        or not isinstance(end, date)
        or isinstance(start, datetime)
        or isinstance(end, datetime)
    ):
        raise Invalid("{what} needs a start and an end date", what=what)
    if end < start:
        raise Invalid(
            "{what} ends ({end}) before it starts ({start})", what=what, end=end, start=start
        )
    return start, end


def url(value: object, field: str) -> str:
    link = text(value, field, limit=URL_MAX)
    if not link.startswith(("https://", "http://")):
        raise Invalid("{field} must start with https:// or http://", field=field)
    return link


def labels(values: object, field: str, *, most: int = 20) -> list[str]:
    if not isinstance(values, list | tuple):
        raise Invalid("{field} must be a list", field=field)
    out = []
    for v in values:
        item = text(v, field, limit=SHORT_MAX).lower()
        if item not in out:
            out.append(item)
    if len(out) > most:
        raise Invalid("{field} takes at most {most} entries", field=field, most=most)
    return out
