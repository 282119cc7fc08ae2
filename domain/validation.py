"""Checks on command input that every aggregate shares; each raises Invalid with the field's name."""

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
        raise Invalid(f"{field} must be text")
    value = value.strip()
    if required and not value:
        raise Invalid(f"{field} is required")
    if len(value) > limit:
        raise Invalid(f"{field} is {len(value)} characters long; the limit is {limit}")
    return value


def email(value: object) -> str:
    address = text(value, "email", limit=254)
    if not _EMAIL.match(address):
        raise Invalid("email must look like name@example.com")
    return address.lower()


def whole(value: object, field: str, *, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"{field} must be a whole number")
    if not low <= value <= high:
        raise Invalid(f"{field} must be between {low} and {high}")
    return value


def aware(value: object, field: str) -> datetime:
    if not isinstance(value, datetime):
        raise Invalid(f"{field} must be a date and time")
    if value.tzinfo is None or value.utcoffset() is None:
        raise Invalid(f"{field} needs a UTC offset, e.g. 2026-03-02T14:00:00+09:00")
    return value


def period(start: object, end: object, what: str) -> tuple[date, date]:
    if not isinstance(start, date) or not isinstance(end, date):
        raise Invalid(f"{what} needs a start and an end date")
    if end < start:
        raise Invalid(f"{what} ends ({end}) before it starts ({start})")
    return start, end


def url(value: object, field: str) -> str:
    link = text(value, field, limit=URL_MAX)
    if not link.startswith(("https://", "http://")):
        raise Invalid(f"{field} must start with https:// or http://")
    return link


def labels(values: object, field: str, *, most: int = 20) -> list[str]:
    if not isinstance(values, list | tuple):
        raise Invalid(f"{field} must be a list")
    out = []
    for v in values:
        item = text(v, field, limit=SHORT_MAX).lower()
        if item not in out:
            out.append(item)
    if len(out) > most:
        raise Invalid(f"{field} takes at most {most} entries")
    return out
